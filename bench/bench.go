package main

import (
	"bytes"
	"fmt"
	"io"
	nurl "net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/score"
	"github.com/copydesk/copydesk/segment"
)

// row is one line of the extraction table.
type row struct {
	set, system   string
	docs          int
	p, r, f1      float64
	pagesPerSec   float64
	passes, timed int
}

// loadSet opens a gold set and reads all its pages into memory.
func loadSet(dir string) (*goldset.Set, []*page, error) {
	set, err := goldset.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	pages := make([]*page, 0, set.Len())
	for c, err := range set.Cases() {
		if err != nil {
			return nil, nil, err
		}
		p := &page{
			id:      c.ID,
			url:     absURL(c.URL),
			raw:     c.HTML,
			gold:    c.Gold,
			with:    c.With,
			without: c.Without,
			meta:    c.Meta,
		}
		if set.Format == goldset.HTMLDate {
			p.gold = c.Date
		}
		p.date = c.Date
		p.utf8, err = toUTF8(c.HTML)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", set.Name, c.ID, err)
		}
		pages = append(pages, p)
	}
	return set, pages, nil
}

// absURL returns s parsed when it is an absolute http(s) URL, else nil.
func absURL(s string) *nurl.URL {
	u, err := nurl.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// toUTF8 converts a page to UTF-8 with the charset copydesk's own reader
// detects for it, so that every system sees the same characters.
func toUTF8(raw []byte) ([]byte, error) {
	doc, err := htmltext.Extract(raw, "")
	if err != nil {
		return nil, err
	}
	b := raw
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte("\xfe\xff")), bytes.HasPrefix(b, []byte("\xff\xfe")):
		b = b[2:]
	}
	if doc.Charset == "utf-8" || doc.Charset == "" {
		return b, nil
	}
	enc, _ := charset.Lookup(doc.Charset)
	if enc == nil {
		return b, nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return b, nil
	}
	return out, nil
}

// tally counts how the calls of one system on one set ended and remembers
// a few examples for the notes.
type tally struct {
	failed, panicked, timedOut       int
	failedIDs, panickedIDs, timedIDs []string
	firstPanic, firstError           string
}

func (t *tally) add(id string, o outcome, detail string) {
	const maxIDs = 8
	switch o {
	case failed:
		t.failed++
		if len(t.failedIDs) < maxIDs {
			t.failedIDs = append(t.failedIDs, id)
		}
		if t.firstError == "" {
			t.firstError = detail
		}
	case panicked:
		t.panicked++
		if len(t.panickedIDs) < maxIDs {
			t.panickedIDs = append(t.panickedIDs, id)
		}
		if t.firstPanic == "" {
			t.firstPanic = detail
		}
	case timedOut:
		t.timedOut++
		if len(t.timedIDs) < maxIDs {
			t.timedIDs = append(t.timedIDs, id)
		}
	}
}

// notes describes the tally as lines for the report.
func (t *tally) notes(set, system string, timeout time.Duration) []string {
	var out []string
	ids := func(list []string, n int) string {
		s := strings.Join(list, ", ")
		if n > len(list) {
			s += ", …"
		}
		return s
	}
	if t.panicked > 0 {
		out = append(out, fmt.Sprintf("%s, %s: %d pages panicked (recovered, counted as empty output): %s; first panic: %s",
			set, system, t.panicked, ids(t.panickedIDs, t.panicked), clip(t.firstPanic, 160)))
	}
	if t.timedOut > 0 {
		out = append(out, fmt.Sprintf("%s, %s: %d pages gave no result within %s (counted as empty output, left out of the timing; the abandoned call kept running): %s",
			set, system, t.timedOut, timeout, ids(t.timedIDs, t.timedOut)))
	}
	if t.failed > 0 {
		out = append(out, fmt.Sprintf("%s, %s: %d pages returned an error (counted as empty output): %s; first error: %s",
			set, system, t.failed, ids(t.failedIDs, t.failed), clip(t.firstError, 160)))
	}
	return out
}

