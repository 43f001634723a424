// Package report summarizes a run's output (package dataset) as figures
// and charts: records by outcome and drop reason, publication dates over
// time, languages, sites, article and summary lengths, cluster sizes and
// the time spent per record. Write makes them one static HTML file with
// the charts as inline SVG (package chart), no script and nothing
// fetched; the server's run page shows the same Sections.
package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/segment"
)

// Stats are the figures of one dataset. They are plain data (JSON), so
// they can be computed once and kept.
type Stats struct {
	Dir      string             `json:"dir"`
	Format   string             `json:"format"`
	Manifest *pipeline.Manifest `json:"manifest,omitempty"`

	Articles     int            `json:"articles"`
	Months       map[string]int `json:"months"` // YYYY-MM of the publication date
	Undated      int            `json:"undated"`
	Langs        map[string]int `json:"langs"`
	Sites        map[string]int `json:"sites"` // the URL's host
	Words        []int          `json:"words"` // histogram counts, bucket bounds in WordBuckets
	SummaryWords []int          `json:"summary_words"`
	Methods      map[string]int `json:"summary_methods"`
	ClusterSizes map[int]int    `json:"cluster_sizes"` // size → clusters of that size
	Stories      int            `json:"stories"`       // distinct story_id values
}

// WordBuckets are the upper bounds (exclusive) of the length histograms'
// buckets, in words; the last bucket holds everything longer.
var (
	WordBuckets    = []int{50, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000}
	SummaryBuckets = []int{10, 20, 30, 40, 50, 60, 70, 80, 100, 150}
)

// Collector accumulates Stats one record at a time.
type Collector struct {
	s       Stats
	stories map[string]bool
}

// NewCollector returns a Collector for the dataset d.
func NewCollector(d *dataset.Dataset) *Collector {
	c := &Collector{s: Stats{
		Dir: d.Dir, Format: d.Format, Manifest: d.Manifest,
		Months: map[string]int{}, Langs: map[string]int{}, Sites: map[string]int{},
		Methods: map[string]int{}, ClusterSizes: map[int]int{},
		Words: make([]int, len(WordBuckets)+1), SummaryWords: make([]int, len(SummaryBuckets)+1),
	}, stories: map[string]bool{}}
	for _, cl := range d.Clusters {
		c.s.ClusterSizes[cl.Size]++
	}
	return c
}

// Add counts one record.
func (c *Collector) Add(r *record.Record) {
	s := &c.s
	s.Articles++
	if r.Date != nil {
		s.Months[r.Date.UTC().Format("2006-01")]++
	} else {
		s.Undated++
	}
	s.Langs[orUnknown(dataset.Value(r.Lang))]++
	s.Sites[orUnknown(dataset.Site(dataset.Value(r.URL)))]++
	s.Words[bucket(WordBuckets, int(r.Words))]++
	if sum := dataset.Value(r.Summary); sum != "" {
		s.SummaryWords[bucket(SummaryBuckets, segment.CountWords(sum))]++
	}
	s.Methods[orUnknown(dataset.Value(r.SummaryMethod))]++
	if id := dataset.Value(r.StoryID); id != "" && !c.stories[id] {
		c.stories[id] = true
		s.Stories++
	}
}

// Stats returns the figures counted so far.
func (c *Collector) Stats() *Stats { s := c.s; return &s }

// Collect reads every record of d and returns its Stats.
func Collect(d *dataset.Dataset) (*Stats, error) {
	c := NewCollector(d)
	err := d.Each(func(_ int, r *record.Record) error { c.Add(r); return nil })
	return c.Stats(), err
}

// bucket returns the index of the bucket of bounds that n falls in.
func bucket(bounds []int, n int) int {
	for i, b := range bounds {
		if n < b {
			return i
		}
	}
	return len(bounds)
}

// bucketLabel names bucket i of bounds.
func bucketLabel(bounds []int, i int) string {
	switch {
	case i == 0:
		return fmt.Sprintf("<%d", bounds[0])
	case i == len(bounds):
		return fmt.Sprintf("≥%d", bounds[i-1])
	}
	return fmt.Sprintf("%d–%d", bounds[i-1], bounds[i]-1)
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// counted is one label and its count, for sorting maps by count.
type counted struct {
	key string
	n   int64
}

// byCount returns m's entries, largest first, ties by key.
func byCount[V int | int64](m map[string]V) []counted {
	out := make([]counted, 0, len(m))
	for k, v := range m {
		out = append(out, counted{k, int64(v)})
	}
	slices.SortFunc(out, func(a, b counted) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	return out
}
