package warc

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/copydesk/copydesk/internal/inflate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// counter is the input as stored, buffered. It knows how far it has
// been consumed: what was pulled from the file less what is buffered. The
// decompressors read its *bufio.Reader directly, which is their fast path
// and reads no byte past the end of a gzip member.
type counter struct {
	r   *bufio.Reader
	raw *pulled
}

// pulled counts the bytes read from the file, and keeps the first error
// reading it gave other than its end (a connection cut), which is no
// damage of the archive.
type pulled struct {
	r   io.Reader
	n   int64
	err error
}

func (p *pulled) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if err != nil && err != io.EOF && p.err == nil {
		p.err = err
	}
	return n, err
}

// readError reports whether err is the input's own read error.
func (s *stream) readError(err error) bool {
	return s.src.raw.err != nil && errors.Is(err, s.src.raw.err)
}

// inputBufSize is the size of the stored input's buffer: the gzip
// members and zstd frames wholly inside it are checked before any of
// their output is handed out (see stream).
const inputBufSize = 1 << 20

func newCounter(r io.Reader) *counter {
	p := &pulled{r: r}
	return &counter{r: bufio.NewReaderSize(p, inputBufSize), raw: p}
}

// offset returns how many bytes of the stored input have been consumed.
func (c *counter) offset() int64 { return c.raw.n - int64(c.r.Buffered()) }

func (c *counter) Read(p []byte) (int, error) { return c.r.Read(p) }

// fill buffers as much of the input as the buffer holds, and returns it.
// The end of the input is no error here.
func (c *counter) fill() ([]byte, error) {
	buf, err := c.r.Peek(c.r.Size())
	if err == io.EOF || err == bufio.ErrBufferFull {
		err = nil
	}
	return buf, err
}

