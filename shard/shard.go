// Package shard writes a run's output as one shard per input file, so
// that a run can be interrupted and resumed.
//
// The layout under a run's output directory:
//
//	shards/<key>.<ext>            the kept articles of one input, in input order
//	shards/<key>.manifest.json    that input's identity and record counts
//
// The key is the input's base name and a hash of its path, so it is stable
// from run to run whatever the other inputs are. A shard is written to a
// temporary file; when its input's last record has been settled, the data
// file is renamed into place, then the manifest is written and renamed
// into place. The manifest is the mark of a finished shard: a shard
// without one is not finished, whatever is on disk, and a run that is
// killed leaves at most temporary files, which the next run removes.
// Done reports whether an input's shard is finished for the input as it
// is now (same size and modification time as when its reading began), so
// a resumed run reads only the inputs it had not finished, and an input
// that changed while it was read (a file still being appended to) or
// since is read again. An input named by URL has no size and modification
// time: its shard records the version its Remote fetched (ETag, or length
// and Last-Modified), and Writer.Done asks the server for the version now.
// Standard input is never done: a resumed run reads
// it again, and its shard is the last reading's. Shard files hold no timings, so a
// shard is the same bytes however often and with how many workers it was
// made.
package shard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/source"
)

// Subdir is the directory of a run's shards, inside its output directory.
const Subdir = "shards"

// Encoder writes the kept Documents of one shard to an io.Writer: a
// pipeline.Sink whose Close flushes it without closing the io.Writer.
type Encoder = pipeline.Sink

// Options configure a Writer.
type Options struct {
	// Dir is the run's output directory; shards go in Dir/shards.
	Dir string
	// Ext is the data files' extension, without the dot ("jsonl").
	Ext string
	// NewEncoder returns the encoder of one shard's data file.
	NewEncoder func(w io.Writer) (Encoder, error)
	// MaxFailureNotes bounds the failures a shard manifest lists one by
	// one. Zero means pipeline.DefaultFailureNotes.
	MaxFailureNotes int
	// Remote, when set, names the versions of inputs named by URL, which
	// have no size and modification time to go by.
	Remote Remote
}

// Remote names versions of inputs named by URL (source.Remote does).
type Remote interface {
	// Fetched returns the version input had when it was last read to
	// its end in this process, and whether it was.
	Fetched(input string) (string, bool)
	// Identify asks for the version input has now.
	Identify(ctx context.Context, input string) (string, error)
}

// Info is a shard's manifest.
type Info struct {
	Input        string    `json:"input"`
	InputBytes   int64     `json:"input_bytes"`
	InputModTime time.Time `json:"input_mod_time"`
	// InputID is the version of an input named by URL (its ETag, or its
	// length and Last-Modified) when it was read to its end; empty for
	// files, and for a URL read in part.
	InputID string `json:"input_id,omitempty"`
	// Data is the shard's data file name, inside the shards directory.
	Data string `json:"data"`
	// Counts counts the outcomes of the input's records; it holds no
	// timings.
	Counts *pipeline.Manifest `json:"counts"`
}

// Key returns the shard key of an input path.
func Key(input string) string {
	sum := sha256.Sum256([]byte(filepath.Clean(input)))
	base := filepath.Base(input)
	var b strings.Builder
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 64 {
			break
		}
	}
	return b.String() + "-" + hex.EncodeToString(sum[:6])
}

func manifestPath(dir, key string) string {
	return filepath.Join(dir, Subdir, key+".manifest.json")
}

// identity returns the size and modification time of an input; standard
// input has none and is never done.
func identity(input string) (int64, time.Time, bool) {
	if input == "-" {
		return 0, time.Time{}, false
	}
	fi, err := os.Stat(input)
	if err != nil {
		return 0, time.Time{}, false
	}
	return fi.Size(), fi.ModTime().UTC(), true
}

