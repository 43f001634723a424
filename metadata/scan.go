package metadata

import (
	"bytes"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/internal/htmlscan"
)

// Extract does not tokenize what cannot hold metadata. Before the
// tokenizer runs, a scan over the page's '<' bytes finds comments and the
// raw-text elements (script, style, noscript, iframe, textarea, ...) and
// leaves them out, keeping only <title> and JSON-LD scripts; it also finds
// where the body and the first <h1> start. The tokenizer reads the head,
// then the body from the first <h1> to afterH1Bytes past its end (or, on
// a page without an <h1>, the body's first noH1Bytes). In the rest, only
// the <meta> and <link> tags and, near the part read, the tags whose
// class, id, rel or itemprop holds "author", "byline" or "autor" are
// tokenized, each with what follows it up to islandBytes, and the JSON-LD
// scripts are read from the scan. Most of a news page's bytes are
// scripts, styles, navigation and article text, so this reads a small
// part of it.
const (
	// afterH1Bytes is how much of the page, scripts and styles left out,
	// is tokenized after the end of the first <h1>.
	afterH1Bytes = 8 << 10
	// noH1Bytes bounds what is tokenized of the head, and of the body of
	// a page without an <h1>.
	noH1Bytes = 48 << 10
	// islandBytes bounds the text tokenized from a byline tag found
	// elsewhere, extended to maxIslandBytes when more byline tags follow
	// within it; maxIslands bounds the number of such parts, and of the
	// <meta> and <link> tags read elsewhere.
	islandBytes    = 2 << 10
	maxIslandBytes = 8 << 10
	maxIslands     = 16
	// maxHeadTags bounds the <meta> and <link> tags found by the scan.
	maxHeadTags = 1024
	// Byline tags are looked for in the beforeH1Search bytes of the page
	// before the <h1>, and in the afterStopSearch bytes after where the
	// tokenizer stopped.
	beforeH1Search  = 32 << 10
	afterStopSearch = 64 << 10
	// maxTagLook bounds how far before a hint the start of its tag is
	// looked for.
	maxTagLook = 1 << 10
	// maxTokenBytes bounds one token: a longer one ends the reading.
	maxTokenBytes = 4 << 20
)

// feed tokenizes page and reports its tokens to c as the Collector
// contract describes, reading only the attributes c looks at and skipping
// the text c does not want, within the bounds above.
func feed(c *Collector, page []byte) {
	l := scanPage(page)
	var f feeder
	var done []span // the parts of the page tokenized
	from := 0
	if l.h1 >= 0 {
		head := l.h1
		if l.body >= 0 && l.body < head {
			head = l.body
		}
		spans := clipSpans(l.keep, 0, head)
		n := f.run(c, page, spans, noH1Bytes, false)
		done = append(done, span{0, pageOffset(spans, n)})
		from = l.h1
	}
	spans := clipSpans(l.keep, from, len(page))
	n := f.run(c, page, spans, noH1Bytes, true)
	stop := pageOffset(spans, n)
	done = append(done, span{from, stop})

	// The JSON-LD scripts the tokenizer did not reach.
	ldType := []html.Attribute{{Key: "type", Val: "application/ld+json"}}
	for _, s := range l.ld {
		if within(done, s.start) {
			continue
		}
		// The tokenizer may have stopped right after this script's
		// start tag.
		if !c.rawLD || s.start != stop {
			c.StartTag(atom.Script, ldType)
		}
		c.Text(page[s.start:s.end])
		c.EndTag(atom.Script)
	}
	// Byline tags are looked for near the part tokenized: before the
	// <h1> and after the stop.
	rest := subtract(l.keep, done)
	near := clipSpans(rest, stop, stop+afterStopSearch)
	if l.h1 >= 0 {
		near = append(clipSpans(rest, l.h1-beforeH1Search, l.h1), near...)
	}
	for _, is := range islands(page, rest, near, l.meta) {
		c.endIsland()
		f.run(c, page, []span{is}, is.end-is.start, false)
	}
	c.endIsland()
}

// within reports whether offset i is in one of spans.
func within(spans []span, i int) bool {
	for _, s := range spans {
		if s.start <= i && i < s.end {
			return true
		}
	}
	return false
}

// clipSpans returns the parts of spans within [from, to).
func clipSpans(spans []span, from, to int) []span {
	var out []span
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		out = append(out, span{max(s.start, from), min(s.end, to)})
	}
	return out
}

// subtract returns the parts of spans outside the sorted, disjoint cut.
func subtract(spans, cut []span) []span {
	out := spans
	for _, c := range cut {
		var next []span
		for _, s := range out {
			next = append(next, clipSpans([]span{s}, s.start, c.start)...)
			next = append(next, clipSpans([]span{s}, c.end, s.end)...)
		}
		out = next
	}
	return out
}

// A feeder reports the tokens of spans of a page to a Collector.
type feeder struct {
	attrs []html.Attribute
}

