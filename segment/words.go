package segment

import (
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
