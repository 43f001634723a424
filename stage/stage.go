// Package stage holds copydesk's stages: the per-document ones (Clean,
// Summarize) and the corpus stages (SiteBoilerplate, Dedup), which
// observe every kept Document into a mergeable state before they apply
// what the whole corpus says to each.
package stage

import (
	"strings"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/pubdate"
	"github.com/copydesk/copydesk/segment"
	"github.com/copydesk/copydesk/summarize"
)

// CleanOptions tune the Clean stage. The zero value works.
type CleanOptions struct {
	Boiler boiler.Options
	// Article tunes the HTML article extractor; its Lang and ContentType
	// are taken from each Document.
	Article article.Options
	// MinWords drops articles with fewer words after cleaning, with reason
	// "too-short". Zero means 15; negative keeps any non-empty article.
	MinWords int
}

func (o CleanOptions) minWords() int {
	if o.MinWords == 0 {
		return 15
	}
	return max(o.MinWords, 1)
}

// Clean returns the stage that cuts page chrome from a Document and sets
// its Paragraphs and Removed. HTML input goes through the article extractor
// (package article), which also fills the title, language and charset when
// the input did not give them; plain text goes through the plain-text
// cleaner (package boiler). Documents with no text are dropped as "empty",
// those whose article is shorter than MinWords as "too-short".
func Clean(opts CleanOptions) pipeline.Stage {
	return func(d *copydesk.Document) error {
		if d.HTML != nil {
			return cleanHTML(d, opts)
		}
		bo := opts.Boiler
		if bo.Lang == "" {
			bo.Lang = d.Lang
		}
		if strings.TrimSpace(d.Text) == "" {
			return copydesk.Reject("empty", "no text")
		}
		res := boiler.Clean(d.Text, bo)
		if len(res.Blocks) == 0 {
			return copydesk.Reject("empty", "no text")
		}
		if d.Lang == "" {
			d.Lang = res.Lang
		}
		if d.Title == "" {
			d.Title = res.Title
		}
		d.Paragraphs = d.Paragraphs[:0]
		d.Removed = d.Removed[:0]
		for i, b := range res.Blocks {
			if b.Keep {
				d.Paragraphs = append(d.Paragraphs, b.Text)
			} else {
				d.Removed = append(d.Removed, copydesk.Removal{Index: i, Text: b.Text, Reason: b.Reason})
			}
		}
		return checkArticle(d, opts)
	}
}

// cleanHTML is Clean for a web page.
func cleanHTML(d *copydesk.Document, opts CleanOptions) error {
	ao := opts.Article
	ao.Lang, ao.ContentType = d.Lang, d.ContentType
	a, err := article.Extract(d.HTML, d.URL, ao)
	if err != nil {
		return err
	}
	if len(a.Blocks) == 0 {
		return copydesk.Reject("empty", "no text")
	}
	if d.Title == "" {
		d.Title = a.Title
	}
	if d.Lang == "" {
		d.Lang = a.Lang
	}
	if d.Lang == "" {
		d.Lang = a.Meta.Lang
	}
	if d.Description == "" {
		d.Description = a.Meta.Description
	}
	if len(d.Authors) == 0 {
		d.Authors = a.Meta.Authors
	}
	if d.SiteName == "" {
		d.SiteName = a.Meta.SiteName
	}
	if d.Canonical == "" {
		d.Canonical = a.Meta.Canonical
	}
	if d.Image == "" {
		d.Image = a.Meta.Image
	}
	if d.Date == "" && a.HasDate {
		d.Date = pubdate.Format(a.Date.Published, a.Date.HasTime)
	}
	if d.Encoding == "" && a.Charset != "utf-8" {
		d.Encoding = a.Charset
	}
	d.Paragraphs = d.Paragraphs[:0]
	d.Removed = d.Removed[:0]
	for i, b := range a.Blocks {
		if b.Keep {
			d.Paragraphs = append(d.Paragraphs, b.Text)
		} else {
			d.Removed = append(d.Removed, copydesk.Removal{Index: i, Text: b.Text, Reason: b.Reason})
		}
	}
	return checkArticle(d, opts)
}

// checkArticle drops a Document whose cleaned article is missing or too
// short.
func checkArticle(d *copydesk.Document, opts CleanOptions) error {
	if len(d.Paragraphs) == 0 {
		return copydesk.Reject("no-article", "every block was page chrome")
	}
	words := 0
	for _, p := range d.Paragraphs {
		words += segment.CountWords(p)
	}
	if words < opts.minWords() {
		return copydesk.Reject("too-short", "")
	}
	return nil
}

// Summarize returns the stage that sets a Document's Summary from its
// description or its lead.
func Summarize(opts summarize.Options) pipeline.Stage {
	return func(d *copydesk.Document) error {
		o := opts
		if o.Lang == "" {
			o.Lang = d.Lang
		}
		s := summarize.Summarize(d.Paragraphs, d.Description, o)
		d.Summary, d.SummaryMethod = s.Text, s.Method
		return nil
	}
}
