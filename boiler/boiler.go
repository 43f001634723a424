// Package boiler separates an article from the page chrome around and
// inside it, in plain text.
//
// The input is text with one block per line (as in Common Crawl WET files,
// or paragraphs separated by blank lines). Each block is classified from
// signals that hold across sites and languages: sentence shape, terminal
// punctuation, the density of function words, gallery counters and photo
// credits, the vocabulary of share bars and sign-up boxes, block length,
// and the block's position relative to the dense run of prose that is the
// article. Every removed block carries the reason it was removed.
//
// Clean is a pure function, safe for concurrent use. It is linear in the
// size of its input; lines longer than Options.MaxLineBytes are cut there.
package boiler

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/segment"
)

// Options tune the cleaner. The zero value works.
type Options struct {
	// Lang is the ISO 639-1 code of the text's language when known; empty
	// means detect it from the text. Unknown languages use all word lists.
	Lang string
	// MaxLineBytes caps one block; longer blocks are cut at a rune
	// boundary. Zero means 1 MiB.
	MaxLineBytes int
}

func (o Options) maxLine() int {
	if o.MaxLineBytes <= 0 {
		return 1 << 20
	}
	return o.MaxLineBytes
}

// Reasons a block is removed.
const (
	ReasonCounter   = "gallery-counter" // "3/20 …", "Photo 2 of 9": a gallery or slideshow caption
	ReasonCredit    = "photo-credit"    // a caption ending in a picture credit
	ReasonChrome    = "chrome-phrase"   // share, subscribe, cookie, newsletter, related, navigation words
	ReasonNoProse   = "not-prose"       // long but without the function words of sentences: lists, tags, names
	ReasonSymbols   = "symbols"         // mostly digits, punctuation or separators
	ReasonLinks     = "links"           // URLs, e-mail addresses, handles; or mostly link text (menus, related links)
	ReasonShort     = "short-context"   // a short block among chrome rather than among prose
	ReasonOutside   = "outside-article" // before or after the article's dense run of prose
	ReasonDateline  = "dateline"        // a date or time on its own
	ReasonDuplicate = "repeated-block"  // the same block already seen earlier in the page
	ReasonComments  = "comments"        // the reader comments after an article
	ReasonByline    = "byline"          // "By Jane Doe": who wrote it, not what
	ReasonHeadline  = "headline"        // the article's title, kept as metadata (Result.Title)
)

// Class is the cleaner's verdict on a block before context is applied.
type Class uint8

// Classes, from surest chrome to surest prose.
const (
	Bad Class = iota
	Short
	NearGood
	Good
)

func (c Class) String() string {
	return [...]string{"bad", "short", "near-good", "good"}[c]
}

// Block is one line of the input with the cleaner's decision.
type Block struct {
	Text   string
	Class  Class  // verdict from the block alone
	Keep   bool   // final decision
	Reason string // why it was removed; empty when kept
}

// Result is the cleaned text.
type Result struct {
	Blocks []Block
	Lang   string // language whose word lists were used; "" for all or none
	// Title is the article's headline when a block just before the article
	// reads as one. It is not among the kept blocks: the headline is
	// metadata, not body text.
	Title string
}

// Paragraphs returns the kept blocks.
func (r *Result) Paragraphs() []string {
	var out []string
	for _, b := range r.Blocks {
		if b.Keep {
			out = append(out, b.Text)
		}
	}
	return out
}

// Text returns the kept blocks separated by blank lines.
func (r *Result) Text() string {
	return strings.Join(r.Paragraphs(), "\n\n")
}

// Clean classifies every block of text.
func Clean(text string, opts Options) *Result {
	return clean(splitBlocks(text, opts.maxLine()), nil, opts)
}

// Hints are what a page's markup says about a block. The zero value says
// nothing.
type Hints struct {
	Links float64 // share of the block's text inside links
}

// CleanBlocks classifies blocks that come with hints from markup, one per
// block (hints may be nil). Blocks are taken as given: one paragraph each,
// already free of line breaks.
func CleanBlocks(blocks []string, hints []Hints, opts Options) *Result {
	lines := make([]string, len(blocks))
	for i, b := range blocks {
		lines[i] = segment.NormalizeSpace(b)
		if len(lines[i]) > opts.maxLine() {
			lines[i] = cutRunes(lines[i], opts.maxLine())
		}
	}
	return clean(lines, hints, opts)
}

