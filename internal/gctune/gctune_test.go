package gctune

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	var o Options
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},
		{4 << 20, 400},
		{16 << 20, 400},
		{32 << 20, 200},
		{40 << 20, 160},
		{64 << 20, 100},
		{2 << 30, 100},
	} {
		if got := o.Percent(tc.live); got != tc.want {
			t.Errorf("Percent(%d MiB) = %d, want %d", tc.live>>20, got, tc.want)
		}
	}
	if got := (Options{Headroom: 1 << 20, Min: 50, Max: 1000}).Percent(4 << 20); got != 50 {
		t.Errorf("with Min 50: %d, want 50", got)
	}
}

// TestStart holds a live heap larger than the headroom and checks the
// target falls to Min, then is restored when the context ends.
func TestStart(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{Headroom: 8 << 20, Min: 120, Max: 400, Every: time.Millisecond}
	Start(ctx, opts)
	held := make([]byte, 64<<20)
	for i := range held {
		held[i] = byte(i)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		if gogc() == 120 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the target never fell to Min with a live heap eight times the headroom")
		}
	}
	runtime.KeepAlive(held)
	cancel()
	time.Sleep(20 * time.Millisecond)
	if p := gogc(); p != 100 {
		t.Errorf("after the context ends the target is %d, want the 100 it was", p)
	}
}

// gogc reads the collector's target without changing it.
func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}
