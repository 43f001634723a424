package article

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/metadata"
	"github.com/copydesk/copydesk/segment"
)

// Weights of the container choice.
const (
	// chromeWeight is what a word of chrome costs a container, against a
	// word of prose gained.
	chromeWeight = 0.25
	// contentBonus is the share of its prose added to the score of an
	// element that declares itself the article body.
	contentBonus = 1
	// chromePenalty scales the score of an element that names itself
	// chrome: a long comment thread must not win over a short article.
	chromePenalty = 0.5
	// holdShare is the share of the container's prose that makes an
	// element part of the article whatever its names say.
	holdShare = 0.5
	// proseWords is the prose that makes an element more than the chrome
	// its names say, when it also holds more prose than chrome.
	proseWords = 50
	// minArticleWords is the least prose the cleaner must find on a page
	// for its verdicts to be trusted alone.
	minArticleWords = 40
	// outsideWeight is how much prose the cleaner placed outside its
	// linear run of the article counts for.
	outsideWeight = 0
	// uncutWords and uncutShare: see uncutComments.
	uncutWords = 10
	uncutShare = 2.0
	// unsureWeight is how much the words of blocks the cleaner found too
	// short to judge count as chrome.
	unsureWeight = 0.5
)

// tree is the page's element tree with what the judgement needs per
// element. Index len(nodes) stands for the root, above every top-level
// element.
type tree struct {
	nodes  []htmltext.Node
	sig    []signal  // the element's own signals, once read (sigRead set)
	prose  []float64 // words of prose in the element's blocks, descendants included
	chrome []float64 // words of chrome likewise
	words  []float64 // words of each block, counted once
	// intro holds introducedList's verdict for each list it has judged,
	// by the list's element index; nil until the first.
	intro map[int32]bool
	// articles holds articlesUnder's counts, by parent; nil until the
	// first.
	articles map[int32]int
}

func (t *tree) root() int32 { return int32(len(t.nodes)) }

// signal returns the signals of element i, reading them on first use:
// most elements of a page hold no text and are never asked about.
func (t *tree) signal(i int32) signal {
	if i == t.root() {
		return 0
	}
	if t.sig[i]&sigRead == 0 {
		t.sig[i] = nodeSignal(&t.nodes[i]) | sigRead
	}
	return t.sig[i] &^ sigRead
}

// index maps a Node or Parent value to a tree index.
func (t *tree) index(n int32) int32 {
	if n < 0 {
		return t.root()
	}
	return n
}

