// Package proc holds what the benchmark commands share about processes:
// where the copydesk module is, a process's peak resident memory, and
// the CPU time this one has used.
package proc

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// ModuleDir returns the directory of the copydesk module, where copydesk is
// built and run with its own dependencies.
func ModuleDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/copydesk/copydesk").Output()
	if err != nil {
		return "", fmt.Errorf("finding the copydesk module: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// PeakRSS returns the VmHWM of a process ("self" or a pid) in bytes, read
// from /proc; 0 where it cannot be read. Unlike rusage's maxrss, it is the
// process's own: on Linux a child started with exec inherits its parent's
// maxrss.
func PeakRSS(pid string) int64 {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

// CPUTime returns the user and system time this process has used so far
// (0 where getrusage fails).
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
