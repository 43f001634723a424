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
	"github.com/copydesk/copydesk/lang"
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
// (package article), which also fills the title and charset when the
// input did not give them; plain text goes through the plain-text cleaner
// (package boiler). The language is then identified from the article's
// text (package lang), the input's or the page's own serving as a hint.
// Documents with no text are dropped as "empty", those whose article is
// shorter than MinWords as "too-short".
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
		if d.Title == "" {
			d.Title = res.Title
		}
		setBlocks(d, res.Blocks, func(b *boiler.Block) (string, bool, string) { return b.Text, b.Keep, b.Reason })
		return finishArticle(d, opts, d.Lang)
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
	hint := d.Lang
	if hint == "" {
		hint = a.Meta.Lang
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
		d.DateSource = a.Date.Source
	}
	if d.Modified == "" && a.HasDate && !a.Date.Modified.IsZero() {
		d.Modified = pubdate.Format(a.Date.Modified, true)
	}
	if len(d.Keywords) == 0 {
		d.Keywords = a.Meta.Keywords
	}
	if d.Encoding == "" && a.Charset != "utf-8" {
		d.Encoding = a.Charset
	}
	setBlocks(d, a.Blocks, func(b *article.Block) (string, bool, string) { return b.Text, b.Keep, b.Reason })
	return finishArticle(d, opts, hint)
}

// setBlocks sets d's Paragraphs to the text of the blocks kept, and its
// Removed to the others with their index and reason; verdict reads a
// block of either cleaner (package boiler's, package article's).
func setBlocks[B any](d *copydesk.Document, blocks []B, verdict func(*B) (text string, keep bool, reason string)) {
	d.Paragraphs = d.Paragraphs[:0]
	d.Removed = d.Removed[:0]
	for i := range blocks {
		text, keep, reason := verdict(&blocks[i])
		if keep {
			d.Paragraphs = append(d.Paragraphs, text)
		} else {
			d.Removed = append(d.Removed, copydesk.Removal{Index: i, Text: text, Reason: reason})
		}
	}
}

// finishArticle drops a Document whose article is too short, or sets its
// language from the article's text, with hint, the language the input or
// the page states, as a hint (see package lang). When the text has no
// letters to judge, the hint stands, with a LangScore of 0.
func finishArticle(d *copydesk.Document, opts CleanOptions, hint string) error {
	if err := checkArticle(d, opts); err != nil {
		return err
	}
	var b strings.Builder
	for _, p := range d.Paragraphs {
		room := lang.MaxBytes - b.Len()
		if room <= 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p[:min(len(p), room)])
	}
	d.Lang, d.LangScore = hint, 0
	if code, score := lang.Detect(b.String(), hint); code != "" {
		d.Lang, d.LangScore = code, score
	}
	return nil
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
