package article

import (
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
)

// Weights of the container choice.
const (
	// chromeWeight is what a word of chrome costs a container, against a
	// word of prose gained.
	chromeWeight = 0.5
	// contentBonus is the share of its prose added to the score of an
	// element that declares itself the article body.
	contentBonus = 0.25
	// chromePenalty scales the score of an element that names itself
	// chrome: a long comment thread must not win over a short article.
	chromePenalty = 0.5
	// holdShare is the share of the container's prose that makes an
	// element part of the article whatever its names say.
	holdShare = 0.5
	// minArticleWords is the least prose the cleaner must find on a page
	// for its verdicts to be trusted alone.
	minArticleWords = 40
)

// tree is the page's element tree with what the judgement needs per
// element. Index len(nodes) stands for the root, above every top-level
// element.
type tree struct {
	nodes  []htmltext.Node
	sig    []signal  // the element's own signals
	prose  []float64 // words of prose in the element's blocks, descendants included
	chrome []float64 // words of chrome likewise
}

func (t *tree) root() int32 { return int32(len(t.nodes)) }

// index maps a Node or Parent value to a tree index.
func (t *tree) index(n int32) int32 {
	if n < 0 {
		return t.root()
	}
	return n
}

// judge decides every block of p from the cleaner's verdicts in res and
// the element tree, and fills a's Paragraphs, Blocks and NotArticle.
func judge(a *Article, p *htmltext.Page, res *boiler.Result) {
	n := len(p.Nodes)
	t := &tree{
		nodes:  p.Nodes,
		sig:    make([]signal, n+1),
		prose:  make([]float64, n+1),
		chrome: make([]float64, n+1),
	}
	for i := range p.Nodes {
		t.sig[i] = nodeSignal(&p.Nodes[i])
	}
	// The cleaner's verdicts seed the prose; on a page where they find
	// almost none (a short note, text in a language or shape the word
	// lists miss), every block that is not clearly chrome counts.
	prose := make([]bool, len(res.Blocks))
	for i := range res.Blocks {
		prose[i] = res.Blocks[i].Keep
	}
	t.sum(p, res, prose)
	if t.prose[t.root()] < minArticleWords {
		for i := range res.Blocks {
			prose[i] = prose[i] || rescuable(&res.Blocks[i], p.Blocks[i])
		}
		t.sum(p, res, prose)
	}
	if t.prose[t.root()] == 0 {
		a.NotArticle = NotArticleProse
	}
	c := t.container()

	// below[i] is the chrome signalled by the elements between the
	// container (exclusive) and i (inclusive); in[i] whether i is inside
	// the container.
	in := make([]bool, n+1)
	below := make([]signal, n+1)
	in[c] = true
	for i := 0; i < n; i++ {
		up := t.index(p.Nodes[i].Parent)
		if int32(i) == c || !in[up] {
			continue
		}
		in[i] = true
		below[i] = below[up]
		if !t.holdsArticle(int32(i), c) {
			below[i] |= t.sig[i] & sigChrome
		}
	}

	// first and last kept block inside the container bound the rescue
	// of short blocks.
	first, last := -1, -1
	for i := range res.Blocks {
		at := t.index(p.Blocks[i].Node)
		if prose[i] && in[at] && below[at] == 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}

	a.Blocks = make([]Block, len(res.Blocks))
	for i := range res.Blocks {
		rb := &res.Blocks[i]
		at := t.index(p.Blocks[i].Node)
		keep, reason := prose[i], rb.Reason
		if keep {
			reason = ""
		}
		switch {
		case !in[at]:
			if keep {
				keep, reason = false, ReasonOutside
			}
		case below[at] != 0:
			if keep {
				keep, reason = false, below[at].reason()
			}
		case !keep && rescuable(rb, p.Blocks[i]) && (i > first && i < last || t.amongProse(at)):
			keep, reason = true, ""
		}
		a.Blocks[i] = Block{Text: rb.Text, Keep: keep, Reason: reason}
		if keep {
			a.Paragraphs = append(a.Paragraphs, Paragraph{Text: rb.Text, Kind: t.kind(at)})
		}
	}
}

