package corpus

import (
	"strings"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/segment"
	"github.com/copydesk/copydesk/summarize"
)

// SiteResult counts what CutSiteBoilerplate did.
type SiteResult struct {
	Records int // records read
	Sites   int // sites with enough pages to judge
	Cut     int // paragraphs cut as site boilerplate
	Changed int // records that lost a paragraph
}

// CutSiteBoilerplate cuts from the records of the JSONL file at path the
// paragraphs that recur across the pages of their site (boiler.SiteIndex;
// the site is the URL's host), and rewrites the file atomically with the
// text, words and removed_blocks updated and, where a paragraph went, the
// summary made again from what is left (with so). It reads the file twice and
// holds the index in between.
func CutSiteBoilerplate(path string, o boiler.SiteOptions, so summarize.Options) (SiteResult, error) {
	var res SiteResult
	x := boiler.NewSiteIndex(o)
	sites := map[string]bool{}
	err := eachRecord(path, func(_ int64, r *jsonl.Record) error {
		site := host(r.URL)
		x.Observe(site, paragraphs(r.Text))
		sites[site] = true
		res.Records++
		return nil
	})
	if err != nil {
		return res, err
	}
	for s := range sites {
		if s != "" && x.Pages(s) >= max(o.MinPages, 5) {
			res.Sites++
		}
	}
	err = rewrite(path, func(_ int64, r *jsonl.Record) bool {
		paras := paragraphs(r.Text)
		chrome := x.Chrome(host(r.URL), paras)
		keep := paras[:0]
		for i, p := range paras {
			if chrome[i] {
				res.Cut++
				r.Removed++
				continue
			}
			keep = append(keep, p)
		}
		if len(keep) < len(paras) {
			res.Changed++
			r.Text = strings.Join(keep, "\n\n")
			r.Words = segment.CountWords(r.Text)
			sum := so
			if sum.Lang == "" {
				sum.Lang = r.Lang
			}
			s := summarize.Summarize(keep, r.Description, sum)
			r.Summary, r.SummaryMethod = s.Text, s.Method
		}
		return true
	})
	return res, err
}

// paragraphs splits a record's text at its blank lines.
func paragraphs(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n\n")
}
