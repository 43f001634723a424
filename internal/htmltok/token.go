// Copyright 2010 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE.x-net file.

// Package htmltok is golang.org/x/net/html's Tokenizer for a page that is
// already in memory: the same token stream (types, raw bytes, text,
// attributes), read from the page in place instead of copied through a
// reader's buffer. Runs of bytes that cannot end a token (text up to the
// next '<', script and style contents up to the next "</", quoted
// attribute values) are skipped with bytes.IndexByte instead of one read
// per byte, and a tag's attributes are only located, not copied, until
// TagAttr asks for them.
//
// The state machine is x/net/html's (its token.go, from which this file is
// derived); FuzzDifferential checks that both give the same tokens on
// random and real pages. The page is never written to: Text and TagAttr
// return slices of the page when nothing needs decoding, and copies
// otherwise. Character references are decoded by x/net/html itself.
//
// A Tokenizer buffers nothing beyond the page, so a token may be as large
// as the page; bound the page instead (the callers do).
package htmltok

import (
	"bytes"
	"io"

	"golang.org/x/net/html"
)

type span struct {
	start, end int
}

// A Tokenizer returns the HTML tokens of a page. It is not safe for
// concurrent use.
type Tokenizer struct {
	buf []byte
	tt  html.TokenType
	err error
	// buf[raw.start:raw.end] is the current token; buf[raw.end:] is unread.
	raw span
	// data is the current token's data: a text token's text, a tag's name.
	data        span
	pendingAttr [2]span
	// attr holds every attribute read of the current tag, including those
	// x/net/html drops (an empty key, a repeated key); kept, when asked
	// for, lists those it keeps, and keptOK says kept is up to date.
	attr          [][2]span
	kept          [][2]span
	keptOK        bool
	nAttrReturned int
	// rawTag is the lower-case name of the element whose raw text or
	// RCDATA comes next, or "".
	rawTag     string
	textIsRaw  bool
	convertNUL bool
	// scratch holds decoded copies of text and attributes until Next.
	scratch []byte
	// refs maps character references to what they decode to in an
	// attribute value ("" for none).
	refs map[string]string
}

// New returns a Tokenizer for page, which is read but not written to.
func New(page []byte) *Tokenizer {
	z := new(Tokenizer)
	z.Reset(page)
	return z
}

// Reset makes z read page from its start, keeping z's buffers.
func (z *Tokenizer) Reset(page []byte) {
	*z = Tokenizer{buf: page, attr: z.attr[:0], kept: z.kept[:0], scratch: z.scratch[:0], refs: z.refs}
}

// NextIsNotRawText is x/net/html's: the next token is not the raw text of
// the element just started (an svg <title>, say).
func (z *Tokenizer) NextIsNotRawText() {
	z.rawTag = ""
}

// Err returns the error of the last ErrorToken: io.EOF.
func (z *Tokenizer) Err() error {
	if z.tt != html.ErrorToken {
		return nil
	}
	return z.err
}

func (z *Tokenizer) readByte() byte {
	if z.raw.end >= len(z.buf) {
		z.err = io.EOF
		return 0
	}
	x := z.buf[z.raw.end]
	z.raw.end++
	return x
}

// skipTo moves past the next c, or to the end of the page (setting z.err)
// if there is none, and reports whether it found c.
func (z *Tokenizer) skipTo(c byte) bool {
	i := bytes.IndexByte(z.buf[z.raw.end:], c)
	if i < 0 {
		z.raw.end = len(z.buf)
		z.err = io.EOF
		return false
	}
	z.raw.end += i + 1
	return true
}

func (z *Tokenizer) skipWhiteSpace() {
	if z.err != nil {
		return
	}
	for {
		c := z.readByte()
		if z.err != nil {
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
		default:
			z.raw.end--
			return
		}
	}
}

func (z *Tokenizer) readRawOrRCDATA() {
	if z.rawTag == "script" {
		z.readScript()
		z.textIsRaw = true
		z.rawTag = ""
		return
	}
	for z.skipTo('<') {
		c := z.readByte()
		if z.err != nil {
			break
		}
		if c != '/' {
			z.raw.end--
			continue
		}
		if z.readRawEndTag() || z.err != nil {
			break
		}
	}
	z.data.end = z.raw.end
	z.textIsRaw = z.rawTag != "textarea" && z.rawTag != "title"
	z.rawTag = ""
}

