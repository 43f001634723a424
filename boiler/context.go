package boiler

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// applyContext turns the per-block classes into keep decisions.
//
// Short and near-good blocks take their neighbours' side, as in the
// context-sensitive stage of jusText: a short block between prose is a
// subheading or a short paragraph; the same block among chrome is chrome.
// Then the article is the run of blocks with the most prose, net of the
// chrome inside it (a maximum-sum segment): blocks outside it are cut.
//
// It returns the index of the article's headline, or -1.
func applyContext(blocks []Block, feats []features) int {
	n := len(blocks)
	if n == 0 {
		return -1
	}
	class := make([]Class, n)
	for i := range blocks {
		class[i] = blocks[i].Class
	}
	// Nearest decided neighbour on each side, ignoring short and near-good
	// blocks and bare bullets and separators; the edges of the page count
	// as chrome.
	prevSure := make([]Class, n)
	last := Bad
	for i := range n {
		prevSure[i] = last
		if (class[i] == Good || class[i] == Bad) && !feats[i].transparent() {
			last = class[i]
		}
	}
	nextSure := make([]Class, n)
	last = Bad
	for i := n - 1; i >= 0; i-- {
		nextSure[i] = last
		if (class[i] == Good || class[i] == Bad) && !feats[i].transparent() {
			last = class[i]
		}
	}
	markComments(blocks, feats, class)
	keep := make([]bool, n)
	for i, c := range class {
		switch c {
		case Good:
			keep[i] = true
		case NearGood:
			keep[i] = prevSure[i] == Good || nextSure[i] == Good
		case Short:
			keep[i] = prevSure[i] == Good && nextSure[i] == Good
		}
	}
	// A short block right before prose that is kept is its heading.
	for i := 0; i+1 < n; i++ {
		if class[i] == Short && !keep[i] && keep[i+1] && class[i+1] == Good && !feats[i].terminal &&
			feats[i].words >= 2 && (i == 0 || !keep[i-1]) {
			keep[i] = true
		}
	}

	start, end := mainRun(blocks, feats, keep)
	headline := title(blocks, feats, keep, start)
	for i := range blocks {
		b := &blocks[i]
		switch {
		case !keep[i]:
			b.Keep = false
			if b.Reason == "" {
				b.Reason = ReasonShort
				if class[i] == NearGood {
					b.Reason = ReasonNoProse
				}
			}
		case i < start || i >= end:
			b.Keep, b.Reason = false, ReasonOutside
		default:
			b.Keep, b.Reason = true, ""
		}
	}
	if headline >= 0 {
		blocks[headline].Keep, blocks[headline].Reason = false, ReasonHeadline
	}
	return headline
}

// titleWindow is how far before the article its headline may stand,
// past bylines, datelines and share buttons.
const titleWindow = 6

// title returns the headline of the article that starts at block start:
// the nearest block before it, within titleWindow, shaped like a headline
// (a few words, no sentence punctuation, none of the chrome signals), or -1.
func title(blocks []Block, feats []features, keep []bool, start int) int {
	for i := start - 1; i >= 0 && i >= start-titleWindow; i-- {
		if keep[i] {
			return -1 // the run already opens with a kept heading
		}
		f := &feats[i]
		switch blocks[i].Reason {
		case "", ReasonNoProse:
		default:
			continue
		}
		if f.words >= 3 && f.words <= 25 && !endsStatement(blocks[i].Text) && !f.transparent() {
			return i
		}
	}
	return -1
}

// endsStatement reports whether text ends with a full stop, colon or
// semicolon; headlines may end with a question or exclamation mark.
func endsStatement(text string) bool {
	return endsSentence(text) && !strings.HasSuffix(strings.TrimRight(text, "\"'”’»)"), "?") &&
		!strings.HasSuffix(strings.TrimRight(text, "\"'”’»)"), "!")
}

// mainRun returns the half-open range of blocks [start, end) with the
// largest sum of kept words minus the weight of the chrome inside it.
// Chrome recognised as an insert (galleries, credits, share bars) weighs
// little: articles are often cut by them. Unexplained chrome weighs more.
func mainRun(blocks []Block, feats []features, keep []bool) (int, int) {
	bestSum, best0, best1 := 0.0, 0, 0
	sum, s0 := 0.0, 0
	for i := range blocks {
		sum += weight(&blocks[i], &feats[i], keep[i])
		if sum <= 0 {
			sum, s0 = 0, i+1
			continue
		}
		if sum > bestSum {
			bestSum, best0, best1 = sum, s0, i+1
		}
	}
	return best0, best1
}

func weight(b *Block, f *features, keep bool) float64 {
	w := float64(f.words)
	if keep {
		return w
	}
	if f.transparent() {
		return 0
	}
	switch b.Reason {
	case ReasonCounter, ReasonCredit, ReasonChrome, ReasonDuplicate, ReasonDateline, ReasonByline:
		return -1 - 0.1*w
	}
	return -2 - 0.3*w
}

