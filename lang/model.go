package lang

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"unicode"
)

//go:generate go run -C internal/modelgen . -o ../../model.bin

// modelData is the n-gram model: for each language, its letter unigrams
// and bigrams and its most frequent trigrams, each with the conditional
// probability of its last letter given the others, as a cost of
// -ln(p) in 1/scale nats. It is derived by internal/modelgen from the
// models of github.com/pemistahl/lingua-go v1.4.0 (Apache-2.0, see
// LICENSE.lingua-go): the trigram models there are cut to the most
// frequent, which keeps the file at 2.2 MB against lingua-go's 130. Its
// n-grams are an open-addressing hash table, which lookups read in place:
// the first call reads only its header, and lookups keep within it
// whatever its bytes say (check, run by the tests, checks the rest).
//
//go:embed model.bin
var modelData []byte

// maxLangs bounds the languages of a model: a language is a byte.
const maxLangs = 256

// Costs, in nats, of what the model lacks: a trigram that is not in a
// language's model backs off to the bigram of its last two letters, and
// that to the unigram of its last letter, each at a penalty; a letter
// the language never uses costs unseenCost.
const (
	backoffCost = 1.0
	unseenCost  = 14.0
	// hintPrior is the log prior odds the page's stated language gets:
	// the text must be e^hintPrior times likelier in another language
	// to overrule it.
	hintPrior = 3.0
	// temperature damps the likelihoods before they are turned into
	// probabilities: neighbouring trigrams share two letters, so they are
	// far from the independent evidence the product of their
	// probabilities takes them for.
	temperature = 3.0
	// Past minPositions letters, scoring stops once the best language
	// leads the next by settledGap (after damping): more text would
	// not change the answer, and its score is already 1 - e^-settledGap.
	minPositions = 1024
	settledGap   = 40.0
)

// model is the parsed model. It is read-only.
type model struct {
	codes    []string            // language codes by index
	byScript [numScripts][]uint8 // the languages of each script
	bits     int                 // the hash table has 1<<bits slots
	keys     []byte              // by slot, 8 bytes little-endian: a packed n-gram, 0 when empty
	values   []byte              // by slot, 4 bytes little-endian: first entry<<8 | number of entries
	entries  []byte              // pairs of language index and cost
	scale    float64             // cost units per nat
}

var (
	theModel *model
	modelErr error
	once     sync.Once
)

// loadModel parses the embedded model on first use. The model is part of
// the binary, so an error is a build defect: it panics.
func loadModel() *model {
	once.Do(func() { theModel, modelErr = parseModel(modelData) })
	if modelErr != nil {
		panic(modelErr)
	}
	return theModel
}

var errModel = errors.New("lang: malformed model")

func parseModel(b []byte) (*model, error) {
	const magic = "copydesk lang model 2\n"
	if !bytes.HasPrefix(b, []byte(magic)) {
		return nil, fmt.Errorf("%w: bad header", errModel)
	}
	p := &parser{b: b[len(magic):]}
	m := &model{scale: float64(p.num())}
	nl := p.num()
	if nl > maxLangs {
		return nil, fmt.Errorf("%w: %d languages", errModel, nl)
	}
	for i := range nl {
		code, sname := string(p.bytes()), string(p.bytes())
		if code == "nb" {
			code = "no"
		}
		m.codes = append(m.codes, code)
		if s, ok := scriptNames[sname]; ok {
			m.byScript[s] = append(m.byScript[s], uint8(i))
		}
	}
	m.bits = p.num()
	if p.err || m.bits < 1 || m.bits > 30 || m.scale == 0 {
		return nil, fmt.Errorf("%w: bad header", errModel)
	}
	// The table is read where the binary holds it: copying it out into
	// slices of words cost a process 1.5 MB of fresh pages and about
	// 5 ms at its start, more than its lookups gain on a run's pages.
	m.keys, m.values = p.next(8<<m.bits), p.next(4<<m.bits)
	m.entries = p.b
	if p.err {
		return nil, fmt.Errorf("%w: truncated", errModel)
	}
	return m, nil
}

// parser reads the model's uvarints and length-prefixed byte strings;
// err is set, and reads return zeros, once the data runs out.
type parser struct {
	b   []byte
	err bool
}

func (p *parser) num() int {
	v, n := binary.Uvarint(p.b)
	if n <= 0 || v > 1<<30 {
		p.err, p.b = true, nil
		return 0
	}
	p.b = p.b[n:]
	return int(v)
}

func (p *parser) next(n int) []byte {
	if n > len(p.b) {
		p.err, p.b = true, nil
		return nil
	}
	out := p.b[:n]
	p.b = p.b[n:]
	return out
}

func (p *parser) bytes() []byte { return p.next(p.num()) }

// pack packs up to three letters into a key: 21 bits each.
func pack(rs ...rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r)
	}
	return k
}

