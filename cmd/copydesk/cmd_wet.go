package main

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/htmltext"
)

const wetAbout = `
Prints the visible text of an HTML page (.html or .html.gz, "-" for stdin)
the way Common Crawl's WET files have it: one line per block, scripts,
styles and the head left out, the page's charset decoded to UTF-8.

FILE may be an archive (WARC, WET or ARC, .gz allowed): pick the record
with --offset N (its source_offset, as the manifest and the dataset give
it) or --url U (the first response with that target URI). A WET
conversion record is printed as it is.`

func cmdWET(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "wet", "[flags] FILE", wetAbout)
	title := fs.Bool("title", false, "print the page title as the first line")
	var p pick
	p.flags(fs, "in an archive, pick the first record with this target URI")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE")
	}
	docs, err := p.records(e, files[0], copydesk.FormatHTML, true)
	if err != nil {
		return err
	}
	for d := range docs {
		if d.Err != nil {
			return d.Err
		}
		if d.HTML == nil {
			fmt.Fprintln(e.stdout, d.Text)
			continue
		}
		page, err := htmltext.Extract(d.HTML, d.ContentType)
		if err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
		if *title {
			fmt.Fprintln(e.stdout, page.Title)
		}
		fmt.Fprintln(e.stdout, page.Text)
	}
	return nil
}
