package pubdate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/score"
)

// Evaluation sets live beside the module, outside the repository.
const (
	htmldateDir    = "../../shared/data/date-htmldate-eval-dev"
	readabilityDir = "../../shared/data/extract-readability-testpages/cases"
	trafilaturaDir = "../../shared/data/extract-trafilatura-eval-dev"
	fundusDir      = "../../shared/data/extract-fundus-dev"
	postlightDir   = "../../shared/data/meta-postlight-dev"
)

// evalNow is after every page of the sets was crawled.
var evalNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// An evalPage is a page with its gold date: a day (YYYY-MM-DD), or an
// RFC 3339 time whose offset says in which zone the day is read.
type evalPage struct {
	url, gold string
	page      []byte
}

// loadURLSet reads a {url: {file, date}} index and its html/<file>.gz
// pages, keeping entries with a date.
func loadURLSet(tb testing.TB, dir, index string) []evalPage {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, index))
	if err != nil {
		tb.Skipf("evaluation set not available (%v)", err)
	}
	var idx map[string]struct {
		File string `json:"file"`
		Date string `json:"date"`
	}
	if err := json.Unmarshal(raw, &idx); err != nil {
		tb.Fatal(err)
	}
	var out []evalPage
	for u, e := range idx {
		if len(e.Date) < 10 {
			continue
		}
		page, err := goldset.ReadFile(filepath.Join(dir, "html", e.File+".gz"))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, evalPage{u, e.Date[:10], page})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].url < out[j].url })
	return out
}

type tally struct{ n, ok int }

// scoreSet runs Find over pages and logs accuracy overall and by source.
// With PUBDATE_MISSES set, it logs every miss.
func scoreSet(t *testing.T, name string, pages []evalPage) float64 {
	bySource := map[string]*tally{}
	var all tally
	var misses []string
	for _, p := range pages {
		r, ok := Find(p.page, p.url, Options{Now: evalNow})
		src := "(none)"
		got := ""
		if ok {
			src = r.Source
			got = Format(r.Published, r.HasTime)
		}
		tl := bySource[src]
		if tl == nil {
			tl = &tally{}
			bySource[src] = tl
		}
		tl.n++
		all.n++
		if ok && score.SameDay(r.Published, r.HasTime, p.gold) {
			tl.ok++
			all.ok++
		} else {
			misses = append(misses, fmt.Sprintf("gold %s got %-10s via %-28s %s", p.gold, got, src, p.url))
		}
	}
	acc := float64(all.ok) / float64(all.n)
	t.Logf("%s: accuracy %.3f (%d/%d)", name, acc, all.ok, all.n)
	var srcs []string
	for s := range bySource {
		srcs = append(srcs, s)
	}
	sort.Slice(srcs, func(i, j int) bool { return bySource[srcs[i]].n > bySource[srcs[j]].n })
	for _, s := range srcs {
		tl := bySource[s]
		t.Logf("  %-34s %4d pages, %4d right (%.3f)", s, tl.n, tl.ok, float64(tl.ok)/float64(tl.n))
	}
	if os.Getenv("PUBDATE_MISSES") != "" {
		t.Logf("misses:\n%s", strings.Join(misses, "\n"))
	}
	return acc
}

func TestHTMLDateSet(t *testing.T) {
	pages := loadURLSet(t, htmldateDir, "eval_default.json")
	acc := scoreSet(t, "htmldate dev", pages)
	if acc < 0.928 { // 0.933 (361/387) when written; go-htmldate 0.899
		t.Errorf("accuracy %.3f below floor", acc)
	}
}

func TestTrafilaturaDates(t *testing.T) {
	pages := loadURLSet(t, trafilaturaDir, "evaldata.json")
	acc := scoreSet(t, "trafilatura dev", pages)
	if acc < 0.915 { // 0.920 when written
		t.Errorf("accuracy %.3f below floor", acc)
	}
}

// loadMetaSet reads the dated pages of a Fundus or Postlight set through
// package goldset. A Postlight page counts only when its gold asserts a
// date.
func loadMetaSet(tb testing.TB, dir string) []evalPage {
	tb.Helper()
	set, err := goldset.Open(dir)
	if err != nil {
		tb.Skipf("evaluation set not available (%v)", err)
	}
	var out []evalPage
	for c, err := range set.Cases() {
		if err != nil {
			tb.Fatal(err)
		}
		m := c.Meta
		if len(m.Date) < 10 || m.Asserted != nil && !slices.Contains(m.Asserted, "date_published") {
			continue
		}
		out = append(out, evalPage{c.URL, m.Date, c.HTML})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].url < out[j].url })
	return out
}

func TestFundusDates(t *testing.T) {
	acc := scoreSet(t, "fundus dev", loadMetaSet(t, fundusDir))
	if acc < 0.96 { // 0.968 when written
		t.Errorf("accuracy %.3f below floor", acc)
	}
}

func TestPostlightDates(t *testing.T) {
	acc := scoreSet(t, "postlight dev", loadMetaSet(t, postlightDir))
	if acc < 0.89 { // 0.915 (43/47) when written
		t.Errorf("accuracy %.3f below floor", acc)
	}
}

func TestReadabilityDates(t *testing.T) {
	set, err := goldset.Open(filepath.Dir(readabilityDir))
	if err != nil {
		t.Skipf("readability test pages not available (%v)", err)
	}
	var pages []evalPage
	for c, err := range set.Cases() {
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Date) >= 10 {
			pages = append(pages, evalPage{"", c.Date[:10], c.HTML})
		}
	}
	acc := scoreSet(t, "readability publishedTime", pages)
	if acc < 0.96 { // 1.000 (33/33) when written
		t.Errorf("accuracy %.3f below floor", acc)
	}
}

// BenchmarkFind runs Find over the htmldate dev pages and reports pages/s.
func BenchmarkFind(b *testing.B) {
	pages := loadURLSet(b, htmldateDir, "eval_default.json")
	var size int64
	for _, p := range pages {
		size += int64(len(p.page))
	}
	b.SetBytes(size / int64(len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		Find(p.page, p.url, Options{Now: evalNow})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