// judge decides every block of p from the cleaner's verdicts in res and
// the element tree, and the block classifier m (which may be nil), and
// fills a's Paragraphs, Blocks and NotArticle.
func judge(a *Article, p *htmltext.Page, res *boiler.Result, m *blockModel) {
	n := len(p.Nodes)
	t := &tree{
		nodes:  p.Nodes,
		sig:    make([]signal, n+1),
		prose:  make([]float64, n+1),
		chrome: make([]float64, n+1),
		words:  make([]float64, len(res.Blocks)),
	}
	for i := range res.Blocks {
		t.words[i] = float64(segment.CountWords(res.Blocks[i].Text))
	}
	// The cleaner's verdicts seed the prose; on a page where they find
	// almost none (a short note, text in a language or shape the word
	// lists miss), every block that is not clearly chrome counts.
	prose := make([]float64, len(res.Blocks))
	// The headline anchors the article: the text below it is the
	// story's, even when the cleaner kept too little of the page to
	// trust (a post of a line or two under a longer blurb).
	kept := t.keptWords(res)
	h := t.headlineBlock(a.Title, res, p.Blocks)
	end := articleEnd(res, h)
	for i := range res.Blocks {
		b := &res.Blocks[i]
		// The cleaner's own choice of a run of prose is linear; the
		// tree decides that better, so prose it put outside its run
		// counts.
		switch {
		case b.Keep:
			prose[i] = 1
		case b.Reason == boiler.ReasonOutside && b.Class == boiler.Good:
			prose[i] = outsideWeight
		}
	}
	t.runInComments(p, res, prose)
	t.uncutComments(p, res, prose)
	t.sum(p, res, prose)
	if t.prose[t.root()] < minArticleWords {
		for i := range res.Blocks {
			if rescuable(&res.Blocks[i], p.Blocks[i]) {
				prose[i] = 1
			}
		}
		t.sum(p, res, prose)
	}
	if t.prose[t.root()] == 0 {
		a.NotArticle = NotArticleProse
	}
	c := t.container()
	if h >= 0 && t.lastBlockIn(c, p.Blocks) < h {
		// An article follows its headline: a container that ends above
		// it holds a sidebar or a teaser, longer than a short article
		// the cleaner's linear run left out. Take the prose after the
		// headline instead, when there is an article's worth of it.
		after := slices.Clone(prose)
		for i := range res.Blocks {
			b := &res.Blocks[i]
			switch {
			case i <= h:
				after[i] = 0
			case b.Reason == boiler.ReasonOutside && b.Class == boiler.Good:
				after[i] = 1
			}
		}
		t.sum(p, res, after)
		switch alt := t.container(); {
		case t.prose[alt] >= minArticleWords:
			c, prose = alt, after
		case kept < minArticleWords:
			// The cleaner kept too little to trust: a post of a line or
			// two under its headline, beside a longer blurb above it.
			if alt, short, ok := t.shortPost(p, res, prose, h); ok {
				c, prose = alt, short
			}
		default:
			t.sum(p, res, prose)
		}
	} else if h >= 0 {
		// The text right below the headline, up to the first list of
		// links or chrome, is the article's even where the cleaner's
		// run left it out.
		grown := false
		for i := h + 1; i < end; i++ {
			if b := &res.Blocks[i]; b.Reason == boiler.ReasonOutside && b.Class == boiler.Good {
				prose[i], grown = 1, true
			}
		}
		if grown {
			t.sum(p, res, prose)
			c = t.container()
		}
	}
	if alt, ok := t.outOfChrome(c, p, res, prose); ok {
		c = alt
	}
	a.Container = t.describe(c)

	// below[i] is the chrome signalled by the elements between the
	// container (exclusive) and i (inclusive); in[i] whether i is inside
	// the container.
	in := make([]bool, n+1)
	below := make([]signal, n+1)
	in[c] = true
	// twin[i] is whether i is, or stands in, an element of the
	// container's tag and names beside it: the article's body split in
	// two around an inset (its first paragraph above a picture or a box).
	var twin []bool
	twinParent := int32(-1) // none: the container is the root or no body
	if c != t.root() && t.signal(c)&sigContent != 0 {
		twinParent = t.index(t.nodes[c].Parent)
	}
	for i := 0; i < n; i++ {
		up := t.index(p.Nodes[i].Parent)
		if up == twinParent && int32(i) != c && t.sameShape(int32(i), c) {
			if twin == nil {
				twin = make([]bool, n+1)
			}
			in[i], twin[i] = true, true
			continue
		}
		if int32(i) == c || !in[up] {
			continue
		}
		in[i] = true
		if twin != nil {
			twin[i] = twin[up]
		}
		below[i] = below[up]
		below[i] |= t.chromeOf(int32(i), c)
	}

	// first and last kept block inside the container bound the rescue
	// of short blocks.
	first, last := -1, -1
	for i := range res.Blocks {
		at := t.index(p.Blocks[i].Node)
		if prose[i] > 0 && in[at] && below[at] == 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}

	a.Blocks = make([]Block, len(res.Blocks))
	var seen keptTexts
	rescued := make([]bool, len(res.Blocks))
	for i := range res.Blocks {
		rb := &res.Blocks[i]
		at := t.index(p.Blocks[i].Node)
		keep, reason := prose[i] > 0, rb.Reason
		switch {
		case keep:
			reason = ""
		case reason == "":
			reason = ReasonOutside // kept by the cleaner, above the headline
		}
		switch {
		case !in[at]:
			if keep {
				keep, reason = false, ReasonOutside
			}
		// A subheading between the article's paragraphs whose own class
		// alone names a sidebar or a promotion (a heading styled as a
		// widget's title, or marked for a paywall like the paragraphs
		// around it).
		case below[at] != 0 && below[at]&^(sigAside|sigPromo) == 0 && below[t.index(t.nodes[at].Parent)] == 0 &&
			i > first && i < last && t.kind(at) == Heading && (keep || rescuable(rb, p.Blocks[i])):
			keep, reason, rescued[i] = true, "", true
		case below[at] != 0:
			if keep {
				keep, reason = false, below[at].reason()
			}
		case !keep && twin != nil && twin[at] && rescuable(rb, p.Blocks[i]):
			keep, reason = true, ""
		// Short blocks among the article's prose, and the items of a
		// list in the container above its last paragraph (ingredients
		// above the method, a schedule above the report).
		case !keep && rescuable(rb, p.Blocks[i]) && (i > first && i < last || t.amongProse(at) || i < last && t.kind(at) == Item),
			!keep && rb.Reason == boiler.ReasonSymbols && (t.inProseRow(at) || i > first && i < last && t.inFigures(at, rb.Text)):
			keep, reason, rescued[i] = true, "", true
		case !keep && rb.Reason == boiler.ReasonLinks && i > first && (i < last || t.besideLast(at, p.Blocks, last)) &&
			(t.linkedItem(at, p.Blocks[i]) || t.linkedNames(i, p.Blocks, a.Lang)):
			keep, reason = true, ""
		case !keep && rb.Reason == boiler.ReasonLinks && i > first && i < last && t.linkedSentence(at, rb.Text, a.Lang):
			keep, reason = true, ""
		// The rest of a list whose items the article kept (the linked
		// titles a post lists after the ones it comments on), and a list
		// the article's text introduces ("The seven pieces are:").
		case !keep && i > first && listReason(rb.Reason) && !barred(rb.Text) &&
			(t.continuesList(i, p.Blocks, a.Blocks) || t.introducedList(i, p.Blocks, a.Blocks)):
			keep, reason = true, ""
		// The byline right above the article's first paragraph, on a
		// page whose metadata names no author, is the page's one word
		// on who wrote the story; where the metadata names one, Meta
		// carries it.
		case !keep && rb.Reason == boiler.ReasonByline && first >= 0 && i == first-1 && len(a.Meta.Authors) == 0:
			keep, reason = true, ""
		// A line of a paragraph broken by <br> that repeats a line
		// already kept is still part of the paragraph: the text says
		// it twice.
		case !keep && rb.Reason == boiler.ReasonDuplicate && at != t.root() && t.prose[at] > 0 &&
			!barred(rb.Text) && seen.kept(a.Blocks[:i], rb.Text):
			keep, reason = true, ""
		}
		a.Blocks[i] = Block{Text: rb.Text, Keep: keep, Reason: reason}
	}
	t.confirmRescued(a.Blocks, rescued, p.Blocks, res.Blocks)
	t.liftHeadline(a, p.Blocks)
	t.dropTeasers(a.Blocks, p.Blocks, c)
	t.dropLaterStories(a.Blocks, p.Blocks, c)
	t.refine(m, a.Blocks, p.Blocks, res.Blocks, in, below, c)
	t.keepPhotoStory(a.Blocks, p.Blocks, in, below)
	if t.keepTinyPage(a.Blocks, p.Blocks) {
		a.NotArticle = ""
	}
	t.dropTrailingHeadings(a.Blocks, p.Blocks)
	dropAuthorBios(a)
	if keepHeadlineOfNote(a.Blocks, h) {
		a.noteHeadline = h + 1
	}
	for i, b := range a.Blocks {
		if b.Keep {
			at := t.index(p.Blocks[i].Node)
			a.Paragraphs = append(a.Paragraphs, Paragraph{Text: b.Text, Kind: t.kind(at)})
		}
	}
}

// captionWords is the fewest words of a caption keepPhotoStory keeps: a
// sentence about the picture, not a credit alone.
const captionWords = 8

