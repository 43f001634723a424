package story

import (
	"strings"
	"testing"
)

func BenchmarkObserve(b *testing.B) {
	text := strings.Repeat("The council voted on Tuesday night to approve the new Bridge across the river after a debate of more than a decade. ", 20)
	var o Options
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		o.Observe(Doc{Title: "Council approves river bridge", Text: text})
	}
}
