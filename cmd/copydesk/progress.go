package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk"
)

// progress reports on a run while it goes. On a terminal it draws one
// status line, redrawn four times a second: bytes read of the total, the
// read rate, documents settled and the time left. Elsewhere (a log file,
// a pipe, a batch scheduler's capture) it writes a line every interval
// instead: records, rate, bytes read, and the outcomes so far. Either
// way it writes a line when a corpus stage starts and ends.
type progress struct {
	w        io.Writer
	terminal bool
	total    int64
	read     *atomic.Int64
	// docs counts the records whose per-document stages are done, kept,
	// dropped and failed by their outcome then (a corpus stage may still
	// drop a kept one).
	docs, kept, dropped, failed atomic.Int64
	start                       time.Time
	stop                        chan struct{}
	done                        sync.WaitGroup
	mu                          sync.Mutex // one line at a time on w
	stageStart                  time.Time
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// startProgress starts reporting on w; total is the size of the inputs
// and read counts the bytes read of them. every is the interval of the
// lines written when w is not a terminal (zero: none but the corpus
// stages').
func startProgress(w io.Writer, total int64, read *atomic.Int64, every time.Duration) *progress {
	p := &progress{w: w, terminal: isTerminal(w), total: total, read: read, start: time.Now(), stop: make(chan struct{})}
	interval := every
	if p.terminal {
		interval = 250 * time.Millisecond
	}
	if interval <= 0 {
		return p
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.mu.Lock()
				if p.terminal {
					fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(time.Since(p.start)))
				} else {
					fmt.Fprintf(p.w, "copydesk run: %s\n", p.logLine(time.Since(p.start)))
				}
				p.mu.Unlock()
			case <-p.stop:
				if p.terminal {
					fmt.Fprint(p.w, "\r\x1b[K")
				}
				return
			}
		}
	}()
	return p
}

// document counts d, whose per-document stages are done.
func (p *progress) document(d *copydesk.Document) {
	p.docs.Add(1)
	switch d.Outcome {
	case copydesk.Kept:
		p.kept.Add(1)
	case copydesk.Dropped:
		p.dropped.Add(1)
	case copydesk.Failed:
		p.failed.Add(1)
	}
}

// line is the terminal's status after elapsed.
func (p *progress) line(elapsed time.Duration) string {
	read, docs := p.read.Load(), p.docs.Load()
	s := elapsed.Seconds()
	pct, rate, eta := "", "", ""
	if p.total > 0 {
		pct = fmt.Sprintf(" %3.0f%%", 100*float64(read)/float64(p.total))
	}
	if s > 0 && read > 0 {
		bps := float64(read) / s
		rate = fmt.Sprintf("  %s/s  %.0f docs/s", byteSize(int64(bps)), float64(docs)/s)
		if p.total > read {
			left := time.Duration(float64(p.total-read) / bps * float64(time.Second))
			eta = "  ETA " + left.Round(time.Second).String()
		}
	}
	return fmt.Sprintf("%s / %s%s  %d docs%s%s", byteSize(read), byteSize(p.total), pct, docs, rate, eta)
}

// logLine is the status after elapsed, as a line of a log.
func (p *progress) logLine(elapsed time.Duration) string {
	read, docs := p.read.Load(), p.docs.Load()
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(docs) / s
	}
	total := ""
	if p.total > 0 {
		total = fmt.Sprintf(" of %s (%.0f%%)", byteSize(p.total), 100*float64(read)/float64(p.total))
	}
	return fmt.Sprintf("%s: %d records (%.0f/s), %s read%s; kept %d, dropped %d, failed %d",
		elapsed.Round(time.Second), docs, rate, byteSize(read), total, p.kept.Load(), p.dropped.Load(), p.failed.Load())
}

// corpusStage writes that the corpus stage name starts to apply to docs
// kept articles, or, with docs negative, that it is done.
func (p *progress) corpusStage(name string, docs int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear := ""
	if p.terminal {
		clear = "\r\x1b[K"
	}
	if docs >= 0 {
		p.stageStart = time.Now()
		fmt.Fprintf(p.w, "%scopydesk run: %s: applying to %d kept articles\n", clear, name, docs)
		return
	}
	fmt.Fprintf(p.w, "%scopydesk run: %s: done in %s\n", clear, name, time.Since(p.stageStart).Round(time.Millisecond))
}

// finish stops the reports and clears the terminal's line.
func (p *progress) finish() {
	close(p.stop)
	p.done.Wait()
}