// keepPhotoStory keeps the captions of a story told in pictures: when the
// captions in the container, each a sentence or more ending in its
// picture's credit ("A boy poses with a painting. (Agency/Photographer)")
// or standing in a caption element, hold more words than the text kept
// beside them, the page is a gallery and they are what it says. An
// article with a picture or two keeps its text and drops their captions.
func (t *tree) keepPhotoStory(blocks []Block, hb []htmltext.Block, in []bool, below []signal) {
	kept, words := 0, 0
	var captions []int
	for i := range blocks {
		switch {
		case blocks[i].Keep:
			kept += int(t.words[i])
		case t.isCaption(i, &blocks[i], t.index(hb[i].Node), in, below):
			captions = append(captions, i)
			words += int(t.words[i])
		}
	}
	if words <= kept {
		return
	}
	for _, i := range captions {
		blocks[i].Keep, blocks[i].Reason = true, ""
	}
}

// isCaption reports whether block i, b, in element at, is a caption of
// the container's own pictures that keepPhotoStory may keep.
func (t *tree) isCaption(i int, b *Block, at int32, in []bool, below []signal) bool {
	// A gallery is often a slider or carousel, which names it as a
	// box of other stories (sigRelated); its captions are still the
	// pictures' own.
	if !in[at] || below[at]&^(sigCaption|sigRelated) != 0 || t.words[i] < captionWords {
		return false
	}
	switch b.Reason {
	case ReasonCaption:
		// A "credits" box is the site's footer as often as a
		// picture's: a caption element, or a credit, says which.
		return t.inCaptionElement(at) || endsInCredit(b.Text)
	case boiler.ReasonCredit:
		return endsInCredit(b.Text)
	}
	return false
}

// inCaptionElement reports whether element i is, or stands in, a
// <figure>, a <figcaption> or an element named for a caption.
func (t *tree) inCaptionElement(i int32) bool {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		n := &t.nodes[i]
		if n.Tag == atom.Figure || n.Tag == atom.Figcaption || strings.Contains(n.Names, "caption") {
			return true
		}
	}
	return false
}

// endsInCredit reports whether text ends in a picture's credit in
// brackets, "(Agency/Photographer)", and is no copyright notice.
func endsInCredit(text string) bool {
	low := strings.ToLower(text)
	if strings.Contains(low, "©") || strings.Contains(low, "(c)") || strings.Contains(low, "copyright") {
		return false
	}
	body, ok := strings.CutSuffix(strings.TrimSpace(text), ")")
	if !ok {
		return false
	}
	open := strings.LastIndexByte(body, '(')
	if open < 0 {
		return false
	}
	letters := 0
	for _, r := range body[open+1:] {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 3
}

// noteBytes is the most bytes of text a post may keep for
// keepHeadlineOfNote: a sentence or two short ones, in any script.
const noteBytes = 180

// keepHeadlineOfNote keeps the headline, block h, in the text of a post
// that says little else: a picture's caption, a line under a video, a
// note. There the headline is most of what the post says, and a record
// of a credit line alone would tell a reader, a search or a summary
// nothing. A page that kept no text keeps none: its headline alone is
// no article. It reports whether it kept the headline; fillBody takes it
// out again when the page's JSON-LD gives the story the page hid.
func keepHeadlineOfNote(blocks []Block, h int) bool {
	if h < 0 || blocks[h].Keep {
		return false
	}
	n := 0
	for _, b := range blocks {
		if b.Keep {
			if n += len(b.Text); n >= noteBytes {
				return false
			}
		}
	}
	if n == 0 {
		return false
	}
	blocks[h].Keep, blocks[h].Reason = true, ""
	return true
}

// boxTitleWords is the most words of a heading that dropTrailingHeadings
// takes for a box's title.
const boxTitleWords = 6

// dropTrailingHeadings drops the headings that end the kept text: a
// heading after the article's last paragraph heads a box the rules left
// out ("More from this author", "Read also"), not a section of the story.
func (t *tree) dropTrailingHeadings(blocks []Block, hb []htmltext.Block) {
	var trailing []int
	for i := len(blocks) - 1; i >= 0; i-- {
		if !blocks[i].Keep {
			continue
		}
		if t.kind(t.index(hb[i].Node)) != Heading || len(strings.Fields(blocks[i].Text)) > boxTitleWords {
			for _, j := range trailing {
				blocks[j].Keep, blocks[j].Reason = false, ReasonRelated
			}
			return
		}
		trailing = append(trailing, i)
	}
}

// tinyPageWords is the most words a page may have for keepTinyPage.
const tinyPageWords = 10

// keepTinyPage keeps the text of a page too short to hold chrome and an
// article both, when nothing of it was kept: a note of a few words, a page
// of a few links, is its own content. What the markup names as the site's
// chrome (a menu, a footer, a masthead, a form...) and the headline stay
// cut, so a page of nothing else keeps nothing. It reports whether it
// kept anything.
func (t *tree) keepTinyPage(blocks []Block, hb []htmltext.Block) bool {
	words := 0.0
	for i := range blocks {
		if blocks[i].Keep {
			return false
		}
		words += t.words[i]
	}
	if words >= tinyPageWords {
		return false
	}
	kept := false
outer:
	for i := range blocks {
		if blocks[i].Reason == boiler.ReasonHeadline {
			continue
		}
		for a := t.index(hb[i].Node); a != t.root(); a = t.index(t.nodes[a].Parent) {
			if t.signal(a)&sigChrome != 0 {
				continue outer
			}
		}
		blocks[i].Keep, blocks[i].Reason, kept = true, "", true
	}
	return kept
}

// siteChrome are the signals of an element that is no part of an
// article: reader comments, sidebars and widgets, footers, menus, related
// stories, share bars and promotions.
const siteChrome = sigComments | sigRelated | sigAside | sigNav | sigFooter | sigShare | sigPromo

// outOfChrome finds the article elsewhere when container c stands in an
// element named for the site's chrome, and nothing at or above c names
// the article: a post of a few lines loses the container choice to the
// comment under it, or to the about box or footer beside it. The chrome
// that holds c (the nearest element so named and those so named right
// above it) stops counting, and every block outside it that the cleaner
// kept or could rescue counts as prose; the element that then holds the
// most prose is the container. Chrome that holds an <h1> is the page's
// layout ("with-sidebar" around the story and its sidebar), and c stays.
// prose is updated to match the container returned.
func (t *tree) outOfChrome(c int32, p *htmltext.Page, res *boiler.Result, prose []float64) (int32, bool) {
	if c == t.root() || t.under(c, sigContent) {
		return c, false
	}
	x := c
	for x != t.root() && t.signal(x)&siteChrome == 0 {
		x = t.index(t.nodes[x].Parent)
	}
	if x == t.root() {
		return c, false
	}
	for up := t.index(t.nodes[x].Parent); up != t.root() && t.signal(up)&siteChrome != 0; up = t.index(t.nodes[up].Parent) {
		x = up
	}
	alt := make([]float64, len(prose))
	for i := range res.Blocks {
		at := t.index(p.Blocks[i].Node)
		switch {
		case !t.within(at, x):
			if prose[i] > 0 || rescuable(&res.Blocks[i], p.Blocks[i]) {
				alt[i] = 1
			}
		case t.hasTag(at, atom.H1):
			return c, false
		}
	}
	t.sum(p, res, alt)
	if n := t.container(); t.prose[n] > 0 {
		copy(prose, alt)
		return n, true
	}
	t.sum(p, res, prose)
	return c, false
}

// within reports whether element i is x or stands in it.
func (t *tree) within(i, x int32) bool {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		if i == x {
			return true
		}
	}
	return x == t.root()
}

