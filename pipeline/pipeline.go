// Package pipeline runs stages over a stream of Documents on all cores:
// the per-document stages on workers, the corpus stages (which need the
// whole corpus: site boilerplate, story clusters) in two phases, observe
// then apply; it writes the kept Documents to a Sink in input order and
// counts every record's outcome in a Manifest.
package pipeline

import (
	"context"

	"fmt"
	"github.com/copydesk/copydesk"
	"iter"
	"runtime"
	"sync"
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
	// once its outcome is settled, kept or not: for explain views and
	// progress. It must not retain d.
	OnDocument func(d *copydesk.Document)
}

func (o RunOptions) withDefaults() RunOptions {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MaxFailureNotes <= 0 {
		o.MaxFailureNotes = DefaultFailureNotes
	}
	return o
}

// Run passes every Document of docs through stages in order, writes the
// kept ones to sink in input order, and returns the manifest that counts
// every outcome. Documents that arrive already Failed (a source could not
// read them) skip the stages and are counted. A stage's error settles only
// its Document; Run itself fails only when the sink fails or ctx is done,
// and then returns the manifest so far with the error.
func Run(ctx context.Context, docs iter.Seq[*copydesk.Document], stages []Stage, sink Sink, opts RunOptions) (*Manifest, error) {
	opts = opts.withDefaults()
	m := NewManifest()
	outcomes, _ := sink.(OutcomeSink)
	start := time.Now()

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
		}
	}()

	var wg sync.WaitGroup
	for range opts.Workers {
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
	for r := range results {
		pending[r.seq] = r.doc
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
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
			if opts.OnDocument != nil {
				opts.OnDocument(d)
			}
		}
	}
	m.finish(time.Since(start))
	var closeErr error
	if ab, ok := sink.(Aborter); ok && (sinkErr != nil || ctx.Err() != nil) {
		closeErr = ab.Abort()
	} else {
		closeErr = sink.Close()
	}
	switch {
	case sinkErr != nil:
		return m, sinkErr
	case closeErr != nil:
		return m, closeErr
	}
	return m, context.Cause(ctx)
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

// process runs stages on d and settles its outcome.
func process(d *copydesk.Document, stages []Stage) {
	if d.Outcome == copydesk.Failed {
		return
	}
	if d.Err != nil {
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
