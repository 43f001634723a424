package pipeline

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/atomicfile"
)

// Manifest counts the outcome of every input record of a run. Records
// equals Kept + Dropped + Failed.
type Manifest struct {
	Inputs    []string         `json:"inputs,omitempty"`
	Records   int64            `json:"records"`
	Kept      int64            `json:"kept"`
	Dropped   int64            `json:"dropped"`
	Failed    int64            `json:"failed"`
	DroppedBy map[string]int64 `json:"dropped_by"`
	FailedBy  map[string]int64 `json:"failed_by"`
	// WarnedBy counts the records of each warning a source gave (see
	// Document.Warnings), whatever their outcome.
	WarnedBy map[string]int64 `json:"warned_by,omitempty"`
	// Failures lists failures one by one, with file and offset: the first
	// by file name and offset, in that order, so that the list does not
	// depend on the order in which workers or machines settled them.
	Failures []FailureNote `json:"failures,omitempty"`
	// InputBytes is the size of the inputs read, as stored.
	InputBytes int64 `json:"input_bytes"`
	// Resumed counts the inputs a resumed run found finished and did not
	// read again; their records are in the counts.
	Resumed int `json:"resumed,omitempty"`
	// Clusters and Duplicates count, with --dedup, the stories told by
	// more than one kept article and the articles that are not their
	// story's canonical copy.
	Clusters int `json:"clusters,omitempty"`
	// Stories counts, with --stories, the events reported by more than
	// one kept article (copies and rewrites).
	Stories int `json:"stories,omitempty"`
	// SiteBlocks counts, with --site-boilerplate, the paragraphs cut
	// because they recur across many pages of their site.
	SiteBlocks int `json:"site_blocks,omitempty"`
	Duplicates int `json:"duplicates,omitempty"`
	// Warnings says what a reader of the dataset should know about the
	// run: an input that changed while it was read, most of an archive's
	// records dropped for one reason.
	Warnings []string `json:"warnings,omitempty"`
	// MostlyDropped names the archive inputs most of whose records were
	// dropped for one reason other than the ordinary ones (requests,
	// metadata, warcinfo, revisits); the warnings say which.
	MostlyDropped []string `json:"mostly_dropped,omitempty"`
	Seconds       float64  `json:"seconds"`
	DocsPerSec    float64  `json:"docs_per_sec"`
	BytesPerSec   float64  `json:"bytes_per_sec,omitempty"`
}

