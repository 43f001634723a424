package source

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk"
)

func FuzzSniff(f *testing.F) {
	f.Add("a.txt", []byte(" date 2017-04-19 Text"))
	f.Add("a.JSONL", []byte("garbage"))
	f.Add("page", []byte("\xef\xbb\xbf <!DOCTYPE html>"))
	f.Add("a", []byte("WARC/1.1\r\n"))
	f.Add("", []byte("date 2017-04-1"))
	f.Add("x.gz", []byte{0x1f, 0x8b, 0x08})
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := Sniff(name, head)
		switch got {
		case copydesk.FormatSeed, copydesk.FormatText, copydesk.FormatJSONL, copydesk.FormatHTML, "warc":
		default:
			t.Fatalf("Sniff(%q, %q) = %q, not a known format", name, head, got)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("café"))
	f.Add([]byte("\xef\xbb\xbfcafé"))
	f.Add([]byte("caf\xe9 cr\xe8me"))
	f.Add([]byte("café crème \xff"))
	f.Add([]byte("\xff\xfec\x00a\x00f\x00\xe9\x00"))
	f.Add([]byte("\xfe\xff\x00c\xd8\x00"))
	f.Add([]byte("\x81\x8d\x8f\x90\x9d"))
	f.Add([]byte("abc\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := Decode(data)
		if err != nil {
			if !errors.Is(err, copydesk.ErrBinary) {
				t.Fatalf("Decode(%q): unexpected error %v", data, err)
			}
			if text != "" || enc != "" {
				t.Fatalf("Decode(%q) = %q, %q with error %v", data, text, enc, err)
			}
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("Decode(%q) = %q, not valid UTF-8", data, text)
		}
		switch enc {
		case "":
			if want := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))); text != want {
				t.Fatalf("Decode(%q) = %q, want the input unchanged", data, text)
			}
		case "utf-16", "utf-8-repaired", "windows-1252":
		default:
			t.Fatalf("Decode(%q): unknown encoding %q", data, enc)
		}
		// Text is never binary at its start. (Repairing UTF-8 can shrink a
		// run of bad bytes, so it is exempt: a NUL beyond the examined head
		// may move into it.)
		if head := text[:min(len(text), 8<<10)]; enc != "utf-8-repaired" && strings.IndexByte(head, 0) >= 0 {
			t.Fatalf("Decode(%q) = %q, %q: NUL in text", data, text, enc)
		}
	})
}

// fuzzMaxRecord is the record cap FuzzJSONL reads with, small so that the
// fuzzer reaches the too-large path with short inputs.
const fuzzMaxRecord = 64

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id": 7, "text": "first", "url": "u"}` + "\n" + `{"html": "<p>x</p>"}`))
	f.Add([]byte("not json\n\n  \n{\"text\": \"\"}\r\n{\"url\": \"no text\"}"))
	f.Add([]byte(`{"text": "` + string(bytes.Repeat([]byte("x"), 70)) + `"}` + "\n{\"text\": \"b\"}\n"))
	f.Add([]byte("null\n[1]\n\"s\"\n{\"text\": 5}\n{\"text\": \"\xff\"}"))
	f.Add([]byte("{\"text\": \"a\"}}\n{\"text\"\n"))
	f.Add([]byte("\xef\xbb\xbf{\"text\": \"bom\"}\n\xef\xbb\xbf{}"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"text": "zipped"}` + "\n" + `{"text": "twice"}`))
	zw.Close()
	f.Add(gz.Bytes())
	f.Add(gz.Bytes()[:gz.Len()/2])
	f.Fuzz(func(t *testing.T, input []byte) {
		stream, zipped := input, false
		if len(input) >= 2 && input[0] == 0x1f && input[1] == 0x8b {
			// Offsets count decompressed bytes.
			zipped = true
			stream = nil
			if zr, err := gzip.NewReader(bytes.NewReader(input)); err == nil {
				stream, _ = io.ReadAll(zr)
			}
		}
		opts := Options{Format: copydesk.FormatJSONL, MaxRecordBytes: fuzzMaxRecord}
		var prev int64
		var docs []*copydesk.Document
		for d := range Documents([]string{Stdin}, bytes.NewReader(input), opts) {
			docs = append(docs, d)
			off := d.Source.Offset
			if d.Source.File != Stdin || d.Source.Format != copydesk.FormatJSONL {
				t.Fatalf("document %d: provenance %+v", len(docs), d.Source)
			}
			if off < prev || off > int64(len(stream)) {
				t.Fatalf("document %d: offset %d after %d, input length %d", len(docs), off, prev, len(stream))
			}
			prev = off
			if d.Err != nil {
				var pe *copydesk.ParseError
				if !errors.As(d.Err, &pe) || pe.File != Stdin || pe.Offset != off {
					t.Fatalf("document %d at %d: error %v is not a ParseError at its offset", len(docs), off, d.Err)
				}
				continue
			}
			checkRecord(t, d, stream)
		}
		if zipped {
			return
		}
		if want := records(input); len(docs) != want {
			t.Fatalf("%d documents from %d records", len(docs), want)
		}
	})
}

// checkRecord checks a Document read without error against the line at
// its offset: the line fits the cap, and its text or html field is what
// the Document holds.
func checkRecord(t *testing.T, d *copydesk.Document, stream []byte) {
	t.Helper()
	line := stream[d.Source.Offset:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	if len(line) > fuzzMaxRecord {
		t.Fatalf("record at %d: %d bytes read despite the %d byte cap", d.Source.Offset, len(line), fuzzMaxRecord)
	}
	var rec struct {
		Text *string `json:"text"`
		HTML *string `json:"html"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		t.Fatalf("record at %d: line %q read without error but does not parse: %v", d.Source.Offset, line, err)
	}
	switch {
	case rec.HTML != nil:
		if d.HTML == nil || string(d.HTML) != *rec.HTML || d.Text != "" {
			t.Fatalf("record at %d: html %q read as Text %q, HTML %q", d.Source.Offset, *rec.HTML, d.Text, d.HTML)
		}
	case rec.Text != nil:
		if d.Text != *rec.Text || d.HTML != nil {
			t.Fatalf("record at %d: text %q read as Text %q, HTML %q", d.Source.Offset, *rec.Text, d.Text, d.HTML)
		}
	default:
		t.Fatalf("record at %d: line %q has neither text nor html, yet no error", d.Source.Offset, line)
	}
	if !utf8.ValidString(d.Text) || !utf8.Valid(d.HTML) {
		t.Fatalf("record at %d: invalid UTF-8", d.Source.Offset)
	}
	if d.ID == "" {
		t.Fatalf("record at %d: no ID", d.Source.Offset)
	}
}

// records counts the JSONL records of input as FuzzJSONL reads it: lines
// that are not blank, and lines over the cap whatever they hold.
func records(input []byte) int {
	n, first := 0, true
	for line := range bytes.Lines(input) {
		text := line
		if first {
			// A byte order mark starting the file is not content.
			text, first = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")), false
		}
		if len(line) > fuzzMaxRecord || len(bytes.TrimSpace(text)) > 0 {
			n++
		}
	}
	return n
}
