package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/record"
)

// hostile is a record whose every text field carries markup, scripts,
// javascript: URLs and CSS. (Its dates are timestamps, which hold none.)
var hostile = record.New(&copydesk.Document{
	ID:        `h"1`,
	URL:       "javascript:alert(document.cookie)",
	Title:     `<script>window.__pwned=1</script><img src=x onerror=alert(2)> hostile`,
	Lang:      `en"><svg onload=alert(4)>`,
	Authors:   []string{`<a href="javascript:alert(5)">Mallory</a>`, `" onmouseover="alert(6)`},
	SiteName:  `<style>body{display:none}</style>`,
	Canonical: `javascript:alert(7)`,
	Image:     `x" onerror="alert(8)`,
	Paragraphs: []string{"First paragraph <script>alert(9)</script> hostile text.",
		"<iframe src=\"javascript:alert(10)\"></iframe> second <b style=\"background:url(javascript:alert(11))\">bold</b>."},
	Summary:       `<img src=x onerror=alert(12)>`,
	SummaryMethod: `<i>lead</i>`,
	Description:   `<a href=javascript:alert(13)>more</a>`,
	Source:        copydesk.Provenance{File: `<script>alert(14)</script>.jsonl`, Format: copydesk.FormatJSONL},
	ClusterID:     `c"<x>`,
	ClusterSize:   2,
})

var plain = record.New(&copydesk.Document{
	ID: "p1", URL: "https://news.example/p1", Title: "Harbour barrier approved", Date: "2024-05-02",
	Lang: "en", Authors: []string{"Anna Berg"}, Paragraphs: []string{"The council approved the hostile takeover of the harbour barrier project."},
	Summary: "The council approved it.", SummaryMethod: "lead", ClusterID: `c"<x>`, ClusterSize: 2,
	Source: copydesk.Provenance{File: "missing.jsonl", Format: copydesk.FormatJSONL},
})

func writeDataset(t *testing.T, dir string, recs ...record.Record) {
	t.Helper()
	if err := dataset.WriteJSONL(filepath.Join(dir, "articles.jsonl"), slices.Values(recs)); err != nil {
		t.Fatal(err)
	}
	manifest := `{"records":5,"kept":2,"dropped":2,"failed":1,"dropped_by":{"too-short":1,"<script>alert(15)</script>":1},"failed_by":{"bad-json":1},"seconds":0.5}`
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newServer(t *testing.T, o Options, recs ...record.Record) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	writeDataset(t, dir, recs...)
	o.Dir = dir
	s, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func get(t *testing.T, h http.Handler, method, target string, body io.Reader) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, body))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestPages(t *testing.T) {
	s, _ := newServer(t, Options{}, hostile, plain)
	h := s.Handler()
	for _, tc := range []struct {
		name, target string
		status       int
		want         []string
	}{
		{"root", "/", http.StatusFound, nil},
		{"search", "/search?q=hostile", http.StatusOK, []string{"1–2 of 2 articles", "<mark>hostile</mark>", "&lt;script&gt;window.__pwned=1&lt;/script&gt;"}},
		{"search filters", "/search?q=barrier&site=news.example&lang=en&from=2024-05-01&to=2024-05-31&summary=1&sort=date", http.StatusOK, []string{"1–1 of 1 articles", "Harbour barrier approved"}},
		{"search without words", "/search", http.StatusOK, []string{"of 2 articles"}},
		{"no match", "/search?q=zebra", http.StatusOK, []string{"No article matches."}},
		{"article", "/article/p1", http.StatusOK, []string{"Harbour barrier approved", "Anna Berg", "the lead", `href="/explain/p1"`, `href="/story/c%22%3Cx%3E"`, "the signal is not known"}},
		{"hostile article", "/article/h%221", http.StatusOK, []string{"&lt;script&gt;alert(9)&lt;/script&gt;", "javascript:alert(document.cookie)"}},
		{"story", "/story/c%22%3Cx%3E", http.StatusOK, []string{"2 articles on 2 sites", "first", "news.example"}},
		{"explain of a file not among the inputs", "/explain/p1", http.StatusOK, []string{`id="no-source"`, "missing.jsonl is not one of the run&#39;s inputs"}},
		{"run", "/run", http.StatusOK, []string{"Drop and failure reasons", "too-short", "&lt;script&gt;alert(15)&lt;/script&gt;", "<svg"}},
		{"static", "/static/style.css", http.StatusOK, []string{"body"}},
		{"unknown article", "/article/nope", http.StatusNotFound, []string{"No article has this id."}},
		{"unknown story", "/story/nope", http.StatusNotFound, nil},
		{"unknown page", "/admin", http.StatusNotFound, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, h, "GET", tc.target, nil)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
			}
			if csp := res.Header.Get("Content-Security-Policy"); csp != CSP {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			// Nothing of the hostile record is markup.
			for _, bad := range []string{"<script", "<img", "<iframe", "<style", "<svg onload", "<a href=\"javascript", `" onmouseover`, "<i>lead"} {
				if strings.Contains(body, bad) {
					t.Errorf("body holds %q", bad)
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	s, _ := newServer(t, Options{}, plain)
	h := s.Handler()
	for _, tc := range []struct {
		name, method, target string
		status               int
	}{
		{"query at the cap", "GET", "/search?q=" + strings.Repeat("a", 512), http.StatusOK},
		{"query over the cap", "GET", "/search?q=" + strings.Repeat("a", 513), http.StatusBadRequest},
		{"URL over the cap", "GET", "/search?q=a&site=" + strings.Repeat("b", MaxURLBytes), http.StatusRequestURITooLong},
		{"site over its cap", "GET", "/search?site=" + strings.Repeat("b", 254), http.StatusBadRequest},
		{"bad date", "GET", "/search?from=yesterday", http.StatusBadRequest},
		{"bad sort", "GET", "/search?sort=rowid", http.StatusBadRequest},
		{"page 0", "GET", "/search?page=0", http.StatusBadRequest},
		{"page too deep", "GET", "/search?page=100000", http.StatusBadRequest},
		{"page not a number", "GET", "/search?page=1e3", http.StatusBadRequest},
		{"last page", "GET", "/search?page=501", http.StatusOK},
		{"POST", "POST", "/search", http.StatusMethodNotAllowed},
		{"PUT", "PUT", "/article/p1", http.StatusMethodNotAllowed},
		{"DELETE", "DELETE", "/run", http.StatusMethodNotAllowed},
		{"HEAD", "HEAD", "/run", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, h, tc.method, tc.target, nil)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %.300s", res.StatusCode, tc.status, body)
			}
		})
	}
	res, _ := get(t, h, "POST", "/csp-report", strings.NewReader(strings.Repeat("x", 10*MaxReportBytes)))
	if res.StatusCode != http.StatusNoContent || s.CSPReports.Load() != 1 {
		t.Errorf("CSP report: status %d, %d counted", res.StatusCode, s.CSPReports.Load())
	}
}

