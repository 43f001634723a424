package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk/warc"
)

// runCLI runs the command in-process and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

var spaceRun = regexp.MustCompile(` +`)

// normalize reads U+00A0 as a space and collapses runs of spaces, the
// comparison the reference pair is defined by.
func normalize(s string) string {
	return spaceRun.ReplaceAllString(strings.ReplaceAll(s, "\u00a0", " "), " ")
}

func TestSeedReference(t *testing.T) {
	out := t.TempDir()
	in := filepath.Join("..", "..", "testdata", "seeds", "001_7c121ca569c68443.txt")
	want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", "000_eff3f4ea99f72c04.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", "run", "--format", "text", "-o", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.txt"))
	if len(files) != 1 {
		t.Fatalf("got %d output files, want 1", len(files))
	}
	got, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if g, w := normalize(string(got)), normalize(string(want)); g != w {
		t.Errorf("output differs from the reference\n--- got\n%s\n--- want\n%s", g, w)
	}
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Records != 1 || m.Kept != 1 {
		t.Errorf("manifest: %+v", m)
	}
}

func TestRunJSONL(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, "", "run", "-o", out, filepath.Join("..", "..", "testdata", "sample"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(lines)) != m.Kept {
		t.Errorf("%d lines, manifest says %d kept", len(lines), m.Kept)
	}
	if m.Kept+m.Dropped+m.Failed != m.Records || m.Records == 0 {
		t.Errorf("manifest does not add up: %+v", m)
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("bad output line %q: %v", line, err)
		}
		for _, field := range []string{"id", "text", "summary", "summary_method", "source_file"} {
			if _, ok := rec[field]; !ok {
				t.Errorf("record lacks %q", field)
			}
		}
	}
}

// TestBadInput gives every kind of bad input one clear outcome and checks
// that the manifest accounts for every record.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	prose := strings.Repeat("The council said on Monday that the new bridge would open to traffic next spring after years of delay. ", 3)
	good := write("good.txt", []byte(prose))
	empty := write("empty.txt", nil)
	binary := write("binary.bin", []byte("\x00\x01\x02\x03PK\x03\x04\x00\x00garbage"))
	latin1 := write("latin1.txt", []byte("Le conseil municipal a d\xe9cid\xe9 lundi que le nouveau pont ouvrira au printemps prochain apr\xe8s des ann\xe9es de retard, a annonc\xe9 le maire."))
	jsonlFile := write("mixed.jsonl", []byte(`{"text": "`+prose+`", "id": "a"}
this line is not json
{"id": "b"}
{"text": ""}

{"text": "`+prose+`", "id": "c", "description": "The bridge opens next spring, the council said."}
`))
	// 100 MB with no newline, written in chunks so the test stays small.
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("word "), 1<<18)
	for written := 0; written < 100<<20; written += len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()

	out := t.TempDir()
	code, _, stderr := runCLI(t, "", "run", "-o", out, "--quiet", good, empty, binary, latin1, jsonlFile, huge)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	// good, empty, binary, latin1, huge: one record each; mixed: five.
	if m.Records != 10 {
		t.Errorf("records = %d, want 10", m.Records)
	}
	if m.Kept+m.Dropped+m.Failed != m.Records {
		t.Errorf("manifest does not add up: %+v", m)
	}
	want := map[string]int64{"kept": 4, "dropped/empty": 2, "failed/binary": 1, "failed/too-large": 1, "failed/bad-json": 1, "failed/no-text": 1}
	got := map[string]int64{"kept": m.Kept}
	for k, v := range m.DroppedBy {
		got["dropped/"+k] = v
	}
	for k, v := range m.FailedBy {
		got["failed/"+k] = v
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d (manifest %+v)", k, got[k], v, m)
		}
	}
	for _, note := range m.Failures {
		if note.File == "" || note.Error == "" {
			t.Errorf("failure without file or error: %+v", note)
		}
		if strings.HasSuffix(note.File, "mixed.jsonl") && note.Offset == 0 {
			t.Errorf("jsonl failure at offset 0, want the line's offset: %+v", note)
		}
	}
	// With --strict, the failures turn into exit code 3.
	code, _, _ = runCLI(t, "", "run", "-o", t.TempDir(), "--quiet", "--strict", binary)
	if code != exitFailed {
		t.Errorf("--strict exit = %d, want %d", code, exitFailed)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "sample")
	var outputs []string
	for _, w := range []string{"1", "2", "7"} {
		out := t.TempDir()
		if code, _, stderr := runCLI(t, "", "run", "-o", out, "--quiet", "--workers", w, sample, sample); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "articles.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(data))
	}
	for i := 1; i < len(outputs); i++ {
		if outputs[i] != outputs[0] {
			t.Errorf("output with worker setting %d differs from the first", i)
		}
	}
}

