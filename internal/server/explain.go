package server

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/pubdate"
	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/source"
)

// errNoSource is an explanation that cannot be made: the record's input
// is not where the record says, or no longer holds it.
var errNoSource = errors.New("source not available")

// Block is one block of a page's visible text with the cleaner's verdict.
type Block struct {
	Text   string
	Keep   bool
	Reason string
}

// Explanation is a record's page read again as copydesk read it.
type Explanation struct {
	Path       string // the input file found
	Offset     int64
	Format     string
	HTML       bool // read by the article extractor (else the plain-text cleaner)
	Title      string
	Date       string
	DateSource string // the signal the date came from; "" when none
	Container  string // the element that held the article (HTML)
	Charset    string
	Blocks     []Block
	Kept       int
	// Same reports whether the kept blocks are the record's text: false
	// when the input changed since the run, or a corpus pass (site
	// boilerplate) cut more.
	Same bool
}

// sources says which files the explain view may read, and where.
type sources struct {
	// inputs are the run's inputs as its manifest lists them: a record's
	// source file is read only when it is one of them or lies under one,
	// so that a record cannot name any other file of the machine.
	inputs []string
	// roots are the directories a relative path is tried under, in order.
	roots []string
	// trusted, when set, is a directory the user named: any relative
	// source file that stays under it may be read.
	trusted string
}

// allowed reports whether the record's source file may be read.
func (s sources) allowed(file string) bool {
	file = filepath.Clean(file)
	if s.trusted != "" && filepath.IsLocal(file) {
		return true
	}
	for _, in := range s.inputs {
		in = filepath.Clean(in)
		if file == in || strings.HasPrefix(file, in+string(filepath.Separator)) {
			return true
		}
		if ok, _ := filepath.Match(in, file); ok {
			return true
		}
	}
	return false
}

// explain reads rec's record again from its input and returns every
// block with its verdict. It fails with errNoSource when the input is
// not one src allows, is missing, or holds no record at the offset.
func explain(ctx context.Context, rec *record.Record, src sources) (*Explanation, error) {
	if rec.SourceFile != "" && rec.SourceFile != "-" && !src.allowed(rec.SourceFile) {
		return nil, fmt.Errorf("%w: %s is not one of the run's inputs (manifest.json) nor under them; give --sources DIR to allow the files under DIR", errNoSource, rec.SourceFile)
	}
	roots := src.roots
	if src.trusted != "" {
		roots = []string{src.trusted}
	}
	path, err := findSource(rec.SourceFile, roots)
	if err != nil {
		return nil, err
	}
	opts := source.Options{Format: copydesk.Format(rec.SourceFormat)}
	if opts.Validate() != nil {
		opts.Format = ""
	}
	var doc *copydesk.Document
	for d := range source.Documents([]string{path}, nil, opts) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if d.Source.Offset == rec.SourceOffset {
			doc = d
			break
		}
		if d.Source.Offset > rec.SourceOffset {
			break
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("%w: %s holds no record at offset %d", errNoSource, path, rec.SourceOffset)
	}
	switch doc.Outcome {
	case copydesk.Failed:
		return nil, fmt.Errorf("%w: %s: %v", errNoSource, path, doc.Err)
	case copydesk.Dropped:
		return nil, fmt.Errorf("%w: %s: the record holds no page (dropped as %s)", errNoSource, path, doc.Reason)
	}
	ex := &Explanation{Path: path, Offset: rec.SourceOffset, Format: string(doc.Source.Format), Title: doc.Title, Date: doc.Date}
	if doc.HTML != nil {
		ex.HTML = true
		a, err := article.Extract(doc.HTML, doc.URL, article.Options{Lang: doc.Lang, ContentType: doc.ContentType})
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errNoSource, path, err)
		}
		if ex.Title == "" {
			ex.Title = a.Title
		}
		if a.HasDate {
			ex.DateSource = a.Date.Source
			if ex.Date == "" {
				ex.Date = pubdate.Format(a.Date.Published, a.Date.HasTime)
			} else {
				ex.DateSource = "the input's own date field"
			}
		}
		ex.Container, ex.Charset = a.Container, a.Charset
		for _, b := range a.Blocks {
			ex.Blocks = append(ex.Blocks, Block{Text: b.Text, Keep: b.Keep, Reason: b.Reason})
		}
	} else {
		if ex.Date != "" {
			ex.DateSource = "the input's own date field"
		}
		lang := doc.Lang
		if lang == "" {
			lang = dataset.Value(rec.Lang)
		}
		res := boiler.Clean(doc.Text, boiler.Options{Lang: lang})
		for _, b := range res.Blocks {
			ex.Blocks = append(ex.Blocks, Block{Text: b.Text, Keep: b.Keep, Reason: b.Reason})
		}
		if ex.Title == "" {
			ex.Title = res.Title
		}
	}
	var kept []string
	for _, b := range ex.Blocks {
		if b.Keep {
			ex.Kept++
			kept = append(kept, b.Text)
		}
	}
	ex.Same = strings.Join(kept, "\n\n") == rec.Text
	return ex, nil
}

// findSource returns the path of a record's input: file itself when it is
// absolute, else the first of roots/file that exists.
func findSource(file string, roots []string) (string, error) {
	if file == "" || file == "-" {
		return "", fmt.Errorf("%w: the record was read from standard input", errNoSource)
	}
	if filepath.IsAbs(file) {
		if _, err := os.Stat(file); err != nil {
			return "", fmt.Errorf("%w: %s is missing", errNoSource, file)
		}
		return file, nil
	}
	for _, r := range roots {
		p := filepath.Join(r, file)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: %s is not found under %s", errNoSource, file, strings.Join(roots, ", "))
}
