package inflate_test

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling thread has used, or zero
// where it cannot be read. On a machine shared with other work it counts
// less of the others' load than the time on the clock does.
func threadCPU() time.Duration {
	const rusageThread = 1
	var ru syscall.Rusage
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
