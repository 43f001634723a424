// Package corpus runs the passes that need a whole dataset, on a JSONL
// dataset copydesk has written: cutting the paragraphs that recur across a
// site's pages (CutSiteBoilerplate, with boiler.SiteIndex) and clustering
// the same story told more than once (Dedup, with package dedup). Each
// pass reads the file twice, holding a small index in between, and
// replaces the file atomically.
package corpus

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/jsonl"
)

// maxLine bounds one record line read back by Dedup.
const maxLine = 256 << 20

// ClusterLine is one line of a clusters file: a story told by more than
// one document, its members canonical first, then by date.
type ClusterLine struct {
	ClusterID string          `json:"cluster_id"`
	Size      int             `json:"size"`
	Exact     bool            `json:"exact"` // every member has the same normalized text
	Title     string          `json:"title"` // the canonical member's
	FirstDate string          `json:"first_date"`
	LastDate  string          `json:"last_date"`
	Members   []ClusterMember `json:"members"`
}

// ClusterMember is one document of a cluster.
type ClusterMember struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Site  string `json:"site"` // the URL's host
	Date  string `json:"date"`
	Words int    `json:"words"`
}

// DedupResult counts what Dedup found.
type DedupResult struct {
	Records    int // records read
	Clusters   int // clusters of more than one record
	Duplicates int // records that are not their cluster's canonical member
	Removed    int // duplicates left out of the file (keepCanonical)
}

// Dedup clusters the records of the JSONL file at path by their text
// (package dedup), rewrites the file atomically with each record's
// cluster_id, cluster_size and duplicate_of, leaving out the duplicates
// when keepCanonical is set, and writes the clusters of more than one
// record to clustersPath, largest first. It reads the file twice and holds
// one small entry per record in between.
func Dedup(path, clustersPath string, o dedup.Options, keepCanonical bool) (DedupResult, error) {
	var res DedupResult
	x := dedup.NewIndex(o)
	titles := map[int64]string{}
	err := eachRecord(path, func(i int64, r *jsonl.Record) error {
		x.Add(o.Observe(i, r.ID, r.URL, r.Date, r.Text))
		titles[i] = r.Title
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Records = x.Len()
	type mark struct {
		cluster, canonicalID string
		size                 int
		duplicate            bool
	}
	marks := make(map[int64]mark, x.Len())
	var lines []ClusterLine
	for _, c := range x.Clusters() {
		can := c.Canonical()
		for k, m := range c.Members {
			marks[m.Key] = mark{cluster: can.ID, canonicalID: can.ID, size: len(c.Members), duplicate: k > 0}
		}
		if len(c.Members) < 2 {
			continue
		}
		res.Clusters++
		res.Duplicates += len(c.Members) - 1
		cl := ClusterLine{ClusterID: can.ID, Size: len(c.Members), Exact: c.Exact, Title: titles[can.Key]}
		for _, m := range c.Members {
			cl.Members = append(cl.Members, ClusterMember{ID: m.ID, URL: m.URL, Site: host(m.URL), Date: m.Date, Words: m.Words})
			if m.Date != "" && (cl.FirstDate == "" || m.Date < cl.FirstDate) {
				cl.FirstDate = m.Date
			}
			if m.Date > cl.LastDate {
				cl.LastDate = m.Date
			}
		}
		lines = append(lines, cl)
	}
	titles = nil

	err = rewrite(path, func(i int64, r *jsonl.Record) bool {
		m := marks[i]
		if m.duplicate && keepCanonical {
			res.Removed++
			return false
		}
		r.ClusterID, r.ClusterSize = m.cluster, m.size
		if m.duplicate {
			r.DuplicateOf = m.canonicalID
		}
		return true
	})
	if err != nil {
		return res, err
	}
	return res, writeClusters(clustersPath, lines)
}

// rewrite replaces the JSONL file at path, atomically, with its records as
// fn changes them, leaving out those fn returns false for.
func rewrite(path string, fn func(i int64, r *jsonl.Record) bool) error {
	return atomicfile.WriteWith(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return eachRecord(path, func(i int64, r *jsonl.Record) error {
			if !fn(i, r) {
				return nil
			}
			return enc.Encode(r)
		})
	})
}

// writeClusters writes the clusters, largest first, as JSON lines.
func writeClusters(path string, lines []ClusterLine) error {
	sortClusters(lines)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return atomicfile.WriteFile(path, b.Bytes())
}

// ReadClusters reads a clusters file written by Dedup.
func ReadClusters(path string) ([]ClusterLine, error) {
	var out []ClusterLine
	err := eachLine(path, func(_ int64, line []byte) error {
		var c ClusterLine
		if err := json.Unmarshal(line, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// sortClusters puts the largest first; ties by first date, then id, for
// a stable file.
func sortClusters(lines []ClusterLine) {
	slices.SortStableFunc(lines, func(a, b ClusterLine) int {
		if c := cmp.Compare(b.Size, a.Size); c != 0 {
			return c
		}
		if c := cmp.Compare(a.FirstDate, b.FirstDate); c != 0 {
			return c
		}
		return cmp.Compare(a.ClusterID, b.ClusterID)
	})
}

func host(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// eachRecord calls fn with each record of a JSONL file and its line index.
func eachRecord(path string, fn func(i int64, r *jsonl.Record) error) error {
	return eachLine(path, func(i int64, line []byte) error {
		var r jsonl.Record
		if err := json.Unmarshal(line, &r); err != nil {
			return fmt.Errorf("corpus: %s: line %d: %w", path, i+1, err)
		}
		return fn(i, &r)
	})
}

func eachLine(path string, fn func(i int64, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var i int64
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if len(line) > maxLine {
				return fmt.Errorf("corpus: %s: line %d longer than %d bytes", path, i+1, maxLine)
			}
			if ferr := fn(i, line); ferr != nil {
				return ferr
			}
			i++
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
