// Package htmltext turns an HTML page into "WET-like" plain text: the
// visible text of the page, one line per block, the way Common Crawl's WET
// files present it.
//
// The conversion is a single pass over the tokens golang.org/x/net/html's
// Tokenizer gives, read in place from the decoded page by internal/htmltok (no
// tree is built), so it runs at tokenizer speed and its memory use does not
// depend on nesting depth. The rules are:
//
//   - The page is decoded to UTF-8 first: byte order mark, then the
//     charset parameter of contentType, then a <meta charset> or
//     <meta http-equiv="Content-Type"> declaration (searched in the first
//     64 KiB, up to <body>), and otherwise UTF-8 if the bytes are valid
//     UTF-8 and windows-1252 if they are not. A page declared in a legacy
//     encoding whose non-ASCII bytes are nevertheless all valid UTF-8 is
//     read as UTF-8 (stale declarations on re-encoded pages are far more
//     common than legacy text that happens to be valid UTF-8). Invalid
//     sequences that remain
//     become U+FFFD, so the output is always valid UTF-8.
//   - The contents of script, style, noscript, template, svg, iframe,
//     noembed and noframes are dropped, as is everything inside <head>
//     except the title. The first <title> is returned separately as
//     Doc.Title and never appears in the text. Comments, doctypes and
//     processing instructions produce nothing. CSS is not evaluated, so
//     text hidden by style sheets or the hidden attribute is kept, as in
//     WET files.
//   - Block-level elements (p, div, br, li, h1-h6, tr, td, th, section,
//     article, header, footer, nav, aside, blockquote, pre, table, ul, ol,
//     dl, dt, dd, figure, figcaption, form, hr, option, ...) end the
//     current line; inline elements (a, span, b, em, ...) do not, so
//     "a<b>b</b>c" is one word, as a browser renders it.
//   - Within a line, runs of white space (any Unicode space, including
//     U+00A0 from &nbsp;) collapse to one ASCII space; lines are trimmed
//     and empty lines are dropped, so the text has no blank lines, no
//     leading or trailing spaces, and no trailing newline. Inside pre,
//     listing, textarea, xmp and plaintext a newline ends the line.
//   - Entities are decoded. C0 and C1 control characters and U+FEFF are
//     dropped.
//
// The work is bounded: at most Options.MaxInputBytes of the page are read
// (the rest is ignored and Doc.InputTruncated is set), and a line longer
// than Options.MaxLineBytes is cut at a character boundary (the rest of
// that block is dropped and counted in Doc.LinesTruncated). The output is
// at most about three times the input (a windows-1252 byte or an invalid
// byte can become a three-byte UTF-8 sequence), and the tokenizer reads the
// decoded page in place, copying at most one token's text. Malformed input never
// causes a panic or an error.
package htmltext

import (
	"io"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/charset"
	"github.com/copydesk/copydesk/internal/htmlscan"
	"github.com/copydesk/copydesk/internal/htmltok"
)

// Defaults for Options.
const (
	// DefaultMaxInputBytes is the default cap on the page bytes read.
	DefaultMaxInputBytes = 16 << 20
	// DefaultMaxLineBytes is the default cap on the length of one line.
	DefaultMaxLineBytes = 64 << 10
	// maxTitleBytes caps Doc.Title.
	maxTitleBytes = 2048
)

// Options bounds the work done by Extract. The zero value uses the
// defaults.
type Options struct {
	// Observer, when set, is passed every token Extract, Blocks and
	// Structure read (see Observer).
	Observer Observer
	// MaxInputBytes is how much of the page is read. 0 means
	// DefaultMaxInputBytes; a negative value means no limit.
	MaxInputBytes int
	// MaxLineBytes is the longest line emitted, in bytes. 0 means
	// DefaultMaxLineBytes; a negative value means no limit.
	MaxLineBytes int
	// MaxDepth bounds the nesting of the element tree Structure tracks;
	// the text of deeper elements belongs to the deepest tracked one.
	// 0 or less means DefaultMaxDepth.
	MaxDepth int
}

// Doc is the result of Extract.
type Doc struct {
	// Title is the text of the first <title> element, whitespace
	// collapsed, or "".
	Title string
	// Text is the visible text, one line per block, lines separated by
	// "\n", without blank lines or a trailing newline.
	Text string
	// Charset is the canonical name of the encoding the page was read
	// with, such as "utf-8" or "windows-1252".
	Charset string
	// InputTruncated reports that the page was longer than
	// MaxInputBytes and only its beginning was read.
	InputTruncated bool
	// LinesTruncated counts lines cut at MaxLineBytes.
	LinesTruncated int
}