// run tokenizes spans of page until they end or limit bytes are read, or
// with untilH1, afterH1Bytes after the end of the first <h1>, and returns
// the bytes read.
func (f *feeder) run(c *Collector, page []byte, spans []span, limit int, untilH1 bool) int {
	z := html.NewTokenizer(&spanReader{page: page, spans: spans})
	z.SetMaxBuf(maxTokenBytes)
	read, h1Done := 0, c.h1Seen && !c.inH1
	for read <= limit {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		read += len(z.Raw())
		switch tt {
		case html.TextToken:
			if c.wantsText() {
				c.Text(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			a, more := htmlscan.TagAtom(z.Raw())
			f.attrs = f.attrs[:0]
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if key := attrKey(a, k, v); key != "" {
					f.attrs = append(f.attrs, html.Attribute{Key: key, Val: string(v)})
				}
			}
			c.StartTag(a, f.attrs)
			if tt == html.SelfClosingTagToken && !rawText(a) {
				c.EndTag(a)
			}
		case html.EndTagToken:
			a, _ := htmlscan.TagAtom(z.Raw())
			c.EndTag(a)
		}
		if untilH1 && !h1Done && c.h1Seen && !c.inH1 {
			h1Done = true
			limit = min(limit, read+afterH1Bytes)
		}
	}
	return read
}

// islands returns the parts of spans to tokenize for the tags there that
// may hold metadata: the <meta> and <link> tags at the offsets tags, and
// the tags within near whose class, id, rel or itemprop value holds one
// of hintWords, each with what follows it up to islandBytes or
// the end of its span. At most maxIslands of each kind, in page order.
func islands(page []byte, spans, near []span, tags []int) []span {
	var out []span
	for _, t := range tags {
		if len(out) == maxIslands {
			break
		}
		for _, s := range spans {
			if s.start <= t && t < s.end {
				if gt := bytes.IndexByte(page[t:s.end], '>'); gt >= 0 {
					out = append(out, span{t, t + gt + 1})
				}
				break
			}
		}
	}
	var bylines []span
	for _, s := range near {
		var next [len(hintWords)]int
		for k, w := range hintWords {
			next[k] = nextWord(page, s.start, s.end, w)
		}
		for len(bylines) < maxIslands {
			k := 0
			for j := range next {
				if next[j] < next[k] {
					k = j
				}
			}
			i := next[k]
			if i >= s.end {
				break
			}
			next[k] = nextWord(page, i+1, s.end, hintWords[k])
			// The tag around the hint, if it is in one.
			from := max(s.start, i-maxTagLook)
			lt := bytes.LastIndexByte(page[from:i], '<')
			if lt < 0 {
				continue
			}
			lt += from
			if bytes.IndexByte(page[lt:i], '>') >= 0 || !hintAttr(page[lt:i]) {
				continue
			}
			is := span{lt, min(lt+islandBytes, s.end)}
			if n := len(bylines); n > 0 && is.start < bylines[n-1].end {
				// A byline tag within the last: read on to its end.
				last := &bylines[n-1]
				last.end = min(max(last.end, is.end), last.start+maxIslandBytes)
				continue
			}
			bylines = append(bylines, is)
		}
	}
	// Merge the two in page order.
	all := make([]span, 0, len(out)+len(bylines))
	for len(out) > 0 || len(bylines) > 0 {
		if len(bylines) == 0 || (len(out) > 0 && out[0].start < bylines[0].start) {
			all, out = appendIsland(all, out[0]), out[1:]
		} else {
			all, bylines = appendIsland(all, bylines[0]), bylines[1:]
		}
	}
	return all
}

// hintWords are looked for in class, id, rel and itemprop values to find
// byline tags: the words classHint looks for that are most used.
var hintWords = [...]string{"author", "byline", "autor"}

// appendIsland appends s to islands unless it starts within the last.
func appendIsland(islands []span, s span) []span {
	if n := len(islands); n > 0 && s.start < islands[n-1].end {
		return islands
	}
	return append(islands, s)
}

// nextWord returns the offset of the first word in page[from:end], or end.
func nextWord(page []byte, from, end int, word string) int {
	if i := bytes.Index(page[from:end], []byte(word)); i >= 0 {
		return from + i
	}
	return end
}

// hintAttr reports whether tag, the start of a tag up to a hint, ends
// inside the value of a class, id, rel or itemprop attribute.
func hintAttr(tag []byte) bool {
	eq := bytes.LastIndexByte(tag, '=')
	if eq < 0 {
		return false
	}
	name := bytes.TrimRight(tag[:eq], " \t\n\r\f")
	k := len(name)
	for k > 0 && (isLetter(name[k-1]) || name[k-1] == '-') {
		k--
	}
	switch string(bytes.ToLower(name[k:])) {
	case "class", "id", "rel", "itemprop":
		return true
	}
	return false
}

func isLetter(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}

// A span is the range [start, end) of a page.
type span struct{ start, end int }

// layout is what the scan finds: the spans that may be tokenized, in
// order, the contents of the JSON-LD scripts, the offsets of the first
// <meta> and <link> tags, and those of the <body> and first <h1> start tags (-1 when
// there is none).
type layout struct {
	keep     []span
	ld       []span
	meta     []int // offsets of <meta> and <link> tags, at most maxHeadTags
	body, h1 int
}

// scanPage lays out page. The scan follows the tokenizer: a comment ends
// at the first "-->", a raw-text element at its first end tag; a '<'
// inside an attribute value may mislead it, which costs at most the
// element it stands in.
func scanPage(page []byte) layout {
	l := layout{body: -1, h1: -1}
	from, i := 0, 0
	for {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := page[i+1:]
		if bytes.HasPrefix(rest, []byte("!--")) {
			e := bytes.Index(page[i+2:], []byte("-->"))
			l.keep = appendSpan(l.keep, from, i)
			if e < 0 {
				return l
			}
			i += 2 + e + 3
			from = i
			continue
		}
		if len(rest) == 0 {
			break
		}
		switch rest[0] | 0x20 {
		case 'b':
			if l.body < 0 && isTag(rest, "body") {
				l.body = i
			}
		case 'h':
			if l.h1 < 0 && isTag(rest, "h1") {
				l.h1 = i
			}
		case 'm', 'l':
			if len(l.meta) < maxHeadTags && (isTag(rest, "meta") || isTag(rest, "link")) {
				l.meta = append(l.meta, i)
			}
		}
		if !mayBeRaw(rest[0]) {
			i++
			continue
		}
		a, _ := htmlscan.TagAtom(page[i:])
		if !rawText(a) {
			i++
			continue
		}
		if a == atom.Plaintext {
			l.keep = appendSpan(l.keep, from, i)
			return l
		}
		gt := bytes.IndexByte(page[i:], '>')
		if gt < 0 {
			break
		}
		open := page[i : i+gt+1]
		body := i + gt + 1
		end := endTag(page, body, a.String())
		closeEnd := len(page)
		if end < len(page) {
			if k := bytes.IndexByte(page[end:], '>'); k >= 0 {
				closeEnd = end + k + 1
			}
		}
		switch {
		case a == atom.Title:
			// Tokenized as it is.
		case a == atom.Script && containsFold(open, "ld+json"):
			l.ld = append(l.ld, span{body, end})
		default:
			l.keep = appendSpan(l.keep, from, i)
			from = closeEnd
		}
		i = closeEnd
		if i >= len(page) {
			break
		}
	}
	l.keep = appendSpan(l.keep, from, len(page))
	return l
}

func appendSpan(s []span, start, end int) []span {
	if end <= start {
		return s
	}
	if n := len(s); n > 0 && s[n-1].end == start {
		s[n-1].end = end
		return s
	}
	return append(s, span{start, end})
}

// isTag reports whether b, what follows a '<', starts with the tag name.
func isTag(b []byte, name string) bool {
	return len(b) > len(name) && bytes.EqualFold(b[:len(name)], []byte(name)) &&
		(b[len(name)] == '>' || b[len(name)] == '/' || isSpace(b[len(name)]))
}

// mayBeRaw reports whether a tag name starting with c may name a
// raw-text element: iframe, noembed, noframes, noscript, plaintext,
// script, style, textarea, title or xmp.
func mayBeRaw(c byte) bool {
	switch c | 0x20 {
	case 'i', 'n', 'p', 's', 't', 'x':
		return true
	}
	return false
}

// endTag returns the offset of the first "</name" (any case) at or after
// from that the tokenizer takes for an end tag, or len(page).
func endTag(page []byte, from int, name string) int {
	for i := from; ; {
		j := bytes.Index(page[i:], []byte("</"))
		if j < 0 {
			return len(page)
		}
		i += j
		k := i + 2 + len(name)
		if k <= len(page) && bytes.EqualFold(page[i+2:k], []byte(name)) &&
			(k == len(page) || page[k] == '>' || page[k] == '/' || isSpace(page[k])) {
			return i
		}
		i += 2
	}
}

// A spanReader reads the spans of a page one after the other.
type spanReader struct {
	page  []byte
	spans []span
	off   int // read from the page in spans[0]
}

func (r *spanReader) Read(p []byte) (int, error) {
	for len(r.spans) > 0 && r.spans[0].start+r.off >= r.spans[0].end {
		r.spans, r.off = r.spans[1:], 0
	}
	if len(r.spans) == 0 {
		return 0, io.EOF
	}
	s := r.spans[0]
	n := copy(p, r.page[s.start+r.off:s.end])
	r.off += n
	return n, nil
}

// pageOffset returns the offset in the page of the byte n bytes into the
// spans.
func pageOffset(spans []span, n int) int {
	for _, s := range spans {
		if n < s.end-s.start {
			return s.start + n
		}
		n -= s.end - s.start
	}
	if len(spans) == 0 {
		return 0
	}
	return spans[len(spans)-1].end
}
