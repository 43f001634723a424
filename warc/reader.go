package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/copydesk/copydesk/charset"
)

// Reader reads the records of an archive. See the package documentation
// for its compression, offsets and errors.
type Reader struct {
	src   *counter
	s     *stream
	in    *inBuffer // over the decompressed stream
	off   int64     // decompressed offset of in's next byte
	err   error     // sticky
	begun bool      // a record header has been read
	arc   bool      // the archive is ARC, not WARC

	block      blockReader
	afterBlock bool    // a whole block was read last
	ownBlock   bool    // in a member of its own
	lastCR     bool    // ending in a CR
	resyncAt   bool    // the next Next resynchronises first
	origin     int64   // the member whose damage the resynchronisation is after, or -1
	pending    []byte  // a line read ahead that starts a record
	atBoundary bool    // pending starts a segment, whatever it holds
	queued     []error // damage found ahead, the next outcomes

	// The record Next returned last, while damage found may still be
	// its own.
	hasPrev    bool
	prevMember int64
	prevKind   segKind
}

// bufSize is the size of the Reader's buffer for the streamed members
// and frames, which the decoder copies into it (see inBuffer), and the
// most plain bytes handed out at once.
const bufSize = 64 << 10

// NewReader returns a Reader reading from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{src: newCounter(r), origin: -1}
}

// Offset returns how far the Reader has read the decompressed stream;
// once a read error of the input has stopped it, where the record it
// could not read starts.
func (r *Reader) Offset() int64 { return r.off }

// StoredOffset returns how far the Reader has read the input as stored.
func (r *Reader) StoredOffset() int64 { return r.src.offset() }

