package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// Reader reads the records of an archive. See the package documentation
// for its compression, offsets and errors.
type Reader struct {
	src    *counter
	s      stream
	in     *inBuffer // over the decompressed stream
	off    int64     // decompressed offset of in's next byte
	err    error     // sticky
	sniffd bool
	begun  bool // a record header has been read
	arc    bool // the archive is ARC, not WARC

	block      blockReader
	resyncAt   bool   // the next Next resynchronises first
	compDamage bool   // what it resynchronises after is in the compression
	pending    []byte // a line read ahead by a resynchronisation
}

// bufSize is the size of the Reader's buffer for the streams that copy
// into it (see inBuffer).
const bufSize = 64 << 10

// NewReader returns a Reader reading from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{src: newCounter(r)}
}

// Offset returns how far the Reader has read the decompressed stream.
func (r *Reader) Offset() int64 { return r.off }

// StoredOffset returns how far the Reader has read the input as stored.
func (r *Reader) StoredOffset() int64 { return r.src.offset() }

// blockReader reads one record's block from the Reader.
type blockReader struct {
	r      *Reader
	left   int64
	err    error // what Read returned last, when not nil
	offset int64 // of the record
}

func (b *blockReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.in.Read(p)
	b.r.off += int64(n)
	b.left -= int64(n)
	if err == io.EOF && b.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// Next returns the next record, io.EOF at the end of the input, or an
// error: a *ParseError for damage the Reader will skip on the next call,
// any other error for good.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.sniffd {
		r.sniffd = true
		s, err := newStream(r.src)
		if err != nil {
			r.err = err
			return nil, err
		}
		r.s = s
		r.in = newInBuffer(s)
	}
	if err := r.finishBlock(); err != nil {
		return nil, err
	}
	if r.resyncAt {
		r.resyncAt = false
		if err := r.resync(); err != nil {
			return nil, err
		}
	}
	rec, err := r.readHeader()
	if err != nil {
		return nil, r.damage(err)
	}
	return rec, nil
}

// All returns an iterator over the records and errors of Next, ending at
// io.EOF or at a sticky error (which it yields).
func (r *Reader) All() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) {
				return
			}
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				return
			}
		}
	}
}

// finishBlock skips what is left of the previous record's block. Damage
// met there that the caller did not see while reading the block is
// returned.
func (r *Reader) finishBlock() error {
	b := &r.block
	if b.r == nil {
		return nil
	}
	seen := b.err
	if seen == nil {
		_, _ = io.Copy(io.Discard, b)
	}
	err := b.err
	b.r = nil
	if err == nil {
		return nil
	}
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		r.resyncAt, r.compDamage = true, pe.Compressed
	case err == io.ErrUnexpectedEOF:
		r.err = io.EOF
		err = &ParseError{Offset: b.offset, Err: ErrTruncated}
	default:
		r.err = err
	}
	if seen != nil {
		// The caller has had it from Block.
		if r.err != nil {
			return r.err
		}
		return nil
	}
	return err
}

// damage turns an error met while reading a record header into what
// Next returns, and decides how the Reader goes on.
func (r *Reader) damage(err error) error {
	var pe *ParseError
	switch {
	case err == io.EOF:
		r.err = io.EOF
		return io.EOF
	case errors.As(err, &pe):
		r.resyncAt, r.compDamage = true, pe.Compressed
		return err
	case err == io.ErrUnexpectedEOF:
		r.err = io.EOF
		return &ParseError{Offset: r.off, Err: ErrTruncated}
	}
	r.err = err
	return err
}

// resync moves to the next record after damage: the next gzip member
// when the compression was damaged, then the next line that starts a
// record.
func (r *Reader) resync() error {
	if r.pending != nil && r.startsRecord(r.pending) {
		return nil
	}
	r.pending = nil
	if r.compDamage {
		r.compDamage = false
		if r.s.resync() {
			r.in.reset(r.s)
		}
	}
	for {
		line, err := r.readLine()
		if err != nil {
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			if errors.Is(err, ErrHeaderTooLong) {
				continue
			}
			var pe *ParseError
			if errors.As(err, &pe) && pe.Compressed {
				// More damage: go on looking past it.
				if r.s.resync() {
					r.in.reset(r.s)
					continue
				}
				err = io.EOF
			}
			r.err = err
			return err
		}
		if r.startsRecord(line) {
			r.pending = line
			return nil
		}
	}
}