// readRawEndTag reads the "script" of "</script>" after the "</", where
// "script" is z.rawTag, and if it is there moves back to the "</".
func (z *Tokenizer) readRawEndTag() bool {
	if !z.readName(z.rawTag) {
		return false
	}
	z.raw.end -= len("</") + len(z.rawTag) + 1
	return true
}

// readName reads name (lower case) in any case and the byte after it, which
// must be one that ends a tag name; it stops at the first byte that does
// not match, leaving it unread.
func (z *Tokenizer) readName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := z.readByte()
		if z.err != nil {
			return false
		}
		if c != name[i] && c != name[i]-('a'-'A') {
			z.raw.end--
			return false
		}
	}
	c := z.readByte()
	if z.err != nil {
		return false
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return true
	}
	z.raw.end--
	return false
}

// readScript reads until the next </script> tag, following the rules for
// escaping and hiding the closing tag: after "<!--" the text is escaped,
// and after "<!--<script" doubly so, until "-->".
func (z *Tokenizer) readScript() {
	defer func() {
		z.data.end = z.raw.end
	}()
	escaped, double, dashes := false, false, 0
	for {
		if !escaped {
			if !z.skipTo('<') {
				return
			}
			c := z.readByte()
			if z.err != nil {
				return
			}
			switch c {
			case '/':
				if z.readRawEndTag() || z.err != nil {
					return
				}
			case '!':
				if z.readDash() && z.readDash() {
					escaped, dashes = true, 2
				}
				if z.err != nil {
					return
				}
			default:
				z.raw.end--
			}
			continue
		}
		c := z.readByte()
		if z.err != nil {
			return
		}
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 {
				escaped, double = false, false
			}
		case '<':
			c = z.readByte()
			if z.err != nil {
				return
			}
			switch {
			case c == '/' && !double:
				if z.readRawEndTag() || z.err != nil {
					return
				}
			case c == '/':
				if z.readRawEndTag() {
					z.raw.end += len("</script>")
					double = false
				} else if z.err != nil {
					return
				}
			case double:
				z.raw.end--
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
				z.raw.end--
				double = z.readName("script")
				if z.err != nil {
					return
				}
			default:
				z.raw.end--
				escaped = false
			}
		}
		dashes = 0
	}
}

// readDash reads a '-', or leaves the next byte unread.
func (z *Tokenizer) readDash() bool {
	c := z.readByte()
	if z.err != nil {
		return false
	}
	if c != '-' {
		z.raw.end--
		return false
	}
	return true
}

// readComment reads the next comment token starting with "<!--", which
// has been consumed.
func (z *Tokenizer) readComment() {
	z.data.start = z.raw.end
	defer func() {
		if z.data.end < z.data.start {
			z.data.end = z.data.start
		}
	}()

	var dashCount int
	beginning := true
	for {
		c := z.readByte()
		if z.err != nil {
			z.data.end = z.calculateAbruptCommentDataEnd()
			return
		}
		switch c {
		case '-':
			dashCount++
			continue
		case '>':
			if dashCount >= 2 || beginning {
				z.data.end = z.raw.end - len("-->")
				return
			}
		case '!':
			if dashCount >= 2 {
				c = z.readByte()
				if z.err != nil {
					z.data.end = z.calculateAbruptCommentDataEnd()
					return
				} else if c == '>' {
					z.data.end = z.raw.end - len("--!>")
					return
				} else if c == '-' {
					dashCount = 1
					beginning = false
					continue
				}
			}
		}
		dashCount = 0
		beginning = false
	}
}

func (z *Tokenizer) calculateAbruptCommentDataEnd() int {
	raw := z.Raw()
	const prefixLen = len("<!--")
	if len(raw) >= prefixLen {
		raw = raw[prefixLen:]
		if bytes.HasSuffix(raw, []byte("--!")) {
			return z.raw.end - 3
		} else if bytes.HasSuffix(raw, []byte("--")) {
			return z.raw.end - 2
		} else if bytes.HasSuffix(raw, []byte("-")) {
			return z.raw.end - 1
		}
	}
	return z.raw.end
}

func (z *Tokenizer) readUntilCloseAngle() {
	z.data.start = z.raw.end
	if !z.skipTo('>') {
		z.data.end = z.raw.end
		return
	}
	z.data.end = z.raw.end - len(">")
}

