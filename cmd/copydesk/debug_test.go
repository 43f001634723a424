package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/warc"
)

// dropLines reads a --drops file.
func dropLines(t *testing.T, path string) []dropLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []dropLine
	dec := json.NewDecoder(f)
	for {
		var l dropLine
		if err := dec.Decode(&l); err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
}

// TestRunDrops checks that --drops lists every record not kept, those a
// corpus stage dropped included, once each, with the manifest's reasons.
func TestRunDrops(t *testing.T) {
	dir := t.TempDir()
	news := filterInput(t, dir)
	extra := writeLines(t, dir, "extra.jsonl",
		jsonRecord{ID: "copy", URL: "https://copy.example/a", Date: "2024-03-05", Text: englishText(4)},
		`{"text": not json}`,
		jsonRecord{ID: "short", URL: "https://example.com/short", Text: "The council met on Monday to discuss the budget."},
	)
	sample := filepath.Join("..", "..", "testdata", "sample")
	out := filepath.Join(dir, "out")
	drops := filepath.Join(dir, "drops.jsonl")
	code, _, stderr := runCLI(t, "", "run", "--quiet", "-o", out, "--drops", drops, "--dedup", "canonical", "--lang", "en", news, extra, sample)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := readManifest(t, out)
	lines := dropLines(t, drops)
	if int64(len(lines)) != m.Dropped+m.Failed {
		t.Fatalf("%d lines, want dropped %d + failed %d", len(lines), m.Dropped, m.Failed)
	}
	dropped, failed := map[string]int64{}, map[string]int64{}
	seen := map[string]bool{}
	for _, l := range lines {
		key := fmt.Sprintf("%s@%d", l.File, l.Offset)
		if seen[key] {
			t.Errorf("%s listed twice", key)
		}
		seen[key] = true
		switch l.Outcome {
		case "dropped":
			dropped[l.Reason]++
		case "failed":
			failed[l.Reason]++
			if l.Error == "" {
				t.Errorf("%s failed without its error", key)
			}
		default:
			t.Errorf("%s: outcome %q", key, l.Outcome)
		}
		if l.File == "" {
			t.Errorf("line without a file: %+v", l)
		}
	}
	if !maps.Equal(dropped, m.DroppedBy) || !maps.Equal(failed, m.FailedBy) {
		t.Errorf("drops file counts dropped %v failed %v, manifest %v %v", dropped, failed, m.DroppedBy, m.FailedBy)
	}
	for _, reason := range []string{"duplicate", "other-lang"} {
		if dropped[reason] == 0 {
			t.Errorf("no record dropped as %s: %v", reason, dropped)
		}
	}
	if failed["bad-json"] != 1 {
		t.Errorf("failed = %v, want the line that is not JSON", failed)
	}
}

