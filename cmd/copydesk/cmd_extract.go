package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/pubdate"
)

const extractAbout = `
Prints the article of one web page (.html or .html.gz, "-" for stdin): its
paragraphs separated by a blank line. With --json, prints the whole record
as one JSON object: title, dates, language, authors, site name,
description, canonical URL, main image, type, keywords, charset, container
and the paragraphs with their kind. With --explain, prints every block of the
page's visible text: "+ " before kept blocks, "- [reason] " before dropped
ones.

FILE may be an archive (WARC, WET or ARC, .gz allowed): pick the page with
--offset N (the record's source_offset, as the manifest and the dataset
give it) or --url U (the first response with that target URI).`

// extractRecord is what --json prints.
type extractRecord struct {
	URL         string      `json:"url,omitempty"`
	Title       string      `json:"title,omitempty"`
	Published   string      `json:"published,omitempty"`
	Modified    string      `json:"modified,omitempty"`
	DateSource  string      `json:"date_source,omitempty"`
	Lang        string      `json:"lang,omitempty"`
	Authors     []string    `json:"authors,omitempty"`
	SiteName    string      `json:"site_name,omitempty"`
	Description string      `json:"description,omitempty"`
	Canonical   string      `json:"canonical_url,omitempty"`
	Image       string      `json:"image,omitempty"`
	Type        string      `json:"type,omitempty"`
	Keywords    []string    `json:"keywords,omitempty"`
	Charset     string      `json:"charset,omitempty"`
	NotArticle  string      `json:"not_article,omitempty"`
	Container   string      `json:"container,omitempty"`
	Paragraphs  []paragraph `json:"paragraphs"`
	Text        string      `json:"text"`
}

type paragraph struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
}

func cmdExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "extract", "[flags] FILE", extractAbout)
	var p pick
	p.flags(fs, "the page's address, for dates in the URL and for resolving links; in an archive, picks the first record with this target URI")
	url := &p.url
	asJSON := fs.Bool("json", false, "print the whole record as JSON")
	explain := fs.Bool("explain", false, "print every block with its verdict and, when dropped, the reason")
	contentType := fs.String("content-type", "", "the HTTP Content-Type the page was served with, for its charset")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want exactly one FILE")
	}
	docs, err := p.records(e, files[0], copydesk.FormatHTML, false)
	if err != nil {
		return err
	}
	for d := range docs {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.Err != nil {
			return d.Err
		}
		if d.HTML == nil {
			return fmt.Errorf("%s: %w: the record is plain text (a WET conversion record): copydesk clean reads it", d.Source, errNotAPage)
		}
		ctype := *contentType
		if ctype == "" {
			ctype = d.ContentType
		}
		page := *url
		if d.URL != "" {
			page = d.URL
		}
		a, err := article.Extract(d.HTML, page, article.Options{ContentType: ctype})
		if err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
		switch {
		case *explain:
			for _, b := range a.Blocks {
				if b.Keep {
					fmt.Fprintf(e.stdout, "+ %s\n", b.Text)
				} else {
					fmt.Fprintf(e.stdout, "- [%s] %s\n", b.Reason, b.Text)
				}
			}
		case *asJSON:
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(newExtractRecord(a, page)); err != nil {
				return err
			}
		default:
			fmt.Fprintln(e.stdout, a.Text())
		}
	}
	return nil
}

func newExtractRecord(a *article.Article, url string) extractRecord {
	r := extractRecord{
		URL:         url,
		Title:       a.Title,
		Lang:        a.Lang,
		Authors:     a.Meta.Authors,
		SiteName:    a.Meta.SiteName,
		Description: a.Meta.Description,
		Canonical:   a.Meta.Canonical,
		Image:       a.Meta.Image,
		Type:        a.Meta.Type,
		Keywords:    a.Meta.Keywords,
		Charset:     a.Charset,
		NotArticle:  a.NotArticle,
		Container:   a.Container,
		Paragraphs:  make([]paragraph, len(a.Paragraphs)),
		Text:        a.Text(),
	}
	if a.HasDate {
		r.Published = pubdate.Format(a.Date.Published, a.Date.HasTime)
		r.DateSource = a.Date.Source
		if !a.Date.Modified.IsZero() {
			r.Modified = pubdate.Format(a.Date.Modified, true)
		}
	}
	for i, p := range a.Paragraphs {
		r.Paragraphs[i] = paragraph{Text: p.Text, Kind: p.Kind.String()}
	}
	return r
}