// startsRecord reports whether line can be the first line of a record.
func (r *Reader) startsRecord(line []byte) bool {
	if r.arc {
		_, ok := parseARCLine(string(trimEOL(line)))
		return ok
	}
	return isVersionLine(line)
}

func isVersionLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("WARC/")) && len(line) > 5 && '0' <= line[5] && line[5] <= '9'
}

// readLine returns the next line with its end of line, or the line kept
// by resync. A line longer than MaxLineBytes is ErrHeaderTooLong (and is
// skipped); io.ErrUnexpectedEOF means the input ended inside the line.
func (r *Reader) readLine() ([]byte, error) {
	if r.pending != nil {
		l := r.pending
		r.pending = nil
		return l, nil
	}
	var line []byte
	tooLong := false
	for {
		chunk, err := r.in.ReadSlice('\n')
		r.off += int64(len(chunk))
		if !tooLong && len(line)+len(chunk) <= MaxLineBytes {
			line = append(line, chunk...)
		} else {
			// Skip to the line's end: no part of it is a line.
			tooLong, line = true, nil
		}
		switch err {
		case nil:
			if tooLong {
				return nil, &ParseError{Offset: r.off, Err: fmt.Errorf("%w: line over %d bytes", ErrHeaderTooLong, MaxLineBytes)}
			}
			return line, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if len(line) == 0 && !tooLong {
				return nil, io.EOF
			}
			return line, io.ErrUnexpectedEOF
		}
		return nil, err
	}
}

func trimEOL(b []byte) []byte {
	return bytes.TrimRight(b, "\r\n")
}

// readHeader reads a record's header, after any blank lines.
func (r *Reader) readHeader() (*Record, error) {
	var first []byte
	var start int64
	for {
		line, err := r.readLine()
		if err != nil {
			return nil, err
		}
		if t := trimEOL(line); len(bytes.TrimSpace(t)) > 0 {
			first, start = t, r.off-int64(len(line))
			break
		}
	}
	if !r.begun {
		// An ARC file starts with its filedesc record.
		r.begun = true
		r.arc = bytes.HasPrefix(first, []byte("filedesc://"))
	}
	member := r.s.member(start)
	if r.arc {
		return r.readARCRecord(first, start, member)
	}
	if !isVersionLine(first) {
		return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrNotWARC, clipBytes(first, 40))}
	}
	rec := &Record{Version: string(first), Offset: start, MemberOffset: member}
	size := len(first)
	for {
		line, err := r.readLine()
		if err != nil {
			return nil, err
		}
		size += len(line)
		if size > MaxHeaderBytes {
			return nil, &ParseError{Offset: start, Err: ErrHeaderTooLong}
		}
		t := trimEOL(line)
		if len(t) == 0 {
			break
		}
		if t[0] == ' ' || t[0] == '\t' {
			if n := len(rec.Header); n > 0 {
				rec.Header[n-1].Value += " " + strings.TrimSpace(string(t))
				continue
			}
			return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: continuation line first", ErrBadHeader)}
		}
		name, value, ok := bytes.Cut(t, []byte(":"))
		if !ok || len(bytes.TrimSpace(name)) == 0 {
			if isVersionLine(t) {
				// The previous record's header never ended.
				r.pending = append([]byte(nil), line...)
			}
			return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrBadHeader, clipBytes(t, 40))}
		}
		rec.Header = append(rec.Header, Field{string(bytes.TrimSpace(name)), string(bytes.TrimSpace(value))})
	}
	n, ok := parseContentLength(rec.Header.Get("Content-Length"))
	if !ok {
		return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrContentLength, rec.Header.Get("Content-Length"))}
	}
	rec.ContentLength = n
	r.startBlock(rec)
	return rec, nil
}

func (r *Reader) startBlock(rec *Record) {
	r.block = blockReader{r: r, left: rec.ContentLength, offset: rec.Offset}
	rec.Block = &r.block
}

func clipBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}
