package boiler_test

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/score"
)

const pitch = "Sign up for the Morning Briefing, our free newsletter with the day's top stories."

// word spells i in letters, so that texts differ by more than numbers
// (which the site index reads as one).
func word(i int) string {
	var b []byte
	for {
		b = append(b, byte('a'+i%26))
		i /= 26
		if i == 0 {
			return string(b)
		}
	}
}

func sitePage(i int, lead string) []string {
	return []string{
		lead,
		fmt.Sprintf("The second paragraph of story %s tells what happened next, in words of its own.", word(i)),
		pitch,
		"Comments are moderated and may take up to 24 hours to appear on this page.",
	}
}

func TestSiteChrome(t *testing.T) {
	x := boiler.NewSiteIndex(boiler.SiteOptions{})
	quoted := "The mayor resigned on Monday after a week of protests outside the town hall."
	for i := range 12 {
		lead := fmt.Sprintf("Story %s begins with a lead that no other page of the site has.", word(i))
		if i < 6 {
			// Six other pages quote story 0's lead, but not first.
			x.Observe("news.example", append(sitePage(i, lead), quoted))
		} else {
			x.Observe("news.example", sitePage(i, lead))
		}
	}
	// The story whose lead the others quote.
	own := sitePage(99, quoted)
	x.Observe("news.example", own)
	// Re-crawls of one page do not count.
	for range 10 {
		x.Observe("news.example", []string{"A story crawled ten times over has a paragraph like this one.", "And a second."})
	}

	got := x.Chrome("news.example", own)
	if !slices.Equal(got, []bool{false, false, true, true}) {
		t.Errorf("Chrome = %v, want the pitch and the comment policy only", got)
	}
	// A short byline above the lead does not take the lead's protection.
	if got := x.Chrome("news.example", append([]string{"By Jane Doe"}, own...)); !slices.Equal(got, []bool{false, false, false, true, true}) {
		t.Errorf("under a byline: Chrome = %v", got)
	}
	recrawled := x.Chrome("news.example", []string{"A story crawled ten times over has a paragraph like this one.", "x"})
	if recrawled[0] {
		t.Error("a page crawled ten times made its own text chrome")
	}
	if got := x.Chrome("other.example", own); slices.Contains(got, true) {
		t.Errorf("another site's page: %v", got)
	}
	header := "Valley News: the latest from the valley, updated every hour of the day."
	for i := range 6 {
		x.Observe("news.example", []string{header, pitch, fmt.Sprintf("A short item about %s, with words of its own.", word(i))})
	}
	if got := x.Chrome("news.example", []string{header, "A short item about something else, with words of its own."}); !got[0] || got[1] {
		t.Errorf("a recurring header is not chrome: %v", got)
	}
	if got := x.Chrome("news.example", []string{header, pitch}); slices.Contains(got, true) {
		t.Errorf("a page of chrome only is emptied: %v", got)
	}
}

