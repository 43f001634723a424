package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/shard"
)

// crawlServer serves files over loopback HTTP with Range, If-Range and
// ETag, cutting the first answer for the paths in cut halfway through
// its body and answering the first request for the paths in busy with a
// 503. It counts the requests for each path by method.
type crawlServer struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	cut   map[string]bool
	busy  map[string]bool
	calls map[string]int // "GET /path" and "HEAD /path"
}

func newCrawlServer(t *testing.T, files map[string][]byte) *crawlServer {
	t.Helper()
	s := &crawlServer{files: files, cut: map[string]bool{}, busy: map[string]bool{}, calls: map[string]int{}}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

func (s *crawlServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls[r.Method+" "+r.URL.Path]++
	data, ok := s.files[r.URL.Path]
	cut, busy := s.cut[r.URL.Path] && r.Method == http.MethodGet, s.busy[r.URL.Path]
	delete(s.busy, r.URL.Path)
	if cut {
		delete(s.cut, r.URL.Path)
	}
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
		return
	case busy:
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, sha256.Sum256(data))[:18]+`"`)
	if cut {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	http.ServeContent(w, r, "", time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC), bytes.NewReader(data))
}

func (s *crawlServer) count(call string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[call]
}

// serveCrawl serves the files at paths by their base names and returns
// the server and the files' URLs.
func serveCrawl(t *testing.T, paths []string) (*crawlServer, []string) {
	t.Helper()
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files["/crawl-data/"+filepath.Base(p)] = data
	}
	s := newCrawlServer(t, files)
	var urls []string
	for _, p := range paths {
		urls = append(urls, s.URL+"/crawl-data/"+filepath.Base(p))
	}
	return s, urls
}

// asLocal rewrites the URLs in a dataset to the paths of the same files.
func asLocal(data []byte, urls, paths []string) []byte {
	for i := range urls {
		data = bytes.ReplaceAll(data, []byte(`"source_file":"`+urls[i]+`"`), []byte(`"source_file":"`+paths[i]+`"`))
	}
	return data
}

func sameCounts(a, b *pipeline.Manifest) bool {
	return a.Records == b.Records && a.Kept == b.Kept && a.Dropped == b.Dropped && a.Failed == b.Failed &&
		fmt.Sprint(a.DroppedBy) == fmt.Sprint(b.DroppedBy) && fmt.Sprint(a.FailedBy) == fmt.Sprint(b.FailedBy)
}

