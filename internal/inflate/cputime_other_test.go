//go:build !linux

package inflate_test

import "time"

// threadCPU cannot read a thread's CPU time here; BenchmarkPages then
// reports the time on the clock alone.
func threadCPU() time.Duration { return 0 }