// Visible returns the visible text of page using the default Options.
// contentType is the HTTP Content-Type header value, or "" if unknown.
func Visible(page []byte, contentType string) (string, error) {
	d, err := Options{}.Extract(page, contentType)
	return d.Text, err
}

// Extract is Options{}.Extract.
func Extract(page []byte, contentType string) (Doc, error) {
	return Options{}.Extract(page, contentType)
}

// Extract returns the title and visible text of page. contentType is the
// HTTP Content-Type header value, or "" if unknown. The error is always
// nil for now; it is there for future input sources.
func (o Options) Extract(page []byte, contentType string) (Doc, error) {
	var d Doc
	text, err := o.appendText(nil, page, contentType, &d)
	d.Text = string(text)
	return d, err
}

// WriteText writes the visible text of page to w, followed by a newline if
// the text is not empty, and returns the other fields of the Doc (its Text
// is empty). It is meant for writing many documents into one stream.
func (o Options) WriteText(w io.Writer, page []byte, contentType string) (Doc, error) {
	var d Doc
	text, err := o.appendText(nil, page, contentType, &d)
	if err != nil {
		return d, err
	}
	if len(text) > 0 {
		text = append(text, '\n')
		_, err = w.Write(text)
	}
	return d, err
}

func (o Options) limits() (maxIn, maxLine int) {
	maxIn, maxLine = o.MaxInputBytes, o.MaxLineBytes
	if maxIn == 0 {
		maxIn = DefaultMaxInputBytes
	}
	if maxLine == 0 {
		maxLine = DefaultMaxLineBytes
	}
	return maxIn, maxLine
}

// appendText appends the visible text of page to dst and fills the other
// fields of d.
func (o Options) appendText(dst, page []byte, contentType string, d *Doc) ([]byte, error) {
	return o.scan(dst, page, contentType, d, nil)
}

