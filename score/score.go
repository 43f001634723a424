// Package score measures extracted text against gold text.
//
// The main metric compares bags of word shingles. Tokens are maximal runs
// of Unicode letters, numbers, combining marks and underscores (the \w+ of
// Unicode-aware regular expressions, plus marks so that words in scripts
// such as Devanagari or in decomposed Latin text are not split at their
// vowel signs or accents), lowercased with simple Unicode case mapping.
// Shingles are runs of 4 consecutive tokens, counted as multisets: a
// shingle that occurs twice in the gold and once in the output matches
// once. For a document,
//
//	precision = |out ∩ gold| / |out|
//	recall    = |out ∩ gold| / |gold|
//
// where ∩ is the multiset intersection. Documents shorter than 4 tokens
// still count: the shingle length for a document pair is
// k = min(4, tokens(out), tokens(gold)), so a 2-token gold is compared as
// bigrams against the bigrams of the output. When one side is empty, k is
// min(4, tokens of the other side), which only matters for the counts.
//
// Tokens and shingles are hashed to 64 bits (FNV-1a, then a mixing step)
// without building strings; with 2^64 values, collisions are negligible
// for documents of any realistic size. Hashes are deterministic.
package score

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShingleSize is the number of tokens in a shingle.
const ShingleSize = 4

// Doc is the score of one document.
type Doc struct {
	// OutShingles, GoldShingles and Common are the multiset sizes
	// |out|, |gold| and |out ∩ gold|.
	OutShingles, GoldShingles, Common int
	// K is the shingle length used (ShingleSize unless a side was
	// shorter); 0 when both sides are empty.
	K int
}

// Precision returns Common/OutShingles, or NaN when the output is empty.
func (d Doc) Precision() float64 {
	if d.OutShingles == 0 {
		return math.NaN()
	}
	return float64(d.Common) / float64(d.OutShingles)
}

// Recall returns Common/GoldShingles, or NaN when the gold is empty.
func (d Doc) Recall() float64 {
	if d.GoldShingles == 0 {
		return math.NaN()
	}
	return float64(d.Common) / float64(d.GoldShingles)
}

// F1 returns the harmonic mean of Precision and Recall, 0 when both are 0,
// and NaN when either is undefined.
func (d Doc) F1() float64 {
	return f1(d.Precision(), d.Recall())
}

