package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	"github.com/copydesk/copydesk/lang"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/stage"
	"github.com/copydesk/copydesk/story"
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

Filters drop what the dataset does not want, each with a reason of its
own: --sites, --exclude-sites and --url-match before a page is extracted;
--lang (the language identified from the text), --since, --until
(--undated keep|drop) and --max-words after. --limit N stops reading once
N articles are kept. --drops FILE lists every record not kept, with the
file and offset that extract, wet and clean --offset take to look at it.

When stderr is not a terminal, a progress line is written every
--progress-every (records, rate, bytes read, outcomes so far), and a line
when each corpus stage starts and ends.

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
	durationFlag(fs, &c.DocTimeout, "doc-timeout", 30*time.Second, "time budget of one document; past it the document fails as timeout (0: none)")
	fs.IntVar(&c.MinWords, "min-words", 15, "drop articles shorter than this after cleaning (0: keep any length)")
	fs.IntVar(&c.Summarize.MaxWords, "summary-words", 60, "word budget of the lead summary")
	fs.StringVar(&c.Lang, "input-lang", "", "language of the inputs, ISO 639-1: a hint to the cleaner and the language identifier (default: detect)")
	// Filters (stage/filter.go): each drops with a reason of its own.
	var langs []string
	fs.Var(listValue{&langs}, "lang", "keep only articles in these languages: ISO 639-1 codes, comma-separated (en,de), as identified from the text")
	since := fs.String("since", "", "keep only articles published on or after this date: YYYY-MM-DD or RFC 3339")
	until := fs.String("until", "", "keep only articles published on or before this date: YYYY-MM-DD (the whole day) or RFC 3339")
	undated := fs.String("undated", "drop", "with --since or --until, what to do with articles without a publication date: keep or drop (reason undated)")
	fs.Var(listValue{&c.Filter.Sites}, "sites", "keep only pages of these hosts and their subdomains: comma-separated, or @FILE with one a line (www. ignored)")
	fs.Var(listValue{&c.Filter.ExcludeSites}, "exclude-sites", "drop pages of these hosts and their subdomains: comma-separated, or @FILE with one a line (www. ignored)")
	urlMatch := fs.String("url-match", "", "keep only pages whose URL this Go regular expression matches (unanchored)")
	fs.IntVar(&c.Filter.MaxWords, "max-words", 0, "drop articles longer than this after cleaning (0: keep any length)")
	fs.IntVar(&c.Limit, "limit", 0, "stop reading once this many articles are kept; the rest of the input is not read (0: no limit)")
	drops := fs.String("drops", "", "write one JSON line per dropped or failed record to this file (outside DIR): id, file, offset, url, outcome, reason, error")
	strict := fs.Bool("strict", false, "exit with code 3 when any record failed, or most records of an archive were dropped for one unusual reason")
	quiet := fs.Bool("quiet", false, "do not print progress and the manifest summary")
	var progressEvery time.Duration
	durationFlag(fs, &progressEvery, "progress-every", 10*time.Second, "when stderr is not a terminal, write a progress line this often (0: none)")
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
	stories := fs.Bool("stories", false, "group the kept articles into stories, copies and rewrites of one event across outlets, marking each record with story_id and story_size; writes DIR/stories.jsonl (after --dedup, whose clusters join their stories)")
	var stopts story.Options
	fs.Float64Var(&stopts.Threshold, "stories-threshold", story.DefaultThreshold, "least similarity of an article to a story for --stories")
	fs.Float64Var(&stopts.LongThreshold, "stories-long-threshold", story.DefaultLongThreshold, "least similarity of a full article (200 words or more) to a story for --stories; between the two lengths the threshold goes from one to the other")
	fs.Float64Var(&stopts.Merge, "stories-merge", story.DefaultMerge, "least average-link similarity at which two stories of short articles merge after the first pass, for --stories (-1 with --stories-long-merge -1: no merging)")
	fs.Float64Var(&stopts.LongMerge, "stories-long-merge", story.DefaultLongMerge, "the same for stories of full articles")
	fs.IntVar(&stopts.Window, "stories-window", story.DefaultWindow, "days a story stays open after its latest article for --stories")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof reads it)")
	memProfile := fs.String("memprofile", "", "write a profile of the memory the run allocated to this file (go tool pprof reads it)")
	fs.BoolVar(&c.Overwrite, "overwrite", false, "write to DIR even when it holds files copydesk did not write (they are left as they are)")
	fs.BoolVar(&c.Resume, "resume", false, "write one shard per input under DIR/shards and skip inputs already finished there")
	// Inputs named by URL, and lists of inputs (package source, remote.go and list.go).
	inputsFrom := fs.String("inputs-from", "", "also read the inputs listed in FILE (a path or URL, .gz allowed): one path or URL a line, blank lines and # comments skipped")
	inputsBase := fs.String("inputs-base", "", "with --inputs-from: the URL or directory the relative paths in FILE are joined to (https://data.commoncrawl.org/ for Common Crawl's warc.paths.gz)")
	fetchRetries := fs.Int("fetch-retries", source.DefaultFetchRetries, "times the requests of one URL input may be tried again in all, resumes of cut bodies included (0: none)")
	fetchTimeout, fetchDeadline := new(time.Duration), new(time.Duration)
	durationFlag(fs, fetchTimeout, "fetch-timeout", source.DefaultReadTimeout, "a URL input's connection that gives no byte for this long counts as cut, and is resumed")
	durationFlag(fs, fetchDeadline, "fetch-deadline", 0, "time budget of one URL input, from its first request to the end of its body (0: none)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := runFlags(fs, &c, &stopts, *inputFormat, *inputsFrom, *inputsBase); err != nil {
		return err
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
	if err := filterFlags(&c, langs, *since, *until, *undated, *urlMatch); err != nil {
		return err
	}
	if *drops != "" && within(c.Out, *drops) {
		return usagef("--drops %s: give a file outside the output directory %s, which holds the dataset only", *drops, c.Out)
	}
	if in := inputHolding(inputs, *drops); in != "" {
		// Written while the inputs are read: it would be read as one
		// (and grow with its own drops), or empty the input it is.
		return usagef("--drops %s: give a file outside the input %s", *drops, in)
	}
	c.Inputs, c.Stdin = inputs, e.stdin
	c.Version, c.Build = buildVersion().forData()
	c.Source.Format = copydesk.Format(*inputFormat)
	if *siteChrome {
		c.SiteBoilerplate = &siteOpts
	}
	if *stories {
		c.Stories = &stopts
	}
	if err := c.Validate(); err != nil {
		return usagef("%v", strings.TrimPrefix(err.Error(), job.ErrConfig.Error()+": "))
	}

	var read atomic.Int64
	c.Source.ReadBytes = &read
	var bar *progress
	if !*quiet {
		c.OnStart = func(total int64) { bar = startProgress(e.stderr, total, &read, progressEvery) }
		c.OnDocument = func(d *copydesk.Document) {
			if bar != nil {
				bar.document(d)
			}
		}
		c.OnCorpusStageStart = func(name string, docs int64) {
			if bar != nil {
				bar.corpusStage(name, docs)
			}
		}
		c.OnCorpusStage = func(name string) {
			if bar != nil {
				bar.corpusStage(name, -1)
			}
		}
	}
	var dl *dropLog
	if *drops != "" {
		var err error
		if dl, err = createDropLog(*drops); err != nil {
			return err
		}
		defer dl.close() // on an early return; the run's end checks its error
		c.OnSettled = dl.add
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
	if dl != nil {
		if err := dl.close(); err != nil && runErr == nil {
			runErr = fmt.Errorf("--drops: %w", err)
		}
	}
	if bar != nil {
		bar.finish()
	}
	if errors.Is(runErr, job.ErrConfig) {
		return usagef("%v", strings.TrimPrefix(runErr.Error(), job.ErrConfig.Error()+": "))
	}
	if errors.Is(runErr, job.ErrOutputNotEmpty) {
		// Refused before any record was read: no summary of nothing, and
		// no empty --drops file left behind.
		if dl != nil {
			os.Remove(*drops)
		}
		return runErr
	}
	if !*quiet {
		m.Summary(e.stderr)
	} else {
		m.WriteWarnings(e.stderr)
	}
	if runErr != nil {
		if !c.Resume {
			fmt.Fprintf(e.stderr, "copydesk run: no dataset written: %s is as it was before the run\n", c.Out)
		}
		return runErr
	}
	if *strict && m.Failed > 0 {
		return fmt.Errorf("%w: %d of %d", errSomeFailed, m.Failed, m.Records)
	}
	if *strict && len(m.MostlyDropped) > 0 {
		return fmt.Errorf("%w: most records of %s dropped", errSomeFailed, strings.Join(m.MostlyDropped, ", "))
	}
	return nil
}

// runFlags refuses the values of run's flags that they cannot take, one
// flag at a time, naming it and its value. Zero is the options' default
// in the packages; on the command line a number means what it says, or
// is refused. The packages' own checks (job.Config.Validate) name their
// fields, not the flags.
func runFlags(fs *flag.FlagSet, c *job.Config, st *story.Options, inputFormat, inputsFrom, inputsBase string) error {
	merge := numberRule{func(v float64) bool { return v == -1 || v > 0 && v <= 1 }, "want a number in (0, 1], or -1 (with -1 for both --stories-merge and --stories-long-merge) for no merging"}
	err := checkNumbers(fs, []flagRule{
		{"workers", zeroOrMore}, {"max-record-bytes", oneOrMore}, {"max-depth", oneOrMore},
		{"doc-timeout", zeroOrMoreDur}, {"min-words", zeroOrMore}, {"summary-words", oneOrMore},
		{"max-words", zeroOrMore}, {"limit", zeroOrMore}, {"progress-every", zeroOrMoreDur},
		{"site-min-pages", oneOrMore},
		{"dedup-shingle", oneOrMore}, {"dedup-bands", oneOrMore}, {"dedup-rows", oneOrMore},
		{"dedup-threshold", fraction}, {"dedup-containment", fraction},
		{"stories-threshold", fraction}, {"stories-long-threshold", fraction},
		{"stories-merge", merge}, {"stories-long-merge", merge}, {"stories-window", windowDays},
		{"fetch-retries", zeroOrMore}, {"fetch-timeout", positiveSpan}, {"fetch-deadline", zeroOrMoreDur},
	})
	if err != nil {
		return err
	}
	d := c.DedupOptions
	switch {
	case !dedup.SignatureFits(d.Bands, d.Rows):
		return usagef("--dedup-bands %d --dedup-rows %d: want at most %d signature values (bands × rows)", d.Bands, d.Rows, dedup.MaxSignature)
	case (st.Merge == -1) != (st.LongMerge == -1):
		return usagef("--stories-merge %v --stories-long-merge %v: -1 (no merging) is for both or neither", st.Merge, st.LongMerge)
	case inputsBase != "" && inputsFrom == "":
		return usagef("--inputs-base %s: give it with --inputs-from FILE, whose relative paths it is joined to", inputsBase)
	case c.Format != job.FormatJSONL && c.Format != job.FormatParquet && c.Format != job.FormatText:
		return usagef("--format %s: want jsonl, parquet or text", c.Format)
	case c.Dedup != "" && c.Dedup != job.DedupMark && c.Dedup != job.DedupCanonical:
		return usagef("--dedup %s: want mark or canonical", c.Dedup)
	case c.Resume && c.Limit > 0:
		return usagef("--limit %d with --resume: a limit stops reading part way, and resuming makes an input's shard final only once it is read to the end; use one or the other", c.Limit)
	case c.Resume && c.Format == job.FormatText:
		return usagef("--format text with --resume: resuming writes shards of JSONL or Parquet (the text format has one file per article already)")
	}
	if err := inputFormatFlag(inputFormat); err != nil {
		return err
	}
	return langHintFlag("input-lang", &c.Lang)
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

// filterFlags sets c.Filter from the filter flags that are not set on it
// directly, and refuses what they cannot mean.
func filterFlags(c *job.Config, langs []string, since, until, undated, urlMatch string) error {
	known := lang.Languages()
	for _, l := range langs {
		code := strings.ToLower(l)
		if !slices.Contains(known, code) {
			return usagef("--lang %s: want ISO 639-1 codes, comma-separated (en,de,fr); copydesk identifies %s", l, strings.Join(known, " "))
		}
		c.Filter.Langs = append(c.Filter.Langs, code)
	}
	var err error
	if since != "" {
		if c.Filter.Since, err = stage.ParseDate(since, false); err != nil {
			return usagef("--since %s: want YYYY-MM-DD or RFC 3339 (2024-03-05T14:00:00Z)", since)
		}
	}
	if until != "" {
		if c.Filter.Until, err = stage.ParseDate(until, true); err != nil {
			return usagef("--until %s: want YYYY-MM-DD or RFC 3339 (2024-03-05T14:00:00Z)", until)
		}
	}
	switch undated {
	case "drop":
	case "keep":
		c.Filter.KeepUndated = true
	default:
		return usagef("--undated %s: want keep or drop", undated)
	}
	if !c.Filter.Since.IsZero() && !c.Filter.Until.IsZero() && c.Filter.Until.Before(c.Filter.Since) {
		return usagef("--since %s --until %s: the date range ends before it starts", since, until)
	}
	for _, f := range []struct {
		name  string
		hosts []string
	}{{"sites", c.Filter.Sites}, {"exclude-sites", c.Filter.ExcludeSites}} {
		for _, h := range f.hosts {
			if (&stage.Filter{Sites: []string{h}}).Validate() != nil {
				return usagef("--%s %s: want host names (bbc.co.uk), comma-separated, or @FILE with one a line", f.name, h)
			}
		}
	}
	if urlMatch != "" {
		if c.Filter.URLMatch, err = regexp.Compile(urlMatch); err != nil {
			return usagef("--url-match: %v", err)
		}
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	d, err1 := filepath.Abs(dir)
	p, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// inputHolding returns the local input that is path, a directory
// holding it or a glob matching it, or "".
func inputHolding(inputs []string, path string) string {
	if path == "" {
		return ""
	}
	for _, in := range inputs {
		if in == source.Stdin || source.IsURL(in) {
			continue
		}
		if ok, _ := filepath.Match(filepath.Clean(in), filepath.Clean(path)); ok {
			return in // a glob that will match it once it is created
		}
		matches, err := filepath.Glob(in)
		if err != nil || len(matches) == 0 {
			matches = []string{in}
		}
		for _, m := range matches {
			if within(m, path) {
				return in
			}
		}
	}
	return ""
}

// dropLog writes one JSON line per record not kept: the --drops file.
type dropLog struct {
	f      *os.File
	w      *bufio.Writer
	enc    *json.Encoder
	err    error
	closed bool
}

// dropLine is one line of a --drops file.
type dropLine struct {
	ID      string `json:"id"`
	File    string `json:"file"`
	Offset  int64  `json:"offset"`
	URL     string `json:"url"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
	Error   string `json:"error,omitempty"`
}

func createDropLog(path string) (*dropLog, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--drops: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &dropLog{f: f, w: w, enc: enc}, nil
}

// add writes d's line when d was not kept.
func (l *dropLog) add(d *copydesk.Document) {
	if d.Outcome == copydesk.Kept || l.err != nil {
		return
	}
	line := dropLine{ID: d.ID, File: d.Source.File, Offset: d.Source.Offset, URL: d.URL, Outcome: d.Outcome.String(), Reason: d.Reason}
	if d.Err != nil {
		line.Error = d.Err.Error()
	}
	l.err = l.enc.Encode(line)
}

// close flushes and closes the file, once, and returns the first error.
func (l *dropLog) close() error {
	if l.closed {
		return l.err
	}
	l.closed = true
	if err := l.w.Flush(); l.err == nil {
		l.err = err
	}
	if err := l.f.Close(); l.err == nil {
		l.err = err
	}
	return l.err
}
