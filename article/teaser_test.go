package article

import (
	"fmt"
	"strings"
	"testing"
)

// teaserPage is an article of prose paragraphs whose container also
// holds n teaser cards: a wholly linked headline and a short lead each.
func teaserPage(paragraphs, n int) string {
	var b strings.Builder
	b.WriteString("<html><head><title>River bridge approved</title></head><body><article><h1>River bridge approved</h1>")
	for i := range paragraphs {
		fmt.Fprintf(&b, "<p>The council voted on Tuesday night to approve the new bridge across the river, paragraph %d of the story, after a debate that lasted more than a decade and divided the town.</p>", i)
	}
	for i := range n {
		fmt.Fprintf(&b, `<div class="card"><a href="/story/%d"><h3 class="card-title">Another headline of a story number %d here</h3></a><p class="card-lead">A short lead of the other story %d, which says what it is about in a sentence.</p></div>`, i, i, i)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

func TestDropTeasers(t *testing.T) {
	for _, c := range []struct {
		name          string
		prose, cards  int
		wantLeadsKept bool
	}{
		{"article with teasers", 12, 4, false},
		// A page that is mostly such leads is a section front: kept.
		// Its many cards are counted in one pass.
		{"section front", 2, 20000, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract([]byte(teaserPage(c.prose, c.cards)), "https://news.example/bridge", Options{})
			if err != nil {
				t.Fatal(err)
			}
			text := a.Text()
			if !strings.Contains(text, "paragraph 1 of the story") {
				t.Errorf("prose lost")
			}
			if got := strings.Contains(text, "A short lead of the other story"); got != c.wantLeadsKept {
				t.Errorf("leads kept: %v, want %v", got, c.wantLeadsKept)
			}
		})
	}
}

func TestKeepTinyPage(t *testing.T) {
	for _, c := range []struct {
		name, body, want, notArticle string
	}{
		{"a note of a few linked words", `<p><a href="/a">Read the notes</a></p>`, "Read the notes", ""},
		{"a menu alone", `<nav><a href="/">Home</a> <a href="/about">About us</a></nav>`, "", NotArticleProse},
		{"links and a footer", `<ul><li><a href="/a">First page</a></li><li><a href="/b">Second page</a></li></ul><footer>© 2024 Example</footer>`, "First page", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract([]byte("<html><body>"+c.body+"</body></html>"), "https://site.example/", Options{})
			if err != nil {
				t.Fatal(err)
			}
			text := a.Text()
			if c.want == "" && text != "" || !strings.Contains(text, c.want) || strings.Contains(text, "©") {
				t.Errorf("text %q, want %q", text, c.want)
			}
			if a.NotArticle != c.notArticle {
				t.Errorf("NotArticle %q, want %q", a.NotArticle, c.notArticle)
			}
		})
	}
}

// TestLoneCard checks that a card inside the article, an <article> that
// holds a linked headline and its blurb, is cut, and that a page made
// mostly of such cards keeps them.
func TestLoneCard(t *testing.T) {
	head := `<html><head><title>Talks resume</title></head><body><nav><a href="/">Home</a></nav><article><h1>Talks resume</h1>` +
		`<p>The two sides met again on Friday in Geneva, the first round of talks since the summer, and agreed to meet again next month.</p>` +
		`<p>Officials said the meeting had been useful, although no agreement was reached on the exchange of prisoners or on the ceasefire.</p>`
	card := `<p>Find the latest on the war in our live blog:</p>` +
		`<article class="card"><h3><span>The war</span>: <a href="/live">Latest news on the war</a></h3><div>Fighting goes on in the east, where both sides report heavy losses. The latest news.</div></article>`
	tail := `<p>The next round is planned for the middle of October, the foreign ministry said in a statement on Saturday.</p></article></body></html>`
	checkKept(t, head+card+tail, "middle of October", "Fighting goes on in the east", false)
	// A card without a link to follow is part of the story.
	plain := strings.Replace(card, `<a href="/live">Latest news on the war</a>`, "Latest news on the war", 1)
	checkKept(t, head+plain+tail, "middle of October", "Fighting goes on in the east", true)
	// The story's own <article>, around the container, is no card.
	post := `<html><head><title>Bridge reopens</title></head><body><main><article class="post"><header><h2><a href="/2024/bridge-reopens">Bridge reopens</a></h2></header>` +
		`<div class="entry-content"><p>The old bridge reopened on Monday.</p>` +
		`<p>The council said the repairs cost less than planned and that the road will stay open to lorries through the winter, at least until the spring.</p></div></article></main></body></html>`
	checkKept(t, post, "repairs cost less", "The old bridge reopened on Monday.", true)
	// Entries side by side, each an <article>, are a live blog's.
	entry := func(id, head, text string) string {
		return `<article><h3><a href="#` + id + `">` + head + `</a></h3><p>` + text + `</p></article>`
	}
	live := `<html><head><title>Bridge news</title></head><body><main><h1>Bridge news</h1>` +
		`<p>The council met again on Monday night to hear the engineers' report on the old bridge and the cost of the repairs it needs.</p>` +
		`<p>The report found cracks in two of the piers and asked for the bridge to stay closed to lorries until the work is done next year.</p>` +
		entry("p2", "Ferry timetable set", "The ferry will leave every half hour from the south bank, the operator said.") +
		entry("p1", "Repair bill published", "The repairs will cost four million, the council said, less than the first estimate.") +
		`</main></body></html>`
	checkKept(t, live, "cracks in two of the piers", "The ferry will leave every half hour", true)
	// A page of cards keeps them.
	front := `<html><head><title>World</title></head><body><main><h1>World</h1>` + strings.Repeat(`<article class="card"><h3><a href="/live">Latest news on the war</a></h3><div>Fighting goes on in the east, where both sides report heavy losses today.</div></article>`, 1) + `</main></body></html>`
	checkKept(t, front, "World", "Fighting goes on in the east", true)
}
