package htmlscan

import (
	"strings"
	"testing"
)

var hintList = []string{"date", "time", "publi", "dateline", "byline", "post-meta", "q", "", "\xff\x00"}

// checkHints compares In with the loop of strings.Contains it replaces.
func checkHints(t *testing.T, h *Hints, s string) {
	want := false
	for _, w := range hintList {
		want = want || w != "" && strings.Contains(s, w)
	}
	if got := In(h, s); got != want {
		t.Errorf("In(%q) = %v, want %v", s, got, want)
	}
	if got := In(h, []byte(s)); got != want {
		t.Errorf("In([]byte(%q)) = %v, want %v", s, got, want)
	}
}

// TestHints checks Hints against the loop of strings.Contains it replaces.
func TestHints(t *testing.T) {
	h := NewHints(hintList...)
	for _, s := range []string{
		"", "a", "b", "dat", "date", "xdatex", "Date", "post-met", "post-meta-x", "article-time",
		"bylin", "entry-dateline", "publ", "publish", "zzz zzz", "\xffdate", "aq", "datq", "d", "\xff", "\xff\x00", "x\xff\x00",
	} {
		checkHints(t, h, s)
	}
	if In(NewHints(), "date") || In(&Hints{}, "date") {
		t.Error("no hints matched")
	}
}

func FuzzHints(f *testing.F) {
	for _, s := range []string{"xdatex", "post-met", "aq", "\xff\x00"} {
		f.Add(s)
	}
	h := NewHints(hintList...)
	f.Fuzz(func(t *testing.T, s string) {
		checkHints(t, h, s)
	})
}
