package htmlscan

// Hints matches a fixed list of substrings (hints in class and id values,
// say), indexed by first byte so that a value is read once, not once per
// hint. A set of the hints' first two bytes lets most positions of a
// value be passed over with one load. The zero value matches nothing.
type Hints struct {
	byFirst [256][]string
	one     [256]bool            // the one-byte hints
	pairs   [1 << 16 / 64]uint64 // the first two bytes of the longer hints
}

// NewHints returns Hints for list; empty strings are dropped.
func NewHints(list ...string) *Hints {
	h := new(Hints)
	for _, w := range list {
		switch len(w) {
		case 0:
			continue
		case 1:
			h.one[w[0]] = true
		default:
			p := pair(w[0], w[1])
			h.pairs[p/64] |= 1 << (p % 64)
		}
		h.byFirst[w[0]] = append(h.byFirst[w[0]], w)
	}
	return h
}

func pair(a, b byte) int { return int(a)<<8 | int(b) }

// In reports whether s contains any of the hints.
func In[T string | []byte](h *Hints, s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if h.one[c] {
			return true
		}
		if i+1 == len(s) {
			break
		}
		if p := pair(c, s[i+1]); h.pairs[p/64]&(1<<(p%64)) == 0 {
			continue
		}
		rest := s[i:]
		for _, w := range h.byFirst[c] {
			if len(rest) >= len(w) && string(rest[:len(w)]) == w {
				return true
			}
		}
	}
	return false
}
