// Package beamjob runs copydesk's stages as an Apache Beam pipeline: the
// same per-document stages and corpus stages as the local runner (package
// pipeline, configured by package job), over inputs where they live
// (local files, gs://, s3://, through Beam's filesystems), so that a
// crawl too big for one machine is processed on Dataflow, Flink or Spark,
// and a small one in process on Prism.
//
// The pipeline:
//
//   - the inputs are listed when the pipeline is built, in the order the
//     local runner reads them, and each record gets the key
//     input<<40 | offset, which orders records as the local runner does;
//   - a ParDo reads each input's records (package source) and runs the
//     per-document stages on them (pipeline.Process);
//   - each corpus stage is a global Combine of the kept documents into
//     its mergeable state (pipeline.CorpusState), given to a ParDo that
//     applies it to every kept document as a side input; states cross
//     machines as the bytes of their MarshalBinary;
//   - the kept documents are grouped by shard (shardOf: their input and
//     the 256 MiB block of it they were read from) and each shard is
//     written, in key order, to a temporary file renamed to its own name
//     (articles-<input>-<block>.jsonl or .parquet): a retried write
//     replaces its shard with the same rows, never adds a second copy;
//   - the outcomes of all records are combined into one manifest.json,
//     written last, once every shard is written and the files of no
//     shard of this run (an earlier run's, a failed attempt's temporary
//     files) are removed, with clusters.jsonl when Dedup is on.
package beamjob

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"   // gs://
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"    // s3://
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/job"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/stage"
	"github.com/copydesk/copydesk/summarize"
)

// Options configure a pipeline. They travel to the workers, so they hold
// values only; zero values take the local runner's defaults.
type Options struct {
	// Out is the output directory: a local path, gs://bucket/dir or
	// s3://bucket/dir.
	Out string
	// Format is "jsonl" (the default) or "parquet".
	Format string
	// InputFormat forces the input format, as copydesk run
	// --input-format does.
	InputFormat    string
	MaxRecordBytes int64
	MaxDepth       int
	// MinWords drops shorter articles; zero keeps any length.
	MinWords        int
	SummaryWords    int
	Lang            string
	SiteBoilerplate bool
	SiteMinPages    int
	// Dedup is "", "mark" or "canonical".
	Dedup        string
	DedupOptions dedup.Options
	// DocTimeout bounds one document's per-document stages, as copydesk
	// run --doc-timeout does: past it the document fails as "timeout"
	// and the pipeline goes on. Zero means no bound.
	DocTimeout time.Duration
}

// config returns the job configuration of the stages o asks for.
func (o Options) config() job.Config {
	c := job.Config{Format: o.Format, MaxDepth: o.MaxDepth, MinWords: o.MinWords, Lang: o.Lang,
		Summarize: summarize.Options{MaxWords: o.SummaryWords}, Dedup: o.Dedup, DedupOptions: o.DedupOptions, DocTimeout: o.DocTimeout}
	c.Source = source.Options{Format: copydesk.Format(o.InputFormat), MaxRecordBytes: o.MaxRecordBytes}
	if o.SiteBoilerplate {
		c.SiteBoilerplate = &boiler.SiteOptions{MinPages: o.SiteMinPages}
	}
	return c
}

func (o Options) format() string {
	if o.Format == "" {
		return job.FormatJSONL
	}
	return o.Format
}

// input is one input file and its place in the input list.
type input struct {
	Index int
	Path  string
}

// keyed is a kept Document, encoded, with its key.
type keyed struct {
	Key int64
	Doc []byte
}

// outcome is one record's outcome, or (Record false) counts the manifest
// adds: the cuts of a corpus stage, a record's warnings, an input's size.
type outcome struct {
	Record     bool
	Outcome    int
	Reason     string
	File       string
	Offset     int64
	Error      string
	SiteCuts   int
	Warnings   []string
	InputBytes int64
}

