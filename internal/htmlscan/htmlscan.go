// Package htmlscan holds the small helpers shared by the packages that read
// HTML with golang.org/x/net/html's Tokenizer.
package htmlscan

import "golang.org/x/net/html/atom"

// MaxTagName is the longest tag name TagAtom looks up: no element that the
// project treats specially has a longer name.
const MaxTagName = 16

// TagAtom returns the atom of the tag whose raw bytes are raw ("<name ...>"
// or "</name ...>"), or 0 for an unknown or overlong name, and reports
// whether anything follows the name inside the tag (attributes, possibly).
// Unlike Tokenizer.TagName it does not allocate.
func TagAtom(raw []byte) (a atom.Atom, more bool) {
	var buf [MaxTagName]byte
	i := 1
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return 0, true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	if n == 0 {
		return 0, i < len(raw) && raw[i] != '>'
	}
	return atom.Lookup(buf[:n]), i < len(raw) && raw[i] != '>'
}

// IsVoid reports whether a is a void element: one that has no contents
// and no end tag.
func IsVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Link, atom.Meta,
		atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
