package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/warc"
)

// fault is what the test server does to one request.
type fault struct {
	status        int           // answer this status, with no body
	retryAfter    string        // with status
	headerDelay   time.Duration // wait this long before answering
	cutAfter      int64         // close the connection after this many body bytes
	stallAfter    int64         // send nothing more after this many body bytes
	trickle       time.Duration // pause between pieces of the body
	ignoreRange   bool          // answer 200 with the whole body to a Range request
	ignoreIfRange bool          // honour Range whatever If-Range says
	change        bool          // replace the file with another version first
	chunked       bool          // send no Content-Length
}

// served is one file of the test server.
type served struct {
	data    []byte
	version int
}

// faultServer serves files over loopback HTTP with http.ServeContent
// (Range, If-Range, ETag, Last-Modified), doing to each request what the
// script says for that file's n-th request (from 0, HEAD included).
type faultServer struct {
	*httptest.Server
	mu        sync.Mutex
	files     map[string]*served
	count     map[string]int
	methods   map[string][]string
	script    func(path string, n int) fault
	validated bool // ETag and Last-Modified are sent
}

func newFaultServer(t *testing.T, files map[string][]byte, script func(path string, n int) fault) *faultServer {
	t.Helper()
	s := &faultServer{files: map[string]*served{}, count: map[string]int{}, methods: map[string][]string{}, script: script, validated: true}
	for p, data := range files {
		s.files[p] = &served{data: data}
	}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

// requests returns the methods of the requests made for path.
func (s *faultServer) requests(path string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.methods[path]...)
}