// keyOf orders records as the local runner reads them: by input, then by
// offset in the input.
func keyOf(index int, offset int64) int64 { return int64(index)<<40 | offset&(1<<40-1) }

// blockBits is the size of a shard's block of an input: 256 MiB of it
// (of the file as stored for an archive, whose records are gzip members;
// of the text for other inputs). A Common Crawl archive of about 1 GiB
// gives four shards; a shard is held in memory while it is written (the
// kept records without their HTML: for archives a small part of the
// block, for inputs of text up to the block).
const blockBits = 28

// shardOf returns the shard of the record of key k: its input and the
// block of the input it was read from. A shard's records are known once
// the runner has grouped them, so that every attempt at writing it
// writes the same rows.
func shardOf(k int64) int64 { return k >> blockBits }

// shardName returns the name of a shard's file.
func shardName(shard int64, format string) string {
	const blocks = 40 - blockBits
	return fmt.Sprintf("articles-%06d-%05d.%s", shard>>blocks, shard&(1<<blocks-1), format)
}

// byShard keys a kept document by its shard.
func byShard(k keyed) (int64, keyed) { return shardOf(k.Key), k }

// failWrite, when set (by tests), is called after each row a shard's
// write encodes, with the shard's name and the rows so far; an error
// fails the write there. It is a package variable, not a field of
// writeFn, because Beam encodes a DoFn's fields to send it to the
// workers and a func does not encode; tests run the pipeline in process
// on Prism, one at a time, and reset it when done.
var failWrite func(name string, rows int) error

func init() {
	register.DoFn4x1[context.Context, input, func(keyed), func(outcome), error](&readFn{})
	register.DoFn4x1[keyed, *stateAcc, func(keyed), func(outcome), error](&applyFn{})
	register.DoFn4x1[context.Context, int64, func(*keyed) bool, func(string), error](&writeFn{})
	register.Function1x2[keyed, int64, keyed](byShard)
	register.DoFn2x0[keyed, func(outcome)](&keptFn{})
	register.DoFn4x1[context.Context, []byte, *pipeline.Manifest, func(*string) bool, error](&finishFn{})
	register.DoFn5x1[context.Context, []byte, *pipeline.Manifest, *stateAcc, func(*string) bool, error](&finishDedupFn{})
	register.Combiner3[*stateAcc, keyed, *stateAcc](&stateFn{})
	register.Combiner3[*pipeline.Manifest, outcome, *pipeline.Manifest](&manifestFn{})
	register.Emitter1[keyed]()
	register.Emitter1[outcome]()
	register.Emitter1[string]()
	register.Iter1[keyed]()
	register.Iter1[string]()
	beam.RegisterType(reflect.TypeOf((*input)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*keyed)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*outcome)(nil)).Elem())
	beam.RegisterCoder(reflect.TypeOf((*stateAcc)(nil)), encodeState, decodeState)
	beam.RegisterCoder(reflect.TypeOf((*pipeline.Manifest)(nil)), encodeManifest, decodeManifest)
}

// Inputs lists the files of patterns in the order the local runner reads
// them: local paths, directories and globs as copydesk run expands them,
// and for other file systems (gs://, s3://) the files a glob matches, in
// lexical order.
func Inputs(ctx context.Context, patterns []string) ([]string, error) {
	var out []string
	for _, p := range patterns {
		if !strings.Contains(p, "://") {
			files, err := source.Expand([]string{p})
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
			continue
		}
		fs, err := filesystem.New(ctx, p)
		if err != nil {
			return nil, err
		}
		files, err := fs.List(ctx, p)
		fs.Close()
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("beamjob: %s matches no file", p)
		}
		out = append(out, files...)
	}
	return out, nil
}

