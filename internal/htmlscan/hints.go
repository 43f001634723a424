package htmlscan

// Hints matches a fixed list of substrings (hints in class and id values,
// say), indexed by first byte so that a value is read once, not once per
// hint. The zero value matches nothing.
type Hints struct {
	byFirst [256][]string
}

// NewHints returns Hints for list; empty strings are dropped.
func NewHints(list ...string) *Hints {
	h := new(Hints)
	for _, w := range list {
		if w != "" {
			h.byFirst[w[0]] = append(h.byFirst[w[0]], w)
		}
	}
	return h
}

// In reports whether s contains any of the hints.
func In[T string | []byte](h *Hints, s T) bool {
	for i := 0; i < len(s); i++ {
		ws := h.byFirst[s[i]]
		if len(ws) == 0 {
			continue
		}
		rest := s[i:]
		for _, w := range ws {
			// The second byte first: most near misses differ there.
			if len(rest) >= len(w) && (len(w) < 2 || rest[1] == w[1]) && string(rest[:len(w)]) == w {
				return true
			}
		}
	}
	return false
}
