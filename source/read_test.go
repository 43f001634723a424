package source

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadSized checks the sized read against io.ReadAll whatever the
// size hint says: files grow and shrink between Stat and the read.
func TestReadSized(t *testing.T) {
	text := strings.Repeat("<p>page</p>", 1000)
	for _, tc := range []struct {
		name string
		size int64
	}{
		{"unknown", -1},
		{"exact", int64(len(text))},
		{"empty hint", 0},
		{"grown", int64(len(text)) / 3},
		{"shrunk", int64(len(text)) * 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readSized(iotest.HalfReader(strings.NewReader(text)), tc.size)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(text)) {
				t.Errorf("read %d bytes, want the %d of the input", len(got), len(text))
			}
		})
	}
}
