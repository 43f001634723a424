// Package summarize writes an article's standfirst: the publisher's own
// description when it is real prose, otherwise the article's lead.
package summarize

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/segment"
)

// Methods a summary can be made by.
const (
	MethodDescription = "description" // the publisher's description, as given
	MethodLead        = "lead"        // the article's first sentences
)

// Options tune Summarize. The zero value works.
type Options struct {
	// MaxWords is the lead's word budget: as many whole sentences from the
	// start of the article as fit, and always at least one. Zero means 60.
	MaxWords int
	// Lang is the ISO 639-1 code for sentence rules; empty means default.
	Lang string
	// IgnoreDescription makes the summary always the lead.
	IgnoreDescription bool
}

func (o Options) maxWords() int {
	if o.MaxWords <= 0 {
		return 60
	}
	return o.MaxWords
}

// Summary is a standfirst and how it was made.
type Summary struct {
	Text   string
	Method string
}

// Summarize returns the summary of an article given as paragraphs, with the
// publisher's description when the input had one. The description wins
// when it is usable (see UsableDescription); otherwise the lead is used.
// It returns a zero Summary when there is no text to summarize.
func Summarize(paragraphs []string, description string, opts Options) Summary {
	if !opts.IgnoreDescription && UsableDescription(description, paragraphs, opts.Lang) {
		return Summary{Text: segment.NormalizeSpace(description), Method: MethodDescription}
	}
	if lead := Lead(paragraphs, opts); lead != "" {
		return Summary{Text: lead, Method: MethodLead}
	}
	return Summary{}
}

// Lead returns the first sentences of the article that fit in the word
// budget, at least one. Leading paragraphs that are not sentences
// (headings, bylines) are skipped. It returns "" only when the article has
// no sentence at all.
func Lead(paragraphs []string, opts Options) string {
	seg := segment.New(opts.Lang)
	budget := opts.maxWords()
	start := firstProse(paragraphs)
	lead := leadFrom(paragraphs[start:], seg, budget)
	if lead == "" && start > 0 {
		// The paragraph that looked like the first sentence held no
		// sentence after all: do not lose the text before it.
		lead = leadFrom(paragraphs, seg, budget)
	}
	return lead
}

// leadFrom returns the whole sentences from the start of paragraphs that
// fit in budget words, and always the first one.
func leadFrom(paragraphs []string, seg *segment.Segmenter, budget int) string {
	var out strings.Builder
	words := 0
	for _, p := range paragraphs {
		for _, s := range seg.Sentences(p) {
			s = segment.NormalizeSpace(s)
			n := segment.CountWords(s)
			if n == 0 {
				continue
			}
			if out.Len() > 0 {
				if words+n > budget {
					return out.String()
				}
				// Scripts written without spaces end sentences with
				// full-width stops and start the next one right after.
				if r, _ := utf8.DecodeLastRuneInString(out.String()); !strings.ContainsRune("。！？", r) {
					out.WriteByte(' ')
				}
			}
			out.WriteString(s)
			words += n
		}
	}
	return out.String()
}

// firstProse returns the index of the first paragraph that ends like a
// sentence, or 0 when none does.
func firstProse(paragraphs []string) int {
	for i, p := range paragraphs {
		if endsSentence(p) && hasAlnum(p) {
			return i
		}
	}
	return 0
}

// closers are the closing quotation marks and brackets that may follow a
// sentence's final punctuation.
const closers = "\"'”’»›)]}"

// trimEnd removes trailing white space and closing quotation marks and
// brackets from s.
func trimEnd(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(closers, r)
	})
}

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotation marks or brackets. An ellipsis
// does not count: it marks text that was cut short.
func endsSentence(s string) bool {
	t := trimEnd(s)
	if truncated(t) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?。！？؟।", r)
}

// truncated reports whether s ends with an ellipsis, written as "…" or as
// a run of periods, possibly bracketed ("[…]", "(...)").
func truncated(s string) bool {
	t := trimEnd(s)
	return strings.HasSuffix(t, "…") || strings.HasSuffix(t, "..")
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// UsableDescription reports whether a publisher's description can stand as
// the summary: it reads as prose, is not cut short ("…", "...", or no final
// punctuation), and is about the article — most of its content words occur
// in the article text, which rules out site-wide boilerplate descriptions.
func UsableDescription(description string, paragraphs []string, lang string) bool {
	d := strings.TrimSpace(description)
	if d == "" || !endsSentence(d) { // endsSentence is false after an ellipsis
		return false
	}
	if !boiler.IsProse(d, lang) {
		return false
	}
	if len(paragraphs) == 0 {
		return true
	}
	// Each content word of the description counts once per occurrence
	// when the article has it too. The description is short and the
	// article long: the article's words are looked up among the
	// description's, and the scan stops once all are found.
	words := contentWords(d)
	if len(words) == 0 {
		return false
	}
	inArticle := make(map[string]bool, len(words))
	for _, w := range words {
		inArticle[w] = false
	}
	missing := len(inArticle)
	var buf [64]byte
	for _, p := range paragraphs {
		for w := range contentWordsSeq(p) {
			var found, ok bool
			if lower, ascii := asciiLower(buf[:0], w); ascii {
				found, ok = inArticle[string(lower)]
			} else {
				found, ok = inArticle[strings.ToLower(w)]
			}
			if ok && !found {
				inArticle[strings.ToLower(w)] = true
				if missing--; missing == 0 {
					break
				}
			}
		}
		if missing == 0 {
			break
		}
	}
	n := 0
	for _, w := range words {
		if inArticle[w] {
			n++
		}
	}
	return 2*n >= len(words)
}

// asciiLower appends w lower-cased to buf when w is ASCII, and reports
// whether it was.
func asciiLower(buf []byte, w string) ([]byte, bool) {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf, true
}

// contentWords returns the lower-cased words of s with four letters or
// more: a cheap, language-neutral stand-in for content words.
func contentWords(s string) []string {
	var out []string
	for w := range contentWordsSeq(s) {
		out = append(out, strings.ToLower(w))
	}
	return out
}

// contentWordsSeq yields the words of s (runs of letters and digits) with
// four letters or more, as they are written.
func contentWordsSeq(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			word := unicode.IsLetter(r) || unicode.IsDigit(r)
			switch {
			case word && start < 0:
				start = i
			case !word && start >= 0:
				if w := s[start:i]; utf8.RuneCountInString(w) >= 4 && !yield(w) {
					return
				}
				start = -1
			}
		}
		if start >= 0 && utf8.RuneCountInString(s[start:]) >= 4 {
			yield(s[start:])
		}
	}
}
