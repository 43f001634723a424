// Package lang identifies the language of a text from the text itself.
//
// Detect first counts the letters of each script. A script that one
// language writes (Hangul, Greek, Thai, kana beside Han, ...) decides at
// once. Text in a script that several languages share (Latin, Cyrillic,
// Arabic, Devanagari) is scored under a character trigram model of each
// of those languages, backing off to bigrams and unigrams. 85 languages
// in all (Languages lists them), the ones on the web most, Chinese,
// Japanese and Korean included. The model is derived from the n-gram
// models of lingua-go (see model.go); it is loaded on the first call, in
// about a millisecond, not at start. Memory: the 2.2 MB model, its
// 1.5 MB table, and a few KB of stack per call.
//
// A language named by the page itself (<html lang>, og:locale) is only
// a hint: it weighs as a prior, so it decides between languages the
// text leaves close (Norwegian and Danish, Malay and Indonesian, a short
// text) and never against text that is clearly in another language.
//
// Detect reads at most MaxBytes of its text, so its time and memory are
// bounded whatever the input. It is safe for concurrent use.
package lang

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxBytes bounds the text Detect reads: the rest is ignored. A few
// paragraphs are plenty to tell a language; the limit keeps the time per
// document flat on long pages.
const MaxBytes = 4096

// Detect returns the ISO 639-1 code of text's language ("" when text has
// no letters, or none in a script the package knows) and a score in
// [0, 1]: the probability the model gives that language, times the
// share of the text's letters in the script it was judged in. Scores
// near 1 are sure; under 0.5 the text is short, mixed, or in a language
// the package does not know, and the code is a guess. hint is the
// language the page states, as a tag ("nb-NO", "en_US") or "", and
// weighs as a prior (see the package documentation). Norwegian Bokmål
// is "no", Nynorsk "nn".
func Detect(text, hint string) (code string, score float64) {
	if len(text) > MaxBytes {
		i := MaxBytes
		for i > MaxBytes-utf8.UTFMax && !utf8.RuneStart(text[i]) {
			i--
		}
		text = text[:i]
	}
	var counts [numScripts]int
	letters := 0
	for _, r := range text {
		if s := scriptOf(r); s != noScript {
			counts[s]++
			letters++
		}
	}
	if letters == 0 {
		return "", 0
	}
	// Han and kana together are one script here: Japanese writes both.
	cjk := counts[han] + counts[kana]
	best := noScript
	for s := range numScripts {
		n := counts[s]
		if s == han || s == kana {
			n = cjk
		}
		if s != noScript && (best == noScript || n > countOf(counts, best, cjk)) {
			best = script(s)
		}
	}
	n := countOf(counts, best, cjk)
	share := float64(n) / float64(letters)
	switch {
	case best == han || best == kana:
		// Japanese uses kana for its particles and endings: even a
		// headline has some. Chinese has none.
		if counts[kana]*10 >= cjk {
			return "ja", share * lengthFactor(n, 4)
		}
		return "zh", share * lengthFactor(n, 4)
	case scriptLangs[best] != "":
		return scriptLangs[best], share * lengthFactor(n, 8)
	}
	m := loadModel()
	if len(m.byScript[best]) == 1 {
		return m.codes[m.byScript[best][0]], share * lengthFactor(n, 8)
	}
	code, p := m.score(text, best, normalizeHint(hint))
	return code, p * share
}

// countOf returns the letters of script s, with Han and kana as one.
func countOf(counts [numScripts]int, s script, cjk int) int {
	if s == han || s == kana {
		return cjk
	}
	return counts[s]
}

// lengthFactor is how sure n letters of a script that one language
// writes make the language: 1/2 at half, near 1 from about 3*half.
func lengthFactor(n, half int) float64 {
	return 1 - math.Exp(-float64(n)*math.Ln2/float64(half))
}

// normalizeHint returns the primary subtag of a language tag in lower
// case, with the old or other codes of a language mapped to the ones
// Detect returns.
func normalizeHint(tag string) string {
	tag = strings.TrimSpace(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	tag = strings.ToLower(tag)
	if c, ok := hintAliases[tag]; ok {
		return c
	}
	return tag
}

var hintAliases = map[string]string{
	"nb": "no", "nob": "no", "nor": "no", "nno": "nn",
	"iw": "he", "in": "id", "ji": "yi", "fil": "tl",
	"zsm": "ms", "msa": "ms", "cmn": "zh", "zho": "zh", "jpn": "ja", "kor": "ko",
	"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
}

// Languages returns the codes Detect may return, sorted.
func Languages() []string {
	m := loadModel()
	seen := map[string]bool{"ja": true, "zh": true}
	for _, c := range m.codes {
		seen[c] = true
	}
	for _, c := range scriptLangs {
		if c != "" {
			seen[c] = true
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// isWordRune reports whether r belongs inside a word: a letter. Combining
// marks (the vowel signs of Devanagari, Arabic's harakat) end a word, as
// in the text the models were trained on.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}
