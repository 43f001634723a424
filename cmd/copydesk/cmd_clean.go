package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/stage"
)

const cleanAbout = `
Prints the cleaned article text of each record of FILE ("-" for stdin),
paragraphs separated by a blank line. With --explain, prints every block
instead: "+ " before kept blocks, "- [reason] " before removed ones, each
record's blocks after a header line "# FILE@OFFSET URL".

FILE may be an archive (WARC, WET or ARC, .gz allowed): pick the record
with --offset N (its source_offset, as the manifest and the dataset give
it) or --url U (the first response with that target URI). The same flags
pick one line of a JSONL input.`

func boilerOptions(lang string) boiler.Options { return boiler.Options{Lang: lang} }

func cmdClean(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clean", "[flags] FILE", cleanAbout)
	explain := fs.Bool("explain", false, "print every block with its verdict and, when removed, the reason")
	inputFormat := fs.String("input-format", "", "force the input format: seed, text, jsonl or html (default: sniff)")
	lang := fs.String("input-lang", "", "language of the input, ISO 639-1: a hint to the cleaner (default: detect)")
	var p pick
	p.flags(fs, "pick the first record with this URL (in an archive, its target URI)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE")
	}
	if err := inputFormatFlag(*inputFormat); err != nil {
		return err
	}
	if err := langHintFlag("input-lang", lang); err != nil {
		return err
	}
	sopts := source.Options{Format: copydesk.Format(*inputFormat)}
	clean := stage.Clean(stage.CleanOptions{MinWords: -1, Boiler: boilerOptions(*lang)})
	docs, err := p.records(e, files[0], sopts.Format, true)
	if err != nil {
		return err
	}
	n := 0
	var firstErr error
	for d := range docs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if n > 0 {
			fmt.Fprintln(e.stdout)
		}
		n++
		if d.Err != nil {
			fmt.Fprintf(e.stderr, "copydesk clean: %v\n", d.Err)
			if firstErr == nil {
				firstErr = d.Err
			}
			continue
		}
		if err := clean(d); err != nil && len(d.Removed) == 0 {
			fmt.Fprintf(e.stderr, "copydesk clean: %s: %v\n", d.Source, err)
			continue
		}
		if !*explain {
			fmt.Fprintln(e.stdout, d.ArticleText())
			continue
		}
		fmt.Fprintln(e.stdout, strings.TrimSpace("# "+d.Source.String()+" "+d.URL))
		explainBlocks(e, d)
	}
	return firstErr
}

// explainBlocks prints kept and removed blocks in page order.
func explainBlocks(e *env, d *copydesk.Document) {
	removed, kept := d.Removed, d.Paragraphs
	for i := 0; len(removed) > 0 || len(kept) > 0; i++ {
		if len(removed) > 0 && (removed[0].Index == i || len(kept) == 0) {
			fmt.Fprintf(e.stdout, "- [%s] %s\n", removed[0].Reason, removed[0].Text)
			removed = removed[1:]
			continue
		}
		fmt.Fprintf(e.stdout, "+ %s\n", kept[0])
		kept = kept[1:]
	}
}
