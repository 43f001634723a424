package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, file, head string
		want             copydesk.Format
	}{
		{"seed header", "a.txt", " date 2017-04-19 Security measures are", copydesk.FormatSeed},
		{"seed header no lead space", "a.txt", "date 2017-04-19\nText", copydesk.FormatSeed},
		{"not a date", "a.txt", " date 2017-4-19 Text", copydesk.FormatText},
		{"plain", "a.txt", "Security measures are being put", copydesk.FormatText},
		{"jsonl by content", "a.data", `{"text": "x"}`, copydesk.FormatJSONL},
		{"jsonl by name", "a.jsonl", `garbage`, copydesk.FormatJSONL},
		{"html doctype", "page", "<!DOCTYPE html><html>", copydesk.FormatHTML},
		{"html bom", "page", "\xef\xbb\xbf  <html lang=en>", copydesk.FormatHTML},
		{"html by name", "a.htm", "hello", copydesk.FormatHTML},
		{"warc", "a", "WARC/1.1\r\n", "warc"},
		{"angle but text", "a.txt", "<3 my cat", copydesk.FormatText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.file, []byte(tc.head)); got != tc.want {
				t.Errorf("Sniff = %q, want %q", got, tc.want)
			}
		})
	}
}

func collect(t *testing.T, files []string, stdin string, opts Options) []*copydesk.Document {
	t.Helper()
	var docs []*copydesk.Document
	for d := range Documents(files, strings.NewReader(stdin), opts) {
		docs = append(docs, d)
	}
	return docs
}

func TestExpandAndRead(t *testing.T) {
	dir := t.TempDir()
	mustWrite := func(rel, data string) string {
		path := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	mustWrite("b/2.txt", "two")
	mustWrite("b/1.txt", "one")
	mustWrite("b/.hidden", "hidden")
	mustWrite("a.txt", "zero")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(" date 2020-01-02 Gzipped seed text.|||\n\nThe summary."))
	zw.Close()
	mustWrite("c/seed.txt.gz", gz.String())

	files, err := Expand([]string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "b"), filepath.Join(dir, "c", "*.gz"), "-"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.txt", "b/1.txt", "b/2.txt", "c/seed.txt.gz", "-"}
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		if f == "-" {
			rel = "-"
		}
		got = append(got, filepath.ToSlash(rel))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Expand = %v, want %v", got, want)
	}
	docs := collect(t, files, "from stdin", Options{})
	var texts []string
	for _, d := range docs {
		if d.Err != nil {
			t.Fatalf("%s: %v", d.Source, d.Err)
		}
		texts = append(texts, d.Text)
	}
	if !slices.Equal(texts, []string{"zero", "one", "two", "Gzipped seed text.", "from stdin"}) {
		t.Errorf("texts = %q", texts)
	}
	seed := docs[3]
	if seed.Date != "2020-01-02" || seed.Description != "The summary." || seed.Source.Format != copydesk.FormatSeed {
		t.Errorf("seed parsed as %+v", seed)
	}
	if _, err := Expand([]string{filepath.Join(dir, "*.nothing")}); !errors.Is(err, ErrNoMatch) {
		t.Errorf("empty glob: err = %v", err)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing.txt")}); err == nil {
		t.Error("missing file: no error")
	}
}

func TestJSONL(t *testing.T) {
	input := `{"id": 7, "text": "first", "url": "https://example.org/a", "date": "2024-05-06", "title": "T", "description": "D"}
not json at all
{"html": "<p>page</p>"}

{"url": "no text"}
{"text": "last"}`
	docs := collect(t, []string{"-"}, input, Options{})
	if len(docs) != 5 {
		t.Fatalf("got %d documents, want 5", len(docs))
	}
	d := docs[0]
	if d.ID != "7" || d.Text != "first" || d.URL != "https://example.org/a" || d.Date != "2024-05-06" || d.Title != "T" || d.Description != "D" {
		t.Errorf("first record: %+v", d)
	}
	var pe *copydesk.ParseError
	if !errors.As(docs[1].Err, &pe) || !errors.Is(docs[1].Err, copydesk.ErrBadJSON) || pe.Offset < int64(strings.Index(input, "not json")) {
		t.Errorf("bad line: %v", docs[1].Err)
	}
	if string(docs[2].HTML) != "<p>page</p>" {
		t.Errorf("html record: %+v", docs[2])
	}
	if !errors.Is(docs[3].Err, copydesk.ErrNoText) {
		t.Errorf("record without text: %v", docs[3].Err)
	}
	if docs[4].Text != "last" || docs[4].Source.Offset != int64(strings.Index(input, `{"text": "last"}`)) {
		t.Errorf("last record %q at offset %d", docs[4].Text, docs[4].Source.Offset)
	}
}