// markComments cuts the reader comments that follow an article: from the
// first comment-section header, or the first of two or more commenter
// lines ("Alice said...", "Posted by: Bob | …"), once at least one block of
// prose has been seen, every block is chrome.
func markComments(blocks []Block, feats []features, class []Class) {
	// The article has started once this much prose has been seen.
	const articleWords = 60
	start, words := -1, 0
	for i := range blocks {
		if class[i] == Good {
			words += feats[i].words
		}
		if words >= articleWords {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	cut := -1
	firstCommenter, commenters := -1, 0
	for i := start + 1; i < len(blocks) && cut < 0; i++ {
		if feats[i].words > 15 {
			continue
		}
		low := strings.ToLower(blocks[i].Text)
		switch strength := commentHeader(low); {
		case strength == strongHeader:
			cut = i
		case strength == weakHeader && commenterFollows(blocks[i+1:min(i+6, len(blocks))], feats[i+1:]):
			cut = i
		case isCommenter(low):
			if firstCommenter < 0 {
				firstCommenter = i
			}
			commenters++
			if commenters >= 2 {
				cut = firstCommenter
			}
		}
	}
	if cut < 0 {
		return
	}
	for i := cut; i < len(blocks); i++ {
		class[i] = Bad
		blocks[i].Class, blocks[i].Reason = Bad, ReasonComments
	}
}

const (
	notHeader    = iota
	weakHeader   // one bare word, "Comments": also a navigation link
	strongHeader // with a count, or a phrase: "12 comments", "Leave a reply"
)

func commentHeader(low string) int {
	t := strings.Trim(low, " :.!?()[]-–—|»«\"“”")
	counted := false
	// Strip a leading or trailing count: "12 comments", "comments (12)".
	// A count of none ("0 comments") heads no thread: it is a counter
	// among the story's details, often above the article.
	if i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
		if strings.Trim(t[:i], "0") == "" {
			return notHeader
		}
		t, counted = strings.TrimSpace(t[i:]), true
	}
	if u := strings.TrimRight(t, " 0123456789()[]:"); u != t {
		if n := strings.Trim(t[len(u):], " ()[]:"); n != "" && strings.Trim(n, "0") == "" {
			return notHeader
		}
		t, counted = u, counted || strings.ContainsAny(t[len(u):], "0123456789")
	}
	if rest, ok := strings.CutPrefix(t, "one "); ok {
		t, counted = rest, true // WordPress's "One response to “…”"
	}
	for _, h := range commentHeaders {
		if t == h {
			if counted || strings.Contains(h, " ") {
				return strongHeader
			}
			return weakHeader
		}
	}
	// "3 Responses to “The post's title”", "12 Gedanken zu „…“": a
	// counted header names the post, in quotes ("5 Responses to the
	// Housing Crisis" is a story's heading). "Thoughts on …" heads a
	// thread uncounted, but so rarely a story's section that it stands
	// alone.
	for _, h := range titledCommentHeaders {
		if !strings.HasPrefix(t, h) {
			continue
		}
		if len(t) == len(h) {
			return strongHeader
		}
		if t[len(h)] != ' ' || len(t) > len(h)+maxTitledHeaderBytes {
			continue
		}
		if strings.HasPrefix(h, "thought") || counted && quoted(t[len(h)+1:]) {
			return strongHeader
		}
	}
	return notHeader
}

// maxTitledHeaderBytes is the most bytes of a post's title after a
// titled comment header.
const maxTitledHeaderBytes = 300

// quoted reports whether s opens with a quotation mark, as a post's title
// quoted after a comment header does.
func quoted(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '"', '\'', '“', '”', '„', '«', '»', '‘', '‚', '‹', '›', '「', '『':
		return true
	}
	return false
}

// commenterFollows reports whether a commenter line or a dateline comes
// among the next few blocks.
func commenterFollows(next []Block, feats []features) bool {
	for i, b := range next {
		if isCommenter(strings.ToLower(b.Text)) || feats[i].dateline && stamped(b.Text) {
			return true
		}
	}
	return false
}

// stamped reports whether a dateline says when, as a comment's stamp does
// ("October 29, 2012 at 9:28 pm", "29.10.2012", "9:28", "2 hours ago"):
// it has a letter, a clock's colon, or a date's two separators. A figure
// ("30", "15%", "12.5", "3/4") does not: a table's figures under a
// heading cell that says "Response" head no comment.
func stamped(text string) bool {
	if strings.IndexFunc(text, unicode.IsLetter) >= 0 || strings.Contains(text, ":") {
		return true
	}
	for _, sep := range [...]string{".", "/", "-"} {
		if strings.Count(text, sep) >= 2 {
			return true
		}
	}
	return false
}

func isCommenter(low string) bool {
	if strings.HasPrefix(low, "posted by:") || strings.HasPrefix(low, "reply") {
		return true
	}
	for _, s := range commenterSuffixes {
		if strings.HasSuffix(low, s) {
			return true
		}
	}
	return false
}
