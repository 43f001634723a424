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

// Value returns *p, or T's zero value when p is nil: how a page shows a
// field of the record that is null.
func Value[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// Time returns t as articles.jsonl holds it, RFC 3339 in UTC with the
// fraction of a second it has, or "" when t is null: the text a page
// shows and the index sorts and filters dates by, the same for a JSONL
// and a Parquet dataset.
func Time(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
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
// record's position in it (0-based): a record of the output schema, as
// the run wrote it, whichever the encoding. It stops at fn's first error
// and returns it; a record that cannot be read fails with ErrBroken.
func (d *Dataset) Each(fn func(i int, r *record.Record) error) error {
	if d.Format == "parquet" {
		i := 0
		err := parquet.EachRecord(d.Articles, func(r record.Record) error {
			err := fn(i, &r)
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
		var r record.Record
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

// WriteJSONL writes recs to path as a run writes articles.jsonl, for
// fixtures and benchmarks.
func WriteJSONL(path string, recs iter.Seq[record.Record]) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for r := range recs {
		if err := enc.Encode(r); err != nil {
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