// keptWords counts the words of the blocks the cleaner kept.
func (t *tree) keptWords(res *boiler.Result) float64 {
	n := 0.0
	for i := range res.Blocks {
		if res.Blocks[i].Keep {
			n += t.words[i]
		}
	}
	return n
}

// articleEnd returns the index of the block that ends the text below
// the headline h: the first list of links, chrome phrase or comment after
// some prose.
func articleEnd(res *boiler.Result, h int) int {
	if h < 0 {
		return -1
	}
	prose := false
	for i := h + 1; i < len(res.Blocks); i++ {
		b := &res.Blocks[i]
		switch {
		case b.Class == boiler.Good:
			prose = true
		case prose && (b.Reason == boiler.ReasonLinks || b.Reason == boiler.ReasonChrome || b.Reason == boiler.ReasonComments):
			return i
		}
	}
	return len(res.Blocks)
}

// headlineBlock returns the index of the block that heads the article:
// the first block that says the title, when it is a heading (a blog's
// post title is often a link to the post itself); -1 otherwise.
func (t *tree) headlineBlock(title string, res *boiler.Result, hb []htmltext.Block) int {
	for i := range res.Blocks {
		if title == "" || !strings.EqualFold(res.Blocks[i].Text, title) {
			continue
		}
		if t.kind(t.index(hb[i].Node)) == Heading {
			return i
		}
		return -1 // the title first stands in a link or a line of text
	}
	return -1
}

// shortPost returns the container of a post too short for the cleaner to
// keep, under its headline h: the blocks below h that the cleaner kept or
// could rescue, up to the first list of links, chrome or comment after
// one of them (articleEnd waits for a block of prose, which a post of a
// line or two may not have, and would run on into the footer). It sums
// the tree for them and returns them as the prose; when there are none,
// it sums the tree for prose again and reports false.
func (t *tree) shortPost(p *htmltext.Page, res *boiler.Result, prose []float64, h int) (int32, []float64, bool) {
	short := make([]float64, len(prose))
	n := 0
	for i := h + 1; i < len(res.Blocks); i++ {
		b := &res.Blocks[i]
		if n > 0 && (b.Reason == boiler.ReasonLinks || b.Reason == boiler.ReasonChrome || b.Reason == boiler.ReasonComments) {
			break
		}
		if prose[i] > 0 || rescuable(b, p.Blocks[i]) {
			short[i] = 1
			n++
		}
	}
	if n > 0 {
		t.sum(p, res, short)
		if c := t.container(); t.prose[c] > 0 {
			return c, short, true
		}
	}
	t.sum(p, res, prose)
	return 0, nil, false
}

// lastBlockIn returns the index of the last block inside element c, or
// len(blocks) for the root.
func (t *tree) lastBlockIn(c int32, blocks []htmltext.Block) int {
	if c == t.root() {
		return len(blocks)
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		for at := t.index(blocks[i].Node); at != t.root(); at = t.index(t.nodes[at].Parent) {
			if at == c {
				return i
			}
		}
	}
	return -1
}

// liftHeadline takes the article's first kept block out of the body when
// it is an <h1>: it is the headline, which is the Title unless the page's
// metadata title gives the same headline. Then the metadata title stands:
// it has weighed the <h1> against the other titles already, and an <h1>
// often carries a kicker the headline does not ("Minority in Syria" over
// it). A metadata title that is another text (a section's <title>) gives
// way to the <h1>.
func (t *tree) liftHeadline(a *Article, hb []htmltext.Block) {
	for i := range a.Blocks {
		b := &a.Blocks[i]
		if !b.Keep {
			continue
		}
		if t.hasTag(t.index(hb[i].Node), atom.H1) {
			b.Keep, b.Reason = false, boiler.ReasonHeadline
			if !metadata.SameHeadline(a.Meta.Title, b.Text) {
				a.Title = b.Text
			}
		}
		return
	}
}

// teaserWords is the most words the lead of a teaser has.
const teaserWords = 60