// Build adds the pipeline over the input files (as Inputs lists them) to
// s. Nothing is written until the pipeline runs.
func Build(s beam.Scope, files []string, o Options) error {
	c := o.config()
	c.Out, c.Inputs = "unused", []string{"unused"}
	if err := c.Validate(); err != nil {
		return err
	}
	if o.Format != "" && o.Format != job.FormatJSONL && o.Format != job.FormatParquet {
		return fmt.Errorf("beamjob: format %q: want jsonl or parquet", o.Format)
	}
	if len(files) == 0 {
		return errors.New("beamjob: no inputs")
	}
	ins := make([]input, len(files))
	for i, f := range files {
		ins[i] = input{i, f}
	}
	docs, outcomes := beam.ParDo2(s.Scope("read"), &readFn{Opts: o}, beam.CreateList(s, ins))
	parts := []beam.PCollection{outcomes}
	_, corpus := c.Stages()
	var dedupState beam.PCollection
	for k, cs := range corpus {
		ks := s.Scope(cs.Name())
		state := beam.Combine(ks, &stateFn{Opts: o, K: k}, docs)
		var more beam.PCollection
		docs, more = beam.ParDo2(ks, &applyFn{Opts: o, K: k}, docs, beam.SideInput{Input: state})
		parts = append(parts, more)
		if cs.Name() == "dedup" {
			dedupState = state
		}
	}
	ws := s.Scope("write")
	shards := beam.ParDo(ws, &writeFn{Opts: o}, beam.GroupByKey(ws, beam.ParDo(ws, byShard, docs)))
	parts = append(parts, beam.ParDo(s.Scope("kept"), &keptFn{}, docs))
	manifest := beam.Combine(s.Scope("manifest"), &manifestFn{}, beam.Flatten(s, parts...))
	// The shards' names as a side input: the manifest waits for them.
	if dedupState.IsValid() {
		beam.ParDo0(s.Scope("finish"), &finishDedupFn{Opts: o}, beam.Impulse(s), beam.SideInput{Input: manifest},
			beam.SideInput{Input: dedupState}, beam.SideInput{Input: shards})
	} else {
		beam.ParDo0(s.Scope("finish"), &finishFn{Opts: o}, beam.Impulse(s), beam.SideInput{Input: manifest}, beam.SideInput{Input: shards})
	}
	return nil
}

// PrepareOut makes the output directory ready for a run: a local one is
// created, and the manifest of an earlier run is removed, so that the
// directory holds no manifest until this run's is written, last.
func PrepareOut(ctx context.Context, out string) error {
	if !strings.Contains(out, "://") {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
	}
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return err
	}
	defer fs.Close()
	return removeAll(ctx, fs, joinPath(out, "manifest.json"), nil)
}

// encodeDoc and decodeDoc carry a Document between stages, in the
// runner's own encoding (pipeline.DocumentWriter), without its raw input.
func encodeDoc(d *copydesk.Document) ([]byte, error) {
	var b bytes.Buffer
	w := pipeline.NewDocumentWriter(&b)
	if err := w.Write(d); err != nil {
		return nil, err
	}
	err := w.Close()
	return b.Bytes(), err
}

func decodeDoc(data []byte) (*copydesk.Document, error) {
	for d, err := range pipeline.ReadDocuments(bytes.NewReader(data)) {
		return d, err
	}
	return nil, errors.New("beamjob: an empty document")
}

func outcomeOf(d *copydesk.Document) outcome {
	o := outcome{Record: true, Outcome: int(d.Outcome), Reason: d.Reason, File: d.Source.File, Offset: d.Source.Offset}
	if d.Err != nil {
		o.Error = d.Err.Error()
	}
	return o
}

// readFn reads one input's records and runs the per-document stages.
type readFn struct {
	Opts   Options
	stages []pipeline.Stage
	source source.Options
}

func (f *readFn) Setup() {
	c := f.Opts.config()
	f.stages, _ = c.Stages()
	f.stages = append(f.stages, extraStages...)
	f.source = c.Source
}

// extraStages, when set (by tests), run after the per-document stages; a
// package variable for the reason failWrite is one.
var extraStages []pipeline.Stage