var (
	gzipMagic = []byte{0x1f, 0x8b, 0x08}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// segKind is what a stretch of the stored input is.
type segKind uint8

const (
	segNone    segKind = iota // between segments
	segPlain                  // uncompressed bytes
	segRemains                // uncompressed bytes from a damaged member or frame on
	segGzip                   // one gzip member
	segZstd                   // one zstd frame
)

// compressed reports whether the segment is a gzip member or zstd frame.
func (k segKind) compressed() bool { return k >= segGzip }

// segment is where a segment's output starts in the decompressed stream
// and where the segment starts as stored.
type segment struct {
	out, stored int64
	kind        segKind
}

// stream is the decompressed bytes of an archive. The input as stored is
// a run of segments, in any order: gzip members, zstd frames (after any
// skippable frames, one of which may carry a dictionary), and plain bytes
// between them. Plain bytes end where a gzip or zstd magic number starts,
// unless the Reader is inside a record's block (through is set): a block
// may hold gzip-encoded HTTP content.
//
// A member or frame held wholly in the input buffer, whose output is at
// most wholeMemberLimit, is decoded and checked (CRC, size, checksum)
// before any of its output is handed out: a damaged one gives a
// *ParseError and no bytes, and the stream goes on as plain bytes from
// the byte after its magic number, so that whatever comes next (another
// member, a plain record) is found. A larger one is streamed, and its
// damage is only known when it is met; so is a gzip member that the end
// of the input cuts short with no record after it, whose records before
// the cut are read.
type stream struct {
	src   *counter
	segs  []segment // from the one holding the oldest offset asked about
	out   int64     // decompressed bytes handed out
	open  segKind   // the segment being read
	whole []byte    // checked output of the open segment, not yet handed out

	// through is set by the Reader while it reads a block: the bytes
	// left of it, in which a magic number starts no segment.
	through int64
	// fresh reports whether the bytes next returned last start a
	// segment; started, that a segment has started and none of its
	// bytes were returned yet.
	fresh, started bool
	// remains is set after damage: the plain bytes that follow start
	// with the damaged member's own.
	remains bool

	inflate *inflate.Decoder
	z       *gzip.Reader
	zs      *zstd.Decoder // streams a large frame through fr
	fr      frameReader
	zall    *zstd.Decoder // decodes a frame held in the buffer
	dict    []byte
	check   []byte // output of a member checked by the streaming decoder
}

// wholeMemberLimit bounds the output of a member or frame decoded in one
// go.
const wholeMemberLimit = 8 << 20

func newStream(src *counter) *stream { return &stream{src: src} }

// next returns the next decompressed bytes: buf[:n] after reading into
// buf, or bytes of the stream's own, lent until next is called again. An
// error may come with bytes, as with io.Reader. A damaged member or
// frame is a *ParseError with Compressed set and no bytes.
func (s *stream) next(buf []byte) ([]byte, error) {
	out, err := s.read(buf)
	s.fresh = len(out) > 0 && s.started
	if len(out) > 0 {
		s.started = false
		s.out += int64(len(out))
	}
	return out, err
}

func (s *stream) read(buf []byte) ([]byte, error) {
	for {
		if len(s.whole) > 0 {
			out := s.whole
			s.whole, s.open = nil, segNone
			return out, nil
		}
		switch s.open {
		case segNone:
			if err := s.startSegment(); err != nil {
				return nil, err
			}
		case segPlain, segRemains:
			out, err := s.plain(buf)
			if len(out) > 0 || err != nil {
				return out, err
			}
		case segGzip, segZstd:
			var n int
			var err error
			if s.open == segGzip {
				n, err = s.z.Read(buf)
			} else {
				n, err = s.zs.Read(buf)
			}
			switch {
			case err == io.EOF:
				s.open = segNone
				if n > 0 {
					return buf[:n], nil
				}
			case err == io.ErrUnexpectedEOF:
				return buf[:n], err
			case err != nil:
				s.open, s.remains = segNone, true
				return buf[:n], s.damage(s.segs[len(s.segs)-1].stored, err)
			default:
				return buf[:n], nil
			}
		}
	}
}

// damage is the error for the member or frame at start.
func (s *stream) damage(start int64, err error) error {
	if s.readError(err) {
		// The input's failure, not the archive's damage.
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = ErrTruncated
	} else {
		err = fmt.Errorf("%w: %v", ErrCompression, err)
	}
	return &ParseError{Offset: start, Compressed: true, Err: err}
}

// discard drops the damaged member or frame at start: the stream goes on
// from the byte after start, or from where the decoder stopped.
func (s *stream) discard(start int64, err error) error {
	if s.src.offset() == start {
		s.src.r.Discard(1)
	}
	s.open, s.whole, s.remains = segNone, nil, true
	return s.damage(start, err)
}

func (s *stream) addSegment(kind segKind, stored int64) {
	if kind == segPlain && s.remains {
		kind = segRemains
	}
	s.segs = append(s.segs, segment{s.out, stored, kind})
	s.open, s.started, s.remains = kind, true, false
}

// kind returns the kind of the segment started last.
func (s *stream) kind() segKind {
	if len(s.segs) == 0 {
		return segNone
	}
	return s.segs[len(s.segs)-1].kind
}

// checked starts a segment whose output, out, is checked and held whole.
func (s *stream) checked(kind segKind, start int64, out []byte) {
	s.addSegment(kind, start)
	s.whole = out
	if len(out) == 0 {
		s.open = segNone
	}
}

// startSegment starts the segment at the start of the input.
func (s *stream) startSegment() error {
	head, err := s.src.r.Peek(8)
	if len(head) == 0 {
		if err == nil {
			err = io.EOF
		}
		return err
	}
	start := s.src.offset()
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		return s.startGzip(start)
	case bytes.HasPrefix(head, zstdMagic):
		return s.startZstd(start)
	case isSkippableFrame(head):
		return s.skippable(start)
	}
	s.addSegment(segPlain, start)
	return nil
}

// plainWindow bounds the plain bytes handed out outside a block, which
// are searched for magic numbers; a block's are not searched.
const plainWindow = 4 << 10

