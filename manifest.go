package copydesk

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
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
	// Failures lists the first failures one by one, with file and offset.
	Failures   []FailureNote `json:"failures,omitempty"`
	Seconds    float64       `json:"seconds"`
	DocsPerSec float64       `json:"docs_per_sec"`
}

// FailureNote names one failed record.
type FailureNote struct {
	File   string `json:"file"`
	Offset int64  `json:"offset"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

func newManifest() *Manifest {
	return &Manifest{DroppedBy: map[string]int64{}, FailedBy: map[string]int64{}}
}

func (m *Manifest) count(d *Document, maxNotes int) {
	m.Records++
	switch d.Outcome {
	case Kept:
		m.Kept++
	case Dropped:
		m.Dropped++
		m.DroppedBy[d.Reason]++
	default:
		// Anything not settled is a bug in a stage or source; count it as a
		// failure rather than lose it.
		if d.Outcome != Failed {
			d.Outcome, d.Reason = Failed, "unsettled"
		}
		m.Failed++
		m.FailedBy[d.Reason]++
		if len(m.Failures) < maxNotes {
			msg := ""
			var pe *ParseError
			switch {
			case errors.As(d.Err, &pe):
				// The note has the file and offset already.
				msg = pe.Err.Error()
			case d.Err != nil:
				msg = d.Err.Error()
			}
			m.Failures = append(m.Failures, FailureNote{d.Source.File, d.Source.Offset, d.Reason, msg})
		}
	}
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
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".manifest-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadManifest reads a manifest written by WriteFile.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := newManifest()
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
	for _, k := range sortedKeys(m.DroppedBy) {
		fmt.Fprintf(w, "  dropped %-20s %d\n", k, m.DroppedBy[k])
	}
	for _, k := range sortedKeys(m.FailedBy) {
		fmt.Fprintf(w, "  failed  %-20s %d\n", k, m.FailedBy[k])
	}
	for _, f := range m.Failures {
		fmt.Fprintf(w, "  %s: offset %d: %s\n", f.File, f.Offset, f.Error)
	}
	return nil
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
