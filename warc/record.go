// Package warc reads and writes web archives: WARC 1.0 and 1.1 (and the
// WARC/0.x drafts some old crawls used) and the older ARC format.
//
// A Reader streams records from an io.Reader. The input is a run of
// plain bytes, gzip members and zstd frames, in any order, each found by
// its magic number where a record may start: gzip with one member per
// record (the Common Crawl layout) or the whole file in one member, zstd
// with or without a dictionary frame, none, or a mixture. Each Record
// carries its byte offset in the decompressed stream and the offset of
// the gzip member or zstd frame it starts in, which is what archive
// indexes (CDX) record. A record's block is read through Record.Block
// before the next call to Next; what is left unread is skipped.
//
// A gzip member or zstd frame held whole in the input buffer (1 MiB),
// with at most 8 MiB of output, is checked (CRC-32 and size, or the
// frame's checksum) before any of its output is handed out: nothing of a
// damaged one is read as a record. A larger one, and a last gzip member
// that the end of the input cuts short, is streamed, and its damage is
// found where it is met.
//
// Errors come in two kinds. A damaged record (a bad header, a missing
// Content-Length, garbage between records, a corrupt gzip member or zstd
// frame) gives a *ParseError with the offset where the damage was found,
// and the Reader moves on: it resynchronises at the next record it can
// find (the next line starting with "WARC/", also after junk on the same
// line, or the next gzip member or zstd frame); what it skips is part of
// the damage. Damage found to be the record Next returned last (bytes
// where its two line ends should be, which mean its Content-Length is
// wrong; damage in its member found after it was handed out) is a
// *ParseError with Previous set: that record is damaged, and the error is
// no record of its own. A block that runs out of its member into the next
// record, or into plain bytes, fails with ErrContentLength, and the
// reading goes on there. An error of the underlying reader, or the end of
// the input in the middle of a record, is sticky: Next returns it from
// then on. The end of the input between records is io.EOF.
//
// Bounds: a header line is at most MaxLineBytes and a record header at
// most MaxHeaderBytes; longer ones are damage. Block sizes are not
// bounded here: the consumer reads as much of a block as it wants, and
// calls Reader.Abandon for one whose length it does not believe.
//
// ParseHTTP reads the HTTP response held in a response record's block:
// status, headers, chunked transfer coding and gzip or deflate content
// coding, within a cap on the decoded size. A Writer writes WARC 1.1
// records, each in a gzip member of its own.
//
// A Reader or Writer is not safe for concurrent use.
package warc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/charset"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Record types (WARC-Type values).
const (
	TypeWarcinfo     = "warcinfo"
	TypeResponse     = "response"
	TypeResource     = "resource"
	TypeRequest      = "request"
	TypeMetadata     = "metadata"
	TypeRevisit      = "revisit"
	TypeConversion   = "conversion"
	TypeContinuation = "continuation"
)

// Bounds on what the Reader holds in memory for one record header.
const (
	MaxLineBytes   = 16 << 10
	MaxHeaderBytes = 256 << 10
)

// Errors a ParseError can wrap, and sticky errors of a Reader.
var (
	ErrNotWARC          = errors.New("warc: no record header where one should start")
	ErrBadHeader        = errors.New("warc: malformed record header")
	ErrContentLength    = errors.New("warc: missing or invalid Content-Length")
	ErrHeaderTooLong    = errors.New("warc: record header too long")
	ErrCompression      = errors.New("warc: corrupt compressed data")
	ErrTruncated        = errors.New("warc: input ends inside a record")
	ErrBadHTTP          = errors.New("warc: malformed HTTP response")
	ErrBodyTooLarge     = errors.New("warc: HTTP body exceeds size limit")
	ErrUnsupportedCodec = errors.New("warc: unsupported content coding")
)

// ParseError is damage found in an archive: at Offset in the
// decompressed stream, or, when Compressed is set, at Offset in the file
// as stored (a gzip member that cannot be read).
//
// Previous is set when the damage is the record's that Next returned
// last: bytes after its block where it should have ended (a wrong
// Content-Length), or damage in the rest of its block or its gzip member
// found once the record was handed out. That record is damaged, and the
// error is no outcome of its own.
type ParseError struct {
	Offset     int64
	Compressed bool
	Previous   bool
	Err        error
}