// sum fills the prose and chrome counts of every element from the blocks
// of p: the words of blocks marked prose count as prose, the others as
// chrome.
func (t *tree) sum(p *htmltext.Page, res *boiler.Result, prose []bool) {
	clear(t.prose)
	clear(t.chrome)
	for i := range res.Blocks {
		w := float64(countWords(res.Blocks[i].Text))
		at := t.index(p.Blocks[i].Node)
		if prose[i] {
			t.prose[at] += w
		} else {
			t.chrome[at] += w
		}
	}
	for i := len(t.nodes) - 1; i >= 0; i-- {
		up := t.index(t.nodes[i].Parent)
		t.prose[up] += t.prose[i]
		t.chrome[up] += t.chrome[i]
	}
}

// container returns the element that holds the article: the one with the
// most prose net of the chrome inside it.
func (t *tree) container() int32 {
	best := t.root()
	bestScore := t.score(best)
	for i := range t.nodes {
		if s := t.score(int32(i)); s > bestScore || s == bestScore && s > 0 {
			best, bestScore = int32(i), s
		}
	}
	return best
}

// holdsArticle reports whether element i holds so much of the prose of
// container c that its chrome signals must be wrong: class names such as
// "sticky-sidebar-parent" are put on article bodies too.
func (t *tree) holdsArticle(i, c int32) bool {
	return t.prose[i] > 0 && t.prose[i] >= holdShare*t.prose[c]
}

func (t *tree) score(i int32) float64 {
	s := t.prose[i] - chromeWeight*t.chrome[i]
	if t.sig[i]&sigContent != 0 {
		s += contentBonus * t.prose[i]
	}
	if t.sig[i]&(sigComments|sigRelated|sigAside|sigNav|sigFooter) != 0 && s > 0 {
		s *= chromePenalty
	}
	return s
}

// tag returns the tag of element i, or 0 for the root.
func (t *tree) tag(i int32) atom.Atom {
	if i == t.root() {
		return 0
	}
	return t.nodes[i].Tag
}

// kind returns the paragraph kind of text in element i.
func (t *tree) kind(i int32) Kind {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		switch t.nodes[i].Tag {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return Heading
		case atom.Li, atom.Dt, atom.Dd:
			return Item
		case atom.Blockquote:
			return Quote
		case atom.Pre:
			return Pre
		case atom.Td, atom.Th:
			return Cell
		case atom.P:
			return Text
		}
	}
	return Text
}

// rescuable reports whether a block the cleaner dropped may belong to the
// article all the same when it stands among the article's paragraphs:
// short paragraphs, list items and subheadings, and prose the cleaner's
// linear view placed outside the article.
func rescuable(b *boiler.Block, hb htmltext.Block) bool {
	if len(hb.Text) > 0 && 2*hb.LinkBytes >= len(hb.Text) {
		return false
	}
	switch b.Reason {
	case boiler.ReasonShort, boiler.ReasonOutside, boiler.ReasonNoProse:
		return true
	}
	return b.Class != boiler.Bad && b.Reason == ""
}

// amongProse reports whether element i has prose beside it: a paragraph
// whose parent holds other kept paragraphs, or text directly in an element
// whose children are kept paragraphs.
func (t *tree) amongProse(i int32) bool {
	if i == t.root() {
		return false
	}
	if isParagraph(t.nodes[i].Tag) {
		up := t.index(t.nodes[i].Parent)
		return t.prose[up] > t.prose[i]
	}
	return t.prose[i] > 0
}

// isParagraph reports whether a holds one paragraph of text.
func isParagraph(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Li, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre,
		atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// countWords counts the space-separated words of s.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' '
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
