package htmlscan

import (
	"strings"
	"testing"
)

// TestHints checks Hints against the loop of strings.Contains it replaces.
func TestHints(t *testing.T) {
	list := []string{"date", "time", "publi", "dateline", "byline", "post-meta", "q"}
	h := NewHints(list...)
	for _, s := range []string{
		"", "a", "b", "dat", "date", "xdatex", "Date", "post-met", "post-meta-x", "article-time",
		"bylin", "entry-dateline", "publ", "publish", "zzz zzz", "\xffdate", "aq", "datq",
	} {
		want := false
		for _, w := range list {
			want = want || strings.Contains(s, w)
		}
		if got := In(h, s); got != want {
			t.Errorf("In(%q) = %v, want %v", s, got, want)
		}
		if got := In(h, []byte(s)); got != want {
			t.Errorf("In([]byte(%q)) = %v, want %v", s, got, want)
		}
	}
	if In(NewHints(), "date") || In(&Hints{}, "date") {
		t.Error("no hints matched")
	}
}
