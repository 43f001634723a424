// Package job is copydesk's run as a library: it reads inputs, runs the
// stages on all cores, and writes a dataset with its manifest to an
// output directory, resumably when asked. The command line's "copydesk
// run" is a thin layer over it; a server or a test calls it the same way.
package job

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/shard"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/stage"
	"github.com/copydesk/copydesk/story"
	"github.com/copydesk/copydesk/summarize"
)

// Output formats.
const (
	FormatJSONL   = "jsonl"   // Out/articles.jsonl
	FormatParquet = "parquet" // Out/articles.parquet
	FormatText    = "text"    // Out/NNNNNN_<id>.txt
)

// Dedup policies.
const (
	DedupMark      = "mark"      // keep every copy, marked with its cluster
	DedupCanonical = "canonical" // keep each cluster's canonical copy only
)

// ErrConfig is wrapped by the errors of a Config that cannot run.
var ErrConfig = errors.New("job: bad configuration")

// Config is one run. Zero values take the defaults of the packages the
// stages come from, except where said.
type Config struct {
	// Out is the output directory, created if missing.
	Out string
	// Inputs are files, directories, globs, "-" (standard input, read
	// from Stdin) and http and https URLs (fetched by Source.Remote).
	Inputs []string
	Stdin  io.Reader
	// Format is FormatJSONL (the default), FormatParquet or FormatText.
	Format string
	// Source tunes how inputs are read.
	Source source.Options
	// Workers is the number of Documents processed at once; zero means
	// all cores.
	Workers int
	// MaxDepth bounds the element tree a page's extraction tracks.
	MaxDepth int
	// DocTimeout bounds one Document's stages; zero means no bound.
	DocTimeout time.Duration
	// MinWords drops shorter articles; zero keeps any length.
	MinWords int
	// Summarize tunes the summaries (and the language, when Lang is set).
	Summarize summarize.Options
	// Lang is the language of the inputs, ISO 639-1, a hint to the
	// cleaner and the language identifier; "" detects it. (Filter.Langs
	// is the languages the dataset keeps.)
	Lang string
	// Filter drops the Documents the dataset does not want, each with
	// its reason: by URL before they are cleaned, by language, date and
	// length after.
	Filter stage.Filter
	// Limit, when positive, stops reading once that many articles are
	// kept (see pipeline.RunOptions.Limit). It cannot be used with
	// Resume: a shard is made final only when its input is read to the
	// end.
	Limit int
	// Version and Build name the program that wrote the dataset (a
	// module version, a VCS revision), in the formats that record it
	// (Parquet's created_by).
	Version, Build string
	// SiteBoilerplate, when set, cuts paragraphs that recur across many
	// pages of a site.
	SiteBoilerplate *boiler.SiteOptions
	// Dedup is "", DedupMark or DedupCanonical.
	Dedup        string
	DedupOptions dedup.Options
	// Stories, when set, groups the kept articles into stories (after
	// Dedup, whose clusters join their stories).
	Stories *story.Options
	// Resume writes one shard per input under Out/shards and skips the
	// inputs already finished there.
	Resume bool
	// Overwrite lets the run write to an output directory that holds
	// files copydesk did not write (they are left as they are).
	Overwrite bool
	// OnStart, when set, is called once the inputs to read are known,
	// with their total size as stored (for progress reports; the bytes
	// read so far are counted in Source.ReadBytes).
	OnStart func(bytes int64)
	// OnDocument, when set, is called with every Document once its
	// per-document stages are done, in input order.
	OnDocument func(d *copydesk.Document)
	// OnCorpusStageStart, when set, is called when a corpus stage starts
	// to apply what it learned, with the number of Documents it will see;
	// OnCorpusStage when it is done.
	OnCorpusStageStart func(name string, docs int64)
	OnCorpusStage      func(name string)
	// OnSettled, when set, is called with every Document read by this run
	// once its outcome is final, as the manifest counts it (see
	// pipeline.RunOptions.OnSettled).
	OnSettled func(d *copydesk.Document)
	// Skipped, when set, is told of each file a directory walk passed
	// over and why; the manifest's warnings name them too.
	Skipped func(path, reason string)
}