func clip(s string, n int) string {
	s = segment.NormalizeSpace(s)
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// timing accumulates the time spent in the calls of one system.
type timing struct {
	elapsed time.Duration
	calls   int
	passes  int
}

// morePasses reports whether another timed pass is due.
func (t *timing) morePasses(cfg config) bool {
	if cfg.repeat > 0 {
		return t.passes < cfg.repeat
	}
	return t.elapsed < cfg.minTime
}

func (t *timing) pagesPerSec() float64 {
	if t.elapsed <= 0 {
		return 0
	}
	return float64(t.calls) / t.elapsed.Seconds()
}

// benchSet runs every selected extraction system on one set.
func benchSet(cfg config, name string, docs, progress io.Writer) ([]row, []string, error) {
	set, pages, err := loadSet(filepath.Join(cfg.data, name))
	if err != nil {
		return nil, nil, err
	}
	if set.Format == goldset.HTMLDate {
		return nil, nil, fmt.Errorf("%s is a date set: use -dates", name)
	}
	snippets := !set.Format.HasTextGold()
	label := set.Name
	if snippets {
		label += " (snippets)"
	}
	var rows []row
	var notes []string
	for _, sys := range allSystems {
		if !cfg.systems[sys.name] {
			continue
		}
		fmt.Fprintf(progress, "%s: %s on %d pages…", set.Name, sys.name, len(pages))
		runtime.GC()
		var (
			text  score.Corpus
			snip  score.SnippetCorpus
			tm    timing
			tl    tally
			skip  = make([]bool, len(pages))
			begin = time.Now()
		)
		// The scored pass, also the first timed pass.
		for i, p := range pages {
			res := guarded(cfg.timeout, func() (string, error) { return sys.extract(p) })
			tl.add(p.id, res.outcome, res.detail)
			if res.outcome == timedOut {
				skip[i] = true
			} else {
				tm.elapsed += res.elapsed
				tm.calls++
			}
			if snippets {
				f, w, l, u := snip.Add(res.val, p.with, p.without)
				fmt.Fprintf(docs, "%s\t%s\t%s\t%s\t\t\t%d\t%d\t%d\t%d\t\t\n", set.Name, sys.name, p.id, res.outcome, f, w, l, u)
			} else {
				d := text.Add(res.val, p.gold)
				fmt.Fprintf(docs, "%s\t%s\t%s\t%s\t%.4f\t%.4f\t\t\t\t\t\t\n", set.Name, sys.name, p.id, res.outcome, d.Precision(), d.Recall())
			}
		}
		tm.passes = 1
		// Further timed passes, on the pages that did not time out.
		for tm.morePasses(cfg) {
			calls := tm.calls
			for i, p := range pages {
				if skip[i] {
					continue
				}
				res := guarded(cfg.timeout, func() (string, error) { return sys.extract(p) })
				if res.outcome == timedOut {
					skip[i] = true
					tl.add(p.id+" (timing pass)", timedOut, res.detail)
					continue
				}
				tm.elapsed += res.elapsed
				tm.calls++
			}
			tm.passes++
			if tm.calls == calls {
				break
			}
		}
		r := row{set: label, system: sys.name, passes: tm.passes, timed: tm.calls, pagesPerSec: tm.pagesPerSec()}
		if snippets {
			s := snip.Result()
			r.docs, r.p, r.r, r.f1 = s.Docs, s.Precision, s.Recall, s.F1
		} else {
			s := text.Result()
			r.docs, r.p, r.r, r.f1 = s.Docs, s.Precision, s.Recall, s.F1
		}
		fmt.Fprintf(progress, " F1 %.4f, %.1f pages/s (%d passes, %s in calls, %s wall)\n",
			r.f1, r.pagesPerSec, tm.passes, tm.elapsed.Round(time.Millisecond), time.Since(begin).Round(time.Millisecond))
		rows = append(rows, r)
		notes = append(notes, tl.notes(set.Name, sys.name, cfg.timeout)...)
	}
	return rows, notes, nil
}

// writeTable prints the extraction rows as a Markdown table.
func writeTable(w io.Writer, rows []row) {
	ref := map[string]float64{}
	for _, r := range rows {
		if r.system == referenceSystem {
			ref[r.set] = r.pagesPerSec
		}
	}
	fmt.Fprintf(w, "| set | system | docs | P | R | F1 | pages/s | speed vs %s |\n", referenceSystem)
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %.4f | %.4f | %.4f | %s | %s |\n",
			r.set, r.system, r.docs, r.p, r.r, r.f1, rate(r.pagesPerSec), ratio(r.pagesPerSec, ref[r.set]))
	}
}

func rate(pps float64) string {
	if pps >= 100 {
		return fmt.Sprintf("%.0f", pps)
	}
	return fmt.Sprintf("%.1f", pps)
}