func TestRecordCaps(t *testing.T) {
	long := strings.Repeat("x", 5000)
	input := `{"text": "a"}` + "\n" + `{"text": "` + long + `"}` + "\n" + `{"text": "b"}` + "\n"
	docs := collect(t, []string{"-"}, input, Options{Format: copydesk.FormatJSONL, MaxRecordBytes: 1000})
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want 3", len(docs))
	}
	if !errors.Is(docs[1].Err, copydesk.ErrTooLarge) || docs[2].Text != "b" {
		t.Errorf("long line: %v; next: %+v", docs[1].Err, docs[2])
	}
	if want := int64(strings.Index(input, `{"text": "b"}`)); docs[2].Source.Offset != want {
		t.Errorf("offset after long line = %d, want %d", docs[2].Source.Offset, want)
	}
	docs = collect(t, []string{"-"}, long, Options{Format: copydesk.FormatText, MaxRecordBytes: 1000})
	if len(docs) != 1 || !errors.Is(docs[0].Err, copydesk.ErrTooLarge) {
		t.Errorf("long text file: %+v", docs)
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, in, want, enc string
		err                 error
	}{
		{"utf8", "café", "café", "", nil},
		{"bom", "\xef\xbb\xbfcafé", "café", "", nil},
		{"latin1", "caf\xe9 cr\xe8me", "café crème", "windows-1252", nil},
		{"mostly utf8", "café crème brûlée \xff", "café crème brûlée \uFFFD", "utf-8-repaired", nil},
		{"utf16 bom", "\xff\xfec\x00a\x00f\x00\xe9\x00", "café", "utf-16", nil},
		{"utf16 big endian", "\xfe\xff\x00c\x00a\x00f\x00\xe9", "café", "utf-16", nil},
		{"utf32 bom", "\xff\xfe\x00\x00c\x00\x00\x00", "", "", copydesk.ErrBinary},
		{"nul", "abc\x00def", "", "", copydesk.ErrBinary},
		{"control", strings.Repeat("\x01\x02abc", 10), "", "", copydesk.ErrBinary},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, enc, err := Decode([]byte(tc.in))
			if !errors.Is(err, tc.err) || got != tc.want || enc != tc.enc {
				t.Errorf("Decode = %q, %q, %v; want %q, %q, %v", got, enc, err, tc.want, tc.enc, tc.err)
			}
		})
	}
}

func TestJSONLRecords(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  string
		text   string // of the first Document
		err    error  // of the first Document
		offset int64  // of the first Document
	}{
		{"object", `{"text": "a"}`, "a", nil, 0},
		{"crlf", "{\"text\": \"a\"}\r\n", "a", nil, 0},
		{"leading blank lines", "\n  \r\n{\"text\": \"a\"}", "a", nil, 5},
		{"byte order mark", "\xef\xbb\xbf{\"text\": \"a\"}\n", "a", nil, 3},
		// The offset of a bad line is the line's, where a reader finds it.
		{"byte order mark on a later line", "\n\xef\xbb\xbf{\"text\": \"a\"}", "", copydesk.ErrBadJSON, 1},
		{"empty text", `{"text": ""}`, "", nil, 0},
		{"null", "null\n", "", copydesk.ErrBadJSON, 0},
		{"array", "[1, 2]", "", copydesk.ErrBadJSON, 0},
		{"string", `"text"`, "", copydesk.ErrBadJSON, 0},
		{"number", "42", "", copydesk.ErrBadJSON, 0},
		{"text not a string", `{"text": 5}`, "", copydesk.ErrBadJSON, 0},
		{"null text", `{"text": null}`, "", copydesk.ErrNoText, 0},
		{"syntax error offset", "\n" + `{"text": "a",}`, "", copydesk.ErrBadJSON, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := collect(t, []string{"-"}, tc.input, Options{Format: copydesk.FormatJSONL})
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1", len(docs))
			}
			d := docs[0]
			if !errors.Is(d.Err, tc.err) || (tc.err == nil) != (d.Err == nil) {
				t.Errorf("err = %v, want %v", d.Err, tc.err)
			}
			if d.Text != tc.text || d.Source.Offset != tc.offset {
				t.Errorf("text %q at offset %d, want %q at %d", d.Text, d.Source.Offset, tc.text, tc.offset)
			}
			if tc.name == "syntax error offset" && (d.Err == nil || !strings.Contains(d.Err.Error(), "byte 14 of the line")) {
				t.Errorf("err = %v, want the position within the line", d.Err)
			}
		})
	}
}

