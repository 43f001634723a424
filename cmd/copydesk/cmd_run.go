package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/stage"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/seedtext"
	"github.com/copydesk/copydesk/shard"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/summarize"
)

const runAbout = `
Reads every record of the inputs (files, directories, globs, "-" for stdin;
.gz read transparently), cuts page chrome, writes a summary, and writes the
kept articles to DIR in input order:

  --format jsonl   DIR/articles.jsonl, one JSON object per article
  --format parquet DIR/articles.parquet, the same columns, zstd-compressed
  --format text    DIR/NNNNNN_<id>.txt, "article ||| summary" per article

With --resume, the output is one shard per input file instead, made final
with its manifest once the input is read to its end:

  DIR/shards/<name>-<hash>.jsonl (or .parquet) and <name>-<hash>.manifest.json

and a run given the same DIR again skips the inputs whose shard is final
and unchanged since, so an interrupted run (even by kill -9) is finished
by running it again, with the same output as an uninterrupted run. With
--dedup or --site-boilerplate the shards are JSONL, and once every input's
shard is final the passes read them all and write the dataset to DIR as a
run in one go does; the shards are left as they are, so the passes are
never applied twice.

DIR/manifest.json counts every record's outcome: kept, dropped (with the
reason) or failed (with file and byte offset).`

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "-o DIR [flags] INPUT...", runAbout)
	out := fs.String("o", "", "output directory (created if missing)")
	format := fs.String("format", "jsonl", "output format: jsonl, parquet or text")
	inputFormat := fs.String("input-format", "", "force the input format: seed, text, jsonl, html or warc (default: sniff)")
	workers := fs.Int("workers", 0, "documents processed at once (default: all cores)")
	maxRecord := fs.Int64("max-record-bytes", source.DefaultMaxRecordBytes, "cap on one record's size (and on an HTTP body once decoded)")
	maxDepth := fs.Int("max-depth", htmltext.DefaultMaxDepth, "nesting of a page's element tree that is tracked; deeper elements' text belongs to the deepest tracked one")
	docTimeout := fs.Duration("doc-timeout", 30*time.Second, "time budget of one document; past it the document fails as timeout (0: none)")
	minWords := fs.Int("min-words", 15, "drop articles shorter than this after cleaning (0: keep any length)")
	summaryWords := fs.Int("summary-words", 60, "word budget of the lead summary")
	lang := fs.String("lang", "", "language of the inputs, ISO 639-1 (default: detect)")
	strict := fs.Bool("strict", false, "exit with code 3 when any record failed")
	quiet := fs.Bool("quiet", false, "do not print the manifest summary")
	siteChrome := fs.Bool("site-boilerplate", false, "after the run, cut the paragraphs that recur across many pages of one site (by URL host)")
	var siteOpts boiler.SiteOptions
	fs.IntVar(&siteOpts.MinPages, "site-min-pages", 5, "with --site-boilerplate: pages of a site a paragraph must recur on")
	dedupPolicy := fs.String("dedup", "", "cluster the same story across records: mark (keep all, with cluster_id and duplicate_of) or canonical (keep each cluster's canonical copy only)")
	var dopts dedup.Options
	fs.IntVar(&dopts.Shingle, "dedup-shingle", dedup.DefaultShingle, "words per shingle for --dedup")
	fs.IntVar(&dopts.Bands, "dedup-bands", dedup.DefaultBands, "LSH bands for --dedup")
	fs.IntVar(&dopts.Rows, "dedup-rows", dedup.DefaultRows, "signature values per band for --dedup")
	fs.Float64Var(&dopts.Threshold, "dedup-threshold", dedup.DefaultThreshold, "least estimated Jaccard similarity of near duplicates for --dedup")
	fs.Float64Var(&dopts.Containment, "dedup-containment", dedup.DefaultContainment, "least estimated containment of the shorter text in the longer for --dedup")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	memProfile := fs.String("memprofile", "", "write a profile of the memory the run allocated to this file (go tool pprof reads it)")
	resume := fs.Bool("resume", false, "write one shard per input under DIR/shards and skip inputs already finished there")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing -o DIR")
	}
	// Zero is the options' "default" in the packages; on the command
	// line a number means what it says, or is refused.
	if err := positiveFlags(fs, map[string]float64{
		"max-record-bytes": float64(*maxRecord), "max-depth": float64(*maxDepth), "summary-words": float64(*summaryWords),
		"site-min-pages": float64(siteOpts.MinPages), "dedup-shingle": float64(dopts.Shingle), "dedup-bands": float64(dopts.Bands),
		"dedup-rows": float64(dopts.Rows), "dedup-threshold": dopts.Threshold, "dedup-containment": dopts.Containment,
	}); err != nil {
		return err
	}
	if *minWords < 0 || *workers < 0 || *docTimeout < 0 {
		return usagef("--min-words, --workers and --doc-timeout cannot be negative")
	}
	cleanMinWords := *minWords
	if cleanMinWords == 0 {
		cleanMinWords = -1 // CleanOptions: negative keeps any non-empty article
	}
	if len(inputs) == 0 {
		return usagef("no inputs")
	}
	if *format != "text" && encoders[*format] == nil {
		return usagef("--format %q: want jsonl, parquet or text", *format)
	}
	if *siteChrome && *format == "text" {
		return usagef("--site-boilerplate works on a dataset: --format jsonl or parquet")
	}
	switch *dedupPolicy {
	case "":
	case "mark", "canonical":
		if *format == "text" {
			return usagef("--dedup works on a dataset: --format jsonl or parquet")
		}
		if err := dopts.Validate(); err != nil {
			return usagef("%v", err)
		}
	default:
		return usagef("--dedup %q: want mark or canonical", *dedupPolicy)
	}
	if *resume && *format == "text" {
		return usagef("--resume writes shards of JSONL or Parquet: --format text has one file per article already")
	}
	sopts := source.Options{Format: copydesk.Format(*inputFormat), MaxRecordBytes: *maxRecord}
	if err := sopts.Validate(); err != nil {
		return usagef("%v", err)
	}
	var skipped []string
	files, err := source.ExpandOptions{
		Exclude: []string{*out},
		Skipped: func(path, why string) { skipped = append(skipped, path+": "+why) },
	}.Expand(inputs)
	if err != nil {
		return err
	}
	if *resume && slices.Contains(files, source.Stdin) && (*siteChrome || *dedupPolicy != "") {
		return usagef("--resume cannot finish standard input, so the passes of --dedup and --site-boilerplate cannot run on it: give files")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	corpusPasses := *siteChrome || *dedupPolicy != ""
	var (
		sink    pipeline.Sink
		shards  *shard.Writer
		resumed []*shard.Info
	)
	// The passes over the whole dataset read JSONL; a Parquet dataset
	// is written from it when they are done. With --resume they read the
	// shards, which are then JSONL too.
	sinkFormat := *format
	if corpusPasses {
		sinkFormat = "jsonl"
	}
	allFiles := files
	if *resume {
		if shards, err = shard.NewWriter(shard.Options{Dir: *out, Ext: sinkFormat, NewEncoder: encoders[sinkFormat]}); err != nil {
			return err
		}
		var todo []string
		for _, f := range files {
			if info, ok := shard.Done(*out, f, sinkFormat); ok {
				resumed = append(resumed, info)
				continue
			}
			todo = append(todo, f)
		}
		sink, files = shards, todo
		shards.Snapshot(files)
	} else {
		if sink, err = openSink(*out, sinkFormat); err != nil {
			return err
		}
	}
	readBytes := inputBytes(files)
	stages := []pipeline.Stage{
		stage.Clean(stage.CleanOptions{MinWords: cleanMinWords, Boiler: boilerOptions(*lang),
			// A page is read whole up to the record cap, never cut shorter.
			Article: article.Options{Text: htmltext.Options{MaxDepth: *maxDepth, MaxInputBytes: int(min(*maxRecord, math.MaxInt))}}}),
		stage.Summarize(summarize.Options{MaxWords: *summaryWords, Lang: *lang}),
	}
	var read atomic.Int64
	sopts.ReadBytes = &read
	ropts := pipeline.RunOptions{Workers: *workers, DocTimeout: *docTimeout}
	var bar *progress
	if !*quiet {
		bar = startProgress(e.stderr, readBytes, &read)
		ropts.OnDocument = func(*copydesk.Document) { bar.docs.Add(1) }
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
	docs := source.Documents(files, e.stdin, sopts)
	m, runErr := pipeline.Run(ctx, docs, stages, sink, ropts)
	if bar != nil {
		bar.finish()
	}
	if shards != nil && runErr == nil {
		runErr = shards.Finish(files)
		for _, in := range shards.Changed() {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s changed while it was read: its shard holds what was read, and the next run with --resume reads it again", in))
		}
	}
	if shards != nil && corpusPasses && runErr == nil {
		runErr = joinShards(*out, allFiles, sinkFormat)
	}
	if *siteChrome && runErr == nil {
		res, err := corpus.CutSiteBoilerplate(filepath.Join(*out, "articles.jsonl"), siteOpts,
			summarize.Options{MaxWords: *summaryWords, Lang: *lang})
		if err != nil {
			runErr = err
		}
		m.SiteBlocks = res.Cut
	}
	if *dedupPolicy != "" && runErr == nil {
		res, err := corpus.Dedup(filepath.Join(*out, "articles.jsonl"), filepath.Join(*out, "clusters.jsonl"), dopts, *dedupPolicy == "canonical")
		if err != nil {
			runErr = err
		}
		m.Clusters, m.Duplicates = res.Clusters, res.Duplicates
		if res.Removed > 0 {
			m.Kept -= int64(res.Removed)
			m.Dropped += int64(res.Removed)
			m.DroppedBy["duplicate"] += int64(res.Removed)
		}
	}
	if corpusPasses && *format == "parquet" && runErr == nil {
		data := filepath.Join(*out, "articles.jsonl")
		if runErr = parquet.FromJSONL(data, filepath.Join(*out, "articles.parquet")); runErr == nil {
			runErr = os.Remove(data)
		}
	}
	if m.Seconds > 0 {
		m.BytesPerSec = float64(readBytes) / m.Seconds
	}
	m.InputBytes = readBytes
	m.Resumed = len(resumed)
	for _, info := range resumed {
		m.Merge(info.Counts, pipeline.DefaultFailureNotes)
	}
	m.Inputs = inputs
	m.Warnings = append(m.Warnings, skippedWarnings(skipped)...)
	if err := m.WriteFile(filepath.Join(*out, "manifest.json")); err != nil && runErr == nil {
		runErr = err
	}
	if !*quiet {
		m.Summary(e.stderr)
	} else {
		m.WriteWarnings(e.stderr)
	}
	if runErr != nil {
		return runErr
	}
	if *strict && m.Failed > 0 {
		return fmt.Errorf("%w: %d of %d", errSomeFailed, m.Failed, m.Records)
	}
	return nil
}

// joinShards writes the finished shards of inputs, in their order, to
// DIR/articles.jsonl, the dataset the corpus passes read and rewrite.
func joinShards(dir string, inputs []string, ext string) error {
	parts := make([]string, 0, len(inputs))
	for _, in := range inputs {
		info, ok := shard.Done(dir, in, ext)
		if !ok {
			return fmt.Errorf("the shard of %s is not final for the input as it is now (it changed while or since it was read): run again with --resume to read it anew", in)
		}
		parts = append(parts, filepath.Join(dir, shard.Subdir, info.Data))
	}
	return corpus.Concat(filepath.Join(dir, "articles.jsonl"), parts)
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

// skippedWarnings says which files the directory walks passed over: a
// few by name, the rest counted.
func skippedWarnings(skipped []string) []string {
	const named = 10
	var out []string
	for i, s := range skipped {
		if i == named {
			out = append(out, fmt.Sprintf("%d more files in input directories skipped", len(skipped)-named))
			break
		}
		out = append(out, "skipped "+s)
	}
	return out
}

// inputBytes returns the total size of the input files.
func inputBytes(files []string) int64 {
	var n int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// encoders make the data files of the formats that are one file per run
// or per shard.
var encoders = map[string]func(w io.Writer) (shard.Encoder, error){
	"jsonl":   func(w io.Writer) (shard.Encoder, error) { return jsonl.NewWriter(w), nil },
	"parquet": func(w io.Writer) (shard.Encoder, error) { return parquet.NewWriter(w), nil },
}

// openSink returns the sink for format in dir.
func openSink(dir, format string) (pipeline.Sink, error) {
	if format == "text" {
		return seedtext.NewDirWriter(dir), nil
	}
	return newAtomicFile(filepath.Join(dir, "articles."+format), encoders[format])
}

// atomicFile writes the dataset to a temporary file and renames it into
// place on Close, so a reader never sees a half-written dataset.
type atomicFile struct {
	f   *atomicfile.File
	enc shard.Encoder
}

func newAtomicFile(path string, newEncoder func(io.Writer) (shard.Encoder, error)) (*atomicFile, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	enc, err := newEncoder(f)
	if err != nil {
		f.Discard()
		return nil, err
	}
	return &atomicFile{f: f, enc: enc}, nil
}

func (a *atomicFile) Write(d *copydesk.Document) error { return a.enc.Write(d) }

func (a *atomicFile) Close() error {
	if err := a.enc.Close(); err != nil {
		a.f.Discard()
		return err
	}
	return a.f.Commit()
}

// Abort leaves the previous dataset, if any, in place.
func (a *atomicFile) Abort() error {
	a.enc.Close()
	return a.f.Discard()
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
