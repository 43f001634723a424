package warc

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
)

func response(body string) []byte {
	return []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body)
}

// writeArchive writes n response records and returns the archive.
func writeArchive(t *testing.T, n int, compress bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, compress)
	for i := range n {
		h := Header{{"WARC-Type", TypeResponse}, {"WARC-Target-URI", fmt.Sprintf("https://example.org/%d", i)},
			{"WARC-Date", "2024-05-06T07:08:09Z"}, {"Content-Type", "application/http; msgtype=response"}}
		if _, err := w.Write(h, response(fmt.Sprintf("<p>page %d</p>", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", compress), func(t *testing.T) {
			data := writeArchive(t, 5, compress)
			rd := NewReader(bytes.NewReader(data))
			i := 0
			for rec, err := range rd.All() {
				if err != nil {
					t.Fatal(err)
				}
				if rec.Version != "WARC/1.1" || rec.Type() != TypeResponse || rec.TargetURI() != fmt.Sprintf("https://example.org/%d", i) {
					t.Errorf("record %d: %+v", i, rec.Header)
				}
				if d, ok := rec.Date(); !ok || d.Year() != 2024 {
					t.Errorf("record %d: date %v %v", i, d, ok)
				}
				block, err := io.ReadAll(rec.Block)
				if err != nil {
					t.Fatal(err)
				}
				resp, err := ParseHTTP(block, 0)
				if err != nil || resp.StatusCode != 200 || string(resp.Body) != fmt.Sprintf("<p>page %d</p>", i) {
					t.Errorf("record %d: %+v %v", i, resp, err)
				}
				if !strings.HasPrefix(rec.ID(), "<urn:uuid:") || rec.Header.Get("WARC-Block-Digest") == "" {
					t.Errorf("record %d: id %q", i, rec.ID())
				}
				i++
			}
			if i != 5 {
				t.Errorf("%d records, want 5", i)
			}
			if again := writeArchive(t, 5, compress); !bytes.Equal(again, data) {
				t.Error("the same records give a different archive")
			}
		})
	}
}

// TestWholeFileGzip reads an archive compressed as one gzip member, and
// one compressed with zstd.
func TestWholeFileCompression(t *testing.T) {
	plain := writeArchive(t, 3, false)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	var zs bytes.Buffer
	enc, _ := zstd.NewWriter(&zs)
	enc.Write(plain)
	enc.Close()
	for name, data := range map[string][]byte{"gzip": gz.Bytes(), "zstd": zs.Bytes()} {
		t.Run(name, func(t *testing.T) {
			if !IsArchive(data) {
				t.Error("IsArchive = false")
			}
			types, errs := readAll(t, bytes.NewReader(data))
			if len(types) != 3 || len(errs) > 0 {
				t.Errorf("%d records, errors %v", len(types), errs)
			}
		})
	}
}

// TestResync damages archives in several ways and checks that the reader
// reports the damage and reads every sound record after it.
func TestResync(t *testing.T) {
	plain := writeArchive(t, 3, false)
	second := bytes.Index(plain[1:], []byte("WARC/1.1")) + 1
	members := writeArchive(t, 3, true)
	secondMember := bytes.Index(members[1:], gzipMagic) + 1
	for _, tc := range []struct {
		name    string
		data    []byte
		records int
	}{
		{"garbage between records", append(append(append([]byte{}, plain[:second]...), "garbage\r\n\r\n"...), plain[second:]...), 3},
		{"header without Content-Length", bytes.Replace(plain, []byte("Content-Length: "), []byte("Content-Lenght: "), 1), 2},
		{"bad Content-Length", bytes.Replace(plain, []byte("Content-Length: "), []byte("Content-Length: x"), 1), 2},
		{"corrupt gzip member", append(append(append([]byte{}, members[:secondMember+12]...), bytes.Repeat([]byte{0xff}, 40)...), members[secondMember+52:]...), 2},
		{"garbage after the last member", append(append([]byte{}, members...), "trailing garbage"...), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			types, errs := readAll(t, bytes.NewReader(tc.data))
			if len(types) != tc.records || len(errs) == 0 {
				t.Errorf("%d records, errors %v; want %d records and an error", len(types), errs, tc.records)
			}
			for _, err := range errs {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("error %v is not a ParseError", err)
				}
			}
		})
	}
}