// dropTeasers drops the leads of a list of teasers that the article's
// container c holds: a kept line right below a dropped headline that is
// wholly a link, when two or more such lines stand in elements of the
// same tag and names (the same block shape repeated, story after story)
// and each with its headline in a card that holds no other prose; and the
// lead of a lone card, an <article> inside the article that holds a
// linked headline and a line or two (see loneCard). A page whose text is
// mostly such leads is a section front and keeps them.
func (t *tree) dropTeasers(blocks []Block, hb []htmltext.Block, c int32) {
	var leads, drop []int
	for i := 1; i < len(blocks); i++ {
		h := &hb[i-1]
		if blocks[i].Keep && !blocks[i-1].Keep && h.LinkBytes > 0 && segment.CountWords(blocks[i].Text) <= teaserWords &&
			t.kind(t.index(h.Node)) == Heading && t.loneCard(t.index(hb[i].Node), t.index(h.Node), c) {
			drop = append(drop, i)
			continue
		}
		if !blocks[i].Keep || blocks[i-1].Keep || 10*h.LinkBytes < 9*len(h.Text) || segment.CountWords(h.Text) < 4 ||
			segment.CountWords(blocks[i].Text) > teaserWords {
			continue
		}
		at := t.index(hb[i].Node)
		if at == t.root() || t.kind(at) == Heading || at == t.index(h.Node) {
			continue
		}
		// The headline and the lead make a card of their own: the
		// element that holds both holds no other prose.
		if card := t.common(at, t.index(h.Node)); t.prose[card] > t.words[i] {
			continue
		}
		leads = append(leads, i)
	}
	if len(leads) < 2 && len(drop) == 0 {
		return
	}
	kept, dropped := 0.0, 0.0
	for i := range blocks {
		if blocks[i].Keep {
			kept += t.words[i]
		}
	}
	for _, i := range drop {
		dropped += t.words[i]
	}
	// Leads of one shape, counted in one pass (a section front can hold
	// tens of thousands): the lead's element and its headline's (see
	// sameShape).
	type shape struct {
		tag, headTag     atom.Atom
		names, headNames string
		headRoot         bool
	}
	shapeOf := func(i int) shape {
		n, h := &t.nodes[hb[i].Node], t.index(hb[i-1].Node)
		s := shape{tag: n.Tag, names: n.Names, headRoot: h == t.root()}
		if !s.headRoot {
			s.headTag, s.headNames = t.nodes[h].Tag, t.nodes[h].Names
		}
		return s
	}
	same := make(map[shape]int, len(leads))
	for _, i := range leads {
		if t.nodes[hb[i].Node].Names != "" {
			same[shapeOf(i)]++
		}
	}
	for _, i := range leads {
		if t.nodes[hb[i].Node].Names != "" && same[shapeOf(i)] >= 2 {
			drop = append(drop, i)
			dropped += t.words[i]
		}
	}
	// A page that is a list of teasers, a section front, keeps them.
	if kept-dropped < dropped {
		return
	}
	for _, i := range drop {
		blocks[i].Keep, blocks[i].Reason = false, ReasonRelated
	}
}

// loneCard reports whether a lead in element i under a linked headline in
// element h stand in an <article> of their own inside the container c,
// which holds no more than teaserWords of prose and stands beside no
// other <article>: a card that points to another story ("Live blog: the
// war in Ukraine" and its blurb). An <article> that holds the container
// is the story's own; <article>s side by side are the entries of a live
// blog or a list, which the page is made of.
func (t *tree) loneCard(i, h, c int32) bool {
	if i == t.root() || h == t.root() {
		return false
	}
	card := int32(-1)
	for e := t.common(i, h); e != c; e = t.index(t.nodes[e].Parent) {
		if e == t.root() {
			return false // c does not hold the card
		}
		if card < 0 && t.nodes[e].Tag == atom.Article {
			card = e
		}
	}
	return card >= 0 && t.prose[card] <= teaserWords && t.articlesUnder(t.index(t.nodes[card].Parent)) == 1
}

// articlesUnder returns the number of <article> elements whose parent is
// element p, counted once per parent.
func (t *tree) articlesUnder(p int32) int {
	if n, ok := t.articles[p]; ok {
		return n
	}
	n, start := 0, p+1
	if p == t.root() {
		start = 0
	}
	for j := start; int(j) < len(t.nodes) && (p == t.root() || t.nodes[j].Parent >= p); j++ {
		if t.nodes[j].Tag == atom.Article && t.index(t.nodes[j].Parent) == p {
			n++
		}
	}
	if t.articles == nil {
		t.articles = map[int32]int{}
	}
	t.articles[p] = n
	return n
}

// common returns the lowest element that holds both i and j.
func (t *tree) common(i, j int32) int32 {
	depth := func(a int32) int {
		d := 0
		for ; a != t.root(); a = t.index(t.nodes[a].Parent) {
			d++
		}
		return d
	}
	di, dj := depth(i), depth(j)
	for ; di > dj; di-- {
		i = t.index(t.nodes[i].Parent)
	}
	for ; dj > di; dj-- {
		j = t.index(t.nodes[j].Parent)
	}
	for i != j {
		i, j = t.index(t.nodes[i].Parent), t.index(t.nodes[j].Parent)
	}
	return i
}

// sameShape reports whether elements i and j have the same tag and names.
func (t *tree) sameShape(i, j int32) bool {
	if i == t.root() || j == t.root() {
		return i == j
	}
	return t.nodes[i].Tag == t.nodes[j].Tag && t.nodes[i].Names == t.nodes[j].Names
}

// uncutComments undoes the cleaner's cut at reader comments when the
// markup does not bear it out: a cut that takes more prose than it leaves
// in the article, none of it in an element named for comments, most likely
// began at a comment counter above the article ("Comments: 12" among a
// story's statistics). What is undone ends at the first thread after the
// prose.
func (t *tree) uncutComments(p *htmltext.Page, res *boiler.Result, prose []float64) {
	// The blocks of the cut in each element named for comments: one that
	// holds a counter alone ("Comments: 12" in a list of a story's
	// statistics) is no thread (see inCutThread).
	var thread map[int32]int
	for i := range res.Blocks {
		if res.Blocks[i].Reason != boiler.ReasonComments {
			continue
		}
		if e := t.threadOf(t.index(p.Blocks[i].Node)); e != t.root() {
			if thread == nil {
				thread = make(map[int32]int)
			}
			thread[e]++
		}
	}
	// A thread before the prose cut bears the cut out; one after it
	// ends what is undone.
	kept, cut, end := 0, 0, len(res.Blocks)
	for i := range res.Blocks {
		b := &res.Blocks[i]
		switch {
		case b.Keep:
			kept += segment.CountWords(b.Text)
		case b.Reason == boiler.ReasonComments:
			if at := t.index(p.Blocks[i].Node); t.inCutThread(at, thread) {
				if cut == 0 {
					return
				}
				end = min(end, i)
			}
			if w := segment.CountWords(b.Text); w >= uncutWords && end == len(res.Blocks) {
				cut += w
			}
		}
	}
	if float64(cut) <= uncutShare*float64(kept) {
		return
	}
	for i := range res.Blocks[:end] {
		b := &res.Blocks[i]
		if b.Reason == boiler.ReasonComments && segment.CountWords(b.Text) >= uncutWords {
			prose[i] = 1
		}
	}
}

