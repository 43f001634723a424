// Package pipeline runs stages over a stream of Documents on all cores:
// the per-document stages on workers, the corpus stages (which need the
// whole corpus: site boilerplate, story clusters) in two phases, observe
// then apply; it writes the kept Documents to a Sink in input order and
// counts every record's outcome in a Manifest.
package pipeline

import (
	"context"
	"errors"

	"fmt"
	"github.com/copydesk/copydesk"
	"iter"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Stage is one per-document step. It reads and fills fields of d and
// returns nil to pass it on, a *Rejection to drop it, or any other error to
// fail it. A Stage must be safe for concurrent use on distinct Documents.
type Stage func(d *copydesk.Document) error

// Sink receives the kept Documents of a run, in input order. Write is never
// called concurrently. Close flushes; the runner calls it once, after the
// last Write, even when the run ends early.
type Sink interface {
	Write(d *copydesk.Document) error
	Close() error
}

// An OutcomeSink is a Sink that sees every Document, kept or not: Run
// calls Settled, in input order, instead of Write. A sink that writes one
// output per input uses it to know where each input ends and what became
// of its records.
type OutcomeSink interface {
	Sink
	Settled(d *copydesk.Document) error
}

// An Aborter is a Sink with output that must not be made final when a
// run ends early: Run calls Abort instead of Close when ctx is done or
// the sink failed before every Document was seen.
type Aborter interface {
	Sink
	Abort() error
}

// RunOptions tune a Run. The zero value works.
type RunOptions struct {
	// Workers is the number of Documents processed at once. Zero means
	// runtime.GOMAXPROCS(0). Output order and bytes do not depend on it.
	Workers int
	// MaxFailureNotes caps how many failures the manifest lists one by one
	// (they are all counted). Zero means 100.
	MaxFailureNotes int
	// DocTimeout bounds the time the stages may take on one Document;
	// past it the Document fails with copydesk.ErrTimeout and the run goes on.
	// The stages are not stopped (Go cannot stop them): their goroutine
	// finishes on its own, on a Document the run no longer uses, which
	// the linear-time stages guarantee to be soon. Zero means no bound.
	DocTimeout time.Duration
	// OnDocument, when set, is called in input order with every Document
	// once its per-document stages are done, kept or not: for explain
	// views and progress. (A corpus stage may still drop a kept one.) It
	// must not retain d.
	OnDocument func(d *copydesk.Document)
	// Corpus are the corpus stages, run in order after the per-document
	// stages (see CorpusStage).
	Corpus []CorpusStage
	// SpoolDir is where the kept Documents wait for the corpus stages;
	// "" means the system's temporary directory.
	SpoolDir string
	// OnCorpusStage, when set, is called when a corpus stage has been
	// applied to every Document.
	OnCorpusStage func(name string)
	// OnCorpusStageStart, when set, is called when a corpus stage starts
	// to apply what it learned, with the number of Documents it will see.
	OnCorpusStageStart func(name string, docs int64)
	// OnSettled, when set, is called once with every Document when its
	// outcome is final (after the corpus stages for the kept ones), as it
	// is counted in the manifest: for logs of what was dropped or failed.
	// It must not retain d.
	OnSettled func(d *copydesk.Document)
	// Limit, when positive, stops the run once that many Documents are
	// kept by the per-document stages: no more records are read, the
	// Documents already in flight that would be kept beyond it are
	// dropped with reason "limit", and the manifest warns that the rest
	// of the input was not read. (A corpus stage may still drop some of
	// the Limit kept.)
	Limit int
}

// ReasonLimit is the drop reason of the Documents kept beyond
// RunOptions.Limit.
const ReasonLimit = "limit"

func (o RunOptions) withDefaults() RunOptions {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxFailureNotes <= 0 {
		o.MaxFailureNotes = DefaultFailureNotes
	}
	return o
}

// Run passes every Document of docs through stages in order, then
// through opts.Corpus (see CorpusStage), writes the kept ones to sink in
// input order, and returns the manifest that counts every outcome.
// Documents that arrive settled (a source dropped them on purpose or
// could not read them) skip the stages and are counted. A stage's error settles only its
// Document; Run itself fails only when the sink fails, a corpus stage
// cannot prepare or its spool cannot be written, or ctx is done, and then
// returns the manifest so far with the error.
//
// Without corpus stages the sink sees each Document as soon as it and
// those before it are settled. With them, the kept Documents wait in a
// spool (a temporary file in opts.SpoolDir) until every one has been
// observed, and the sink sees them after the last corpus stage: its
// output is written once. An OutcomeSink cannot be used with corpus
// stages, as Documents are then not settled in one pass.
func Run(ctx context.Context, docs iter.Seq[*copydesk.Document], stages []Stage, sink Sink, opts RunOptions) (*Manifest, error) {
	opts = opts.withDefaults()
	m := NewManifest()
	outcomes, _ := sink.(OutcomeSink)
	start := time.Now()
	corpus := opts.Corpus
	if len(corpus) > 0 && outcomes != nil {
		abort(sink, true)
		return m, errors.New("pipeline: an OutcomeSink cannot be used with corpus stages")
	}
	var sp *spool
	if len(corpus) > 0 {
		var err error
		if sp, err = newSpool(opts.SpoolDir); err != nil {
			abort(sink, true)
			return m, err
		}
		defer sp.remove()
	}

	type job struct {
		seq int
		doc *copydesk.Document
	}
	// window bounds the Documents in flight, so memory stays flat however
	// far a slow Document holds back the ones after it. The reader keeps
	// one Document ready per worker: with none, a worker that finished
	// while the other held the one ready Document waited for the next
	// record to be read; reading further ahead only lets the page fall
	// out of the cache before a worker reads it.
	window := make(chan struct{}, opts.Workers*4)
	jobs := make(chan job, opts.Workers)
	results := make(chan job)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// stopRead is closed once Limit Documents are kept; cut is set when
	// the reader stopped because of it.
	stopRead := make(chan struct{})
	var cut atomic.Bool
	go func() {
		defer close(jobs)
		seq := 0
		for d := range docs {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{seq, d}:
				seq++
			case <-ctx.Done():
				return
			}
			select {
			case <-stopRead:
				cut.Store(true)
				return
			default:
			}
		}
	}()

	// Each worker observes into a state of its own for the first corpus
	// stage; the states are merged once the workers are done. Under a
	// Limit, the Documents are observed in order once the limit has
	// settled them, so that one dropped past it counts for nothing (it
	// would otherwise be a copy's canonical, or a story's member).
	observeOnWorkers := len(corpus) > 0 && opts.Limit <= 0
	states := make([]CorpusState, opts.Workers)
	var wg sync.WaitGroup
	for w := range opts.Workers {
		if len(corpus) > 0 {
			states[w] = corpus[0].NewState()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				d := processWithin(j.doc, stages, opts.DocTimeout)
				if d == j.doc && d.Release != nil {
					d.HTML = nil
					d.Release()
					d.Release = nil
				}
				if observeOnWorkers && d.Outcome == copydesk.Kept {
					corpus[0].Observe(states[w], int64(j.seq), d)
				}
				j.doc = d
				select {
				case results <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var sinkErr error
	pending := map[int]*copydesk.Document{}
	next := 0
	kept := 0
	for r := range results {
		pending[r.seq] = r.doc
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			seq := next
			next++
			<-window
			if opts.Limit > 0 && d.Outcome == copydesk.Kept {
				switch kept++; {
				case kept > opts.Limit:
					d.Settle(copydesk.Reject(ReasonLimit, "past the limit of kept articles"))
				case kept == opts.Limit:
					close(stopRead)
				}
			}
			if len(corpus) > 0 && !observeOnWorkers && d.Outcome == copydesk.Kept {
				corpus[0].Observe(states[0], int64(seq), d)
			}
			if opts.OnDocument != nil {
				opts.OnDocument(d)
			}
			if sp != nil && d.Outcome == copydesk.Kept {
				// Counted once the corpus stages have settled it.
				if sinkErr == nil {
					if sinkErr = sp.add(int64(seq), d); sinkErr != nil {
						cancel()
					}
				}
				continue
			}
			if sinkErr == nil {
				var err error
				switch {
				case outcomes != nil:
					err = outcomes.Settled(d)
				case d.Outcome == copydesk.Kept:
					err = sink.Write(d)
				}
				if err != nil {
					sinkErr = err
					cancel()
				}
			}
			m.Count(d, opts.MaxFailureNotes)
			if opts.OnSettled != nil {
				opts.OnSettled(d)
			}
		}
	}
	if cut.Load() {
		m.Warnings = append(m.Warnings, fmt.Sprintf("the limit of %d kept articles was reached: reading stopped there, and the rest of the input was not read", opts.Limit))
	}
	if sp != nil && sinkErr == nil && ctx.Err() == nil {
		sinkErr = runCorpus(ctx, corpus, states, sp, sink, m, opts)
	}
	m.finish(time.Since(start))
	closeErr := abort(sink, sinkErr != nil || ctx.Err() != nil)
	switch {
	case sinkErr != nil:
		return m, sinkErr
	case closeErr != nil:
		return m, closeErr
	}
	return m, context.Cause(ctx)
}

// abort ends a run's sink: Abort when the run ended early and the sink
// is an Aborter, else Close.
func abort(sink Sink, early bool) error {
	if ab, ok := sink.(Aborter); ok && early {
		return ab.Abort()
	}
	return sink.Close()
}

// runCorpus runs the phases of the corpus stages over the spooled kept
// Documents: each stage's merged state is prepared, applied to every
// Document in input order, and the Documents it keeps are observed by
// the next stage into a spool of their own, or, after the last stage,
// written to sink. Every Document is counted in m once settled.
func runCorpus(ctx context.Context, corpus []CorpusStage, states []CorpusState, sp *spool, sink Sink, m *Manifest, opts RunOptions) error {
	st := states[0]
	for _, o := range states[1:] {
		if err := st.Merge(o); err != nil {
			return fmt.Errorf("pipeline: %s: %w", corpus[0].Name(), err)
		}
	}
	for k, stage := range corpus {
		if opts.OnCorpusStageStart != nil {
			opts.OnCorpusStageStart(stage.Name(), sp.n)
		}
		if err := stage.Prepare(st); err != nil {
			return fmt.Errorf("pipeline: %s: %w", stage.Name(), err)
		}
		last := k == len(corpus)-1
		var nextSpool *spool
		var nextState CorpusState
		if !last {
			var err error
			if nextSpool, err = newSpool(opts.SpoolDir); err != nil {
				return err
			}
			defer nextSpool.remove()
			nextState = corpus[k+1].NewState()
		}
		for sd, err := range sp.all() {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			d := sd.Doc
			if err := applyStage(stage, st, sd.Key, d); err != nil {
				d.Settle(err)
			}
			switch {
			case d.Outcome != copydesk.Kept:
				m.Count(d, opts.MaxFailureNotes)
				if opts.OnSettled != nil {
					opts.OnSettled(d)
				}
			case !last:
				corpus[k+1].Observe(nextState, sd.Key, d)
				if err := nextSpool.add(sd.Key, d); err != nil {
					return err
				}
			default:
				if err := sink.Write(d); err != nil {
					return err
				}
				m.Count(d, opts.MaxFailureNotes)
				if opts.OnSettled != nil {
					opts.OnSettled(d)
				}
			}
		}
		if opts.OnCorpusStage != nil {
			opts.OnCorpusStage(stage.Name())
		}
		if !last {
			sp.remove()
			sp, st = nextSpool, nextState
		}
	}
	return nil
}

// ApplyCorpusStage runs s's Apply on d with st and settles d's outcome
// by its result, a panic failing d alone: for runners other than Run.
func ApplyCorpusStage(s CorpusStage, st CorpusState, key int64, d *copydesk.Document) {
	if err := applyStage(s, st, key, d); err != nil {
		d.Settle(err)
	}
}

// applyStage runs a corpus stage's Apply on d, a panic failing d alone.
func applyStage(s CorpusStage, st CorpusState, key int64, d *copydesk.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &stagePanic{value: r}
		}
	}()
	return s.Apply(st, key, d)
}