// plain returns the plain bytes at the start of the input, at most
// len(buf): as many as are left of the block being read, else up to the
// next magic number, or none at a magic number, which starts a segment.
func (s *stream) plain(buf []byte) ([]byte, error) {
	r := s.src.r
	b, err := r.Peek(len(buf))
	if len(b) == 0 {
		if err == nil || err == bufio.ErrBufferFull {
			err = io.EOF
		}
		return nil, err
	}
	var n int
	if s.through > 0 {
		n = int(min(int64(len(b)), s.through))
	} else {
		if bytes.HasPrefix(b, gzipMagic) || bytes.HasPrefix(b, zstdMagic) {
			s.open = segNone
			return nil, nil
		}
		w := b[:min(len(b), plainWindow)]
		n = len(w)
		if i := magicIndex(w); i >= 0 {
			n = i
		} else if len(w) < len(b) || err == nil {
			// A magic number may start in the last bytes.
			n -= len(zstdMagic) - 1
		}
	}
	// Lent from the input's buffer: the next call to next may move them.
	out := b[:n]
	r.Discard(n)
	if err == io.EOF || err == bufio.ErrBufferFull {
		err = nil
	}
	return out, err
}

// magicIndex returns where the first gzip or zstd magic number in b
// starts, or -1. Each is found by a byte that text rarely or never holds
// (0x1f, a control character; 0xfd, never in UTF-8), so that the search
// goes at the speed of IndexByte.
func magicIndex(b []byte) int {
	g := indexMagic(b, gzipMagic, 0)
	end := len(b)
	if g >= 0 {
		end = min(len(b), g+len(zstdMagic)-1)
	}
	if z := indexMagic(b[:end], zstdMagic, len(zstdMagic)-1); z >= 0 {
		return z
	}
	return g
}

// maxFollowChecks bounds the gzip magic numbers recordFollows tries.
const maxFollowChecks = 64

// recordFollows reports whether b, the bytes from just after the start
// of a member cut short, may hold another segment that starts a record:
// a gzip member or zstd frame whose output starts a WARC or ARC record.
// Magic numbers also turn up by chance in compressed bytes, and a record
// stored whole may hold a real member of its own (a body sent with
// Content-Encoding: gzip); what they start decodes to no record header.
// Past maxFollowChecks candidates, b is taken to hold a member.
func recordFollows(b []byte) bool {
	kinds := [...]struct {
		magic  []byte
		key    int
		starts func([]byte) bool
	}{
		{zstdMagic, len(zstdMagic) - 1, zstdStartsRecord},
		{gzipMagic, 0, gunzipStartsRecord},
	}
	checks := 0
	for _, k := range kinds {
		for rest := b; ; rest = rest[1:] {
			at := indexMagic(rest, k.magic, k.key)
			if at < 0 {
				break
			}
			if checks++; checks > maxFollowChecks {
				return true
			}
			if rest = rest[at:]; k.starts(rest) {
				return true
			}
		}
	}
	return false
}

// gunzipStartsRecord reports whether the gzip member at the start of b
// starts a WARC or ARC record.
func gunzipStartsRecord(b []byte) bool {
	head, ok := gunzipPrefix(b)
	return ok && startsRecord(head)
}

// maxFollowWindow bounds the window a zstd frame recordFollows tries may
// ask for: a record's frame needs no more, and a chance magic number
// followed by bytes that declare a huge window must not cost its memory.
const maxFollowWindow = 8 << 20

// zstdStartsRecord reports whether the zstd frame at the start of b
// starts a WARC or ARC record. A frame that needs a dictionary, or a
// window over maxFollowWindow, is not read.
func zstdStartsRecord(b []byte) bool {
	d, err := zstd.NewReader(bytes.NewReader(b), zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(maxFollowWindow))
	if err != nil {
		return false
	}
	defer d.Close()
	return startsRecord(readPrefix(d))
}

// startsRecord reports whether b starts a record: a WARC version line,
// an ARC file's header or an ARC record's header line.
func startsRecord(b []byte) bool {
	if startsArchive(b) {
		return true
	}
	line, _, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return false
	}
	_, arc := parseARCLine(string(trimEOL(line)))
	return arc
}

