package boiler

import (
	"strings"
	"testing"
)

// appendLower must be strings.ToLower, invalid UTF-8 included: the
// cleaner's repeat check and word lists depend on it.
func TestAppendLower(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC def", "Ärger ÜBER Straße", "İSTANBUL", "ΣΟΦΙΑ", "a\xffB\xc3", "\xed\xa0\x80X", "\ufffdA", "日本語 ABC"} {
		if got, want := string(appendLower([]byte("x"), s)), "x"+strings.ToLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendLower(f *testing.F) {
	f.Add("Ärger ÜBER \xff Straße")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendLower(nil, s)), strings.ToLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestTrimEdgePunct(t *testing.T) {
	for _, s := range []string{"", "a", "word", "(word)", "word,", "«mot»", "9", "a-b", "$5", "5%", "x\xff", "\xffx", "#tag", "©"} {
		if got, want := trimEdgePunct(s), strings.TrimFunc(s, isEdgePunct); got != want {
			t.Errorf("trimEdgePunct(%q) = %q, want %q", s, got, want)
		}
	}
}
