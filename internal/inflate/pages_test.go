package inflate_test

import (
	"bufio"
	"bytes"
	"io"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/internal/inflate"
	"github.com/klauspost/compress/gzip"
)

// BenchmarkPages decodes the pages of two dev extraction sets, each
// compressed as its own gzip member as a WARC.gz holds them, with Member
// and with the streaming decoder. Where the thread's CPU time can be read
// (Linux), each also reports cpu-MB/s, the bytes over that time, which
// other work on a shared machine sways less than MB/s.
func BenchmarkPages(b *testing.B) {
	var members [][]byte
	var total int64
	for _, set := range []string{"extract-cleaneval-dev", "extract-trafilatura-eval-dev"} {
		dir := filepath.Join("..", "..", "..", "shared", "data", set)
		s, err := goldset.Open(dir)
		if err != nil {
			b.Skipf("gold set %s not present (expected at ../shared/data/%s relative to the module root)", set, set)
		}
		for c, err := range s.Cases() {
			if err != nil {
				b.Fatal(err)
			}
			var m bytes.Buffer
			w := gzip.NewWriter(&m)
			w.Write(c.HTML)
			w.Close()
			members = append(members, m.Bytes())
			total += int64(len(c.HTML))
		}
	}
	b.Run("inflate", func(b *testing.B) {
		var d inflate.Decoder
		b.SetBytes(total)
		defer reportCPU(b, total)()
		for b.Loop() {
			for _, m := range members {
				if _, _, err := d.Member(m, 64<<20); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("streaming", func(b *testing.B) {
		b.SetBytes(total)
		defer reportCPU(b, total)()
		buf := make([]byte, 64<<10)
		br := bufio.NewReaderSize(nil, 64<<10)
		var z *gzip.Reader
		for b.Loop() {
			for _, m := range members {
				br.Reset(bytes.NewReader(m))
				if z == nil {
					z, _ = gzip.NewReader(br)
				} else {
					z.Reset(br)
				}
				z.Multistream(false)
				for {
					_, err := z.Read(buf)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	})
}

// reportCPU starts counting the thread's CPU time; the function it
// returns, deferred past the benchmark's loop, reports the bytes of each
// of b.N operations over that time.
func reportCPU(b *testing.B, bytes int64) func() {
	runtime.LockOSThread()
	start := threadCPU()
	return func() {
		used := threadCPU() - start
		runtime.UnlockOSThread()
		if used > 0 {
			b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "cpu-MB/s")
		}
	}
}