func (e *ParseError) Error() string {
	where := "offset"
	if e.Compressed {
		where = "compressed offset"
	}
	return fmt.Sprintf("warc: %s %d: %v", where, e.Offset, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Field is one named header field.
type Field struct {
	Name, Value string
}

// Header is a record header's fields in the order they were written.
type Header []Field

// Get returns the value of the first field named name, compared without
// regard to ASCII case, or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Set replaces the value of the first field named name, or appends one.
func (h *Header) Set(name, value string) {
	for i, f := range *h {
		if strings.EqualFold(f.Name, name) {
			(*h)[i].Value = value
			return
		}
	}
	*h = append(*h, Field{name, value})
}

// Record is one archive record. Its Block is valid until the next call
// to the Reader's Next.
type Record struct {
	// Version is the version line: "WARC/1.0", "WARC/1.1", or "ARC/1"
	// and "ARC/2" for ARC records, whose header is given in WARC terms.
	Version string
	Header  Header
	// Offset is where the record starts in the decompressed stream.
	Offset int64
	// MemberOffset is where the gzip member or zstd frame holding the
	// record's start begins in the file as stored; for a record in plain
	// bytes, where the record itself starts as stored (Offset, when the
	// whole input is plain).
	MemberOffset int64
	// ContentLength is the size of the block.
	ContentLength int64
	// Block reads the record's content block: exactly ContentLength
	// bytes, or io.ErrUnexpectedEOF when the input ends first.
	Block io.Reader
}

// Type returns the WARC-Type.
func (r *Record) Type() string { return r.Header.Get("WARC-Type") }

// TargetURI returns the WARC-Target-URI, without the angle brackets that
// WARC 1.0 examples put around it.
func (r *Record) TargetURI() string {
	u := strings.TrimSpace(r.Header.Get("WARC-Target-URI"))
	if len(u) >= 2 && u[0] == '<' && u[len(u)-1] == '>' {
		u = u[1 : len(u)-1]
	}
	return u
}

// ID returns the WARC-Record-ID.
func (r *Record) ID() string { return r.Header.Get("WARC-Record-ID") }

// ContentType returns the record's Content-Type.
func (r *Record) ContentType() string { return r.Header.Get("Content-Type") }

// Date returns the WARC-Date (the time the content was captured) and
// whether it parses as a W3C-ISO8601 date.
func (r *Record) Date() (time.Time, bool) {
	s := strings.TrimSpace(r.Header.Get("WARC-Date"))
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseContentLength reads a Content-Length value.
func parseContentLength(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

// IsArchive reports whether head, the first bytes of an input (as
// stored: compressed or not), holds a WARC or ARC file. It does when a
// record starts at its start (after a byte order mark and blank lines),
// in the output of the gzip member or zstd frame it starts with, or after
// a zstd dictionary frame. When the start is damaged (junk, or a cut
// into a gzip member, as a bad byte-range fetch gives), it looks further:
// for a record header at the start of a line (a version line and then
// header fields with a Content-Length before the blank line ending
// them), or a gzip member whose output starts a record.
func IsArchive(head []byte) bool {
	switch {
	case startsArchive(head), isSkippableFrame(head):
		return true
	case bytes.HasPrefix(head, zstdMagic):
		zr, err := zstd.NewReader(bytes.NewReader(head), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return false
		}
		defer zr.Close()
		return startsArchive(readPrefix(zr))
	case bytes.HasPrefix(head, gzipMagic[:2]) && gunzipStartsArchive(head):
		return true
	}
	return findsArchive(head)
}

// readPrefix returns the first bytes r gives: enough for a WARC version
// line or an ARC record's header line with a long URL.
func readPrefix(r io.Reader) []byte {
	var buf [1024]byte
	n, _ := io.ReadFull(r, buf[:])
	return buf[:n]
}

// gunzipStartsArchive reports whether the gzip member at the start of b
// starts a record.
func gunzipStartsArchive(b []byte) bool {
	head, ok := gunzipPrefix(b)
	return ok && startsArchive(head)
}

// gunzipPrefix returns the first bytes of the output of the gzip member
// at the start of b, and whether b starts with a gzip header.
func gunzipPrefix(b []byte) ([]byte, bool) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, false
	}
	return readPrefix(zr), true
}

// startsArchive reports whether a record starts at the start of b.
func startsArchive(b []byte) bool {
	b = bytes.TrimLeft(charset.TrimUTF8BOM(b), "\r\n")
	return isVersionLine(b) || bytes.HasPrefix(b, []byte("filedesc://"))
}

// maxSniffMembers bounds the gzip members findsArchive tries.
const maxSniffMembers = 16

// findsArchive reports whether a record header, or a gzip member whose
// output starts a record, is found past the start of head.
func findsArchive(head []byte) bool {
	tried := 0
	for i := 1; i < len(head) && tried < maxSniffMembers; i++ {
		j := bytes.Index(head[i:], gzipMagic)
		if j < 0 {
			break
		}
		i += j
		tried++
		if gunzipStartsArchive(head[i:]) {
			return true
		}
	}
	for rest := head; ; {
		i := bytes.Index(rest, []byte("\nWARC/"))
		if i < 0 {
			return false
		}
		rest = rest[i+1:]
		if isVersionLine(rest) && headerHasLength(rest) {
			return true
		}
	}
}

// headerHasLength reports whether the record header at the start of b
// has a Content-Length field before the blank line that ends it.
func headerHasLength(b []byte) bool {
	_, b, _ = bytes.Cut(b, []byte("\n"))
	for len(b) > 0 {
		var line []byte
		var ok bool
		line, b, ok = bytes.Cut(b, []byte("\n"))
		line = trimEOL(line)
		name, _, colon := bytes.Cut(line, []byte(":"))
		switch {
		case !ok, len(line) == 0:
			return false
		case line[0] == ' ' || line[0] == '\t':
			continue // a continuation line
		case !colon:
			return false
		case strings.EqualFold(string(bytes.TrimSpace(name)), "Content-Length"):
			return true
		}
	}
	return false
}
