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

// pulled counts the bytes read from the file.
type pulled struct {
	r io.Reader
	n int64
}

func (p *pulled) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	return n, err
}

// inputBufSize is the size of the stored input's buffer: the gzip
// members wholly inside it are decoded in one go (see gzipStream).
const inputBufSize = 1 << 20

func newCounter(r io.Reader) *counter {
	p := &pulled{r: r}
	return &counter{r: bufio.NewReaderSize(p, inputBufSize), raw: p}
}

// offset returns how many bytes of the stored input have been consumed.
func (c *counter) offset() int64 { return c.raw.n - int64(c.r.Buffered()) }

func (c *counter) Read(p []byte) (int, error) { return c.r.Read(p) }

// seek discards bytes until the next occurrence of magic, which stays
// unread, and reports whether one was found before the end.
func (c *counter) seek(magic []byte) bool {
	for {
		buf, err := c.r.Peek(c.r.Size())
		if i := bytes.Index(buf, magic); i >= 0 {
			c.r.Discard(i)
			return true
		}
		if len(buf) < len(magic) {
			c.r.Discard(len(buf))
			return false
		}
		// Keep the last bytes, which may start a match.
		c.r.Discard(len(buf) - len(magic) + 1)
		if err != nil && err != bufio.ErrBufferFull {
			return false
		}
	}
}

// A stream is the decompressed bytes of an archive.
type stream interface {
	// next returns the next decompressed bytes: buf[:n] after reading
	// into buf, or bytes of the stream's own, lent until next is called
	// again. An error may come with bytes, as with io.Reader.
	next(buf []byte) ([]byte, error)
	// member returns the stored offset of the member holding the
	// decompressed byte at off (-1 when not known).
	member(off int64) int64
	// resync skips to the next member after an error; it reports
	// whether there is one.
	resync() bool
}

var (
	gzipMagic = []byte{0x1f, 0x8b, 0x08}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// newStream returns the decompressed stream of src, by its first bytes.
func newStream(src *counter) (stream, error) {
	head, _ := src.r.Peek(4)
	switch {
	case bytes.HasPrefix(head, gzipMagic[:2]):
		return &gzipStream{src: src}, nil
	case bytes.HasPrefix(head, zstdMagic), isSkippableFrame(head):
		return newZstdStream(src)
	}
	return plainStream{src}, nil
}

// readInto is next for the streams that copy: what r reads into buf.
func readInto(r io.Reader, buf []byte) ([]byte, error) {
	n, err := r.Read(buf)
	return buf[:n], err
}

// plainStream is an uncompressed archive.
type plainStream struct{ *counter }

func (p plainStream) next(buf []byte) ([]byte, error) { return readInto(p.counter, buf) }

func (plainStream) member(off int64) int64 { return off }
func (plainStream) resync() bool           { return false }

// memberStart maps the decompressed offset where a gzip member's output
// starts to the member's stored offset.
type memberStart struct{ out, stored int64 }

// gzipStream reads gzip members one at a time, so that it knows where
// each starts, and can skip a corrupt one.
//
// A member held wholly in the input buffer, whose output is at most
// wholeMemberLimit, is decoded in one go by inflate, the fast path
// (Common Crawl's files are members of one record each, mostly under
// 100 KB). Any other member, and any member inflate gives up on, is read
// from its first byte by the streaming decoder, which reports the errors.
type gzipStream struct {
	src     *counter
	z       *gzip.Reader
	open    bool   // a member is being read: from whole while it holds bytes, else from z
	whole   []byte // the rest of a member decoded in one go
	inflate *inflate.Decoder
	out     int64
	members []memberStart
}

// wholeMemberLimit bounds the output of a member decoded in one go.
const wholeMemberLimit = 8 << 20

// next lends the output of a member decoded in one go, all of it;
// otherwise it reads what the streaming decoder gives into buf.
func (g *gzipStream) next(buf []byte) ([]byte, error) {
	for {
		if !g.open {
			if err := g.startMember(); err != nil {
				return nil, err
			}
			continue
		}
		if len(g.whole) > 0 {
			out := g.whole
			g.whole, g.open = nil, false
			g.out += int64(len(out))
			return out, nil
		}
		n, err := g.z.Read(buf)
		g.out += int64(n)
		switch {
		case err == io.EOF:
			g.open = false
			if n > 0 {
				return buf[:n], nil
			}
			continue
		case err == io.ErrUnexpectedEOF:
			return buf[:n], err
		case err != nil:
			start := g.members[len(g.members)-1].stored
			return buf[:n], &ParseError{Offset: start, Compressed: true, Err: fmt.Errorf("%w: %v", ErrCompression, err)}
		}
		return buf[:n], nil
	}
}

// startMember starts reading the member at the start of the input: it
// is decoded in one go when it can be, else read by the streaming
// decoder. An empty member decoded in one go leaves none open.
func (g *gzipStream) startMember() error {
	if _, err := g.src.r.Peek(1); err != nil {
		return err
	}
	start := g.src.offset()
	whole, err := g.readWhole()
	if err != nil {
		return err
	}
	if whole {
		g.open = len(g.whole) > 0
		g.members = append(g.members, memberStart{g.out, start})
		return nil
	}
	if g.z == nil {
		g.z, err = gzip.NewReader(g.src.r)
	} else {
		err = g.z.Reset(g.src.r)
	}
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return io.ErrUnexpectedEOF
		}
		return &ParseError{Offset: start, Compressed: true, Err: fmt.Errorf("%w: %v", ErrCompression, err)}
	}
	g.z.Multistream(false)
	g.open = true
	g.members = append(g.members, memberStart{g.out, start})
	return nil
}

