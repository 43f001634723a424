package warc

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// samplesDir holds the archive samples, beside the repository; they are
// read in place, never copied.
const samplesDir = "../../shared/data/warc-samples-dev"

// sample is one entry of the samples' manifest.json.
type sample struct {
	File        string         `json:"file"`
	Format      string         `json:"format"`
	Records     int            `json:"records"`
	RecordTypes map[string]int `json:"record_types"`
	HTML        int            `json:"html_responses"`
	Note        string         `json:"note"`
}

func loadSamples(t *testing.T) []sample {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(samplesDir, "manifest.json"))
	if err != nil {
		t.Skipf("archive samples not found at %s (they live beside the repository): %v", samplesDir, err)
	}
	var s []sample
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// readAll reads every record of an archive, reading each block to its
// end, and returns the records' types and the errors met, in order.
func readAll(t *testing.T, r io.Reader) (types []string, errs []error) {
	t.Helper()
	rd := NewReader(r)
	for i := 0; i < 100000; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			return types, errs
		}
		if err != nil {
			errs = append(errs, err)
			var pe *ParseError
			if !errors.As(err, &pe) {
				return types, errs
			}
			continue
		}
		if _, err := io.Copy(io.Discard, rec.Block); err != nil {
			errs = append(errs, err)
		}
		types = append(types, rec.Type())
	}
	t.Fatal("reader does not end")
	return nil, nil
}

// TestSamples reads every archive sample. A sound file gives the record
// count and types its manifest states, without error; a damaged one gives
// errors with offsets and every record the reader can recover.
func TestSamples(t *testing.T) {
	for _, s := range loadSamples(t) {
		t.Run(s.File, func(t *testing.T) {
			f, err := os.Open(filepath.Join(samplesDir, s.File))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			types, errs := readAll(t, f)
			if s.Note == "" {
				if len(errs) > 0 {
					t.Errorf("errors %v", errs)
				}
				if len(types) != s.Records {
					t.Errorf("%d records, want %d", len(types), s.Records)
				}
				got := map[string]int{}
				for _, typ := range types {
					got[typ]++
				}
				for typ, n := range s.RecordTypes {
					if typ != "unknown" && got[typ] != n {
						t.Errorf("%d %s records, want %d (got %v)", got[typ], typ, n, got)
					}
				}
				return
			}
			if len(errs) == 0 {
				t.Errorf("no error on a damaged file (%s); %d records", s.Note, len(types))
			}
			if len(types) < s.Records {
				t.Errorf("%d records, want at least the %d found before the damage", len(types), s.Records)
			}
			for _, err := range errs {
				var pe *ParseError
				if !errors.As(err, &pe) && err != io.ErrUnexpectedEOF {
					t.Errorf("error %v is neither a ParseError nor a truncated block", err)
				}
			}
		})
	}
}

// TestDamageOffsets checks where the damage in two samples is reported
// and that the reading goes on past it.
func TestDamageOffsets(t *testing.T) {
	loadSamples(t)
	for _, tc := range []struct {
		file       string
		offset     int64
		compressed bool
		after      int // records read after the damage
	}{
		{"edgecases/gowarc-corrupted-mid-record.warc.gz.open", 8975, false, 0},
		{"edgecases/warcio-example-trunc.warc", 2560, false, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(samplesDir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd := NewReader(f)
			var pe *ParseError
			after := 0
			for {
				_, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					if pe != nil || !errors.As(err, &pe) {
						t.Fatalf("error %v after %v", err, pe)
					}
					continue
				}
				if pe != nil {
					after++
				}
			}
			if pe == nil || pe.Offset != tc.offset || pe.Compressed != tc.compressed || after != tc.after {
				t.Errorf("damage %+v and %d records after it, want offset %d (compressed %v) and %d",
					pe, after, tc.offset, tc.compressed, tc.after)
			}
		})
	}
}

// TestMemberOffsets checks, on the Common Crawl excerpt, that each
// record's MemberOffset is where its gzip member starts: a reader opened
// there reads that record first.
func TestMemberOffsets(t *testing.T) {
	loadSamples(t)
	data, err := os.ReadFile(filepath.Join(samplesDir, "real/resiliparse-cc-main-2020-34-excerpt.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	rd := NewReader(bytes.NewReader(data))
	n := 0
	last := int64(-1)
	for rec, err := range rd.All() {
		if err != nil {
			t.Fatal(err)
		}
		if rec.MemberOffset <= last {
			t.Fatalf("record %d: member offset %d not after %d", n, rec.MemberOffset, last)
		}
		last = rec.MemberOffset
		again, err := NewReader(bytes.NewReader(data[rec.MemberOffset:])).Next()
		if err != nil || again.ID() != rec.ID() {
			t.Fatalf("record %d at member %d: reread %v, %v", n, rec.MemberOffset, again, err)
		}
		n++
	}
	if n != 50 {
		t.Errorf("%d records, want 50", n)
	}
}