// TestExpandLinksAndRepeats: links to files and directories are
// followed, a link loop is walked once, a file named several ways is
// listed once, the excluded output directory is not read, and files
// that are not inputs are passed over with a reason.
func TestExpandLinksAndRepeats(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	write("in/a.html", "<html><p>a</p></html>")
	write("in/README.md", "# About this crawl")
	write("in/LICENSE", "Permission is hereby granted, free of charge")
	write("in/page", "<!doctype html><p>no extension, but a page</p>")
	write("in/manifest.json", "{\n  \"records\": 3\n}\n")                            // a JSON document
	write("in/records.data", "\xef\xbb\xbf{\"text\":\"one\"}\n{\"text\":\"two\"}\n") // JSON lines by content
	write("in/out/articles.jsonl", `{"text":"an earlier run's output"}`)
	write("elsewhere/b.html", "<html><p>b</p></html>")
	write("elsewhere/sub/c.warc", "WARC/1.0\r\n")
	link(filepath.Join(dir, "elsewhere"), "in/linked")                 // a directory outside
	link(filepath.Join(dir, "in"), "in/loop")                          // a loop
	link(filepath.Join(dir, "elsewhere", "b.html"), "in/b-again.html") // a file seen again
	link(filepath.Join(dir, "gone.html"), "in/broken.html")            // broken

	var skipped []string
	sep := string(filepath.Separator)
	files, err := ExpandOptions{
		Exclude: []string{filepath.Join(dir, "in", "out")},
		Skipped: func(path, why string) { skipped = append(skipped, filepath.Base(path)) },
	}.Expand([]string{
		filepath.Join(dir, "in"),
		filepath.Join(dir, "in", "a.html"),            // again, by name
		dir + sep + "in" + sep + "." + sep + "a.html", // again, another spelling
		filepath.Join(dir, "elsewhere"),               // again, the linked directory
		filepath.Join(dir, "in", "README.md"),         // named: an input
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"in/a.html", "in/b-again.html", "in/linked/sub/c.warc", "in/page", "in/records.data", "in/README.md"}
	if !slices.Equal(got, want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
	slices.Sort(skipped)
	if wantSkipped := []string{"LICENSE", "README.md", "broken.html", "elsewhere", "loop", "manifest.json", "out"}; !slices.Equal(skipped, wantSkipped) {
		t.Errorf("skipped %q, want %q", skipped, wantSkipped)
	}
}

// TestCutJSONLGzip cuts a .jsonl.gz inside its last line: each line has
// one outcome, the cut one failed as truncated at its own offset.
func TestCutJSONLGzip(t *testing.T) {
	var plain bytes.Buffer
	var offsets []int64
	for i := range 3 {
		offsets = append(offsets, int64(plain.Len()))
		plain.WriteString(`{"id":"r` + string(rune('0'+i)) + `","text":"` + strings.Repeat("word"+string(rune('a'+i))+" ", 3000) + `"}` + "\n")
	}
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(plain.Bytes())
	w.Close()
	p := filepath.Join(t.TempDir(), "cut.jsonl.gz")
	if err := os.WriteFile(p, z.Bytes()[:z.Len()*9/10], 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []*copydesk.Document
	for d := range Documents([]string{p}, nil, Options{}) {
		docs = append(docs, d)
	}
	if len(docs) != 3 {
		t.Fatalf("%d Documents for 3 lines", len(docs))
	}
	last := docs[2]
	if last.Outcome != copydesk.Failed || !errors.Is(last.Err, copydesk.ErrTruncated) || last.Source.Offset != offsets[2] {
		t.Errorf("the cut line: outcome %v, error %v, offset %d; want failed, truncated, at %d", last.Outcome, last.Err, last.Source.Offset, offsets[2])
	}
}

// TestTextOutputSniffed checks that copydesk's text output (no date
// header; "|||" after the last paragraph) is read back as seed without
// --input-format, and that text with "|||" in any other shape is not.
func TestTextOutputSniffed(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data  string
		format      copydesk.Format
		text, descr string
	}{
		{"text output", "First paragraph.\n\nLast one.|||\n\nThe summary.", copydesk.FormatSeed, "First paragraph.\n\nLast one.", "The summary."},
		{"no summary", "Only paragraph.|||\n\n", copydesk.FormatSeed, "Only paragraph.", ""},
		{"twice", "A|||\n\nB|||\n\nC", copydesk.FormatText, "A|||\n\nB|||\n\nC", ""},
		{"at a line start", "A table\n|||\n\nrow", copydesk.FormatText, "A table\n|||\n\nrow", ""},
		{"inside a line", "cells a ||| b ||| c", copydesk.FormatText, "cells a ||| b ||| c", ""},
		{"no blank line after", "left|||right", copydesk.FormatText, "left|||right", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".txt")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			docs := collect(t, []string{path}, "", Options{})
			if len(docs) != 1 {
				t.Fatalf("%d documents", len(docs))
			}
			d := docs[0]
			if d.Source.Format != tc.format || d.Text != tc.text || d.Description != tc.descr {
				t.Errorf("format %q, text %q, description %q; want %q, %q, %q", d.Source.Format, d.Text, d.Description, tc.format, tc.text, tc.descr)
			}
			// Forced, the format is what it says.
			if d := collect(t, []string{path}, "", Options{Format: copydesk.FormatText})[0]; d.Text != tc.data {
				t.Errorf("--input-format text: text %q", d.Text)
			}
		})
	}
}

// TestBlockClassHuge checks that a size past the largest pooled block,
// up to the largest int, is refused at once: doubling toward it would
// wrap around and never end.
func TestBlockClassHuge(t *testing.T) {
	for _, n := range []int{maxPooledBlock + 1, 1 << 62, 1<<62 + 1, math.MaxInt} {
		if _, _, ok := blockClass(n); ok {
			t.Errorf("blockClass(%d) pooled", n)
		}
	}
	if _, c, ok := blockClass(maxPooledBlock); !ok || c != maxPooledBlock {
		t.Errorf("blockClass(%d) = %d, %v", maxPooledBlock, c, ok)
	}
}