// indexMagic returns where magic first starts in b, found by its byte
// at key, or -1.
func indexMagic(b, magic []byte, key int) int {
	for from := key; from < len(b); {
		i := bytes.IndexByte(b[from:], magic[key])
		if i < 0 {
			return -1
		}
		at := from + i - key
		if at+len(magic) <= len(b) && bytes.Equal(b[at:at+len(magic)], magic) {
			return at
		}
		from += i + 1
	}
	return -1
}

// startGzip starts the gzip member at start, the start of the input. It
// is decoded and checked in one go by inflate when it can be, else by the
// streaming decoder from the buffer when it is held there whole; else it
// is streamed.
func (s *stream) startGzip(start int64) error {
	r := s.src.r
	buf, _ := r.Peek(r.Buffered())
	out, n, err := s.inflateMember(buf)
	if errors.Is(err, inflate.ErrShort) && len(buf) < r.Size() {
		// A read error met filling the buffer (a connection cut) that
		// leaves the member short is met again by the streaming decoder,
		// as a cut at the end of the input is: the records before it
		// are read, and the one it cuts fails.
		var fillErr error
		buf, fillErr = s.src.fill()
		out, n, err = s.inflateMember(buf)
		if fillErr != nil && err != nil {
			return s.streamGzip(start)
		}
	}
	switch {
	case err == nil:
		r.Discard(n)
		s.checked(segGzip, start, out)
		return nil
	case errors.Is(err, inflate.ErrLimit), errors.Is(err, inflate.ErrShort) && len(buf) == r.Size():
		return s.streamGzip(start)
	}
	// Corrupt, or cut by the end of the input: the streaming decoder
	// checks it, and gives the error.
	if s.z == nil {
		s.z = new(gzip.Reader)
	}
	br := bytes.NewReader(buf)
	if err := s.z.Reset(br); err != nil {
		return s.discard(start, err)
	}
	s.z.Multistream(false)
	w := bytes.NewBuffer(s.check[:0])
	_, err = io.Copy(w, io.LimitReader(s.z, wholeMemberLimit+1))
	s.check = w.Bytes()
	switch {
	case err == io.ErrUnexpectedEOF && s.src.raw.err != nil && len(buf) == r.Buffered():
		// Cut where the input failed (a connection cut): its failure,
		// not the archive's damage.
		return s.src.raw.err
	case err == io.ErrUnexpectedEOF && !recordFollows(buf[1:]) && !bytes.Contains(buf, []byte("WARC/")):
		// Cut by the end of the input, and the last thing in it: what
		// comes before the cut is read, and the record cut fails.
		// (Were more records after it, the member would be damage
		// inside the input, whose end is not known: it is skipped.)
		return s.streamGzip(start)
	case err != nil:
		return s.discard(start, err)
	case len(s.check) > wholeMemberLimit:
		return s.streamGzip(start)
	}
	r.Discard(len(buf) - br.Len())
	s.checked(segGzip, start, s.check)
	return nil
}

// errPanic stands for a panic of inflate.
var errPanic = errors.New("inflate panicked")

// inflateMember decodes the gzip member at the start of buf in one go.
func (s *stream) inflateMember(buf []byte) (out []byte, n int, err error) {
	// inflate is fuzzed not to panic; were it to, on some page, the
	// streaming decoder would check the member instead of the run
	// stopping.
	defer func() {
		if recover() != nil {
			s.inflate, out, n, err = nil, nil, 0, errPanic
		}
	}()
	if s.inflate == nil {
		s.inflate = new(inflate.Decoder)
	}
	return s.inflate.Member(buf, wholeMemberLimit)
}

// streamGzip starts streaming the gzip member at start.
func (s *stream) streamGzip(start int64) error {
	if s.z == nil {
		s.z = new(gzip.Reader)
	}
	if err := s.z.Reset(s.src.r); err != nil {
		return s.discard(start, err)
	}
	s.z.Multistream(false)
	s.addSegment(segGzip, start)
	return nil
}

