package parquet_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/copydesk/copydesk/job"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/record"
)

// runBoth runs the same job with each encoding, on the sample crawl, the
// sample JSONL and the sample page, and returns the two datasets' paths.
func runBoth(t *testing.T) (jsonlPath, parquetPath string) {
	t.Helper()
	sample := filepath.Join("..", "testdata", "sample")
	inputs := []string{filepath.Join(sample, "crawl.warc.gz"), filepath.Join(sample, "local-news.jsonl"), filepath.Join(sample, "valley-bridge.html")}
	dir := t.TempDir()
	for _, format := range []string{job.FormatJSONL, job.FormatParquet} {
		out := filepath.Join(dir, format)
		m, err := job.Run(context.Background(), job.Config{Out: out, Inputs: inputs, Format: format, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if m.Kept < 5 {
			t.Fatalf("%s: %d articles kept: too few to compare", format, m.Kept)
		}
	}
	return filepath.Join(dir, "jsonl", "articles.jsonl"), filepath.Join(dir, "parquet", "articles.parquet")
}

// readJSONL reads a JSONL dataset as records (unless asRecords is
// false) and as generic objects.
func readJSONL(t *testing.T, path string, asRecords bool) ([]record.Record, []map[string]any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []record.Record
	var objs []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r record.Record
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		if asRecords {
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
		}
		recs, objs = append(recs, r), append(objs, o)
	}
	return recs, objs
}

// TestEncodingsAgree reads the JSONL and the Parquet datasets of one run
// and checks that they hold the same values, nulls and all: the Parquet
// one with parquet-go always, and with DuckDB when it is installed.
func TestEncodingsAgree(t *testing.T) {
	jsonlPath, parquetPath := runBoth(t)
	recs, objs := readJSONL(t, jsonlPath, true)
	rows, err := pq.ReadFile[parquet.Row](parquetPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs) {
		t.Fatalf("%d rows, %d JSONL records", len(rows), len(recs))
	}
	dates := 0
	for i := range recs {
		if !record.Equal(rows[i], recs[i]) {
			t.Errorf("record %d:\nparquet %+v\njsonl   %+v", i, rows[i], recs[i])
		}
		if recs[i].Date != nil {
			dates++
		}
	}
	if dates == 0 {
		t.Error("no record has a date: the timestamps are not compared")
	}

	dir := os.Getenv("COPYDESK_DUCKDB_NODE")
	node, nodeErr := exec.LookPath("node")
	switch {
	case dir == "":
		t.Skip("COPYDESK_DUCKDB_NODE is not set: the Parquet file was read with parquet-go only (see .ci/run)")
	case nodeErr != nil:
		t.Skip("node not found: the Parquet file was read with parquet-go only")
	}
	// DuckDB writes the Parquet file as JSON lines, its timestamps as
	// microseconds since the epoch, and says the columns' types.
	out := filepath.Join(t.TempDir(), "duck.jsonl")
	script := `
const { DuckDBInstance } = require(process.argv[2] + "/node_modules/@duckdb/node-api");
(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const f = "read_parquet('" + process.argv[3] + "')";
  await con.run("copy (select * replace (epoch_us(date) as date, epoch_us(modified) as modified, epoch_us(fetched) as fetched) from " + f + ") to '" + process.argv[4] + "' (format json)");
  const types = (await con.runAndReadAll("select column_name, column_type from (describe select * from " + f + ")")).getRowObjectsJson();
  const jtypes = (await con.runAndReadAll("select column_name, column_type from (describe select * from read_json_auto('" + process.argv[5] + "'))")).getRowObjectsJson();
  console.log(JSON.stringify({types, jtypes}));
})().catch((e) => { console.error(e); process.exit(1); });
`
	js := filepath.Join(t.TempDir(), "read.cjs")
	os.WriteFile(js, []byte(script), 0o644)
	printed, err := exec.Command(node, js, dir, parquetPath, out, jsonlPath).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v: %s", err, printed)
	}
	type column struct {
		Name string `json:"column_name"`
		Type string `json:"column_type"`
	}
	var described struct{ Types, JTypes []column }
	if err := json.Unmarshal(printed, &described); err != nil {
		t.Fatalf("duckdb printed %s: %v", printed, err)
	}
	for _, cols := range [][]column{described.Types, described.JTypes} {
		for _, c := range cols {
			if (c.Name == "date" || c.Name == "fetched") && !strings.HasPrefix(c.Type, "TIMESTAMP") {
				t.Errorf("DuckDB reads %s as %s, want a timestamp", c.Name, c.Type)
			}
		}
	}
	_, duck := readJSONL(t, out, false)
	if len(duck) != len(objs) {
		t.Fatalf("DuckDB read %d rows, want %d", len(duck), len(objs))
	}
	for i, o := range objs {
		for _, k := range []string{"date", "modified", "fetched"} {
			if s, ok := o[k].(string); ok {
				ts, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					t.Fatal(err)
				}
				o[k] = float64(ts.UnixMicro())
			}
		}
		if !reflect.DeepEqual(duck[i], o) {
			for k := range o {
				if !reflect.DeepEqual(duck[i][k], o[k]) {
					t.Errorf("record %d: %s: DuckDB %v, JSONL %v", i, k, duck[i][k], o[k])
				}
			}
		}
	}
}

// TestSchemaTypes checks the Parquet file's column types against the
// ones package record documents.
func TestSchemaTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(f)
	if err := w.WriteRow(record.Record{}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	f.Close()
	pf, err := pq.OpenFile(mustOpen(t, path), fileSize(t, path))
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]pq.Field{}
	for _, fd := range pf.Schema().Fields() {
		fields[fd.Name()] = fd
	}
	for _, c := range record.Columns() {
		fd, ok := fields[c.Name]
		if !ok {
			t.Errorf("no column %s", c.Name)
			continue
		}
		if got := parquetType(fd); got != c.ParquetType {
			t.Errorf("%s: %s, documented as %s", c.Name, got, c.ParquetType)
		}
		if fd.Optional() != (c.NullWhen != "" && !strings.HasPrefix(c.NullWhen, "never")) {
			t.Errorf("%s: optional %v, documented null when %q", c.Name, fd.Optional(), c.NullWhen)
		}
	}
	if len(fields) != len(record.Columns()) {
		t.Errorf("%d columns, %d documented", len(fields), len(record.Columns()))
	}
}

// parquetType names a column's type as package record documents it.
func parquetType(fd pq.Field) string {
	var lt format.LogicalTypeValue
	if l := fd.Type().LogicalType(); l != nil {
		lt = l.Value
	}
	switch lt := lt.(type) {
	case *format.ListType:
		return "LIST<" + parquetType(fd.Fields()[0].Fields()[0]) + ">"
	case *format.TimestampType:
		utc := ""
		if lt.IsAdjustedToUTC {
			utc = ", UTC"
		}
		return "TIMESTAMP(" + strings.TrimSuffix(lt.Unit.String(), "S") + "S" + utc + ")"
	case *format.StringType:
		return "STRING"
	case *format.IntType:
		return fmt.Sprintf("INT%d", lt.BitWidth)
	}
	return strings.ToUpper(fd.Type().Kind().String())
}

func mustOpen(t *testing.T, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