func (s *faultServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.files[r.URL.Path]
	n := s.count[r.URL.Path]
	s.count[r.URL.Path]++
	s.methods[r.URL.Path] = append(s.methods[r.URL.Path], r.Method)
	var flt fault
	if s.script != nil {
		flt = s.script(r.URL.Path, n)
	}
	var data []byte
	var version int
	if f != nil {
		if flt.change {
			f.version++
			f.data = append(bytes.Clone(f.data[:len(f.data)/2]), bytes.Repeat([]byte("x"), 100)...)
		}
		data, version = f.data, f.version
	}
	validated := s.validated
	s.mu.Unlock()

	if flt.headerDelay > 0 {
		select {
		case <-time.After(flt.headerDelay):
		case <-r.Context().Done():
			return
		}
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	if flt.status != 0 {
		if flt.retryAfter != "" {
			w.Header().Set("Retry-After", flt.retryAfter)
		}
		w.WriteHeader(flt.status)
		return
	}
	if flt.ignoreRange {
		r.Header.Del("Range")
	}
	if flt.ignoreIfRange {
		r.Header.Del("If-Range")
	}
	var mod time.Time
	if validated {
		w.Header().Set("ETag", fmt.Sprintf(`"v%d-%x"`, version, sha256.Sum256(data))[:20]+`"`)
		mod = time.Date(2026, 3, 20, 10, 0, version, 0, time.UTC)
	}
	http.ServeContent(&faultWriter{ResponseWriter: w, r: r, f: flt}, r, "", mod, bytes.NewReader(data))
}

// faultWriter does a fault's damage to a body as it is written.
type faultWriter struct {
	http.ResponseWriter
	r       *http.Request
	f       fault
	written int64
}

func (w *faultWriter) WriteHeader(code int) {
	if w.f.chunked {
		w.Header().Del("Content-Length")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *faultWriter) Write(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		piece := p
		if w.f.trickle > 0 {
			piece = p[:min(len(p), 4<<10)]
		}
		if limit := w.f.cutAfter; limit > 0 && w.written+int64(len(piece)) >= limit {
			n, _ := w.ResponseWriter.Write(piece[:limit-w.written])
			w.ResponseWriter.(http.Flusher).Flush()
			if conn, _, err := w.ResponseWriter.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return total + n, errors.New("cut")
		}
		if limit := w.f.stallAfter; limit > 0 && w.written+int64(len(piece)) >= limit {
			n, _ := w.ResponseWriter.Write(piece[:limit-w.written])
			w.ResponseWriter.(http.Flusher).Flush()
			select {
			case <-w.r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return total + n, errors.New("stalled")
		}
		n, err := w.ResponseWriter.Write(piece)
		w.written += int64(n)
		total += n
		if err != nil {
			return total, err
		}
		p = p[len(piece):]
		if w.f.trickle > 0 {
			w.ResponseWriter.(http.Flusher).Flush()
			time.Sleep(w.f.trickle)
		}
	}
	return total, nil
}

// testArchives returns archives to serve by name: a generated WARC of
// pages news pages, a gzipped JSONL file, and the real crawl samples when they
// are beside the repository.
func testArchives(t testing.TB, pages int) map[string][]byte {
	t.Helper()
	golden, _ := filepath.Glob(filepath.Join("..", "article", "testdata", "golden", "*.html"))
	if len(golden) == 0 {
		t.Fatal("no golden pages")
	}
	var buf, jl bytes.Buffer
	w := warc.NewWriter(&buf, true)
	zw := gzip.NewWriter(&jl)
	at := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	for i := range pages {
		page, err := os.ReadFile(golden[i%len(golden)])
		if err != nil {
			t.Fatal(err)
		}
		uri := fmt.Sprintf("https://news.example/%d.html", i)
		if _, err := w.Write(warc.ResponseHeader(uri, at), warc.HTTPBlock("text/html", page)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(zw, "{\"url\":%q,\"html\":%q}\n", uri, page)
	}
	zw.Close()
	out := map[string][]byte{"/crawl/generated.warc.gz": buf.Bytes(), "/crawl/pages.jsonl.gz": jl.Bytes()}
	real, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "warc-samples-dev", "real", "*"))
	for _, p := range append(real, filepath.Join("..", "..", "shared", "data", "warc-samples-dev", "edgecases", "gowarc-test.warc.gz")) {
		if data, err := os.ReadFile(p); err == nil {
			out["/samples/"+filepath.Base(p)] = data
		}
	}
	return out
}

// outcome is what a test compares of one Document: all it carries, its
// input's name left out.
func outcome(d *copydesk.Document) string {
	msg := ""
	if d.Err != nil {
		var pe *copydesk.ParseError
		msg = d.Err.Error()
		if errors.As(d.Err, &pe) {
			msg = pe.Err.Error()
		}
	}
	return fmt.Sprintf("%d %s %s %s %s %x %x %s", d.Source.Offset, d.Source.Format, d.ID, d.URL, d.Fetched,
		sha256.Sum256(d.HTML), sha256.Sum256([]byte(d.Text)), msg)
}

// readAll reads one input with opts and returns its Documents' outcomes
// and the last Document.
func readAll(t *testing.T, input string, opts Options) ([]string, *copydesk.Document) {
	t.Helper()
	var out []string
	var last *copydesk.Document
	for d := range Documents([]string{input}, nil, opts) {
		if d.Source.File != input {
			t.Fatalf("Document of %s names %s", input, d.Source.File)
		}
		out = append(out, outcome(d))
		last = d
	}
	return out, last
}

// writeLocal writes the archives to dir and returns their paths by
// server path.
func writeLocal(t *testing.T, dir string, files map[string][]byte) map[string]string {
	t.Helper()
	paths := map[string]string{}
	for p, data := range files {
		local := filepath.Join(dir, filepath.Base(p))
		if err := os.WriteFile(local, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths[p] = local
	}
	return paths
}

// quick are fetch options for tests: tiny waits.
func quick() FetchOptions {
	return FetchOptions{BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, ReadTimeout: 2 * time.Second}
}

// TestRemoteMatchesLocal reads archives over HTTP through faults that a
// fetch survives, and checks that every record has the outcome it has
// when the archive is read from a file: the same Documents, in order,
// none missing and none twice.
func TestRemoteMatchesLocal(t *testing.T) {
	files := testArchives(t, 40)
	local := writeLocal(t, t.TempDir(), files)
	tests := []struct {
		name   string
		script func(size int64, n int) fault
		opts   func(*FetchOptions)
		// retries is how many retries the fetch of each input makes.
		retries int
	}{
		{name: "plain"},
		{name: "503 twice", retries: 2, script: func(_ int64, n int) fault {
			if n < 2 {
				return fault{status: http.StatusServiceUnavailable}
			}
			return fault{}
		}},
		{name: "429 with Retry-After", retries: 1, script: func(_ int64, n int) fault {
			if n == 0 {
				return fault{status: http.StatusTooManyRequests, retryAfter: "1"}
			}
			return fault{}
		}},
		{name: "cut three times", retries: 3, script: func(size int64, n int) fault {
			if n < 3 {
				return fault{cutAfter: size/5 + int64(n)}
			}
			return fault{}
		}},
		{name: "no Content-Length, cut", retries: 1, script: func(size int64, n int) fault {
			if n == 0 {
				return fault{chunked: true, cutAfter: size / 3}
			}
			return fault{}
		}},
		{name: "cut then 500 then cut", retries: 3, script: func(size int64, n int) fault {
			switch n {
			case 0:
				return fault{cutAfter: size / 3}
			case 1:
				return fault{status: http.StatusInternalServerError}
			case 2:
				return fault{cutAfter: 1}
			}
			return fault{}
		}},
		{name: "stalled body", retries: 1, opts: func(o *FetchOptions) { o.ReadTimeout = 100 * time.Millisecond },
			script: func(size int64, n int) fault {
				if n == 0 {
					return fault{stallAfter: size / 2}
				}
				return fault{}
			}},
		{name: "stalled header", retries: 1, opts: func(o *FetchOptions) { o.ReadTimeout = 100 * time.Millisecond },
			script: func(size int64, n int) fault {
				if n == 0 {
					return fault{headerDelay: time.Second}
				}
				return fault{}
			}},
		{name: "slow body within the read timeout", opts: func(o *FetchOptions) { o.ReadTimeout = 500 * time.Millisecond },
			script: func(size int64, n int) fault { return fault{trickle: time.Millisecond} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFaultServer(t, files, func(path string, n int) fault {
				if tt.script == nil {
					return fault{}
				}
				return tt.script(int64(len(files[path])), n)
			})
			opts := quick()
			if tt.opts != nil {
				tt.opts(&opts)
			}
			var mu sync.Mutex
			retries := map[string][]time.Duration{}
			opts.OnRetry = func(url string, attempt int, wait time.Duration, err error) {
				mu.Lock()
				retries[url] = append(retries[url], wait)
				mu.Unlock()
			}
			remote := NewRemote(opts)
			for path, file := range local {
				want, _ := readAll(t, file, Options{})
				url := srv.URL + path
				got, _ := readAll(t, url, Options{Remote: remote})
				if !slicesEqual(got, want) {
					t.Errorf("%s: %d Documents over HTTP, %d from the file; first difference:\n%s", path, len(got), len(want), firstDiff(got, want))
				}
				if len(retries[url]) != tt.retries {
					t.Errorf("%s: %d retries, want %d (%v)", path, len(retries[url]), tt.retries, srv.requests(path))
				}
				if tt.name == "429 with Retry-After" && len(retries[url]) == 1 && retries[url][0] != opts.BackoffMax {
					t.Errorf("%s: waited %v after a Retry-After of 1s, want the cap %v", path, retries[url][0], opts.BackoffMax)
				}
				if id, ok := remote.Fetched(url); !ok || !strings.HasPrefix(id, "etag ") {
					t.Errorf("%s: Fetched = %q, %v; want its ETag", path, id, ok)
				}
			}
		})
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("got  %s\nwant %s", got[i], want[i])
		}
	}
	return "one is a prefix of the other"
}

// TestRemoteFailsCleanly checks the fetches that cannot succeed: the
// records read before the failure have the outcomes they have from the
// file, and the rest of the input is one failed record naming the URL
// and why, with the fetch-failed reason; nothing is read twice and no
// two versions of an input are mixed.
func TestRemoteFailsCleanly(t *testing.T) {
	files := testArchives(t, 40)
	local := writeLocal(t, t.TempDir(), files)
	cutOnce := func(then fault) func(int64, int) fault {
		return func(size int64, n int) fault {
			if n == 0 {
				return fault{cutAfter: size / 2}
			}
			return then
		}
	}
	tests := []struct {
		name     string
		script   func(size int64, n int) fault
		opts     func(*FetchOptions)
		noValid  bool  // the server sends no ETag or Last-Modified
		err      error // the sentinel the failure matches
		status   int   // its HTTP status, when the answer was the failure
		attempts int
		midway   bool // records were read before the failure
	}{
		{name: "404", script: func(int64, int) fault { return fault{status: http.StatusNotFound} }, status: 404, attempts: 1},
		{name: "410", script: func(int64, int) fault { return fault{status: http.StatusGone} }, status: 410, attempts: 1},
		{name: "403", script: func(int64, int) fault { return fault{status: http.StatusForbidden} }, status: 403, attempts: 1},
		{name: "503 until the retries are spent", opts: func(o *FetchOptions) { o.Retries = 2 },
			script: func(int64, int) fault { return fault{status: http.StatusServiceUnavailable} }, status: 503, attempts: 3},
		{name: "no retries", opts: func(o *FetchOptions) { o.Retries = -1 },
			script: func(int64, int) fault { return fault{status: http.StatusBadGateway} }, status: 502, attempts: 1},
		{name: "server ignores Range", script: cutOnce(fault{ignoreRange: true}), err: ErrNoResume, attempts: 2, midway: true},
		{name: "input changes", script: cutOnce(fault{change: true}), err: ErrChanged, attempts: 2, midway: true},
		{name: "input changes, If-Range ignored", script: cutOnce(fault{change: true, ignoreIfRange: true}), err: ErrChanged, attempts: 2, midway: true},
		{name: "no version to resume by", noValid: true, script: cutOnce(fault{}), err: ErrNoResume, attempts: 1, midway: true},
		{name: "cut until the retries are spent", opts: func(o *FetchOptions) { o.Retries = 2 },
			script: func(size int64, n int) fault { return fault{cutAfter: size / 4} }, attempts: 3, midway: true},
		{name: "deadline", opts: func(o *FetchOptions) { o.Deadline = 150 * time.Millisecond },
			script: func(size int64, _ int) fault { return fault{stallAfter: size / 2} }, err: ErrDeadline, attempts: 1, midway: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFaultServer(t, files, func(path string, n int) fault { return tt.script(int64(len(files[path])), n) })
			srv.validated = !tt.noValid
			opts := quick()
			if tt.opts != nil {
				tt.opts(&opts)
			}
			remote := NewRemote(opts)
			for path, file := range local {
				want, _ := readAll(t, file, Options{})
				url := srv.URL + path
				got, last := readAll(t, url, Options{Remote: remote})
				var fe *FetchError
				if last == nil || !errors.As(last.Err, &fe) || !errors.Is(last.Err, copydesk.ErrFetch) {
					t.Fatalf("%s: last Document %v, want a fetch failure", path, last)
				}
				if fe.URL != url || fe.Attempts != tt.attempts || tt.err != nil && !errors.Is(fe, tt.err) {
					t.Errorf("%s: %v (URL %s, %d attempts), want %v after %d attempts", path, fe, fe.URL, fe.Attempts, tt.err, tt.attempts)
				}
				if tt.status != 0 && (fe.Status != tt.status || !strings.Contains(fe.Error(), fmt.Sprint(tt.status)) || !strings.Contains(fe.Error(), url)) {
					t.Errorf("%s: %q (status %d), want the URL and HTTP %d named", path, fe, fe.Status, tt.status)
				}
				read := got[:len(got)-1]
				if !slicesEqual(read, want[:min(len(read), len(want))]) {
					t.Fatalf("%s: the records read before the failure differ from the file's:\n%s", path, firstDiff(read, want))
				}
				if k := len(read); k < len(want) {
					// The failure stands for the records from its offset
					// on, and only for them.
					var next int64
					fmt.Sscan(want[k], &next)
					if last.Source.Offset > next || k > 0 && last.Source.Offset <= offsetOf(want[k-1]) {
						t.Errorf("%s: failure at offset %d, but the next record is at %d", path, last.Source.Offset, next)
					}
				} else {
					t.Errorf("%s: every record read and a failure after them", path)
				}
				if tt.midway && len(files[path]) > 20000 && len(read) == 0 {
					t.Errorf("%s: no record read before the failure", path)
				}
				if _, ok := remote.Fetched(url); ok {
					t.Errorf("%s: Fetched after a failure", path)
				}
			}
		})
	}
}

