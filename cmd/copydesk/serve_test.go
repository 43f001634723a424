package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/server"
)

var screenshots = flag.String("screenshots", "", "save the browser test's screenshots in this directory (../../docs to update the README's)")

// storyPage is a news page with the chrome of a real one around an
// article, its date in JSON-LD.
func storyPage(site, title, author, date string, paras []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | %s</title>
<meta property="og:site_name" content="%s"><meta name="author" content="%s">
<script type="application/ld+json">{"@type":"NewsArticle","headline":%q,"datePublished":%q}</script>
</head><body><nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>%s</h1><p class="byline">By %s</p>
<div class="share">Share on Facebook Share on Twitter Email</div><div class="article-body">`,
		title, site, site, author, title, date, title, author)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`</div><aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Traffic chaos on the ring road</a></li><li><a href="/b">Schools to reopen on Monday</a></li></ul></aside>
<div class="newsletter">Sign up to our daily newsletter and never miss a story.</div></article></main>
<footer>© 2024 All rights reserved. Privacy policy. Terms of use. Contact us.</footer></body></html>`)
	return b.String()
}

var floodStory = []string{
	"The city council voted on Tuesday evening to build a flood barrier across the mouth of the harbour, after three winters in which storm surges flooded the old town and the fish market.",
	"The barrier, a row of steel gates that can be closed within an hour when a surge is forecast, is expected to cost about 180 million euros and to be finished by the end of 2027.",
	"Engineers told the council that the gates would stay open for most of the year, so that fishing boats and ferries could pass as they do today, and would close only a few times each winter.",
	"Residents of the old town, where water reached the first floor of many houses in January, packed the public gallery and applauded when the result of the vote was read out.",
	"The opposition argued that the money would be better spent on raising the sea wall and on pumps, and warned that the cost of such projects has often doubled before they were finished.",
	"The mayor said that work on the foundations would begin next spring, once the national government had confirmed its share of the funding and the port authority had approved the plans.",
}

var floodRewrite = append(append([]string{}, floodStory[:4]...),
	"Critics on the council said that a higher sea wall and more pumps would have protected the town for a fraction of the price, and they asked for an independent review of the costs.",
	"Construction is due to begin next year. The national government has promised to pay half of the bill, according to a statement published by the ministry of infrastructure on Wednesday.",
	"Fishermen said they welcomed the decision but wanted guarantees that the gates would not be closed during the autumn season, when most of the catch is landed in the harbour.",
)

var otherStories = [][]string{
	{
		"Councillors voted on Tuesday night to approve plans for a new pedestrian bridge across the river, ending a debate that has run for more than a decade in the town.",
		"The bridge, which will link the railway station with the market square, is expected to cost about four million and should open to the public in the spring of 2026.",
		"Residents first called for a crossing in 2011, when the old ferry service closed because it had lost money for several years in a row.",
	},
	{
		"The regional orchestra will play its first concert in the restored concert hall on Saturday, two years after a fire destroyed the roof and most of the stage during a rehearsal.",
		"Tickets for the opening night sold out within an hour, and the orchestra has added a second performance on Sunday afternoon for those who could not get a seat.",
		"The restoration was paid for by a public appeal that raised more than two million from thousands of donors, many of whom had never been to a concert in the hall.",
	},
}

// writeServeInputs writes the inputs of the browser test as one JSONL
// file of web pages: a story told by four sites (the first, two copies
// and a rewrite), two other stories, and a hostile record whose every
// field carries markup, scripts and javascript: URLs.
func writeServeInputs(t *testing.T, dir string) string {
	t.Helper()
	type line struct {
		ID    string `json:"id,omitempty"`
		URL   string `json:"url"`
		Title string `json:"title,omitempty"`
		HTML  string `json:"html"`
	}
	lines := []line{
		{URL: "https://harbourtimes.example/news/flood-barrier", HTML: storyPage("Harbour Times", "City approves flood barrier for the harbour", "Anna Berg", "2024-05-01T07:00:00Z", floodStory)},
		{URL: "https://www.coastalpost.example/2024/05/01/flood-barrier", HTML: storyPage("Coastal Post", "Council backs harbour flood barrier", "Staff reporter", "2024-05-01T11:30:00Z", floodStory)},
		{URL: "https://dailywire.example/story/88231", HTML: storyPage("Daily Wire", "Harbour to get flood barrier", "Wire staff", "2024-05-02T08:00:00Z", floodStory)},
		{URL: "https://northnews.example/harbour-flood-barrier", HTML: storyPage("North News", "Flood barrier vote splits the council", "Piet Jansen", "2024-05-03T10:00:00Z", floodRewrite)},
		{URL: "https://valleycourier.example/bridge", HTML: storyPage("Valley Courier", "Council approves new bridge over the river", "Jane Marsh", "2024-03-14T09:30:00Z", otherStories[0])},
		{URL: "https://arts.example/orchestra", HTML: storyPage("Arts Daily", "Orchestra returns to the restored hall", "Lena Vogt", "2024-04-20T18:00:00Z", otherStories[1])},
		{
			ID:    "hostile-1",
			URL:   "javascript:window.__pwned=3",
			Title: `<script>window.__pwned=1</script> hostile <img src=x onerror="window.__pwned=2"> <a href="javascript:window.__pwned=7">x</a>`,
			HTML: storyPage(`<style>body{display:none}</style>`, "hostile headline",
				`<img src=x onerror="window.__pwned=5">`, "2024-05-04T10:00:00Z", []string{
					"The council said that the text &lt;script&gt;window.__pwned=6&lt;/script&gt; appeared in a comment form on its website, and officials explained that the hostile markup was harmless because it is shown as text.",
					`A second paragraph quotes an attribute, &quot; onmouseover=&quot;window.__pwned=8&quot; style=&quot;background:url(javascript:window.__pwned=9)&quot;, which the council's web team found in the same form last week.`,
					"Officials added that the comment form would be closed for a week while the web team checks every message that was sent to the council through it since the start of the year.",
				}),
		},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "pages.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// serveRun runs copydesk run --dedup mark on the browser test's inputs,
