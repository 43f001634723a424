package article_test

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/score"
)

// dataDir holds the evaluation sets, beside the repository; they are read
// in place, never copied.
const dataDir = "../../shared/data"

// TestQuality scores Extract on the dev extraction sets with the shingle
// metric (snippets for the trafilatura set; the Fundus body with its
// standfirst) and fails below a floor set a little under the scores
// reached, so that a change which loses quality is seen. BENCHMARKS.md
// has the figures beside the peers'.
func TestQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("scores whole gold sets")
	}
	floors := map[string]float64{
		"extract-readability-testpages": 0.94,
		"extract-cleaneval-dev":         0.870,
		"extract-cleanportaleval":       0.935,
		"extract-dragnet-train":         0.926,
		"extract-trafilatura-eval-dev":  0.934,
		"extract-fundus-dev":            0.970,
	}
	for name, floor := range floors {
		dir := filepath.Join(dataDir, name)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("evaluation data not found at %s (it lives beside the repository): %v", dir, err)
		}
		set, err := goldset.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		var text score.Corpus
		var snippets score.SnippetCorpus
		for c, err := range set.Cases() {
			if err != nil {
				t.Fatal(err)
			}
			a, err := article.Extract(c.HTML, c.URL, article.Options{})
			if err != nil {
				t.Errorf("%s: %s: %v", name, c.ID, err)
				continue
			}
			if set.Format.HasTextGold() {
				text.Add(a.Text(), c.Gold)
			} else {
				snippets.Add(a.Text(), c.With, c.Without)
			}
		}
		f1 := text.Result().F1
		if !set.Format.HasTextGold() {
			f1 = snippets.Result().F1
		}
		t.Logf("%s: F1 %.4f (floor %.3f)", name, f1, floor)
		if f1 < floor {
			t.Errorf("%s: F1 %.4f below the floor %.3f", name, f1, floor)
		}
	}
}

// devPages reads the pages of the dev extraction sets for the
// benchmarks, or skips b when the sets are absent.
func devPages(b *testing.B) (pages [][]byte, urls []string, size int64) {
	for _, name := range []string{"extract-readability-testpages", "extract-cleaneval-dev", "extract-cleanportaleval",
		"extract-dragnet-train", "extract-trafilatura-eval-dev"} {
		dir := filepath.Join(dataDir, name)
		if _, err := os.Stat(dir); err != nil {
			b.Skipf("evaluation data not found at %s (it lives beside the repository): %v", dir, err)
		}
		set, err := goldset.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		for c, err := range set.Cases() {
			if err != nil {
				b.Fatal(err)
			}
			pages, urls = append(pages, c.HTML), append(urls, c.URL)
			size += int64(len(c.HTML))
		}
	}
	return pages, urls, size
}

// BenchmarkExtract extracts every page of the dev sets; one op is one
// page. Run with -cpu 1,2: the op time at 2 over the op time at 1 shows
// how extraction on two goroutines scales.
func BenchmarkExtract(b *testing.B) {
	pages, urls, size := devPages(b)
	b.SetBytes(size / int64(len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)) % len(pages)
			if _, err := article.Extract(pages[i], urls[i], article.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
