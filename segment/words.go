package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// asciiSpace is 1 for the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// CountWords returns how many words s holds, as strings.Fields splits
// them (runs of anything but Unicode white space), without allocating.
// It is how every stage counts an article's words.
func CountWords(s string) int {
	n := 0
	prev := uint8(1) // 1 after white space: the start of s is one
	for i := 0; i < len(s); {
		var space uint8
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				space = 1
			}
			i += size
		}
		// A word starts where white space is followed by anything else.
		n += int(prev &^ space)
		prev = space
	}
	return n
}

// NormalizeSpace returns the words of s, as strings.Fields splits them,
// joined by single ASCII spaces: s trimmed, and each run of Unicode white
// space in it (U+00A0, U+3000 and the other Unicode spaces included)
// replaced by one space. Everything else, invalid UTF-8 included, is kept
// byte for byte. It returns s itself, without allocating, when s is
// already normalized. It is how every stage puts a text's white space in
// one form; the HTML text writer (htmltext) and the metadata cleaners
// collapse white space while doing more, in one pass.
func NormalizeSpace(s string) string {
	// Scan for the first byte that breaks the form: white space other than
	// a single ASCII space between words, or a space at the start.
	prev := true // after a space; the start of s counts as one
	i := 0
scan:
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prev {
					break scan
				}
				prev = true
			case asciiSpace[c] == 1:
				break scan
			default:
				prev = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		prev = false
		i += size
	}
	if i == len(s) && (!prev || i == 0) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	// s[:i] is in form, but for one space at its end when prev is set.
	pending := false
	if prev && i > 0 {
		b.WriteString(s[:i-1])
		pending = true
	} else {
		b.WriteString(s[:i])
	}
	for i < len(s) {
		c := s[i]
		size := 1
		var space bool
		if c < utf8.RuneSelf {
			space = asciiSpace[c] == 1
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			pending = b.Len() > 0
		} else {
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