// scan appends the visible text of page to dst and fills the other fields
// of d; with a tracker t it also follows the tracked elements and records
// one lineMarks per line in t.
func (o Options) scan(dst, page []byte, contentType string, d *Doc, t *tracker) ([]byte, error) {
	maxIn, maxLine := o.limits()
	if maxIn > 0 && len(page) > maxIn {
		page = page[:maxIn]
		d.InputTruncated = true
	}
	src, name := charset.Decode(page, contentType)
	d.Charset = name

	if dst == nil {
		dst = make([]byte, 0, len(src)/8+64)
	}
	w := lineWriter{out: dst, start: len(dst), max: maxLine, t: t}
	title := lineWriter{max: maxTitleBytes}

	z := htmltok.New(src)
	obs := o.Observer
	var (
		attrs      []Attr    // the attributes of the current start tag, when wanted
		rawElem    atom.Atom // the raw-text element whose contents come next, for obs
		rawSkip    bool      // the next text token is the raw contents of a dropped element
		inTitle    bool      // the next text token is the contents of a <title>
		titleDone  bool
		inHead     bool
		seenBody   bool
		skipDepth  int // open template elements
		svgDepth   int // open svg elements
		preDepth   int // open pre-formatted elements
		plaintext  bool
		rawPreText bool // the next text token is raw text kept pre-formatted
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF, or a reader error that bytes.Reader never
			// returns: either way, keep what was extracted.
			w.finish()
			d.LinesTruncated = w.truncated
			if !titleDone {
				title.finish()
			}
			d.Title = string(title.out)
			return w.out, nil

		case html.TextToken:
			text := z.Text()
			if obs != nil {
				obs.Text(text, rawElem)
				rawElem = 0
			}
			if rawSkip {
				rawSkip = false
				continue
			}
			if skipDepth > 0 || svgDepth > 0 {
				continue
			}
			if inTitle {
				if !titleDone {
					title.text(text, false)
				}
				continue
			}
			if inHead {
				if isASCIISpace(text) {
					continue
				}
				// Non-space text ends the head, as in the HTML parser.
				inHead = false
			}
			w.text(text, preDepth > 0 || rawPreText || plaintext)
			rawPreText = false

		case html.StartTagToken, html.SelfClosingTagToken:
			a, hasAttr := htmlscan.TagAtom(z.Raw())
			selfClosing := tt == html.SelfClosingTagToken
			attrs = attrs[:0]
			if hasAttr && (obs != nil || t != nil) {
				attrs = readAttrList(z, attrs)
			}
			if obs != nil {
				obs.StartTag(a, attrs, selfClosing)
				rawElem = 0
				if isRawText(a) && svgDepth == 0 {
					rawElem = a
				}
			}
			if svgDepth > 0 {
				switch {
				case a == atom.Svg && !selfClosing:
					svgDepth++
				case breaksOutOfForeign(a):
					svgDepth = 0
				}
				if svgDepth > 0 {
					// In foreign content there are no raw-text
					// elements: an svg <title/> or <style> must not
					// swallow the rest of the page.
					z.NextIsNotRawText()
					continue
				}
			}
			if skipDepth > 0 {
				if a == atom.Template {
					skipDepth++
				}
				rawSkip = isRawText(a)
				continue
			}
			if inHead && !inHeadElement(a) {
				inHead = false
			}
			// A "/>" on an HTML element other than a void one is
			// ignored by browsers (and the tokenizer enters raw-text
			// mode regardless), so only svg honours selfClosing.
			switch a {
			case atom.Head:
				if !seenBody {
					inHead = true
				}
				continue
			case atom.Body:
				inHead, seenBody = false, true
				w.brk()
				continue
			case atom.Template:
				skipDepth++
				continue
			case atom.Svg:
				if !selfClosing {
					svgDepth++
				}
				continue
			case atom.Title:
				inTitle = true
				continue
			case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Noembed, atom.Noframes:
				rawSkip = true
				continue
			case atom.Textarea, atom.Xmp:
				w.brk()
				rawPreText = true
				continue
			case atom.Plaintext:
				w.brk()
				plaintext = true
				continue
			case atom.Pre, atom.Listing:
				preDepth++
			}
			if isBlock(a) {
				w.brk()
			}
			if t != nil && !selfClosing && !htmlscan.IsVoid(a) {
				t.start(a, attrs)
			}

		case html.EndTagToken:
			a, _ := htmlscan.TagAtom(z.Raw())
			rawSkip, rawPreText = false, false
			if obs != nil {
				obs.EndTag(a)
				rawElem = 0
			}
			if inTitle && a == atom.Title {
				inTitle = false
				if len(title.out) > 0 {
					titleDone = true
				}
				continue
			}
			if svgDepth > 0 {
				if a == atom.Svg {
					svgDepth--
				}
				continue
			}
			if skipDepth > 0 {
				if a == atom.Template {
					skipDepth--
				}
				continue
			}
			switch a {
			case atom.Head:
				inHead = false
				continue
			case atom.Pre, atom.Listing:
				if preDepth > 0 {
					preDepth--
				}
			}
			if isBlock(a) {
				w.brk()
			}
			if t != nil {
				t.end(a)
			}
		}
	}
}

// isRawText reports whether the tokenizer reads the contents of a as one
// raw text token.
func isRawText(a atom.Atom) bool {
	switch a {
	case atom.Iframe, atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext,
		atom.Script, atom.Style, atom.Textarea, atom.Title, atom.Xmp:
		return true
	}
	return false
}

// inHeadElement reports whether a start tag of a keeps the HTML parser in
// the head.
func inHeadElement(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Title, atom.Meta, atom.Link, atom.Style, atom.Script,
		atom.Noscript, atom.Base, atom.Basefont, atom.Bgsound, atom.Template, atom.Html:
		return true
	}
	return false
}

// breaksOutOfForeign reports whether a start tag of a ends svg or MathML
// content in the HTML parser (the "font" case, which depends on
// attributes, is left out).
func breaksOutOfForeign(a atom.Atom) bool {
	switch a {
	case atom.B, atom.Big, atom.Blockquote, atom.Body, atom.Br, atom.Center, atom.Code,
		atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Em, atom.Embed, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Hr, atom.I, atom.Img,
		atom.Li, atom.Listing, atom.Menu, atom.Meta, atom.Nobr, atom.Ol, atom.P,
		atom.Pre, atom.Ruby, atom.S, atom.Small, atom.Span, atom.Strong, atom.Strike,
		atom.Sub, atom.Sup, atom.Table, atom.Tt, atom.U, atom.Ul, atom.Var:
		return true
	}
	return false
}

