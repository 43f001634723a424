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
)

// metaSets are the sets scored by -meta, the two with metadata gold.
var metaSets = []string{
	"extract-readability-testpages",
	"extract-trafilatura-eval-dev",
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
// counted, per field.
type metaRow struct {
	set, system     string
	title, titleN   int
	author, authorN int
	site, siteN     int
}

// normMeta collapses white space and folds case.
func normMeta(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// authorSplitter splits a normalized author string on the separators
// every system and gold is split on.
var authorSplitter = strings.NewReplacer(",", ";", "|", ";", " and ", ";", " & ", ";")

// authorNames is the neutral rule applied alike to the gold and to every
// system's author string: white space collapsed and case folded, split on
// ";", ",", "|", " and " and " & ", a leading "by " dropped from each
// name, empty names dropped; the result is sorted and without duplicates,
// so that two lists are compared as sets.
func authorNames(s string) []string {
	var names []string
	for _, n := range strings.Split(authorSplitter.Replace(normMeta(s)), ";") {
		n = strings.TrimSpace(n)
		n = strings.TrimSpace(strings.TrimPrefix(n, "by "))
		if n != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// benchMeta scores the selected systems' titles, authors and site names
// on the sets with metadata gold. Nothing here is timed. A field counts
// on a page when its gold is non-empty (for authors: names at least one
// name by authorNames); it is right when the system's value equals the
// gold after normMeta (titles, site names) or gives the same set of names
// by authorNames (authors).
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
				if normMeta(gold.Title) != "" {
					r.titleN++
					if normMeta(got.title) == normMeta(gold.Title) {
						r.title++
					}
				}
				if want := authorNames(gold.Author); len(want) > 0 {
					r.authorN++
					if slices.Equal(authorNames(got.author), want) {
						r.author++
					}
				}
				if normMeta(gold.SiteName) != "" {
					r.siteN++
					if normMeta(got.site) == normMeta(gold.SiteName) {
						r.site++
					}
				}
			}
			fmt.Fprintf(progress, " title %s, author %s, site %s\n",
				acc(r.title, r.titleN), acc(r.author, r.authorN), acc(r.site, r.siteN))
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

// writeMetaTable prints the metadata rows as a Markdown table.
func writeMetaTable(w io.Writer, rows []metaRow) {
	fmt.Fprintln(w, "| set | system | title n | title acc | author n | author acc | site n | site acc |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %d | %s | %d | %s |\n", r.set, r.system,
			r.titleN, acc(r.title, r.titleN), r.authorN, acc(r.author, r.authorN), r.siteN, acc(r.site, r.siteN))
	}
}