// TestTruncated cuts an archive inside a record's block and inside its
// header: the block read fails with io.ErrUnexpectedEOF, or Next reports
// ErrTruncated, once, then io.EOF.
func TestTruncated(t *testing.T) {
	plain := writeArchive(t, 2, false)
	second := bytes.Index(plain[1:], []byte("WARC/1.1")) + 1
	t.Run("block", func(t *testing.T) {
		rd := NewReader(bytes.NewReader(plain[:len(plain)-10]))
		rd.Next()
		rec, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadAll(rec.Block); err != io.ErrUnexpectedEOF {
			t.Errorf("block read: %v, want io.ErrUnexpectedEOF", err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("then Next: %v, want io.EOF", err)
		}
	})
	t.Run("block skipped", func(t *testing.T) {
		rd := NewReader(bytes.NewReader(plain[:len(plain)-10]))
		rd.Next()
		rd.Next()
		if _, err := rd.Next(); !errors.Is(err, ErrTruncated) {
			t.Errorf("Next: %v, want ErrTruncated", err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("then Next: %v, want io.EOF", err)
		}
	})
	t.Run("header", func(t *testing.T) {
		rd := NewReader(bytes.NewReader(plain[:second+30]))
		rd.Next()
		_, err := rd.Next()
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrTruncated) {
			t.Errorf("Next: %v, want a ParseError for ErrTruncated", err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("then Next: %v, want io.EOF", err)
		}
	})
}

func TestStickyError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", compress), func(t *testing.T) {
			archive := writeArchive(t, 2, compress)
			// With gzip, the error comes inside the first member: the
			// reading of it in one go meets it.
			rd := NewReader(io.MultiReader(bytes.NewReader(archive[:100]), errReader{boom}))
			var last error
			for range 3 {
				_, last = rd.Next()
				if last != nil && !errors.Is(last, boom) {
					t.Fatalf("Next: %v, want %v", last, boom)
				}
			}
			if !errors.Is(last, boom) {
				t.Errorf("Next: %v, want the reader's error again", last)
			}
		})
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestParseHTTP(t *testing.T) {
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.String()
	}
	for _, tc := range []struct {
		name   string
		block  string
		max    int64
		status int
		body   string
		err    error
	}{
		{"plain", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>", 0, 200, "<p>x</p>", nil},
		{"bare LF", "HTTP/1.0 404 Not Found\nServer: x\n\nnope", 0, 404, "nope", nil},
		{"no reason", "HTTP/1.1 301\r\nLocation: /a\r\n\r\n", 0, 301, "", nil},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n<p>x\r\n4;ext=1\r\n</p>\r\n0\r\n\r\n", 0, 200, "<p>x</p>", nil},
		{"chunked header, plain body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>x</p>", 0, 200, "<p>x</p>", nil},
		{"gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gz("<p>zipped</p>"), 0, 200, "<p>zipped</p>", nil},
		{"gzip header, stored decoded", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n<p>x</p>", 0, 200, "<p>x</p>", nil},
		{"gzip bomb", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gz(strings.Repeat("a", 1<<20)), 1000, 0, "", ErrBodyTooLarge},
		{"too large", "HTTP/1.1 200 OK\r\n\r\n" + strings.Repeat("a", 2000), 1000, 0, "", ErrBodyTooLarge},
		{"brotli", "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx", 0, 0, "", ErrUnsupportedCodec},
		{"not HTTP", "<html>", 0, 0, "", ErrBadHTTP},
		{"bad status", "HTTP/1.1 abc\r\n\r\n", 0, 0, "", ErrBadHTTP},
		{"header line without colon", "HTTP/1.1 200 OK\r\nbogus line\r\nContent-Type: text/html\r\n\r\nx", 0, 200, "x", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := ParseHTTP([]byte(tc.block), tc.max)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Errorf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || resp.StatusCode != tc.status || string(resp.Body) != tc.body {
				t.Errorf("got %+v, %v; want status %d body %q", resp, err, tc.status, tc.body)
			}
		})
	}
}

func TestParseARCLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		ok   bool
		url  string
		n    int64
	}{
		{"http://example.com/ 93.184.216.119 20140401000000 text/html 1591", true, "http://example.com/", 1591},
		{"http://example.com/a b.html 1.2.3.4 20140401000000 text/html 10", true, "http://example.com/a b.html", 10},
		{"http://example.com/ 1.2.3.4 20080430204825 text/html 200 - - 1234 IAH.arc 55", true, "http://example.com/", 55},
		{"http://example.com/ 1.2.3.4 20140401000000 text/html abc", false, "", 0},
		{"http://example.com/ 1.2.3.4 20140401000000 text/html -1", false, "", 0},
		{"not an arc line", false, "", 0},
	} {
		al, ok := parseARCLine(tc.line)
		if ok != tc.ok || ok && (al.url != tc.url || al.length != tc.n) {
			t.Errorf("parseARCLine(%q) = %+v, %v", tc.line, al, ok)
		}
	}
}

