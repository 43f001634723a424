package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
)

type memSink struct {
	docs   []*copydesk.Document
	closed bool
}

func (s *memSink) Write(d *copydesk.Document) error { s.docs = append(s.docs, d); return nil }
func (s *memSink) Close() error                     { s.closed = true; return nil }

func seqOf(docs []*copydesk.Document) iter.Seq[*copydesk.Document] {
	return func(yield func(*copydesk.Document) bool) {
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	}
}

// mixture returns n documents of every kind a run meets: good, to drop,
// to fail in a stage, already failed by the source, and one that panics.
func mixture(n int, seed uint64) []*copydesk.Document {
	r := rand.New(rand.NewPCG(seed, 1))
	docs := make([]*copydesk.Document, n)
	for i := range docs {
		d := &copydesk.Document{ID: fmt.Sprint(i), Source: copydesk.Provenance{File: "mix", Offset: int64(i * 10)}}
		switch r.IntN(5) {
		case 0:
			d.Text = "drop"
		case 1:
			d.Text = "fail"
		case 2:
			d.Err = &copydesk.ParseError{File: "mix", Offset: int64(i * 10), Err: copydesk.ErrBadJSON}
		case 3:
			d.Text = "panic"
		default:
			d.Text = "keep " + d.ID
		}
		docs[i] = d
	}
	return docs
}

func testStage(d *copydesk.Document) error {
	switch {
	case d.Text == "drop":
		return copydesk.Reject("test-drop", "")
	case d.Text == "fail":
		return errors.New("stage failed")
	case d.Text == "panic":
		panic("boom")
	}
	d.Paragraphs = []string{strings.ToUpper(d.Text)}
	return nil
}

func TestRunAccountsForEveryRecord(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			docs := mixture(500, 42)
			sink := &memSink{}
			m, err := Run(context.Background(), seqOf(docs), []Stage{testStage}, sink, RunOptions{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			if !sink.closed {
				t.Error("sink not closed")
			}
			if m.Records != 500 || m.Kept+m.Dropped+m.Failed != m.Records {
				t.Fatalf("manifest does not add up: %+v", m)
			}
			if m.Kept != int64(len(sink.docs)) {
				t.Errorf("kept %d, sink got %d", m.Kept, len(sink.docs))
			}
			var want []string
			for _, d := range docs {
				if strings.HasPrefix(d.Text, "keep") && d.Err == nil {
					want = append(want, d.ID)
				}
			}
			var got []string
			for _, d := range sink.docs {
				got = append(got, d.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("kept documents out of order or wrong")
			}
			if m.FailedBy["error"] == 0 || m.FailedBy["bad-json"] == 0 || m.DroppedBy["test-drop"] == 0 {
				t.Errorf("reasons not counted: %+v", m)
			}
			for _, d := range docs {
				if d.Text == "panic" && (d.Outcome != copydesk.Failed || !errors.Is(d.Err, copydesk.ErrPanic)) {
					t.Fatalf("panicking stage gave %v, %v", d.Outcome, d.Err)
				}
			}
		})
	}
}

// TestRunSkipsSettled checks that a Document its source settled, dropped
// on purpose or failed, skips the stages (which would keep it) and is
// counted as the source settled it; and that one that arrives with an
// error alone is failed by it.
func TestRunSkipsSettled(t *testing.T) {
	dropped := &copydesk.Document{ID: "dropped", Text: "keep"}
	dropped.Settle(copydesk.Reject("not-html", "response"))
	failed := &copydesk.Document{ID: "failed", Text: "keep"}
	failed.Settle(&copydesk.ParseError{File: "in", Err: copydesk.ErrTooLarge})
	bare := &copydesk.Document{ID: "bare", Text: "keep", Err: &copydesk.ParseError{File: "in", Offset: 10, Err: copydesk.ErrBadJSON}}
	kept := &copydesk.Document{ID: "kept", Text: "keep"}
	ran := map[string]bool{}
	var mu sync.Mutex
	stage := func(d *copydesk.Document) error {
		mu.Lock()
		ran[d.ID] = true
		mu.Unlock()
		return nil
	}
	sink := &memSink{}
	m, err := Run(context.Background(), seqOf([]*copydesk.Document{dropped, failed, bare, kept}), []Stage{stage}, sink, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.docs) != 1 || sink.docs[0] != kept || len(ran) != 1 || !ran["kept"] {
		t.Errorf("stages ran on %v, sink got %d documents: want the pending one alone", ran, len(sink.docs))
	}
	if m.DroppedBy["not-html"] != 1 || m.FailedBy["too-large"] != 1 || m.FailedBy["bad-json"] != 1 || m.Records != 4 {
		t.Errorf("manifest %+v: want one not-html drop, one too-large and one bad-json failure", m)
	}
	if dropped.Outcome != copydesk.Dropped || dropped.Err != nil || bare.Outcome != copydesk.Failed || bare.Reason != "bad-json" {
		t.Errorf("dropped: %v %v; bare: %v %s", dropped.Outcome, dropped.Err, bare.Outcome, bare.Reason)
	}
}