// startZstd starts the zstd frame at start, the start of the input, as
// startGzip does a gzip member.
func (s *stream) startZstd(start int64) error {
	if err := s.decoders(); err != nil {
		return err
	}
	r := s.src.r
	buf, _ := r.Peek(r.Buffered())
	n, err := frameSize(buf)
	if err == io.ErrUnexpectedEOF && len(buf) < r.Size() {
		var fillErr error // as in startGzip
		buf, fillErr = s.src.fill()
		n, err = frameSize(buf)
		if fillErr != nil && err != nil {
			return fillErr
		}
	}
	switch {
	case err == nil:
		out, err := s.zall.DecodeAll(buf[:n], s.check[:0])
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) {
			break
		}
		if err != nil {
			return s.discard(start, err)
		}
		s.check = out
		r.Discard(n)
		s.checked(segZstd, start, out)
		return nil
	case err == io.ErrUnexpectedEOF && s.src.raw.err != nil:
		// Cut where the input failed: as in startGzip.
		return s.src.raw.err
	case err != io.ErrUnexpectedEOF, len(buf) < r.Size():
		// Corrupt, or cut by the end of the input.
		return s.discard(start, err)
	}
	// Larger than the buffer.
	s.fr = frameReader{r: r}
	if err := s.zs.Reset(&s.fr); err != nil {
		return s.discard(start, err)
	}
	s.addSegment(segZstd, start)
	return nil
}

// decoders makes the zstd decoders, with the dictionary when there is one.
func (s *stream) decoders() error {
	if s.zall != nil {
		return nil
	}
	opts := []zstd.DOption{zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true)}
	if s.dict != nil {
		opts = append(opts, zstd.WithDecoderDicts(s.dict))
	}
	var err error
	if s.zs, err = zstd.NewReader(nil, opts...); err == nil {
		s.zall, err = zstd.NewReader(nil, append(opts, zstd.WithDecoderMaxMemory(wholeMemberLimit))...)
	}
	if err != nil {
		return &ParseError{Offset: s.src.offset(), Compressed: true, Err: fmt.Errorf("%w: %v", ErrCompression, err)}
	}
	return nil
}

// Skippable frames carry a dictionary in .warc.zst files.
const zstdDictMagic = 0x184D2A5D

func isSkippableFrame(b []byte) bool {
	return len(b) >= 4 && binary.LittleEndian.Uint32(b)&0xFFFFFFF0 == 0x184D2A50
}

// maxDictBytes bounds a dictionary frame.
const maxDictBytes = 16 << 20

// skippable reads the skippable frame at start, keeping the dictionary
// one carries for the frames after it.
func (s *stream) skippable(start int64) error {
	head, _ := s.src.r.Peek(8)
	if len(head) < 8 {
		return s.discard(start, io.ErrUnexpectedEOF)
	}
	magic := binary.LittleEndian.Uint32(head)
	size := int64(binary.LittleEndian.Uint32(head[4:]))
	if magic != zstdDictMagic {
		if n, _ := s.src.r.Discard(int(8 + size)); int64(n) < 8+size {
			return &ParseError{Offset: start, Compressed: true, Err: ErrTruncated}
		}
		return nil
	}
	if size > maxDictBytes {
		return s.discard(start, fmt.Errorf("dictionary frame of %d bytes", size))
	}
	frame := make([]byte, 8+size)
	if _, err := io.ReadFull(s.src, frame); err != nil {
		return &ParseError{Offset: start, Compressed: true, Err: fmt.Errorf("%w: truncated dictionary frame", ErrCompression)}
	}
	dict := frame[8:]
	if bytes.HasPrefix(dict, zstdMagic) {
		// The dictionary is itself compressed.
		dd, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err == nil {
			dict, err = dd.DecodeAll(dict, nil)
			dd.Close()
		}
		if err != nil {
			return &ParseError{Offset: start + 8, Compressed: true, Err: fmt.Errorf("%w: dictionary: %v", ErrCompression, err)}
		}
	}
	s.dict = dict
	if s.zall != nil {
		s.zall.Close()
		s.zs.Close()
		s.zall, s.zs = nil, nil
	}
	return nil
}

// member returns the stored offset of the segment holding the
// decompressed byte at off: where its gzip member or zstd frame starts,
// or, in plain bytes, where off itself is stored.
func (s *stream) member(off int64) int64 {
	seg := s.segment(off)
	if !seg.kind.compressed() {
		return seg.stored + off - seg.out
	}
	return seg.stored
}

