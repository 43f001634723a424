package article_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/score"
)

// dataDir holds the evaluation sets, beside the repository; they are read
// in place, never copied.
const dataDir = "../../shared/data"

// TestQuality scores Extract on the dev extraction sets with the shingle
// metric (snippets for the trafilatura set) and fails below a floor set a
// little under the scores reached, so that a change which loses quality
// is seen. BENCHMARKS.md has the figures beside the peers'.
func TestQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("scores whole gold sets")
	}
	floors := map[string]float64{
		"extract-readability-testpages": 0.915,
		"extract-cleaneval-dev":         0.85,
		"extract-cleanportaleval":       0.92,
		"extract-dragnet-train":         0.895,
		"extract-trafilatura-eval-dev":  0.90,
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
