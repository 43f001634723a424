package parquet

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/copydesk/copydesk/record"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/copydesk/copydesk"
)

// docs returns n Documents with every field set, some of them empty.
func docs(n int) []*copydesk.Document {
	var out []*copydesk.Document
	for i := range n {
		d := &copydesk.Document{
			ID:         fmt.Sprintf("doc-%d", i),
			URL:        fmt.Sprintf("https://news.example/%d", i),
			Title:      fmt.Sprintf("Story %d: «ünïcödé» & <tags>", i),
			Date:       "2024-05-06",
			Fetched:    "2024-05-07T08:09:10Z",
			Lang:       "en",
			LangScore:  float64(i%5) / 4,
			Paragraphs: []string{"First paragraph.", strings.Repeat("word ", i%50)},
			Summary:    "First paragraph.",
			Source:     copydesk.Provenance{File: "crawl.warc.gz", Offset: int64(1000 * i), Format: copydesk.FormatWARC},
		}
		if i%3 == 0 {
			d.Authors = []string{"Jane Doe", fmt.Sprintf("Writer %d", i)}
		}
		if i%2 == 0 {
			d.Date = fmt.Sprintf("2024-05-06T%02d:30:00+05:30", i%24)
			d.DateSource, d.Modified = "json-ld", "2024-05-08T10:00:00-04:00"
			d.Keywords = []string{"politics", fmt.Sprintf("tag %d", i)}
			d.Source.StoredOffset, d.Source.StoredLength = int64(900*i), 800
			d.Source.RecordID, d.Source.HTTPStatus = fmt.Sprintf("<urn:uuid:%d>", i), 200
			d.ContentType = "text/html; charset=utf-8"
		}
		if i%7 == 0 {
			d.Date, d.Fetched = "", ""
		}
		out = append(out, d)
	}
	return out
}

