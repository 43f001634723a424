package score_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/score"
)

// TestKeepEverythingBaseline scores the "keep everything" cleaner (the
// whole htmltext.Visible output of each page) against the dev gold sets in
// ../shared/data (relative to the module root) and logs the results. It is
// a sanity check of the metric and a floor for real cleaners: recall
// should be high and precision low. Run it with
//
//	go test -run TestKeepEverythingBaseline -v ./score/
func TestKeepEverythingBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("reads several thousand pages; skipped in -short mode")
	}
	root := filepath.Join("..", "..", "shared", "data")
	for _, name := range []string{
		"extract-readability-testpages",
		"extract-cleaneval-dev",
		"extract-cleanportaleval",
		"extract-dragnet-train",
		"extract-trafilatura-eval-dev",
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("gold set not present at ../shared/data/%s (relative to the module root)", name)
			}
			set, err := goldset.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			var text, withComments score.Corpus
			var snippets score.SnippetCorpus
			for c, err := range set.Cases() {
				if err != nil {
					t.Fatal(err)
				}
				out, err := htmltext.Visible(c.HTML, "")
				if err != nil {
					t.Fatalf("%s: %v", c.ID, err)
				}
				switch set.Format {
				case goldset.Trafilatura:
					snippets.Add(out, c.With, c.Without)
				default:
					text.Add(out, c.Gold)
					if set.Format == goldset.Dragnet {
						withComments.Add(out, c.GoldWithComments)
					}
				}
			}
			if set.Format == goldset.Trafilatura {
				r := snippets.Result()
				t.Logf("%s: docs=%d snippets TP=%d FN=%d FP=%d TN=%d precision=%.4f recall=%.4f accuracy=%.4f F1=%.4f",
					name, r.Docs, r.TP, r.FN, r.FP, r.TN, r.Precision, r.Recall, r.Accuracy, r.F1)
				if r.Recall < 0.5 {
					t.Errorf("keep-everything snippet recall %.3f is implausibly low", r.Recall)
				}
				return
			}
			r := text.Result()
			t.Logf("%s: docs=%d shingle precision=%.4f recall=%.4f F1=%.4f (P over %d docs, R over %d docs)",
				name, r.Docs, r.Precision, r.Recall, r.F1, r.PrecisionDocs, r.RecallDocs)
			if set.Format == goldset.Dragnet {
				w := withComments.Result()
				t.Logf("%s (gold with comments): precision=%.4f recall=%.4f F1=%.4f", name, w.Precision, w.Recall, w.F1)
			}
			if r.Recall < 0.5 {
				t.Errorf("keep-everything recall %.3f is implausibly low", r.Recall)
			}
		})
	}
}