func (f *readFn) ProcessElement(ctx context.Context, in input, emitDoc func(keyed), emitOutcome func(outcome)) error {
	fs, err := filesystem.New(ctx, in.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, in.Path)
	if err != nil {
		// As the local runner does with a file it cannot open: one
		// failed record.
		emitOutcome(outcome{Record: true, Outcome: int(copydesk.Failed), Reason: "error", File: in.Path, Error: err.Error()})
		return nil
	}
	defer rc.Close()
	if n, err := fs.Size(ctx, in.Path); err == nil {
		emitOutcome(outcome{InputBytes: n})
	}
	for d := range source.Read(in.Path, rc, f.source) {
		p := pipeline.ProcessWithin(d, f.stages, f.Opts.DocTimeout)
		if p == d && d.Release != nil {
			// A late document's stages still hold its HTML.
			d.HTML = nil
			d.Release()
			d.Release = nil
		}
		d = p
		if len(d.Warnings) > 0 {
			emitOutcome(outcome{Warnings: d.Warnings})
		}
		if d.Outcome != copydesk.Kept {
			emitOutcome(outcomeOf(d))
			continue
		}
		b, err := encodeDoc(d)
		if err != nil {
			return err
		}
		emitDoc(keyed{keyOf(in.Index, d.Source.Offset), b})
	}
	return nil
}

// stateAcc is a corpus stage's state on its way through a Combine.
type stateAcc struct {
	Name string
	St   pipeline.CorpusState
}

// corpusStage returns the k-th corpus stage o asks for.
func corpusStage(o Options, k int) pipeline.CorpusStage {
	c := o.config()
	_, corpus := c.Stages()
	return corpus[k]
}

func encodeState(a *stateAcc) ([]byte, error) {
	data, err := a.St.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append([]byte(a.Name+"\x00"), data...), nil
}

func decodeState(b []byte) (*stateAcc, error) {
	name, data, ok := bytes.Cut(b, []byte{0})
	if !ok {
		return nil, errors.New("beamjob: a corpus state without its stage's name")
	}
	var st pipeline.CorpusState
	switch string(name) {
	case "site-boilerplate":
		st = (&stage.SiteBoilerplate{}).NewState()
	case "dedup":
		st = (&stage.Dedup{}).NewState()
	case "stories":
		st = (&stage.Stories{}).NewState()
	default:
		return nil, fmt.Errorf("beamjob: a corpus state of an unknown stage %q", name)
	}
	if err := st.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return &stateAcc{string(name), st}, nil
}

// stateFn observes the kept documents into a corpus stage's state.
type stateFn struct {
	Opts  Options
	K     int
	stage pipeline.CorpusStage
}

func (f *stateFn) Setup() { f.stage = corpusStage(f.Opts, f.K) }

func (f *stateFn) CreateAccumulator() *stateAcc {
	return &stateAcc{f.stage.Name(), f.stage.NewState()}
}

func (f *stateFn) AddInput(a *stateAcc, k keyed) (*stateAcc, error) {
	d, err := decodeDoc(k.Doc)
	if err != nil {
		return nil, err
	}
	f.stage.Observe(a.St, k.Key, d)
	return a, nil
}

func (f *stateFn) MergeAccumulators(a, b *stateAcc) (*stateAcc, error) {
	return a, a.St.Merge(b.St)
}

func (f *stateFn) ExtractOutput(a *stateAcc) *stateAcc { return a }

// applyFn applies a corpus stage's merged state to each kept document.
type applyFn struct {
	Opts     Options
	K        int
	stage    pipeline.CorpusStage
	mu       sync.Mutex
	prepared *stateAcc
}

func (f *applyFn) Setup() { f.stage = corpusStage(f.Opts, f.K) }