// TestRunURLs runs copydesk over archives by URL, one cut halfway and
// one answered 503 first, then over a paths file naming them, and
// checks that the dataset and the counts are those of the run over the
// files (generated archives, and the real crawl samples when they are
// beside the repository); a URL that answers 404 is one failed record and the run goes on.
func TestRunURLs(t *testing.T) {
	dir := t.TempDir()
	paths := writeCrawl(t, dir, 3, 30)
	// The real crawl samples, read where they are, when they are there.
	real, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "warc-samples-dev", "real", "*.gz"))
	paths = append(paths, real...)
	t.Logf("generated archives and %d real crawl samples", len(real))
	srv, urls := serveCrawl(t, paths)
	srv.cut["/crawl-data/crawl-000.warc.gz"] = true
	srv.busy["/crawl-data/crawl-001.warc.gz"] = true

	run := func(out string, args ...string) (*pipeline.Manifest, []byte) {
		t.Helper()
		args = append([]string{"run", "--quiet", "--workers", "2", "-o", out}, args...)
		if code, _, stderr := runCLI(t, "", args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
		return m, data
	}
	mLocal, local := run(filepath.Join(dir, "local"), paths...)
	mURL, byURL := run(filepath.Join(dir, "url"), urls...)
	if mLocal.Kept == 0 || !bytes.Equal(asLocal(byURL, urls, paths), local) {
		t.Errorf("the dataset over URLs differs from the one over files (%d and %d bytes)", len(byURL), len(local))
	}
	if !sameCounts(mURL, mLocal) {
		t.Errorf("counts over URLs %+v, over files %+v", mURL, mLocal)
	}
	if srv.count("GET /crawl-data/crawl-000.warc.gz") != 2 || srv.count("GET /crawl-data/crawl-001.warc.gz") != 2 {
		t.Errorf("requests: %v", srv.calls)
	}

	var list bytes.Buffer
	zw := gzip.NewWriter(&list)
	fmt.Fprintf(zw, "# a paths file\n\n")
	for _, p := range paths {
		fmt.Fprintf(zw, "crawl-data/%s\n", filepath.Base(p))
	}
	zw.Close()
	listPath := filepath.Join(dir, "warc.paths.gz")
	if err := os.WriteFile(listPath, list.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	mList, byList := run(filepath.Join(dir, "list"), "--inputs-from", listPath, "--inputs-base", srv.URL+"/")
	if !bytes.Equal(byList, byURL) || !sameCounts(mList, mLocal) {
		t.Errorf("the dataset over --inputs-from differs from the one over URLs")
	}

	missing := srv.URL + "/crawl-data/missing.warc.gz"
	mMissing, withMissing := run(filepath.Join(dir, "missing"), append([]string{"--fetch-retries", "1", "--fetch-timeout", "5s", missing}, urls...)...)
	if !bytes.Equal(withMissing, byURL) || mMissing.Records != mLocal.Records+1 || mMissing.FailedBy["fetch-failed"] != 1 ||
		len(mMissing.Failures) != 1 || mMissing.Failures[0].File != missing || !strings.Contains(mMissing.Failures[0].Error, "404") {
		t.Errorf("with a missing URL: %+v", mMissing)
	}
	if code, _, stderr := runCLI(t, "", "run", "-o", filepath.Join(dir, "bad"), "--fetch-timeout", "0", urls[0]); code != exitUsage {
		t.Errorf("--fetch-timeout 0: exit %d: %s", code, stderr)
	}
}

// TestResumeURL runs copydesk --resume over URLs three times: the second
// run asks the server with HEAD and reads nothing again but the input
// that failed; the third reads again the one input changed on the server.
func TestResumeURL(t *testing.T) {
	dir := t.TempDir()
	paths := writeCrawl(t, dir, 3, 20)
	srv, urls := serveCrawl(t, paths)
	missing := srv.URL + "/crawl-data/missing.warc.gz"
	out := filepath.Join(dir, "out")
	args := append([]string{"run", "--resume", "--quiet", "-o", out, missing}, urls...)
	run := func() *pipeline.Manifest {
		t.Helper()
		if code, _, stderr := runCLI(t, "", args...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	gets := func() []int {
		var n []int
		for _, p := range append([]string{"/crawl-data/missing.warc.gz"}, pathsOf(urls, srv.URL)...) {
			n = append(n, srv.count("GET "+p))
		}
		return n
	}

	first := run()
	shards := shardFiles(t, out)
	if first.FailedBy["fetch-failed"] != 1 || first.Resumed != 0 {
		t.Fatalf("first run: %+v", first)
	}
	second := run()
	if got := gets(); fmt.Sprint(got) != "[2 1 1 1]" {
		t.Errorf("GETs after the second run %v, want the missing input's only", got)
	}
	for _, p := range pathsOf(urls, srv.URL) {
		if n := srv.count("HEAD " + p); n != 1 {
			t.Errorf("%s: %d HEAD requests in the second run, want 1", p, n)
		}
	}
	if second.Resumed != 3 || !sameCounts(first, second) {
		t.Errorf("second run: %+v, first %+v", second, first)
	}
	for name, data := range shardFiles(t, out) {
		if !bytes.Equal(data, shards[name]) {
			t.Errorf("%s differs after a resumed run", name)
		}
	}

	changed := "/crawl-data/" + filepath.Base(paths[1])
	srv.mu.Lock()
	srv.files[changed] = srv.files["/crawl-data/"+filepath.Base(paths[0])]
	srv.mu.Unlock()
	third := run()
	if got := gets(); fmt.Sprint(got) != "[3 1 2 1]" {
		t.Errorf("GETs after the third run %v, want the changed input's and the missing one's", got)
	}
	if third.Resumed != 2 || third.Records != first.Records {
		t.Errorf("third run: %+v", third)
	}
	info, ok := shard.Done(out, urls[1], "jsonl")
	if !ok || !strings.HasPrefix(info.InputID, "etag ") {
		t.Errorf("the changed input's shard: %+v, %v", info, ok)
	}

	// The passes over the whole dataset run with an input that failed
	// to be fetched: its shard is final, and read again by the next run.
	passes := filepath.Join(dir, "passes")
	for run := range 2 {
		code, _, stderr := runCLI(t, "", append([]string{"run", "--resume", "--quiet", "--dedup", "mark", "-o", passes, missing}, urls...)...)
		m, _ := pipeline.ReadManifest(filepath.Join(passes, "manifest.json"))
		if code != exitOK || m == nil || m.FailedBy["fetch-failed"] != 1 || m.Records != first.Records || m.Resumed != 3*run {
			t.Errorf("--dedup run %d: exit %d, manifest %+v: %s", run, code, m, stderr)
		}
	}
}

func pathsOf(urls []string, base string) []string {
	var out []string
	for _, u := range urls {
		out = append(out, strings.TrimPrefix(u, base))
	}
	return out
}
