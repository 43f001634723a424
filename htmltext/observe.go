package htmltext

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/charset"
	"github.com/copydesk/copydesk/internal/htmlscan"
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

// readAttrList reads the attributes of the current tag into dst[:0]. Most
// tags are read from the tokenizer's raw bytes without a copy (rawAttrs);
// the others through the tokenizer's TagAttr, which copies each key and
// value.
func readAttrList(z *html.Tokenizer, dst []Attr) []Attr {
	if attrs, ok := rawAttrs(z.Raw(), dst[:0]); ok {
		return attrs
	}
	dst = dst[:0]
	for {
		key, val, more := z.TagAttr()
		if len(dst) < maxAttrs {
			dst = append(dst, Attr{key, val})
		}
		if !more {
			return dst
		}
	}
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
	z := html.NewTokenizer(bytes.NewReader(src))
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

// rawAttrs reads the attributes of the start tag raw ("<name ...>") as the
// tokenizer's TagAttr gives them: keys in lower case, the first of
// duplicate keys only, at most maxAttrs. It reports false, and the caller
// asks the tokenizer, for a tag whose attributes need decoding (a
// character reference, a carriage return, a NUL byte), an upper-case key,
// or one it cannot read to its end here (an unclosed quote). The slices
// returned point into raw.
func rawAttrs(raw []byte, dst []Attr) ([]Attr, bool) {
	n := len(raw)
	if n < 3 || raw[0] != '<' || raw[n-1] != '>' || bytes.IndexAny(raw, "&\r\x00") >= 0 {
		return dst, false
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\f' }
	skip := func(i int) int {
		for i < n && isSpace(raw[i]) {
			i++
		}
		return i
	}
	// The name: its first byte, then up to a space, '/' or '>'.
	i := 2
	for i < n && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	for {
		i = skip(i)
		if i >= n || raw[i] == '>' {
			return dst, true
		}
		// The key: up to a space, '/', '>' or '=' (a leading '=' is part
		// of it).
		ks := i
		for i < n {
			c := raw[i]
			if c == '=' && i == ks {
				i++
				continue
			}
			if isSpace(c) || c == '/' || c == '>' || c == '=' {
				break
			}
			if 'A' <= c && c <= 'Z' {
				return dst, false
			}
			i++
		}
		key := raw[ks:i]
		var val []byte
		if j := skip(i); j < n {
			switch raw[j] {
			case '/':
				i = j + 1
			case '=':
				j = skip(j + 1)
				switch {
				case j >= n || raw[j] == '>':
					i = j
				case raw[j] == '"' || raw[j] == '\'':
					end := bytes.IndexByte(raw[j+1:], raw[j])
					if end < 0 {
						return dst, false
					}
					val, i = raw[j+1:j+1+end], j+2+end
				default:
					vs := j
					for j < n && !isSpace(raw[j]) && raw[j] != '>' {
						j++
					}
					val, i = raw[vs:j], j
				}
			default:
				i = j
			}
		} else {
			i = j
		}
		if len(key) == 0 || len(dst) >= maxAttrs || seenKey(dst, key) {
			continue
		}
		dst = append(dst, Attr{key, val})
	}
}

func seenKey(attrs []Attr, key []byte) bool {
	for _, a := range attrs {
		if bytes.Equal(a.Key, key) {
			return true
		}
	}
	return false
}