// runInComments counts the prose the cleaner placed outside its run, and
// not the run, when most of the run stands in elements named for reader
// comments: a thread longer than the post it answers drew the cleaner's
// run, and the post above it is the article.
func (t *tree) runInComments(p *htmltext.Page, res *boiler.Result, prose []float64) {
	kept, inComments, outside := 0.0, 0.0, 0.0
	for i := range res.Blocks {
		b := &res.Blocks[i]
		switch {
		case b.Keep:
			kept += t.words[i]
			if t.inThread(t.index(p.Blocks[i].Node)) {
				inComments += t.words[i]
			}
		case b.Reason == boiler.ReasonOutside && b.Class == boiler.Good:
			if !t.inThread(t.index(p.Blocks[i].Node)) {
				outside += t.words[i]
			}
		}
	}
	if inComments == 0 || inComments < holdShare*kept || outside == 0 {
		return
	}
	for i := range res.Blocks {
		b := &res.Blocks[i]
		in := t.inThread(t.index(p.Blocks[i].Node))
		switch {
		case b.Keep && in:
			prose[i] = 0
		case b.Reason == boiler.ReasonOutside && b.Class == boiler.Good && !in:
			prose[i] = 1
		}
	}
}

// inThread reports whether element i stands in an element named for
// reader comments that does not also declare itself the article (an
// <article class="post commented">).
func (t *tree) inThread(i int32) bool {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		if s := t.signal(i); s&sigComments != 0 && s&sigContent == 0 {
			return true
		}
	}
	return false
}

// threadOf returns the outermost element above or at i named for
// comments, or the root when there is none.
func (t *tree) threadOf(i int32) int32 {
	e := t.root()
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		if t.signal(i)&sigComments != 0 {
			e = i
		}
	}
	return e
}

// inCutThread reports whether a block of the comments cut in element i
// stands in a thread: an element named for comments that holds more blocks
// of the cut than this one (thread counts them), or a heading or form
// named for comments ("Comments", "Leave a reply"), not a lone counter.
func (t *tree) inCutThread(i int32, thread map[int32]int) bool {
	e := t.threadOf(i)
	return e != t.root() && (thread[e] > 1 || t.kind(i) == Heading || t.under(i, sigForm))
}

// under reports whether element i or one of its ancestors has a signal
// in s.
func (t *tree) under(i int32, s signal) bool {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		if t.signal(i)&s != 0 {
			return true
		}
	}
	return false
}

// hasTag reports whether element i or one of its ancestors is an a.
func (t *tree) hasTag(i int32, a atom.Atom) bool {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		if t.nodes[i].Tag == a {
			return true
		}
	}
	return false
}

// confirmRescued undoes the rescue of headings that do not lead to the
// article's prose: the headings at the end of a run of rescued blocks must
// be followed by a kept block. The heading of a "Related" or "Read more"
// list inside an article's container stands before chrome, not before
// prose.
func (t *tree) confirmRescued(blocks []Block, rescued []bool, hb []htmltext.Block, rb []boiler.Block) {
	for i := 0; i < len(blocks); {
		if !rescued[i] {
			i++
			continue
		}
		j := i
		for j < len(blocks) && rescued[j] {
			j++
		}
		after := j < len(blocks) && blocks[j].Keep
		end := j
		if !after {
			// Trailing headings introduce what follows, which is not
			// the article.
			for end > i && t.kind(t.index(hb[end-1].Node)) == Heading {
				end--
			}

		}
		for k := end; k < j; k++ {
			blocks[k].Keep, blocks[k].Reason = false, rb[k].Reason
		}
		i = j
	}
}

