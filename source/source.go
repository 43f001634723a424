// Package source turns command-line inputs into a stream of Documents.
//
// Inputs are files, directories (walked recursively, in lexical order),
// glob patterns, "-" for standard input, and http and https URLs
// (fetched by a Remote, see FetchOptions). Gzip- and zstd-compressed
// inputs are decompressed transparently, whatever their name. Each
// input's format is sniffed from its name and first bytes unless
// Options.Format forces one:
//
//   - seed: one document per file; an optional leading " date YYYY-MM-DD "
//     header becomes the document's date, and text after a "|||" separator
//     becomes its description (the form copydesk's own text output has).
//     Sniffed by the date header, or, once the file is read, by the shape
//     of the text output, which has no header (isSeedText).
//   - text: one document per file, taken as it is.
//   - jsonl: one document per line, a JSON object with a "text" (or "html")
//     field and optional "url", "date", "title", "description", "id", "lang".
//   - html: one web page per file.
//
// Every record ends up as exactly one Document, and the stream goes on
// with the next record. A record that cannot be read becomes a Failed
// Document whose Err is a *copydesk.ParseError naming the file and byte
// offset; an archive record that holds no page (a request, a redirect,
// an image) becomes a Dropped Document with the Reason a run counts it
// by, and no Err. Both are settled (copydesk.Document.Settle) before
// they are yielded: Err is set only on a Failed Document.
package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/charset"
)

// Options tune how inputs are read. The zero value works.
type Options struct {
	// Format forces the input format; empty means sniff each input.
	Format copydesk.Format
	// MaxRecordBytes caps one record: a whole file for seed, text and html,
	// one line for jsonl. Larger records fail with copydesk.ErrTooLarge and
	// the rest of the input is still read. Zero means DefaultMaxRecordBytes.
	MaxRecordBytes int64
	// ReadBytes, when set, counts the bytes read from the inputs as
	// stored (before decompression), for progress reports. It is updated
	// while Documents is iterated, and may be read from any goroutine.
	ReadBytes *atomic.Int64
	// Remote fetches the inputs named by URL; nil means one with the
	// zero FetchOptions for each call of Documents.
	Remote *Remote
}

// DefaultMaxRecordBytes is the default cap on one record's size.
const DefaultMaxRecordBytes = 16 << 20

// Validate reports whether o is usable.
func (o Options) Validate() error {
	switch o.Format {
	case "", copydesk.FormatSeed, copydesk.FormatText, copydesk.FormatJSONL, copydesk.FormatHTML, copydesk.FormatWARC:
	default:
		return fmt.Errorf("%w: %q (want seed, text, jsonl, html or warc)", ErrFormat, o.Format)
	}
	if o.MaxRecordBytes < 0 {
		return fmt.Errorf("source: negative MaxRecordBytes %d", o.MaxRecordBytes)
	}
	return nil
}

func (o Options) maxRecord() int64 {
	if o.MaxRecordBytes == 0 {
		return DefaultMaxRecordBytes
	}
	return o.MaxRecordBytes
}

// Errors returned while expanding inputs.
var (
	ErrNoMatch = errors.New("source: pattern matches no file")
	ErrFormat  = errors.New("source: unknown input format")
)

// Stdin is the input name that means standard input.
const Stdin = "-"

// Expand resolves inputs into a list of files with the zero
// ExpandOptions.
func Expand(inputs []string) ([]string, error) {
	return ExpandOptions{}.Expand(inputs)
}

// ExpandOptions tune Expand.
type ExpandOptions struct {
	// Exclude names directories whose files are never inputs found by a
	// directory walk, such as the run's output directory when it lies
	// inside an input directory.
	Exclude []string
	// Skipped, when set, is told of each file a directory walk passes
	// over, and why: not an input by its name and content, a broken
	// symbolic link, a directory already walked (a link loop).
	Skipped func(path, reason string)
}