func writeFile(t *testing.T, ds []*copydesk.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "articles.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWriter(f)
	for _, d := range ds {
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRoundTrip reads a written file back with parquet-go's reader.
func TestRoundTrip(t *testing.T) {
	ds := docs(MaxRowsPerRowGroup + 300) // more than one row group
	path := writeFile(t, ds)
	rows, err := pq.ReadFile[Row](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ds) {
		t.Fatalf("%d rows, want %d", len(rows), len(ds))
	}
	for i, d := range ds {
		want, got := record.New(d), rows[i]
		if !record.Equal(got, want) {
			t.Fatalf("row %d:\n%+v\nwant\n%+v", i, got, want)
		}
	}
}

// TestLargeValues writes texts larger than the encoders' window, which
// then span several zstd blocks and matches reach back only so far.
func TestLargeValues(t *testing.T) {
	ds := docs(5)
	var b strings.Builder
	for i := 0; b.Len() < 3*zstdWindow; i++ {
		fmt.Fprintf(&b, "Paragraph %d of a very long article, %x. ", i, i*2654435761)
	}
	for i, d := range ds {
		d.Paragraphs = []string{b.String()[i:]}
	}
	rows, err := pq.ReadFile[Row](writeFile(t, ds))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ds) {
		t.Fatalf("%d rows, want %d", len(rows), len(ds))
	}
	for i, d := range ds {
		if got, want := rows[i].Text, record.New(d).Text; got != want {
			t.Fatalf("row %d: text of %d bytes, want %d", i, len(got), len(want))
		}
	}
}

// TestDuckDB reads a written file with DuckDB, a reader that shares no
// code with the writer. It needs Node.js and the @duckdb/node-api package
// installed in the directory named by COPYDESK_DUCKDB_NODE (.ci/run
// installs it).
func TestDuckDB(t *testing.T) {
	dir := os.Getenv("COPYDESK_DUCKDB_NODE")
	if dir == "" {
		t.Skip("COPYDESK_DUCKDB_NODE is not set: no DuckDB to read the file with (see .ci/run)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: no DuckDB to read the file with")
	}
	ds := docs(5000)
	path := writeFile(t, ds)
	script := `
const { DuckDBInstance } = require(process.argv[2] + "/node_modules/@duckdb/node-api");
(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
  const f = "read_parquet('" + process.argv[3] + "')";
  const out = {
    summary: await q("select count(*)::INTEGER as n, sum(words)::INTEGER as words, count(distinct id)::INTEGER as ids from " + f),
    row: await q("select id, title, authors, words::INTEGER as words, source_offset::INTEGER as off from " + f + " where id = 'doc-3'"),
    columns: await q("select column_name from (describe select * from " + f + ")"),
  };
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`
	js := filepath.Join(t.TempDir(), "read.cjs")
	os.WriteFile(js, []byte(script), 0o644)
	out, err := exec.Command(node, js, dir, path).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v: %s", err, out)
	}
	var got struct {
		Summary []struct{ N, Words, IDs int }
		Row     []struct {
			ID, Title string
			Authors   []string
			Words     int
			Off       int
		}
		Columns []struct {
			ColumnName string `json:"column_name"`
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("duckdb printed %s: %v", out, err)
	}
	words := 0
	for _, d := range ds {
		words += int(record.New(d).Words)
	}
	if len(got.Summary) != 1 || got.Summary[0].N != len(ds) || got.Summary[0].Words != words || got.Summary[0].IDs != len(ds) {
		t.Errorf("summary %+v, want %d rows and %d words", got.Summary, len(ds), words)
	}
	want := record.New(ds[3])
	if len(got.Row) != 1 || got.Row[0].Title != *want.Title || !reflect.DeepEqual(got.Row[0].Authors, want.Authors) ||
		got.Row[0].Off != int(want.SourceOffset) {
		t.Errorf("row doc-3: %+v, want %+v", got.Row, want)
	}
	var cols []string
	for _, c := range got.Columns {
		cols = append(cols, c.ColumnName)
	}
	if len(cols) != reflect.TypeOf(Row{}).NumField() || cols[0] != "id" || cols[12] != "authors" || cols[11] != "lang_score" {
		t.Errorf("columns %v", cols)
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteError checks that an error of the writer under the file, met
// while a batch is encoded in the background, reaches the caller.
func TestWriteError(t *testing.T) {
	w := NewWriter(&failingWriter{n: 100})
	var err error
	for _, d := range docs(3 * MaxRowsPerRowGroup) {
		if err = w.Write(d); err != nil {
			break
		}
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the writer's error", err)
	}
}

// TestFromJSONLBadInput checks that a dataset FromJSONL cannot read gives
// an error, no file, and leaves no goroutine behind.
func TestFromJSONLBadInput(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(src, []byte("{\"id\":\"a\",\"text\":\"x\"}\nnot json\n"), 0o644)
	before := runtime.NumGoroutine()
	for range 5 {
		if err := FromJSONL(src, filepath.Join(dir, "out.parquet")); err == nil {
			t.Fatal("no error for a line that is not JSON")
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.parquet")); err == nil {
		t.Error("a file was left")
	}
	time.Sleep(10 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
	w := NewWriter(io.Discard)
	w.Close()
	if err := w.WriteRow(Row{}); err == nil {
		t.Error("a write after Close gave no error")
	}
}

// TestEachRecord reads a written file back as JSONL records, in order,
// the records the JSONL writer would have written.
func TestEachRecord(t *testing.T) {
	ds := docs(MaxRowsPerRowGroup + 70)
	path := writeFile(t, ds)
	i := 0
	err := EachRecord(path, func(r record.Record) error {
		if want := record.New(ds[i]); !reflect.DeepEqual(r, want) {
			t.Fatalf("record %d:\n%+v\nwant\n%+v", i, r, want)
		}
		i++
		return nil
	})
	if err != nil || i != len(ds) {
		t.Fatalf("%d records, %v; want %d", i, err, len(ds))
	}
	stop := errors.New("stop")
	if err := EachRecord(path, func(record.Record) error { return stop }); err != stop {
		t.Errorf("fn's error: got %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.parquet")
	os.WriteFile(bad, []byte("not a parquet file"), 0o644)
	if err := EachRecord(bad, func(record.Record) error { return nil }); err == nil {
		t.Error("no error for a file that is not Parquet")
	}
}
