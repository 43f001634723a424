package main

import (
	"context"
	"fmt"
	"io"

	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/internal/report"
)

const reportAbout = `
Writes one self-contained HTML file about a run's output directory:
records by outcome and drop reason, publication dates over time,
languages, top sites, article and summary lengths, story cluster sizes
and the time spent per record, as charts drawn inline (SVG). The file
has no script and fetches nothing.`

func cmdReport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "report", "-o FILE DIR", reportAbout)
	out := fs.String("o", "", "the HTML file to write (required)")
	dirs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 || *out == "" {
		return usagef("want -o FILE and exactly one DIR")
	}
	d, err := dataset.Open(dirs[0])
	if err != nil {
		return err
	}
	s, err := report.Collect(d)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteWith(*out, func(w io.Writer) error { return report.Write(w, s) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "copydesk report: %d articles → %s\n", s.Articles, *out)
	return nil
}
