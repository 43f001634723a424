package main

import (
	"fmt"
	"time"
)

// outcome says how one extraction call ended.
type outcome uint8

const (
	ok outcome = iota
	failed
	panicked
	timedOut
)

func (o outcome) String() string {
	switch o {
	case ok:
		return "ok"
	case failed:
		return "error"
	case panicked:
		return "panic"
	case timedOut:
		return "timeout"
	}
	return "unknown"
}

// callResult is the result of one guarded call.
type callResult[T any] struct {
	val     T
	elapsed time.Duration // time spent in the call itself
	outcome outcome
	detail  string // the error or panic value, for the notes
}

// guarded runs fn in its own goroutine and measures only fn itself. A panic
// is recovered and reported as panicked with the zero value. When fn has
// not returned after timeout (0: no limit), the call is reported as
// timedOut and abandoned: Go cannot stop a goroutine, so it keeps running
// in the background and the run reports it.
func guarded[T any](timeout time.Duration, fn func() (T, error)) callResult[T] {
	done := make(chan callResult[T], 1)
	go func() {
		var r callResult[T]
		start := time.Now()
		defer func() {
			if v := recover(); v != nil {
				var zero T
				r = callResult[T]{val: zero, elapsed: time.Since(start), outcome: panicked, detail: fmt.Sprint(v)}
			}
			done <- r
		}()
		v, err := fn()
		r.elapsed = time.Since(start)
		r.val = v
		if err != nil {
			r.outcome = failed
			r.detail = err.Error()
		}
	}()
	if timeout <= 0 {
		return <-done
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r
	case <-t.C:
		var zero T
		return callResult[T]{val: zero, elapsed: timeout, outcome: timedOut, detail: "no result after " + timeout.String()}
	}
}
