package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/job"
	"github.com/copydesk/copydesk/source"
)

const runAbout = `
Reads every record of the inputs (files, directories, globs, "-" for stdin;
.gz read transparently), cuts page chrome, writes a summary, and writes the
kept articles to DIR in input order:

  --format jsonl   DIR/articles.jsonl, one JSON object per article
  --format parquet DIR/articles.parquet, the same columns, zstd-compressed
  --format text    DIR/NNNNNN_<id>.txt, "article ||| summary" per article

With --dedup or --site-boilerplate, the kept articles wait in a spool
until every one has been seen, and the dataset is written once, after
those corpus stages.

With --resume, the output is one shard per input file instead, made final
with its manifest once the input is read to its end:

  DIR/shards/<name>-<hash>.jsonl (or .parquet) and <name>-<hash>.manifest.json

and a run given the same DIR again skips the inputs whose shard is final
and unchanged since, so an interrupted run (even by kill -9) is finished
by running it again, with the same output as an uninterrupted run. With
--dedup or --site-boilerplate the shards hold the articles in copydesk's
own encoding (.docs), and once every input's shard is final the corpus
stages read them all and write the dataset to DIR as a run in one go
does; the shards are left as they are, so the stages are never applied
twice.

An input may be an http or https URL, read as it streams: a request that
fails with 5xx or 429, and a body cut or stalled, are tried again after a
growing wait (--fetch-retries in all, --fetch-timeout for a stall), a cut
body resumed from its last byte when the server resumes that same version;
otherwise, and on 404, 410 or 403, the rest of the input is one record
failed as fetch-failed, and the run goes on. --inputs-from FILE lists
inputs, one a line; --inputs-base joins relative ones to a URL. With
--resume, a URL input is skipped when the server still names the version
(ETag, or length and Last-Modified) its shard was made from.

DIR/manifest.json counts every record's outcome: kept, dropped (with the
reason) or failed (with file and byte offset).`

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "-o DIR [flags] INPUT...", runAbout)
	var c job.Config
	fs.StringVar(&c.Out, "o", "", "output directory (created if missing)")
	fs.StringVar(&c.Format, "format", "jsonl", "output format: jsonl, parquet or text")
	inputFormat := fs.String("input-format", "", "force the input format: seed, text, jsonl, html or warc (default: sniff)")
	fs.IntVar(&c.Workers, "workers", 0, "documents processed at once (default: all cores)")
	fs.Int64Var(&c.Source.MaxRecordBytes, "max-record-bytes", source.DefaultMaxRecordBytes, "cap on one record's size (and on an HTTP body once decoded, and on the page bytes the extractor reads)")
	fs.IntVar(&c.MaxDepth, "max-depth", htmltext.DefaultMaxDepth, "nesting of a page's element tree that is tracked; deeper elements' text belongs to the deepest tracked one")
	fs.DurationVar(&c.DocTimeout, "doc-timeout", 30*time.Second, "time budget of one document; past it the document fails as timeout (0: none)")
	fs.IntVar(&c.MinWords, "min-words", 15, "drop articles shorter than this after cleaning (0: keep any length)")
	fs.IntVar(&c.Summarize.MaxWords, "summary-words", 60, "word budget of the lead summary")
	fs.StringVar(&c.Lang, "lang", "", "language of the inputs, ISO 639-1 (default: detect)")
	strict := fs.Bool("strict", false, "exit with code 3 when any record failed")
	quiet := fs.Bool("quiet", false, "do not print the manifest summary")
	siteChrome := fs.Bool("site-boilerplate", false, "cut the paragraphs that recur across many pages of one site (by URL host)")
	var siteOpts boiler.SiteOptions
	fs.IntVar(&siteOpts.MinPages, "site-min-pages", 5, "with --site-boilerplate: pages of a site a paragraph must recur on")
	fs.StringVar(&c.Dedup, "dedup", "", "cluster the same story across records: mark (keep all, with cluster_id and duplicate_of) or canonical (keep each cluster's canonical copy only)")
	dopts := &c.DedupOptions
	fs.IntVar(&dopts.Shingle, "dedup-shingle", dedup.DefaultShingle, "words per shingle for --dedup")
	fs.IntVar(&dopts.Bands, "dedup-bands", dedup.DefaultBands, "LSH bands for --dedup")
	fs.IntVar(&dopts.Rows, "dedup-rows", dedup.DefaultRows, "signature values per band for --dedup")
	fs.Float64Var(&dopts.Threshold, "dedup-threshold", dedup.DefaultThreshold, "least estimated Jaccard similarity of near duplicates for --dedup")
	fs.Float64Var(&dopts.Containment, "dedup-containment", dedup.DefaultContainment, "least estimated containment of the shorter text in the longer for --dedup")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	memProfile := fs.String("memprofile", "", "write a profile of the memory the run allocated to this file (go tool pprof reads it)")
	fs.BoolVar(&c.Overwrite, "overwrite", false, "write to DIR even when it holds files copydesk did not write (they are left as they are)")
	fs.BoolVar(&c.Resume, "resume", false, "write one shard per input under DIR/shards and skip inputs already finished there")
	// Inputs named by URL, and lists of inputs (package source, remote.go and list.go).
	inputsFrom := fs.String("inputs-from", "", "also read the inputs listed in FILE (a path or URL, .gz allowed): one path or URL a line, blank lines and # comments skipped")
	inputsBase := fs.String("inputs-base", "", "with --inputs-from: the URL or directory the relative paths in FILE are joined to (https://data.commoncrawl.org/ for Common Crawl's warc.paths.gz)")
	fetchRetries := fs.Int("fetch-retries", source.DefaultFetchRetries, "times the requests of one URL input may be tried again in all, resumes of cut bodies included (0: none)")
	fetchTimeout := fs.Duration("fetch-timeout", source.DefaultReadTimeout, "a URL input's connection that gives no byte for this long counts as cut, and is resumed")
	fetchDeadline := fs.Duration("fetch-deadline", 0, "time budget of one URL input, from its first request to the end of its body (0: none)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *fetchRetries < 0 || *fetchTimeout <= 0 || *fetchDeadline < 0 || *inputsBase != "" && *inputsFrom == "" {
		return usagef("--fetch-retries and --fetch-deadline cannot be negative, --fetch-timeout must be positive, --inputs-base needs --inputs-from")
	}
	fetch := source.FetchOptions{Retries: *fetchRetries, ReadTimeout: *fetchTimeout, Deadline: *fetchDeadline}
	if *fetchRetries == 0 {
		fetch.Retries = -1 // FetchOptions: negative is none, zero the default
	}
	c.Source.Remote = source.NewRemote(fetch)
	if *inputsFrom != "" {
		listed, err := source.ReadList(ctx, *inputsFrom, *inputsBase, c.Source.Remote)
		if err != nil {
			return err
		}
		inputs = append(inputs, listed...)
	}
	if c.Out == "" {
		return usagef("missing -o DIR")
	}
	// Zero is the options' "default" in the packages; on the command
	// line a number means what it says, or is refused.
	if err := positiveFlags(fs, map[string]float64{
		"max-record-bytes": float64(c.Source.MaxRecordBytes), "max-depth": float64(c.MaxDepth), "summary-words": float64(c.Summarize.MaxWords),
		"site-min-pages": float64(siteOpts.MinPages), "dedup-shingle": float64(dopts.Shingle), "dedup-bands": float64(dopts.Bands),
		"dedup-rows": float64(dopts.Rows), "dedup-threshold": dopts.Threshold, "dedup-containment": dopts.Containment,
	}); err != nil {
		return err
	}
	c.Inputs, c.Stdin = inputs, e.stdin
	c.Source.Format = copydesk.Format(*inputFormat)
	if *siteChrome {
		c.SiteBoilerplate = &siteOpts
	}
	if err := c.Validate(); err != nil {
		return usagef("%v", strings.TrimPrefix(err.Error(), job.ErrConfig.Error()+": "))
	}

	var read atomic.Int64
	c.Source.ReadBytes = &read
	var bar *progress
	if !*quiet {
		c.OnStart = func(total int64) { bar = startProgress(e.stderr, total, &read) }
		c.OnDocument = func(*copydesk.Document) {
			if bar != nil {
				bar.docs.Add(1)
			}
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile, e)
	}
	m, runErr := job.Run(ctx, c)
	if bar != nil {
		bar.finish()
	}
	if errors.Is(runErr, job.ErrConfig) {
		return usagef("%v", strings.TrimPrefix(runErr.Error(), job.ErrConfig.Error()+": "))
	}
	if !*quiet {
		m.Summary(e.stderr)
	} else {
		m.WriteWarnings(e.stderr)
	}
	if runErr != nil {
		if !errors.Is(runErr, job.ErrOutputNotEmpty) && !c.Resume {
			fmt.Fprintf(e.stderr, "copydesk run: no dataset written: %s is as it was before the run\n", c.Out)
		}
		return runErr
	}
	if *strict && m.Failed > 0 {
		return fmt.Errorf("%w: %d of %d", errSomeFailed, m.Failed, m.Records)
	}
	return nil
}

// positiveFlags refuses the flags among values that were given a value
// of zero or less.
func positiveFlags(fs *flag.FlagSet, values map[string]float64) error {
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		if v, ok := values[f.Name]; ok && v <= 0 {
			bad = append(bad, "--"+f.Name)
		}
	})
	if len(bad) > 0 {
		slices.Sort(bad)
		return usagef("%s must be positive", strings.Join(bad, ", "))
	}
	return nil
}

// writeHeapProfile writes the allocation profile of the run so far to
// path; a failure is reported, not fatal: the run's output is written.
func writeHeapProfile(path string, e *env) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "copydesk: writing the memory profile: %v\n", err)
	}
}
