package inflate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// reference decodes the member at the start of src as the streaming
// decoder does: its output (at most limit bytes, else ok is false) and
// the bytes it consumed.
func reference(src []byte, limit int) (out []byte, n int, ok bool) {
	r := bytes.NewReader(src)
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, 0, false
	}
	z.Multistream(false)
	out, err = io.ReadAll(io.LimitReader(z, int64(limit)+1))
	if err != nil || len(out) > limit {
		return nil, 0, false
	}
	return out, len(src) - r.Len(), true
}

// gz compresses data as one gzip member at the level, with a header
// holding a name and a comment when named.
func gz(t testing.TB, data []byte, level int, named bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	if named {
		w.Name, w.Comment, w.Extra = "page.html", "a comment", []byte{1, 2, 3, 4}
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// samples returns texts of the shapes DEFLATE meets: prose, markup,
// random bytes (stored blocks), long runs (short distances), and the
// empty text.
func samples() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 200<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	var markup bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&markup, "<div class=\"item-%d\"><a href=\"/story/%d\">Story number %d</a> <p>%x</p></div>\n", i%17, i, i, rng.Uint64())
	}
	words := []string{"the", "council", "said", "on", "Tuesday", "that", "a", "new", "bridge", "would", "open", "in", "spring", "résumé", "naïve", "東京"}
	var prose bytes.Buffer
	for i := range 40000 {
		prose.WriteString(words[rng.IntN(len(words))])
		if i%13 == 12 {
			prose.WriteString(".\n")
		} else {
			prose.WriteByte(' ')
		}
	}
	return map[string][]byte{
		"empty":  nil,
		"byte":   {'x'},
		"runs":   bytes.Repeat([]byte("aaaaaaaabcabcabcab"), 5000),
		"random": random,
		"markup": markup.Bytes(),
		"prose":  prose.Bytes(),
		"mixed":  append(append(append([]byte{}, prose.Bytes()[:50000]...), random[:30000]...), markup.Bytes()...),
	}
}

func TestMember(t *testing.T) {
	var d Decoder
	levels := []int{gzip.NoCompression, gzip.BestSpeed, 3, gzip.DefaultCompression, gzip.BestCompression, gzip.HuffmanOnly}
	for name, data := range samples() {
		for _, level := range levels {
			for _, named := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/%v", name, level, named), func(t *testing.T) {
					member := gz(t, data, level, named)
					// Trailing bytes (the next member) are not consumed.
					src := append(append([]byte{}, member...), gz(t, []byte("next"), 6, false)...)
					out, n, err := d.Member(src, len(data))
					if err != nil {
						t.Fatalf("Member: %v", err)
					}
					if !bytes.Equal(out, data) || n != len(member) {
						t.Fatalf("got %d bytes consuming %d, want %d consuming %d", len(out), n, len(data), len(member))
					}
					if len(data) > 0 {
						if _, _, err := d.Member(src, len(data)-1); !errors.Is(err, ErrLimit) {
							t.Errorf("one byte under the output: %v, want ErrLimit", err)
						}
					}
					for _, cut := range []int{len(member) - 1, len(member) - 8, len(member) / 2, 10, 3} {
						if cut < 0 {
							continue
						}
						if _, _, err := d.Member(member[:cut], len(data)); !errors.Is(err, ErrShort) {
							t.Errorf("cut at %d of %d: %v, want ErrShort", cut, len(member), err)
						}
					}
				})
			}
		}
	}
}

func TestMemberCorrupt(t *testing.T) {
	var d Decoder
	data := samples()["prose"]
	member := gz(t, data, 6, true)
	flip := func(i int) []byte {
		b := append([]byte{}, member...)
		b[i] ^= 0x10
		return b
	}
	cases := map[string][]byte{
		"magic":   flip(1),
		"method":  flip(2),
		"crc":     flip(len(member) - 6),
		"size":    flip(len(member) - 2),
		"deflate": flip(len(member) / 2),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := d.Member(src, 1<<30)
			if err == nil {
				t.Fatal("corrupt member decoded")
			}
			if _, _, ok := reference(src, 1<<30); ok {
				t.Fatal("the reference decodes it too")
			}
		})
	}
}

// TestFlushes checks streams with flushes mid-stream (empty stored
// blocks between compressed ones) and short ones, which compressors
// write as fixed Huffman blocks.
func TestFlushes(t *testing.T) {
	var d Decoder
	data := samples()["mixed"]
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	for i := 0; i < len(data); i += 7000 {
		w.Write(data[i:min(i+7000, len(data))])
		w.Flush()
	}
	w.Close()
	out, n, err := d.Member(b.Bytes(), len(data))
	if err != nil || !bytes.Equal(out, data) || n != b.Len() {
		t.Fatalf("flushed stream: %v, %d of %d bytes", err, len(out), len(data))
	}
	// The standard library's compressor writes fixed Huffman blocks for
	// short inputs.
	for _, s := range []string{"a", "hello, hello, hello", "<p>x</p>"} {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write([]byte(s))
		zw.Close()
		out, _, err := d.Member(z.Bytes(), 100)
		if err != nil || string(out) != s {
			t.Errorf("%q: got %q, %v", s, out, err)
		}
	}
}

// FuzzMember checks Member against the streaming decoder on any input:
// whatever Member accepts, the streaming decoder reads alike; whatever
// complete member within the limit the streaming decoder reads, Member
// reads too.
func FuzzMember(f *testing.F) {
	for _, data := range samples() {
		if len(data) > 20000 {
			data = data[:20000]
		}
		f.Add(gz(f, data, 6, false), 30000)
		f.Add(gz(f, data, 1, true), 30000)
		f.Add(gz(f, data, gzip.HuffmanOnly, false), 30000)
	}
	if files, _ := filepath.Glob("testdata/*.gz"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b, 1<<20)
			}
		}
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, src []byte, limit int) {
		limit = min(max(limit, 0), 1<<20)
		out, n, err := d.Member(src, limit)
		want, wn, ok := reference(src, limit)
		if err == nil {
			if !ok {
				t.Fatalf("Member decodes %d bytes the streaming decoder rejects", len(out))
			}
			if !bytes.Equal(out, want) || n != wn {
				t.Fatalf("Member: %d bytes consuming %d; streaming: %d consuming %d", len(out), n, len(want), wn)
			}
			return
		}
		if ok {
			t.Fatalf("Member: %v; the streaming decoder reads %d bytes", err, len(want))
		}
	})
}

// TestBufferEdges slides the same text across the output buffer's first
// boundary, byte by byte, so that every mix of literals and matches meets
// the end of the buffer at some point.
func TestBufferEdges(t *testing.T) {
	var d Decoder
	text := samples()["markup"][:40000]
	rng := rand.New(rand.NewPCG(3, 4))
	for shift := range 400 {
		data := make([]byte, 32<<10-400+shift, 32<<10+len(text))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		data = append(data, text...)
		member := gz(t, data, gzip.BestSpeed, false)
		d.out = nil // start from the first buffer size again
		out, _, err := d.Member(member, len(data))
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("shift %d: %v", shift, err)
		}
	}
}