func clean(lines []string, hints []Hints, opts Options) *Result {
	res := &Result{Blocks: make([]Block, len(lines))}
	feats := make([]features, len(lines))
	var short tokens
	for i, line := range lines {
		feats[i] = measure(line, &short)
	}
	lset := detect(feats, opts.Lang)
	for i := range feats {
		feats[i].setLangs(lset)
	}
	if lset != noLangs && !listsFit(feats) {
		lset = noLangs
		for i := range feats {
			feats[i].setLangs(lset)
		}
	}
	if lset != allLangs && lset != noLangs {
		res.Lang = langCodes[bitIndex(lset)]
		markUnlisted(feats)
	}
	seen := make(map[string]bool, len(lines)) // the lines seen, lower-cased
	var key []byte
	for i, line := range lines {
		b := &res.Blocks[i]
		b.Text = line
		b.Class, b.Reason = classify(&feats[i])
		if i < len(hints) {
			b.Class, b.Reason = hinted(b.Class, b.Reason, &feats[i], hints[i])
		}
		key = appendLower(key[:0], line)
		switch {
		case seen[string(key)]:
			if feats[i].words < 30 {
				b.Class, b.Reason = Bad, ReasonDuplicate
			}
		case string(key) == line:
			seen[line] = true
		default:
			seen[string(key)] = true
		}
	}
	if h := applyContext(res.Blocks, feats); h >= 0 {
		res.Title = res.Blocks[h].Text
	}
	return res
}

// splitBlocks returns the blocks of text: its non-blank lines, trimmed,
// with runs of white space collapsed (segment.NormalizeSpace), cut to max
// bytes. Lines of
// hard-wrapped text are joined back into their paragraphs first.
func splitBlocks(text string, max int) []string {
	var lines []string
	var breaks []bool // breaks[i]: a blank line comes before lines[i]
	blank := false
	for line := range strings.Lines(text) {
		line = segment.NormalizeSpace(line)
		if line == "" {
			blank = true
			continue
		}
		lines = append(lines, line)
		breaks = append(breaks, blank)
		blank = false
	}
	if wrapped(lines) {
		lines = unwrap(lines, breaks)
	}
	for i, line := range lines {
		if len(line) > max {
			lines[i] = cutRunes(line, max)
		}
	}
	return lines
}

// Hard-wrapped text has most of its lines in a narrow band of lengths,
// ending mid-sentence.
const (
	wrapMin = 40 // shortest line of a wrapped paragraph, in bytes
	wrapMax = 100
)

// wrapped reports whether text was hard-wrapped: most lines of some
// length fall in the wrap band and end without terminal punctuation.
func wrapped(lines []string) bool {
	inBand, considered, continued := 0, 0, 0
	for i, l := range lines {
		if len(l) < 20 {
			continue
		}
		considered++
		if len(l) >= wrapMin && len(l) <= wrapMax && !endsSentence(l) {
			inBand++
			if i+1 < len(lines) && startsLower(lines[i+1]) {
				continued++
			}
		}
	}
	// Lists of headlines fill the band too, but the next line of a wrapped
	// paragraph often goes on in lower case.
	return considered >= 6 && 2*inBand >= considered && 5*continued >= 2*inBand
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// unwrap joins each line to the next when it fills the wrap band without
// ending a sentence and no blank line separates them.
func unwrap(lines []string, breaks []bool) []string {
	var out []string
	for i, l := range lines {
		if i > 0 && !breaks[i] {
			prev := lines[i-1]
			if len(prev) >= wrapMin && len(prev) <= wrapMax && !endsSentence(prev) {
				out[len(out)-1] += " " + l
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// EndsSentence reports whether line ends with sentence punctuation, past
// any closing quotes and brackets.
func EndsSentence(line string) bool { return endsSentence(line) }

// cutRunes cuts s to at most max bytes, at a rune boundary when s is valid
// UTF-8 there (a rune is at most utf8.UTFMax bytes long).
func cutRunes(s string, max int) string {
	if max >= len(s) {
		return s
	}
	for i := max; i > 0 && i > max-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:max]
}

// IsProse reports whether text, taken as one block on its own, reads as
// running prose rather than chrome: enough words, sentence punctuation, the
// function words of sentences, and none of the chrome signals.
func IsProse(text, langCode string) bool {
	c, _ := classifyAlone(text, langCode)
	return c == Good
}

// IsChrome reports whether text, taken as one block on its own, is what a
// page says around its text rather than text: chrome ("Share this",
// "Tags"), a counter, a credit, a byline or a dateline.
func IsChrome(text, langCode string) bool {
	switch _, reason := classifyAlone(text, langCode); reason {
	case ReasonChrome, ReasonCounter, ReasonCredit, ReasonByline, ReasonDateline:
		return true
	}
	return false
}

// classifyAlone classifies text as one block without neighbours, in the
// language langCode names (or the one detected when it names none).
func classifyAlone(text, langCode string) (Class, string) {
	f := measure(segment.NormalizeSpace(text), &tokens{})
	f.setLangs(detect([]features{f}, langCode))
	return classify(&f)
}

// listsFit reports whether the function-word lists describe the text: in
// its long blocks and its sentences, where the prose is, they must make up
// a good share of the words (short sentences count: in a language without
// lists that shares a few function words with listed ones, the long
// blocks may be only the site's cookie notice). Otherwise the text is in a language the lists do not cover
// (or is not prose at all) and density says nothing.
func listsFit(feats []features) bool {
	stop, alpha := 0, 0
	for i := range feats {
		if feats[i].words >= longWords || feats[i].terminal && feats[i].words >= shortWords {
			stop += feats[i].stop
			alpha += feats[i].alpha
		}
	}
	return alpha == 0 || float64(stop) >= fitDensity*float64(alpha)
}