func TestClean(t *testing.T) {
	in := filepath.Join("..", "..", "testdata", "seeds", "001_7c121ca569c68443.txt")
	code, out, stderr := runCLI(t, "", "clean", in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "1/20") || !strings.Contains(out, "Security measures") {
		t.Errorf("clean output not cleaned:\n%s", out)
	}
	code, out, _ = runCLI(t, "", "clean", "--explain", in)
	if code != exitOK {
		t.Fatalf("explain exit %d", code)
	}
	if !strings.Contains(out, "- [gallery-counter] 1/20 10 April 2017") || !strings.Contains(out, "+ Security measures") {
		t.Errorf("explain output lacks the expected verdicts:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"no command", nil, exitUsage},
		{"help", []string{"help"}, exitOK},
		{"unknown", []string{"frobnicate"}, exitUsage},
		{"run without output", []string{"run", "x.txt"}, exitUsage},
		{"run bad format", []string{"run", "-o", "x", "--format", "xml", "x.txt"}, exitUsage},
		{"run help", []string{"run", "--help"}, exitOK},
		{"clean help", []string{"clean", "-h"}, exitOK},
		{"missing input", []string{"run", "-o", "x", "does-not-exist.txt"}, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, _ := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	page := filepath.Join("..", "..", "testdata", "sample", "valley-bridge.html")
	code, stdout, stderr := runCLI(t, "", "extract", page)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "Councillors voted on Tuesday night") || strings.Contains(stdout, "Share on Facebook") {
		t.Errorf("extract printed:\n%s", stdout)
	}
	code, stdout, stderr = runCLI(t, "", "extract", "--json", "--url", "https://news.example/bridge", page)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rec extractRecord
	if err := json.Unmarshal([]byte(stdout), &rec); err != nil {
		t.Fatalf("--json printed %q: %v", stdout, err)
	}
	if rec.Title != "Council approves new bridge over the river" || rec.Published != "2024-03-14T09:30:00Z" ||
		rec.DateSource != "json-ld" || rec.URL != "https://news.example/bridge" || len(rec.Paragraphs) == 0 {
		t.Errorf("--json record: %+v", rec)
	}
	if !slices.Equal(rec.Authors, []string{"Jane Marsh"}) || rec.SiteName != "The Valley Courier" ||
		rec.Canonical != "https://news.example/news/2024/03/14/council-approves-bridge" ||
		rec.Image != "https://news.example/images/bridge-impression.jpg" || rec.Type != "NewsArticle" ||
		!strings.HasPrefix(rec.Description, "A pedestrian bridge") {
		t.Errorf("--json metadata: %+v", rec)
	}
	code, stdout, _ = runCLI(t, "", "extract", "--explain", page)
	if code != exitOK || !strings.Contains(stdout, "- [caption] An artist's impression") {
		t.Errorf("--explain: exit %d, printed:\n%s", code, stdout)
	}
	if code, _, _ := runCLI(t, "", "extract"); code != exitUsage {
		t.Errorf("extract without a file: exit %d, want %d", code, exitUsage)
	}
}

// TestPackAndRunWARC packs web pages into a WARC, runs the pipeline on it
// and on the sample crawl, and checks that every record is accounted for.
func TestPackAndRunWARC(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "pages.warc.gz")
	golden := filepath.Join("..", "..", "article", "testdata", "golden")
	code, _, stderr := runCLI(t, "", "pack", "-o", archive, "--base-url", "https://news.example/",
		"--date", "2026-03-20T10:00:00Z", filepath.Join(golden, "news-chrome.html"), filepath.Join(golden, "not-article.html"))
	if code != exitOK || !strings.Contains(stderr, "2 records written") {
		t.Fatalf("pack: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		input                 string
		records, kept, noArts int64
	}{
		{archive, 2, 1, 1},
		{filepath.Join("..", "..", "testdata", "sample", "crawl.warc.gz"), 4, 3, 1},
	} {
		out := filepath.Join(dir, filepath.Base(tc.input)+".out")
		code, _, stderr = runCLI(t, "", "run", "--quiet", "-o", out, tc.input)
		if code != exitOK {
			t.Fatalf("run %s: exit %d: %s", tc.input, code, stderr)
		}
		m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		if m.Records != tc.records || m.Kept != tc.kept || m.DroppedBy["no-article"] != tc.noArts {
			t.Errorf("%s: manifest %+v", tc.input, m)
		}
		data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
		var rec map[string]any
		json.Unmarshal([]byte(strings.SplitN(string(data), "\n", 2)[0]), &rec)
		if !strings.HasPrefix(rec["url"].(string), "https://news.example/") || rec["fetched"] != "2026-03-20T10:00:00Z" ||
			rec["source_format"] != "warc" {
			t.Errorf("%s: first record %v", tc.input, rec)
		}
	}
}

func TestProgressLine(t *testing.T) {
	var read atomic.Int64
	read.Store(50 << 20)
	p := &progress{total: 100 << 20, read: &read}
	p.docs.Store(1000)
	got := p.line(10 * time.Second)
	want := "50.0 MiB / 100.0 MiB  50%  1000 docs  5.0 MiB/s  100 docs/s  ETA 10s"
	if got != want {
		t.Errorf("line = %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if isTerminal(&buf) {
		t.Error("a buffer is a terminal")
	}
	startProgress(&buf, 1, &read, 0).finish()
	if buf.Len() != 0 {
		t.Errorf("progress drawn on a buffer without an interval: %q", buf.String())
	}
}

func TestRunParquet(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "sample")
	for _, args := range [][]string{{"--format", "parquet"}, {"--format", "parquet", "--resume"},
		{"--format", "parquet", "--dedup", "mark", "--site-boilerplate"}} {
		out := t.TempDir()
		code, _, stderr := runCLI(t, "", append(append([]string{"run", "--quiet", "-o", out}, args...), sample)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		files, _ := filepath.Glob(filepath.Join(out, "*.parquet"))
		shards, _ := filepath.Glob(filepath.Join(out, "shards", "*.parquet"))
		files = append(files, shards...)
		if len(files) == 0 {
			t.Fatalf("%v: no Parquet file written", args)
		}
		for _, f := range files {
			data, _ := os.ReadFile(f)
			if !bytes.HasPrefix(data, []byte("PAR1")) || !bytes.HasSuffix(data, []byte("PAR1")) {
				t.Errorf("%s is not a Parquet file", f)
			}
			if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o644 {
				t.Errorf("%s: mode %v", f, fi.Mode())
			}
		}
	}
}

// TestDedup runs the sample crawl twice over: each story is told twice.
// With mark every record is kept and marked; with canonical the copies
// are dropped as duplicates; clusters lists the stories.
func TestDedup(t *testing.T) {
	crawl := filepath.Join("..", "..", "testdata", "sample", "crawl.warc.gz")
	// The same crawl again, by another name (a file named twice is read
	// once).
	data, err := os.ReadFile(crawl)
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(t.TempDir(), "again.warc.gz")
	if err := os.WriteFile(again, data, 0o644); err != nil {
		t.Fatal(err)
	}
	marked, kept := t.TempDir(), t.TempDir()
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--dedup", "mark", "-o", marked, crawl, again); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--dedup", "canonical", "-o", kept, crawl, again); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	mm, _ := pipeline.ReadManifest(filepath.Join(marked, "manifest.json"))
	mk, _ := pipeline.ReadManifest(filepath.Join(kept, "manifest.json"))
	if mm.Kept != 6 || mm.Clusters != 3 || mm.Duplicates != 3 {
		t.Errorf("mark: manifest %+v", mm)
	}
	if mk.Kept != 3 || mk.DroppedBy["duplicate"] != 3 || mk.Records != mm.Records || mk.Kept+mk.Dropped+mk.Failed != mk.Records {
		t.Errorf("canonical: manifest %+v", mk)
	}
	data, _ = os.ReadFile(filepath.Join(marked, "articles.jsonl"))
	var dups int
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			ID          string `json:"id"`
			ClusterID   string `json:"cluster_id"`
			ClusterSize int    `json:"cluster_size"`
			DuplicateOf string `json:"duplicate_of"`
		}
		json.Unmarshal([]byte(line), &r)
		if r.ClusterSize != 2 || r.ClusterID == "" {
			t.Errorf("record %+v", r)
		}
		if r.DuplicateOf != "" {
			dups++
		}
	}
	if dups != 3 {
		t.Errorf("%d records marked duplicate, want 3", dups)
	}
	code, stdout, _ := runCLI(t, "", "clusters", marked)
	if code != exitOK || !strings.HasPrefix(stdout, "3 stories told more than once") || !strings.Contains(stdout, "Notes from the allotment") {
		t.Errorf("clusters: exit %d:\n%s", code, stdout)
	}
}

