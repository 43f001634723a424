package story

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Term is one weighted term of a document or a story: the 32-bit hash of
// the term and its weight.
type Term struct {
	Hash   uint32
	Weight float32
}

// field weights of the parts of a document.
const (
	fieldBody = iota
	fieldLead
	fieldTitle
)

// counter gathers the weighted counts of one document's terms.
type counter struct {
	o      *Options
	weight map[uint32]float32
	entity map[uint32]bool
	words  int // words of the body read so far
	tokens int // tokens of every field read
}

// add counts the terms of text as field f.
func (c *counter) add(text string, f int) {
	w := float32(1)
	switch f {
	case fieldTitle:
		w = float32(c.o.TitleWeight)
	case fieldLead:
		w = float32(c.o.LeadWeight)
	}
	sentenceStart := true
	tokens(text, func(tok []rune, unsegmented, capital bool, endsSentence bool) bool {
		if f == fieldBody {
			if c.words >= c.o.MaxWords {
				return false
			}
			c.words++
			if c.words == c.o.LeadWords+1 {
				w = 1
			} else if c.words <= c.o.LeadWords {
				w = float32(c.o.LeadWeight)
			}
		}
		c.tokens++
		h, digit := c.o.hash(tok, unsegmented)
		c.weight[h] += w
		// A capitalised word inside a sentence is a name in the
		// languages that have capitals; titles are often capitalised
		// word by word, so they are no evidence.
		if digit || (capital && !sentenceStart && f != fieldTitle) {
			c.entity[h] = true
		}
		sentenceStart = endsSentence
		return true
	})
}

// terms returns the document's Terms most weighty terms, sorted by hash:
// a term's weight is 1+ln of its weighted count, times EntityBoost for a
// name or number.
func (c *counter) terms() []Term {
	out := make([]Term, 0, len(c.weight))
	for h, n := range c.weight {
		w := 1 + float32(math.Log(float64(n)))
		if c.entity[h] {
			w *= float32(c.o.EntityBoost)
		}
		out = append(out, Term{h, w})
	}
	if len(out) > c.o.Terms {
		slices.SortFunc(out, byWeight)
		out = out[:c.o.Terms]
	}
	slices.SortFunc(out, byHash)
	// A copy, so that the entry does not hold the array of all the
	// document's terms.
	return slices.Clone(out)
}

func byWeight(a, b Term) int {
	switch {
	case a.Weight > b.Weight:
		return -1
	case a.Weight < b.Weight:
		return 1
	case a.Hash < b.Hash:
		return -1
	case a.Hash > b.Hash:
		return 1
	}
	return 0
}

func byHash(a, b Term) int {
	switch {
	case a.Hash < b.Hash:
		return -1
	case a.Hash > b.Hash:
		return 1
	}
	return 0
}

// hash returns the FNV-1a hash of a token, lower-cased and cut to
// o.Prefix runes when it is a word of a segmented script, and whether it
// holds a digit.
func (o *Options) hash(tok []rune, unsegmented bool) (uint32, bool) {
	h, digit := uint32(2166136261), false
	if !unsegmented && o.Prefix > 0 && len(tok) > o.Prefix {
		tok = tok[:o.Prefix]
	}
	for _, r := range tok {
		if unicode.IsDigit(r) {
			digit = true
		}
		r = unicode.ToLower(r)
		for r > 0 {
			h = (h ^ uint32(r&0xff)) * 16777619
			r >>= 8
		}
	}
	return h, digit
}

// maxToken bounds a token's length in runes; the rest of a longer run of
// letters is skipped.
const maxToken = 64

// tokens calls fn with each token of text until fn returns false: a run
// of letters, marks and digits (a number's group separators left out), or, in scripts written without spaces
// between words (Chinese, Japanese, Thai and their neighbours), each pair
// of adjacent characters. capital reports whether the token starts with
// an upper-case letter; endsSentence whether a sentence ends after it
// (the next non-space character is . ! ? or their CJK forms, or a line
// break). Tokens of one letter are skipped.
func tokens(text string, fn func(tok []rune, unsegmented, capital, endsSentence bool) bool) {
	var buf [maxToken]rune
	n := 0
	uns := false
	emit := func(rest string) bool {
		if n == 0 {
			return true
		}
		defer func() { n = 0 }()
		if uns {
			if n == 1 {
				return fn(buf[:1], true, false, endsAt(rest))
			}
			for i := 0; i+1 < n; i++ {
				if !fn(buf[i:i+2], true, false, i+2 == n && endsAt(rest)) {
					return false
				}
			}
			return true
		}
		if n < 2 {
			return true
		}
		return fn(buf[:n], false, unicode.IsUpper(buf[0]), endsAt(rest))
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			// A separator of digit groups (4,000, 6.8) is inside the number.
			if (r == ',' || r == '.') && n > 0 && unicode.IsDigit(buf[n-1]) {
				if next, _ := utf8.DecodeRuneInString(text[i:]); unicode.IsDigit(next) {
					continue
				}
			}
			if !emit(text[i-size:]) {
				return
			}
			continue
		}
		u := unsegmentedScript(r)
		if n > 0 && u != uns {
			if !emit(text[i-size:]) {
				return
			}
		}
		uns = u
		if n < maxToken {
			buf[n] = r
			n++
		}
	}
	emit("")
}

// endsAt reports whether a sentence ends at the start of rest.
func endsAt(rest string) bool {
	for _, r := range rest {
		switch r {
		case ' ', '\t', '"', '\'', ')', '”', '’', '»':
			continue
		case '.', '!', '?', '\n', '。', '！', '？', '|', ':':
			return true
		}
		return false
	}
	return true
}

// unsegmentedScript reports whether r belongs to a script written without
// spaces between words.
func unsegmentedScript(r rune) bool {
	if r < 0x0E00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao,
		unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}
