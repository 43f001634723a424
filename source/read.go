package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/charset"
	"github.com/klauspost/compress/zstd"
)

// zstdMagic starts a zstd frame.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// Documents reads files (as returned by Expand) one after another and
// yields one Document per record, in input order. stdin is read for "-".
// Read errors never end the stream: they become failed Documents.
func Documents(files []string, stdin io.Reader, opts Options) iter.Seq[*copydesk.Document] {
	return DocumentsContext(context.Background(), files, stdin, opts)
}

// DocumentsContext is Documents whose fetches of inputs named by URL end
// when ctx is done.
func DocumentsContext(ctx context.Context, files []string, stdin io.Reader, opts Options) iter.Seq[*copydesk.Document] {
	return func(yield func(*copydesk.Document) bool) {
		if opts.Remote == nil {
			opts.Remote = NewRemote(FetchOptions{})
		}
		for _, name := range files {
			if !readFile(ctx, name, stdin, opts, yield) {
				return
			}
		}
	}
}

// Read yields one Document per record of one input, read from r and
// named name, as Documents does for a file: for runners that open their
// inputs themselves (from object storage, say).
func Read(name string, r io.Reader, opts Options) iter.Seq[*copydesk.Document] {
	return func(yield func(*copydesk.Document) bool) {
		readStream(name, r, -1, opts, yield)
	}
}

// countingReader counts the bytes read through it, so records know their
// offset in the decompressed stream.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progressReader adds the bytes read through it to a shared counter.
type progressReader struct {
	r io.Reader
	n *atomic.Int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n.Add(int64(n))
	return n, err
}

// failed returns the Failed Document of a record that could not be read.
func failed(name string, offset int64, format copydesk.Format, err error) *copydesk.Document {
	d := &copydesk.Document{Source: copydesk.Provenance{File: name, Offset: offset, Format: format}}
	d.Settle(&copydesk.ParseError{File: name, Offset: offset, Err: err})
	return d
}

// readFile yields the records of one input; it returns false when yield
// asked to stop.
func readFile(ctx context.Context, name string, stdin io.Reader, opts Options, yield func(*copydesk.Document) bool) bool {
	switch {
	case name == Stdin:
		return readStream(name, stdin, -1, opts, yield)
	case IsURL(name):
		return readURL(ctx, name, opts, yield)
	}
	f, err := os.Open(name)
	if err != nil {
		return yield(failed(name, 0, opts.Format, err))
	}
	defer f.Close()
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return readStream(name, f, size, opts, yield)
}

// readStream yields the records of the input name read from raw, whose
// size in bytes is size, or -1 when unknown.
func readStream(name string, raw io.Reader, size int64, opts Options, yield func(*copydesk.Document) bool) bool {
	if opts.ReadBytes != nil {
		raw = &progressReader{r: raw, n: opts.ReadBytes}
	}
	br := bufio.NewReaderSize(raw, 64<<10)
	if opts.Format == copydesk.FormatWARC || opts.Format == "" && isArchive(br) {
		return readArchive(name, br, opts, yield)
	}
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return yield(failed(name, 0, opts.Format, fmt.Errorf("gzip: %w", err)))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		size = -1
	case bytes.HasPrefix(magic, zstdMagic):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return yield(failed(name, 0, opts.Format, fmt.Errorf("zstd: %w", err)))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		size = -1
	}
	cr := &countingReader{r: br}
	in := bufio.NewReaderSize(cr, 64<<10)
	format := opts.Format
	if format == "" {
		head, _ := in.Peek(1024)
		format = Sniff(strings.TrimSuffix(strings.TrimSuffix(urlPath(name), ".gz"), ".zst"), head)
	}
	switch format {
	case copydesk.FormatWARC:
		// Found to be one only once decompressed.
		return readArchive(name, in, opts, yield)
	case copydesk.FormatJSONL:
		return readJSONL(name, in, cr, opts.maxRecord(), yield)
	case copydesk.FormatSeed, copydesk.FormatText, copydesk.FormatHTML:
		return yield(readWhole(name, in, size, format, opts.Format == "", opts.maxRecord()))
	}
	return yield(failed(name, 0, format, fmt.Errorf("%w: %s", copydesk.ErrUnsupported, format)))
}

