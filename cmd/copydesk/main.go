// Command copydesk turns raw crawled news into clean, dated, summarized
// article datasets. Run "copydesk help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// gcPercent is the garbage collector's target unless GOGC says otherwise.
// A run's live heap is small (a few pages in flight) while it allocates
// fast, so Go's default of 100 collects hundreds of times a second, and
// with several cores the collector's stops then cost more than a third of
// the run. 400 keeps the heap within tens of megabytes.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
