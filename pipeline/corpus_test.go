package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk"
)

// firstWord is a corpus stage for tests: it counts the documents whose
// article starts with each word, and drops every document but the first
// (by key) of a word that starts more than one. It records when it was
// observed and applied.
type firstWord struct {
	mu       sync.Mutex
	observed int
	applied  int
}

type wordState struct {
	First map[string]int64
	Count map[string]int
}

func (s *wordState) Merge(other CorpusState) error {
	o := other.(*wordState)
	for w, n := range o.Count {
		s.Count[w] += n
		if k, ok := s.First[w]; !ok || o.First[w] < k {
			s.First[w] = o.First[w]
		}
	}
	return nil
}
func (s *wordState) MarshalBinary() ([]byte, error) { return json.Marshal(s) }
func (s *wordState) UnmarshalBinary(b []byte) error { return json.Unmarshal(b, s) }

func (f *firstWord) Name() string { return "first-word" }
func (f *firstWord) NewState() CorpusState {
	return &wordState{First: map[string]int64{}, Count: map[string]int{}}
}
func word(d *copydesk.Document) string { return strings.Fields(d.Paragraphs[0] + " _")[1] }
func (f *firstWord) Observe(st CorpusState, key int64, d *copydesk.Document) {
	s := st.(*wordState)
	w := word(d)
	s.Count[w]++
	if k, ok := s.First[w]; !ok || key < k {
		s.First[w] = key
	}
	f.mu.Lock()
	f.observed++
	f.mu.Unlock()
}
func (f *firstWord) Prepare(CorpusState) error { return nil }
func (f *firstWord) Apply(st CorpusState, key int64, d *copydesk.Document) error {
	f.mu.Lock()
	f.applied++
	f.mu.Unlock()
	s := st.(*wordState)
	w := word(d)
	if d.Paragraphs[0] == "KEEP PANIC" {
		panic("apply panicked")
	}
	if s.Count[w] > 1 && s.First[w] != key {
		return copydesk.Reject("repeat", "")
	}
	d.Summary = fmt.Sprintf("%s x%d", w, s.Count[w])
	return nil
}

// orderSink records what it was given, and checks that every kept
// Document was observed before the first write: the output is written
// once, after the corpus stages.
type orderSink struct {
	memSink
	stage     *firstWord
	total     int
	early     bool
	summaries []string
}

func (s *orderSink) Write(d *copydesk.Document) error {
	if s.stage.observed != s.total {
		s.early = true
	}
	s.summaries = append(s.summaries, d.ID+":"+d.Summary)
	return s.memSink.Write(d)
}

// TestCorpusStage runs a corpus stage over a mixture of documents: every
// record has one outcome, the documents the stage drops are counted with
// its reason, the sink sees each kept one once and only after all were
// observed, a panic in Apply fails one document, the output does not
// depend on the workers, and no spool is left behind.
func TestCorpusStage(t *testing.T) {
	var want []string
	for _, workers := range []int{1, 2, 7} {
		docs := mixture(300, 3)
		// Several documents start with the same words.
		for i, d := range docs {
			if strings.HasPrefix(d.Text, "keep ") {
				d.Text = fmt.Sprintf("keep %d", i%17)
			}
		}
		docs[len(docs)-1] = &copydesk.Document{ID: "p", Text: "keep panic"}
		kept := 0
		for _, d := range docs {
			if strings.HasPrefix(d.Text, "keep") {
				kept++
			}
		}
		dir := t.TempDir()
		fw := &firstWord{}
		sink := &orderSink{stage: fw, total: kept}
		m, err := Run(context.Background(), seqOf(docs), []Stage{testStage}, sink, RunOptions{Workers: workers, Corpus: []CorpusStage{fw}, SpoolDir: dir, MaxFailureNotes: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if sink.early || !sink.closed || fw.observed != kept || fw.applied != kept {
			t.Errorf("workers %d: written before all were observed %v, closed %v, observed %d, applied %d of %d", workers, sink.early, sink.closed, fw.observed, fw.applied, kept)
		}
		if m.Records != 300 || m.Kept+m.Dropped+m.Failed != m.Records || m.Kept != int64(len(sink.docs)) {
			t.Errorf("workers %d: manifest %+v, %d written", workers, m, len(sink.docs))
		}
		if m.DroppedBy["repeat"] != int64(kept-1-17) || m.FailedBy["error"] == 0 || !slices.ContainsFunc(m.Failures, func(f FailureNote) bool { return strings.Contains(f.Error, "apply panicked") }) {
			t.Errorf("workers %d: repeats %d (want %d), failures by reason %v", workers, m.DroppedBy["repeat"], kept-1-17, m.FailedBy)
		}
		if want == nil {
			want = sink.summaries
		} else if !slices.Equal(sink.summaries, want) {
			t.Errorf("workers %d: output differs from one worker's", workers)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("workers %d: %d files left in the spool directory", workers, len(left))
		}
	}
}

// TestCorpusStageRefusesOutcomeSink: an OutcomeSink sees Documents in
// one pass, which corpus stages do not allow.
func TestCorpusStageRefusesOutcomeSink(t *testing.T) {
	s := &outcomeSink{}
	_, err := Run(context.Background(), seqOf(mixture(10, 1)), []Stage{testStage}, s, RunOptions{Corpus: []CorpusStage{&firstWord{}}, SpoolDir: t.TempDir()})
	if err == nil || !s.aborted {
		t.Errorf("err %v, aborted %v", err, s.aborted)
	}
}

// TestDocumentsRoundTrip: what DocumentWriter writes, ReadDocuments
// reads back, without the raw input; a stream cut short is an error.
func TestDocumentsRoundTrip(t *testing.T) {
	var b strings.Builder
	w := NewDocumentWriter(&b)
	in := []*copydesk.Document{
		{ID: "a", HTML: []byte("<p>x"), Paragraphs: []string{"one", "two"}, Authors: []string{"A"}, Outcome: copydesk.Kept,
			Removed: []copydesk.Removal{{Index: 1, Text: "menu", Reason: "nav"}}, Source: copydesk.Provenance{File: "f", Offset: 9}},
		{ID: "b", Text: "raw", Summary: "s", ClusterID: "a", ClusterSize: 2, DuplicateOf: "a", Outcome: copydesk.Kept},
	}
	for _, d := range in {
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	var out []*copydesk.Document
	for d, err := range ReadDocuments(strings.NewReader(b.String())) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if len(out) != 2 || out[0].HTML != nil || out[1].Text != "" || out[0].Removed[0].Reason != "nav" || out[1].DuplicateOf != "a" ||
		out[0].Source.Offset != 9 || !slices.Equal(out[0].Paragraphs, in[0].Paragraphs) || out[1].Outcome != copydesk.Kept {
		t.Errorf("read back %+v %+v", out[0], out[1])
	}
	var err error
	for _, e := range ReadDocuments(strings.NewReader(b.String()[:b.Len()-3])) {
		err = e
	}
	if err == nil {
		t.Error("a stream cut short read without an error")
	}
}