func ratio(v, ref float64) string {
	if ref <= 0 || v <= 0 {
		return "–"
	}
	x := v / ref
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

// dateRow is one line of the date table.
type dateRow struct {
	set, system        string
	available          bool
	docs, found, right int
	pagesPerSec        float64
	passes, timed      int
}

// datedPages keeps the pages whose gold gives a date: on a Postlight
// set, one the gold asserts.
func datedPages(pages []*page) []*page {
	var out []*page
	for _, p := range pages {
		if len(p.date) < 10 || p.meta.Asserted != nil && !slices.Contains(p.meta.Asserted, "date_published") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// benchDates scores the selected date finders on the date gold sets.
func benchDates(cfg config, docs, progress io.Writer) ([]dateRow, []string, error) {
	var rows []dateRow
	var notes []string
	for _, name := range dateSets {
		set, pages, err := loadSet(filepath.Join(cfg.data, name))
		if err != nil {
			return nil, nil, err
		}
		r, n := benchDateSet(cfg, set, datedPages(pages), docs, progress)
		rows, notes = append(rows, r...), append(notes, n...)
	}
	return rows, notes, nil
}

// benchDateSet scores the selected date finders on one set. A date is
// right when it falls on the gold's day by score.SameDay.
func benchDateSet(cfg config, set *goldset.Set, pages []*page, docs, progress io.Writer) ([]dateRow, []string) {
	var rows []dateRow
	var notes []string
	for _, sys := range dateSystems {
		if !cfg.systems[sys.name] {
			continue
		}
		if sys.find == nil {
			rows = append(rows, dateRow{set: set.Name, system: sys.name, docs: len(pages)})
			continue
		}
		fmt.Fprintf(progress, "%s: %s on %d pages…", set.Name, sys.name, len(pages))
		runtime.GC()
		var (
			tm    timing
			tl    tally
			r     = dateRow{set: set.Name, system: sys.name, available: true, docs: len(pages)}
			skip  = make([]bool, len(pages))
			begin = time.Now()
		)
		call := func(p *page) callResult[found] {
			return guarded(cfg.timeout, func() (found, error) { return sys.find(p) })
		}
		for i, p := range pages {
			res := call(p)
			tl.add(p.id, res.outcome, res.detail)
			if res.outcome == timedOut {
				skip[i] = true
			} else {
				tm.elapsed += res.elapsed
				tm.calls++
			}
			got := ""
			if res.outcome == ok && res.val.ok {
				r.found++
				got = res.val.t.Format(time.DateOnly)
				if res.val.hasTime {
					got = res.val.t.Format(time.RFC3339)
				}
				if score.SameDay(res.val.t, res.val.hasTime, p.date) {
					r.right++
				}
			}
			fmt.Fprintf(docs, "%s\t%s\t%s\t%s\t\t\t\t\t\t\t%s\t%s\n", set.Name, sys.name, p.id, res.outcome, got, p.date)
		}
		tm.passes = 1
		for tm.morePasses(cfg) {
			calls := tm.calls
			for i, p := range pages {
				if skip[i] {
					continue
				}
				res := call(p)
				if res.outcome == timedOut {
					skip[i] = true
					tl.add(p.id+" (timing pass)", timedOut, res.detail)
					continue
				}
				tm.elapsed += res.elapsed
				tm.calls++
			}
			tm.passes++
			if tm.calls == calls {
				break
			}
		}
		r.passes, r.timed, r.pagesPerSec = tm.passes, tm.calls, tm.pagesPerSec()
		fmt.Fprintf(progress, " accuracy %.4f, %.1f pages/s (%d passes, %s in calls, %s wall)\n",
			float64(r.right)/float64(max(r.docs, 1)), r.pagesPerSec, tm.passes, tm.elapsed.Round(time.Millisecond), time.Since(begin).Round(time.Millisecond))
		rows = append(rows, r)
		notes = append(notes, tl.notes(set.Name, sys.name, cfg.timeout)...)
	}
	return rows, notes
}

// writeDateTable prints the date rows as a Markdown table.
func writeDateTable(w io.Writer, rows []dateRow) {
	ref := map[string]float64{}
	for _, r := range rows {
		if r.system == referenceDateSystem {
			ref[r.set] = r.pagesPerSec
		}
	}
	fmt.Fprintf(w, "| set | system | docs | found | correct | accuracy | correct of found | pages/s | speed vs %s |\n", referenceDateSystem)
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		if !r.available {
			fmt.Fprintf(w, "| %s | %s | %d | – | – | not available | – | – | – |\n", r.set, r.system, r.docs)
			continue
		}
		var prec float64
		if r.found > 0 {
			prec = float64(r.right) / float64(r.found)
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %.4f | %.4f | %s | %s |\n",
			r.set, r.system, r.docs, r.found, r.right, float64(r.right)/float64(max(r.docs, 1)), prec,
			rate(r.pagesPerSec), ratio(r.pagesPerSec, ref[r.set]))
	}
}
