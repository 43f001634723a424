package htmltext

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/charset"
	"github.com/copydesk/copydesk/internal/htmlscan"
	"github.com/copydesk/copydesk/internal/htmltok"
)

// Attr is one attribute of a start tag: its key, lower case, and its value
// with character references decoded. Both slices are valid only during the
// Observer call they are passed to.
type Attr struct {
	Key, Val []byte
}

// An Observer sees the tokens of a page as they are read, so that other
// readers of the page (its dates, its metadata) need no pass of their own.
// Every start tag, end tag and text token is passed in document order,
// including those inside elements whose text is not visible (script,
// style, title, template, svg). The slices passed are valid only during the
// call.
type Observer interface {
	StartTag(a atom.Atom, attrs []Attr, selfClosing bool)
	EndTag(a atom.Atom)
	// Text is a text token. in is the raw-text element whose contents
	// it is (script, style, title, textarea, ...), or 0 for ordinary
	// text.
	Text(text []byte, in atom.Atom)
}

// maxAttrs bounds the attributes read from one tag; the rest are skipped.
const maxAttrs = 64

// readAttrList reads the attributes of the current tag into dst[:0], at
// most maxAttrs of them.
func readAttrList(z *htmltok.Tokenizer, dst []Attr) []Attr {
	dst = dst[:0]
	for more := true; more && len(dst) < maxAttrs; {
		var key, val []byte
		if key, val, more = z.TagAttr(); key != nil {
			dst = append(dst, Attr{key, val})
		}
	}
	return dst
}

// Observe decodes page (by its Content-Type, as Extract does) and passes
// its tokens to obs. It is the pass Structure makes without building
// anything, for a reader that needs only the tokens. At most
// MaxInputBytes of the page are read.
func (o Options) Observe(page []byte, contentType string, obs Observer) {
	maxIn, _ := o.limits()
	if maxIn > 0 && len(page) > maxIn {
		page = page[:maxIn]
	}
	src, _ := charset.Decode(page, contentType)
	z := htmltok.New(src)
	var (
		attrs []Attr
		raw   atom.Atom // the raw-text element being read
	)
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			obs.Text(z.Text(), raw)
		case html.StartTagToken, html.SelfClosingTagToken:
			a, hasAttr := htmlscan.TagAtom(z.Raw())
			attrs = attrs[:0]
			if hasAttr {
				attrs = readAttrList(z, attrs)
			}
			obs.StartTag(a, attrs, tt == html.SelfClosingTagToken)
			raw = 0
			if tt == html.StartTagToken && isRawText(a) {
				raw = a
			}
		case html.EndTagToken:
			a, _ := htmlscan.TagAtom(z.Raw())
			raw = 0
			obs.EndTag(a)
		}
	}
}