// TestDedupResume runs the corpus passes on a resumable run's shards: the
// dataset, its clusters and its counts are those of a run in one go, and
// they stay so when the run is given again and every input is resumed.
func TestDedupResume(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "crawl.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.warc.gz"), filepath.Join(dir, "b.warc.gz")
	os.WriteFile(a, data, 0o644)
	os.WriteFile(b, data, 0o644)
	// An input given twice, the second time by another path: with
	// --resume it is one input, read once.
	sep := string(filepath.Separator)
	again := dir + sep + "." + sep + ".." + sep + filepath.Base(dir) + sep + "a.warc.gz"
	for _, format := range []string{"jsonl", "parquet"} {
		whole, resumed := filepath.Join(dir, format+"-whole"), filepath.Join(dir, format+"-resumed")
		if code, _, stderr := runCLI(t, "", "run", "--quiet", "--format", format, "--dedup", "mark", "--site-boilerplate", "-o", whole, a, b); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want, _ := os.ReadFile(filepath.Join(whole, "articles."+format))
		wantClusters, _ := os.ReadFile(filepath.Join(whole, "clusters.jsonl"))
		mw, _ := pipeline.ReadManifest(filepath.Join(whole, "manifest.json"))
		for run := range 2 {
			if code, _, stderr := runCLI(t, "", "run", "--quiet", "--format", format, "--dedup", "mark", "--site-boilerplate", "--resume", "-o", resumed, a, b, again); code != exitOK {
				t.Fatalf("resumed run %d: exit %d: %s", run, code, stderr)
			}
			got, _ := os.ReadFile(filepath.Join(resumed, "articles."+format))
			gotClusters, _ := os.ReadFile(filepath.Join(resumed, "clusters.jsonl"))
			m, _ := pipeline.ReadManifest(filepath.Join(resumed, "manifest.json"))
			if len(want) == 0 || !bytes.Equal(got, want) || !bytes.Equal(gotClusters, wantClusters) {
				t.Errorf("%s, run %d: the dataset or its clusters differ from a run in one go", format, run)
			}
			if m.Kept != mw.Kept || m.Records != mw.Records || m.Clusters != mw.Clusters || m.Duplicates != mw.Duplicates || m.Clusters == 0 ||
				(run == 1 && m.Resumed != 2) {
				t.Errorf("%s, run %d: manifest %+v, want the counts of %+v", format, run, m, mw)
			}
		}
	}
	if code, _, _ := runCLI(t, string(data), "run", "--quiet", "--dedup", "mark", "--resume", "-o", filepath.Join(dir, "stdin"), "-"); code != exitUsage {
		t.Errorf("--resume and --dedup on standard input: exit %d, want a usage error", code)
	}
}

