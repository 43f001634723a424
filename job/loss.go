package job

import (
	"fmt"
	"sort"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/source"
)

// An archive input with at least lossMinRecords records, more than
// lossShare of them dropped for one reason that says the records were
// not read as pages, was most likely misread (a layout the reader does
// not know), not poor in articles: the run says so.
const (
	lossMinRecords = 20
	lossShare      = 0.5
)

// misreadDrops are the reasons that say a record was not read as a page,
// or read as a page with no text: what a layout the reader misreads
// gives. The reasons a crawl's ordinary records are dropped for
// (requests, metadata, warcinfo, revisits), and those about an article's
// content or the run's choices (too short, a filter, a duplicate), are
// not among them.
var misreadDrops = map[string]bool{
	source.ReasonNotHTML: true, source.ReasonOther: true,
	source.ReasonRedirect: true, source.ReasonStatus: true,
	"empty": true, "no-article": true,
}

// lossTally counts the outcomes of each archive input's records.
type lossTally struct {
	files   []string // in the order first seen
	records map[string]int64
	dropped map[string]map[string]int64 // file, reason
}

func newLossTally() *lossTally {
	return &lossTally{records: map[string]int64{}, dropped: map[string]map[string]int64{}}
}

// add counts d, once its per-document stages are done.
func (l *lossTally) add(d *copydesk.Document) {
	if d.Source.Format != copydesk.FormatWARC {
		return
	}
	f := d.Source.File
	if _, ok := l.records[f]; !ok {
		l.files = append(l.files, f)
		l.dropped[f] = map[string]int64{}
	}
	l.records[f]++
	if d.Outcome == copydesk.Dropped && misreadDrops[d.Reason] {
		l.dropped[f][d.Reason]++
	}
}

// check sets m's MostlyDropped and adds a warning for each archive input
// that lost most of its records to one reason, and one for each warning
// its records were given.
func (l *lossTally) check(m *pipeline.Manifest) {
	for _, f := range l.files {
		n := l.records[f]
		if n < lossMinRecords {
			continue
		}
		reasons := make([]string, 0, len(l.dropped[f]))
		for r := range l.dropped[f] {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			if k := l.dropped[f][r]; float64(k) > lossShare*float64(n) {
				m.MostlyDropped = append(m.MostlyDropped, f)
				m.Warnings = append(m.Warnings, fmt.Sprintf("%s: %d of its %d archive records dropped as %s: is the archive in a layout copydesk misreads?", f, k, n, r))
			}
		}
	}
	warned := make([]string, 0, len(m.WarnedBy))
	for w := range m.WarnedBy {
		warned = append(warned, w)
	}
	sort.Strings(warned)
	for _, w := range warned {
		if n := m.WarnedBy[w]; n > 0 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("%s: %d of the records read", w, n))
		}
	}
}
