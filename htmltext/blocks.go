package htmltext

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/internal/htmlscan"
)

// Block is one line of a page's visible text with the number of its bytes
// that stand inside links or controls (buttons, drop-down lists): menus,
// related stories, tag clouds and the labels of controls ("Listen", "Copy
// link", "Share") are mostly link text, prose is mostly not.
type Block struct {
	Text      string
	LinkBytes int
	// Links is the number of links and controls whose text begins in
	// the line.
	Links int32
	// Node is the index in Page.Nodes of the innermost tracked element
	// open when the line began, or -1 when none was (text directly in
	// <body>, or deeper than the tracked depth).
	Node int32
}

// Node is a tracked element of the page: a block-level element or a link.
// Inline formatting (span, b, em, ...) is not tracked.
type Node struct {
	Tag    atom.Atom
	Parent int32 // index in Page.Nodes; -1 for a top-level element
	// Names is the element's class and id attributes, lower-cased and
	// joined by a space, cut to maxNames bytes.
	Names string
	// Role and ItemProp are the role and itemprop attributes, lower-cased.
	Role, ItemProp string
}

// maxNames bounds Node.Names.
const maxNames = 256

// Page is a page's visible text as Blocks placed in the tree of its
// tracked elements.
type Page struct {
	Doc    // Text is empty: it is in the Blocks
	Blocks []Block
	Nodes  []Node

	scratch *scratch // the buffers Release gives back
}

// scratch holds the buffers of a Structure pass, for the next to reuse.
type scratch struct {
	text   []byte
	open   []openElement
	lines  []lineMarks
	nodes  []Node
	blocks []Block
}

var scratchPool sync.Pool // of *scratch

// maxPooledText bounds the text buffer kept for reuse; a larger one, from
// an exceptional page, is left to the garbage collector.
const maxPooledText = 1 << 20

// Release gives the Page's buffers back for a later Structure to reuse,
// which spares the allocator and the garbage collector a page's element
// tree per page. The Page's Blocks and Nodes must not be used after it;
// strings taken from them stay valid.
func (p *Page) Release() {
	sc := p.scratch
	if sc == nil || cap(sc.text) > maxPooledText {
		return
	}
	clear(p.Nodes) // the strings they hold are not kept alive by the pool
	clear(p.Blocks)
	sc.nodes, sc.blocks = p.Nodes[:0], p.Blocks[:0]
	p.scratch, p.Nodes, p.Blocks = nil, nil, nil
	scratchPool.Put(sc)
}

// Blocks returns the visible text of page as Blocks, one per line of
// Extract's Text, and the other fields of the Doc (its Text is empty).
func (o Options) Blocks(page []byte, contentType string) ([]Block, Doc, error) {
	p, err := o.Structure(page, contentType)
	return p.Blocks, p.Doc, err
}

// Structure returns the visible text of page as Blocks, one per line of
// Extract's Text, with the tracked elements they stand in. Elements are
// tracked to a depth of Options.MaxDepth; deeper ones are not, and their text is
// attributed to the deepest tracked one. Elements the page hides (the
// hidden attribute, an inline display:none or visibility:hidden style) are
// dropped with their contents, as a browser does not render them, and so
// are those it keeps from screen readers (aria-hidden="true"), paragraphs
// under a paywall excepted (see readAttrs). Unbalanced markup is repaired the way the HTML
// parser does for the common cases: a new paragraph or block closes an open
// <p>, a list item closes the previous one, a cell or row the previous
// cell or row.
func (o Options) Structure(page []byte, contentType string) (Page, error) {
	var p Page
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	t := &tracker{maxOpen: o.MaxDepth, open: sc.open[:0], lines: sc.lines[:0], nodes: sc.nodes[:0]}
	if t.maxOpen <= 0 {
		t.maxOpen = DefaultMaxDepth
	}
	text, err := o.scan(sc.text[:0], page, contentType, &p.Doc, t)
	if err != nil {
		return p, err
	}
	sc.text, sc.open, sc.lines = text, t.open, t.lines
	p.scratch = sc
	p.Nodes = t.nodes
	p.Blocks = slices.Grow(sc.blocks[:0], len(t.lines))
	s := string(text)
	for i := 0; len(s) > 0 && i < len(t.lines); i++ {
		line, rest, _ := strings.Cut(s, "\n")
		m := t.lines[i]
		p.Blocks = append(p.Blocks, Block{Text: line, LinkBytes: m.link, Links: m.links, Node: m.node})
		s = rest
	}
	return p, nil
}

// DefaultMaxDepth is the default bound on the tracked element stack
// (Options.MaxDepth).
const DefaultMaxDepth = 256

// maxNodes bounds the number of tracked elements recorded for a page;
// further elements still scope links and hidden content but are not
// recorded, and their text is attributed to their nearest recorded
// ancestor.
const maxNodes = 1 << 18

type openElement struct {
	a    atom.Atom
	ctx  context
	node int32 // index in tracker.nodes, or the nearest recorded ancestor's
}

