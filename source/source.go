// Package source turns command-line inputs into a stream of Documents.
//
// Inputs are files, directories (walked recursively, in lexical order),
// glob patterns and "-" for standard input. Gzip- and zstd-compressed
// inputs are decompressed transparently, whatever their name. Each
// input's format is sniffed from its name and first bytes unless
// Options.Format forces one:
//
//   - seed: one document per file; an optional leading " date YYYY-MM-DD "
//     header becomes the document's date, and text after a "|||" separator
//     becomes its description (the form copydesk's own text output has).
//   - text: one document per file, taken as it is.
//   - jsonl: one document per line, a JSON object with a "text" (or "html")
//     field and optional "url", "date", "title", "description", "id", "lang".
//   - html: one web page per file.
//
// Every record ends up as exactly one Document; a record that cannot be
// read becomes a Document whose Err is a *copydesk.ParseError naming the
// file and byte offset, and the stream goes on with the next record.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/copydesk/copydesk"
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

// Expand resolves inputs into a list of files: directories are walked
// recursively (hidden entries skipped), globs are expanded, "-" is kept.
// The result is in a deterministic order: inputs in the order given, each
// directory's and glob's files in lexical order. An input that names
// nothing is an error, since it is almost always a typo.
func Expand(inputs []string) ([]string, error) {
	var files []string
	for _, in := range inputs {
		if in == Stdin {
			files = append(files, in)
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
			found, err := walk(path)
			if err != nil {
				return nil, err
			}
			files = append(files, found...)
		}
	}
	return files, nil
}

func walk(root string) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	return files, nil // WalkDir visits in lexical order
}
