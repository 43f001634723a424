// Package charset decodes web pages to UTF-8 by the rules browsers follow:
// byte order mark, then the HTTP Content-Type charset, then a <meta>
// declaration, then a guess for undeclared legacy pages.
package charset

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	xcharset "golang.org/x/net/html/charset"

	"github.com/copydesk/copydesk/internal/htmlscan"
	"github.com/copydesk/copydesk/internal/htmltok"
)

// metaScanBytes bounds the prefix searched for a <meta> charset declaration.
// The HTML standard's prescan looks at 1024 bytes only, but real pages often
// put the declaration after kilobytes of inline script and style, and
// browsers then switch encodings when they reach it. Scanning stops earlier
// at the first <body> tag or </head>.
const metaScanBytes = 64 << 10

// BOM returns the encoding that a byte order mark at the start of b
// names, "utf-8", "utf-16be" or "utf-16le", and the mark's length; "" and
// 0 when b starts with none. This package is where copydesk reads byte
// order marks, for pages, plain text and archives alike.
func BOM(b []byte) (name string, n int) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return "utf-8", 3
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return "utf-16be", 2
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return "utf-16le", 2
	}
	return "", 0
}

// TrimUTF8BOM returns b without the UTF-8 byte order mark it may start
// with (editors on Windows start files with one).
func TrimUTF8BOM(b []byte) []byte {
	if name, n := BOM(b); name == "utf-8" {
		return b[n:]
	}
	return b
}

// Decode returns the page as UTF-8 (possibly still containing invalid
// sequences, which the text writer replaces with U+FFFD) and the canonical
// name of the encoding used. The order of precedence follows the HTML
// standard: byte order mark, then the Content-Type charset parameter, then a
// <meta> declaration, then a guess (UTF-8 when the bytes are valid UTF-8,
// windows-1252 otherwise). One deviation: a page declared in a legacy
// encoding whose non-ASCII bytes are all valid UTF-8 is read as UTF-8.
func Decode(page []byte, contentType string) ([]byte, string) {
	switch name, n := BOM(page); name {
	case "utf-8":
		return page[n:], name
	case "utf-16be", "utf-16le":
		return decodeWith(page[n:], name)
	}
	if name := utf16Guess(page); name != "" {
		// No ASCII-compatible page has a NUL in every other byte,
		// whatever its label says.
		return decodeWith(page, name)
	}
	if label := contentTypeCharset(contentType); label != "" {
		if _, name := xcharset.Lookup(label); name != "" {
			if isUTF8Text(page, name) {
				return page, "utf-8"
			}
			return decodeWith(page, name)
		}
	}
	if label := metaCharset(page); label != "" {
		if _, name := xcharset.Lookup(label); name != "" {
			// A document that could be read as ASCII to find the
			// declaration cannot really be UTF-16; the standard says to
			// read it as UTF-8, and x-user-defined as windows-1252.
			switch {
			case strings.HasPrefix(name, "utf-16"):
				name = "utf-8"
			case name == "x-user-defined":
				name = "windows-1252"
			}
			if isUTF8Text(page, name) {
				return page, "utf-8"
			}
			return decodeWith(page, name)
		}
	}
	// Undeclared: the HTML standard's guess, stricter than
	// ReadsAsUTF8(page, false), which would read a mostly-UTF-8 page with
	// stray bytes as UTF-8; that has not been measured on pages.
	if utf8.Valid(page) {
		return page, "utf-8"
	}
	return decodeWith(page, "windows-1252")
}

// isUTF8Text reports whether a page declared to be in the ASCII-compatible
// legacy encoding name is in fact UTF-8: it has non-ASCII bytes and all of
// them form valid UTF-8. Text in a legacy encoding is almost never valid
// UTF-8 by accident, while pages re-saved or re-served as UTF-8 with a
// stale declaration are common, so the bytes win over the label here.
// It asks more than ReadsAsUTF8 does: to overturn a legacy label the bytes
// must be wholly valid UTF-8, not merely mostly so.
func isUTF8Text(page []byte, name string) bool {
	if name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return false
	}
	for _, c := range page {
		if c >= utf8.RuneSelf {
			return utf8.Valid(page)
		}
	}
	return false
}

// decodeWith converts page from the named encoding to UTF-8. UTF-8 input is
// returned as is. If the decoder fails, windows-1252 is used instead: it maps
// every byte, so it cannot fail.
func decodeWith(page []byte, name string) ([]byte, string) {
	if name == "utf-8" {
		if ReadsAsUTF8(page, true) {
			return page, name
		}
		// A stale declaration: the page was saved in a legacy encoding
		// under a UTF-8 label.
		name = "windows-1252"
	}
	e, _ := xcharset.Lookup(name)
	if e != nil {
		if out, err := e.NewDecoder().Bytes(page); err == nil {
			return out, name
		}
	}
	if name != "windows-1252" {
		return decodeWith(page, "windows-1252")
	}
	// Unreachable in practice; keep the bytes and let the writer
	// replace invalid sequences.
	return page, "utf-8"
}

