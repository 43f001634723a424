package warc

import (
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Writer writes WARC/1.1 records, each in a gzip member of its own (the
// Common Crawl layout), or uncompressed. Close flushes; it does not close
// the underlying writer.
type Writer struct {
	w   io.Writer
	gz  *gzip.Writer
	off int64
	err error
}

// NewWriter returns a Writer on w; compress chooses gzip members.
func NewWriter(w io.Writer, compress bool) *Writer {
	wr := &Writer{w: w}
	if compress {
		wr.gz, _ = gzip.NewWriterLevel(w, gzip.DefaultCompression)
	}
	return wr
}

// countWriter counts what goes through it.
type countWriter struct {
	w io.Writer
	n *int64
}

func (c countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// Write writes one record with header h and block, and returns the
// record's offset in the output. Content-Length is set from block;
// WARC-Record-ID, when missing, is derived from the block and the other
// fields (so the same input gives the same archive); WARC-Date, when
// missing, is the current time. WARC-Type is required.
func (w *Writer) Write(h Header, block []byte) (int64, error) {
	if w.err != nil {
		return 0, w.err
	}
	if h.Get("WARC-Type") == "" {
		return 0, fmt.Errorf("%w: WARC-Type missing", ErrBadHeader)
	}
	for _, f := range h {
		// A line break in a field would start another field, or end
		// the header and let the value write records of its own.
		if strings.ContainsAny(f.Name, ": \t\r\n") || f.Name == "" || strings.ContainsAny(f.Value, "\r\n") {
			return 0, fmt.Errorf("%w: field %q: a name with a separator or a value with a line break", ErrBadHeader, f.Name)
		}
	}
	h = append(Header(nil), h...)
	if h.Get("WARC-Date") == "" {
		h.Set("WARC-Date", time.Now().UTC().Format(time.RFC3339))
	}
	if h.Get("WARC-Record-ID") == "" {
		sum := sha1.New()
		for _, f := range h {
			fmt.Fprintf(sum, "%s: %s\n", f.Name, f.Value)
		}
		sum.Write(block)
		d := sum.Sum(nil)
		h.Set("WARC-Record-ID", fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", d[0:4], d[4:6], d[6:8], d[8:10], d[10:16]))
	}
	if h.Get("WARC-Block-Digest") == "" {
		d := sha1.Sum(block)
		h.Set("WARC-Block-Digest", "sha1:"+base32.StdEncoding.EncodeToString(d[:]))
	}
	h.Set("Content-Length", strconv.Itoa(len(block)))

	start := w.off
	var out io.Writer = countWriter{w.w, &w.off}
	if w.gz != nil {
		w.gz.Reset(out)
		out = w.gz
	}
	ew := &errWriter{w: out}
	io.WriteString(ew, "WARC/1.1\r\n")
	for _, f := range h {
		io.WriteString(ew, f.Name)
		io.WriteString(ew, ": ")
		io.WriteString(ew, f.Value)
		io.WriteString(ew, "\r\n")
	}
	io.WriteString(ew, "\r\n")
	ew.Write(block)
	io.WriteString(ew, "\r\n\r\n")
	err := ew.err
	if w.gz != nil && err == nil {
		err = w.gz.Close()
	}
	if err != nil {
		w.err = err
		return 0, err
	}
	return start, nil
}

// errWriter keeps the first error of a run of writes and skips the rest.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// Close reports the first error of the Writer's writes.
func (w *Writer) Close() error {
	return w.err
}

// ResponseHeader returns the header of a response record for a page
// fetched from uri at date, and HTTPBlock the block that goes with it:
// the page as an HTTP 200 response with Content-Type contentType. They
// are what Pack-like tools write for pages that come without their
// original HTTP exchange.
func ResponseHeader(uri string, date time.Time) Header {
	return Header{
		{"WARC-Type", TypeResponse},
		{"WARC-Target-URI", uri},
		{"WARC-Date", date.UTC().Format(time.RFC3339)},
		{"Content-Type", "application/http; msgtype=response"},
	}
}

// HTTPBlock returns body as an HTTP/1.1 200 response.
// Line breaks in contentType are dropped: they would end the header.
func HTTPBlock(contentType string, body []byte) []byte {
	contentType = strings.NewReplacer("\r", "", "\n", "").Replace(contentType)
	head := "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	return append([]byte(head), body...)
}

// ConversionHeader returns the header of a conversion record (the plain
// text of a page, as in WET files) for uri at date.
func ConversionHeader(uri string, date time.Time) Header {
	return Header{
		{"WARC-Type", TypeConversion},
		{"WARC-Target-URI", uri},
		{"WARC-Date", date.UTC().Format(time.RFC3339)},
		{"Content-Type", "text/plain"},
	}
}