// readMarkupDeclaration reads the next token starting with "<!", which has
// been consumed: a comment, a doctype or a bogus comment (CDATA sections
// are comments here, as in x/net/html by default).
func (z *Tokenizer) readMarkupDeclaration() html.TokenType {
	z.data.start = z.raw.end
	var c [2]byte
	for i := 0; i < 2; i++ {
		c[i] = z.readByte()
		if z.err != nil {
			z.data.end = z.raw.end
			if i == 1 && c[0] == '>' {
				z.data.end--
			}
			return html.CommentToken
		}
	}
	if c[0] == '-' && c[1] == '-' {
		z.readComment()
		return html.CommentToken
	}
	z.raw.end -= 2
	if z.readDoctype() {
		return html.DoctypeToken
	}
	z.readUntilCloseAngle()
	return html.CommentToken
}

func (z *Tokenizer) readDoctype() bool {
	const s = "DOCTYPE"
	for i := 0; i < len(s); i++ {
		c := z.readByte()
		if z.err != nil {
			// Back up to read the fragment of "DOCTYPE" again; the end
			// of the page is found again by the next read.
			z.raw.end = z.data.start
			z.err = nil
			return false
		}
		if c != s[i] && c != s[i]+('a'-'A') {
			z.raw.end = z.data.start
			return false
		}
	}
	if z.skipWhiteSpace(); z.err != nil {
		z.data.start = z.raw.end
		z.data.end = z.raw.end
		return true
	}
	z.readUntilCloseAngle()
	return true
}

