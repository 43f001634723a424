package segment

import (
	"unicode"
	"unicode/utf8"
)

// CountWords returns how many words s holds, as strings.Fields splits
// them (runs of anything but Unicode white space), without allocating.
// It is how every stage counts an article's words.
func CountWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || c-'\t' <= '\r'-'\t'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