// prepare prepares the state once per worker: every bundle gets the same
// side input.
func (f *applyFn) prepare(st *stateAcc) (*stateAcc, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.prepared == nil {
		if err := f.stage.Prepare(st.St); err != nil {
			return nil, err
		}
		f.prepared = st
	}
	return f.prepared, nil
}

func (f *applyFn) ProcessElement(k keyed, st *stateAcc, emitDoc func(keyed), emitOutcome func(outcome)) error {
	st, err := f.prepare(st)
	if err != nil {
		return err
	}
	d, err := decodeDoc(k.Doc)
	if err != nil {
		return err
	}
	removed := len(d.Removed)
	pipeline.ApplyCorpusStage(f.stage, st.St, k.Key, d)
	if d.Outcome != copydesk.Kept {
		emitOutcome(outcomeOf(d))
		return nil
	}
	if n := len(d.Removed) - removed; n > 0 && f.stage.Name() == "site-boilerplate" {
		emitOutcome(outcome{SiteCuts: n})
	}
	b, err := encodeDoc(d)
	if err != nil {
		return err
	}
	emitDoc(keyed{k.Key, b})
	return nil
}

// encoder is a shard's encoder.
type encoder interface {
	Write(d *copydesk.Document) error
	Close() error
}

// writeFn writes each shard's documents, in key order, to its file, and
// emits the file's name.
type writeFn struct{ Opts Options }

func (f *writeFn) ProcessElement(ctx context.Context, shard int64, docs func(*keyed) bool, emit func(string)) error {
	var all []keyed
	var k keyed
	for docs(&k) {
		all = append(all, k)
	}
	slices.SortFunc(all, func(a, b keyed) int { return cmp.Compare(a.Key, b.Key) })
	name := shardName(shard, f.Opts.format())
	err := writeFile(ctx, joinPath(f.Opts.Out, name), func(w io.Writer) error {
		var enc encoder = jsonl.NewWriter(w)
		if f.Opts.format() == job.FormatParquet {
			enc = parquet.NewWriter(w)
		}
		for i, k := range all {
			d, err := decodeDoc(k.Doc)
			if err == nil {
				err = enc.Write(d)
			}
			if err == nil && failWrite != nil {
				err = failWrite(name, i+1)
			}
			if err != nil {
				enc.Close()
				return err
			}
		}
		return enc.Close()
	})
	if err != nil {
		return err
	}
	emit(name)
	return nil
}

// keptFn counts the documents the last stage kept.
type keptFn struct{}

func (keptFn) ProcessElement(k keyed, emit func(outcome)) {
	emit(outcome{Record: true, Outcome: int(copydesk.Kept)})
}

// manifestFn counts the outcomes.
type manifestFn struct{}

func (manifestFn) CreateAccumulator() *pipeline.Manifest { return pipeline.NewManifest() }

func (manifestFn) AddInput(m *pipeline.Manifest, o outcome) *pipeline.Manifest {
	m.SiteBlocks += o.SiteCuts
	m.InputBytes += o.InputBytes
	for _, w := range o.Warnings {
		if m.WarnedBy == nil {
			m.WarnedBy = map[string]int64{}
		}
		m.WarnedBy[w]++
	}
	if !o.Record {
		return m
	}
	d := &copydesk.Document{Outcome: copydesk.Outcome(o.Outcome), Reason: o.Reason, Source: copydesk.Provenance{File: o.File, Offset: o.Offset}}
	if o.Error != "" {
		d.Err = errors.New(o.Error)
	}
	m.Count(d, pipeline.DefaultFailureNotes)
	return m
}

func (manifestFn) MergeAccumulators(a, b *pipeline.Manifest) *pipeline.Manifest {
	a.Merge(b, pipeline.DefaultFailureNotes)
	a.SiteBlocks += b.SiteBlocks
	return a
}

func (manifestFn) ExtractOutput(m *pipeline.Manifest) *pipeline.Manifest { return m }

func encodeManifest(m *pipeline.Manifest) ([]byte, error) { return json.Marshal(m) }

