package server

import (
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/record"
)

var (
	loadArticles = flag.Int("serve.load", 0, "run TestLoad on this many generated articles (0: skip)")
	loadClients  = flag.Int("serve.clients", 4, "TestLoad: concurrent clients")
	loadQueries  = flag.Int("serve.queries", 4000, "TestLoad: search requests in all")
	loadDir      = flag.String("serve.dir", "", "TestLoad: where to write the dataset and index (default: a temporary directory)")
	loadReuse    = flag.Bool("serve.reuse", false, "TestLoad: search the dataset and index already in -serve.dir")
)

// syntheticWords returns n made-up words of two to four syllables.
func syntheticWords(r *rand.Rand, n int) []string {
	syll := []string{"ka", "lo", "mi", "ten", "ra", "su", "vel", "do", "an", "ri", "po", "mer", "is", "tu", "ban", "el", "or", "ce", "ni", "gra"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// syntheticArticles yields n articles whose words follow a Zipf law over
// a 30,000-word vocabulary: 6 paragraphs of 40 to 110 words, 400 sites,
// 4 languages, dates over two years, a summary on two in three.
func syntheticArticles(n int, vocab []string) iter.Seq[record.Record] {
	return func(yield func(record.Record) bool) {
		r := rand.New(rand.NewPCG(1, 2))
		z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
		sentence := func(words int) string {
			var b strings.Builder
			for i := range words {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(vocab[z.Uint64()])
			}
			b.WriteByte('.')
			return b.String()
		}
		langs := []string{"en", "en", "en", "de", "fr", "es"}
		start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range n {
			paras := make([]string, 6)
			words := 0
			for p := range paras {
				k := 40 + r.IntN(70)
				words += k
				paras[p] = sentence(k)
			}
			d := &copydesk.Document{
				ID:    fmt.Sprintf("%016x", r.Uint64()),
				URL:   fmt.Sprintf("https://site%d.example/news/%d", r.IntN(400), i),
				Title: sentence(8), Date: start.Add(time.Duration(r.IntN(730*24)) * time.Hour).Format(time.RFC3339),
				Lang: langs[r.IntN(len(langs))], Authors: []string{vocab[r.IntN(500)] + " " + vocab[r.IntN(500)]},
				Paragraphs: paras, Source: copydesk.Provenance{File: "generated", Offset: int64(i), Format: copydesk.FormatJSONL},
			}
			if r.IntN(3) > 0 {
				d.Summary, d.SummaryMethod = paras[0], "lead"
			}
			rec := record.New(d)
			rec.Words = int64(words)
			if !yield(rec) {
				return
			}
		}
	}
}

// TestLoad measures the index build on generated articles and the search
// latency under a bounded concurrent load on the loopback interface. It
// runs only with -serve.load N, and stops by itself after
// -serve.queries requests:
//
//	go test ./internal/server -run TestLoad -serve.load 100000 -v
func TestLoad(t *testing.T) {
	if *loadArticles <= 0 {
		t.Skip("run with -serve.load N to measure the index and search on N generated articles")
	}
	dir := *loadDir
	if dir == "" {
		dir = t.TempDir()
	}
	vocab := syntheticWords(rand.New(rand.NewPCG(3, 4)), 30000)
	t0 := time.Now()
	if !*loadReuse {
		if err := dataset.WriteJSONL(filepath.Join(dir, "articles.jsonl"), syntheticArticles(*loadArticles, vocab)); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, "index.sqlite"))
	}
	fi, err := os.Stat(filepath.Join(dir, "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dataset: %d articles, %.1f MB JSONL, written in %s", *loadArticles, float64(fi.Size())/1e6, time.Since(t0).Round(time.Millisecond))

	t0 = time.Now()
	s, err := New(context.Background(), Options{Dir: dir, CheckEvery: -1})
	// (The build reads the JSONL, computes the run page's figures and
	// writes the index, as serve does on first use.)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	build := time.Since(t0)
	ix, _ := os.Stat(s.IndexPath())
	if built, _ := s.Built(); !built {
		t.Logf("index: up to date, opened in %s, %.1f MB on disk", build.Round(time.Millisecond), float64(ix.Size())/1e6)
	} else {
		t.Logf("index: built in %s (%.0f articles/s, %.1f MB/s of JSONL), %.1f MB on disk (%.2f× the JSONL)",
			build.Round(time.Millisecond), float64(*loadArticles)/build.Seconds(), float64(fi.Size())/1e6/build.Seconds(),
			float64(ix.Size())/1e6, float64(ix.Size())/float64(fi.Size()))
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	defer func() { stop(); <-done }()
	base := "http://" + l.Addr().String()

	// Queries: one to three words of the vocabulary's commoner half, one
	// in four with a filter, one in eight sorted by date, one in ten on a
	// later page.
	qr := rand.New(rand.NewPCG(5, 6))
	targets := make([]string, *loadQueries)
	for i := range targets {
		v := url.Values{}
		var w []string
		for range 1 + qr.IntN(3) {
			w = append(w, vocab[qr.IntN(len(vocab)/2)])
		}
		v.Set("q", strings.Join(w, " "))
		switch qr.IntN(4) {
		case 0:
			v.Set("lang", "de")
		case 1:
			v.Set("from", "2024-01-01")
		}
		if qr.IntN(8) == 0 {
			v.Set("sort", "date")
		}
		if qr.IntN(10) == 0 {
			v.Set("page", "3")
		}
		targets[i] = base + "/search?" + v.Encode()
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients}}
	lat := make([]time.Duration, len(targets))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	next := make(chan int)
	t0 = time.Now()
	for range *loadClients {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				res, err := client.Get(targets[i])
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: %s", targets[i], res.Status)
					}
				}
				lat[i] = time.Since(start)
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	wall := time.Since(t0)
	if len(errs) > 0 {
		// Under a machine's other load a request may pass its time
		// budget (503): that is a figure to report, not a failure.
		t.Logf("%d of %d requests failed, the first: %v", len(errs), len(targets), errs[0])
		if len(errs) == len(targets) {
			t.FailNow()
		}
	}
	order := make([]int, len(lat))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(lat[b] - lat[a]) })
	for _, i := range order[:min(3, len(order))] {
		u, _ := url.Parse(targets[i])
		t.Logf("slow: %s %s", lat[i].Round(time.Millisecond), u.RawQuery)
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(10 * time.Microsecond) }
	t.Logf("search: %d requests, %d clients on loopback, %.0f requests/s; latency p50 %s, p95 %s, p99 %s, max %s",
		len(lat), *loadClients, float64(len(lat))/wall.Seconds(), pct(0.5), pct(0.95), pct(0.99), lat[len(lat)-1].Round(10*time.Microsecond))
}