// FuzzReader reads arbitrary bytes as an archive: the reader must end,
// never panic, and give every record's block or an error.
func FuzzReader(f *testing.F) {
	f.Add(writeArchive(&testing.T{}, 2, false))
	f.Add(writeArchive(&testing.T{}, 2, true))
	f.Add([]byte("filedesc://x.arc 0.0.0.0 20140101000000 text/plain 3\n1 0\n\nhttp://a/ 1.2.3.4 20140101000000 text/html 4\nabcd\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data))
		for i := 0; ; i++ {
			if i > len(data)+10 {
				t.Fatal("more results than input bytes")
			}
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					return
				}
				continue
			}
			block, _ := io.ReadAll(io.LimitReader(rec.Block, 1<<20))
			if rec.Type() == TypeResponse {
				ParseHTTP(block, 1<<20)
			}
		}
	})
}

func FuzzParseHTTP(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n4\r\nabcd\r\n0\r\n\r\n"))
	f.Add(response("<p>x</p>"))
	f.Fuzz(func(t *testing.T, block []byte) {
		resp, err := ParseHTTP(block, 1<<16)
		if err == nil && int64(len(resp.Body)) > 1<<16 {
			t.Fatalf("body of %d bytes over the cap", len(resp.Body))
		}
	})
}

// TestZstdDictionary reads a .warc.zst in the layout the WARC zstd
// specification gives: a skippable frame holding the dictionary (itself
// zstd-compressed here), then one frame per record, compressed with it.
func TestZstdDictionary(t *testing.T) {
	var records [][]byte
	for i := range 20 {
		var b bytes.Buffer
		w := NewWriter(&b, false)
		h := ResponseHeader(fmt.Sprintf("https://example.org/%d", i), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
		w.Write(h, HTTPBlock("text/html", []byte(fmt.Sprintf("<html><body><p>Story number %d of the day.</p></body></html>", i))))
		records = append(records, b.Bytes())
	}
	d, err := dict.BuildZstdDict(records, dict.Options{MaxDictSize: 4 << 10, HashBytes: 6, ZstdDictID: 7})
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderDict(d))
	plain, _ := zstd.NewWriter(nil)
	packed := plain.EncodeAll(d, nil)
	var file bytes.Buffer
	frame := make([]byte, 8)
	binary.LittleEndian.PutUint32(frame, zstdDictMagic)
	binary.LittleEndian.PutUint32(frame[4:], uint32(len(packed)))
	file.Write(frame)
	file.Write(packed)
	for _, r := range records {
		file.Write(enc.EncodeAll(r, nil))
	}
	if !IsArchive(file.Bytes()) {
		t.Error("IsArchive = false")
	}
	types, errs := readAll(t, bytes.NewReader(file.Bytes()))
	if len(types) != 20 || len(errs) > 0 {
		t.Errorf("%d records, errors %v; want 20 and none", len(types), errs)
	}
}

