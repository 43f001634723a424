package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/score"
)

// metaSets are the sets scored by -meta, those with metadata gold.
var metaSets = []string{
	"extract-readability-testpages",
	"extract-trafilatura-eval-dev",
	"extract-fundus-dev",
	"meta-postlight-dev",
}

// pageMeta is what a system says about a page: its headline, its authors
// as one string, and the publication's name.
type pageMeta struct {
	title, author, site string
}

// metaSystem is one system whose metadata is scored.
type metaSystem struct {
	name string
	// meta returns the metadata of p. An error counts as empty output.
	meta func(p *page) (pageMeta, error)
}

// metaSystems lists the systems in table order; the names are those of
// the extraction table.
var metaSystems = []metaSystem{
	{"copydesk", metaCopydesk},
	{"go-trafilatura", metaTrafilatura},
	{"go-readability", metaReadability},
}

// metaCopydesk is article.Extract, called as in extractCopydesk: Title,
// Meta.Authors joined with "; ", Meta.SiteName.
func metaCopydesk(p *page) (pageMeta, error) {
	url := ""
	if p.url != nil {
		url = p.url.String()
	}
	a, err := article.Extract(p.raw, url, article.Options{})
	if err != nil {
		return pageMeta{}, err
	}
	return pageMeta{a.Title, strings.Join(a.Meta.Authors, "; "), a.Meta.SiteName}, nil
}

// metaTrafilatura is go-trafilatura called as in extractTrafilatura:
// Metadata.Title, Author and Sitename. It returns no result, and so no
// metadata, when it finds too little main text.
func metaTrafilatura(p *page) (pageMeta, error) {
	res, err := trafilatura.Extract(bytes.NewReader(p.utf8), trafilatura.Options{OriginalURL: p.url})
	if err != nil || res == nil {
		return pageMeta{}, err
	}
	m := res.Metadata
	return pageMeta{m.Title, m.Author, m.Sitename}, nil
}

// metaReadability is go-readability called as in extractReadability:
// Article.Title, Byline and SiteName.
func metaReadability(p *page) (pageMeta, error) {
	art, err := readability.FromReader(bytes.NewReader(p.utf8), p.url)
	if err != nil {
		return pageMeta{}, err
	}
	return pageMeta{art.Title, art.Byline, art.SiteName}, nil
}

// metaRow is one line of the metadata table: pages right of pages
// counted, per field, and the sum of the author token F1 over the pages
// counted for authors.
type metaRow struct {
	set, system     string
	title, titleN   int
	author, authorN int
	authorF1        float64
	site, siteN     int
}

// asserts reports whether the gold m holds field: every field it has, on
// sets that do not list the fields they assert (all but Postlight).
func asserts(m goldset.Meta, field string) bool {
	return m.Asserted == nil || slices.Contains(m.Asserted, field)
}

// benchMeta scores the selected systems' titles, authors and site names
// on the sets with metadata gold. Nothing here is timed. A field counts
// on a page when its gold is non-empty and, on the Postlight set,
// asserted (for authors: names at least one name by score.AuthorNames);
// it is right when the system's value equals the gold by
// score.SameField (titles, site names) or names the same set of people
// by score.SameAuthors (authors). The author token F1
// (score.AuthorTokenF1) is averaged over the pages counted for authors.
func benchMeta(cfg config, progress io.Writer) ([]metaRow, []string, error) {
	var rows []metaRow
	var notes []string
	for _, name := range metaSets {
		set, pages, err := loadSet(filepath.Join(cfg.data, name))
		if err != nil {
			return nil, nil, err
		}
		for _, sys := range metaSystems {
			if !cfg.systems[sys.name] {
				continue
			}
			fmt.Fprintf(progress, "%s: %s metadata on %d pages…", set.Name, sys.name, len(pages))
			r := metaRow{set: set.Name, system: sys.name}
			var tl tally
			for _, p := range pages {
				res := guarded(cfg.timeout, func() (pageMeta, error) { return sys.meta(p) })
				tl.add(p.id, res.outcome, res.detail)
				got, gold := res.val, p.meta
				if score.NormalizeField(gold.Title) != "" && asserts(gold, "title") {
					r.titleN++
					if score.SameField(got.title, gold.Title) {
						r.title++
					}
				}
				if len(score.AuthorNames(gold.Author)) > 0 && asserts(gold, "author") {
					r.authorN++
					if score.SameAuthors(got.author, gold.Author) {
						r.author++
					}
					r.authorF1 += score.AuthorTokenF1(got.author, gold.Author)
				}
				if score.NormalizeField(gold.SiteName) != "" {
					r.siteN++
					if score.SameField(got.site, gold.SiteName) {
						r.site++
					}
				}
			}
			fmt.Fprintf(progress, " title %s, author %s (token F1 %s), site %s\n",
				acc(r.title, r.titleN), acc(r.author, r.authorN), meanF1(r), acc(r.site, r.siteN))
			rows = append(rows, r)
			notes = append(notes, tl.notes(set.Name+" (metadata)", sys.name, cfg.timeout)...)
		}
	}
	return rows, notes, nil
}

// acc formats right of n as a fraction, or "–" when n is 0.
func acc(right, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.4f", float64(right)/float64(n))
}

// meanF1 formats the mean author token F1 of a row.
func meanF1(r metaRow) string {
	if r.authorN == 0 {
		return "–"
	}
	return fmt.Sprintf("%.4f", r.authorF1/float64(r.authorN))
}

// writeMetaTable prints the metadata rows as a Markdown table.
func writeMetaTable(w io.Writer, rows []metaRow) {
	fmt.Fprintln(w, "| set | system | title n | title acc | author n | author acc | author token F1 | site n | site acc |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %d | %s | %s | %d | %s |\n", r.set, r.system,
			r.titleN, acc(r.title, r.titleN), r.authorN, acc(r.author, r.authorN), meanF1(r), r.siteN, acc(r.site, r.siteN))
	}
}
