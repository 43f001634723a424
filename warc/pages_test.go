package warc_test

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/warc"
)

// BenchmarkPages reads an archive of the pages of two dev extraction
// sets, every record and its block, as a run does: with a gzip member
// per record (the Common Crawl layout) and uncompressed.
func BenchmarkPages(b *testing.B) {
	var gz, plain bytes.Buffer
	wz, wp := warc.NewWriter(&gz, true), warc.NewWriter(&plain, false)
	var total int64
	date := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, set := range []string{"extract-cleaneval-dev", "extract-trafilatura-eval-dev"} {
		dir := filepath.Join("..", "..", "shared", "data", set)
		s, err := goldset.Open(dir)
		if err != nil {
			b.Skipf("gold set %s not present (expected at ../shared/data/%s relative to the module root)", set, set)
		}
		i := 0
		for c, err := range s.Cases() {
			if err != nil {
				b.Fatal(err)
			}
			h := warc.ResponseHeader(fmt.Sprintf("https://example.com/%s/%d", set, i), date)
			block := warc.HTTPBlock("text/html", c.HTML)
			for _, w := range []*warc.Writer{wz, wp} {
				if _, err := w.Write(h, block); err != nil {
					b.Fatal(err)
				}
			}
			total += int64(len(block))
			i++
		}
	}
	for _, a := range []struct {
		name string
		data []byte
	}{{"gzip", gz.Bytes()}, {"plain", plain.Bytes()}} {
		b.Run(a.name, func(b *testing.B) {
			b.SetBytes(total)
			var buf []byte
			for b.Loop() {
				r := warc.NewReader(bytes.NewReader(a.data))
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if int64(cap(buf)) < rec.ContentLength {
						buf = make([]byte, rec.ContentLength)
					}
					if _, err := io.ReadFull(rec.Block, buf[:rec.ContentLength]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