func decodeManifest(b []byte) (*pipeline.Manifest, error) {
	m := pipeline.NewManifest()
	return m, json.Unmarshal(b, m)
}

// finishFn writes the manifest.
type finishFn struct{ Opts Options }

func (f *finishFn) ProcessElement(ctx context.Context, _ []byte, m *pipeline.Manifest, shards func(*string) bool) error {
	return finish(ctx, f.Opts, m, shards)
}

// finishDedupFn writes the clusters and the manifest.
type finishDedupFn struct{ Opts Options }

func (f *finishDedupFn) ProcessElement(ctx context.Context, _ []byte, m *pipeline.Manifest, st *stateAcc, shards func(*string) bool) error {
	dd := &stage.Dedup{Options: f.Opts.DedupOptions}
	if err := dd.Prepare(st.St); err != nil {
		return err
	}
	clusters := dd.Clusters()
	m.Clusters = len(clusters)
	for _, c := range clusters {
		m.Duplicates += c.Size - 1
	}
	if err := writeFile(ctx, joinPath(f.Opts.Out, "clusters.jsonl"), func(w io.Writer) error { return stage.WriteClusters(w, clusters) }); err != nil {
		return err
	}
	return finish(ctx, f.Opts, m, shards)
}

// finish removes the files of the output directory that are not this
// run's (the shards of an earlier run, the temporary files of a failed
// attempt, clusters a run without dedup does not write), then writes
// the manifest.
func finish(ctx context.Context, o Options, m *pipeline.Manifest, shards func(*string) bool) error {
	keep := map[string]bool{}
	var name string
	for shards(&name) {
		keep[name] = true
	}
	if o.Dedup != "" {
		keep["clusters.jsonl"] = true
	}
	fs, err := filesystem.New(ctx, o.Out)
	if err != nil {
		return err
	}
	defer fs.Close()
	for _, pattern := range []string{"articles-*", "clusters.jsonl"} {
		if err := removeAll(ctx, fs, joinPath(o.Out, pattern), keep); err != nil {
			return err
		}
	}
	// Temporary files only where it can: a directory of them (copydesk
	// run's, for the text format) is not removed.
	removeAll(ctx, fs, joinPath(o.Out, ".tmp-*"), nil)
	return writeFile(ctx, joinPath(o.Out, "manifest.json"), func(w io.Writer) error { return writeManifest(w, m) })
}

// removeAll removes the files pattern matches but those keep names, as
// many as it can, and returns the first error.
func removeAll(ctx context.Context, fs filesystem.Interface, pattern string, keep map[string]bool) error {
	files, err := fs.List(ctx, pattern)
	if err != nil {
		return err
	}
	rm, ok := fs.(filesystem.Remover)
	if !ok && len(files) > 0 {
		return fmt.Errorf("beamjob: cannot remove %s: its file system removes no file", files[0])
	}
	for _, f := range files {
		if keep[path.Base(f)] {
			continue
		}
		if rerr := rm.Remove(ctx, f); err == nil {
			err = rerr
		}
	}
	return err
}

func writeManifest(w io.Writer, m *pipeline.Manifest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// writeFile writes a file whole or not at all: to a temporary name
// beside it, renamed to name once written, so that a retried or a
// concurrent attempt replaces it and a failed one leaves only a
// temporary file (which finish removes).
func writeFile(ctx context.Context, name string, write func(w io.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	dir, base := path.Split(name)
	tmp := dir + fmt.Sprintf(".tmp-%016x-", rand.Uint64()) + base
	w, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return err
	}
	err = write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = filesystem.Rename(ctx, fs, tmp, name)
	}
	if err != nil {
		if rm, ok := fs.(filesystem.Remover); ok {
			rm.Remove(ctx, tmp)
		}
	}
	return err
}

// joinPath joins a directory and a name, for local paths and URLs.
func joinPath(dir, name string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return path.Join(dir, name)
}