// FailureNote names one failed record.
type FailureNote struct {
	File   string `json:"file"`
	Offset int64  `json:"offset"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// NewManifest returns an empty Manifest.
func NewManifest() *Manifest {
	return &Manifest{DroppedBy: map[string]int64{}, FailedBy: map[string]int64{}}
}

// DefaultFailureNotes is how many failures a Manifest lists one by one
// unless told otherwise.
const DefaultFailureNotes = 100

// Count adds the outcome of d, listing it among the Failures when it is
// among the first maxNotes by file and offset.
func (m *Manifest) Count(d *copydesk.Document, maxNotes int) {
	m.Records++
	for _, w := range d.Warnings {
		if m.WarnedBy == nil {
			m.WarnedBy = map[string]int64{}
		}
		m.WarnedBy[w]++
	}
	switch d.Outcome {
	case copydesk.Kept:
		m.Kept++
	case copydesk.Dropped:
		m.Dropped++
		m.DroppedBy[d.Reason]++
	default:
		// Anything not settled is a bug in a stage or source; count it as a
		// failure rather than lose it.
		if d.Outcome != copydesk.Failed {
			d.Outcome, d.Reason = copydesk.Failed, "unsettled"
		}
		m.Failed++
		m.FailedBy[d.Reason]++
		{
			msg := ""
			var pe *copydesk.ParseError
			switch {
			case errors.As(d.Err, &pe):
				// The note has the file and offset already.
				msg = pe.Err.Error()
			case d.Err != nil:
				msg = d.Err.Error()
			}
			m.note(FailureNote{d.Source.File, d.Source.Offset, d.Reason, msg}, maxNotes)
		}
	}
}

// Merge adds the counts of o to m, and o's failure notes as Count lists
// them: the result does not depend on the order of merging. Inputs, times
// and rates are left as they are.
func (m *Manifest) Merge(o *Manifest, maxNotes int) {
	m.Records += o.Records
	m.Kept += o.Kept
	m.Dropped += o.Dropped
	m.Failed += o.Failed
	m.InputBytes += o.InputBytes
	for k, n := range o.DroppedBy {
		m.DroppedBy[k] += n
	}
	for k, n := range o.FailedBy {
		m.FailedBy[k] += n
	}
	for k, n := range o.WarnedBy {
		if m.WarnedBy == nil {
			m.WarnedBy = map[string]int64{}
		}
		m.WarnedBy[k] += n
	}
	for _, f := range o.Failures {
		m.note(f, maxNotes)
	}
}

// note lists f among the Failures if it is among the first maxNotes by
// file, offset, reason and error, keeping the list in that order.
func (m *Manifest) note(f FailureNote, maxNotes int) {
	i, _ := slices.BinarySearchFunc(m.Failures, f, compareNotes)
	if i >= maxNotes {
		return
	}
	m.Failures = slices.Insert(m.Failures, i, f)
	if len(m.Failures) > maxNotes {
		m.Failures = m.Failures[:maxNotes]
	}
}

func compareNotes(a, b FailureNote) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Offset, b.Offset),
		cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Error, b.Error))
}

// Resettle replaces the outcomes of the kept records that a later run
// settled again (the corpus stages run over the Documents a resumable
// run kept): o counts those records, each once, with their new outcomes.
func (m *Manifest) Resettle(o *Manifest) {
	m.Kept -= o.Records
	m.Records -= o.Records
	for k, n := range o.WarnedBy {
		m.WarnedBy[k] -= n // counted when the records were read
	}
	m.Merge(o, DefaultFailureNotes)
}

func (m *Manifest) finish(elapsed time.Duration) {
	m.Seconds = elapsed.Seconds()
	if m.Seconds > 0 {
		m.DocsPerSec = float64(m.Records) / m.Seconds
	}
}

// WriteFile writes m as indented JSON to path, atomically: a reader sees the
// old file or the whole new one.
func (m *Manifest) WriteFile(path string) error {
	return atomicfile.WriteJSON(path, m)
}

// ReadManifest reads a manifest written by WriteFile.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := NewManifest()
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("copydesk: manifest %s: %w", path, err)
	}
	return m, nil
}

// Summary writes a short human-readable account of m to w.
func (m *Manifest) Summary(w io.Writer) error {
	_, err := fmt.Fprintf(w, "records %d: kept %d, dropped %d, failed %d (%.1f docs/s)\n",
		m.Records, m.Kept, m.Dropped, m.Failed, m.DocsPerSec)
	if err != nil {
		return err
	}
	if m.Clusters > 0 {
		fmt.Fprintf(w, "  stories told more than once %d, duplicate copies %d\n", m.Clusters, m.Duplicates)
	}
	if m.Stories > 0 {
		fmt.Fprintf(w, "  events reported more than once (copies and rewrites) %d\n", m.Stories)
	}
	for _, k := range sortedKeys(m.DroppedBy) {
		fmt.Fprintf(w, "  dropped %-20s %d\n", k, m.DroppedBy[k])
	}
	for _, k := range sortedKeys(m.FailedBy) {
		fmt.Fprintf(w, "  failed  %-20s %d\n", k, m.FailedBy[k])
	}
	for _, f := range m.Failures {
		fmt.Fprintf(w, "  %s: offset %d: %s\n", f.File, f.Offset, f.Error)
	}
	m.WriteWarnings(w)
	return nil
}

// WriteWarnings writes m's warnings to w, one line each.
func (m *Manifest) WriteWarnings(w io.Writer) {
	for _, s := range m.Warnings {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

// sortedKeys returns m's keys in order, for deterministic reports.
func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
