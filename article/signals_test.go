package article

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
)

func TestHiddenClasses(t *testing.T) {
	for names, want := range map[string]bool{
		"intro-body__premium hidden": true,
		"visually-hidden":            true,
		"box d-none":                 true,
		"hidden-xs col-md-6":         false, // hidden on small screens only
		"hide-on-mobile":             false,
		"story-body":                 false,
	} {
		if got := namesSignal(names)&sigHidden != 0; got != want {
			t.Errorf("namesSignal(%q) hidden: %v, want %v", names, got, want)
		}
	}
}

func TestTaxonomyClasses(t *testing.T) {
	for names, want := range map[string]signal{
		"post-12 post hentry tag-comments tag-social-media category-news": 0,
		"post tag-elections tag-city-hall":                                0,
		"entry tag-comments":                                              sigComments | sigMeta, // one tag: read as named
		"tags tag-list tag-cloud":                                         sigMeta,
		"post-tags":                                                       sigMeta,
	} {
		if got := namesSignal(names) & (sigComments | sigShare | sigMeta); got != want {
			t.Errorf("namesSignal(%q) = %v, want %v", names, got, want)
		}
	}
}

func TestChromeProse(t *testing.T) {
	// A box hidden by its class, one of related stories, a carousel or
	// slider of teasers, or an <aside> stays out however much prose it
	// holds.
	for _, box := range [][2]string{{`<div class="offer hidden">`, "</div>"}, {`<div class="related-stories">`, "</div>"}, {"<aside>", "</aside>"},
		{`<div class="post-carousel">`, "</div>"}, {`<ul class="slider">`, "</ul>"}} {
		var page strings.Builder
		page.WriteString("<html><body><article><h1>River bridge approved</h1>")
		for i := range 6 {
			fmt.Fprintf(&page, "<p>The council voted on Tuesday night to approve the new bridge across the river, paragraph %d of the story, after a debate that lasted more than a decade.</p>", i)
		}
		page.WriteString(box[0])
		for _, what := range []string{"the daily edition as it is printed", "the puzzles of the weekend", "the newsletters of the newsroom", "the archive of fifty years"} {
			fmt.Fprintf(&page, "<p>Subscribers enjoy every story of the paper without limits and %s, for the price of a coffee a week, which they can stop whenever they like.</p>", what)
		}
		page.WriteString(box[1] + "</article></body></html>")
		checkKept(t, page.String(), "paragraph 5 of the story", "Subscribers enjoy", false)
	}
}

// TestElementSignals checks what tags and roles say of an element on
// their own, with no class or id.
func TestElementSignals(t *testing.T) {
	for _, c := range []struct {
		tag  atom.Atom
		role string
		want signal
	}{
		{atom.Menu, "", sigNav},
		{atom.Search, "", sigForm},
		{atom.Address, "", sigMeta},
		{atom.Div, "toolbar", sigNav},
		{atom.Div, "tablist", sigNav},
		{atom.Div, "feed", 0}, // an infinite feed may hold the article itself
		{atom.Article, "", sigContent},
	} {
		if got := nodeSignal(&htmltext.Node{Tag: c.tag, Role: c.role}); got != c.want {
			t.Errorf("nodeSignal(<%v role=%q>) = %v, want %v", c.tag, c.role, got, c.want)
		}
	}
}

// TestLightbox checks that the enlarged view of a picture that a script
// opens over the page (a lightbox) does not put the picture's caption
// into the story a second time: a caption long enough that the cleaner
// does not take the second for a repeated line.
func TestLightbox(t *testing.T) {
	caption := "The mayor speaks at the opening of the new bridge over the river on Tuesday, watched by the engineers who built it " +
		"and by the families who waited eleven years for it, while the band of the local school plays the town's old song."
	var page strings.Builder
	page.WriteString("<html><body><article><h1>Bridge opens</h1>")
	for _, d := range []string{"Monday", "Tuesday", "Wednesday"} {
		page.WriteString(councilPara(d))
	}
	page.WriteString(`<div class="inline-image"><img src="/b.jpg" alt=""><div class="image-description">` + caption + `</div></div>`)
	page.WriteString(`<div class="lightbox"><img src="/b-large.jpg" alt=""><div class="lightbox-description">` + caption + `</div></div>`)
	for _, d := range []string{"Thursday", "Friday"} {
		page.WriteString(councilPara(d))
	}
	page.WriteString("</article></body></html>")
	a, err := Extract([]byte(page.String()), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := a.Text(); strings.Count(text, "watched by the engineers") > 1 || !strings.Contains(text, "voted on Friday") {
		t.Errorf("text %q", text)
	}
}

// TestProfileBox checks that the box presenting the story's writer, named
// for a profile ("writerProfile", "author-profile"), stays out of the story.
func TestProfileBox(t *testing.T) {
	for _, open := range []string{`<div id="writerProfile">`, `<section class="author-profile card">`} {
		var page strings.Builder
		page.WriteString("<html><body><article><h1>Bridge opens</h1>")
		for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday"} {
			page.WriteString(councilPara(d))
		}
		page.WriteString(open + `<p>About the writer</p><p>Born in 1983 in the north, she joined the paper in 2007 and has covered the city council, its budgets and its bridges since.</p>` +
			strings.Repeat("</div>", strings.Count(open, "<div")) + strings.Repeat("</section>", strings.Count(open, "<section")))
		page.WriteString("</article></body></html>")
		checkKept(t, page.String(), "voted on Thursday", "Born in 1983", false)
	}
}

// TestNamesSignal checks what class and id names say, one signal at a
// time: the boxes that say who wrote the story and when (a blog engine's
// post metadata, an author's info or profile), whether or not the words
// are run together, and a notice popping up over the page ("added to
// your bookmarks").
func TestNamesSignal(t *testing.T) {
	for _, c := range []struct {
		names string
		sig   signal
		want  bool
	}{
		{"postmetadata alt", sigMeta, true},
		{"singlepostmeta", sigMeta, true},
		{"entry-metadata", sigMeta, true},
		{"authorinfo", sigMeta, true},
		{"writerprofile", sigMeta, true},
		{"author-profile card", sigMeta, true},
		{"story-body", sigMeta, false},
		{"information-box story", sigMeta, false},
		{"bookmark-toast", sigForm, true},
		{"toast", sigForm, true},
		{"toaster-oven", sigForm, false},
	} {
		if got := namesSignal(c.names)&c.sig != 0; got != c.want {
			t.Errorf("namesSignal(%q) & %v: %v, want %v", c.names, c.sig, got, c.want)
		}
	}
}

// TestPaywallParagraphs checks that the paragraphs a page marks as behind
// its paywall (the story subscribers read) are kept, while a box named
// for the paywall (the pitch) stays out.
func TestPaywallParagraphs(t *testing.T) {
	var page strings.Builder
	page.WriteString("<html><body><article><h1>Bridge opens</h1>")
	for _, d := range []string{"Monday", "Tuesday"} {
		page.WriteString(councilPara(d))
	}
	for _, d := range []string{"Wednesday", "Thursday", "Friday"} {
		page.WriteString(strings.Replace(councilPara(d), "<p>", `<p class="paywall">`, 1))
	}
	page.WriteString(`<div class="paywall-offer"><p>Subscribe today for a dollar a week and read every story we publish, cancel any time.</p></div>`)
	page.WriteString("</article></body></html>")
	checkKept(t, page.String(), "voted on Friday", "Subscribe today", false)
}