// Validate reports whether c can run; its errors wrap ErrConfig.
func (c *Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	switch {
	case c.Out == "":
		return bad("no output directory")
	case len(c.Inputs) == 0:
		return bad("no inputs")
	case c.MinWords < 0:
		return bad("MinWords %d: want 0 or more", c.MinWords)
	case c.Workers < 0:
		return bad("Workers %d: want 0 or more", c.Workers)
	case c.DocTimeout < 0:
		return bad("DocTimeout %v: want 0 or more", c.DocTimeout)
	case c.Limit < 0:
		return bad("Limit %d: want 0 or more", c.Limit)
	case c.Limit > 0 && c.Resume:
		return bad("a limit stops reading part way, and resuming makes an input's shard final only once it is read to the end: use one or the other")
	}
	if err := c.Filter.Validate(); err != nil {
		return bad("%v", strings.TrimPrefix(err.Error(), stage.ErrFilter.Error()+": "))
	}
	switch c.format() {
	case FormatJSONL, FormatParquet:
	case FormatText:
		if c.Resume {
			return bad("resuming writes shards of JSONL or Parquet: the text format has one file per article already")
		}
	default:
		return bad("format %q: want jsonl, parquet or text", c.Format)
	}
	switch c.Dedup {
	case "":
	case DedupMark, DedupCanonical:
		if err := c.DedupOptions.Validate(); err != nil {
			return bad("%v", err)
		}
	default:
		return bad("dedup %q: want mark or canonical", c.Dedup)
	}
	if c.Stories != nil {
		if err := c.Stories.Validate(); err != nil {
			return bad("%v", err)
		}
	}
	if err := c.Source.Validate(); err != nil {
		return bad("%v", err)
	}
	return nil
}

func (c *Config) format() string {
	if c.Format == "" {
		return FormatJSONL
	}
	return c.Format
}

// encoder returns what makes the data files of a format that is one file
// per run or per shard; "docs" is the runner's own encoding of
// Documents, which the shards of a resumable run with corpus stages hold.
func (c *Config) encoder(format string) func(w io.Writer) (shard.Encoder, error) {
	switch format {
	case FormatJSONL:
		return func(w io.Writer) (shard.Encoder, error) { return jsonl.NewWriter(w), nil }
	case FormatParquet:
		return func(w io.Writer) (shard.Encoder, error) {
			return parquet.NewWriterOptions(w, parquet.WriterOptions{Version: c.Version, Build: c.Build}), nil
		}
	}
	return func(w io.Writer) (shard.Encoder, error) { return pipeline.NewDocumentWriter(w), nil }
}

// Run runs c: it writes the dataset and Out/manifest.json (and, with
// Dedup, Out/clusters.jsonl), and returns the manifest. The manifest is
// written also when the run fails part way, with what it counted; the
// dataset of a run that fails is not made final.
func Run(ctx context.Context, c Config) (*pipeline.Manifest, error) {
	if err := c.Validate(); err != nil {
		return pipeline.NewManifest(), err
	}
	if c.Source.Remote == nil {
		// One for the reading and the shards: a shard records the
		// version of a URL input the reading fetched.
		c.Source.Remote = source.NewRemote(source.FetchOptions{})
	}
	var skipped []string
	files, err := source.ExpandOptions{
		Exclude: []string{c.Out},
		Skipped: func(path, why string) {
			skipped = append(skipped, path+": "+why)
			if c.Skipped != nil {
				c.Skipped(path, why)
			}
		},
	}.Expand(c.Inputs)
	if err != nil {
		return pipeline.NewManifest(), err
	}
	corpus, site, dd, st := c.corpusStages()
	if c.Resume && len(corpus) > 0 && slices.Contains(files, source.Stdin) {
		return pipeline.NewManifest(), fmt.Errorf("%w: a resumable run cannot finish standard input, so the corpus stages cannot run on it: give files", ErrConfig)
	}
	if err := prepareOut(c.Out, c.Overwrite); err != nil {
		return pipeline.NewManifest(), err
	}
	loss := newLossTally()
	onDoc := c.OnDocument
	c.OnDocument = func(d *copydesk.Document) {
		loss.add(d)
		if onDoc != nil {
			onDoc(d)
		}
	}
	var changed []string // with Resume: inputs that changed while read
	var m *pipeline.Manifest
	var out staged
	var runErr error
	if c.Resume {
		// The dataset of a resumable run is its shards until it ends:
		// a manifest from before would describe another one.
		if err := os.Remove(filepath.Join(c.Out, manifestName)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return pipeline.NewManifest(), err
		}
		m, out, runErr = c.runResumable(ctx, files, corpus, &changed)
	} else {
		m, out, runErr = c.runOnce(ctx, files, corpus)
	}
	extra := map[string]string{}
	if st != nil && runErr == nil {
		lines := st.Lines()
		m.Stories = len(lines)
		var tmp string
		tmp, runErr = writeTemp(c.Out, func(w io.Writer) error { return stage.WriteStories(w, lines) })
		extra[tmp] = storiesName
	}
	if dd != nil && runErr == nil {
		clusters := dd.Clusters()
		m.Clusters, m.Duplicates = len(clusters), dd.Duplicates()
		var tmp string
		tmp, runErr = writeTemp(c.Out, func(w io.Writer) error { return stage.WriteClusters(w, clusters) })
		extra[tmp] = clustersName
	}
	if site != nil {
		m.SiteBlocks = site.Cut()
	}
	for _, in := range changed {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s changed while it was read: its shard holds what was read, and the next run with --resume reads it again", in))
	}
	m.Warnings = append(m.Warnings, skippedWarnings(skipped)...)
	loss.check(m)
	m.Inputs = c.Inputs
	if runErr != nil {
		// The previous dataset, if any, is left as it was.
		if out != nil {
			out.discard()
		}
		for tmp := range extra {
			os.Remove(tmp)
		}
		return m, runErr
	}
	return m, commitOut(c.Out, out, extra, m.WriteFile)
}

