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
//   - the kept documents are written as shards, one file per bundle
//     (articles-<n>.jsonl or .parquet), and the outcomes of all records
//     are combined into one manifest.json beside them, with
//     clusters.jsonl when Dedup is on.
package beamjob

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path"
	"reflect"
	"strings"
	"sync"

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
}

// config returns the job configuration of the stages o asks for.
func (o Options) config() job.Config {
	c := job.Config{Format: o.Format, MaxDepth: o.MaxDepth, MinWords: o.MinWords, Lang: o.Lang,
		Summarize: summarize.Options{MaxWords: o.SummaryWords}, Dedup: o.Dedup, DedupOptions: o.DedupOptions}
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

// outcome is one record's outcome, or (Record false) a count a corpus
// stage adds to the manifest.
type outcome struct {
	Record   bool
	Outcome  int
	Reason   string
	File     string
	Offset   int64
	Error    string
	SiteCuts int
}

// keyOf orders records as the local runner reads them: by input, then by
// offset in the input.
func keyOf(index int, offset int64) int64 { return int64(index)<<40 | offset&(1<<40-1) }

func init() {
	register.DoFn4x1[context.Context, input, func(keyed), func(outcome), error](&readFn{})
	register.DoFn4x1[keyed, *stateAcc, func(keyed), func(outcome), error](&applyFn{})
	register.DoFn2x1[context.Context, keyed, error](&writeFn{})
	register.DoFn2x0[keyed, func(outcome)](&keptFn{})
	register.DoFn3x1[context.Context, []byte, *pipeline.Manifest, error](&finishFn{})
	register.DoFn4x1[context.Context, []byte, *pipeline.Manifest, *stateAcc, error](&finishDedupFn{})
	register.Combiner3[*stateAcc, keyed, *stateAcc](&stateFn{})
	register.Combiner3[*pipeline.Manifest, outcome, *pipeline.Manifest](&manifestFn{})
	register.Emitter1[keyed]()
	register.Emitter1[outcome]()
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
	beam.ParDo0(s.Scope("write"), &writeFn{Opts: o}, docs)
	parts = append(parts, beam.ParDo(s.Scope("kept"), &keptFn{}, docs))
	manifest := beam.Combine(s.Scope("manifest"), &manifestFn{}, beam.Flatten(s, parts...))
	if dedupState.IsValid() {
		beam.ParDo0(s.Scope("finish"), &finishDedupFn{Opts: o}, beam.Impulse(s), beam.SideInput{Input: manifest}, beam.SideInput{Input: dedupState})
	} else {
		beam.ParDo0(s.Scope("finish"), &finishFn{Opts: o}, beam.Impulse(s), beam.SideInput{Input: manifest})
	}
	return nil
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
	f.source = c.Source
}

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
	for d := range source.Read(in.Path, rc, f.source) {
		pipeline.Process(d, f.stages)
		if d.Release != nil {
			d.HTML = nil
			d.Release()
			d.Release = nil
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

// writeFn writes the kept documents, one shard file per bundle.
type writeFn struct {
	Opts Options
	fs   filesystem.Interface
	w    io.WriteCloser
	enc  encoder
}

func (f *writeFn) StartBundle(ctx context.Context) error {
	var err error
	if f.fs, err = filesystem.New(ctx, f.Opts.Out); err != nil {
		return err
	}
	name := joinPath(f.Opts.Out, fmt.Sprintf("articles-%016x.%s", rand.Uint64(), f.Opts.format()))
	if f.w, err = f.fs.OpenWrite(ctx, name); err != nil {
		return err
	}
	if f.Opts.format() == job.FormatParquet {
		f.enc = parquet.NewWriter(f.w)
	} else {
		f.enc = jsonl.NewWriter(f.w)
	}
	return nil
}

func (f *writeFn) ProcessElement(ctx context.Context, k keyed) error {
	d, err := decodeDoc(k.Doc)
	if err != nil {
		return err
	}
	return f.enc.Write(d)
}

// keptFn counts the documents the last stage kept.
type keptFn struct{}

func (keptFn) ProcessElement(k keyed, emit func(outcome)) {
	emit(outcome{Record: true, Outcome: int(copydesk.Kept)})
}

func (f *writeFn) FinishBundle(ctx context.Context) error {
	err := f.enc.Close()
	if cerr := f.w.Close(); err == nil {
		err = cerr
	}
	f.fs.Close()
	return err
}

// manifestFn counts the outcomes.
type manifestFn struct{}

func (manifestFn) CreateAccumulator() *pipeline.Manifest { return pipeline.NewManifest() }

func (manifestFn) AddInput(m *pipeline.Manifest, o outcome) *pipeline.Manifest {
	m.SiteBlocks += o.SiteCuts
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

func (f *finishFn) ProcessElement(ctx context.Context, _ []byte, m *pipeline.Manifest) error {
	return writeFile(ctx, joinPath(f.Opts.Out, "manifest.json"), func(w io.Writer) error { return writeManifest(w, m) })
}

// finishDedupFn writes the manifest and the clusters.
type finishDedupFn struct{ Opts Options }

func (f *finishDedupFn) ProcessElement(ctx context.Context, _ []byte, m *pipeline.Manifest, st *stateAcc) error {
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
	return writeFile(ctx, joinPath(f.Opts.Out, "manifest.json"), func(w io.Writer) error { return writeManifest(w, m) })
}

func writeManifest(w io.Writer, m *pipeline.Manifest) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

func writeFile(ctx context.Context, name string, write func(w io.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		return err
	}
	err = write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
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
