package job

import (
	"testing"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/source"
)

// TestLossTally checks when an archive counts as mostly dropped: more
// than half of at least 20 records, for one reason that is not an
// ordinary one.
func TestLossTally(t *testing.T) {
	for _, tt := range []struct {
		name    string
		records int
		reason  string
		dropped int
		want    bool
	}{
		{"most lost", 20, source.ReasonNotHTML, 11, true},
		{"half lost", 20, source.ReasonNotHTML, 10, false},
		{"too few records", 19, source.ReasonNotHTML, 19, false},
		{"ordinary", 30, source.ReasonRequest, 30, false},
		{"pages without text count too", 30, "no-article", 20, true},
		{"short articles are content, not layout", 30, "too-short", 30, false},
		{"a filter's drops are the run's choice", 30, "other-lang", 30, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newLossTally()
			for i := range tt.records {
				d := &copydesk.Document{Source: copydesk.Provenance{File: "a.warc.gz", Format: copydesk.FormatWARC}, Outcome: copydesk.Kept}
				if i < tt.dropped {
					d.Outcome, d.Reason = copydesk.Dropped, tt.reason
				}
				l.add(d)
			}
			l.add(&copydesk.Document{Source: copydesk.Provenance{File: "b.jsonl", Format: copydesk.FormatJSONL}, Outcome: copydesk.Dropped, Reason: "too-short"})
			m := pipeline.NewManifest()
			l.check(m)
			if got := len(m.MostlyDropped) == 1 && len(m.Warnings) == 1; got != tt.want || len(m.MostlyDropped) > 1 {
				t.Errorf("mostly dropped %q, warnings %q; want %v", m.MostlyDropped, m.Warnings, tt.want)
			}
		})
	}
}