// blockReader reads one record's block from the Reader.
type blockReader struct {
	r         *Reader
	left      int64
	err       error   // what Read returned last, when not nil
	offset    int64   // of the record
	member    int64   // of the record
	kind      segKind // of the segment the record starts in
	abandoned bool
	boundary  bool // the block stopped where the next segment starts
	own       bool // the block starts a gzip member or zstd frame of its own
	lastCR    bool // the last byte read is a CR
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
	r := b.r
	r.s.through = b.plainLeft()
	if r.in.atSegment() && (b.kind.compressed() && !r.s.kind().compressed() || r.startsRecord(firstLine(r.in.peek()))) {
		// The block runs out of its gzip member or zstd frame into
		// plain bytes, or into a segment that starts with a record:
		// the Content-Length is wrong. What follows is read as it
		// would be after the record.
		r.s.through = 0
		b.boundary = true
		b.err = &ParseError{Offset: b.offset, Err: fmt.Errorf("%w: the block runs %d bytes past the end of its record", ErrContentLength, b.left)}
		return 0, b.err
	}
	n, err := r.in.Read(p)
	r.s.through = 0
	r.off += int64(n)
	b.left -= int64(n)
	if n > 0 {
		b.lastCR = p[n-1] == '\r'
	}
	if err == io.EOF && b.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	var pe *ParseError
	if err == io.ErrUnexpectedEOF && n == 0 && b.kind.compressed() {
		if seg := r.s.segs[len(r.s.segs)-1]; seg.stored != b.member {
			// A member after the record's, cut short before any of
			// it was read.
			pe = &ParseError{Offset: seg.stored, Compressed: true, Err: ErrTruncated}
			err = pe
		}
	}
	if errors.As(err, &pe) && pe.Compressed && pe.Offset != b.member {
		// Damage in a member after the record's: the block fails, and
		// the damaged member is an outcome of its own.
		r.queued = append(r.queued, err)
		err = &ParseError{Offset: b.offset, Err: fmt.Errorf("%w: the block runs into a damaged member at compressed offset %d", ErrTruncated, pe.Offset)}
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// plainLeft is what the stream may hand out as plain bytes of the
// block, whatever magic numbers they hold: what is left of it, for a
// record in plain bytes. The block of a record in a gzip member or zstd
// frame ends where plain bytes start.
func (b *blockReader) plainLeft() int64 {
	if b.kind.compressed() {
		return 0
	}
	return b.left
}

// firstLine returns b up to its first end of line.
func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// Next returns the next record, io.EOF at the end of the input, or an
// error: a *ParseError for damage the Reader will skip on the next call,
// any other error for good.
func (r *Reader) Next() (*Record, error) {
	if r.s == nil {
		r.s = newStream(r.src)
		r.in = newInBuffer(r.s)
	}
	if r.err == nil {
		if err := r.finishBlock(); err != nil {
			return nil, err
		}
	}
	if len(r.queued) > 0 {
		// Damage found ahead comes before the end it was found at.
		err := r.queued[0]
		r.queued, r.hasPrev = r.queued[1:], false
		r.resyncAt, r.origin = true, -1
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.resyncAt {
		r.resyncAt = false
		if err := r.resync(r.origin); err != nil {
			if r.err == nil {
				// Damage in another member, met on the way.
				r.hasPrev = false
				r.resyncAt, r.origin = true, -1
			}
			return nil, err
		}
	}
	start := r.off
	rec, err := r.readHeader()
	if err != nil {
		err = r.damage(err)
		var pe *ParseError
		if err == r.err && err != io.EOF && !errors.As(err, &pe) {
			// The input failed (a read error): reading stops at the
			// start of the record it could not read.
			r.off = start
		}
		return nil, err
	}
	r.hasPrev, r.prevMember = true, rec.MemberOffset
	r.prevKind = r.s.segment(rec.Offset).kind
	return rec, nil
}

// Abandon gives up the block of the record Next returned last, unread:
// its Content-Length is not to be trusted (a consumer calls it for a
// block over its cap, which may be a length that swallows the records
// after it). The block reads nothing more, and the next Next looks for
// the next record from the end of the record's header, as after damage
// (the next line that starts a record, gzip member or zstd frame),
// rather than after ContentLength bytes.
func (r *Reader) Abandon() {
	if b := &r.block; b.r != nil && b.err == nil {
		b.abandoned, b.left = true, 0
	}
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
// returned, as the previous record's.
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
	if b.abandoned {
		r.hasPrev, r.resyncAt, r.origin = false, true, b.member
		return nil
	}
	if err == nil {
		r.afterBlock, r.ownBlock, r.lastCR = true, b.own, b.lastCR
		return nil
	}
	r.hasPrev = false
	var pe *ParseError
	switch {
	case errors.As(err, &pe):
		r.resyncAt, r.origin = !b.boundary, -1
		if pe.Compressed {
			r.origin = pe.Offset
		}
	case err == io.ErrUnexpectedEOF:
		r.err = io.EOF
		pe = &ParseError{Offset: b.offset, Err: ErrTruncated}
		err = pe
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
	if pe != nil {
		return previous(pe)
	}
	return err
}

// previous returns pe as damage of the record Next returned last.
func previous(pe *ParseError) *ParseError {
	e := *pe
	e.Previous = true
	return &e
}

// damage turns an error met while reading a record header into what
// Next returns, and decides how the Reader goes on: after a *ParseError
// it resynchronises at once, so that it knows whether the damage was
// inside the gzip member or zstd frame of the record it returned last
// (bytes after that record's block: its Content-Length is wrong, or the
// member is damaged), which makes the damage that record's.
func (r *Reader) damage(err error) error {
	var pe *ParseError
	switch {
	case err == io.EOF:
		r.err = io.EOF
		return io.EOF
	case errors.As(err, &pe):
	case err == io.ErrUnexpectedEOF:
		// The input ends inside a header, or inside the gzip member
		// or zstd frame of the record returned last.
		r.err = io.EOF
		pe = &ParseError{Offset: r.off, Err: ErrTruncated}
		if seg := r.s.segment(r.off); r.hasPrev && seg.kind.compressed() && seg.stored == r.prevMember {
			pe.Previous = true
		}
		r.hasPrev = false
		return pe
	default:
		r.err = err
		return err
	}
	if r.atBoundary {
		// Damage of the record returned last, found where the next
		// segment starts: reading goes on there, with no skipping.
		r.atBoundary, r.hasPrev = false, false
		return previous(pe)
	}
	prev := r.hasPrev && (errors.Is(err, errAfterBlock) ||
		pe.Compressed && r.prevKind.compressed() && pe.Offset == r.prevMember)
	inPrev := r.hasPrev && !pe.Compressed && r.prevKind.compressed()
	// The member or frame the damage is in, whose rest is part of it.
	origin := int64(-1)
	var seg segment
	if !pe.Compressed {
		if seg = r.s.segment(pe.Offset); seg.kind.compressed() {
			origin = seg.stored
		}
	} else {
		origin = pe.Offset
	}
	inPrev = inPrev && seg.kind.compressed() && seg.stored == r.prevMember
	r.hasPrev = false
	switch stop := r.resync(origin).(type) {
	case nil:
		// Another record found: in the same member, the damage was
		// between records.
		if inPrev && (r.pending == nil || r.s.segment(r.off-int64(len(r.pending))).stored != seg.stored) {
			prev = true
		}
	case *ParseError:
		if inPrev && stop.Offset == r.prevMember {
			// The previous record's member is damaged: one outcome.
			pe = stop
		} else {
			r.queued = append(r.queued, stop)
		}
		prev = prev || inPrev
	default:
		prev = prev || inPrev
	}
	if !prev {
		return pe
	}
	return previous(pe)
}

// errAfterBlock marks bytes right after a block where its record should
// end.
var errAfterBlock = errors.New("after the block")

// resync moves to the next line that starts a record, which it keeps
// in pending, or to the start of the next gzip member, zstd frame or
// plain bytes after them, where reading goes on as after a record: the
// damage is in what it skips. It skips damage in the member at origin;
// it stops with a *ParseError at damage in another member or frame,
// which is an outcome of its own, and with the sticky error at the end
// of the input.
func (r *Reader) resync(origin int64) error {
	if r.pending != nil {
		if r.startsRecord(r.pending) {
			return nil
		}
		r.pending = nil
	}
	for {
		if r.in.atSegment() && r.s.kind() != segRemains {
			return nil
		}
		line, err := r.readLine()
		if err != nil {
			var pe *ParseError
			switch {
			case errors.Is(err, ErrHeaderTooLong):
				continue
			case errors.As(err, &pe) && pe.Compressed:
				if pe.Offset == origin {
					continue
				}
				return err
			case err == io.ErrUnexpectedEOF && line == nil && r.s.segment(r.off).stored != origin:
				// A member cut short by the end of the input, met on
				// the way: its record's outcome.
				r.err = io.EOF
				return &ParseError{Offset: r.off, Err: ErrTruncated}
			case err == io.ErrUnexpectedEOF:
				err = io.EOF
			}
			r.err = err
			return err
		}
		if r.startsRecord(line) {
			r.pending = line
			return nil
		}
		if l := versionSuffix(line); l != nil {
			r.pending = l
			return nil
		}
	}
}

// versionSuffix returns, as a line of its own, the version line that
// line ends with after junk (damaged bytes with no end of line before a
// record), or nil.
func versionSuffix(line []byte) []byte {
	i := bytes.LastIndex(line, []byte("WARC/"))
	if i <= 0 {
		return nil
	}
	v := trimEOL(line[i+len("WARC/"):])
	major, minor, ok := bytes.Cut(v, []byte("."))
	if !ok || !digits(major) || !digits(minor) {
		return nil
	}
	return append([]byte(nil), line[i:]...)
}

func digits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// startsRecord reports whether line can be the first line of a record.
func (r *Reader) startsRecord(line []byte) bool {
	if r.arc {
		_, ok := parseARCLine(string(trimEOL(line)))
		return ok
	}
	if !r.begun && bytes.HasPrefix(line, []byte("filedesc://")) {
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
// skipped); io.ErrUnexpectedEOF means the input ended inside the line. A
// line also ends where a segment of the stream starts (a gzip member
// after junk), so that a record there is found.
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
			if len(line) > 0 && r.in.breaks() {
				return line, nil
			}
			continue
		case io.EOF:
			if len(line) == 0 && !tooLong {
				return nil, io.EOF
			}
			if line == nil {
				line = []byte{} // a line, unlike an error of the stream
			}
			return line, io.ErrUnexpectedEOF
		}
		return nil, err
	}
}

func trimEOL(b []byte) []byte {
	return bytes.TrimRight(b, "\r\n")
}

// readHeader reads a record's header, after any blank lines. Right
// after a block, where the record's end of lines should be, a line that
// is neither blank nor a record's first is errAfterBlock.
func (r *Reader) readHeader() (*Record, error) {
	after := r.afterBlock
	r.afterBlock = false
	var first, sep []byte
	var start int64
	for i := 0; ; i++ {
		line, err := r.readLine()
		if err == io.ErrUnexpectedEOF && len(bytes.TrimSpace(line)) > 0 && !r.startsRecord(line) {
			// Junk at the end of the input.
			start := r.off - int64(len(line))
			if after && i < r.separatorLines() {
				return nil, r.afterBlockDamage(line, start)
			}
			return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrNotWARC, clipBytes(line, 40))}
		}
		if err == io.ErrUnexpectedEOF && len(line) > 0 && len(bytes.TrimSpace(line)) == 0 {
			return nil, io.EOF // the input ends in a blank line
		}
		if after && i < r.separatorLines() {
			if err := r.separatorDamage(line, err, sep); err != nil {
				return nil, err
			}
			sep = line
		}
		if err != nil {
			return nil, err
		}
		if t := trimEOL(line); len(bytes.TrimSpace(t)) > 0 {
			first, start = t, r.off-int64(len(line))
			if start == 0 {
				trimmed := charset.TrimUTF8BOM(first)
				first, start = trimmed, int64(len(first)-len(trimmed))
			}
			break
		}
	}
	if !r.begun {
		// An ARC file starts with its filedesc record.
		switch {
		case isVersionLine(first):
			r.begun = true
		case bytes.HasPrefix(first, []byte("filedesc://")):
			r.begun, r.arc = true, true
		}
	}
	member := r.s.member(start)
	if r.arc {
		return r.readARCRecord(first, start, member)
	}
	if !isVersionLine(first) {
		r.pending = versionSuffix(first)
		return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: %q", ErrNotWARC, clipBytes(first, 40))}
	}
	rec := &Record{Version: string(first), Offset: start, MemberOffset: member}
	size := len(first)
	for {
		line, err := r.readLine()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // the input ends inside the header
		}
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

// separatorLines is how many line ends follow a block: a WARC record
// ends in two, an ARC record in one (which some writers leave out: the
// next record's line may take its place). Anything else where they
// should be is damage: the block was not as long as its record said.
func (r *Reader) separatorLines() int {
	if r.arc {
		return 1
	}
	return 2
}

// separatorDamage returns the damage, if any, in line (read with err)
// where a line end after a block should be, prev the one before it:
// bytes there (the next record's first line among them), a line end
// whose CR ended the block, or, for a record in a gzip member or zstd
// frame, a damaged member or the end of the input, unless the block had
// a member of its own.
// Either way the block was not the length its record says.
func (r *Reader) separatorDamage(line []byte, err error, prev []byte) error {
	start := r.off - int64(len(line))
	// A block in a member of its own may end with it (some writers
	// put header and block in members of their own, and no line ends).
	inMember := r.prevKind.compressed() && !r.arc && !r.ownBlock
	var pe *ParseError
	switch {
	case errors.As(err, &pe) && pe.Compressed && inMember:
		r.queued = append(r.queued, err)
		return r.afterBlockDamage([]byte("(the next member is damaged)"), start)
	case err == io.EOF && inMember:
		return r.afterBlockDamage([]byte("(the end of the input)"), start)
	case err != nil:
		return nil
	case inMember && len(trimEOL(line)) > 0 && r.s.segment(start).stored != r.prevMember:
		// The line starts what follows the member: it is read as it
		// would be after a record, once the record has failed.
		err := r.afterBlockDamage(line, start)
		r.pending, r.atBoundary = append([]byte(nil), line...), true
		return err
	case len(trimEOL(line)) > 0 && !(r.arc && r.startsRecord(line)),
		prev == nil && r.lastCR && string(line) == "\n": // the block took the CR of "\r\n"
		return r.afterBlockDamage(line, start)
	}
	return nil
}

// afterBlockDamage is the error for line, at start, found right after a
// block where the record should have ended.
func (r *Reader) afterBlockDamage(line []byte, start int64) error {
	r.pending = versionSuffix(line)
	if r.startsRecord(line) {
		r.pending = append([]byte(nil), line...)
	}
	return &ParseError{Offset: start, Err: fmt.Errorf("%w: %w: %q where the record should end", ErrContentLength, errAfterBlock, clipBytes(trimEOL(line), 40))}
}

func (r *Reader) startBlock(rec *Record) {
	r.block = blockReader{r: r, left: rec.ContentLength, offset: rec.Offset, member: rec.MemberOffset, kind: r.s.segment(rec.Offset).kind}
	rec.Block = &r.block
	if rec.ContentLength > 0 {
		r.s.through = r.block.plainLeft()
		r.block.own = r.in.atSegment()
		r.s.through = 0
	}
}

func clipBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}
