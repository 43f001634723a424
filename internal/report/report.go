package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/copydesk/copydesk/internal/chart"
)

// Section is one figure of a report: a title, a chart (inline SVG, may be
// empty) and a note saying what it counts or why it is missing.
type Section struct {
	ID    string
	Title string
	Chart template.HTML
	Note  string
}

// Top bounds the bars of the sites and languages charts.
const Top = 15

// Sections returns the report's figures for s, in the order shown.
func Sections(s *Stats) []Section {
	var out []Section
	m := s.Manifest
	if m != nil {
		out = append(out, Section{ID: "outcomes", Title: "Records by outcome",
			Chart: chart.Bars("Records by outcome", []chart.Item{
				{Label: "kept", Value: float64(m.Kept)},
				{Label: "dropped", Value: float64(m.Dropped)},
				{Label: "failed", Value: float64(m.Failed)},
			}, 0),
			Note: fmt.Sprintf("%s records read from %s of input.", chart.Number(float64(m.Records)), bytesize(m.InputBytes))})
		var reasons []chart.Item
		for _, c := range byCount(m.DroppedBy) {
			reasons = append(reasons, chart.Item{Label: "dropped: " + c.key, Value: float64(c.n)})
		}
		for _, c := range byCount(m.FailedBy) {
			reasons = append(reasons, chart.Item{Label: "failed: " + c.key, Value: float64(c.n)})
		}
		out = append(out, Section{ID: "reasons", Title: "Drop and failure reasons",
			Chart: chart.Bars("Drop and failure reasons", reasons, 0)})
	} else {
		out = append(out, Section{ID: "outcomes", Title: "Records by outcome",
			Note: "The directory has no manifest.json: only the kept articles are known."})
	}
	out = append(out, Section{ID: "dates", Title: "Publication dates by month",
		Chart: chart.Columns("Articles by month of publication", months(s.Months), 0),
		Note:  fmt.Sprintf("%s of %s articles have no publication date.", chart.Number(float64(s.Undated)), chart.Number(float64(s.Articles)))})
	out = append(out, Section{ID: "langs", Title: "Languages",
		Chart: chart.Bars("Articles by language", top(s.Langs, Top), 0), Note: more(s.Langs, Top, "languages")})
	out = append(out, Section{ID: "sites", Title: "Top sites",
		Chart: chart.Bars("Articles by site", top(s.Sites, Top), 0), Note: more(s.Sites, Top, "sites")})
	out = append(out, Section{ID: "words", Title: "Article length (words)",
		Chart: chart.Columns("Articles by length in words", buckets(WordBuckets, s.Words), 0)})
	var methods []string
	for _, c := range byCount(s.Methods) {
		methods = append(methods, fmt.Sprintf("%s %s", c.key, chart.Number(float64(c.n))))
	}
	out = append(out, Section{ID: "summaries", Title: "Summary length (words)",
		Chart: chart.Columns("Summaries by length in words", buckets(SummaryBuckets, s.SummaryWords), 0),
		Note:  "How summaries were made: " + join(methods) + "."})
	if len(s.ClusterSizes) > 0 {
		sizes := make([]int, 0, len(s.ClusterSizes))
		for k := range s.ClusterSizes {
			sizes = append(sizes, k)
		}
		slices.Sort(sizes)
		var items []chart.Item
		for _, k := range sizes {
			items = append(items, chart.Item{Label: strconv.Itoa(k), Value: float64(s.ClusterSizes[k])})
		}
		out = append(out, Section{ID: "clusters", Title: "Story cluster sizes",
			Chart: chart.Columns("Clusters by number of copies", items, 0),
			Note:  "Stories told by more than one kept article (clusters.jsonl), by number of copies."})
	} else {
		out = append(out, Section{ID: "clusters", Title: "Story cluster sizes",
			Note: "The run was made without --dedup: there are no clusters."})
	}
	timing := "Extraction time per page is not recorded in the output: a run keeps no per-record timing."
	if m != nil && m.Records > 0 && m.Seconds > 0 {
		timing += fmt.Sprintf(" The run as a whole took %.1f s for %s records: %.2f ms of wall time per record (%.0f records/s, all workers together).",
			m.Seconds, chart.Number(float64(m.Records)), 1000*m.Seconds/float64(m.Records), m.DocsPerSec)
	}
	out = append(out, Section{ID: "timing", Title: "Time per record", Note: timing})
	return out
}

// months returns one item per month from the first to the last (months
// without articles included), or per year when that is more than 20 years.
func months(m map[string]int) []chart.Item {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if _, err := time.Parse("2006-01", k); err == nil {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	first, _ := time.Parse("2006-01", keys[0])
	last, _ := time.Parse("2006-01", keys[len(keys)-1])
	if last.Year()-first.Year() > 20 {
		years := map[string]int{}
		for _, k := range keys {
			years[k[:4]] += m[k]
		}
		var out []chart.Item
		for y := first.Year(); y <= last.Year(); y++ {
			out = append(out, chart.Item{Label: strconv.Itoa(y), Value: float64(years[strconv.Itoa(y)])})
		}
		return out
	}
	var out []chart.Item
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		out = append(out, chart.Item{Label: k, Value: float64(m[k])})
	}
	return out
}

func top(m map[string]int, n int) []chart.Item {
	var out []chart.Item
	for i, c := range byCount(m) {
		if i == n {
			break
		}
		out = append(out, chart.Item{Label: c.key, Value: float64(c.n)})
	}
	return out
}

func more(m map[string]int, n int, what string) string {
	if len(m) <= n {
		return fmt.Sprintf("%d %s.", len(m), what)
	}
	return fmt.Sprintf("The %d largest of %d %s.", n, len(m), what)
}

func buckets(bounds, counts []int) []chart.Item {
	out := make([]chart.Item, len(counts))
	for i, n := range counts {
		out[i] = chart.Item{Label: bucketLabel(bounds, i), Value: float64(n)}
	}
	return out
}

func join(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	out := s[0]
	for _, x := range s[1:] {
		out += ", " + x
	}
	return out
}

func bytesize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

//go:embed report.html
var pageHTML string

//go:embed report.css
var CSS string

// page is parsed at the first report, not at every process's start.
var page = sync.OnceValue(func() *template.Template { return template.Must(template.New("report").Parse(pageHTML)) })

// Write writes the report of s to w: one HTML file with its styles
// inline, no script, nothing to fetch.
func Write(w io.Writer, s *Stats) error {
	return page().Execute(w, map[string]any{
		"Stats":    s,
		"Sections": Sections(s),
		"CSS":      template.CSS(CSS),
	})
}
