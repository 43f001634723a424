package server

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/internal/chart"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/internal/index"
	"github.com/copydesk/copydesk/pipeline"
)

// MaxStory bounds the members a story page shows.
const MaxStory = 500

// CopyAt is the least Jaccard similarity of a member's 5-word shingles
// with the first publisher's for it to count as a copy, not a rewrite.
const CopyAt = 0.9

// storyOf returns the story an article belongs to: its story_id, else
// its dedup cluster when other articles are in it; "" when neither.
func storyOf(d *index.Doc) string {
	switch {
	case dataset.Value(d.StoryID) != "":
		return *d.StoryID
	case dataset.Value(d.ClusterSize) > 1:
		return dataset.Value(d.ClusterID)
	}
	return ""
}

func siteOf(u string) string { return dataset.Site(u) }

// member is one article of a story as the timeline shows it.
type member struct {
	*index.Doc
	Site       string
	At         time.Time // publication date, else fetch time; zero when neither
	Fetched    bool      // At is the fetch time
	First      bool
	Kind       string // "first", "copy" or "rewrite"
	Similarity int    // percent of the first publisher's shingles shared
}

func (s *Server) story(w http.ResponseWriter, r *http.Request) {
	st := s.state(r.Context())
	id := r.PathValue("id")
	docs, err := st.ix.Story(r.Context(), id, MaxStory)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(docs) == 0 {
		s.fail(w, r, http.StatusNotFound, "No story has this id.")
		return
	}
	ms := make([]*member, len(docs))
	for i := range docs {
		m := &member{Doc: &docs[i], Site: siteOf(dataset.Value(docs[i].URL))}
		if m.Site == "" {
			m.Site = "(no site)"
		}
		switch d := docs[i]; {
		case d.Date != nil:
			m.At = *d.Date
		case d.Fetched != nil:
			m.At, m.Fetched = *d.Fetched, true
		}
		ms[i] = m
	}
	// Dated members first, by date; then the rest in dataset order.
	slices.SortStableFunc(ms, func(a, b *member) int {
		switch {
		case a.At.IsZero() != b.At.IsZero():
			if a.At.IsZero() {
				return 1
			}
			return -1
		}
		return a.At.Compare(b.At)
	})
	first := ms[0]
	first.First, first.Kind = true, "first"
	base := dedup.Options{}.Shingles(first.Text)
	for _, m := range ms[1:] {
		sim := jaccard(base, dedup.Options{}.Shingles(m.Text))
		m.Similarity = int(math.Round(100 * sim))
		m.Kind = "rewrite"
		if sim >= CopyAt {
			m.Kind = "copy"
		}
	}
	first.Similarity = 100
	kind := "dedup cluster"
	if dataset.Value(docs[0].StoryID) == id {
		kind = "story"
	}
	data := map[string]any{"Title": "Story: " + dataset.Value(first.Title), "ID": id, "Kind": kind, "Members": ms, "First": first,
		"Timeline": timeline(ms), "Truncated": len(docs) == MaxStory, "Sites": countSites(ms)}
	s.render(w, r, http.StatusOK, "story", data)
}

// timeline draws the dated members, one row per site in order of first
// appearance.
func timeline(ms []*member) any {
	var rows []chart.Row
	at := map[string]int{}
	var lo, hi time.Time
	for _, m := range ms {
		if m.At.IsZero() {
			continue
		}
		if lo.IsZero() || m.At.Before(lo) {
			lo = m.At
		}
		if m.At.After(hi) {
			hi = m.At
		}
		i, ok := at[m.Site]
		if !ok {
			i = len(rows)
			at[m.Site] = i
			rows = append(rows, chart.Row{Label: m.Site})
		}
		label := fmt.Sprintf("%s, %s: %s (%s)", m.Site, m.At.UTC().Format("2006-01-02 15:04"), dataset.Value(m.Title), m.Kind)
		rows[i].Points = append(rows[i].Points, chart.Point{
			At: float64(m.At.Unix()), Label: label, First: m.First, Copy: m.Kind != "rewrite",
			Href: "/article/" + url.PathEscape(m.ID),
		})
	}
	if len(rows) == 0 {
		return nil
	}
	layout := "2006-01-02"
	if hi.Sub(lo) < 7*24*time.Hour {
		layout = "Jan 2 15:04"
	}
	var ticks []chart.Point
	const n = 5
	for i := range n {
		t := lo.Add(time.Duration(float64(hi.Sub(lo)) * float64(i) / (n - 1)))
		ticks = append(ticks, chart.Point{At: float64(t.Unix()), Label: t.UTC().Format(layout)})
		if hi.Equal(lo) {
			break
		}
	}
	return chart.Timeline("Who published the story when", rows, ticks, 0)
}

func countSites(ms []*member) int {
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.Site] = true
	}
	return len(seen)
}

// jaccard returns the Jaccard similarity of two sorted sets of shingles.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// reason is one row of the run page's table of outcomes by reason.
type reason struct {
	Outcome, Reason string
	Count           int64
}

func reasons(m *pipeline.Manifest) []reason {
	if m == nil {
		return nil
	}
	var out []reason
	for _, x := range []struct {
		o  string
		by map[string]int64
	}{{"dropped", m.DroppedBy}, {"failed", m.FailedBy}} {
		for k, n := range x.by {
			out = append(out, reason{x.o, k, n})
		}
	}
	slices.SortFunc(out, func(a, b reason) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Outcome+a.Reason, b.Outcome+b.Reason)
	})
	return out
}
