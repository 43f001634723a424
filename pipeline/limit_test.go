package pipeline

import (
	"context"
	"fmt"
	"testing"

	"github.com/copydesk/copydesk"
)

// TestRunLimit checks that a Run with a Limit keeps the first Limit kept
// Documents in input order, stops reading, drops the kept ones in flight
// past it as "limit", tells OnSettled of every record once, and warns.
func TestRunLimit(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			docs := mixture(1000, 7)
			read := 0
			seq := func(yield func(*copydesk.Document) bool) {
				for _, d := range docs {
					read++
					if !yield(d) {
						return
					}
				}
			}
			settled := map[string]int{}
			sink := &memSink{}
			m, err := Run(context.Background(), seq, []Stage{testStage}, sink, RunOptions{Workers: workers, Limit: 5,
				OnSettled: func(d *copydesk.Document) { settled[d.ID]++ }})
			if err != nil {
				t.Fatal(err)
			}
			if m.Kept != 5 || len(sink.docs) != 5 || int(m.Records) != read || read >= len(docs) {
				t.Fatalf("kept %d, written %d, records %d, read %d of %d", m.Kept, len(sink.docs), m.Records, read, len(docs))
			}
			var want []string
			for _, d := range docs {
				if len(want) < 5 && len(d.Text) > 5 && d.Text[:5] == "keep " {
					want = append(want, d.ID)
				}
			}
			for i, d := range sink.docs {
				if d.ID != want[i] {
					t.Errorf("kept #%d is %s, want %s", i, d.ID, want[i])
				}
			}
			if len(settled) != read {
				t.Errorf("OnSettled saw %d records, want %d", len(settled), read)
			}
			for id, n := range settled {
				if n != 1 {
					t.Errorf("OnSettled saw %s %d times", id, n)
				}
			}
			if len(m.Warnings) != 1 {
				t.Errorf("warnings %q", m.Warnings)
			}
		})
	}
}

// TestRunLimitCorpus checks that under a Limit the first corpus stage
// observes only the Documents kept within it: one in flight past the
// limit, dropped there, must not weigh in the corpus (as a copy's
// canonical, say, which would drop the copy kept).
func TestRunLimitCorpus(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			docs := make([]*copydesk.Document, 1000)
			for i := range docs {
				docs[i] = &copydesk.Document{ID: fmt.Sprint(i), Text: fmt.Sprintf("keep w%d", i%3)}
			}
			fw := &firstWord{}
			sink := &memSink{}
			m, err := Run(context.Background(), seqOf(docs), []Stage{testStage}, sink, RunOptions{Workers: workers, Limit: 5,
				Corpus: []CorpusStage{fw}, SpoolDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if fw.observed != 5 {
				t.Errorf("the corpus stage observed %d Documents, want the 5 kept within the limit", fw.observed)
			}
			// Of the five (words w0 w1 w2 w0 w1), the first of each word stays.
			if m.Kept != 3 || len(sink.docs) != 3 {
				t.Errorf("kept %d, written %d; want 3", m.Kept, len(sink.docs))
			}
		})
	}
}
