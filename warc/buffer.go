package warc

import (
	"bufio"
	"bytes"
	"io"
)

// inBuffer is the Reader's buffer over the decompressed stream: what
// bufio.Reader would be, but it takes the stream's bytes as the stream
// hands them out, without copying when the stream lends them (a gzip
// member or zstd frame decoded in one go, plain bytes in the input's
// buffer). So the bytes of a record block are copied once, from the
// decompressor's output or the input's buffer to the caller.
//
// As with bufio, an error the stream returns with bytes is returned once
// those bytes are read, and only once: the next read asks the stream
// again.
type inBuffer struct {
	s   *stream
	cur []byte // unread bytes: a view of the stream's or of own
	own []byte // for the streams that copy into the buffer they are given
	err error  // met getting cur, not yet returned
	// fresh reports whether cur starts a segment of the stream (a gzip
	// member, a zstd frame, plain bytes after them) and none of it is
	// read yet.
	fresh bool
}

func newInBuffer(s *stream) *inBuffer {
	return &inBuffer{s: s, own: make([]byte, bufSize)}
}

// atSegment reports whether the next byte starts a segment of the
// stream, getting it from the stream if need be.
func (b *inBuffer) atSegment() bool {
	return b.breaks() && len(b.cur) > 0
}

// breaks reports whether the next byte starts a segment or the stream
// has an error to return first, other than the end of the input: either
// ends a line.
func (b *inBuffer) breaks() bool {
	if len(b.cur) == 0 {
		if err := b.fill(); err != nil {
			b.err = err
			return err != io.EOF && err != io.ErrUnexpectedEOF
		}
	}
	return b.fresh
}

// peek returns the buffered bytes, without reading them.
func (b *inBuffer) peek() []byte { return b.cur }

// maxEmptyReads is how many times in a row the stream may give nothing
// and no error before the read fails, as in bufio.
const maxEmptyReads = 100

// fill gets the next bytes from the stream when none are buffered, and
// returns the pending error when there are none to get.
func (b *inBuffer) fill() error {
	if len(b.cur) > 0 {
		return nil
	}
	if b.err != nil {
		err := b.err
		b.err = nil
		return err
	}
	for range maxEmptyReads {
		cur, err := b.s.next(b.own)
		if len(cur) > 0 {
			b.cur, b.err, b.fresh = cur, err, b.s.fresh
			return nil
		}
		if err != nil {
			return err
		}
	}
	return io.ErrNoProgress
}

// ReadSlice returns the bytes up to and including the next delim, which
// stay valid until the next read. Where the buffered bytes end first, it
// returns them with bufio.ErrBufferFull; at the end of the stream it
// returns the stream's error, and no bytes.
func (b *inBuffer) ReadSlice(delim byte) ([]byte, error) {
	if err := b.fill(); err != nil {
		return nil, err
	}
	n := len(b.cur)
	var err error
	if i := bytes.IndexByte(b.cur, delim); i >= 0 {
		n = i + 1
	} else {
		err = bufio.ErrBufferFull
	}
	line := b.cur[:n]
	b.cur, b.fresh = b.cur[n:], false
	return line, err
}

// Read copies buffered bytes to p, getting more from the stream first
// when there are none.
func (b *inBuffer) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := b.fill(); err != nil {
		return 0, err
	}
	n := copy(p, b.cur)
	b.cur, b.fresh = b.cur[n:], false
	return n, nil
}
