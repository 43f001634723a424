package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/shard"
	"github.com/copydesk/copydesk/warc"
)

// TestMain lets a test run the command as a process of its own: the test
// binary started with COPYDESK_RUN_MAIN=1 is copydesk.
func TestMain(m *testing.M) {
	if os.Getenv("COPYDESK_RUN_MAIN") == "1" {
		// As main does: an interrupt cancels the run.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// copydeskProcess returns copydesk with args as a process.
func copydeskProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "COPYDESK_RUN_MAIN=1")
	return cmd
}

// writeCrawl writes files WARC files of pages records each, built from
// the extractor's golden pages, and returns their paths.
func writeCrawl(t *testing.T, dir string, files, pages int) []string {
	t.Helper()
	golden, _ := filepath.Glob(filepath.Join("..", "..", "article", "testdata", "golden", "*.html"))
	if len(golden) == 0 {
		t.Fatal("no golden pages")
	}
	var bodies [][]byte
	for _, g := range golden {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	at := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	var paths []string
	for f := range files {
		path := filepath.Join(dir, fmt.Sprintf("crawl-%03d.warc.gz", f))
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		bw := bufio.NewWriter(out)
		w := warc.NewWriter(bw, true)
		for i := range pages {
			uri := fmt.Sprintf("https://news.example/%d/%d.html", f, i)
			if _, err := w.Write(warc.ResponseHeader(uri, at), warc.HTTPBlock("text/html", bodies[(f+i)%len(bodies)])); err != nil {
				t.Fatal(err)
			}
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		out.Close()
		paths = append(paths, path)
	}
	return paths
}

// shardFiles returns the contents of the files in a run's shards
// directory by name.
func shardFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, shard.Subdir))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, shard.Subdir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

// TestKillAndResume kills a run with SIGKILL while it is writing, runs it
// again, and checks that the output is byte for byte that of a run never
// interrupted, and that the manifest accounts for every record once.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs copydesk three times over a generated crawl")
	}
	dir := t.TempDir()
	inputs := writeCrawl(t, dir, 6, 150)
	whole, killed := filepath.Join(dir, "whole"), filepath.Join(dir, "killed")
	args := func(out string) []string {
		return append([]string{"run", "--resume", "--quiet", "--workers", "2", "-o", out}, inputs...)
	}

	if out, err := copydeskProcess(t, args(whole)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v: %s", err, out)
	}

	cmd := copydeskProcess(t, args(killed)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once some shards are final and others are not.
	deadline := time.Now().Add(60 * time.Second)
	for {
		infos, _ := shard.List(killed)
		if len(infos) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no shard finished within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	infos, _ := shard.List(killed)
	if len(infos) == len(inputs) {
		t.Skip("the run finished before it could be killed; nothing to resume")
	}
	t.Logf("killed with %d of %d shards final", len(infos), len(inputs))

	var stderr bytes.Buffer
	resume := copydeskProcess(t, args(killed)...)
	resume.Stderr = &stderr
	if err := resume.Run(); err != nil {
		t.Fatalf("resumed run: %v: %s", err, stderr.String())
	}

	want, got := shardFiles(t, whole), shardFiles(t, killed)
	if len(got) != len(want) || len(want) != 2*len(inputs) {
		t.Errorf("%d shard files after resuming, %d uninterrupted, want %d", len(got), len(want), 2*len(inputs))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs after kill -9 and resume", name)
		}
	}
	mw, err := pipeline.ReadManifest(filepath.Join(whole, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	mk, err := pipeline.ReadManifest(filepath.Join(killed, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if mk.Records != int64(6*150) || mk.Records != mw.Records || mk.Kept != mw.Kept || mk.Resumed != len(infos) {
		t.Errorf("manifests: resumed %+v, uninterrupted %+v", mk, mw)
	}
	if strings.Contains(strings.Join(keys(got), " "), ".tmp-") {
		t.Errorf("temporary files left: %v", keys(got))
	}
	code, stdout, _ := runCLI(t, "", "stats", "--shards", killed)
	if code != exitOK || !strings.Contains(stdout, "records 900: kept") || !strings.Contains(stdout, "shards: 6 finished") ||
		!strings.Contains(stdout, fmt.Sprintf("%d inputs finished by an earlier run", len(infos))) {
		t.Errorf("stats: exit %d:\n%s", code, stdout)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
