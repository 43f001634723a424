package beamjob

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/job"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/warc"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// packPages writes the pages under dir (as .html.gz) into a WARC, one
// gzip member per record, and returns its path; "" when dir is absent.
func packPages(t *testing.T, dir, out string, max int) string {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html*"))
	if len(pages) == 0 {
		return ""
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := warc.NewWriter(f, true)
	at := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	for i, p := range pages {
		if i == max {
			break
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".gz") {
			if b, err = gunzip(b); err != nil {
				t.Fatal(err)
			}
		}
		// Every page twice, on two sites: copies for dedup to find.
		for _, site := range []string{"a", "b"} {
			uri := "https://" + site + ".example/" + filepath.Base(p)
			if _, err := w.Write(warc.ResponseHeader(uri, at), warc.HTTPBlock("text/html", b)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rows returns the rows of the JSONL or Parquet files, each as its JSON
// line, sorted.
func rows(t *testing.T, format string, paths ...string) []string {
	t.Helper()
	var out []string
	for _, p := range paths {
		if format == "parquet" {
			err := parquet.EachRecord(p, func(r record.Record) error {
				b, err := json.Marshal(r)
				out = append(out, string(b))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for l := range strings.SplitSeq(string(data), "\n") {
			if l != "" {
				out = append(out, l)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestPrismMatchesLocal runs the Beam pipeline on Prism, in process,
// over the archive samples and packed dev pages with site boilerplate
// and dedup, and compares it with the local runner's run of the same
// inputs: the same rows (order aside), the same clusters, the same
// manifest counts.
func TestPrismMatchesLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a Beam pipeline")
	}
	dir := t.TempDir()
	inputs := []string{filepath.Join("..", "testdata", "sample"), siteNews(t, filepath.Join(dir, "news.jsonl"))}
	data := filepath.Join("..", "..", "shared", "data")
	if p := packPages(t, filepath.Join(data, "extract-readability-testpages", "cases", "*"), filepath.Join(dir, "dev.warc.gz"), 0); p != "" {
		inputs = append(inputs, p)
	}
	if p := packPages(t, filepath.Join(data, "extract-fundus-dev", "html"), filepath.Join(dir, "fundus.warc.gz"), 60); p != "" {
		inputs = append(inputs, p)
	} else {
		t.Log("../shared/data absent: the pipeline runs on the shipped sample only")
	}
	if d := filepath.Join(data, "warc-samples-dev"); dirExists(d) {
		inputs = append(inputs, d)
	}
	for _, format := range []string{"jsonl", "parquet"} {
		t.Run(format, func(t *testing.T) {
			local := filepath.Join(dir, "local-"+format)
			m, err := job.Run(context.Background(), job.Config{Out: local, Inputs: inputs, Format: format, MinWords: 15,
				SiteBoilerplate: &boiler.SiteOptions{MinPages: 5}, Dedup: job.DedupMark})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "beam-"+format)
			if err := runBeam(inputs, Options{Out: out, Format: format, MinWords: 15, SiteBoilerplate: true, SiteMinPages: 5, Dedup: job.DedupMark}); err != nil {
				t.Fatal(err)
			}
			if m.Clusters == 0 || m.SiteBlocks == 0 {
				t.Errorf("nothing for the corpus stages to do: %+v", m)
			}
			sameDataset(t, format, out, local, m)
		})
	}
}

// runBeam runs the pipeline over inputs on Prism, in process.
func runBeam(inputs []string, o Options) error {
	ctx := context.Background()
	if err := PrepareOut(ctx, o.Out); err != nil {
		return err
	}
	files, err := Inputs(ctx, inputs)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, files, o); err != nil {
		return err
	}
	_, err = prism.Execute(ctx, p)
	return err
}

// sameDataset checks that the Beam pipeline's output directory out holds
// the dataset the local runner wrote in local, whose manifest is m: the
// same rows (order aside), each once, the same clusters, the same
// manifest counts, and no other file.
func sameDataset(t *testing.T, format, out, local string, m *pipeline.Manifest) {
	t.Helper()
	bm, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bm.Records != m.Records || bm.Kept != m.Kept || bm.Dropped != m.Dropped || bm.Failed != m.Failed ||
		!mapsEqual(bm.DroppedBy, m.DroppedBy) || !mapsEqual(bm.FailedBy, m.FailedBy) ||
		bm.Clusters != m.Clusters || bm.Duplicates != m.Duplicates || bm.SiteBlocks != m.SiteBlocks ||
		!mapsEqual(bm.WarnedBy, m.WarnedBy) || bm.InputBytes != m.InputBytes {
		t.Errorf("manifests differ:\nbeam  %+v\nlocal %+v", bm, m)
	}
	shards, _ := filepath.Glob(filepath.Join(out, "articles-*."+format))
	if got, want := rows(t, format, shards...), rows(t, format, filepath.Join(local, "articles."+format)); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("rows differ: %d from Beam in %d shards, %d local", len(got), len(shards), len(want))
	}
	got, _ := os.ReadFile(filepath.Join(out, "clusters.jsonl"))
	want, _ := os.ReadFile(filepath.Join(local, "clusters.jsonl"))
	if !bytes.Equal(got, want) {
		t.Errorf("clusters differ: %d bytes from Beam, %d local", len(got), len(want))
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if name := e.Name(); name != "manifest.json" && name != "clusters.jsonl" && !slices.Contains(shards, filepath.Join(out, name)) {
			t.Errorf("%s left in the output", name)
		}
	}
}

// runLocal skips in -short mode, and runs the local runner over the
// shipped sample, siteNews' articles and badDate's archive, with dedup as
// asked, into dir/local: it returns dir, the inputs, dir/local and the
// manifest.
func runLocal(t *testing.T, dedup string) (string, []string, string, *pipeline.Manifest) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a Beam pipeline")
	}
	dir := t.TempDir()
	inputs := []string{filepath.Join("..", "testdata", "sample"), siteNews(t, filepath.Join(dir, "news.jsonl")), badDate(t, filepath.Join(dir, "dates.warc.gz"))}
	local := filepath.Join(dir, "local")
	m, err := job.Run(context.Background(), job.Config{Out: local, Inputs: inputs, MinWords: 15, Dedup: dedup})
	if err != nil {
		t.Fatal(err)
	}
	if m.WarnedBy[source.WarnDate] != 1 {
		t.Fatalf("the record of a bad date not warned of: %+v", m)
	}
	return dir, inputs, local, m
}

// badDate writes an archive of one page whose WARC-Date is not a date,
// which the manifest warns of, and returns its path.
func badDate(t *testing.T, path string) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "valley-bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := warc.NewWriter(f, true)
	h := warc.ResponseHeader("https://c.example/bridge", time.Now())
	for i := range h {
		if h[i].Name == "WARC-Date" {
			h[i].Value = "2026-13-65T00:00:00Z"
		}
	}
	if _, err := w.Write(h, warc.HTTPBlock("text/html", page)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPrismRetriedWrite fails the write of a shard half-way on its first
// attempt, in a directory that holds an earlier run's dataset and a
// failed attempt's temporary file. Prism does not retry a failed bundle
// (the job fails), so the pipeline is run again over the same directory,
// as a runner retries: the dataset is then the local runner's, each row
// once, and nothing of the earlier files is left.
func TestPrismRetriedWrite(t *testing.T) {
	dir, inputs, local, m := runLocal(t, job.DedupMark)
	out := filepath.Join(dir, "beam")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	earlier := []string{"manifest.json", "articles-000099-00000.jsonl", ".tmp-0123456789abcdef-articles-000001-00000.jsonl"}
	for _, name := range earlier {
		if err := os.WriteFile(filepath.Join(out, name), []byte("{\"id\":\"earlier\"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var failed bool
	failWrite = func(name string, rows int) error {
		// The news input's shard, the third row, once.
		if strings.HasPrefix(name, "articles-000003-") && rows == 3 && !failed {
			failed = true
			return errors.New("injected failure")
		}
		return nil
	}
	defer func() { failWrite = nil }()
	o := Options{Out: out, MinWords: 15, Dedup: job.DedupMark}
	if err := runBeam(inputs, o); err == nil || !failed {
		t.Fatalf("the first run: error %v, failure injected %v", err, failed)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err == nil {
		t.Error("a manifest beside a dataset a failed run left")
	}
	left, _ := os.ReadDir(out)
	t.Logf("the failed run left %v", left)
	if err := runBeam(inputs, o); err != nil {
		t.Fatal(err)
	}
	sameDataset(t, "jsonl", out, local, m)
}

// TestWriteShardRetried runs a shard's write as a runner retries it:
// failed half-way, then done, then done again (a second attempt of a
// write that went through). The shard's file holds its rows once, in
// key order, and nothing else is left.
func TestWriteShardRetried(t *testing.T) {
	out := t.TempDir()
	var docs []keyed
	for _, i := range []int{3, 1, 2} {
		d := &copydesk.Document{ID: fmt.Sprint("d", i), URL: fmt.Sprintf("https://a.example/%d", i), Text: "Some text.", Outcome: copydesk.Kept}
		b, err := encodeDoc(d)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, keyed{keyOf(7, int64(i)), b})
	}
	iter := func() func(*keyed) bool {
		i := 0
		return func(k *keyed) bool {
			if i == len(docs) {
				return false
			}
			*k, i = docs[i], i+1
			return true
		}
	}
	failWrite = func(_ string, rows int) error {
		if rows == 2 {
			return errors.New("injected failure")
		}
		return nil
	}
	defer func() { failWrite = nil }()
	f := &writeFn{Opts: Options{Out: out}}
	var names []string
	emit := func(name string) { names = append(names, name) }
	if err := f.ProcessElement(context.Background(), shardOf(docs[0].Key), iter(), emit); err == nil {
		t.Fatal("the injected failure did not fail the write")
	}
	failWrite = nil
	var written [][]byte
	for range 2 {
		if err := f.ProcessElement(context.Background(), shardOf(docs[0].Key), iter(), emit); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, "articles-000007-00000.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, b)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || !slices.Equal(names, []string{"articles-000007-00000.jsonl", "articles-000007-00000.jsonl"}) {
		t.Errorf("files %v, names emitted %v", entries, names)
	}
	lines := strings.Split(strings.TrimSpace(string(written[0])), "\n")
	if !bytes.Equal(written[0], written[1]) || len(lines) != 3 ||
		!strings.Contains(lines[0], `"d1"`) || !strings.Contains(lines[1], `"d2"`) || !strings.Contains(lines[2], `"d3"`) {
		t.Errorf("the shard after the retries:\n%s\nthen:\n%s", written[0], written[1])
	}
}

// TestPrismDocTimeout gives one page a stage that does not end within
// --doc-timeout: it fails as "timeout", counted in the manifest, and the
// pipeline goes on with the other pages, which are the local runner's.
func TestPrismDocTimeout(t *testing.T) {
	dir, inputs, local, m := runLocal(t, "")
	const slowURL = "https://south.example/5"
	release := make(chan struct{})
	defer close(release)
	extraStages = []pipeline.Stage{func(d *copydesk.Document) error {
		if d.URL == slowURL {
			select {
			case <-release:
			case <-time.After(time.Minute):
			}
		}
		return nil
	}}
	defer func() { extraStages = nil }()
	out := filepath.Join(dir, "beam")
	if err := runBeam(inputs, Options{Out: out, MinWords: 15, DocTimeout: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	bm, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bm.Records != m.Records || bm.Kept != m.Kept-1 || bm.Failed != m.Failed+1 || bm.FailedBy["timeout"] != m.FailedBy["timeout"]+1 ||
		bm.Dropped != m.Dropped || !mapsEqual(bm.DroppedBy, m.DroppedBy) {
		t.Errorf("manifests:\nbeam  %+v\nlocal %+v", bm, m)
	}
	if !slices.ContainsFunc(bm.Failures, func(f pipeline.FailureNote) bool { return f.Reason == "timeout" }) {
		t.Errorf("no timeout among the failures noted: %+v", bm.Failures)
	}
	shards, _ := filepath.Glob(filepath.Join(out, "articles-*.jsonl"))
	want := slices.DeleteFunc(rows(t, "jsonl", filepath.Join(local, "articles.jsonl")), func(r string) bool {
		return strings.Contains(r, `"url":"`+slowURL+`"`)
	})
	if got := rows(t, "jsonl", shards...); int64(len(want)) != m.Kept-1 || !slices.Equal(got, want) {
		t.Errorf("rows differ: %d from Beam, %d local but the slow page's", len(got), len(want))
	}
}

// siteNews writes JSONL articles of two sites, each page ending with its
// site's own paragraph, and returns its path.
func siteNews(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	topics := strings.Fields("bridge council harbour school market festival museum hospital railway library")
	for i := range 24 {
		site := []string{"north", "south"}[i%2]
		topic := topics[i%len(topics)]
		text := fmt.Sprintf("The %s plan number %d was discussed by the town on Tuesday evening, and the vote on the %s will follow next month after a hearing.\n\n"+
			"Residents of ward %d said the %s had been promised for years and asked when work on it would finally begin in earnest.\n\n"+
			"The %s desk has reported on the towns of the valley since 1921, and the paper is owned by its readers through a cooperative.",
			topic, i, topic, i, topic, site)
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("n", i), "url": fmt.Sprintf("https://%s.example/%d", site, i), "text": text})
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
