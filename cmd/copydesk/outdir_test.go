package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pipeline"
)

// names returns the names in dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// checkDataset checks that dir holds a finished dataset whose manifest
// counts the rows its data holds.
func checkDataset(t *testing.T, dir string) *pipeline.Manifest {
	t.Helper()
	m := readManifest(t, dir)
	rows := 0
	for _, n := range names(t, dir) {
		switch {
		case n == "articles.jsonl":
			data, _ := os.ReadFile(filepath.Join(dir, n))
			rows += strings.Count(string(data), "\n")
		case strings.HasSuffix(n, ".txt"):
			rows++
		case strings.HasPrefix(n, ".tmp-"):
			t.Errorf("temporary file left: %s", n)
		}
	}
	if !slices.Contains(names(t, dir), "articles.parquet") && int64(rows) != m.Kept {
		t.Errorf("the manifest says %d kept, the data holds %d", m.Kept, rows)
	}
	return m
}

// TestOutputDirectory runs copydesk into one directory again and again:
// re-runs, format switches, a foreign directory, an interrupted run and
// a killed one. Every time the directory holds one consistent dataset
// (or the one from before), never files of two.
func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	sample := filepath.Join("..", "..", "testdata", "sample")
	out := filepath.Join(dir, "out")
	runOK := func(args ...string) {
		t.Helper()
		if code, _, stderr := runCLI(t, "", append([]string{"run", "--quiet", "-o", out}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	runOK("--format", "text", sample)
	first := checkDataset(t, out)
	runOK("--format", "text", sample, filepath.Join("..", "..", "testdata", "seeds", "001_7c121ca569c68443.txt"))
	if m := checkDataset(t, out); m.Kept != first.Kept+1 {
		t.Errorf("re-run with one more input: kept %d, first run %d", m.Kept, first.Kept)
	}
	runOK("--format", "text", sample)
	checkDataset(t, out) // fewer files than the run before: the extra one is gone
	runOK("--format", "parquet", sample)
	if got := names(t, out); !slices.Equal(got, []string{"articles.parquet", "manifest.json"}) {
		t.Errorf("after switching to Parquet: %v", got)
	}
	runOK("--format", "jsonl", "--dedup", "mark", sample)
	if got := names(t, out); !slices.Equal(got, []string{"articles.jsonl", "clusters.jsonl", "manifest.json"}) {
		t.Errorf("after switching to JSONL: %v", got)
	}
	runOK(sample)
	if got := names(t, out); !slices.Equal(got, []string{"articles.jsonl", "manifest.json"}) {
		t.Errorf("after a run without --dedup: %v", got)
	}
	before := checkDataset(t, out)

	// A directory of someone else's files.
	foreign := filepath.Join(dir, "foreign")
	mustWriteFile(t, filepath.Join(foreign, "notes.md"), []byte("my notes"))
	dropsFile := filepath.Join(dir, "drops.jsonl")
	code, _, stderr := runCLI(t, "", "run", "-o", foreign, "--drops", dropsFile, sample)
	if code == exitOK || !strings.Contains(stderr, "notes.md") || !strings.Contains(stderr, "--overwrite") {
		t.Errorf("a foreign directory: exit %d: %s", code, stderr)
	}
	// Refused before reading: no summary of nothing, no empty --drops file.
	if strings.Contains(stderr, "records 0") {
		t.Errorf("a refused run prints a summary: %s", stderr)
	}
	if _, err := os.Stat(dropsFile); !os.IsNotExist(err) {
		t.Errorf("a refused run leaves its --drops file: %v", err)
	}
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--overwrite", "-o", foreign, sample); code != exitOK {
		t.Errorf("--overwrite: exit %d: %s", code, stderr)
	}
	if got := names(t, foreign); !slices.Contains(got, "notes.md") || !slices.Contains(got, "articles.jsonl") {
		t.Errorf("--overwrite: %v", got)
	}

	// Interrupted (Ctrl-C) and killed runs over a larger crawl leave the
	// dataset from before.
	crawl := writeCrawl(t, dir, 4, 300)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGKILL} {
		cmd := copydeskProcess(t, append([]string{"run", "--quiet", "--workers", "1", "-o", out}, crawl...)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			if slices.ContainsFunc(names(t, out), func(n string) bool { return strings.HasPrefix(n, ".tmp-") }) {
				break
			}
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if err == nil {
			t.Logf("%v: the run ended before the signal", sig)
			continue
		}
		if sig == os.Interrupt {
			checkDataset(t, out)
		}
		if m := readManifest(t, out); m.Kept != before.Kept || m.Records != before.Records {
			t.Errorf("%v: the manifest changed: %+v, before %+v", sig, m, before)
		}
	}
	runOK(sample) // removes what the killed run left
	checkDataset(t, out)
}