// contentTypeCharset extracts the charset parameter of an HTTP Content-Type
// value such as `text/html; charset="ISO-8859-1"`. It is lenient: the media
// type itself is not validated, since servers send all kinds of values.
func contentTypeCharset(ct string) string {
	return charsetParam(ct)
}

// charsetParam finds "charset" followed by optional spaces, "=", optional
// spaces and a possibly quoted value, case-insensitively, anywhere in s. It
// is used for both Content-Type headers and <meta http-equiv> content values.
func charsetParam(s string) string {
	for {
		i := indexFold(s, "charset")
		if i < 0 {
			return ""
		}
		s = s[i+len("charset"):]
		t := strings.TrimLeft(s, " \t\n\f\r")
		if !strings.HasPrefix(t, "=") {
			continue
		}
		t = strings.TrimLeft(t[1:], " \t\n\f\r")
		if t == "" {
			return ""
		}
		if q := t[0]; q == '"' || q == '\'' {
			if j := strings.IndexByte(t[1:], q); j >= 0 {
				return strings.TrimSpace(t[1 : 1+j])
			}
			return ""
		}
		end := strings.IndexAny(t, " \t\n\f\r;,")
		if end < 0 {
			end = len(t)
		}
		return t[:end]
	}
}

// indexFold is strings.Index for an ASCII lower-case needle, ignoring ASCII
// case in s.
func indexFold(s, lowerNeedle string) int {
	n := len(lowerNeedle)
	for i := 0; i+n <= len(s); i++ {
		match := true
		for j := 0; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerNeedle[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// metaCharset looks for <meta charset=...> or <meta http-equiv=content-type
// content="...; charset=..."> in the first metaScanBytes of page, stopping
// at <body> or </head>.
func metaCharset(page []byte) string {
	if len(page) > metaScanBytes {
		page = page[:metaScanBytes]
	}
	z := htmltok.New(page)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			if a, _ := htmlscan.TagAtom(z.Raw()); a == atom.Head {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch a, _ := htmlscan.TagAtom(z.Raw()); a {
			case atom.Body:
				return ""
			case atom.Meta:
				if cs := metaTagCharset(z); cs != "" {
					return cs
				}
			}
		}
	}
}

func metaTagCharset(z *htmltok.Tokenizer) string {
	var httpEquiv bool
	var content string
	for {
		key, val, more := z.TagAttr()
		switch string(key) {
		case "charset":
			if v := strings.TrimSpace(string(val)); v != "" {
				return v
			}
		case "http-equiv":
			httpEquiv = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
		case "content":
			content = string(val)
		}
		if !more {
			break
		}
	}
	if httpEquiv {
		return charsetParam(content)
	}
	return ""
}

// utf16Guess names the UTF-16 form of a page without a byte order mark:
// "utf-16le" when most of the odd bytes of its start are NUL and hardly
// any of the even ones, "utf-16be" the other way round, else "". Markup
// is mostly ASCII, so its UTF-16 has a NUL in every other byte.
func utf16Guess(page []byte) string {
	head := page[:min(len(page), 1024)]
	if len(head) < 16 {
		return ""
	}
	var even, odd int
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case odd*10 >= half*7 && even*20 < half:
		return "utf-16le"
	case even*10 >= half*7 && odd*20 < half:
		return "utf-16be"
	}
	return ""
}

// ReadsAsUTF8 reports whether b is best read as UTF-8 rather than as a
// single-byte legacy encoding (windows-1252). Valid UTF-8 is UTF-8: text in
// a legacy encoding is almost never valid UTF-8 by accident. Otherwise the
// well-formed multi-byte sequences of b are counted against its bytes that
// are not UTF-8, and the larger count wins; the stray bytes of text read as
// UTF-8 become U+FFFD. A tie goes to what b was declared: UTF-8 when
// declaredUTF8 is set (a page served or labelled UTF-8), legacy when it is
// not (a plain-text record, which says nothing). A declaration also
// outweighs a lone stray byte, which says too little to overturn it, while
// undeclared text with one such byte and no other sign of UTF-8 is read as
// the legacy letter it most likely is. It is how every reader of bytes
// guesses between the two.
func ReadsAsUTF8(b []byte, declaredUTF8 bool) bool {
	if utf8.Valid(b) {
		return true // the common case, checked eight bytes at a time
	}
	bad, good := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		good++
		i += n
	}
	if declaredUTF8 {
		return bad < 2 || good >= bad
	}
	return good > bad
}
