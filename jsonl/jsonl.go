// Package jsonl writes Documents as JSON Lines, one object per kept
// article: the fields of package record's Record.
package jsonl

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/record"
)

// Writer writes one JSON object per line to an io.Writer. It buffers;
// Close flushes but does not close the underlying writer.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Writer{w: bw, enc: enc}
}

// Write writes d's record as one line.
func (w *Writer) Write(d *copydesk.Document) error {
	return w.enc.Encode(record.New(d))
}

// Close flushes buffered lines.
func (w *Writer) Close() error { return w.w.Flush() }