func TestMissingOrBrokenDataset(t *testing.T) {
	if _, err := New(context.Background(), Options{Dir: t.TempDir()}); !errors.Is(err, dataset.ErrNotFound) {
		t.Errorf("empty directory: %v, want dataset.ErrNotFound", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "articles.jsonl"), []byte("{\"id\":\"a\"}\n{broken\n"), 0o644)
	_, err := New(context.Background(), Options{Dir: dir})
	if !errors.Is(err, dataset.ErrBroken) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("broken line: %v, want dataset.ErrBroken naming line 2", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.sqlite")); err == nil {
		t.Error("a failed build left an index behind")
	}
}

func TestRebuildWhileServing(t *testing.T) {
	s, dir := newServer(t, Options{CheckEvery: time.Nanosecond}, plain)
	h := s.Handler()
	if _, body := get(t, h, "GET", "/search?q=zebra", nil); !strings.Contains(body, "No article matches.") {
		t.Fatal("zebra found before it was added")
	}
	z, title := plain, "Zebra crossing"
	z.ID, z.Title, z.Text = "z", &title, "A zebra crossing for the school."
	writeDataset(t, dir, plain, z)
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "articles.jsonl"), later, later)
	// The first request after the change starts the load and is answered
	// from the old index; the new one is in use once built.
	deadline := time.Now().Add(10 * time.Second)
	for {
		time.Sleep(5 * time.Millisecond)
		_, body := get(t, h, "GET", "/search?q=zebra", nil)
		if strings.Contains(body, "1–1 of 1 articles") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("zebra not found 10 s after the dataset changed:\n%.500s", body)
		}
	}
	// A dataset broken by a change: the last good index is served.
	os.WriteFile(filepath.Join(dir, "articles.jsonl"), []byte("{broken\n"), 0o644)
	os.Chtimes(filepath.Join(dir, "articles.jsonl"), later.Add(time.Minute), later.Add(time.Minute))
	for range 20 {
		time.Sleep(5 * time.Millisecond)
		if res, body := get(t, h, "GET", "/search?q=zebra", nil); res.StatusCode != 200 || !strings.Contains(body, "1–1 of 1 articles") {
			t.Fatalf("after a broken change: %d\n%.500s", res.StatusCode, body)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:80": true, "localhost:1": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.2:80": false, "bad": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}

// A record with a story_id is shown in its story, before its dedup
// cluster; the first publisher is the earliest, a copy shares its
// shingles and a rewrite does not.
func TestStoryID(t *testing.T) {
	text := "The council voted on Tuesday to build a flood barrier across the harbour after three winters of floods in the old town."
	mk := func(id, url, date, text string) record.Record {
		return record.New(&copydesk.Document{ID: id, URL: url, Title: "Barrier " + id, Date: date, Paragraphs: []string{text},
			ClusterID: id, ClusterSize: 1, StoryID: "s1"})
	}
	s, _ := newServer(t, Options{},
		mk("late", "https://b.example/1", "2024-05-02", text),
		mk("early", "https://a.example/1", "2024-05-01T06:00:00Z", text),
		mk("other", "https://c.example/1", "2024-05-03", "A different account of the same vote, told with other words by another newspaper entirely."),
	)
	h := s.Handler()
	_, body := get(t, h, "GET", "/article/late", nil)
	if !strings.Contains(body, `href="/story/s1"`) {
		t.Errorf("article does not link its story_id")
	}
	res, body := get(t, h, "GET", "/story/s1", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"3 articles on 3 sites (story <code>s1</code>)", `<strong id="first-site">a.example</strong>`,
		`<td class="kind">copy</td>`, `<td class="kind">rewrite</td>`, "<svg"} {
		if !strings.Contains(body, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
}

func TestSourcesAllowed(t *testing.T) {
	src := sources{inputs: []string{"crawl/", "pages.jsonl", "/data/cc/*.warc.gz"}}
	for file, want := range map[string]bool{
		"crawl/a.warc.gz":           true,
		"crawl/sub/b.html":          true,
		"./pages.jsonl":             true,
		"/data/cc/x.warc.gz":        true,
		"crawl/../secret":           false,
		"crawler/a.html":            false,
		"/etc/passwd":               false,
		"pages.jsonl/../etc/passwd": false,
		"/data/cc/sub/x.warc.gz":    false,
		"other.jsonl":               false,
	} {
		if got := src.allowed(file); got != want {
			t.Errorf("allowed(%q) = %v, want %v", file, got, want)
		}
	}
	trusted := sources{trusted: "/srv/crawls"}
	for file, want := range map[string]bool{"a/b.warc": true, "../b.warc": false, "/etc/passwd": false} {
		if got := trusted.allowed(file); got != want {
			t.Errorf("with --sources: allowed(%q) = %v, want %v", file, got, want)
		}
	}
}

// A record may name any file as its source: the explain view reads only
// the run's inputs.
func TestExplainReadsInputsOnly(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("the secret words of this machine, which no page of the server may show to anyone"), 0o644)
	r := plain
	r.ID, r.SourceFile, r.SourceFormat, r.SourceOffset = "x", secret, "text", 0
	s, _ := newServer(t, Options{}, r)
	_, body := get(t, s.Handler(), "GET", "/explain/x", nil)
	if strings.Contains(body, "secret words") || !strings.Contains(body, `id="no-source"`) {
		t.Errorf("explain of a file not among the inputs:\n%.600s", body)
	}
	_, body = get(t, s.Handler(), "GET", "/article/x", nil)
	if strings.Contains(body, "secret words") {
		t.Error("the article page read a file not among the inputs")
	}
}

func TestExplainInput(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	os.WriteFile(page, []byte(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-01"}</script></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour barrier approved</h1>
<p>The council voted on Tuesday evening to build a flood barrier across the mouth of the harbour, after three winters of floods.</p>
<p>The barrier, a row of steel gates that can be closed within an hour, is expected to cost about 180 million euros in all.</p>
</article><footer>Share on Facebook. Sign up to our newsletter.</footer></body></html>`), 0o644)
	r := plain
	r.ID, r.SourceFile, r.SourceFormat, r.SourceOffset = "x", page, "html", 0
	s, out := newServer(t, Options{}, r)
	m, _ := json.Marshal(map[string]any{"inputs": []string{dir}, "records": 1, "kept": 1})
	os.WriteFile(filepath.Join(out, "manifest.json"), m, 0o644)
	s.Close()
	s, err := New(context.Background(), Options{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, body := get(t, s.Handler(), "GET", "/explain/x", nil)
	for _, want := range []string{`<li class="kept">The council voted`, `<li class="dropped"><del>Home News</del>`, "from <code>json-ld</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("explain lacks %q:\n%.1500s", want, body)
		}
	}
	_, body = get(t, s.Handler(), "GET", "/article/x", nil)
	if !strings.Contains(body, "signal: <code>json-ld</code>") {
		t.Error("the article page does not give the date's signal")
	}
}

// TestNullFields checks that a record with every nullable field null is
// shown as unknown, on every page, and never as a Go nil.
func TestNullFields(t *testing.T) {
	bare := record.New(&copydesk.Document{ID: "n", Paragraphs: []string{"A record with its text and nothing else."}})
	s, _ := newServer(t, Options{}, bare)
	h := s.Handler()
	for target, want := range map[string][]string{
		"/search":     {"1–1 of 1 articles", "(no title)"},
		"/search?q=x": {"No article matches."},
		"/article/n":  {"(no title)", `<dd id="date">unknown`, "<dt>Language</dt><dd>unknown</dd>", `<p id="summary">(none)</p>`, "no summary"},
		"/explain/n":  {"(no title)"},
		"/run":        {"1 articles"},
	} {
		res, body := get(t, h, "GET", target, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", target, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", target, w)
			}
		}
		if strings.Contains(body, "nil") || strings.Contains(body, "no value") {
			t.Errorf("%s shows a nil:\n%s", target, body)
		}
	}
}
