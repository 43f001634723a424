// Package dataset opens the output directory of a copydesk run for
// reading: its articles (articles.jsonl or articles.parquet), its
// manifest.json and, for a --dedup run, its clusters.jsonl.
//
// Open reads the manifest and the clusters; Each streams the articles,
// one record at a time, so a dataset of any size is read in bounded
// memory (one JSONL line is at most MaxLine bytes). A Dataset holds no
// open file and is safe for concurrent use.
package dataset

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/stage"
)

// MaxLine bounds one line of articles.jsonl.
const MaxLine = 64 << 20

// Errors Open and Each return, wrapped with the path they concern.
var (
	ErrNotFound = errors.New("dataset: no articles.jsonl or articles.parquet (is this a copydesk run's output directory?)")
	ErrBroken   = errors.New("dataset: broken")
)

// Record is one article as a run writes it (package record's Record),
// as the pages show it: a value unknown to the dataset (null) is the
// zero value, a time its RFC 3339 text. StoryID is the story a
// story-clustering stage gave it, when the dataset has one (story_id).
type Record struct {
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Date          string   `json:"date"`
	DateSource    string   `json:"date_source"`
	Modified      string   `json:"modified"`
	Fetched       string   `json:"fetched"`
	Lang          string   `json:"lang"`
	LangScore     float64  `json:"lang_score"`
	Authors       []string `json:"authors"`
	Keywords      []string `json:"keywords"`
	SiteName      string   `json:"site_name"`
	CanonicalURL  string   `json:"canonical_url"`
	Image         string   `json:"image"`
	Text          string   `json:"text"`
	Summary       string   `json:"summary"`
	SummaryMethod string   `json:"summary_method"`
	Description   string   `json:"description"`
	Words         int64    `json:"words"`
	Removed       int64    `json:"removed_blocks"`
	SourceFile    string   `json:"source_file"`
	SourceOffset  int64    `json:"source_offset"`
	SourceFormat  string   `json:"source_format"`
	Encoding      string   `json:"encoding"`
	ClusterID     string   `json:"cluster_id"`
	ClusterSize   int64    `json:"cluster_size"`
	DuplicateOf   string   `json:"duplicate_of"`
	StoryID       string   `json:"story_id,omitempty"`
}

// output returns r in the output schema, as a run writes it, with its
// story: the reverse of view.
func (r Record) output() any {
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	ts := func(s string) *time.Time {
		for _, layout := range []string{time.RFC3339, time.DateOnly} {
			if t, err := time.Parse(layout, s); err == nil {
				return &t
			}
		}
		return nil
	}
	o := record.Record{ID: r.ID, URL: str(r.URL), Title: str(r.Title), Date: ts(r.Date), DateSource: str(r.DateSource),
		Modified: ts(r.Modified), Fetched: ts(r.Fetched), Lang: str(r.Lang), Authors: r.Authors, Keywords: r.Keywords,
		SiteName: str(r.SiteName), CanonicalURL: str(r.CanonicalURL), Image: str(r.Image), Text: r.Text,
		Summary: str(r.Summary), SummaryMethod: str(r.SummaryMethod), Description: str(r.Description),
		Words: r.Words, Removed: r.Removed, SourceFile: r.SourceFile, SourceOffset: r.SourceOffset,
		SourceFormat: r.SourceFormat, Encoding: str(r.Encoding), ClusterID: str(r.ClusterID), DuplicateOf: str(r.DuplicateOf)}
	if o.Authors == nil {
		o.Authors = []string{}
	}
	if o.Keywords == nil {
		o.Keywords = []string{}
	}
	if r.LangScore != 0 {
		o.LangScore = &r.LangScore
	}
	if r.ClusterSize != 0 {
		o.ClusterSize = &r.ClusterSize
	}
	return struct {
		record.Record
		StoryID string `json:"story_id,omitempty"`
	}{o, r.StoryID}
}