func offsetOf(outcome string) int64 {
	var off int64
	fmt.Sscan(outcome, &off)
	return off
}

// TestIdentify checks that the version a HEAD names is the one the
// fetch learned, that it follows a change, and that a server refusing
// HEAD is asked with a one-byte GET.
func TestIdentify(t *testing.T) {
	files := map[string][]byte{"/a.warc.gz": bytes.Repeat([]byte("data "), 1000)}
	for _, refuseHead := range []int{0, http.StatusMethodNotAllowed, http.StatusForbidden} {
		t.Run(fmt.Sprintf("HEAD answered %d", refuseHead), func(t *testing.T) {
			srv := newFaultServer(t, files, nil)
			srv.script = func(path string, n int) fault {
				return fault{}
			}
			handler := srv.Config.Handler
			if refuseHead != 0 {
				srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodHead {
						w.WriteHeader(refuseHead)
						return
					}
					handler.ServeHTTP(w, r)
				})
			}
			remote := NewRemote(quick())
			url := srv.URL + "/a.warc.gz"
			b, err := remote.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			bufio.NewReader(b).WriteTo(new(bytes.Buffer))
			b.Close()
			fetched, ok := remote.Fetched(url)
			now, err := remote.Identify(context.Background(), url)
			if err != nil || !ok || now != fetched || fetched == "" {
				t.Fatalf("Identify = %q, %v; Fetched = %q, %v", now, err, fetched, ok)
			}
			srv.mu.Lock()
			srv.files["/a.warc.gz"].version++
			srv.mu.Unlock()
			if after, err := remote.Identify(context.Background(), url); err != nil || after == now {
				t.Errorf("after a change, Identify = %q, %v; before it %q", after, err, now)
			}
			if _, err := remote.Identify(context.Background(), srv.URL+"/gone"); !errors.Is(err, copydesk.ErrFetch) {
				t.Errorf("Identify of a missing input: %v", err)
			}
		})
	}
}