// tracker follows the tracked elements and records, per line, its bytes by
// context and the element it began in.
type tracker struct {
	open     []openElement
	maxOpen  int               // bound on len(open)
	overflow map[atom.Atom]int // pushes beyond maxOpen, ignored, by tag
	nodes    []Node
	ctx      context
	lines    []lineMarks
	// linkOpened is set when a link or control opens outside any other,
	// until its first text is written: the line counts one more link.
	linkOpened bool
}

// cur returns the innermost recorded open element, or -1.
func (t *tracker) cur() int32 {
	if len(t.open) == 0 {
		return -1
	}
	return t.open[len(t.open)-1].node
}

// start handles a start tag of a, with its attributes, that is not
// self-closing.
func (t *tracker) start(a atom.Atom, attrs []Attr) {
	c, tracked := markOf(a)
	var n Node
	if len(attrs) > 0 {
		// Text for screen readers is hidden too, except in a heading:
		// there it is the punctuation that makes the heading read as
		// one line ("Kicker<span class=sr-only>:</span> Headline").
		if hidden, screenReader := readAttrs(a, attrs, &n); hidden || screenReader && !t.inHeading() {
			c |= ctxHidden
			tracked = true
		}
	}
	if control(a, n.Role) {
		// A control's label is link text, but not in a heading: an
		// accordion's question is set as a button inside one.
		tracked = true
		if !t.inHeading() {
			c |= ctxLink
		}
	}
	if !tracked {
		return
	}
	t.closeImplied(a)
	if len(t.open) >= t.maxOpen {
		if t.overflow == nil {
			t.overflow = map[atom.Atom]int{}
		}
		t.overflow[a]++
		return
	}
	idx := t.cur()
	if a != atom.A && len(t.nodes) < maxNodes {
		n.Tag, n.Parent = a, idx
		idx = int32(len(t.nodes))
		t.nodes = append(t.nodes, n)
	}
	if c&ctxLink != 0 && t.ctx&ctxLink == 0 {
		t.linkOpened = true // after closeImplied: a button closes the one it opens in
	}
	t.open = append(t.open, openElement{a, c, idx})
	t.ctx |= c
}

// closeImplied closes the open elements that a start tag of a ends
// without an end tag of their own.
func (t *tracker) closeImplied(a atom.Atom) {
	switch {
	case a == atom.Li:
		t.closeWithin(atom.Li, atom.Ul, atom.Ol, atom.Menu)
	case a == atom.Dt || a == atom.Dd:
		t.closeWithin(atom.Dt, atom.Dl)
		t.closeWithin(atom.Dd, atom.Dl)
	case a == atom.Td || a == atom.Th:
		t.closeWithin(atom.Td, atom.Tr, atom.Table)
		t.closeWithin(atom.Th, atom.Tr, atom.Table)
	case a == atom.Tr:
		t.closeWithin(atom.Tr, atom.Table)
	case a == atom.Button:
		// A button inside a button closes the first, as the HTML
		// parser does.
		t.closeWithin(atom.Button, atom.Table, atom.Td, atom.Th, atom.Caption, atom.Template)
	}
	if !closesP(a) {
		return
	}
	// The open <p> is closed, with what was left open inside it
	// (a span tracked for its class, a control), but not past a link,
	// which the parser carries into the next paragraph, a button, or a
	// block.
	for i := len(t.open) - 1; i >= 0; i-- {
		switch e := t.open[i].a; {
		case e == atom.P:
			t.truncate(i)
			return
		case e == atom.A, e == atom.Button, isBlock(e):
			return
		}
	}
}

// closeWithin pops back to an open a unless one of the scope elements is
// open inside it.
func (t *tracker) closeWithin(a atom.Atom, scope ...atom.Atom) {
	for i := len(t.open) - 1; i >= 0; i-- {
		e := t.open[i].a
		if e == a {
			t.truncate(i)
			return
		}
		for _, s := range scope {
			if e == s {
				return
			}
		}
	}
}

// end handles an end tag of a: it closes the innermost open a and
// everything opened inside it. An end tag with no open element to close is
// ignored.
func (t *tracker) end(a atom.Atom) {
	if t.overflow[a] > 0 {
		// The element closed is most likely one that was never
		// pushed; guess so rather than unwinding the stack.
		t.overflow[a]--
		return
	}
	for i := len(t.open) - 1; i >= 0; i-- {
		if t.open[i].a == a {
			t.truncate(i)
			return
		}
	}
}

// inHeading reports whether an <h1>…<h6> is open.
func (t *tracker) inHeading() bool {
	for _, e := range t.open {
		switch e.a {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		}
	}
	return false
}

func (t *tracker) truncate(n int) {
	t.open = t.open[:n]
	t.ctx = 0
	for _, e := range t.open {
		t.ctx |= e.ctx
	}
}