// startTagIn returns whether the tag name in z.buf[z.data.start:z.data.end]
// case-insensitively matches s.
func (z *Tokenizer) startTagIn(s string) bool {
	if z.data.end-z.data.start != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := z.buf[z.data.start+i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// rawTags are the elements whose contents are one raw text or RCDATA
// token, by the first letter of their name.
var rawTags = [...][]string{
	'i': {"iframe"},
	'n': {"noembed", "noframes", "noscript"},
	'p': {"plaintext"},
	's': {"script", "style"},
	't': {"textarea", "title"},
	'x': {"xmp"},
}

func (z *Tokenizer) readStartTag() html.TokenType {
	z.readTag(true)
	if z.err != nil {
		return html.ErrorToken
	}
	c := z.buf[z.data.start]
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	if int(c) < len(rawTags) {
		for _, s := range rawTags[c] {
			if z.startTagIn(s) {
				z.rawTag = s
				break
			}
		}
	}
	// A "/" before the ">" makes the tag self-closing unless it ends the
	// value of the last attribute x/net/html keeps (<p a=/>).
	if z.buf[z.raw.end-2] == '/' {
		kept := z.keptAttrs()
		if n := len(kept); n == 0 || z.raw.end-2 != kept[n-1][1].end-1 {
			return html.SelfClosingTagToken
		}
	}
	return html.StartTagToken
}

// readTag reads the tag token and its attributes. The opening "<a" or
// "</a" has been consumed, where 'a' means anything in [A-Za-z].
func (z *Tokenizer) readTag(saveAttr bool) {
	z.attr = z.attr[:0]
	z.keptOK = false
	z.nAttrReturned = 0
	z.readTagName()
	if z.skipWhiteSpace(); z.err != nil {
		return
	}
	for {
		c := z.readByte()
		if z.err != nil || c == '>' {
			break
		}
		z.raw.end--
		z.readTagAttrKey()
		z.readTagAttrVal()
		if saveAttr {
			z.attr = append(z.attr, z.pendingAttr)
		}
		if z.skipWhiteSpace(); z.err != nil {
			break
		}
	}
}

// keptAttrs returns the attributes of the current tag that x/net/html
// keeps: those with a key, the first of keys equal but for ASCII case.
func (z *Tokenizer) keptAttrs() [][2]span {
	if z.keptOK {
		return z.kept
	}
	z.kept = z.kept[:0]
	var seen map[string]bool
	for _, a := range z.attr {
		key := z.buf[a[0].start:a[0].end]
		if len(key) == 0 {
			continue
		}
		dup := false
		if len(z.attr) <= 16 {
			for _, k := range z.kept {
				if asciiEqualFold(z.buf[k[0].start:k[0].end], key) {
					dup = true
					break
				}
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, len(z.attr))
			}
			l := string(lower(bytes.Clone(key)))
			dup = seen[l]
			seen[l] = true
		}
		if !dup {
			z.kept = append(z.kept, a)
		}
	}
	z.keptOK = true
	return z.kept
}

// asciiEqualFold reports whether a and b are equal but for the case of
// ASCII letters (x/net/html lower-cases keys byte by byte).
func asciiEqualFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		c, d := a[i], b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

func (z *Tokenizer) readTagName() {
	z.data.start = z.raw.end - 1
	for {
		c := z.readByte()
		if z.err != nil {
			z.data.end = z.raw.end
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
			z.data.end = z.raw.end - 1
			return
		case '/', '>':
			z.raw.end--
			z.data.end = z.raw.end
			return
		}
	}
}

func (z *Tokenizer) readTagAttrKey() {
	z.pendingAttr[0].start = z.raw.end
	for {
		c := z.readByte()
		if z.err != nil {
			z.pendingAttr[0].end = z.raw.end
			return
		}
		switch c {
		case '=':
			if z.pendingAttr[0].start+1 == z.raw.end {
				// An equals sign before the name begins is part of it.
				continue
			}
			fallthrough
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			z.raw.end--
			z.pendingAttr[0].end = z.raw.end
			return
		}
	}
}

func (z *Tokenizer) readTagAttrVal() {
	z.pendingAttr[1].start = z.raw.end
	z.pendingAttr[1].end = z.raw.end
	if z.skipWhiteSpace(); z.err != nil {
		return
	}
	c := z.readByte()
	if z.err != nil {
		return
	}
	if c == '/' {
		return
	}
	if c != '=' {
		z.raw.end--
		return
	}
	if z.skipWhiteSpace(); z.err != nil {
		return
	}
	quote := z.readByte()
	if z.err != nil {
		return
	}
	switch quote {
	case '>':
		z.raw.end--
		return

	case '\'', '"':
		z.pendingAttr[1].start = z.raw.end
		if !z.skipTo(quote) {
			z.pendingAttr[1].end = z.raw.end
			return
		}
		z.pendingAttr[1].end = z.raw.end - 1

	default:
		z.pendingAttr[1].start = z.raw.end - 1
		for {
			c := z.readByte()
			if z.err != nil {
				z.pendingAttr[1].end = z.raw.end
				return
			}
			switch c {
			case ' ', '\n', '\r', '\t', '\f':
				z.pendingAttr[1].end = z.raw.end - 1
				return
			case '>':
				z.raw.end--
				z.pendingAttr[1].end = z.raw.end
				return
			}
		}
	}
}

// Next scans the next token and returns its type.
func (z *Tokenizer) Next() html.TokenType {
	z.raw.start = z.raw.end
	z.data.start = z.raw.end
	z.data.end = z.raw.end
	z.scratch = z.scratch[:0]
	if z.err != nil {
		z.tt = html.ErrorToken
		return z.tt
	}
	if z.rawTag != "" {
		if z.rawTag == "plaintext" {
			z.raw.end = len(z.buf)
			z.err = io.EOF
			z.data.end = z.raw.end
			z.textIsRaw = true
		} else {
			z.readRawOrRCDATA()
		}
		if z.data.end > z.data.start {
			z.tt = html.TextToken
			z.convertNUL = true
			return z.tt
		}
	}
	z.textIsRaw = false
	z.convertNUL = false

	for z.skipTo('<') {
		// Is the '<' just read part of a tag, comment or doctype? If not,
		// it is part of the text.
		c := z.readByte()
		if z.err != nil {
			break
		}
		var tokenType html.TokenType
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			tokenType = html.StartTagToken
		case c == '/':
			tokenType = html.EndTagToken
		case c == '!' || c == '?':
			tokenType = html.CommentToken
		default:
			z.raw.end--
			continue
		}

		// Text read before the tag is a token of its own, returned first.
		if x := z.raw.end - len("<a"); z.raw.start < x {
			z.raw.end = x
			z.data.end = x
			z.tt = html.TextToken
			return z.tt
		}
		switch tokenType {
		case html.StartTagToken:
			z.tt = z.readStartTag()
			return z.tt
		case html.EndTagToken:
			c = z.readByte()
			if z.err != nil {
				break
			}
			if c == '>' {
				// "</>" is no token at all: an empty comment stands for
				// its raw bytes.
				z.tt = html.CommentToken
				return z.tt
			}
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				z.readTag(false)
				if z.err != nil {
					z.tt = html.ErrorToken
				} else {
					z.tt = html.EndTagToken
				}
				return z.tt
			}
			z.raw.end--
			z.readUntilCloseAngle()
			z.tt = html.CommentToken
			return z.tt
		case html.CommentToken:
			if c == '!' {
				z.tt = z.readMarkupDeclaration()
				return z.tt
			}
			z.raw.end--
			z.readUntilCloseAngle()
			z.tt = html.CommentToken
			return z.tt
		}
		break
	}
	if z.raw.start < z.raw.end {
		z.data.end = z.raw.end
		z.tt = html.TextToken
		return z.tt
	}
	z.tt = html.ErrorToken
	return z.tt
}