func TestSiteMergeAndBound(t *testing.T) {
	a, b, whole := boiler.NewSiteIndex(boiler.SiteOptions{}), boiler.NewSiteIndex(boiler.SiteOptions{}), boiler.NewSiteIndex(boiler.SiteOptions{})
	for i := range 10 {
		p := sitePage(i, fmt.Sprintf("Lead of story %s, which is its own.", word(i)))
		whole.Observe("s", p)
		if i%2 == 0 {
			a.Observe("s", p)
		} else {
			b.Observe("s", p)
		}
	}
	// b goes through a file, as from another machine.
	var file bytes.Buffer
	if err := b.Save(&file); err != nil {
		t.Fatal(err)
	}
	loaded, err := boiler.LoadSiteIndex(&file)
	if err != nil {
		t.Fatal(err)
	}
	a.Merge(loaded)
	p := sitePage(3, fmt.Sprintf("Lead of story %s, which is its own.", word(3)))
	if fmt.Sprint(a.Chrome("s", p)) != fmt.Sprint(whole.Chrome("s", p)) || a.Pages("s") != 10 {
		t.Errorf("merged %v, whole %v", a.Chrome("s", p), whole.Chrome("s", p))
	}
	small := boiler.NewSiteIndex(boiler.SiteOptions{MaxKeys: 50})
	for i := range 200 {
		small.Observe("s", sitePage(i, fmt.Sprintf("Lead of story %s, which is its own.", word(i))))
	}
	if got := small.Chrome("s", p); !got[2] || !got[3] || got[0] || got[1] {
		t.Errorf("bounded index: %v", got)
	}
	// Blocks that all recur twice fill the table; pruning must still
	// bring it down, not rescan it on every page.
	twice := boiler.NewSiteIndex(boiler.SiteOptions{MaxKeys: 100})
	for i := range 4000 {
		twice.Observe("s", []string{fmt.Sprintf("A paragraph that two pages share, number %s of many.", word(i/2)), word(i) + " is the one thing this page alone says here"})
	}
	if n := twice.Keys(); n > 100 {
		t.Errorf("%d keys kept, bound 100", n)
	}
}

func siteOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

// TestSiteQuality measures the site step on the dev set of news portals,
// whose 71 pages come from five sites: the WET-like text cleaned page by
// page, and the HTML article extractor's text, each before and after the
// blocks that recur across a site's pages are cut. It fails when the
// site step lowers F1.
func TestSiteQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a dev set")
	}
	set := openSet(t, "extract-cleanportaleval")
	type page struct {
		site, gold string
		text, art  []string
	}
	var pages []page
	wet, html := boiler.NewSiteIndex(boiler.SiteOptions{}), boiler.NewSiteIndex(boiler.SiteOptions{})
	for c, err := range set.Cases() {
		if err != nil {
			t.Fatal(err)
		}
		doc, err := htmltext.Extract(c.HTML, "")
		if err != nil {
			t.Fatal(err)
		}
		res := boiler.Clean(doc.Text, boiler.Options{})
		var kept []string
		for _, b := range res.Blocks {
			if b.Keep {
				kept = append(kept, b.Text)
			}
		}
		a, err := article.Extract(c.HTML, c.URL, article.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var paras []string
		for _, p := range a.Paragraphs {
			paras = append(paras, p.Text)
		}
		p := page{site: siteOf(c.URL), gold: c.Gold, text: kept, art: paras}
		wet.Observe(p.site, p.text)
		html.Observe(p.site, p.art)
		pages = append(pages, p)
	}
	var before, after, artBefore, artAfter score.Corpus
	cut := func(x *boiler.SiteIndex, site string, blocks []string) string {
		chrome := x.Chrome(site, blocks)
		var keep []string
		for i, b := range blocks {
			if !chrome[i] {
				keep = append(keep, b)
			}
		}
		return strings.Join(keep, "\n")
	}
	for _, p := range pages {
		before.Add(strings.Join(p.text, "\n"), p.gold)
		after.Add(cut(wet, p.site, p.text), p.gold)
		artBefore.Add(strings.Join(p.art, "\n"), p.gold)
		artAfter.Add(cut(html, p.site, p.art), p.gold)
	}
	b, a := before.Result(), after.Result()
	ab, aa := artBefore.Result(), artAfter.Result()
	t.Logf("WET-like text: F1 %.4f (P %.4f R %.4f) → with site boilerplate cut %.4f (P %.4f R %.4f)", b.F1, b.Precision, b.Recall, a.F1, a.Precision, a.Recall)
	t.Logf("HTML extraction: F1 %.4f (P %.4f R %.4f) → with site boilerplate cut %.4f (P %.4f R %.4f)", ab.F1, ab.Precision, ab.Recall, aa.F1, aa.Precision, aa.Recall)
	if a.F1 < b.F1 || aa.F1 < ab.F1 {
		t.Error("cutting site boilerplate lowered F1")
	}
}
