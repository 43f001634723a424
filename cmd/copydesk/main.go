// Command copydesk turns raw crawled news into clean, dated, summarized
// article datasets. Run "copydesk help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/copydesk/copydesk/internal/gctune"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// A run's live heap is small (a few pages in flight) while it
	// allocates fast: at Go's default target the collector runs hundreds
	// of times a second, and with several cores its stops cost more than
	// a third of the run. A Parquet row group or a dedup index is a
	// larger live heap, which several times over would be memory for
	// nothing. gctune sets the target from the live heap, unless GOGC
	// says otherwise.
	if os.Getenv("GOGC") == "" {
		gctune.Start(ctx, gctune.Options{})
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