// Raw returns the bytes of the current token, a slice of the page.
func (z *Tokenizer) Raw() []byte {
	return z.buf[z.raw.start:z.raw.end:z.raw.end]
}

var (
	nul         = []byte{0}
	replacement = []byte("\ufffd")
)

// Text returns the text of a text, comment or doctype token as x/net/html
// does: "\r\n" and "\r" as "\n", NUL as U+FFFD where it would be,
// character references decoded outside raw text. The slice may be the
// page itself (when nothing needed changing): it must not be written to.
// It is valid until the next call to Next.
func (z *Tokenizer) Text() []byte {
	switch z.tt {
	case html.TextToken, html.CommentToken, html.DoctypeToken:
	default:
		return nil
	}
	s := z.buf[z.data.start:z.data.end:z.data.end]
	z.data.start = z.raw.end
	z.data.end = z.raw.end
	cr := bytes.IndexByte(s, '\r') >= 0
	nulToo := (z.convertNUL || z.tt == html.CommentToken) && bytes.IndexByte(s, 0) >= 0
	amp := !z.textIsRaw && bytes.IndexByte(s, '&') >= 0
	if !cr && !nulToo && !amp {
		return s
	}
	z.scratch = append(z.scratch[:0], s...)
	s = z.scratch
	if cr {
		s = convertNewlines(s)
	}
	if nulToo {
		s = bytes.ReplaceAll(s, nul, replacement)
	}
	if amp {
		s = []byte(html.UnescapeString(string(s)))
	}
	return s
}

// TagAttr returns the lower-cased key and decoded value of the next
// attribute of the current start tag, and whether there are more, as
// x/net/html's TagAttr does. The slices are valid until the next call to
// Next; they are slices of the page where nothing needs changing, and
// must not be written to.
func (z *Tokenizer) TagAttr() (key, val []byte, moreAttr bool) {
	if z.tt != html.StartTagToken && z.tt != html.SelfClosingTagToken {
		return nil, nil, false
	}
	kept := z.keptAttrs()
	if z.nAttrReturned >= len(kept) {
		return nil, nil, false
	}
	x := kept[z.nAttrReturned]
	z.nAttrReturned++
	key = z.buf[x[0].start:x[0].end:x[0].end]
	for _, c := range key {
		if 'A' <= c && c <= 'Z' || c == 0 {
			key = lower(z.copied(x[0]))
			break
		}
	}
	val = z.buf[x[1].start:x[1].end:x[1].end]
	if bytes.IndexByte(val, '&') >= 0 || bytes.IndexByte(val, '\r') >= 0 || bytes.IndexByte(val, 0) >= 0 {
		val = z.unescapeAttr(convertNewlines(z.copied(x[1])))
	}
	return key, val, z.nAttrReturned < len(kept)
}

// unescapeAttr returns v with its character references decoded as
// x/net/html decodes them in an attribute value, in scratch.
func (z *Tokenizer) unescapeAttr(v []byte) []byte {
	start := len(z.scratch)
	for {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			break
		}
		z.scratch = append(z.scratch, v[:i]...)
		v = v[i:]
		n, named := refLen(v)
		// A name without ';' before '=' is left as it is in an attribute.
		if named && v[n-1] != ';' && n < len(v) && v[n] == '=' {
			n = 0
		}
		if dec, ok := z.decodeRef(v[:n]); ok {
			z.scratch = append(z.scratch, dec...)
			v = v[n:]
		} else {
			z.scratch = append(z.scratch, '&')
			v = v[1:]
		}
	}
	z.scratch = append(z.scratch, v...)
	return z.scratch[start:len(z.scratch):len(z.scratch)]
}