// slot is the home slot of key k in the table (internal/modelgen uses
// the same function).
func slot(k uint64, bits int) int { return int(k * 0x9E3779B97F4A7C15 >> (64 - bits)) }

// lookup returns the (language, cost) pairs of an n-gram key. It probes
// each slot at most once and returns nil for pairs that would run past
// the entries, so a damaged table gives wrong answers, never a hang or
// a panic.
func (m *model) lookup(k uint64) []uint8 {
	mask := 1<<m.bits - 1
	for n, i := 0, slot(k, m.bits); n <= mask; n, i = n+1, (i+1)&mask {
		switch binary.LittleEndian.Uint64(m.keys[8*i:]) {
		case k:
			off, end := m.pairs(i)
			if end > len(m.entries) {
				return nil
			}
			return m.entries[off:end]
		case 0:
			return nil
		}
	}
	return nil
}

// pairs returns where the (language, cost) pairs of slot i start and end
// in the entries, as its value says.
func (m *model) pairs(i int) (off, end int) {
	v := binary.LittleEndian.Uint32(m.values[4*i:])
	return int(v>>8) * 2, int(v>>8+v&0xff) * 2
}

// check reports the first defect of m's table: pairs running past the
// entries, or no empty slot, which would make every lookup of a missing
// n-gram probe the whole table.
func (m *model) check() error {
	empty := 0
	for i := range 1 << m.bits {
		if _, end := m.pairs(i); end > len(m.entries) {
			return fmt.Errorf("%w: entries out of range", errModel)
		}
		if binary.LittleEndian.Uint64(m.keys[8*i:]) == 0 {
			empty++
		}
	}
	if empty == 0 {
		return fmt.Errorf("%w: full hash table", errModel)
	}
	return nil
}

// decided reports whether the best language's cost is lower than every
// other's by gap.
func (m *model) decided(langs []uint8, total *[maxLangs]int32, gap float64) bool {
	best, second := int32(math.MaxInt32), int32(math.MaxInt32)
	for _, l := range langs {
		if c := total[l]; c < best {
			best, second = c, best
		} else if c < second {
			second = c
		}
	}
	return float64(second-best) > gap
}

// score returns the likeliest language of the words of text in script s
// and its probability, with hint's language, if among s's, favoured by
// hintPrior.
func (m *model) score(text string, s script, hint string) (string, float64) {
	langs := m.byScript[s]
	// total is each language's cost over the positions, less unseenCost
	// at each: only the languages an n-gram lists are touched, and the
	// first, most specific, n-gram that lists a language sets its cost
	// for the position (stamp marks which position that was).
	var total [maxLangs]int32
	var stamp [maxLangs]int32
	unseen := int32(unseenCost * m.scale)
	backoff := int32(backoffCost * m.scale)
	// add returns how many of the script's languages it stamped: once
	// all are, a less specific n-gram at the position changes no cost
	// that is read.
	var ours [maxLangs]bool
	for _, l := range langs {
		ours[l] = true
	}
	add := func(e []uint8, extra, pos int32) (stamped int) {
		for i := 0; i < len(e); i += 2 {
			if l := e[i]; stamp[l] != pos {
				stamp[l] = pos
				total[l] += int32(e[i+1]) + extra - unseen
				if ours[l] {
					stamped++
				}
			}
		}
		return stamped
	}
	var prev [2]rune // the two letters before, 0 at a word's start
	var positions int32
	for _, r := range text {
		if !isWordRune(r) || scriptOf(r) != s {
			prev = [2]rune{}
			continue
		}
		r = unicode.ToLower(r)
		positions++
		stamped := 0
		if prev[1] != 0 {
			if prev[0] != 0 {
				stamped = add(m.lookup(pack(prev[0], prev[1], r)), 0, positions)
			}
			if stamped < len(langs) {
				stamped += add(m.lookup(pack(prev[1], r)), backoff, positions)
			}
		}
		if stamped < len(langs) {
			add(m.lookup(pack(r)), 2*backoff, positions)
		}
		prev = [2]rune{prev[1], r}
		if positions >= minPositions && positions%256 == 0 && m.decided(langs, &total, settledGap*m.scale*temperature) {
			break
		}
	}
	if positions == 0 {
		return "", 0
	}
	// Log-probabilities in nats, damped; the hint as a prior.
	best, bestLP := -1, math.Inf(-1)
	var lp [maxLangs]float64
	for _, l := range langs {
		lp[l] = -float64(total[l]+positions*unseen) / m.scale / temperature
		if m.codes[l] == hint {
			lp[l] += hintPrior
		}
		if lp[l] > bestLP {
			best, bestLP = int(l), lp[l]
		}
	}
	sum := 0.0
	for _, l := range langs {
		sum += math.Exp(lp[l] - bestLP)
	}
	return m.codes[best], 1 / sum
}
