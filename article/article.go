// Package article extracts the main text of a news page: its paragraphs,
// headings and lists, without the navigation, related links, captions,
// share bars, cookie and newsletter boxes, comments and footers around it.
//
// Extract reads the page once with a tokenizer (htmltext.Structure), which
// yields the page's visible text as blocks placed in the tree of its
// block-level elements. Every block is judged from its own text by the
// plain-text cleaner (package boiler) and from its place in the tree: the
// element that holds most of the page's prose and little else is taken as
// the article's container, blocks outside it are dropped, blocks inside it
// are kept unless they stand in an element whose role, class or id marks it
// as page chrome. The work is linear in the size of the page.
package article

import (
	"strings"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/metadata"
	"github.com/copydesk/copydesk/pubdate"
)

// Options tunes Extract. The zero value is ready to use.
type Options struct {
	// ContentType is the HTTP Content-Type of the page when known; its
	// charset parameter decides how the page is decoded.
	ContentType string
	// Text bounds the reading of the page (input size, line length).
	Text htmltext.Options
	// Lang is the page's language when known ("en"); "" lets the cleaner
	// detect it.
	Lang string
	// Dates tunes the publication-date finder.
	Dates pubdate.Options
}

// Kind is the structural role of a paragraph.
type Kind uint8

// Kinds of paragraph.
const (
	Text    Kind = iota // running text: <p>, <div> and the like
	Heading             // <h1>…<h6>
	Item                // a list item or definition
	Quote               // a <blockquote>
	Pre                 // pre-formatted text
	Cell                // a table cell
)

var kindNames = [...]string{"text", "heading", "item", "quote", "pre", "cell"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "text"
}

// Paragraph is one block of the article.
type Paragraph struct {
	Text string
	Kind Kind
}

// Block is one block of the page's visible text with the decision on it,
// for explaining an extraction.
type Block struct {
	Text   string
	Keep   bool
	Reason string // why the block was dropped; "" when kept
}

// Reasons a block is dropped, besides the plain-text cleaner's own
// (boiler.Reason*).
const (
	ReasonOutside    = boiler.ReasonOutside // not in the element that holds the article
	ReasonNavigation = "navigation"         // menus, breadcrumbs
	ReasonAside      = "aside"              // sidebars and widgets
	ReasonFooter     = "footer"             // page and article footers
	ReasonHeader     = "header"             // the site's masthead
	ReasonComments   = "comments"           // reader comments
	ReasonRelated    = "related"            // related and recommended stories
	ReasonShare      = "share"              // share and follow bars
	ReasonPromo      = "promo"              // newsletter, subscription, advertising
	ReasonCaption    = "caption"            // image captions and credits
	ReasonMeta       = "meta"               // tags, categories, author boxes
	ReasonForm       = "form"               // forms and dialogs
	ReasonHidden     = "hidden"             // in an element whose class hides it
	ReasonAfterBody  = "after-body"         // after the article body the page's JSON-LD gives
)

// Reasons a page is not an article.
const (
	NotArticleEmpty = "no-text"  // the page has no visible text
	NotArticleProse = "no-prose" // nothing on the page reads as an article
)

// Article is the result of Extract.
type Article struct {
	// Title is the article's headline: the <h1> that heads the article's
	// text, or the page's metadata title (see metadata.Metadata.Title,
	// which weighs the first <h1> against the meta and JSON-LD titles)
	// where that gives the same headline (metadata.SameHeadline) or no
	// <h1> heads the text, else the headline the cleaner found above the
	// text, else the <title>.
	Title      string
	Paragraphs []Paragraph
	// Lang is the language whose word lists judged the text ("" when
	// none fitted).
	Lang string
	// Charset is the encoding the page was decoded from.
	Charset string
	// Date is the publication (and modification) date the page states,
	// with the signal it came from; HasDate reports whether there is one.
	Date    pubdate.Result
	HasDate bool
	// Meta is what the page says about itself: authors, site name,
	// description, language, canonical URL, main image, type, keywords
	// (package metadata).
	Meta metadata.Metadata
	// NotArticle says why the page does not read as an article, or is "".
	NotArticle string
	// Container names the element found to hold the article, as a
	// selector ("div.article-body"); "" when it is the whole page.
	Container string
	// Blocks is every block of the page's visible text with its decision.
	Blocks []Block

	// noteHeadline is 1 + the index in Blocks of the headline kept in the
	// text of a short post (keepHeadlineOfNote), 0 when there is none.
	noteHeadline int
}