// refLen returns the length of the longest character reference that
// starts s, which starts with '&' (the bytes x/net/html reads for it),
// and whether it is a named one.
func refLen(s []byte) (n int, named bool) {
	i := 1
	if i < len(s) && s[i] == '#' {
		i++
		hex := i < len(s) && (s[i] == 'x' || s[i] == 'X')
		if hex {
			i++
		}
		for i < len(s) && ('0' <= s[i] && s[i] <= '9' || hex && ('a' <= s[i]|0x20 && s[i]|0x20 <= 'f')) {
			i++
		}
	} else {
		named = true
		for i < len(s) && ('0' <= s[i] && s[i] <= '9' || 'a' <= s[i]|0x20 && s[i]|0x20 <= 'z') {
			i++
		}
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	return i, named
}

// maxRefs bounds the decoded references a Tokenizer remembers.
const maxRefs = 256

// decodeRef returns what the character reference ref decodes to in an
// attribute value, and false if it is not one. x/net/html decodes it, in
// a tag of its own; a reference decodes whole or not at all in an
// attribute, whatever follows it but '=', so this is the value's decoding.
func (z *Tokenizer) decodeRef(ref []byte) (string, bool) {
	if len(ref) < 2 {
		return "", false
	}
	if ref[1] == '#' {
		return numericRef(ref)
	}
	if dec, ok := z.refs[string(ref)]; ok {
		return dec, dec != ""
	}
	t := html.NewTokenizer(bytes.NewReader([]byte(`<a b="` + string(ref) + `">`)))
	t.Next()
	_, val, _ := t.TagAttr()
	dec := string(val)
	if dec == string(ref) {
		dec = ""
	}
	if z.refs == nil {
		z.refs = make(map[string]string)
	}
	if len(z.refs) < maxRefs {
		z.refs[string(ref)] = dec
	}
	return dec, dec != ""
}

// numericRef decodes ref, "&#" and decimal digits or "&#x" and hex
// digits, then an optional ';', as x/net/html decodes it: the value stops
// growing past U+10FFFF; 0x80 to 0x9F are read as Windows-1252; NUL,
// surrogates and values past U+10FFFF become U+FFFD. It reports false
// when no digit follows.
func numericRef(ref []byte) (string, bool) {
	i := 2
	hex := i < len(ref) && ref[i]|0x20 == 'x'
	if hex {
		i++
	}
	i0 := i
	x := rune(0)
	for ; i < len(ref); i++ {
		c := ref[i]
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case hex && 'a' <= c|0x20 && c|0x20 <= 'f':
			d = rune(c|0x20-'a') + 10
		default:
			i = len(ref) // the ';' that ends it
			continue
		}
		if x <= 0x10FFFF {
			if hex {
				x = 16*x + d
			} else {
				x = 10*x + d
			}
		}
	}
	if i0 == len(ref) || ref[i0] == ';' {
		return "", false
	}
	switch {
	case 0x80 <= x && x <= 0x9F:
		x = windows1252[x-0x80]
	case x == 0 || 0xD800 <= x && x <= 0xDFFF || x > 0x10FFFF:
		x = '\uFFFD'
	}
	return string(x), true
}

// windows1252 is what a numeric reference to 0x80 to 0x9F stands for.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

// copied returns a copy of the bytes of s with NUL as U+FFFD, in scratch.
func (z *Tokenizer) copied(s span) []byte {
	b := z.buf[s.start:s.end]
	if bytes.IndexByte(b, 0) >= 0 {
		b = bytes.ReplaceAll(b, nul, replacement)
	}
	start := len(z.scratch)
	z.scratch = append(z.scratch, b...)
	return z.scratch[start:len(z.scratch):len(z.scratch)]
}

func lower(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// convertNewlines converts "\r" and "\r\n" in s to "\n", in place.
func convertNewlines(s []byte) []byte {
	for i, c := range s {
		if c != '\r' {
			continue
		}
		src := i + 1
		if src >= len(s) || s[src] != '\n' {
			s[i] = '\n'
			continue
		}
		dst := i
		for src < len(s) {
			if s[src] == '\r' {
				if src+1 < len(s) && s[src+1] == '\n' {
					src++
				}
				s[dst] = '\n'
			} else {
				s[dst] = s[src]
			}
			src++
			dst++
		}
		return s[:dst]
	}
	return s
}