// Sniff names the format of an input from its name and first bytes
// (decompressed).
func Sniff(name string, head []byte) copydesk.Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return copydesk.FormatJSONL
	case ".html", ".htm", ".xhtml":
		return copydesk.FormatHTML
	}
	h := charset.TrimUTF8BOM(head)
	if bytes.HasPrefix(h, []byte("WARC/")) || bytes.HasPrefix(h, []byte("filedesc://")) {
		return copydesk.FormatWARC
	}
	if _, ok := seedHeader(string(h)); ok {
		return copydesk.FormatSeed
	}
	t := bytes.TrimLeft(h, " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return copydesk.FormatJSONL
	}
	if looksHTML(t) {
		return copydesk.FormatHTML
	}
	return copydesk.FormatText
}

func looksHTML(t []byte) bool {
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	lower := bytes.ToLower(t[:min(len(t), 64)])
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", "<div", "<p>", "<p ", "<?xml"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	return false
}

// readWhole reads a one-record-per-file input of size bytes (-1 when
// unknown).
func readWhole(name string, in io.Reader, size int64, format copydesk.Format, sniffed bool, max int64) *copydesk.Document {
	var buf *[]byte // a pooled buffer for a page of known size
	if format == copydesk.FormatHTML && size >= 0 && size < max {
		buf = getBlock(int(size) + 1) // one byte more for the read at EOF
	}
	handed := false // to a Document, which gives it back through Release
	defer func() {
		if buf != nil && !handed {
			putBlock(buf)
		}
	}()
	var data []byte
	var err error
	if buf != nil {
		data, err = readInto(io.LimitReader(in, max+1), (*buf)[:0])
	} else {
		data, err = readSized(io.LimitReader(in, max+1), min(size, max))
	}
	if err != nil {
		return failed(name, int64(len(data)), format, err)
	}
	if int64(len(data)) > max {
		return failed(name, 0, format, fmt.Errorf("%w: more than %d bytes", copydesk.ErrTooLarge, max))
	}
	d := &copydesk.Document{
		ID:     contentID(data),
		Source: copydesk.Provenance{File: name, Offset: 0, Format: format},
	}
	if format == copydesk.FormatHTML {
		d.HTML = data
		if buf != nil && cap(data) == cap(*buf) {
			handed = true
			d.Release = func() { putBlock(buf) }
		}
		return d
	}
	text, enc, err := Decode(data)
	if err != nil {
		return failed(name, 0, format, err)
	}
	d.Encoding = enc
	if format == copydesk.FormatText && sniffed && isSeedText(text) {
		// Seen only now: the separator ends the article, past the head
		// that Sniff reads.
		format, d.Source.Format = copydesk.FormatSeed, copydesk.FormatSeed
	}
	if format == copydesk.FormatSeed {
		text = parseSeed(d, text)
	}
	d.Text = text
	return d
}

// readSized is io.ReadAll into a buffer allocated once for size bytes when
// size is known, as os.ReadFile does: a page read by doubling clears and
// copies about three times its size.
func readSized(r io.Reader, size int64) ([]byte, error) {
	if size < 0 {
		return io.ReadAll(r)
	}
	return readInto(r, make([]byte, 0, size+1)) // one byte more for the read at EOF
}

// readInto reads r to its end into data's spare capacity, growing it only
// if r holds more.
func readInto(r io.Reader, data []byte) ([]byte, error) {
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return data, err
		}
		if len(data) == cap(data) {
			// The file grew since Stat.
			data = append(data, 0)[:len(data)]
		}
	}
}

// seedHeader returns the date of a leading " date YYYY-MM-DD " header and
// whether there is one.
func seedHeader(s string) (string, bool) {
	t := strings.TrimLeft(s, " \t")
	rest, ok := strings.CutPrefix(t, "date ")
	if !ok || len(rest) < 10 {
		return "", false
	}
	date := rest[:10]
	for i := range 10 {
		c := date[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return "", false
			}
		} else if c < '0' || c > '9' {
			return "", false
		}
	}
	if len(rest) > 10 && rest[10] != ' ' && rest[10] != '\n' && rest[10] != '\r' && rest[10] != '\t' {
		return "", false
	}
	return date, true
}

// isSeedText reports whether text has the form of copydesk's text output
// (package seedtext), which holds no date header: the article, "|||"
// right after its last paragraph on the same line, a blank line, and the
// summary. It holds "|||" once, and nowhere else: a text that has it
// twice, or at the start of a line, or without the blank line after it,
// is taken as it is.
func isSeedText(text string) bool {
	i := strings.Index(text, "|||")
	if i <= 0 || strings.Contains(text[i+3:], "|||") {
		return false
	}
	if c := text[i-1]; c == '\n' || c == '\r' {
		return false
	}
	rest := text[i+3:]
	return rest == "" || strings.HasPrefix(rest, "\n\n") || strings.HasPrefix(rest, "\r\n\r\n")
}