// TestLongLine: a header line over MaxLineBytes is damage, and no part of
// it is read as a line of its own.
func TestLongLine(t *testing.T) {
	long := "WARC/1.1\r\nWARC-Type: response\r\nX-Long: " + strings.Repeat("a", 70000) + "Evil: yes\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
	good := writeArchive(t, 1, false)
	rd := NewReader(strings.NewReader(long + string(good)))
	var recs []*Record
	var errs []error
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrHeaderTooLong) || len(recs) != 1 || recs[0].Header.Get("Evil") != "" {
		t.Errorf("records %d, errors %v", len(recs), errs)
	}
}

// TestLargeMembers mixes members that are decoded in one go with members
// the streaming decoder reads: one larger than the input buffer, one
// whose output passes wholeMemberLimit, one that is corrupt. Every sound
// record is read whole, with its member's offset in the file.
func TestLargeMembers(t *testing.T) {
	rand := func(seed uint64) []byte {
		b := make([]byte, inputBufSize+inputBufSize/2)
		x := seed
		for i := range b {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b[i] = byte(x)
		}
		return b
	}
	bodies := []string{"<p>small</p>", string(rand(1)), strings.Repeat("<p>same</p>", wholeMemberLimit/10), "<p>after</p>", string(rand(2)), "<p>last</p>"}
	var buf bytes.Buffer
	w := NewWriter(&buf, true)
	var offsets []int64
	for i, body := range bodies {
		offsets = append(offsets, int64(buf.Len()))
		h := Header{{"WARC-Type", TypeResponse}, {"WARC-Target-URI", fmt.Sprintf("https://example.org/%d", i)}}
		if _, err := w.Write(h, response(body)); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	data := buf.Bytes()
	// Damage the member after the first large one.
	corrupt := append([]byte{}, data...)
	for i := offsets[3] + 20; i < offsets[3]+40; i++ {
		corrupt[i] ^= 0x55
	}
	for name, tc := range map[string]struct {
		data []byte
		want []int // the bodies read
	}{
		"sound":   {data, []int{0, 1, 2, 3, 4, 5}},
		"corrupt": {corrupt, []int{0, 1, 2, 4, 5}},
	} {
		t.Run(name, func(t *testing.T) {
			rd := NewReader(bytes.NewReader(tc.data))
			var got []int
			errs := 0
			for {
				rec, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					var pe *ParseError
					if !errors.As(err, &pe) || !pe.Compressed || pe.Offset != offsets[3] {
						t.Fatalf("error %v, want a ParseError at %d", err, offsets[3])
					}
					errs++
					continue
				}
				block, err := io.ReadAll(rec.Block)
				if err != nil {
					t.Fatalf("record at %d: %v", rec.MemberOffset, err)
				}
				i := slices.Index(offsets, rec.MemberOffset)
				if i < 0 || !bytes.Equal(block, response(bodies[i])) {
					t.Fatalf("record at member %d (%d bytes) is not the one written there", rec.MemberOffset, len(block))
				}
				got = append(got, i)
			}
			if !slices.Equal(got, tc.want) || errs != len(bodies)-len(tc.want) {
				t.Errorf("read records %v with %d errors, want %v", got, errs, tc.want)
			}
		})
	}
}

// TestCutWholeFileGzipChanceMagic cuts the end off an archive compressed
// as one gzip member whose compressed bytes hold a gzip magic number by
// chance: the magic number starts no member, so the records before the
// cut are read and only the one cut fails.
func TestCutWholeFileGzipChanceMagic(t *testing.T) {
	const records = 5
	for seed := range uint64(20000) {
		rnd := rand.New(rand.NewPCG(seed, 1))
		var plain bytes.Buffer
		w := NewWriter(&plain, false)
		for i := range records {
			words := randomWords(rnd)
			h := Header{{"WARC-Type", TypeResponse}, {"WARC-Target-URI", fmt.Sprintf("https://example.org/%d", i)},
				{"WARC-Date", "2024-05-06T07:08:09Z"}, {"Content-Type", "application/http; msgtype=response"}}
			if _, err := w.Write(h, response("<p>"+string(words)+"</p>")); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(plain.Bytes())
		zw.Close()
		cut := gz.Bytes()[:gz.Len()-300]
		if magicIndex(cut[1:]) < 0 {
			continue
		}
		// The last record's header is read, and its block is cut.
		types, errs := readAll(t, bytes.NewReader(cut))
		if len(types) != records || len(errs) != 1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) {
			t.Fatalf("seed %d: %d records read, errors %v; want %d, the last one's block cut", seed, len(types), errs, records)
		}
		return
	}
	t.Skip("no seed gave compressed bytes holding a gzip magic number")
}