// Text returns the article's paragraphs separated by blank lines.
func (a *Article) Text() string {
	var b strings.Builder
	for i, p := range a.Paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// Extract returns the article of page, an HTML document fetched from url
// (which may be empty). It fails only when the page cannot be read at all;
// a page without an article gives an Article whose NotArticle says why.
func Extract(page []byte, url string, opts Options) (*Article, error) {
	return extract(page, url, opts, shippedModel())
}

// extract is Extract with the block classifier m (nil for the rules
// alone).
func extract(page []byte, url string, opts Options, m *blockModel) (*Article, error) {
	// One pass over the page gives its text, its element tree, its
	// dates and its metadata.
	dates := pubdate.NewFinder(url, opts.Dates)
	var meta metadata.Collector
	var body string
	to := opts.Text
	to.Observer = readers{dates, &meta, meta.Observer(), &body}
	p, err := to.Structure(page, opts.ContentType)
	if err != nil {
		return nil, err
	}
	a := &Article{Charset: p.Charset}
	a.Date, a.HasDate = dates.Result()
	dates.Release()
	a.Meta = meta.Result(url)
	if len(p.Blocks) == 0 {
		a.Title = p.Title
		if a.Meta.Title != "" {
			a.Title = a.Meta.Title
		}
		a.NotArticle = NotArticleEmpty
		// A story shown only to scripts may still stand in its JSON-LD.
		endAtBody(a, body)
		p.Release()
		return a, nil
	}
	lines := make([]string, len(p.Blocks))
	hints := make([]boiler.Hints, len(p.Blocks))
	for i, b := range p.Blocks {
		lines[i] = b.Text
		if len(b.Text) > 0 {
			hints[i].Links = float64(b.LinkBytes) / float64(len(b.Text))
		}
	}
	res := boiler.CleanBlocks(lines, hints, boiler.Options{Lang: opts.Lang})
	a.Lang = res.Lang
	// The page's metadata names the headline more often than its text
	// shows it (0.80 against 0.40 of the dev sets' gold titles).
	a.Title = a.Meta.Title
	if a.Title == "" {
		a.Title = res.Title
	}
	if a.Title == "" {
		a.Title = p.Title
	}
	judge(a, &p, res, m)
	endAtBody(a, body)
	keepStandfirst(a)
	p.Release()
	return a, nil
}

// readers passes every token to the date finder and the metadata reader,
// and hands each JSON-LD script the finder decodes to the reader, so that
// it is decoded once.
type readers struct {
	dates *pubdate.Finder
	meta  *metadata.Collector
	mo    htmltext.Observer // meta's
	body  *string           // the longest JSON-LD articleBody so far
}

func (r readers) StartTag(a atom.Atom, attrs []htmltext.Attr, selfClosing bool) {
	r.dates.StartTag(a, attrs, selfClosing)
	r.mo.StartTag(a, attrs, selfClosing)
}

func (r readers) EndTag(a atom.Atom) {
	r.dates.EndTag(a)
	if v, size, ok := r.dates.JSONLD(); ok {
		r.meta.UseJSONLD(v, size)
		if b := ldArticleBody(v); len(b) > len(*r.body) {
			*r.body = b
		}
	}
	r.mo.EndTag(a)
}

func (r readers) Text(text []byte, in atom.Atom) {
	r.dates.Text(text, in)
	r.mo.Text(text, in)
}