func f1(p, r float64) float64 {
	if math.IsNaN(p) || math.IsNaN(r) {
		return math.NaN()
	}
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Result is a corpus score.
type Result struct {
	// Docs is the number of documents added.
	Docs int
	// PrecisionDocs and RecallDocs are the numbers of documents with
	// non-empty output and non-empty gold, over which Precision and
	// Recall are averaged.
	PrecisionDocs, RecallDocs int
	// Precision and Recall are per-document macro averages; F1 is the
	// harmonic mean of the two averages. Each is 0 when no document
	// qualifies.
	Precision, Recall, F1 float64
}

// Corpus accumulates per-document shingle scores. The zero value is ready
// to use. A Corpus reuses its buffers between documents and is not safe
// for concurrent use.
type Corpus struct {
	docs           int
	pDocs, rDocs   int
	sumP, sumR     float64
	outTok, goldTk []uint64
	counts         map[uint64]int32
}

// Add scores one document and adds it to the corpus. A document with empty
// output (no tokens) does not enter the precision average, and one with
// empty gold does not enter the recall average; their other score still
// counts (as 0 if the other side is not empty).
func (c *Corpus) Add(output, gold string) Doc {
	if c.counts == nil {
		c.counts = make(map[uint64]int32)
	}
	c.outTok = tokenHashes(c.outTok[:0], output)
	c.goldTk = tokenHashes(c.goldTk[:0], gold)
	d := compare(c.outTok, c.goldTk, c.counts)
	c.AddDoc(d)
	return d
}

// AddDoc adds a document already scored (by Compare or an earlier Add)
// to the corpus.
func (c *Corpus) AddDoc(d Doc) {
	c.docs++
	if d.OutShingles > 0 {
		c.pDocs++
		c.sumP += d.Precision()
	}
	if d.GoldShingles > 0 {
		c.rDocs++
		c.sumR += d.Recall()
	}
}

// Result returns the corpus score so far.
func (c *Corpus) Result() Result {
	r := Result{Docs: c.docs, PrecisionDocs: c.pDocs, RecallDocs: c.rDocs}
	if c.pDocs > 0 {
		r.Precision = c.sumP / float64(c.pDocs)
	}
	if c.rDocs > 0 {
		r.Recall = c.sumR / float64(c.rDocs)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	return r
}

// Compare scores a single document pair.
func Compare(output, gold string) Doc {
	out := tokenHashes(nil, output)
	g := tokenHashes(nil, gold)
	return compare(out, g, make(map[uint64]int32))
}

// compare counts the shingles of gold in counts, then matches those of out
// against them. counts is cleared first.
func compare(out, gold []uint64, counts map[uint64]int32) Doc {
	k := ShingleSize
	switch {
	case len(out) == 0 && len(gold) == 0:
		return Doc{}
	case len(out) == 0:
		k = min(k, len(gold))
	case len(gold) == 0:
		k = min(k, len(out))
	default:
		k = min(k, len(out), len(gold))
	}
	d := Doc{K: k}
	d.OutShingles = shingleCount(len(out), k)
	d.GoldShingles = shingleCount(len(gold), k)
	if d.OutShingles == 0 || d.GoldShingles == 0 {
		return d
	}
	clear(counts)
	for i := 0; i+k <= len(gold); i++ {
		counts[shingle(gold[i:i+k])]++
	}
	for i := 0; i+k <= len(out); i++ {
		h := shingle(out[i : i+k])
		if n := counts[h]; n > 0 {
			counts[h] = n - 1
			d.Common++
		}
	}
	return d
}

func shingleCount(tokens, k int) int {
	if tokens < k || k == 0 {
		return 0
	}
	return tokens - k + 1
}

// shingle combines token hashes into one shingle hash. The mixing is
// order-sensitive, so "a b" and "b a" differ.
func shingle(toks []uint64) uint64 {
	h := uint64(len(toks)) * 0x9e3779b97f4a7c15
	for _, t := range toks {
		h = mix64(h ^ t)
	}
	return h
}

// mix64 is the splitmix64 finalizer: a fast bijective mixing of 64 bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// tokenHashes appends the hashes of the tokens of s to dst. Each token is
// hashed with 64-bit FNV-1a over its lowercased UTF-8 bytes as it is
// scanned, then mixed, so no token string is built.
func tokenHashes(dst []uint64, s string) []uint64 {
	h, inTok := uint64(fnvOffset), false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			default:
				if inTok {
					dst = append(dst, mix64(h))
					h, inTok = fnvOffset, false
				}
				continue
			}
			h = (h ^ uint64(c)) * fnvPrime
			inTok = true
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !isWordRune(r) {
			if inTok {
				dst = append(dst, mix64(h))
				h, inTok = fnvOffset, false
			}
			continue
		}
		var enc [utf8.UTFMax]byte
		n := utf8.EncodeRune(enc[:], unicode.ToLower(r))
		for _, b := range enc[:n] {
			h = (h ^ uint64(b)) * fnvPrime
		}
		inTok = true
	}
	if inTok {
		dst = append(dst, mix64(h))
	}
	return dst
}

// isWordRune reports whether r belongs to a token.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// Tokens returns the lowercased tokens of s, for inspection and tests; the
// scoring itself does not build strings.
func Tokens(s string) []string {
	var toks []string
	var sb strings.Builder
	for _, r := range s {
		if isWordRune(r) {
			sb.WriteRune(unicode.ToLower(r))
		} else if sb.Len() > 0 {
			toks = append(toks, sb.String())
			sb.Reset()
		}
	}
	if sb.Len() > 0 {
		toks = append(toks, sb.String())
	}
	return toks
}