// parseSeed takes the header and the "|||" summary off seed text, records
// them on d and returns the article text.
func parseSeed(d *copydesk.Document, text string) string {
	if date, ok := seedHeader(text); ok {
		d.Date = date
		t := strings.TrimLeft(text, " \t")
		text = strings.TrimLeft(t[len("date ")+10:], " \t")
	}
	if article, summary, ok := strings.Cut(text, "|||"); ok {
		text = article
		d.Description = strings.TrimSpace(summary)
	}
	return text
}

// readError is the failure of a record the input ends inside of, or
// cannot be read on: an end of the input there (a compressed file cut
// short) is ErrTruncated.
func readError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: %w", copydesk.ErrTruncated, err)
	}
	return err
}

func contentID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

// jsonRecord is the JSONL input schema.
type jsonRecord struct {
	ID          json.RawMessage `json:"id"`
	Text        *string         `json:"text"`
	HTML        *string         `json:"html"`
	URL         string          `json:"url"`
	Date        string          `json:"date"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Lang        string          `json:"lang"`
}

// readJSONL yields one Document per non-blank line. Lines longer than max
// fail with ErrTooLarge and are skipped to their end, never held in memory.
func readJSONL(name string, in *bufio.Reader, cr *countingReader, max int64, yield func(*copydesk.Document) bool) bool {
	var offset int64 // of the line being read, in the decompressed stream
	for {
		line, tooLong, err := readLine(in, max)
		lineOffset := offset
		offset += int64(len(line))
		if lineOffset == 0 {
			// A byte order mark is not JSON.
			trimmed := charset.TrimUTF8BOM(line)
			lineOffset, line = int64(len(line)-len(trimmed)), trimmed
		}
		if err != nil && err != io.EOF {
			// The input ends inside the line (a compressed file cut
			// short) or cannot be read on: the line, if any was
			// begun, has that failure as its one outcome.
			if len(line) == 0 && tooLong == 0 {
				lineOffset = offset
			}
			return yield(failed(name, lineOffset, copydesk.FormatJSONL, readError(err)))
		}
		if tooLong > 0 {
			offset += tooLong
			if !yield(failed(name, lineOffset, copydesk.FormatJSONL,
				fmt.Errorf("%w: line longer than %d bytes", copydesk.ErrTooLarge, max))) {
				return false
			}
		} else if len(bytes.TrimSpace(line)) > 0 {
			if !yield(parseJSONLine(name, lineOffset, line)) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
	}
}

// readLine reads one line including its newline. When the line exceeds max
// bytes it is discarded and tooLong reports its whole length.
func readLine(in *bufio.Reader, max int64) (line []byte, tooLong int64, err error) {
	for {
		chunk, err := in.ReadSlice('\n')
		if tooLong > 0 || int64(len(line)+len(chunk)) > max {
			tooLong += int64(len(line) + len(chunk))
			line = nil
		} else {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, tooLong, err
	}
}

func parseJSONLine(name string, offset int64, line []byte) *copydesk.Document {
	var rec jsonRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		// The offset is the line's, where a reader of the file finds
		// the record; the error's own position is within the line.
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			err = fmt.Errorf("%v (byte %d of the line)", err, syn.Offset)
		}
		return failed(name, offset, copydesk.FormatJSONL, fmt.Errorf("%w: %v", copydesk.ErrBadJSON, err))
	}
	if !bytes.HasPrefix(bytes.TrimLeft(line, " \t\r\n"), []byte("{")) {
		// null unmarshals into a struct without error.
		return failed(name, offset, copydesk.FormatJSONL, fmt.Errorf("%w: not an object", copydesk.ErrBadJSON))
	}
	d := &copydesk.Document{
		ID:          jsonID(rec.ID),
		Source:      copydesk.Provenance{File: name, Offset: offset, Format: copydesk.FormatJSONL},
		URL:         rec.URL,
		Date:        rec.Date,
		Title:       rec.Title,
		Description: rec.Description,
		Lang:        rec.Lang,
	}
	switch {
	case rec.HTML != nil:
		d.HTML = []byte(*rec.HTML)
	case rec.Text != nil:
		d.Text = *rec.Text
	default:
		return failed(name, offset, copydesk.FormatJSONL, copydesk.ErrNoText)
	}
	if d.ID == "" {
		d.ID = contentID(line)
	}
	return d
}

// jsonID accepts string and number ids.
func jsonID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