// isBlock reports whether a start or end tag of a ends the current line.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body,
		atom.Br, atom.Caption, atom.Center, atom.Dd, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.Frameset, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr,
		atom.Html, atom.Legend, atom.Li, atom.Listing, atom.Main, atom.Menu,
		atom.Nav, atom.Ol, atom.Optgroup, atom.Option, atom.P, atom.Pre,
		atom.Search, atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Td,
		atom.Tfoot, atom.Th, atom.Thead, atom.Tr, atom.Ul, atom.Xmp,
		atom.Plaintext, atom.Textarea, atom.Select:
		return true
	}
	return false
}

func isASCIISpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			return false
		}
	}
	return true
}

// lineWriter appends text to out line by line, collapsing white space.
// Its spaces are those of segment.NormalizeSpace, but it works in one pass
// as the tokenizer streams, breaks lines in preformatted text and drops
// control characters on the way, so it keeps its own loop.
// Lines are separated by '\n'; the separator is written lazily when the
// first character of the next line arrives, so there are never empty lines
// or a trailing newline.
type lineWriter struct {
	out       []byte
	start     int  // len(out) when writing began
	lineLen   int  // bytes in the current line; 0 at the start of a line
	space     bool // a space is pending before the next character
	full      bool // the current line reached max; drop until brk
	max       int  // max line length in bytes; <= 0 means no limit
	truncated int  // lines cut at max

	// With a tracker, the text of hidden elements is dropped and t.lines
	// gets one entry per line written, counting its bytes by the markup
	// context they were written in.
	t *tracker
}

// context is what the open elements say about the text being written.
type context uint8

const (
	ctxLink   context = 1 << iota // inside a link or a control (button, drop-down)
	ctxHidden                     // inside an element the page hides
)

// lineMarks counts the bytes of one line by context and records the
// element the line began in.
type lineMarks struct {
	text, link int
	node       int32
	links      int32
}

// brk ends the current line.
func (w *lineWriter) brk() {
	w.lineLen = 0
	w.space = false
	w.full = false
}

func (w *lineWriter) finish() { w.brk() }

// emit appends p, which must be valid UTF-8 without spaces or controls,
// to the current line.
func (w *lineWriter) emit(p []byte) {
	if w.full || w.t != nil && w.t.ctx&ctxHidden != 0 {
		return
	}
	space := 0
	if w.lineLen > 0 && w.space {
		space = 1
	}
	if w.max > 0 && w.lineLen+space+len(p) > w.max {
		// Keep as much of p as fits, on a rune boundary.
		n := w.max - w.lineLen - space
		for n > 0 && n < len(p) && !utf8.RuneStart(p[n]) {
			n--
		}
		w.full = true
		w.truncated++
		if n <= 0 {
			return
		}
		p = p[:n]
	}
	if w.lineLen == 0 {
		if len(w.out) > w.start {
			w.out = append(w.out, '\n')
		}
		if w.t != nil {
			w.t.lines = append(w.t.lines, lineMarks{node: w.t.cur()})
		}
	} else if space == 1 {
		w.out = append(w.out, ' ')
		w.lineLen++
	}
	w.out = append(w.out, p...)
	w.lineLen += len(p)
	w.space = false
	if w.t != nil {
		m := &w.t.lines[len(w.t.lines)-1]
		n := len(p) + space
		m.text += n
		if w.t.ctx&ctxLink != 0 {
			m.link += n
			if w.t.linkOpened {
				m.links++
				w.t.linkOpened = false
			}
		}
	}
}

var replacementChar = []byte("\uFFFD")

// text appends the characters of b. If pre is set, '\n' ends the line;
// otherwise it is white space like any other.
func (w *lineWriter) text(b []byte, pre bool) {
	i := 0
	for i < len(b) {
		c := b[i]
		if c > ' ' && c < 0x7f {
			// A run of printable ASCII other than space.
			j := i + 1
			for j < len(b) && b[j] > ' ' && b[j] < 0x7f {
				j++
			}
			w.emit(b[i:j])
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '\n':
				if pre {
					w.brk()
				} else if w.lineLen > 0 {
					w.space = true
				}
			case ' ', '\t', '\f', '\r', '\v':
				if w.lineLen > 0 {
					w.space = true
				}
			}
			// Other C0 controls and DEL are dropped.
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.emit(replacementChar)
		case unicode.IsSpace(r):
			if w.lineLen > 0 {
				w.space = true
			}
		case r < 0xA0 || r == 0xFEFF:
			// C1 controls and byte order marks are dropped.
		default:
			w.emit(b[i : i+size])
		}
		i += size
	}
}
