package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws one status line on a terminal while a run goes: bytes
// read of the total, the read rate, documents settled and the time left.
// It draws nothing when its writer is not a terminal.
type progress struct {
	w        io.Writer
	total    int64
	read     *atomic.Int64
	docs     atomic.Int64
	start    time.Time
	stop     chan struct{}
	done     sync.WaitGroup
	interval time.Duration
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

// startProgress starts drawing on w, when w is a terminal; total is the
// size of the inputs and read counts the bytes read of them.
func startProgress(w io.Writer, total int64, read *atomic.Int64) *progress {
	p := &progress{w: w, total: total, read: read, start: time.Now(), stop: make(chan struct{}), interval: 250 * time.Millisecond}
	if !isTerminal(w) {
		return p
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(time.Since(p.start)))
			case <-p.stop:
				fmt.Fprint(p.w, "\r\x1b[K")
				return
			}
		}
	}()
	return p
}

// line is the status after elapsed.
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

// finish stops the drawing and clears the line.
func (p *progress) finish() {
	close(p.stop)
	p.done.Wait()
}