// TestRunDropsAmongInputs checks that a --drops file that is an input, or
// lies in an input directory, is refused before anything is written: it
// would empty the input, or be read as one while it grows.
func TestRunDropsAmongInputs(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(data, "a.jsonl")
	body := []byte(`{"id":"a","text":"short"}` + "\n")
	if err := os.WriteFile(in, body, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ drops, input string }{
		{in, in},
		{filepath.Join(data, "drops.jsonl"), data},
		{filepath.Join(data, "drops.jsonl"), filepath.Join(data, "*.jsonl")},
	} {
		code, _, stderr := runCLI(t, "", "run", "--quiet", "-o", filepath.Join(dir, "out"), "--drops", c.drops, c.input)
		if code != exitUsage || !strings.Contains(stderr, "--drops") {
			t.Errorf("--drops %s with input %s: exit %d, %q; want a usage error naming --drops", c.drops, c.input, code, stderr)
		}
	}
	if got, _ := os.ReadFile(in); string(got) != string(body) {
		t.Errorf("the input was changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(data, "drops.jsonl")); err == nil {
		t.Error("a drops file was created among the inputs")
	}
}

// testArchive writes a gzipped WARC with, for each of two golden pages,
// a request record then the response, and a WET conversion record. It
// returns its path and the pages' paths and URLs.
func testArchive(t *testing.T, dir string) (string, []string, []string) {
	t.Helper()
	golden, _ := filepath.Glob(filepath.Join("..", "..", "article", "testdata", "golden", "*.html"))
	if len(golden) < 2 {
		t.Fatal("no golden pages")
	}
	pages := golden[:2]
	path := filepath.Join(dir, "crawl.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	w := warc.NewWriter(bw, true)
	at := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	var urls []string
	for i, p := range pages {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		uri := fmt.Sprintf("https://news.example/story/%d.html", i)
		urls = append(urls, uri)
		req := warc.Header{{Name: "WARC-Type", Value: "request"}, {Name: "WARC-Target-URI", Value: uri},
			{Name: "WARC-Date", Value: at.Format(time.RFC3339)}, {Name: "Content-Type", Value: "application/http; msgtype=request"}}
		if _, err := w.Write(req, []byte("GET /story HTTP/1.1\r\nHost: news.example\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(warc.ResponseHeader(uri, at), warc.HTTPBlock("text/html", body)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Write(warc.ConversionHeader("https://news.example/plain", at), []byte(englishText(5))); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path, pages, urls
}

// TestPackArchive checks that pack, given an archive, writes its pages
// and its conversion record again and leaves out, naming each, the
// records a run drops as holding no page.
func TestPackArchive(t *testing.T) {
	dir := t.TempDir()
	archive, _, _ := testArchive(t, dir)
	out := filepath.Join(dir, "again.warc.gz")
	code, _, stderr := runCLI(t, "", "pack", "-o", out, archive)
	if code != exitOK || !strings.Contains(stderr, "3 records written, 2 inputs skipped") || strings.Count(stderr, "not a page: the record is dropped as warc-request") != 2 {
		t.Fatalf("pack: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "run", "--quiet", "--min-words", "0", "-o", filepath.Join(dir, "out"), out)
	if m, err := pipeline.ReadManifest(filepath.Join(dir, "out", "manifest.json")); code != exitOK || err != nil || m.Records != 3 || m.Kept != 3 {
		t.Errorf("run on the packed archive: exit %d, %v: %+v (%s)", code, err, m, stderr)
	}
}

// TestArchivePick checks that extract, wet and clean read one record of
// an archive, picked by offset or URL, as they read the page on its own,
// and refuse an archive when no record is picked.
func TestArchivePick(t *testing.T) {
	dir := t.TempDir()
	archive, pages, urls := testArchive(t, dir)
	// The records' offsets, as a run gives them.
	drops := filepath.Join(dir, "drops.jsonl")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--min-words", "0", "-o", filepath.Join(dir, "out"), "--drops", drops, archive); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	offsets := map[string]int64{}
	data, _ := os.ReadFile(filepath.Join(dir, "out", "articles.jsonl"))
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var r struct {
			URL    string `json:"url"`
			Offset int64  `json:"source_offset"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		offsets[r.URL] = r.Offset
	}
	var requestOffset int64 = -1
	for _, l := range dropLines(t, drops) {
		if l.Reason == "warc-request" && requestOffset < 0 {
			requestOffset = l.Offset
		}
	}
	if len(offsets) != 3 || requestOffset < 0 {
		t.Fatalf("offsets %v, request at %d: want two pages, the WET record and a request", offsets, requestOffset)
	}
	for _, cmd := range []string{"extract", "wet", "clean"} {
		for i, page := range pages {
			code, want, stderr := runCLI(t, "", cmd, "--url", urls[i], page)
			if cmd == "wet" || cmd == "clean" {
				code, want, stderr = runCLI(t, "", cmd, page)
			}
			if code != exitOK || want == "" {
				t.Fatalf("%s %s: exit %d: %s", cmd, page, code, stderr)
			}
			for _, how := range [][]string{{"--offset", fmt.Sprint(offsets[urls[i]])}, {"--url", urls[i]}} {
				code, got, stderr := runCLI(t, "", append([]string{cmd}, append(how, archive)...)...)
				if code != exitOK || got != want {
					t.Errorf("%s %v: exit %d, stderr %q; output differs from the page's own: %d bytes against %d", cmd, how, code, stderr, len(got), len(want))
				}
			}
		}
		// No record picked: refused, with what to do.
		code, stdout, stderr := runCLI(t, "", cmd, archive)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "pick one with --offset N") {
			t.Errorf("%s on the archive: exit %d, stdout %q, stderr %q", cmd, code, stdout, stderr)
		}
		// A request record is not a page; an offset no record is at.
		if code, _, stderr := runCLI(t, "", cmd, "--offset", fmt.Sprint(requestOffset), archive); code != exitError || !strings.Contains(stderr, "not a page") || !strings.Contains(stderr, "warc-request") {
			t.Errorf("%s --offset of a request: exit %d, stderr %q", cmd, code, stderr)
		}
		if code, _, stderr := runCLI(t, "", cmd, "--offset", "7", archive); code != exitError || !strings.Contains(stderr, "no record starts at offset 7") {
			t.Errorf("%s --offset 7: exit %d, stderr %q", cmd, code, stderr)
		}
	}
	// The WET conversion record: wet prints it as it is, clean cleans it,
	// extract says it has no page to extract.
	wetOffset := fmt.Sprint(offsets["https://news.example/plain"])
	if code, got, _ := runCLI(t, "", "wet", "--offset", wetOffset, archive); code != exitOK || got != englishText(5)+"\n" {
		t.Errorf("wet of the conversion record: exit %d, %q", code, got)
	}
	if code, _, stderr := runCLI(t, "", "extract", "--offset", wetOffset, archive); code != exitError || !strings.Contains(stderr, "copydesk clean reads it") {
		t.Errorf("extract of the conversion record: exit %d, %q", code, stderr)
	}
	// clean --explain heads the blocks with where they came from; an
	// archive on standard input is picked from too.
	arch, _ := os.ReadFile(archive)
	code, got, stderr := runCLI(t, string(arch), "clean", "--explain", "--url", urls[1], "-")
	wantHead := fmt.Sprintf("# -@%d %s\n", offsets[urls[1]], urls[1])
	if code != exitOK || !strings.HasPrefix(got, wantHead) || !strings.Contains(got, "\n+ ") {
		t.Errorf("clean --explain of stdin: exit %d, stderr %q, output starts %.120q, want %q", code, stderr, got, wantHead)
	}
}