// Done returns the manifest of input's shard in the run directory dir when
// the shard is finished, in the format whose extension is ext ("jsonl"),
// and the input is unchanged since. For an input named by URL, Done
// reports whether its shard is final, whatever the version it was made
// from and whether its fetch failed: Writer.Done asks the server.
func Done(dir, input, ext string) (*Info, bool) {
	info, err := ReadInfo(manifestPath(dir, Key(input)))
	if err != nil || info.Input != input || filepath.Ext(info.Data) != "."+ext {
		return nil, false
	}
	if !source.IsURL(input) {
		size, mod, ok := identity(input)
		if !ok || size != info.InputBytes || !mod.Equal(info.InputModTime) {
			return nil, false
		}
	}
	if _, err := os.Stat(filepath.Join(dir, Subdir, info.Data)); err != nil {
		return nil, false
	}
	return info, true
}

// Done is the package's Done for the Writer's directory and format. An
// input named by URL is done when this Writer made its shard, or when the
// shard records the version read to its end and the Options' Remote says
// the input is still that version: an input whose fetch failed is never
// done.
func (w *Writer) Done(ctx context.Context, input string) (*Info, bool) {
	info, ok := Done(w.opts.Dir, input, w.opts.Ext)
	if !ok || !source.IsURL(input) || w.written[input] {
		return info, ok
	}
	if info.InputID == "" || w.opts.Remote == nil {
		return nil, false
	}
	if id, err := w.opts.Remote.Identify(ctx, input); err != nil || id != info.InputID {
		return nil, false
	}
	return info, true
}

// ReadInfo reads a shard manifest.
func ReadInfo(path string) (*Info, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var info Info
	if err := json.Unmarshal(data, &info); err != nil || info.Counts == nil {
		return nil, fmt.Errorf("shard: manifest %s: %v", path, err)
	}
	return &info, nil
}