// readAttrs reads the attributes of a start tag of a into n and reports
// whether they hide the element, and whether its class keeps it for
// screen readers only. aria-hidden="true" hides the element too: it keeps
// icons, players and copies of a text (a pull quote) from screen readers,
// all of which a reader of the text does not want either. A paragraph
// whose class names a paywall is the exception: it is the story's text,
// on the screen under the paywall's veil, and the page sends it.
func readAttrs(a atom.Atom, attrs []Attr, n *Node) (hidden, screenReader bool) {
	var names []byte
	ariaHidden := false
	for _, at := range attrs {
		key, val := at.Key, at.Val
		switch string(key) {
		case "class", "id":
			if key[0] == 'c' && screenReaderOnly(val) {
				screenReader = true
			}
			if len(names)+len(val)+1 <= maxNames {
				if len(names) > 0 {
					names = append(names, ' ')
				}
				names = appendLower(names, val)
			}
		case "role":
			n.Role = string(appendLower(nil, bytes.TrimSpace(val)))
		case "itemprop":
			n.ItemProp = string(appendLower(nil, bytes.TrimSpace(val)))
		case "hidden":
			hidden = true
		case "aria-hidden":
			ariaHidden = bytes.EqualFold(bytes.TrimSpace(val), []byte("true"))
		case "style":
			hidden = hidden || hidingStyle(val)
		}
	}
	n.Names = string(names)
	hidden = hidden || ariaHidden && !(a == atom.P && paywalled(names))
	return hidden, screenReader
}

// paywalled reports whether an element's names, lower-cased, call it
// text under a paywall.
func paywalled(names []byte) bool {
	for _, w := range [...]string{"paywall", "premium", "subscriber", "locked", "blurred"} {
		if bytes.Contains(names, []byte(w)) {
			return true
		}
	}
	return false
}

// screenReaderClasses are the classes with which style sheets keep text
// for screen readers off the screen ("Open the box", "Image caption",
// "Advertisement"): a browser shows none of it.
var screenReaderClasses = []string{
	"sr-only", "sr-text", "screen-reader-text", "screen-reader-only", "screenreader-only",
	"visually-hidden", "visuallyhidden", "u-visually-hidden", "hidden-visually",
	"offscreen", "h-offscreen", "is-offscreen", "element-invisible", "show-for-sr", "a11y-only",
	"assistive-text",
}

// screenReaderHints holds fragments of the screenReaderClasses, so that
// most class attributes are passed over in one read.
var screenReaderHints = htmlscan.NewHints("sr-", "reader", "visual", "offscreen", "invisible", "a11y", "assistive")

// screenReaderOnly reports whether a class attribute holds one of the
// screenReaderClasses. Class names are matched as written, as style
// sheets match them.
func screenReaderOnly(class []byte) bool {
	if !htmlscan.In(screenReaderHints, class) {
		return false
	}
	for _, c := range bytes.Fields(class) {
		if slices.Contains(screenReaderClasses, string(c)) {
			return true
		}
	}
	return false
}

// hidingStyle reports whether an inline style hides its element:
// "display: none" or "visibility: hidden", in any case and spacing.
func hidingStyle(style []byte) bool {
	return styleIs(style, "display", "none") || styleIs(style, "visibility", "hidden")
}

// styleIs reports whether style sets the property prop (lower case) to
// value (lower case), ignoring ASCII case and spaces around the colon.
func styleIs(style []byte, prop, value string) bool {
	for i := 0; i+len(prop) <= len(style); i++ {
		if !hasPrefixFold(style[i:], prop) {
			continue
		}
		rest := bytes.TrimLeft(style[i+len(prop):], " \t\n\r\f")
		if len(rest) == 0 || rest[0] != ':' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\n\r\f")
		if hasPrefixFold(rest, value) {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether b begins with the lower-case ASCII
// prefix, ignoring case.
func hasPrefixFold(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for j := 0; j < len(prefix); j++ {
		c := b[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[j] {
			return false
		}
	}
	return true
}

func appendLower(dst, s []byte) []byte {
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// markOf returns the context a start tag opens, and whether the element
// is tracked at all. The labels of controls count as link text too: like
// a link, each is a control (play, share, pick a section or an edition),
// not something the page says (start reads them, see control).
func markOf(a atom.Atom) (context, bool) {
	switch a {
	case atom.A:
		return ctxLink, true
	case atom.Br, atom.Hr:
		return 0, false
	}
	return 0, isBlock(a)
}

// control reports whether an element of tag a and ARIA role is a control:
// a button, a drop-down list, or an inline element whose role makes it a
// button, tab, menu item, switch or option. A block's role is not taken
// for one: a whole story may stand in an element a script made a tab.
func control(a atom.Atom, role string) bool {
	switch a {
	case atom.Button, atom.Select:
		return true
	}
	if isBlock(a) {
		return false
	}
	switch role {
	case "button", "tab", "menuitem", "switch", "option":
		return true
	}
	return false
}

// closesP reports whether a start tag of a closes an open <p>.
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center,
		atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset,
		atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Main,
		atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Listing, atom.Search,
		atom.Section, atom.Summary, atom.Table, atom.Ul, atom.Li, atom.Dd, atom.Dt:
		return true
	}
	return false
}
