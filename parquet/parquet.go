// Package parquet writes Documents as an Apache Parquet file with the
// schema of package record, as the JSONL output has it: the same snake_case columns,
// with authors as a list of strings. Columns are zstd-compressed. Rows are
// buffered and written a row group at a time, so memory is bounded by
// MaxRowsPerRowGroup rows whatever the number of Documents.
//
// It is the only package that imports github.com/parquet-go/parquet-go.
package parquet

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	pq "github.com/parquet-go/parquet-go"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/record"
)

// MaxRowsPerRowGroup bounds the rows of a row group, and so the rows a
// Writer holds in memory.
const MaxRowsPerRowGroup = 1024

// Row is one article: a row of the file has the columns of package
// record's Record, from its parquet tags.
type Row = record.Record

// schema is the files' schema, its root named as it was before the
// columns were taken from package record. It is built at the first
// writer, not at every process's start.
var schema = sync.OnceValue(func() *pq.Schema { return pq.NewSchema("Row", pq.SchemaOf(new(Row))) })

// Writer writes Documents to a Parquet file. Close writes the last row
// group and the footer; it does not close the underlying writer. A file
// is readable only once Close has returned, and Close must be called (it
// also stops the Writer's goroutine).
//
// Rows are encoded and compressed on a goroutine of the Writer's own, a
// batch at a time, while the next batch is gathered: the caller, which in
// a run is the one goroutine writing the output in order, is not held up
// while a row group is compressed, and the workers behind it are not
// either. At most two batches wait, so memory stays bounded.
type Writer struct {
	w       *pq.GenericWriter[Row]
	buf     []Row
	batches chan []Row
	free    chan []Row
	done    chan struct{}
	err     error // the encoding goroutine's first error; read after done or via errs
	errs    chan error
	closed  bool
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return NewWriterOptions(w, WriterOptions{}) }

// WriterOptions tune a Writer. The zero value works.
type WriterOptions struct {
	// Version and Build name the copydesk that wrote the file in its
	// created_by ("copydesk version V (build B)"): a module version and
	// a VCS revision, say.
	Version, Build string
}

// createdBy sets a file's created_by as it is given: parquet-go's own
// option leaves out the space before "(build".
type createdBy string

func (c createdBy) ConfigureWriter(config *pq.WriterConfig) { config.CreatedBy = string(c) }

func (o WriterOptions) createdBy() pq.WriterOption {
	s := "copydesk"
	if o.Version != "" {
		s += " version " + o.Version
	}
	if o.Build != "" {
		s += " (build " + o.Build + ")"
	}
	return createdBy(s)
}

// NewWriterOptions returns a Writer on w tuned by o.
func NewWriterOptions(w io.Writer, o WriterOptions) *Writer {
	pw := &Writer{
		w: pq.NewGenericWriter[Row](w,
			schema(),
			pq.Compression(new(zstdCodec)),
			pq.MaxRowsPerRowGroup(MaxRowsPerRowGroup),
			o.createdBy(),
		),
		batches: make(chan []Row, 1),
		free:    make(chan []Row, 2),
		done:    make(chan struct{}),
		errs:    make(chan error, 1),
	}
	go pw.encode(pw.batches)
	return pw
}

// encode writes the batches it is sent, in order, and gives their slices
// back for reuse.
func (w *Writer) encode(batches <-chan []Row) {
	defer close(w.done)
	for b := range batches {
		if w.err == nil {
			if _, err := w.w.Write(b); err != nil {
				w.err = err
				w.errs <- err
			}
		}
		clear(b)
		select {
		case w.free <- b[:0]:
		default:
		}
	}
}

// batch is how many rows are handed to the parquet writer at once. The
// last batch is encoded after the last row is given, while the run
// waits: in a one-off timing of the packed dev archive's rows, Close
// took 20 ms with batches of 256 rows and 9 ms with 64, and 16 gained
// nothing more.
const batch = 64

// Write adds d's row.
func (w *Writer) Write(d *copydesk.Document) error { return w.WriteRow(record.New(d)) }

// WriteRow adds a row. An error of an earlier batch's encoding is
// returned by a later WriteRow, or by Close.
func (w *Writer) WriteRow(r Row) error {
	if w.closed {
		return errWriteAfterClose
	}
	select {
	case err := <-w.errs:
		w.errs <- err
		return err
	default:
	}
	if w.buf == nil {
		select {
		case w.buf = <-w.free:
		default:
			w.buf = make([]Row, 0, batch)
		}
	}
	w.buf = append(w.buf, r)
	if len(w.buf) >= batch {
		w.batches <- w.buf
		w.buf = nil
	}
	return nil
}

var errWriteAfterClose = errors.New("parquet: write after Close")

// Close writes what is buffered and the file's footer.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if len(w.buf) > 0 {
		w.batches <- w.buf
		w.buf = nil
	}
	close(w.batches)
	<-w.done
	if w.err != nil {
		return w.err
	}
	w.err = w.w.Close()
	return w.err
}

// FromJSONL writes the records of the JSONL dataset at src (as package
// jsonl writes it) to a Parquet file at dst, atomically.
func FromJSONL(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return atomicfile.WriteWith(dst, func(out io.Writer) error {
		w := NewWriter(out)
		dec := json.NewDecoder(bufio.NewReaderSize(in, 1<<20))
		for {
			var r Row
			if err := dec.Decode(&r); err == io.EOF {
				break
			} else if err != nil {
				w.Close() // stops its goroutine; the file is discarded
				return fmt.Errorf("parquet: %s: %w", src, err)
			}
			if err := w.WriteRow(r); err != nil {
				w.Close()
				return err
			}
		}
		return w.Close()
	})
}

// EachRecord calls fn with each row of the Parquet file at path, in
// order, reading a batch of rows at a time (authors never nil). It stops
// at fn's first error and returns it.
func EachRecord(path string, fn func(r record.Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := pq.OpenFile(f, st.Size())
	if err != nil {
		return fmt.Errorf("parquet: %s: %w", path, err)
	}
	rd := pq.NewGenericReader[Row](pf)
	defer rd.Close()
	rows := make([]Row, 64)
	for {
		n, err := rd.Read(rows)
		for _, row := range rows[:n] {
			if row.Authors == nil {
				row.Authors = []string{}
			}
			if ferr := fn(row); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("parquet: %s: %w", path, err)
		}
	}
}