// sum fills the prose and chrome counts of every element from the blocks
// of p: each block's words count as prose by its weight in prose, as chrome
// for the rest.
func (t *tree) sum(p *htmltext.Page, res *boiler.Result, prose []float64) {
	clear(t.prose)
	clear(t.chrome)
	for i := range res.Blocks {
		w := t.words[i]
		at := t.index(p.Blocks[i].Node)
		t.prose[at] += w * prose[i]
		if res.Blocks[i].Class == boiler.Bad {
			t.chrome[at] += w * (1 - prose[i])
		} else {
			t.chrome[at] += unsureWeight * w * (1 - prose[i])
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
		if t.prose[i] == 0 || !canContain(t.nodes[i].Tag) {
			continue
		}
		if s := t.score(int32(i)); s > bestScore || s == bestScore && s > 0 {
			best, bestScore = int32(i), s
		}
	}
	return best
}

// chromeOf returns the chrome signals of element i inside container c that
// its contents do not belie. Class names such as "sticky-sidebar-parent"
// or "sharing-with-a-team" are put on article bodies too: an element
// holding much of the container's prose, or more prose than chrome, is not
// the chrome it names, unless it names comments, which are prose.
func (t *tree) chromeOf(i, c int32) signal {
	// An article's own header holds its headline, standfirst and
	// byline: the cleaner judges those.
	s := t.signal(i) & sigChrome &^ sigHeader
	if s == 0 || t.prose[i] == 0 {
		return s
	}
	if t.prose[i] >= holdShare*t.prose[c] {
		return 0
	}
	// Text hidden by its class is not shown however long it is, and a
	// box of related stories is one however many teasers it holds; an
	// <aside> or a <figcaption> is what HTML says it is, whatever its
	// length, and so is an element named a fact box or an info box.
	tag := t.nodes[i].Tag
	if s&(sigComments|sigHidden|sigRelated) == 0 && tag != atom.Aside && tag != atom.Figcaption && !boxNamed(t.nodes[i].Names) &&
		t.prose[i] >= proseWords && t.prose[i] >= 2*t.chrome[i] {
		return 0
	}
	return s
}

func (t *tree) score(i int32) float64 {
	s := t.prose[i] - chromeWeight*t.chrome[i]
	sig := t.signal(i)
	if sig&sigContent != 0 {
		s += contentBonus * t.prose[i]
	}
	if sig&(sigComments|sigRelated|sigAside|sigNav|sigFooter|sigShare|sigPromo) != 0 && s > 0 {
		s *= chromePenalty
	}
	return s
}

// describe names element i as a selector: its tag, then its class and id
// names, as "div.article-body.main"; "" for the root.
func (t *tree) describe(i int32) string {
	if i == t.root() {
		return ""
	}
	n := &t.nodes[i]
	return n.Tag.String() + strings.Join(append([]string{""}, strings.Fields(n.Names)...), ".")
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

// amongProse reports whether a block in element i has prose beside it:
// other lines of its element are prose, or its element is a paragraph
// whose parent holds prose.
func (t *tree) amongProse(i int32) bool {
	if i == t.root() {
		return false
	}
	if t.prose[i] > 0 {
		return true // a line of a paragraph broken by <br>
	}
	if isParagraph(t.nodes[i].Tag) {
		up := t.index(t.nodes[i].Parent)
		return t.prose[up] > 0
	}
	return t.inProseRow(i)
}

// inProseRow reports whether element i is a table cell in a row that
// holds prose: the years and figures beside a table's descriptions.
func (t *tree) inProseRow(i int32) bool {
	if i == t.root() {
		return false
	}
	if tag := t.nodes[i].Tag; tag != atom.Td && tag != atom.Th {
		return false
	}
	up := t.index(t.nodes[i].Parent)
	return up != t.root() && t.nodes[up].Tag == atom.Tr && t.prose[up] > 0
}

// besideLast reports whether element i is a paragraph of the same parent
// as the one that holds block last, the article's last kept block: the
// story's closing paragraphs, which often point to earlier coverage with
// links running through their sentences, rather than a box after it.
func (t *tree) besideLast(i int32, blocks []htmltext.Block, last int) bool {
	if last < 0 || i == t.root() || t.nodes[i].Tag != atom.P {
		return false
	}
	l := t.index(blocks[last].Node)
	return l != t.root() && t.nodes[l].Tag == atom.P && t.nodes[i].Parent == t.nodes[l].Parent
}

// listReason reports whether a block dropped for reason may yet be an
// item of a list the article holds: for its links, its shape or its
// place, not for what it says.
func listReason(reason string) bool {
	switch reason {
	case boiler.ReasonLinks, boiler.ReasonNoProse, boiler.ReasonShort, boiler.ReasonSymbols, boiler.ReasonOutside:
		return true
	}
	return false
}

// itemOf returns the list item that element i is or stands in, or -1.
func (t *tree) itemOf(i int32) int32 {
	for ; i != t.root(); i = t.index(t.nodes[i].Parent) {
		switch t.nodes[i].Tag {
		case atom.Li:
			return i
		case atom.Ul, atom.Ol, atom.Table, atom.Article, atom.Section, atom.Body:
			return -1
		}
	}
	return -1
}

// continuesList reports whether block i is an item of a list whose two
// items right before it are kept, each in an item of its own: a list
// goes on as it began.
func (t *tree) continuesList(i int, blocks []htmltext.Block, judged []Block) bool {
	if i < 2 {
		return false
	}
	li := t.itemOf(t.index(blocks[i].Node))
	if li < 0 {
		return false
	}
	prev := li
	for j := i - 1; j >= i-2; j-- {
		lj := t.itemOf(t.index(blocks[j].Node))
		if !judged[j].Keep || lj < 0 || lj == prev || t.nodes[lj].Parent != t.nodes[li].Parent {
			return false
		}
		prev = lj
	}
	return true
}

// maxIntroItems is the most blocks introducedList looks back over for
// the text above a list.
const maxIntroItems = 200

// introWords is the fewest words of a sentence that introduces a list: a
// shorter line ending in a colon is a box's label ("More news:", "You
// might like:").
const introWords = 8

// introducedList reports whether block i is an item of a list that a
// kept sentence introduces: the block right above the list is a sentence
// of introWords or more ending in a colon.
func (t *tree) introducedList(i int, blocks []htmltext.Block, judged []Block) bool {
	li := t.itemOf(t.index(blocks[i].Node))
	if li < 0 {
		return false
	}
	list := t.nodes[li].Parent
	if ok, seen := t.intro[list]; seen {
		return ok
	}
	ok := false
	for j := i - 1; j >= 0 && j >= i-maxIntroItems; j-- {
		if lj := t.itemOf(t.index(blocks[j].Node)); lj >= 0 && t.nodes[lj].Parent == list {
			continue
		}
		intro := strings.TrimSpace(judged[j].Text)
		ok = judged[j].Keep && strings.HasSuffix(intro, ":") && segment.CountWords(intro) >= introWords
		break
	}
	if t.intro == nil {
		t.intro = map[int32]bool{}
	}
	t.intro[list] = ok
	return ok
}

// linkedItem reports whether block b, mostly link text, in element i is
// an item of a list or table inside the article that says more than its
// links ("Neil fixed a crash in the tab unloader" with the bug linked),
// not a linked headline; or a paragraph of linkedWords or more.
func (t *tree) linkedItem(i int32, b htmltext.Block) bool {
	k, w := t.kind(i), segment.CountWords(b.Text)
	para := k == Text && i != t.root() && t.nodes[i].Tag == atom.P && w >= linkedWords
	return (para || (k == Item || k == Cell) && w >= 3) && 10*b.LinkBytes < 9*len(b.Text) && !barred(b.Text)
}

// linkedSentence reports whether text, a paragraph in element i that is
// mostly or wholly link text, reads as a sentence of prose all the same
// ("The ministry has published the report on its website." with the whole
// sentence linked), not a linked headline.
func (t *tree) linkedSentence(i int32, text, lang string) bool {
	return i != t.root() && t.nodes[i].Tag == atom.P && !barred(text) && !teaserShaped(text) && boiler.IsProse(text, lang)
}

// teaserShaped reports whether linked text has the shape of a pointer to
// another page: cut short ("…", "..."), more than one sentence (the lead
// of another story), or led by a short label and a separator ("See also:
// …", "Also » …").
func teaserShaped(text string) bool {
	text = strings.TrimSpace(text)
	if strings.HasSuffix(text, "…") || strings.HasSuffix(text, "...") {
		return true
	}
	words := strings.Fields(text)
	for i := 1; i < len(words); i++ {
		if r, _ := utf8.DecodeRuneInString(words[i]); unicode.IsUpper(r) && boiler.EndsSentence(words[i-1]) {
			return true
		}
	}
	head := text
	for n, i := 0, 0; i < len(text); i++ {
		if text[i] == ' ' {
			if n++; n == 4 {
				head = text[:i]
				break
			}
		}
	}
	return strings.ContainsAny(head, ":»›|") || strings.Contains(head, " - ") || strings.Contains(head, " – ")
}

// linkedNames reports whether block i of blocks, mostly link text, is a
// paragraph of a run that lists names each linked to its own page
// ("Miyazaki: Takanabe, Shintomi, Kushima", then "Kagoshima: …", with
// every town linked to the site's page on it): a short label and a colon,
// then two links or more of a few words each, no sentence, with another
// such labelled paragraph of the same parent within maxRunGap blocks. The
// label is no chrome ("Tags", "Categories", "Share", a byline's "By"):
// a lone line of links under a label is a tag line, a toolbar, pages or
// a byline more often than a list of names.
func (t *tree) linkedNames(i int, blocks []htmltext.Block, lang string) bool {
	b := &blocks[i]
	at := t.index(b.Node)
	if at == t.root() || t.nodes[at].Tag != atom.P || barred(b.Text) ||
		b.Links < 2 || b.LinkBytes > int(b.Links)*maxNameBytes || boiler.EndsSentence(b.Text) {
		return false
	}
	label, ok := labelOf(b.Text)
	if !ok || chromeLabels[strings.ToLower(label)] || boiler.IsChrome(label, lang) || boiler.IsChrome(b.Text, lang) {
		return false
	}
	parent := t.nodes[at].Parent
	for j := max(0, i-maxRunGap); j < len(blocks) && j <= i+maxRunGap; j++ {
		if o := t.index(blocks[j].Node); j != i && o != t.root() && t.nodes[o].Tag == atom.P && t.nodes[o].Parent == parent {
			if _, ok := labelOf(blocks[j].Text); ok {
				return true
			}
		}
	}
	return false
}

// labelOf returns the label that opens text, what stands before its first
// colon: a full-width one, or an ASCII one followed by a space or the end
// (not a URL's scheme nor a clock's), within maxLabelBytes.
func labelOf(text string) (string, bool) {
	for k, r := range text {
		switch {
		case k > maxLabelBytes:
			return "", false
		case r == '：', r == ':' && (k+1 == len(text) || text[k+1] == ' '):
			label := strings.TrimSpace(text[:k])
			return label, label != ""
		}
	}
	return "", false
}

// maxNameBytes is the most bytes, on average, of a link in a paragraph
// linkedNames takes for a list of names: a name of a few words, eight
// characters of a script written without spaces.
const maxNameBytes = 24

// maxLabelBytes is the most bytes of the label before the colon that
// opens a paragraph of linked names ("Miyazaki:", "Starting line-up:",
// thirteen characters of a script written without spaces).
const maxLabelBytes = 40

// maxRunGap is how many blocks away from a paragraph of linked names the
// next labelled paragraph of its run may stand (a subheading or two in
// between: "Magnitude 4", "Magnitude 3").
const maxRunGap = 3

// chromeLabels are labels, lower-cased, over a line of links that are no
// list of names: tags, categories, topics, keywords, bylines and sources,
// in the languages the cleaner reads and others.
var chromeLabels = map[string]bool{
	"tags": true, "tag": true, "tagged": true, "tagged with": true, "labels": true, "categories": true,
	"category": true, "posted in": true, "filed under": true, "keywords": true, "topics": true, "themen": true,
	"thema": true, "schlagworte": true, "schlagwörter": true, "stichworte": true, "stichwörter": true,
	"kategorie": true, "kategorien": true, "thèmes": true, "mots-clés": true, "mots clés": true, "sujets": true,
	"catégories": true, "catégorie": true, "temas": true, "etiquetas": true, "palabras clave": true,
	"categorías": true, "categoría": true, "argomenti": true, "parole chiave": true, "categorie": true,
	"onderwerpen": true, "trefwoorden": true, "tópicos": true, "palavras-chave": true, "tagi": true,
	"štítky": true, "témata": true, "taggar": true, "stikkord": true, "emneord": true, "etiketler": true,
	"konular": true, "теги": true, "метки": true, "рубрики": true, "by": true, "author": true, "authors": true,
	"autor": true, "autoren": true, "auteur": true, "auteurs": true, "autora": true, "autores": true,
	"source": true, "sources": true, "quelle": true, "quellen": true, "fuente": true, "fonte": true,
	"reporting": true, "タグ": true, "标签": true, "標籤": true, "关键词": true, "記者": true, "记者": true, "来源": true,
	"來源": true, "编辑": true, "編輯": true, "出典": true,
}

// linkedWords is the least words of a paragraph mostly linked that is
// kept among the article's paragraphs: a sentence whose every clause
// links a source.
const linkedWords = 20

// keptTexts is the set of the texts of kept blocks, lower-cased, built
// on first use and brought up to date on each: a page that repeats one
// line a million times is read once, not once per line.
type keptTexts struct {
	set  map[string]bool
	upto int // blocks[:upto] are in set
}

// kept reports whether a kept block among blocks, which extend those of
// earlier calls, has the text s, in any case.
func (k *keptTexts) kept(blocks []Block, s string) bool {
	if k.set == nil {
		k.set = make(map[string]bool)
	}
	for ; k.upto < len(blocks); k.upto++ {
		if blocks[k.upto].Keep {
			k.set[strings.ToLower(blocks[k.upto].Text)] = true
		}
	}
	return k.set[strings.ToLower(s)]
}

// inFigures reports whether text in element i is a line of figures of
// the article itself: a table cell or preformatted line (results,
// timings, code) rather than a run of links set apart by bars.
func (t *tree) inFigures(i int32, text string) bool {
	return t.kind(i) >= Pre && !barred(text)
}

// barred reports whether text is set apart by bars, the shape of a row of
// links ("Print | Mail | Share").
func barred(text string) bool { return strings.Contains(text, " | ") }

// canContain reports whether an element of a can hold a whole article:
// paragraphs, headings and lists are parts of one.
func canContain(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.Ul, atom.Ol, atom.Dl, atom.Tr, atom.Tbody, atom.Thead, atom.Tfoot:
		return false
	}
	return !isParagraph(a)
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
