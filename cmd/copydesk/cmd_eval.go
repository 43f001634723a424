package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/pubdate"
	"github.com/copydesk/copydesk/score"
)

const evalAbout = `
Scores the plain-text cleaner on gold sets. Each page of a set is turned
into WET-like text (one line per block, as "copydesk wet" prints it), then
cleaned, and the result is compared with the set's gold text by the
shingle metric: 4-token \w+ shingles as multisets, precision averaged over
documents with output, recall over documents with gold, F1 of the two.
"keep-all" is the baseline that keeps every line; "copydesk text" is the
plain-text cleaner on the WET-like text; "copydesk article" is how copydesk
cleans HTML input (the same cleaner, told which text is link text). Sets
with snippet gold (with/without strings) are scored by snippets instead.

Each SET is a gold set directory in one of the layouts copydesk knows:
readability test pages, trafilatura evaluation, CleanEval, Dragnet.`

func cmdEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "[flags] SET...", evalAbout)
	lang := fs.String("lang", "", "language of the pages, ISO 639-1 (default: detect per page)")
	perDoc := fs.Bool("docs", false, "also print each page's precision and recall (text-gold sets), to find failures")
	sets, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		return usagef("no gold set given")
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tmethod\tdocs\tprecision\trecall\tF1\t")
	for _, dir := range sets {
		var docs io.Writer
		if *perDoc {
			docs = e.stdout
		}
		rows, err := evalSet(ctx, dir, boiler.Options{Lang: *lang}, docs)
		if err != nil {
			return err
		}
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t\n", r.set, r.method, r.docs, r.precision, r.recall, r.f1)
		}
	}
	return tw.Flush()
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
	if set.Format == goldset.HTMLDate {
		return evalDates(ctx, set)
	}
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
		if set.Format.HasTextGold() {
			keepAll.Add(page.Text, c.Gold)
			fromHTML.Add(html, c.Gold)
			d := cleaned.Add(out, c.Gold)
			if docs != nil {
				fmt.Fprintf(docs, "doc\t%s\t%s\tP=%.3f\tR=%.3f\n", set.Name, c.ID, d.Precision(), d.Recall())
			}
		} else {
			keepAllSnip.Add(page.Text, c.With, c.Without)
			cleanedSnip.Add(out, c.With, c.Without)
			fromHTMLSnip.Add(html, c.With, c.Without)
		}
	}
	if set.Format.HasTextGold() {
		k, c, h := keepAll.Result(), cleaned.Result(), fromHTML.Result()
		return []evalRow{
			{set.Name, "keep-all", k.Docs, k.Precision, k.Recall, k.F1},
			{set.Name, "copydesk text", c.Docs, c.Precision, c.Recall, c.F1},
			{set.Name, "copydesk article", h.Docs, h.Precision, h.Recall, h.F1},
		}, nil
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
	var docs, found, correct int
	for c, err := range set.Cases() {
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		docs++
		res, ok := pubdate.Find(c.HTML, c.URL, pubdate.Options{})
		if !ok {
			continue
		}
		found++
		if res.Published.Format(time.DateOnly) == c.Date {
			correct++
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	p, r := ratio(correct, found), ratio(correct, docs)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return []evalRow{{set.Name + " (dates)", "copydesk pubdate", docs, p, r, f}}, nil
}
