package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/pubdate"
	"github.com/copydesk/copydesk/score"
)

const evalAbout = `
Scores copydesk's extraction on gold sets. Each page of a set is
extracted, and the result is compared with the set's gold text by the
shingle metric: 4-token \w+ shingles as multisets, precision averaged over
documents with output, recall over documents with gold, F1 of the two.
"copydesk article" is how copydesk reads HTML input (article extraction,
as "copydesk run" does it); "copydesk text" is the plain-text cleaner alone
on the page's WET-like text (one line per block, as "copydesk wet" prints
it), as copydesk cleans text input; "keep-all" is the baseline that keeps
every line. Sets with snippet gold (with/without strings) are scored by
snippets instead.

The Fundus and Postlight sets are scored on their metadata too, by the
rules of package score: a title (or description) is right when it equals the gold with
white space collapsed, case folded and quotes made straight; authors when
they name the same set of people (split on ";", ",", "|", " and ", " & ");
a date when it falls on the gold's day (read in the gold's offset when both
give a time); an image when the URL is the gold's, scheme aside; the first
words when the article text begins with them. These rows give, per field,
the pages whose gold has a value (docs), the share right of those where
copydesk gave one (precision), the share right of all (recall) and F1.
A Fundus set (extract-fundus-dev) adds title, authors and date rows to its
text rows; a Postlight set (meta-postlight-dev) has no body gold and gets
only metadata rows, each over the pages whose gold asserts that field.

Each SET is a gold set directory in one of the layouts copydesk knows:
readability test pages, trafilatura evaluation, CleanEval, Dragnet,
htmldate, Fundus, Postlight, article-body JSON. A directory in no known
layout is skipped and named after the table; the others are scored.`

func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "[flags] SET...", evalAbout)
	lang := fs.String("lang", "", "language of the pages, ISO 639-1 (default: detect per page)")
	perDoc := fs.Bool("docs", false, "also print each page's precision and recall (text-gold sets), of copydesk article and of copydesk text, to find failures")
	sets, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		return usagef("no gold set given")
	}
	if err := langHintFlag("lang", lang); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tmethod\tdocs\tprecision\trecall\tF1\t")
	var skipped []error
	for _, dir := range sets {
		var docs io.Writer
		if *perDoc {
			docs = e.stdout
		}
		rows, err := evalSet(ctx, dir, boiler.Options{Lang: *lang}, docs)
		if errors.Is(err, goldset.ErrLayout) {
			skipped = append(skipped, err)
			continue
		}
		if err != nil {
			return err
		}
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t\n", r.set, r.method, r.docs, r.precision, r.recall, r.f1)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, err := range skipped {
		fmt.Fprintf(e.stdout, "skipped: %v\n", err)
	}
	if len(skipped) == len(sets) {
		return fmt.Errorf("eval: no gold set scored: %w", errors.Join(skipped...))
	}
	return nil
}

type evalRow struct {
	set, method           string
	docs                  int
	precision, recall, f1 float64
}

// evalSet scores the cleaner and the keep-all baseline on one gold set.
// With docs non-nil, it prints one line per page there.
func evalSet(ctx context.Context, dir string, opts boiler.Options, docs io.Writer) ([]evalRow, error) {
	set, err := goldset.Open(dir)
	if err != nil {
		return nil, err
	}
	switch set.Format {
	case goldset.HTMLDate:
		return evalDates(ctx, set)
	case goldset.Postlight:
		return evalMeta(ctx, set)
	}
	var meta metaTally
	var keepAll, cleaned, fromHTML score.Corpus
	var keepAllSnip, cleanedSnip, fromHTMLSnip score.SnippetCorpus
	for c, err := range set.Cases() {
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		page, err := htmltext.Extract(c.HTML, "")
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", dir, c.ID, err)
		}
		out := boiler.Clean(page.Text, opts).Text()
		art, err := article.Extract(c.HTML, c.URL, article.Options{Lang: opts.Lang})
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", dir, c.ID, err)
		}
		html := art.Text()
		if set.Format == goldset.Fundus {
			meta.add(&c, art)
		}
		if set.Format.HasTextGold() {
			keepAll.Add(page.Text, c.Gold)
			a := fromHTML.Add(html, c.Gold)
			t := cleaned.Add(out, c.Gold)
			if docs != nil {
				fmt.Fprintf(docs, "doc\t%s\t%s\tarticle P=%s R=%s\ttext P=%s R=%s\n", set.Name, c.ID,
					score3(a.Precision()), score3(a.Recall()), score3(t.Precision()), score3(t.Recall()))
			}
		} else {
			keepAllSnip.Add(page.Text, c.With, c.Without)
			cleanedSnip.Add(out, c.With, c.Without)
			fromHTMLSnip.Add(html, c.With, c.Without)
		}
	}
	if set.Format.HasTextGold() {
		k, c, h := keepAll.Result(), cleaned.Result(), fromHTML.Result()
		return append([]evalRow{
			{set.Name, "keep-all", k.Docs, k.Precision, k.Recall, k.F1},
			{set.Name, "copydesk text", c.Docs, c.Precision, c.Recall, c.F1},
			{set.Name, "copydesk article", h.Docs, h.Precision, h.Recall, h.F1},
		}, meta.rows(set.Name)...), nil
	}
	k, c, h := keepAllSnip.Result(), cleanedSnip.Result(), fromHTMLSnip.Result()
	return []evalRow{
		{set.Name + " (snippets)", "keep-all", k.Docs, k.Precision, k.Recall, k.F1},
		{set.Name + " (snippets)", "copydesk text", c.Docs, c.Precision, c.Recall, c.F1},
		{set.Name + " (snippets)", "copydesk article", h.Docs, h.Precision, h.Recall, h.F1},
	}, nil
}