// writeTemp writes a temporary file in dir with write, and returns its
// path; the file is removed on error.
func writeTemp(dir string, write func(w io.Writer) error) (string, error) {
	f, err := atomicfile.Create(filepath.Join(dir, "unused"))
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// Stages returns the per-document stages c asks for, and its corpus
// stages in the order they run: for runners other than Run's (a
// distributed pipeline), which must run the same stages.
func (c *Config) Stages() ([]pipeline.Stage, []pipeline.CorpusStage) {
	corpus, _, _, _ := c.corpusStages()
	return c.stages(), corpus
}

// corpusStages returns the corpus stages c asks for, in the order they
// run: site boilerplate first, so that copies are compared on their own
// text, then dedup, whose clusters the stories keep together.
func (c *Config) corpusStages() ([]pipeline.CorpusStage, *stage.SiteBoilerplate, *stage.Dedup, *stage.Stories) {
	var corpus []pipeline.CorpusStage
	var site *stage.SiteBoilerplate
	var dd *stage.Dedup
	if c.SiteBoilerplate != nil {
		site = &stage.SiteBoilerplate{Options: *c.SiteBoilerplate, Summarize: c.summarizeOptions()}
		corpus = append(corpus, site)
	}
	if c.Dedup != "" {
		dd = &stage.Dedup{Options: c.DedupOptions, KeepCanonical: c.Dedup == DedupCanonical}
		corpus = append(corpus, dd)
	}
	var st *stage.Stories
	if c.Stories != nil {
		st = &stage.Stories{Options: *c.Stories}
		corpus = append(corpus, st)
	}
	return corpus, site, dd, st
}

func (c *Config) summarizeOptions() summarize.Options {
	o := c.Summarize
	if o.Lang == "" {
		o.Lang = c.Lang
	}
	return o
}

// stages returns the per-document stages.
func (c *Config) stages() []pipeline.Stage {
	minWords := c.MinWords
	if minWords == 0 {
		minWords = -1 // CleanOptions: negative keeps any non-empty article
	}
	maxIn := c.Source.MaxRecordBytes
	if maxIn == 0 {
		maxIn = source.DefaultMaxRecordBytes
	}
	var stages []pipeline.Stage
	if c.Filter.ByURL() {
		// Before Clean: a page not wanted is never extracted.
		stages = append(stages, stage.FilterURL(c.Filter))
	}
	stages = append(stages, stage.Clean(stage.CleanOptions{MinWords: minWords, Boiler: boiler.Options{Lang: c.Lang},
		// A page is read whole up to the record cap, never cut shorter.
		Article: article.Options{Text: htmltext.Options{MaxDepth: c.MaxDepth, MaxInputBytes: int(min(maxIn, math.MaxInt))}}}))
	if c.Filter.ByArticle() {
		// After Clean, which finds the language, the date and the words;
		// before Summarize, which would summarize articles for nothing.
		stages = append(stages, stage.FilterArticle(c.Filter))
	}
	return append(stages, stage.Summarize(c.summarizeOptions()))
}

func (c *Config) runOptions(corpus []pipeline.CorpusStage) pipeline.RunOptions {
	return pipeline.RunOptions{Workers: c.Workers, DocTimeout: c.DocTimeout, OnDocument: c.OnDocument,
		Corpus: corpus, SpoolDir: c.Out, OnCorpusStage: c.OnCorpusStage, OnCorpusStageStart: c.OnCorpusStageStart,
		OnSettled: c.OnSettled, Limit: c.Limit}
}

// runOnce writes the dataset in one go: one file (or, for text, one
// file per article), staged in c.Out.
func (c *Config) runOnce(ctx context.Context, files []string, corpus []pipeline.CorpusStage) (*pipeline.Manifest, staged, error) {
	sink, err := c.newSink()
	if err != nil {
		return pipeline.NewManifest(), nil, err
	}
	m, err := c.read(ctx, files, sink, corpus)
	return m, sink, err
}

// stagedSink is a sink whose files replace the dataset when committed.
type stagedSink interface {
	pipeline.Aborter
	staged
}

// newSink returns the sink of the dataset in c's format, staged.
func (c *Config) newSink() (stagedSink, error) {
	if c.format() == FormatText {
		return newStagedText(c.Out)
	}
	return newStagedFile(filepath.Join(c.Out, "articles."+c.format()), c.encoder(c.format()))
}

// read runs the stages over the records of files into sink.
func (c *Config) read(ctx context.Context, files []string, sink pipeline.Sink, corpus []pipeline.CorpusStage) (*pipeline.Manifest, error) {
	total := inputBytes(files)
	if c.OnStart != nil {
		c.OnStart(total)
	}
	docs := source.DocumentsContext(ctx, files, c.Stdin, c.Source)
	m, err := pipeline.Run(ctx, docs, c.stages(), sink, c.runOptions(corpus))
	m.InputBytes = total
	if m.Seconds > 0 {
		m.BytesPerSec = float64(m.InputBytes) / m.Seconds
	}
	return m, err
}

// runResumable writes one shard per input and skips the inputs whose
// shard is final. With corpus stages, the shards hold the Documents in
// the runner's own encoding, and once every one is final, the corpus
// stages run over them and write the dataset as runOnce does; the shards
// stay as they are, so a run given again never applies a stage twice.
func (c *Config) runResumable(ctx context.Context, files []string, corpus []pipeline.CorpusStage, changed *[]string) (*pipeline.Manifest, staged, error) {
	ext := c.format()
	if len(corpus) > 0 {
		ext = "docs"
	}
	shards, err := shard.NewWriter(shard.Options{Dir: c.Out, Ext: ext, NewEncoder: c.encoder(ext), Remote: c.Source.Remote})
	if err != nil {
		return pipeline.NewManifest(), nil, err
	}
	var todo []string
	var resumed []*shard.Info
	for _, f := range files {
		if info, ok := shards.Done(ctx, f); ok {
			resumed = append(resumed, info)
			continue
		}
		todo = append(todo, f)
	}
	shards.Snapshot(todo)
	m, runErr := c.read(ctx, todo, shards, nil)
	if runErr == nil {
		runErr = shards.Finish(todo)
		*changed = shards.Changed()
	}
	m.Resumed = len(resumed)
	for _, info := range resumed {
		m.Merge(info.Counts, pipeline.DefaultFailureNotes)
	}
	if runErr != nil || len(corpus) == 0 {
		return m, nil, runErr
	}
	sink, err := c.runCorpusOverShards(ctx, files, corpus, m)
	return m, sink, err
}

// runCorpusOverShards runs the corpus stages over the kept Documents of
// the inputs' final shards, in input order, and writes the dataset. The
// Documents are settled again: m's counts are changed by what the corpus
// stages dropped.
func (c *Config) runCorpusOverShards(ctx context.Context, files []string, corpus []pipeline.CorpusStage, m *pipeline.Manifest) (staged, error) {
	var parts []string
	for _, in := range files {
		info, ok := shard.Done(c.Out, in, "docs")
		if !ok {
			return nil, fmt.Errorf("the shard of %s is not final for the input as it is now (it changed while or since it was read): run again with --resume to read it anew", in)
		}
		parts = append(parts, filepath.Join(c.Out, shard.Subdir, info.Data))
	}
	var readErr error
	docs := func(yield func(*copydesk.Document) bool) {
		for _, p := range parts {
			f, err := os.Open(p)
			if err != nil {
				readErr = err
				return
			}
			for d, err := range pipeline.ReadDocuments(f) {
				if err != nil {
					readErr = fmt.Errorf("%s: %w", p, err)
					f.Close()
					return
				}
				if !yield(d) {
					f.Close()
					return
				}
			}
			f.Close()
		}
	}
	sink, err := c.newSink()
	if err != nil {
		return nil, err
	}
	opts := c.runOptions(corpus)
	opts.OnDocument = nil
	cm, err := pipeline.Run(ctx, docs, nil, sink, opts)
	if err == nil && readErr != nil {
		err = readErr
	}
	m.Resettle(cm)
	return sink, err
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