// List returns the manifests of the finished shards in dir, in the order
// of their file names.
func List(dir string) ([]*Info, error) {
	paths, err := filepath.Glob(filepath.Join(dir, Subdir, "*.manifest.json"))
	if err != nil {
		return nil, err
	}
	var out []*Info
	for _, p := range paths {
		info, err := ReadInfo(p)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

// Writer is a pipeline.OutcomeSink and pipeline.Aborter that writes one
// shard per input. Documents must arrive grouped by input, as a source
// yields them. It is not safe for concurrent use.
type Writer struct {
	opts  Options
	dir   string // the shards directory
	cur   string // input of the open shard
	open  bool
	tmp   *atomicfile.File
	enc   Encoder
	count *pipeline.Manifest
	err   error
	// size and mod are the open shard's input's identity when its
	// reading began, which its manifest records.
	size    int64
	mod     time.Time
	before  map[string]fileID // identities taken by Snapshot
	written map[string]bool   // inputs whose shard this Writer made final
	changed []string          // of those, the ones that changed while read
}

// NewWriter returns a Writer, creating the shards directory and removing
// the temporary files an interrupted run left there.
func NewWriter(opts Options) (*Writer, error) {
	if opts.NewEncoder == nil || opts.Ext == "" {
		return nil, errors.New("shard: Options need an Ext and a NewEncoder")
	}
	if opts.MaxFailureNotes <= 0 {
		opts.MaxFailureNotes = pipeline.DefaultFailureNotes
	}
	dir := filepath.Join(opts.Dir, Subdir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stale, _ := filepath.Glob(filepath.Join(dir, atomicfile.TempPattern))
	for _, p := range stale {
		os.Remove(p)
	}
	return &Writer{opts: opts, dir: dir, before: map[string]fileID{}, written: map[string]bool{}}, nil
}

// fileID is an input's identity: its size and modification time.
type fileID struct {
	size int64
	mod  time.Time
}

// Snapshot records the identity of inputs before they are read: a shard
// made final is marked with it, so an input that changes at any time
// after its snapshot is read again by a resumed run. An input without a
// snapshot is marked with its identity when its first record arrives.
func (w *Writer) Snapshot(inputs []string) {
	for _, in := range inputs {
		if size, mod, ok := identity(in); ok {
			w.before[in] = fileID{size, mod}
		}
	}
}

// Write is Settled: a Writer sees every Document.
func (w *Writer) Write(d *copydesk.Document) error { return w.Settled(d) }

// Settled adds d to its input's shard, finishing the previous input's
// shard when d is the first of another input.
func (w *Writer) Settled(d *copydesk.Document) error {
	if w.err != nil {
		return w.err
	}
	if !w.open || d.Source.File != w.cur {
		if w.open {
			if err := w.finish(); err != nil {
				return err
			}
		}
		if err := w.start(d.Source.File); err != nil {
			return err
		}
	}
	w.count.Count(d, w.opts.MaxFailureNotes)
	if d.Outcome == copydesk.Kept {
		if err := w.enc.Write(d); err != nil {
			return w.fail(err)
		}
	}
	return nil
}

func (w *Writer) fail(err error) error {
	w.err = err
	return err
}

func (w *Writer) start(input string) error {
	f, err := atomicfile.Create(filepath.Join(w.dir, Key(input)+"."+w.opts.Ext))
	if err != nil {
		return w.fail(err)
	}
	enc, err := w.opts.NewEncoder(f)
	if err != nil {
		f.Discard()
		return w.fail(err)
	}
	w.cur, w.open, w.tmp, w.enc, w.count = input, true, f, enc, pipeline.NewManifest()
	if id, ok := w.before[input]; ok {
		w.size, w.mod = id.size, id.mod
	} else {
		w.size, w.mod, _ = identity(input)
	}
	return nil
}

// finish makes the open shard final: data first, then its manifest.
func (w *Writer) finish() error {
	w.open = false
	key := Key(w.cur)
	data := filepath.Base(w.tmp.Path)
	if err := w.enc.Close(); err != nil {
		w.tmp.Discard()
		return w.fail(err)
	}
	if err := w.tmp.Commit(); err != nil {
		return w.fail(err)
	}
	info := &Info{Input: w.cur, Data: data, Counts: w.count, InputBytes: w.size, InputModTime: w.mod}
	if w.opts.Remote != nil {
		info.InputID, _ = w.opts.Remote.Fetched(w.cur)
	}
	if size, mod, ok := identity(w.cur); ok && (size != w.size || !mod.Equal(w.mod)) {
		w.changed = append(w.changed, w.cur)
	}
	w.written[w.cur] = true
	info.Counts.Inputs = []string{w.cur}
	info.Counts.InputBytes = info.InputBytes
	if err := atomicfile.WriteJSON(manifestPath(w.opts.Dir, key), info); err != nil {
		return w.fail(err)
	}
	return nil
}

// Finish writes empty finished shards for inputs that gave no record at
// all (an empty file), so that a resumed run need not read them again; an
// older shard of such an input is replaced. The shards this Writer wrote
// are left as they are, whatever their inputs' state now.
// Call it after a run that ended normally.
func (w *Writer) Finish(inputs []string) error {
	for _, in := range inputs {
		if w.written[in] || (in == w.cur && w.open) {
			continue
		}
		if _, ok := Done(w.opts.Dir, in, w.opts.Ext); ok {
			continue
		}
		if err := w.start(in); err != nil {
			return err
		}
		if err := w.finish(); err != nil {
			return err
		}
	}
	return nil
}

// Changed returns the inputs whose shard this Writer made final although
// the input changed while it was read: their shard holds what was read,
// and a resumed run reads them again.
func (w *Writer) Changed() []string { return w.changed }

// Close finishes the open shard: call it when every Document of the run
// has been settled.
func (w *Writer) Close() error {
	if w.open && w.err == nil {
		return w.finish()
	}
	return w.Abort()
}

// Abort discards the open shard, whose input was not read to its end.
func (w *Writer) Abort() error {
	if w.open {
		w.open = false
		w.enc.Close()
		w.tmp.Discard()
	}
	return w.err
}