// TestSiteBoilerplate runs pages of one site that all carry the same
// paragraph inside their article: --site-boilerplate cuts it from every
// one and leaves their own text.
func TestSiteBoilerplate(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	w := warc.NewWriter(&b, true)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	places := []string{"harbour", "station", "library", "market", "bridge", "school", "museum", "park"}
	for i, place := range places {
		page := fmt.Sprintf(`<html><body><article><h1>News of the %[1]s</h1>
<p>Work on the %[1]s began on Monday, the council said, and it is expected to last until the end of the summer holidays.</p>
<p>Residents near the %[1]s were told about the plans at a meeting in the town hall last week, where many asked about noise.</p>
<p>Our journalism is funded by readers like you. Support independent local reporting today from as little as one pound a month.</p>
</article></body></html>`, place)
		w.Write(warc.ResponseHeader(fmt.Sprintf("https://www.valley.example/news/%d", i), at), warc.HTTPBlock("text/html", []byte(page)))
	}
	crawl := filepath.Join(dir, "site.warc.gz")
	os.WriteFile(crawl, b.Bytes(), 0o644)
	for _, cut := range []bool{false, true} {
		out := filepath.Join(dir, fmt.Sprint(cut))
		args := []string{"run", "--quiet", "-o", out, crawl}
		if cut {
			args = append(args, "--site-boilerplate")
		}
		if code, _, stderr := runCLI(t, "", args...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
		m, _ := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
		// In the text, and in the summary when it reaches that far.
		pitch := bytes.Count(data, []byte("Our journalism is funded by readers"))
		own := bytes.Count(data, []byte("were told about the plans"))
		if m.Kept != 8 || own < 8 || (cut && (pitch != 0 || m.SiteBlocks != 8)) || (!cut && pitch < 8) {
			t.Errorf("site boilerplate %v: kept %d, own text in %d, pitch in %d, cut %d", cut, m.Kept, own, pitch, m.SiteBlocks)
		}
	}
}

// TestTextOutputReadBack checks that a directory of text output is read
// back without --input-format: each file's article and summary come back
// as the text and description of a seed document, and the manifest
// beside them is passed over, named.
func TestTextOutputReadBack(t *testing.T) {
	dir := t.TempDir()
	first, text, again := filepath.Join(dir, "first"), filepath.Join(dir, "text"), filepath.Join(dir, "again")
	sample := filepath.Join("..", "..", "testdata", "sample")
	for _, args := range [][]string{{"-o", first, sample}, {"-o", text, "--format", "text", sample}, {"-o", again, text}} {
		if code, _, stderr := runCLI(t, "", append([]string{"run", "--quiet"}, args...)...); code != exitOK {
			t.Fatalf("run %q: exit %d: %s", args, code, stderr)
		}
	}
	type rec struct {
		Text         string  `json:"text"`
		Summary      *string `json:"summary"`
		Description  *string `json:"description"`
		SourceFormat string  `json:"source_format"`
	}
	read := func(dir string) []rec {
		data, err := os.ReadFile(filepath.Join(dir, "articles.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var out []rec
		for line := range strings.Lines(string(data)) {
			var r rec
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	want, got := read(first), read(again)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d articles read back, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].SourceFormat != "seed" || got[i].Text != want[i].Text || got[i].Description == nil || want[i].Summary == nil || *got[i].Description != *want[i].Summary {
			t.Errorf("article %d read back as %q, text %.60q, description %v; want seed, %.60q, %v", i, got[i].SourceFormat, got[i].Text, got[i].Description, want[i].Text, want[i].Summary)
		}
	}
	if m := readManifest(t, again); m.Failed != 0 || len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "manifest.json: a JSON document") {
		t.Errorf("failed %d, warnings %q: want none failed, the manifest passed over", m.Failed, m.Warnings)
	}
}