type failingSink struct{ n int }

func (s *failingSink) Write(d *copydesk.Document) error {
	s.n++
	if s.n == 3 {
		return errors.New("disk full")
	}
	return nil
}
func (s *failingSink) Close() error { return nil }

func TestRunStopsOnSinkError(t *testing.T) {
	docs := make([]*copydesk.Document, 100)
	for i := range docs {
		docs[i] = &copydesk.Document{Text: "keep"}
	}
	m, err := Run(context.Background(), seqOf(docs), []Stage{testStage}, &failingSink{}, RunOptions{Workers: 2})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if m == nil {
		t.Fatal("no manifest")
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs := mixture(50, 1)
	_, err := Run(ctx, seqOf(docs), []Stage{testStage}, &memSink{}, RunOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestRunDocTimeout gives one copydesk.Document a stage that never ends in time:
// it fails as "timeout", the others are kept in order, and the run does
// not wait for the late stage.
func TestRunDocTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	stage := func(d *copydesk.Document) error {
		if d.Text == "slow" {
			<-release
		}
		d.Paragraphs = []string{d.Text}
		return nil
	}
	docs := []*copydesk.Document{{ID: "a", Text: "fast"}, {ID: "b", Text: "slow"}, {ID: "c", Text: "fast"}}
	sink := &memSink{}
	m, err := Run(context.Background(), seqOf(docs), []Stage{stage}, sink, RunOptions{Workers: 2, DocTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kept != 2 || m.FailedBy["timeout"] != 1 || len(sink.docs) != 2 || sink.docs[0].ID != "a" || sink.docs[1].ID != "c" {
		t.Errorf("manifest %+v, kept %v", m, sink.docs)
	}
}

// outcomeSink records every copydesk.Document it is shown, and whether it was
// closed or aborted.
type outcomeSink struct {
	memSink
	all     []string
	aborted bool
}

func (s *outcomeSink) Settled(d *copydesk.Document) error {
	s.all = append(s.all, d.ID+":"+d.Outcome.String())
	return nil
}
func (s *outcomeSink) Abort() error { s.aborted = true; return nil }

func TestRunOutcomeSink(t *testing.T) {
	docs := []*copydesk.Document{{ID: "a", Text: "keep a"}, {ID: "b", Text: "drop"}}
	s := &outcomeSink{}
	if _, err := Run(context.Background(), seqOf(docs), []Stage{testStage}, s, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.all, []string{"a:kept", "b:dropped"}) || len(s.docs) != 0 || !s.closed || s.aborted {
		t.Errorf("settled %v, written %d, closed %v, aborted %v", s.all, len(s.docs), s.closed, s.aborted)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = &outcomeSink{}
	Run(ctx, seqOf(mixture(100, 1)), []Stage{testStage}, s, RunOptions{})
	if !s.aborted || s.closed {
		t.Errorf("cancelled run: closed %v, aborted %v", s.closed, s.aborted)
	}
}

// TestRunRelease checks that Run gives each copydesk.Document's HTML back once its
// stages are done, after they read it and before the sink sees it, and
// never for a copydesk.Document whose stages ran past their time budget.
func TestRunRelease(t *testing.T) {
	var mu sync.Mutex
	released := map[string]int{}
	hold := make(chan struct{})
	defer close(hold)
	var docs []*copydesk.Document
	for _, id := range []string{"a", "b", "slow", "c"} {
		d := &copydesk.Document{ID: id, HTML: []byte("<p>" + id + "</p>")}
		d.Release = func() {
			mu.Lock()
			released[d.ID]++
			mu.Unlock()
		}
		docs = append(docs, d)
	}
	stage := func(d *copydesk.Document) error {
		if d.ID == "slow" {
			<-hold
		}
		mu.Lock()
		n := released[d.ID]
		mu.Unlock()
		if n != 0 || d.HTML == nil {
			return errors.New("HTML released before the stages were done")
		}
		d.Paragraphs = []string{string(d.HTML)}
		return nil
	}
	sink := &memSink{}
	m, err := Run(context.Background(), seqOf(docs), []Stage{stage}, sink, RunOptions{Workers: 2, DocTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if m.Kept != 3 || released["a"] != 1 || released["b"] != 1 || released["c"] != 1 || released["slow"] != 0 {
		t.Errorf("kept %d, released %v", m.Kept, released)
	}
	for _, d := range sink.docs {
		if d.HTML != nil || d.Release != nil {
			t.Errorf("%s reached the sink with its HTML", d.ID)
		}
	}
}
