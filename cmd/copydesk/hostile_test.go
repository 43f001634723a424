package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/copydesk/copydesk/warc"
)

// A hostile case is an input generated at test time and the outcome it
// must get from copydesk run: the counts of its manifest.
type hostileCase struct {
	name  string
	file  string // the input's name
	write func(w io.Writer) error
	args  []string // extra run flags
	want  map[string]int64
	// text must be in the output when something is kept.
	text string
}

func repeatTo(w io.Writer, s string, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	for range n {
		if _, err := bw.WriteString(s); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeStrings(parts ...string) func(w io.Writer) error {
	return func(w io.Writer) error {
		for _, p := range parts {
			if _, err := io.WriteString(w, p); err != nil {
				return err
			}
		}
		return nil
	}
}

const storyHTML = `<p>The council voted on Tuesday night to approve plans for a new bridge across the river, ending a debate that has run for more than a decade in the town.</p>
<p>The bridge, which will link the railway station with the market square, is expected to cost about four million pounds and should open in the spring.</p>`

// archiveOf writes one WARC response record per block, gzipped per record.
func archiveOf(blocks ...[]byte) func(w io.Writer) error {
	return func(w io.Writer) error {
		ww := warc.NewWriter(w, true)
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, b := range blocks {
			if _, err := ww.Write(warc.ResponseHeader(fmt.Sprintf("https://news.example/%d", i), at), b); err != nil {
				return err
			}
		}
		return ww.Close()
	}
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

func hostileCases() []hostileCase {
	page := "<html><body>" + storyHTML + "</body></html>"
	bomb := gzipped(bytes.Repeat([]byte("<p>aaaaaaaa</p>"), 1<<26/15)) // 64 MiB decoded from about 64 KiB
	plainWARC := func(body string, claim int) string {
		block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
		return fmt.Sprintf("WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/x\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			len(block)+claim, block)
	}
	return []hostileCase{
		{"50 MB page", "big.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body>"+storyHTML)
			return repeatTo(w, "<div class=x><p>filler text of a very long page</p></div>\n", 50<<20/60)
		}, nil, map[string]int64{"failed:too-large": 1}, ""},
		{"50 MB page, record cap raised", "big.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body>"+storyHTML)
			return repeatTo(w, "<div class=x><p>filler text of a very long page</p></div>\n", 50<<20/60)
		}, []string{"--max-record-bytes", "64000000"}, map[string]int64{"kept": 1}, ""},
		{"100,000 nested elements", "nested.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body>")
			repeatTo(w, "<div>", 100000)
			io.WriteString(w, storyHTML)
			return repeatTo(w, "</div>", 100000)
		}, nil, map[string]int64{"kept": 1}, ""},
		{"100,000 nested elements, --max-depth 20000", "nested.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body>")
			repeatTo(w, "<div>", 100000)
			io.WriteString(w, storyHTML)
			return repeatTo(w, "</div>", 100000)
		}, []string{"--max-depth", "20000"}, map[string]int64{"kept": 1}, ""},
		{"a million attributes", "attrs.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body><div ")
			for i := range 1000000 {
				fmt.Fprintf(w, "a%d=1 ", i)
			}
			return writeStrings(">" + storyHTML + "</div></body></html>")(w)
		}, nil, map[string]int64{"kept": 1}, ""},
		{"one giant text node", "text.html", func(w io.Writer) error {
			io.WriteString(w, "<html><body><p>")
			return repeatTo(w, "word ", 3<<20)
		}, nil, map[string]int64{"kept": 1}, "word word"},
		{"invalid UTF-8", "bad-utf8.html", writeStrings("<html><body>", storyHTML, "<p>caf\xc3 \xff\xfe bytes \xe2\x82 that are not UTF-8 at all, in a sentence of their own.</p></body></html>"),
			nil, map[string]int64{"kept": 1}, "that are not UTF-8 at all"},
		{"UTF-16 without BOM", "utf16.html", func(w io.Writer) error {
			for _, u := range utf16.Encode([]rune(page)) {
				w.Write([]byte{byte(u), byte(u >> 8)})
			}
			return nil
		}, nil, map[string]int64{"kept": 1}, ""},
		{"charset declaration that lies", "lies.html", writeStrings(`<html><head><meta charset="utf-8"></head><body>`,
			strings.ReplaceAll(storyHTML, "council", "caf\xe9 cr\xe8me br\xfbl\xe9e council"), "</body></html>"), nil, map[string]int64{"kept": 1}, "café crème brûlée council"},
		{"NUL bytes", "nul.html", writeStrings("<html><body>", strings.ReplaceAll(storyHTML, " the ", " the \x00"), "</body></html>"),
			nil, map[string]int64{"kept": 1}, ""},
		{"gzip bomb in an HTTP body", "bomb.warc.gz",
			archiveOf(append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"), bomb...),
				warc.HTTPBlock("text/html", []byte(page))),
			nil, map[string]int64{"failed:too-large": 1, "kept": 1}, ""},
		{"truncated gzip member", "cut.warc.gz", func(w io.Writer) error {
			var b bytes.Buffer
			archiveOf(warc.HTTPBlock("text/html", []byte(page)), warc.HTTPBlock("text/html", []byte(page)))(&b)
			_, err := w.Write(b.Bytes()[:b.Len()-40])
			return err
		}, nil, map[string]int64{"kept": 1, "failed:truncated": 1}, ""},
		{"Content-Length too short", "short.warc", writeStrings(plainWARC(page, -60), plainWARC(page, 0)),
			nil, map[string]int64{"kept": 1, "failed:bad-record": 1}, ""},
		{"Content-Length too long", "long.warc", writeStrings(plainWARC(page, 0), plainWARC(page, 1<<20)),
			nil, map[string]int64{"kept": 1, "failed:truncated": 1}, ""},
	}
}

// TestHostileInputs runs copydesk on each hostile input and checks its
// outcome, and that time and memory stay bounded; -v logs both.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("generates inputs of tens of megabytes")
	}
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, tc.file)
			f, err := os.Create(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.write(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
			fi, _ := os.Stat(in)

			out := filepath.Join(dir, "out")
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			peak, stop := watchHeap()
			start := time.Now()
			code, _, stderr := runCLI(t, "", append(append([]string{"run", "--quiet", "--workers", "1", "-o", out}, tc.args...), in)...)
			elapsed := time.Since(start)
			stop()
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			if m.Kept > 0 {
				got["kept"] = m.Kept
			}
			for r, n := range m.DroppedBy {
				got["dropped:"+r] = n
			}
			for r, n := range m.FailedBy {
				got["failed:"+r] = n
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("outcomes %v, want %v (failures %+v)", got, tc.want, m.Failures)
			}
			if m.Kept > 0 {
				data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
				want := tc.text
				if want == "" {
					want = "railway station with the market square"
				}
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("output lacks %q:\n%.300s", want, data)
				}
			}
			heap := int64(peak()) - int64(before.HeapInuse)
			t.Logf("%s: input %.1f MB, %v, peak heap %.0f MB above the test's", tc.name, float64(fi.Size())/1e6,
				elapsed.Round(time.Millisecond), float64(max(heap, 0))/1e6)
			if heap > 1<<30 {
				t.Errorf("peak heap %d MB", heap>>20)
			}
		})
	}
}

// watchHeap samples the heap in use until stop is called; peak returns
// the largest sample.
func watchHeap() (peak func() uint64, stop func()) {
	var max atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > max.Load() {
				max.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return max.Load, func() { close(done); <-finished }
}
