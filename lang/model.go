package lang

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"unicode"
)

//go:generate go run -C internal/modelgen . -o ../../model.bin.gz

// modelData is the n-gram model: for each language, its letter unigrams
// and bigrams and its most frequent trigrams, each with the conditional
// probability of its last letter given the others, as a cost of
// -ln(p) in 1/scale nats. It is derived by internal/modelgen from the
// models of github.com/pemistahl/lingua-go v1.4.0 (Apache-2.0, see
// LICENSE.lingua-go): the trigram models there are cut to the most
// frequent, which keeps the file under 1 MB against lingua-go's 130.
//
//go:embed model.bin.gz
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
)

// model is the parsed model. It is read-only once built.
type model struct {
	codes    []string            // language codes by index
	byScript [numScripts][]uint8 // the languages of each script
	inScript [numScripts][maxLangs]bool
	ngrams   map[uint64]uint32 // packed n-gram → entries offset<<8 | count
	entries  []uint8           // pairs of language index and cost
	scale    float64           // cost units per nat
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

func parseModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errModel, err)
	}
	r := bufio.NewReader(zr)
	magic, err := r.ReadString('\n')
	if err != nil || magic != "copydesk lang model 1\n" {
		return nil, fmt.Errorf("%w: bad header", errModel)
	}
	m := &model{}
	num := func() int {
		v, e := binary.ReadUvarint(r)
		if e != nil && err == nil {
			err = e
		}
		return int(v)
	}
	str := func() string {
		n := num()
		if err != nil || n > 64 {
			if err == nil {
				err = errModel
			}
			return ""
		}
		b := make([]byte, n)
		if _, e := io.ReadFull(r, b); e != nil && err == nil {
			err = e
		}
		return string(b)
	}
	m.scale = float64(num())
	nl := num()
	if nl > maxLangs {
		return nil, fmt.Errorf("%w: %d languages", errModel, nl)
	}
	for i := range nl {
		code, sname := str(), str()
		if code == "nb" {
			code = "no"
		}
		m.codes = append(m.codes, code)
		if s, ok := scriptNames[sname]; ok {
			m.byScript[s] = append(m.byScript[s], uint8(i))
			m.inScript[s][i] = true
		}
	}
	ng := num()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errModel, err)
	}
	m.ngrams = make(map[uint64]uint32, ng)
	for range ng {
		g := []rune(str())
		cnt := num()
		if err != nil {
			break
		}
		if len(g) == 0 || len(g) > 3 || cnt > nl {
			return nil, fmt.Errorf("%w: n-gram %q", errModel, string(g))
		}
		off := len(m.entries) / 2
		for range cnt * 2 {
			b, e := r.ReadByte()
			if e != nil {
				err = e
				break
			}
			m.entries = append(m.entries, b)
		}
		m.ngrams[pack(g...)] = uint32(off)<<8 | uint32(cnt)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errModel, err)
	}
	if len(m.entries)/2 >= 1<<24 {
		return nil, fmt.Errorf("%w: too many entries", errModel)
	}
	return m, nil
}

// pack packs up to three letters into a key: 21 bits each.
func pack(rs ...rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r)
	}
	return k
}

// lookup returns the (language, cost) pairs of an n-gram key.
func (m *model) lookup(k uint64) []uint8 {
	v, ok := m.ngrams[k]
	if !ok {
		return nil
	}
	off, n := int(v>>8)*2, int(v&0xff)*2
	return m.entries[off : off+n]
}

// score returns the likeliest language of the words of text in script s
// and its probability, with hint's language, if among s's, favoured by
// hintPrior.
func (m *model) score(text string, s script, hint string) (string, float64) {
	langs := m.byScript[s]
	var total [maxLangs]float64 // summed cost, in cost units, by language index
	var cost [maxLangs]float64  // cost of the current letter
	unseen := unseenCost * m.scale
	backoff := backoffCost * m.scale
	var prev [2]rune // the two letters before, 0 at a word's start
	positions := 0
	for _, r := range text {
		if !isWordRune(r) || scriptOf(r) != s && !unicode.IsMark(r) {
			prev = [2]rune{}
			continue
		}
		r = unicode.ToLower(r)
		for _, l := range langs {
			cost[l] = unseen
		}
		// Write the costs from the least to the most specific n-gram, so
		// the most specific one a language has is what remains.
		e := m.lookup(pack(r))
		for i := 0; i < len(e); i += 2 {
			cost[e[i]] = float64(e[i+1]) + 2*backoff
		}
		if prev[1] != 0 {
			e = m.lookup(pack(prev[1], r))
			for i := 0; i < len(e); i += 2 {
				cost[e[i]] = float64(e[i+1]) + backoff
			}
			if prev[0] != 0 {
				e = m.lookup(pack(prev[0], prev[1], r))
				for i := 0; i < len(e); i += 2 {
					cost[e[i]] = float64(e[i+1])
				}
			}
		}
		for _, l := range langs {
			total[l] += cost[l]
		}
		prev = [2]rune{prev[1], r}
		positions++
	}
	if positions == 0 {
		return "", 0
	}
	// Log-probabilities in nats, damped; the hint as a prior.
	best, bestLP := -1, math.Inf(-1)
	var lp [maxLangs]float64
	for _, l := range langs {
		lp[l] = -total[l] / m.scale / temperature
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
