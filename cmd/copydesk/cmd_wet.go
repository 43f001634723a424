package main

import (
	"context"
	"fmt"

	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/source"
)

const wetAbout = `
Prints the visible text of an HTML page (.html or .html.gz, "-" for stdin)
the way Common Crawl's WET files have it: one line per block, scripts,
styles and the head left out, the page's charset decoded to UTF-8.`

func cmdWET(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "wet", "FILE", wetAbout)
	title := fs.Bool("title", false, "print the page title as the first line")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE")
	}
	for d := range source.Documents(files, e.stdin, source.Options{Format: "html"}) {
		if d.Err != nil {
			return d.Err
		}
		page, err := htmltext.Extract(d.HTML, "")
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
