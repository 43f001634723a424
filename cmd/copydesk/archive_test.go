package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/warc"
)

// writeArchive writes a WARC of the given records, each a response to
// one URL with the given WARC Content-Type and block.
func writeArchive(t *testing.T, path string, blocks [][2]string) {
	t.Helper()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	for i, b := range blocks {
		var h warc.Header
		h.Set("WARC-Type", warc.TypeResponse)
		h.Set("WARC-Target-URI", "https://news.example/"+string(rune('a'+i%26))+strings.Repeat("x", i/26))
		h.Set("WARC-Date", "2026-03-20T10:00:00Z")
		h.Set("Content-Type", b[0])
		if _, err := w.Write(h, []byte(b[1])); err != nil {
			t.Fatal(err)
		}
	}
	mustWriteFile(t, path, buf.Bytes())
}

// TestRunHeaderlessArchive: an archive whose response records hold the
// page itself, without HTTP headers, gives its articles.
func TestRunHeaderlessArchive(t *testing.T) {
	dir := t.TempDir()
	page := string(samplePage(t))
	in := filepath.Join(dir, "headerless.warc.gz")
	writeArchive(t, in, [][2]string{{"text/html", page}, {"", page}})
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "", "run", "--quiet", "--strict", "-o", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := readManifest(t, out)
	if m.Kept != 2 || len(m.Warnings) > 0 {
		t.Errorf("kept %d of %d, dropped %v, warnings %q: want both pages kept", m.Kept, m.Records, m.DroppedBy, m.Warnings)
	}
}

// TestRunMostlyDropped: an archive most of whose records are dropped for
// one unusual reason warns, and fails the run with --strict.
func TestRunMostlyDropped(t *testing.T) {
	dir := t.TempDir()
	page := string(samplePage(t))
	var blocks [][2]string
	for i := range 25 {
		status := "404 Not Found"
		if i%5 == 0 {
			status = "200 OK"
		}
		blocks = append(blocks, [2]string{"application/http; msgtype=response", "HTTP/1.1 " + status + "\r\nContent-Type: text/html\r\n\r\n" + page})
	}
	in := filepath.Join(dir, "errors.warc.gz")
	writeArchive(t, in, blocks)
	for _, strict := range []bool{false, true} {
		out := filepath.Join(dir, "out")
		args := []string{"run", "--quiet", "--overwrite", "-o", out, in}
		want := exitOK
		if strict {
			args, want = append(args, "--strict"), exitFailed
		}
		code, _, stderr := runCLI(t, "", args...)
		if code != want || !strings.Contains(stderr, "20 of its 25 archive records dropped as http-error") {
			t.Errorf("strict %v: exit %d, want %d; stderr %s", strict, code, want, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Warnings      []string
			MostlyDropped []string `json:"mostly_dropped"`
		}
		json.Unmarshal(data, &m)
		if len(m.Warnings) != 1 || len(m.MostlyDropped) != 1 || m.MostlyDropped[0] != in {
			t.Errorf("strict %v: manifest warnings %q, mostly dropped %q", strict, m.Warnings, m.MostlyDropped)
		}
	}
}

// TestRunBadWARCDate: a record whose WARC-Date is not a date is counted
// and warned of, and its fetched is null.
func TestRunBadWARCDate(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	var h warc.Header
	h.Set("WARC-Type", warc.TypeResource)
	h.Set("WARC-Target-URI", "https://news.example/a")
	h.Set("WARC-Date", "2026-03-65T10:00:00Z")
	h.Set("Content-Type", "text/html")
	if _, err := w.Write(h, samplePage(t)); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "bad-date.warc.gz")
	mustWriteFile(t, in, buf.Bytes())
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "", "run", "--quiet", "-o", out, in)
	if code != exitOK || !strings.Contains(stderr, "bad-warc-date: 1 of the records read") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := readManifest(t, out)
	if m.WarnedBy["bad-warc-date"] != 1 || m.Kept != 1 {
		t.Errorf("warned %v, kept %d", m.WarnedBy, m.Kept)
	}
	data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	if v, ok := rec["fetched"]; !ok || v != nil {
		t.Errorf("fetched %v, want null", v)
	}
}

// TestRunRecordLocations: every article of an archive says where its
// record is stored, as an index gives it, and the record is there.
func TestRunRecordLocations(t *testing.T) {
	in := filepath.Join("..", "..", "testdata", "sample", "crawl.warc.gz")
	stored, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "-o", out, in); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, line := range lines {
		var rec record.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.WARCOffset == nil || rec.WARCLength == nil || rec.WARCRecordID == nil || rec.HTTPStatus == nil || *rec.HTTPStatus != 200 || rec.ContentType == nil {
			t.Errorf("record without its location: %s", line)
			continue
		}
		off, n := *rec.WARCOffset, *rec.WARCLength
		zr, err := gzip.NewReader(bytes.NewReader(stored[off : off+n]))
		if err != nil {
			t.Fatal(err)
		}
		member, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		r, err := warc.NewReader(bytes.NewReader(member)).Next()
		if err != nil || r.ID() != *rec.WARCRecordID {
			t.Errorf("at %d+%d: record %v (%v), want %s", off, n, r, err, *rec.WARCRecordID)
		}
	}
	if len(lines) < 3 {
		t.Errorf("%d articles", len(lines))
	}
}