// ProcessWithin runs stages on d within timeout, as Run does for each
// Document under RunOptions.DocTimeout, and returns d, or, when the time
// ran out, a copy of d's identity failed with copydesk.ErrTimeout: the
// late stages keep d (do not release its HTML then). Zero means no bound.
// It is for runners other than Run.
func ProcessWithin(d *copydesk.Document, stages []Stage, timeout time.Duration) *copydesk.Document {
	return processWithin(d, stages, timeout)
}

// processWithin runs process on d within timeout, and returns d, or, when
// the time ran out, a failed copy of d's identity: the late stages keep d.
func processWithin(d *copydesk.Document, stages []Stage, timeout time.Duration) *copydesk.Document {
	if timeout <= 0 {
		process(d, stages)
		return d
	}
	late := &copydesk.Document{ID: d.ID, Source: d.Source, URL: d.URL}
	done := make(chan struct{})
	go func() {
		process(d, stages)
		close(done)
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return d
	case <-t.C:
	}
	late.Settle(fmt.Errorf("%w (%v)", copydesk.ErrTimeout, timeout))
	return late
}

// Process runs stages on d and settles its outcome, as Run does for each
// Document: a Document that arrives settled skips them, a stage's error or
// panic settles d alone, and d is kept when every stage passed it. It is
// for runners other than Run (a distributed pipeline's workers).
func Process(d *copydesk.Document, stages []Stage) { process(d, stages) }

// process runs stages on d and settles its outcome.
func process(d *copydesk.Document, stages []Stage) {
	if d.Outcome != copydesk.Pending {
		return
	}
	if d.Err != nil {
		// Read by other means than a source: its error fails it.
		d.Settle(d.Err)
		return
	}
	for _, s := range stages {
		if err := runStage(s, d); err != nil {
			d.Settle(err)
			return
		}
	}
	d.Outcome = copydesk.Kept
}

func runStage(s Stage, d *copydesk.Document) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &stagePanic{value: r}
		}
	}()
	return s(d)
}

type stagePanic struct{ value any }

func (p *stagePanic) Error() string { return copydesk.ErrPanic.Error() + ": " + anyString(p.value) }
func (p *stagePanic) Unwrap() error { return copydesk.ErrPanic }

func anyString(v any) string {
	switch v := v.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "non-error panic value"
}