func TestFetchWait(t *testing.T) {
	o := FetchOptions{BackoffBase: 100 * time.Millisecond, BackoffMax: time.Second}
	tests := []struct {
		n          int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{1, 0, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 0, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 0, 400 * time.Millisecond, 800 * time.Millisecond},
		{9, 0, 500 * time.Millisecond, time.Second},
		{100, 0, 500 * time.Millisecond, time.Second},
		{1, 700 * time.Millisecond, 700 * time.Millisecond, 700 * time.Millisecond},
		{1, time.Hour, time.Second, time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d %v", tt.n, tt.retryAfter), func(t *testing.T) {
			for range 200 {
				if w := o.wait(tt.n, tt.retryAfter); w < tt.lo || w > tt.hi {
					t.Fatalf("wait = %v, want within [%v, %v]", w, tt.lo, tt.hi)
				}
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 0}, {"3", 3 * time.Second}, {"-1", 0}, {"soon", 0},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Set("Retry-After", tt.v)
		if got := retryAfter(h); got != tt.want {
			t.Errorf("Retry-After %q: %v, want %v", tt.v, got, tt.want)
		}
	}
	h := http.Header{}
	h.Set("Retry-After", time.Now().Add(time.Minute).UTC().Format(http.TimeFormat))
	if got := retryAfter(h); got < 55*time.Second || got > time.Minute {
		t.Errorf("Retry-After in a minute: %v", got)
	}
}

func TestContentRange(t *testing.T) {
	tests := []struct {
		v            string
		start, total int64
		ok           bool
	}{
		{"bytes 100-199/1000", 100, 1000, true},
		{"bytes 0-0/*", 0, -1, true},
		{"bytes */1000", 0, 0, false},
		{"items 1-2/3", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		start, total, ok := contentRange(tt.v)
		if ok != tt.ok || ok && (start != tt.start || total != tt.total) {
			t.Errorf("contentRange(%q) = %d, %d, %v", tt.v, start, total, ok)
		}
	}
}

func TestReadList(t *testing.T) {
	dir := t.TempDir()
	list := "# Common Crawl paths\n\ncrawl-data/CC-MAIN-2024-10/a.warc.gz\r\n  /crawl-data/b.warc.gz  \nhttps://other.example/c.warc.gz\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(list))
	zw.Close()
	plain, zipped := filepath.Join(dir, "paths.txt"), filepath.Join(dir, "warc.paths.gz")
	os.WriteFile(plain, []byte(list), 0o644)
	os.WriteFile(zipped, gz.Bytes(), 0o644)
	srv := newFaultServer(t, map[string][]byte{"/warc.paths.gz": gz.Bytes()}, nil)
	tests := []struct {
		name, list, base string
		want             []string
	}{
		{"no base", plain, "", []string{"crawl-data/CC-MAIN-2024-10/a.warc.gz", "/crawl-data/b.warc.gz", "https://other.example/c.warc.gz"}},
		{"URL base", zipped, "https://data.commoncrawl.org/", []string{
			"https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/a.warc.gz",
			"https://data.commoncrawl.org/crawl-data/b.warc.gz", "https://other.example/c.warc.gz"}},
		{"URL base without slash", plain, "https://data.commoncrawl.org", []string{
			"https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/a.warc.gz",
			"https://data.commoncrawl.org/crawl-data/b.warc.gz", "https://other.example/c.warc.gz"}},
		{"directory base", plain, "/mirror", []string{"/mirror/crawl-data/CC-MAIN-2024-10/a.warc.gz", "/crawl-data/b.warc.gz", "https://other.example/c.warc.gz"}},
		{"list by URL", srv.URL + "/warc.paths.gz", "https://data.commoncrawl.org/", []string{
			"https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/a.warc.gz",
			"https://data.commoncrawl.org/crawl-data/b.warc.gz", "https://other.example/c.warc.gz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadList(context.Background(), tt.list, tt.base, nil)
			if err != nil || !slicesEqual(got, tt.want) {
				t.Errorf("ReadList = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	long := filepath.Join(dir, "long.txt")
	os.WriteFile(long, []byte("a\n"+strings.Repeat("x", MaxListLine+1)+"\n"), 0o644)
	if _, err := ReadList(context.Background(), long, "", nil); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a line over MaxListLine: %v", err)
	}
	if _, err := ReadList(context.Background(), srv.URL+"/missing", "", nil); !errors.Is(err, copydesk.ErrFetch) {
		t.Errorf("a missing list: %v", err)
	}
}

func TestExpandKeepsURLs(t *testing.T) {
	in := []string{"https://data.commoncrawl.org/a.warc.gz", "http://127.0.0.1:1/b.jsonl", "https://data.commoncrawl.org/a.warc.gz"}
	got, err := Expand(in)
	if err != nil || !slicesEqual(got, in[:2]) {
		t.Errorf("Expand = %q, %v", got, err)
	}
}

// genFile is a large JSONL file made up as it is read: line i is
// lineLen bytes, so any offset's byte is known without holding the file.
type genFile struct {
	size, off int64
}

const lineLen = 1000

func (g *genFile) line(i int64) []byte {
	head := fmt.Sprintf(`{"id":"%d","text":"line %d `, i, i)
	return []byte(head + strings.Repeat("x", lineLen-len(head)-3) + "\"}\n")
}

func (g *genFile) Read(p []byte) (int, error) {
	if g.off >= g.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && g.off < g.size {
		l := g.line(g.off / lineLen)
		c := copy(p[n:], l[g.off%lineLen:])
		n += c
		g.off += int64(c)
	}
	return n, nil
}

func (g *genFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		g.off = offset
	case io.SeekCurrent:
		g.off += offset
	case io.SeekEnd:
		g.off = g.size + offset
	}
	return g.off, nil
}

// TestRemoteStreams reads a 32 MB input over HTTP, cut once in the
// middle, and checks that the heap stays far below its size: the body
// is streamed, never held.
func TestRemoteStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 32 MB over loopback")
	}
	const size = 32 << 20 / lineLen * lineLen
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"big"`)
		rw := http.ResponseWriter(w)
		if requests.Add(1) == 1 {
			rw = &faultWriter{ResponseWriter: w, r: r, f: fault{cutAfter: size / 2}}
		}
		http.ServeContent(rw, r, "big.jsonl", time.Time{}, &genFile{size: size})
	}))
	defer srv.Close()

	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	})
	var n int64
	start := time.Now()
	for d := range Documents([]string{srv.URL + "/big.jsonl"}, nil, Options{Remote: NewRemote(quick())}) {
		if d.Err != nil {
			t.Fatalf("record %d: %v", n, d.Err)
		}
		if want := fmt.Sprint(n); d.ID != want {
			t.Fatalf("record %d has id %s: a line lost or read twice", n, d.ID)
		}
		n++
	}
	close(stop)
	wg.Wait()
	if n != size/lineLen || requests.Load() != 2 {
		t.Errorf("%d records in %d requests, want %d in 2", n, requests.Load(), size/lineLen)
	}
	t.Logf("%d MB in %v, peak heap %.1f MB", size>>20, time.Since(start).Round(time.Millisecond), float64(peak.Load())/(1<<20))
	if peak.Load() > 16<<20 {
		t.Errorf("peak heap %d MB reading a %d MB input", peak.Load()>>20, size>>20)
	}
}

// BenchmarkRemote reads the generated archive from a file and over
// loopback HTTP, to show what fetching adds to reading.
func BenchmarkRemote(b *testing.B) {
	files := testArchives(b, 2000)
	data := files["/crawl/generated.warc.gz"]
	path := filepath.Join(b.TempDir(), "generated.warc.gz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
	}))
	defer srv.Close()
	remote := NewRemote(FetchOptions{})
	for _, in := range []struct{ name, input string }{{"file", path}, {"http", srv.URL + "/generated.warc.gz"}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				for d := range Documents([]string{in.input}, nil, Options{Remote: remote}) {
					if d.Release != nil {
						d.Release()
					}
				}
			}
		})
	}
}