// TestCutWholeFileGzipInnerMember cuts the end off an archive compressed
// as one gzip member, one of whose records holds a body sent with
// Content-Encoding: gzip and stored verbatim by the compressor: that inner
// member is real and decodes to text, but starts no record, so the
// records before the cut are still read and only the one cut fails.
func TestCutWholeFileGzipInnerMember(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	noise := make([]byte, 30000)
	for i := range noise {
		noise[i] = byte(rnd.Uint32())
	}
	var body bytes.Buffer
	zb := gzip.NewWriter(&body)
	zb.Write([]byte("<!doctype html><html><body><p>"))
	zb.Write(noise)
	zb.Close()
	const records = 5
	var plain bytes.Buffer
	w := NewWriter(&plain, false)
	for i := range records {
		words := randomWords(rnd)
		block := response("<p>" + string(words) + "</p>")
		if i == 1 {
			block = append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"), body.Bytes()...)
		}
		h := Header{{"WARC-Type", TypeResponse}, {"WARC-Target-URI", fmt.Sprintf("https://example.org/%d", i)},
			{"WARC-Date", "2024-05-06T07:08:09Z"}, {"Content-Type", "application/http; msgtype=response"}}
		if _, err := w.Write(h, block); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	inner := bytes.Index(plain.Bytes(), body.Bytes()[:10])
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain.Bytes()[:inner])
	zw.Flush() // the inner member starts a block of its own, stored as it is
	zw.Write(plain.Bytes()[inner:])
	zw.Close()
	cut := gz.Bytes()[:gz.Len()-20]
	if !bytes.Contains(cut, body.Bytes()[:10]) {
		t.Fatal("the inner member is not stored verbatim; the test needs another construction")
	}
	types, errs := readAll(t, bytes.NewReader(cut))
	if len(types) != records || len(errs) != 1 || !errors.Is(errs[0], io.ErrUnexpectedEOF) {
		t.Fatalf("%d records read, errors %v; want %d, the last one's block cut", len(types), errs, records)
	}
}

// randomWords returns 400 words of random letters: text that compresses
// as prose does, without repeats a compressor could fold away.
func randomWords(rnd *rand.Rand) []byte {
	words := make([]byte, 0, 4000)
	for range 400 {
		for range 3 + rnd.IntN(7) {
			words = append(words, byte('a'+rnd.IntN(26)))
		}
		words = append(words, ' ')
	}
	return words
}

// TestRecordFollowsHostile checks that recordFollows stays cheap on bytes
// made to look like many zstd frames declaring huge windows, and that it
// knows a gzip member starting an ARC record with a long URL.
func TestRecordFollowsHostile(t *testing.T) {
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x98} // a 512 MiB window, no content size
	frame = append(frame, 0x41, 0x06, 0x00)             // the last block: raw, 200 bytes
	frame = append(frame, bytes.Repeat([]byte("x"), 200)...)
	hostile := bytes.Repeat(frame, 70)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	recordFollows(hostile) // past maxFollowChecks candidates, taken to hold a member
	runtime.ReadMemStats(&after)
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 256 {
		t.Errorf("recordFollows allocated %d MiB on %d bytes", mb, len(hostile))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("recordFollows took %v", d)
	}
	if recordFollows(bytes.Repeat(frame, 20)) {
		t.Error("frames of x taken for a record")
	}

	var arc bytes.Buffer
	zw := gzip.NewWriter(&arc)
	fmt.Fprintf(zw, "https://news.example/2024/05/06/council-approves-the-new-bridge-across-the-river-after-a-decade.html 192.0.2.1 20240506070809 text/html 1234\n")
	zw.Write(bytes.Repeat([]byte("<p>page</p>"), 100))
	zw.Close()
	if !recordFollows(append([]byte("\x00\x01"), arc.Bytes()...)) {
		t.Error("a member starting an ARC record with a long URL not taken for one")
	}
}
