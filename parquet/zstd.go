package parquet

import (
	"sync"

	"github.com/klauspost/compress/zstd"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
)

// zstdWindow is the window of the encoders: a page is a frame of its
// own and at most a few hundred kilobytes (parquet-go's page buffer),
// so a larger window finds no more matches, and the files are the same
// byte for byte. zstd's default window at its default level is 8 MiB,
// for which each encoder keeps 16 MiB of history.
const zstdWindow = 1 << 20

// zstdCodec is parquet-go's zstd codec (at zstd's default level, 3) with
// the window above, and with encoders that last as long as the codec:
// parquet-go keeps its encoders in a sync.Pool, which drops them at
// garbage collections, and a run collects garbage often, so each page
// could allocate an encoder's history and tables again. Decoding is
// parquet-go's.
type zstdCodec struct {
	pqzstd.Codec
	mu   sync.Mutex
	free []*zstd.Encoder
}

// Encode compresses src as one zstd frame appended to dst[:0].
func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	c.mu.Lock()
	var e *zstd.Encoder
	if n := len(c.free); n > 0 {
		e, c.free = c.free[n-1], c.free[:n-1]
	}
	c.mu.Unlock()
	if e == nil {
		var err error
		e, err = zstd.NewWriter(nil,
			zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithZeroFrames(true),
			zstd.WithEncoderCRC(false),
		)
		if err != nil {
			return nil, err
		}
	}
	out := e.EncodeAll(src, dst[:0])
	c.mu.Lock()
	c.free = append(c.free, e)
	c.mu.Unlock()
	return out, nil
}