// Expand resolves inputs into a list of files: directories are walked
// recursively (hidden entries skipped, symbolic links followed), globs
// are expanded, "-" and URLs are kept. The result is in a deterministic order:
// inputs in the order given, each directory's and glob's files in lexical
// order. A file named more than once ("a", "./a", its absolute path, a
// link to it, a directory holding it) is listed once, where it first
// appears. A file named on the command line or by a glob is always an
// input; a file found by a directory walk is one when its name says so
// (.warc, .arc, .wet, .jsonl, .ndjson, .html, .htm, .xhtml, .txt, each
// perhaps with .gz or .zst) or, whatever its name, when its first bytes
// are an archive, a web page, JSON lines or copydesk's text output; a
// README, a LICENSE or a script in a directory of pages is not. An input
// that names nothing is an error, since it is almost always a typo.
func (o ExpandOptions) Expand(inputs []string) ([]string, error) {
	x := &expansion{opts: o, seen: map[string]bool{}, walked: map[string]bool{}}
	for _, ex := range o.Exclude {
		x.exclude = append(x.exclude, realPath(ex))
	}
	for _, in := range inputs {
		if in == Stdin || IsURL(in) {
			x.add(in, in)
			continue
		}
		matches := []string{in}
		if strings.ContainsAny(in, "*?[") {
			var err error
			matches, err = filepath.Glob(in)
			if err != nil {
				return nil, fmt.Errorf("source: %s: %w", in, err)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%w: %s", ErrNoMatch, in)
			}
			slices.Sort(matches)
		}
		for _, path := range matches {
			info, err := os.Stat(path)
			if err != nil {
				return nil, fmt.Errorf("source: %w", err)
			}
			if !info.IsDir() {
				x.add(path, realPath(path))
				continue
			}
			if err := x.walk(path); err != nil {
				return nil, err
			}
		}
	}
	return x.files, nil
}

// expansion is the state of one Expand call.
type expansion struct {
	opts    ExpandOptions
	exclude []string
	files   []string
	seen    map[string]bool // real paths of the files listed
	walked  map[string]bool // real paths of the directories walked
}

// realPath returns path made absolute with its symbolic links resolved,
// or as absolute as it can be made when it does not exist.
func realPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

func (x *expansion) add(path, real string) {
	if !x.seen[real] {
		x.seen[real] = true
		x.files = append(x.files, path)
	}
}

func (x *expansion) skip(path, reason string) {
	if x.opts.Skipped != nil {
		x.opts.Skipped(path, reason)
	}
}

// walk lists the inputs in dir and its subdirectories, following links
// to files and directories; a directory reached a second time (a link
// loop, or two links to one directory) is walked once.
func (x *expansion) walk(dir string) error {
	real := realPath(dir)
	if x.walked[real] {
		x.skip(dir, "directory already read (a link loop or a second link to it)")
		return nil
	}
	for _, ex := range x.exclude {
		if real == ex {
			x.skip(dir, "the output directory")
			return nil
		}
	}
	x.walked[real] = true
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				x.skip(path, "broken symbolic link")
				continue
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if err := x.walk(path); err != nil {
				return err
			}
		case mode.IsRegular():
			if ok, why := isInputFile(path); !ok {
				x.skip(path, why)
				continue
			}
			x.add(path, realPath(path))
		default:
			x.skip(path, "not a regular file")
		}
	}
	return nil
}

// inputExts are the extensions of the files a directory walk takes
// without looking inside them.
var inputExts = map[string]bool{
	".warc": true, ".arc": true, ".wet": true, ".jsonl": true, ".ndjson": true,
	".html": true, ".htm": true, ".xhtml": true, ".txt": true,
}

// isInputFile tells whether a file found in a directory is an input, by
// its name or else its first bytes, and if not, why.
func isInputFile(path string) (bool, string) {
	name := strings.ToLower(filepath.Base(path))
	for _, c := range []string{".gz", ".zst"} {
		name = strings.TrimSuffix(name, c)
	}
	if inputExts[filepath.Ext(name)] {
		return true, ""
	}
	head, err := fileHead(path)
	if err != nil {
		// A zstd file, or one that cannot be read: reading it gives it
		// an outcome.
		return true, ""
	}
	if len(head) == 0 {
		return false, "empty file"
	}
	switch Sniff(name, head) {
	case copydesk.FormatText:
		return false, "not an input by its name or its content (name it to read it as text)"
	case copydesk.FormatJSONL:
		// JSON lines start with a whole object on their first line; a
		// JSON document written over many lines (a manifest.json, a
		// package.json) does not.
		t := bytes.TrimLeft(charset.TrimUTF8BOM(head), " \t\r\n")
		if line, _, ok := bytes.Cut(t, []byte("\n")); ok && !json.Valid(line) {
			return false, "a JSON document, not JSON lines (name it to read it as JSON lines)"
		}
	}
	return true, ""
}

// fileHead returns the first bytes of a file, decompressed when it is
// gzip; it does not look inside zstd files.
func fileHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 4096)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		buf := make([]byte, 1024)
		n, _ := io.ReadFull(zr, buf)
		return buf[:n], nil
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, errors.New("source: zstd")
	}
	head, _ := br.Peek(1024)
	return head, nil
}