// in a temporary working directory (so that the pages show relative
// paths), and returns the output directory.
func serveRun(t *testing.T) string {
	t.Helper()
	t.Chdir(t.TempDir())
	in := filepath.Base(writeServeInputs(t, "."))
	out := "out"
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"run", "-o", out, "--dedup", "mark", "--quiet", in}, nil, &stderr, &stderr); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr.String())
	}
	return out
}

func TestServeCommandMissingDataset(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", t.TempDir()}, nil, &stderr, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "no articles.jsonl or articles.parquet") {
		t.Fatalf("exit %d, stderr %q; want exit 1 and a message about the missing dataset", code, stderr.String())
	}
}

func TestReportCommand(t *testing.T) {
	out := serveRun(t)
	file := filepath.Join(t.TempDir(), "report.html")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-o", file, out}, nil, &stderr, &stderr); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"Records by outcome", "Publication dates by month", "Top sites", "harbourtimes.example", "Story cluster sizes", "not recorded in the output"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<link", `src="http`, `href="http`, "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("report holds %q: it must be self-contained, with no script", bad)
		}
	}
}

// TestServeBrowser drives headless Chromium (through playwright-core)
// over copydesk serve: search, article, story timeline, explain, run
// page, a hostile record, and the static report (testdata/browse.js).
// It needs the chromium executable and COPYDESK_PLAYWRIGHT_NODE, a
// directory with node_modules/playwright-core; without them it skips.
func TestServeBrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium executable on PATH (Debian: apt-get install chromium)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	mods := os.Getenv("COPYDESK_PLAYWRIGHT_NODE")
	if mods == "" {
		t.Skip("COPYDESK_PLAYWRIGHT_NODE is not set (npm install --prefix DIR playwright-core, then set it to DIR)")
	}
	if _, err := os.Stat(filepath.Join(mods, "node_modules", "playwright-core")); err != nil {
		t.Skipf("no playwright-core under %s: %v", mods, err)
	}
	shots := *screenshots
	if shots != "" {
		if shots, err = filepath.Abs(shots); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs(filepath.Join("testdata", "browse.js"))
	if err != nil {
		t.Fatal(err)
	}
	out := serveRun(t)
	reportFile := filepath.Join(t.TempDir(), "report.html")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"report", "-o", reportFile, out}, nil, &stderr, &stderr); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := server.New(ctx, server.Options{Dir: out, CheckEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// /control holds an inline script under the server's policy, to show
	// that the browser blocks it and that the script sees the violation.
	mux := http.NewServeMux()
	mux.Handle("/", s.Handler())
	mux.HandleFunc("GET /control", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", server.CSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>control</title><p>control</p><script>window.__pwned = "control"</script>`)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srvCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serveMux(srvCtx, l, mux) }()
	defer func() { stop(); <-done }()

	cmd := exec.CommandContext(ctx, node, script, "http://"+l.Addr().String(), shots, reportFile)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(mods, "node_modules"), "CHROMIUM="+browser)
	outb, err := cmd.CombinedOutput()
	t.Logf("browse.js:\n%s", outb)
	if err != nil {
		t.Fatalf("browse.js: %v", err)
	}
	t.Logf("CSP violations reported to the server: %d (the control page's)", s.CSPReports.Load())
}

func serveMux(ctx context.Context, l net.Listener, h http.Handler) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); hs.Close() }()
	if err := hs.Serve(l); err != http.ErrServerClosed {
		return err
	}
	return nil
}