// evalDates scores the publication-date finder on a date set. Accuracy is
// over every page; precision is over the pages where a date was found;
// F1 combines precision with the share of pages that got a date.
func evalDates(ctx context.Context, set *goldset.Set) ([]evalRow, error) {
	var t fieldTally
	for c, err := range set.Cases() {
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		res, ok := pubdate.Find(c.HTML, c.URL, pubdate.Options{})
		t.add(true, ok, ok && score.SameDay(res.Published, res.HasTime, c.Date))
	}
	return []evalRow{t.row(set.Name+" (dates)", "copydesk pubdate")}, nil
}

// evalMeta scores copydesk's metadata on a set whose gold is metadata
// and the first words of the text (Postlight).
func evalMeta(ctx context.Context, set *goldset.Set) ([]evalRow, error) {
	var meta metaTally
	for c, err := range set.Cases() {
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		art, err := article.Extract(c.HTML, c.URL, article.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", set.Dir, c.ID, err)
		}
		meta.add(&c, art)
	}
	return meta.rows(set.Name), nil
}

// A fieldTally counts, for one metadata field, the pages whose gold has
// a value, those where copydesk gave one, and those where it was right.
type fieldTally struct{ docs, found, correct int }

func (t *fieldTally) add(hasGold, found, correct bool) {
	if !hasGold {
		return
	}
	t.docs++
	if found {
		t.found++
	}
	if correct {
		t.correct++
	}
}

// row gives precision as the share right of the pages with a value,
// recall as the share right of all, and their F1.
func (t *fieldTally) row(set, method string) evalRow {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p, r := ratio(t.correct, t.found), ratio(t.correct, t.docs)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return evalRow{set, method, t.docs, p, r, f}
}

// metaTally scores the metadata fields a gold set holds.
type metaTally struct {
	title, authors, date, desc, image, first fieldTally
}

// add scores the article of case c. A Postlight field counts only when
// its gold asserts a value; a Fundus page asserts its title, authors and
// date.
func (m *metaTally) add(c *goldset.Case, art *article.Article) {
	g := c.Meta
	asserts := func(field string) bool {
		return g.Asserted == nil || slices.Contains(g.Asserted, field)
	}
	nonEmpty := func(s string) bool { return strings.TrimSpace(s) != "" }
	authors := strings.Join(art.Meta.Authors, "; ")
	m.title.add(asserts("title") && nonEmpty(g.Title), nonEmpty(art.Title), score.SameField(art.Title, g.Title))
	m.authors.add(asserts("author") && len(score.AuthorNames(g.Author)) > 0, len(art.Meta.Authors) > 0,
		score.SameAuthors(authors, g.Author))
	m.date.add(asserts("date_published") && len(c.Date) >= 10, art.HasDate,
		art.HasDate && score.SameDay(art.Date.Published, art.Date.HasTime, c.Date))
	if g.Asserted == nil {
		return
	}
	m.desc.add(asserts("dek") && nonEmpty(g.Description), nonEmpty(art.Meta.Description),
		score.SameField(art.Meta.Description, g.Description))
	m.image.add(asserts("lead_image_url") && nonEmpty(g.Image), nonEmpty(art.Meta.Image),
		sameURL(art.Meta.Image, g.Image))
	text := art.Text()
	m.first.add(asserts("content_first_words") && nonEmpty(c.FirstWords), nonEmpty(text),
		score.FirstWordsMatch(text, c.FirstWords))
}

// rows lists the fields that had gold on at least one page.
func (m *metaTally) rows(set string) []evalRow {
	var rows []evalRow
	for _, f := range []struct {
		name string
		t    *fieldTally
	}{
		{"title", &m.title}, {"authors", &m.authors}, {"date", &m.date},
		{"description", &m.desc}, {"image", &m.image}, {"first words", &m.first},
	} {
		if f.t.docs > 0 {
			rows = append(rows, f.t.row(set+" ("+f.name+")", "copydesk article"))
		}
	}
	return rows
}

// sameURL compares two absolute URLs with their scheme left aside.
func sameURL(a, b string) bool {
	trim := func(s string) string {
		s = strings.TrimSpace(s)
		if i := strings.Index(s, "://"); i >= 0 {
			s = s[i+3:]
		}
		return s
	}
	return trim(a) != "" && trim(a) == trim(b)
}

// score3 formats a score to three places, or "-" where it is undefined
// (precision of a page with no output, recall of one with no gold).
func score3(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}