// readWhole decodes the member at the start of the input in one go, when
// it can, and reports whether it did; else nothing is consumed. A member
// that runs past what is buffered is tried once more after the buffer
// is filled. The error is one met reading the input for that.
func (g *gzipStream) readWhole() (ok bool, err error) {
	// inflate is fuzzed not to panic; were it to, on some page, the
	// streaming decoder would read the member instead of the run
	// stopping.
	defer func() {
		if recover() != nil {
			g.inflate, ok, err = nil, false, nil
		}
	}()
	if g.inflate == nil {
		g.inflate = new(inflate.Decoder)
	}
	r := g.src.r
	for filled := false; ; filled = true {
		buf, _ := r.Peek(r.Buffered())
		out, n, err := g.inflate.Member(buf, wholeMemberLimit)
		if err == nil {
			r.Discard(n)
			g.whole = out
			return true, nil
		}
		if !errors.Is(err, inflate.ErrShort) || filled || len(buf) == r.Size() {
			return false, nil
		}
		// As much as the buffer holds: the end of the input is no error
		// here, the streaming decoder will meet it.
		if _, err := r.Peek(r.Size()); err != nil && err != io.EOF {
			return false, err
		}
		if r.Buffered() == len(buf) {
			return false, nil
		}
	}
}

func (g *gzipStream) member(off int64) int64 {
	// Forget members wholly before off, keeping the one that holds it.
	i := 0
	for i+1 < len(g.members) && g.members[i+1].out <= off {
		i++
	}
	if i > 0 {
		g.members = append(g.members[:0], g.members[i:]...)
	}
	if len(g.members) == 0 {
		return 0
	}
	return g.members[0].stored
}

func (g *gzipStream) resync() bool {
	g.open, g.whole = false, nil
	return g.src.seek(gzipMagic)
}

// zstdStream reads zstd frames, after the dictionary frame that a
// .warc.zst file may start with. A corrupt frame ends the stream.
type zstdStream struct {
	src *counter
	d   *zstd.Decoder
}

// Skippable frames carry a dictionary in .warc.zst files.
const zstdDictMagic = 0x184D2A5D

func isSkippableFrame(b []byte) bool {
	return len(b) >= 4 && binary.LittleEndian.Uint32(b)&0xFFFFFFF0 == 0x184D2A50
}

// maxDictBytes bounds a dictionary frame.
const maxDictBytes = 16 << 20

func newZstdStream(src *counter) (stream, error) {
	var opts []zstd.DOption
	opts = append(opts, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if head, _ := src.r.Peek(8); isSkippableFrame(head) {
		magic := binary.LittleEndian.Uint32(head)
		size := int64(binary.LittleEndian.Uint32(head[4:]))
		if size > maxDictBytes {
			return nil, &ParseError{Offset: 0, Compressed: true, Err: fmt.Errorf("%w: dictionary frame of %d bytes", ErrCompression, size)}
		}
		frame := make([]byte, 8+size)
		if _, err := io.ReadFull(src, frame); err != nil {
			return nil, &ParseError{Offset: 0, Compressed: true, Err: fmt.Errorf("%w: truncated dictionary frame", ErrCompression)}
		}
		if magic == zstdDictMagic {
			dict := frame[8:]
			if bytes.HasPrefix(dict, zstdMagic) {
				// The dictionary is itself compressed.
				dd, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
				if err == nil {
					dict, err = dd.DecodeAll(dict, nil)
					dd.Close()
				}
				if err != nil {
					return nil, &ParseError{Offset: 8, Compressed: true, Err: fmt.Errorf("%w: dictionary: %v", ErrCompression, err)}
				}
			}
			opts = append(opts, zstd.WithDecoderDicts(dict))
		}
	}
	d, err := zstd.NewReader(src.r, opts...)
	if err != nil {
		return nil, &ParseError{Offset: src.offset(), Compressed: true, Err: fmt.Errorf("%w: %v", ErrCompression, err)}
	}
	return &zstdStream{src: src, d: d}, nil
}

func (z *zstdStream) Read(p []byte) (int, error) {
	n, err := z.d.Read(p)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		// The decoder reads ahead: the offset is where the reading got
		// to, not where the damage is.
		err = &ParseError{Offset: z.src.offset(), Compressed: true, Err: fmt.Errorf("%w: %v", ErrCompression, err)}
	}
	return n, err
}

func (z *zstdStream) next(buf []byte) ([]byte, error) { return readInto(z, buf) }

func (*zstdStream) member(int64) int64 { return -1 }
func (*zstdStream) resync() bool       { return false }
