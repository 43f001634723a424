// Package gctune sets the garbage collector's target from the live heap:
// a run whose live heap is small (a few pages in flight) gets a target of
// several times that heap, a run that holds more (Parquet row groups, a
// dedup index) a target nearer Go's default, so that neither collects
// hundreds of times a second nor holds several times a large heap.
package gctune

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Options tune Start. The zero value works.
type Options struct {
	// Headroom is the heap the collector may let grow above the live
	// heap before it collects, while that takes a target between Min and
	// Max (default 64 MiB).
	Headroom uint64
	// Min and Max bound the target, as GOGC percentages (defaults 100,
	// Go's own, and 400).
	Min, Max int
	// Every is how often the live heap is read (default 100 ms).
	Every time.Duration
}

func (o Options) withDefaults() Options {
	if o.Headroom == 0 {
		o.Headroom = 64 << 20
	}
	if o.Min == 0 {
		o.Min = 100
	}
	if o.Max == 0 {
		o.Max = 400
	}
	if o.Every == 0 {
		o.Every = 100 * time.Millisecond
	}
	return o
}

// Percent returns the target, as a GOGC percentage, for a live heap of
// live bytes: Headroom over the live heap, within Min and Max.
func (o Options) Percent(live uint64) int {
	o = o.withDefaults()
	if live == 0 {
		return o.Max
	}
	return int(min(max(100*o.Headroom/live, uint64(o.Min)), uint64(o.Max)))
}

// Start sets the target now and then again as the live heap changes,
// until ctx is done; then the target is left as it was before Start.
func Start(ctx context.Context, opts Options) {
	opts = opts.withDefaults()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	live := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	current := opts.Percent(live())
	before := debug.SetGCPercent(current)
	go func() {
		t := time.NewTicker(opts.Every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				debug.SetGCPercent(before)
				return
			case <-t.C:
			}
			// Move only on a change of a tenth or more: setting the
			// target costs little, but it has no reason to flicker.
			if p := opts.Percent(live()); 10*abs(p-current) >= current {
				current = p
				debug.SetGCPercent(p)
			}
		}
	}()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
