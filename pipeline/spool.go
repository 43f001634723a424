package pipeline

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/copydesk/copydesk"
)

// DocumentWriter writes Documents in copydesk's own encoding (gob), for
// Documents that are read back by the runner: the spool of the corpus
// stages, the shards of a resumable run with corpus stages. The raw input
// (HTML, Text) is not written: the stages after cleaning do not read it.
// It buffers; Close flushes without closing the underlying writer.
type DocumentWriter struct {
	w   *bufio.Writer
	enc *gob.Encoder
}

// NewDocumentWriter returns a DocumentWriter on w.
func NewDocumentWriter(w io.Writer) *DocumentWriter {
	bw := bufio.NewWriterSize(w, 1<<20)
	return &DocumentWriter{w: bw, enc: gob.NewEncoder(bw)}
}

// spooled is one Document of a stream with its key.
type spooled struct {
	Key int64
	Doc *copydesk.Document
}

// Write writes d with key 0.
func (w *DocumentWriter) Write(d *copydesk.Document) error { return w.write(0, d) }

func (w *DocumentWriter) write(key int64, d *copydesk.Document) error {
	c := *d
	c.HTML, c.Text, c.Release, c.Err = nil, "", nil, nil
	if err := w.enc.Encode(spooled{key, &c}); err != nil {
		return fmt.Errorf("pipeline: writing documents: %w", err)
	}
	return nil
}

// Close flushes what is buffered.
func (w *DocumentWriter) Close() error { return w.w.Flush() }

// ReadDocuments returns the Documents a DocumentWriter wrote to r, in
// order; an error (damage, a stream cut short) ends the sequence with it.
func ReadDocuments(r io.Reader) iter.Seq2[*copydesk.Document, error] {
	return func(yield func(*copydesk.Document, error) bool) {
		for sd, err := range readSpooled(r, -1) {
			if !yield(sd.Doc, err) || err != nil {
				return
			}
		}
	}
}

// readSpooled reads n Documents, or to the end when n < 0.
func readSpooled(r io.Reader, n int64) iter.Seq2[spooled, error] {
	return func(yield func(spooled, error) bool) {
		dec := gob.NewDecoder(bufio.NewReaderSize(r, 1<<20))
		for i := int64(0); n < 0 || i < n; i++ {
			var sd spooled
			err := dec.Decode(&sd)
			if err == io.EOF && n < 0 {
				return
			}
			if err == nil && sd.Doc == nil {
				err = errors.New("no document")
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = io.ErrUnexpectedEOF
				}
				yield(spooled{}, fmt.Errorf("pipeline: reading documents: %w", err))
				return
			}
			if !yield(sd, nil) {
				return
			}
		}
	}
}

// A spool holds the kept Documents of a run between the phases of its
// corpus stages, in a temporary file, so that memory stays flat however
// large the corpus: each Document is written once after its stages, and
// read back once per corpus stage.
type spool struct {
	f *os.File
	w *DocumentWriter
	n int64
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, ".tmp-spool-*")
	if err != nil {
		return nil, fmt.Errorf("pipeline: spool: %w", err)
	}
	return &spool{f: f, w: NewDocumentWriter(f)}, nil
}

// add writes d with its key.
func (s *spool) add(key int64, d *copydesk.Document) error {
	s.n++
	return s.w.write(key, d)
}

// all flushes the spool and returns its Documents in the order they were
// added.
func (s *spool) all() iter.Seq2[spooled, error] {
	return func(yield func(spooled, error) bool) {
		if err := s.w.Close(); err != nil {
			yield(spooled{}, fmt.Errorf("pipeline: spool: %w", err))
			return
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			yield(spooled{}, fmt.Errorf("pipeline: spool: %w", err))
			return
		}
		for sd, err := range readSpooled(s.f, s.n) {
			if !yield(sd, err) || err != nil {
				return
			}
		}
	}
}

// remove deletes the spool's file.
func (s *spool) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}