// segment returns the segment holding the decompressed byte at off,
// forgetting those wholly before it. Offsets asked about only grow.
func (s *stream) segment(off int64) segment {
	i := 0
	for i+1 < len(s.segs) && s.segs[i+1].out <= off {
		i++
	}
	if i > 0 {
		s.segs = append(s.segs[:0], s.segs[i:]...)
	}
	if len(s.segs) == 0 {
		return segment{kind: segPlain}
	}
	return s.segs[0]
}

// frameReader passes one zstd frame through from r, and then io.EOF: the
// frame's end is found from its block headers.
type frameReader struct {
	r     *bufio.Reader
	left  int  // bytes to pass before the next header
	state int  // 0: frame header next, 1: block header next, 2: checksum next, 3: done
	sum   bool // the frame ends in a checksum
}

func (f *frameReader) Read(p []byte) (int, error) {
	for f.left == 0 {
		switch f.state {
		case 0:
			h, _ := f.r.Peek(maxFrameHeader)
			n, sum, err := frameHeader(h)
			if err != nil {
				return 0, err
			}
			f.left, f.sum, f.state = n, sum, 1
		case 1:
			h, _ := f.r.Peek(3)
			n, last, err := blockHeader(h)
			if err != nil {
				return 0, err
			}
			f.left = n
			if last {
				f.state = 2
			}
		case 2:
			f.state = 3
			if f.sum {
				f.left = 4
			}
		default:
			return 0, io.EOF
		}
	}
	n, err := f.r.Read(p[:min(len(p), f.left)])
	f.left -= n
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// maxFrameHeader is the longest zstd frame header: magic number,
// descriptor, window, dictionary ID and content size.
const maxFrameHeader = 4 + 1 + 1 + 4 + 8

// errFrame is a zstd frame whose headers do not parse.
var errFrame = errors.New("zstd: malformed frame header")

// frameHeader returns the size of the frame header at the start of b
// and whether the frame ends in a checksum; io.ErrUnexpectedEOF when b
// ends first.
func frameHeader(b []byte) (int, bool, error) {
	if len(b) < 5 {
		return 0, false, io.ErrUnexpectedEOF
	}
	if !bytes.HasPrefix(b, zstdMagic) {
		return 0, false, errFrame
	}
	fhd := b[4]
	single := fhd&0x20 != 0
	if fhd&0x08 != 0 {
		return 0, false, errFrame // the reserved bit
	}
	n := 5
	if !single {
		n++
	}
	n += [4]int{0, 1, 2, 4}[fhd&3]
	switch fcs := fhd >> 6; {
	case fcs == 0 && single:
		n++
	case fcs > 0:
		n += 1 << fcs
	}
	if len(b) < n {
		return 0, false, io.ErrUnexpectedEOF
	}
	return n, fhd&0x04 != 0, nil
}

// blockHeader returns the size of the block at the start of b, header
// included, and whether it is the frame's last.
func blockHeader(b []byte) (int, bool, error) {
	if len(b) < 3 {
		return 0, false, io.ErrUnexpectedEOF
	}
	h := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
	size := int(h >> 3)
	switch (h >> 1) & 3 {
	case 1: // RLE: one byte, repeated
		size = 1
	case 3:
		return 0, false, errFrame
	}
	if size > 128<<10 {
		return 0, false, errFrame
	}
	return 3 + size, h&1 != 0, nil
}

// frameSize returns the size of the zstd frame at the start of b;
// io.ErrUnexpectedEOF when b ends first.
func frameSize(b []byte) (int, error) {
	n, sum, err := frameHeader(b)
	if err != nil {
		return 0, err
	}
	for {
		size, last, err := blockHeader(b[min(n, len(b)):])
		if err != nil {
			return 0, err
		}
		n += size
		if last {
			break
		}
	}
	if sum {
		n += 4
	}
	if n > len(b) {
		return 0, io.ErrUnexpectedEOF
	}
	return n, nil
}