// view returns the Record of a row read from Parquet.
func view(r record.Record) Record {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	v := Record{ID: r.ID, URL: str(r.URL), Title: str(r.Title), Date: ts(r.Date), DateSource: str(r.DateSource),
		Modified: ts(r.Modified), Fetched: ts(r.Fetched), Lang: str(r.Lang), Authors: r.Authors, Keywords: r.Keywords,
		SiteName: str(r.SiteName), CanonicalURL: str(r.CanonicalURL), Image: str(r.Image), Text: r.Text,
		Summary: str(r.Summary), SummaryMethod: str(r.SummaryMethod), Description: str(r.Description),
		Words: r.Words, Removed: r.Removed, SourceFile: r.SourceFile, SourceOffset: r.SourceOffset,
		SourceFormat: r.SourceFormat, Encoding: str(r.Encoding), ClusterID: str(r.ClusterID), DuplicateOf: str(r.DuplicateOf)}
	if r.LangScore != nil {
		v.LangScore = *r.LangScore
	}
	if r.ClusterSize != nil {
		v.ClusterSize = *r.ClusterSize
	}
	return v
}

// Dataset is a run's output directory.
type Dataset struct {
	Dir      string
	Articles string // path of articles.jsonl or articles.parquet
	Format   string // "jsonl" or "parquet"
	// Manifest is the run's manifest; nil when the directory has none.
	Manifest *pipeline.Manifest
	// Clusters are the stories of a --dedup run, largest first; nil
	// without clusters.jsonl.
	Clusters []stage.ClusterLine
}

// Open opens the run output in dir. A directory without articles fails
// with ErrNotFound; an unreadable manifest or clusters file with
// ErrBroken.
func Open(dir string) (*Dataset, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotFound)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory: %w", dir, ErrNotFound)
	}
	d := &Dataset{Dir: dir}
	for _, c := range []struct{ name, format string }{{"articles.jsonl", "jsonl"}, {"articles.parquet", "parquet"}} {
		p := filepath.Join(dir, c.name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			d.Articles, d.Format = p, c.format
			break
		}
	}
	if d.Articles == "" {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotFound)
	}
	mp := filepath.Join(dir, "manifest.json")
	if _, err := os.Stat(mp); err == nil {
		m, err := pipeline.ReadManifest(mp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %v", mp, ErrBroken, err)
		}
		d.Manifest = m
	}
	cp := filepath.Join(dir, "clusters.jsonl")
	if _, err := os.Stat(cp); err == nil {
		cs, err := readClusters(cp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: %v", cp, ErrBroken, err)
		}
		d.Clusters = cs
	}
	return d, nil
}

func readClusters(path string) ([]stage.ClusterLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return stage.ReadClusters(bufio.NewReaderSize(f, 1<<20))
}

// Each calls fn with every article, in the order of the file, and the
// record's position in it (0-based). It stops at fn's first error and
// returns it; a record that cannot be read fails with ErrBroken.
func (d *Dataset) Each(fn func(i int, r *Record) error) error {
	if d.Format == "parquet" {
		i := 0
		err := parquet.EachRecord(d.Articles, func(r record.Record) error {
			rec := view(r)
			err := fn(i, &rec)
			i++
			return err
		})
		return err
	}
	f, err := os.Open(d.Articles)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	for i, n := 0, 1; ; n++ {
		line, err := readLine(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w: %v", d.Articles, n, ErrBroken, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r Record
		if err := json.Unmarshal(line, &r); err != nil {
			return fmt.Errorf("%s: line %d: %w: %v", d.Articles, n, ErrBroken, err)
		}
		if r.Authors == nil {
			r.Authors = []string{}
		}
		if err := fn(i, &r); err != nil {
			return err
		}
		i++
	}
}

// readLine returns the next line, at most MaxLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		buf = append(buf, frag...)
		if len(buf) > MaxLine {
			return nil, fmt.Errorf("line longer than %d bytes", MaxLine)
		}
		switch {
		case err == nil:
			return buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(buf) > 0:
			return buf, nil
		default:
			return nil, err
		}
	}
}

// Site returns the host of a URL without "www.", lower-cased: the site
// an article is counted and filtered under ("" when the URL has none).
func Site(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// Fingerprint identifies the dataset's contents as they are on disk: the
// size and modification time of its articles, manifest and clusters
// files. It changes whenever a run rewrites any of them.
func (d *Dataset) Fingerprint() (string, error) {
	h := sha256.New()
	for _, name := range []string{filepath.Base(d.Articles), "manifest.json", "clusters.jsonl"} {
		fi, err := os.Stat(filepath.Join(d.Dir, name))
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(h, "%s -\n", name)
			continue
		}
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d %d\n", name, fi.Size(), fi.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// WriteJSONL writes recs to path as a run writes articles.jsonl (authors
// never null), for fixtures and benchmarks.
func WriteJSONL(path string, recs iter.Seq[Record]) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for r := range recs {
		if err := enc.Encode(r.output()); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
