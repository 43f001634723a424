package boiler_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/score"
)

// textSets are the dev sets with gold main text, under ../shared/data
// relative to the module root.
var textSets = []string{
	"extract-readability-testpages",
	"extract-cleaneval-dev",
	"extract-cleanportaleval",
	"extract-dragnet-train",
}

func openSet(tb testing.TB, name string) *goldset.Set {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "data", name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("gold set ../shared/data/%s not present (relative to the module root); quality is not checked", name)
	}
	set, err := goldset.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// TestQuality scores the cleaner on WET-like text of the dev HTML sets
// with the shingle metric. It guards against regressions: the cleaner
// must reach F1 0.85 on every set and beat keeping everything.
func TestQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every dev page; skipped in -short mode")
	}
	for _, name := range textSets {
		t.Run(name, func(t *testing.T) {
			set := openSet(t, name)
			var cleaned, keepAll score.Corpus
			for c, err := range set.Cases() {
				if err != nil {
					t.Fatal(err)
				}
				page, err := htmltext.Extract(c.HTML, "")
				if err != nil {
					t.Fatal(err)
				}
				cleaned.Add(boiler.Clean(page.Text, boiler.Options{}).Text(), c.Gold)
				keepAll.Add(page.Text, c.Gold)
			}
			got, base := cleaned.Result(), keepAll.Result()
			t.Logf("F1 %.4f (P %.4f R %.4f); keep-all F1 %.4f", got.F1, got.Precision, got.Recall, base.F1)
			if got.F1 < 0.85 || got.F1 <= base.F1 {
				t.Errorf("F1 %.4f, want ≥ 0.85 and > keep-all %.4f", got.F1, base.F1)
			}
		})
	}
}

// BenchmarkCleanWET measures the cleaner alone on the WET-like text of
// real pages (HTML conversion excluded).
func BenchmarkCleanWET(b *testing.B) {
	set := openSet(b, "extract-dragnet-train")
	var texts []string
	size := 0
	for c, err := range set.Cases() {
		if err != nil {
			b.Fatal(err)
		}
		page, _ := htmltext.Extract(c.HTML, "")
		texts = append(texts, page.Text)
		size += len(page.Text)
		if len(texts) == 300 {
			break
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			boiler.Clean(t, boiler.Options{})
		}
	}
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
