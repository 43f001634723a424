package article

import (
	"fmt"
	"strings"
	"testing"
)

// TestContainerOutOfChrome checks that a short post is not lost to the
// longer comment thread under it, and that a layout element named for a
// sidebar around the headline and the story is not taken for chrome.
func TestContainerOutOfChrome(t *testing.T) {
	comment := `<li class="comment"><div class="comment-body"><p>I have read every one of your posts this year and this one moved me more than any other, ` +
		`because it reminded me of the summer we spent walking along the river with our children and our old dog, ` +
		`talking about everything and nothing until the sun went down behind the hills.</p></div></li>`
	post := `<div class="post"><h2>A walk by the river</h2><p>We walked along the river this morning and watched the herons fishing in the shallows</p><p>More pictures are here</p></div>`
	for _, c := range []struct {
		name, body, want, not string
	}{
		{"a short post above a long thread",
			post + `<div class="comments"><ol>` + comment + comment + comment + `</ol></div>`,
			"watched the herons", "moved me more"},
		{"a story in a layout named for its sidebar",
			`<div class="layout with-sidebar"><h1>A walk by the river</h1><div class="story">` +
				strings.Repeat(`<p>We walked along the river this morning and watched the herons fishing in the shallows, then went home for a late breakfast.</p>`, 4) +
				`</div></div>`,
			"watched the herons", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract([]byte("<html><body>"+c.body+"</body></html>"), "https://site.example/", Options{})
			if err != nil {
				t.Fatal(err)
			}
			text := a.Text()
			if !strings.Contains(text, c.want) || c.not != "" && strings.Contains(text, c.not) {
				t.Errorf("text %q (container %q), want %q without %q", text, a.Container, c.want, c.not)
			}
		})
	}
}

// TestSplitBody checks that the first paragraph of an article body split
// in two around an inset, in an element of the same tag and names as the
// rest, is kept with it.
func TestSplitBody(t *testing.T) {
	var body strings.Builder
	for _, w := range []string{"Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"} {
		body.WriteString(councilPara(w))
	}
	page := `<html><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav><h1>Bridge to close</h1>` +
		`<div class="article"><div class="articleBody"><p>LONDON — The old bridge will close next month, the council said in a statement that surprised most of the people who cross it every day</p></div>` +
		`<div class="inset"><a href="/follow">Follow us</a></div>` +
		`<div class="articleBody">` + body.String() + `</div></div></body></html>`
	a, err := Extract([]byte(page), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := a.Text(); !strings.Contains(text, "will close next month") || !strings.Contains(text, "engineers say") || strings.Contains(text, "Follow us") {
		t.Errorf("text %q (container %q)", text, a.Container)
	}
}

// TestLinkedSentence checks that a paragraph that is one sentence of prose,
// wholly linked, is kept among the article's paragraphs, and that linked
// pointers to other pages are not.
func TestLinkedSentence(t *testing.T) {
	var body strings.Builder
	para := func(w string) {
		body.WriteString(councilPara(w))
	}
	para("Monday")
	para("Tuesday")
	body.WriteString(`<p><a href="/data">The full survey of the bridge is available for download from the council's website.</a></p>`)
	para("Wednesday")
	body.WriteString(`<p><a href="/other">Read more: the council plans a new ferry across the river for the summer months</a></p>`)
	para("Thursday")
	body.WriteString(`<p><a href="/lead">The mayor has resigned after a long dispute with the council. Now she speaks about the years in office and what comes next.</a></p>`)
	para("Friday")
	page := `<html><body><h1>Bridge to close</h1><div class="story">` + body.String() + `</div></body></html>`
	a, err := Extract([]byte(page), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "available for download") {
		t.Errorf("the linked sentence is missing: %q", text)
	}
	for _, not := range []string{"Read more", "mayor has resigned"} {
		if strings.Contains(text, not) {
			t.Errorf("kept %q: %q", not, text)
		}
	}
}

func TestSubheadingNamedAsWidget(t *testing.T) {
	// A subheading between the story's paragraphs whose own class names
	// a widget stays; the same heading in a sidebar does not.
	var b strings.Builder
	b.WriteString(`<html><head><title>Fires in the west</title></head><body><article class="article-body"><h1>Fires in the west</h1>`)
	for i := range 8 {
		if i == 4 {
			b.WriteString(`<h2 class="widget-title">Roads closed near the hills</h2>`)
		}
		fmt.Fprintf(&b, "<p>Firefighters worked through the night to hold the fire back from the villages, paragraph %d of the story, while planes dropped water on the slopes.</p>", i)
	}
	b.WriteString(`</article><div class="sidebar"><h2 class="widget-title">Most read this week</h2><p>A list of stories.</p></div></body></html>`)
	a := checkKept(t, b.String(), "Roads closed near the hills", "Most read this week", false)
	if !strings.Contains(a.Text(), "paragraph 7 of the story") {
		t.Errorf("story cut: %q", a.Text())
	}
}

// TestTrailingHeading checks that a short heading left at the end of the
// kept text, whose box the rules dropped, goes with it, and that a
// heading followed by the story's own paragraphs stays.
func TestTrailingHeading(t *testing.T) {
	var para [3]string
	for i, w := range []string{"Tuesday", "Wednesday", "Thursday"} {
		para[i] = councilPara(w)
	}
	page := `<html><body><h1>Bridge to close</h1><article>` + para[0] + `<h2>What comes next for the bridge</h2>` + para[1] + para[2] +
		`<h3>About the author</h3><div class="author-bio"><p>Jane Doe has covered the city's roads and bridges for the paper since 2010 and lives by the river with her family.</p></div>` +
		`</article></body></html>`
	a, err := Extract([]byte(page), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "What comes next") || !strings.Contains(text, "Thursday") || strings.Contains(text, "About the author") {
		t.Errorf("text %q", text)
	}
}

// TestBylineWithoutMetadata checks that the byline above the story is
// kept when the page's metadata names no author, and left to Meta when it
// does.
func TestBylineWithoutMetadata(t *testing.T) {
	var body strings.Builder
	for _, w := range []string{"Tuesday", "Wednesday", "Thursday", "Friday"} {
		body.WriteString(councilPara(w))
	}
	for _, c := range []struct {
		head string
		kept bool
	}{
		{"", true},
		{`<meta name="author" content="Jane Doe">`, false},
	} {
		page := `<html><head>` + c.head + `</head><body><h1>Bridge to close</h1><article><p>By Jane Doe</p>` + body.String() + `</article></body></html>`
		a, err := Extract([]byte(page), "https://site.example/", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(a.Text(), "By Jane Doe"); got != c.kept || !strings.Contains(a.Text(), "Friday") {
			t.Errorf("head %q: byline kept %v, want %v (text %q)", c.head, got, c.kept, a.Text())
		}
	}
}

// TestButtonLabels checks that the labels of the controls above a story
// ("Listen to this article", "Copy link") stay out of its text, as the
// labels of links do, while a sentence that names a button keeps it.
func TestButtonLabels(t *testing.T) {
	var para [3]string
	for i, w := range []string{"Tuesday", "Wednesday", "Thursday"} {
		para[i] = councilPara(w)
	}
	page := `<html><body><h1>Bridge to close</h1><article>` +
		`<div class="tools"><button type="button"><span>Listen to this article</span></button></div>` +
		`<div><button>Copy link</button></div>` + para[0] + para[1] +
		`<p>Readers who press the <button>Subscribe</button> button below the story will hear when the bridge opens again.</p>` + para[2] +
		`</article></body></html>`
	a, err := Extract([]byte(page), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if strings.Contains(text, "Listen to this article") || strings.Contains(text, "Copy link") {
		t.Errorf("button labels kept: %q", text)
	}
	if !strings.Contains(text, "press the Subscribe button") || !strings.Contains(text, "Thursday") {
		t.Errorf("story text lost: %q", text)
	}
}

// TestTitleFromHeadline checks which title stands when the article's text
// begins with its <h1>: the metadata title where it gives the same
// headline without the kicker the <h1> carries, the <h1> where the
// metadata title is another text (a section's <title>).
func TestTitleFromHeadline(t *testing.T) {
	var body string
	for _, w := range []string{"Tuesday", "Wednesday", "Thursday"} {
		body += councilPara(w)
	}
	for _, c := range []struct{ head, h1, want string }{
		{`<title>News | Example Daily</title>`, `Council approves new bridge`, "Council approves new bridge"},
		{`<meta property="og:title" content="Council approves new bridge">`,
			`<span>Town hall</span> Council approves new bridge`, "Council approves new bridge"},
	} {
		page := `<html><head>` + c.head + `</head><body><article><h1>` + c.h1 + `</h1>` + body + `</article></body></html>`
		a, err := Extract([]byte(page), "https://site.example/", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != c.want {
			t.Errorf("head %s, <h1> %s: title %q, want %q", c.head, c.h1, a.Title, c.want)
		}
	}
}

// TestAuthorBio checks that an author box saying what the page's JSON-LD
// says of the author is dropped, while the story stays.
func TestAuthorBio(t *testing.T) {
	bio := "Jane Doe has covered the city's roads, bridges and ferries for the paper since 2010, and before that wrote about rivers for a weekly."
	var body string
	for _, w := range []string{"Tuesday", "Wednesday", "Thursday"} {
		body += councilPara(w)
	}
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge to close","author":{"@type":"Person","name":"Jane Doe","description":"` + bio + `"}}</script></head>` +
		`<body><article><h1>Bridge to close</h1>` + body + `<div><p>` + bio + `</p></div></article></body></html>`
	a, err := Extract([]byte(page), "https://site.example/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if strings.Contains(text, "covered the city") || !strings.Contains(text, "Thursday") {
		t.Errorf("text %q", text)
	}
	if len(a.Meta.AuthorBios) != 1 || a.Meta.AuthorBios[0] != bio {
		t.Errorf("AuthorBios %q", a.Meta.AuthorBios)
	}
}

// councilPara returns a paragraph of story prose about the day given.
func councilPara(day string) string {
	return `<p>The council voted on ` + day + ` to close the old bridge for repairs, which the engineers say will take most of the coming year and cost more than planned.</p>`
}

// TestShortPost checks that a post of one line under its title, a link to
// itself, is the article rather than the longer profile blurb above it or
// the footer below the links under it.
func TestShortPost(t *testing.T) {
	var tags strings.Builder
	for _, w := range strings.Fields("boats harbours nets tides weather pictures friends places rope sails knots gulls piers wharves ferries " +
		"lighthouses storms fog oars paint anchors buoys charts shells crabs") {
		tags.WriteString(`<li><a href="/tag/` + w + `">the ` + w + ` of the coast (12)</a></li>`)
	}
	blurb := `<div class="about"><div class="description"><p>I live by the sea. I write about small boats, old harbours and the people who mend nets, and I post a picture or two every week.</p></div></div>` +
		`<div class="tags"><h3>Tags</h3><ul>` + tags.String() + `</ul></div>`
	post := `<div class="post"><h2><a href="https://blog.example/harbour-at-dawn">The harbour at dawn</a></h2>` +
		`<div class="content"><p>Three boats came in before the sun was up.</p></div></div>` +
		`<ul class="links"><li><a href="/a">Archive</a></li><li><a href="/b">Tags</a></li><li><a href="/c">Contact</a></li></ul>`
	footer := `<div id="bottom"><p>See you all next week, friends.</p><p>Made with love in a small town by the sea.</p></div>`
	page := func(title string) string {
		return `<html><head><title>` + title + `</title><meta property="og:site_name" content="Small Boats"></head><body>` +
			blurb + post + footer + `</body></html>`
	}
	a, err := Extract([]byte(page("The harbour at dawn")), "https://blog.example/harbour-at-dawn", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := a.Text(); !strings.Contains(text, "Three boats came in") || strings.Contains(text, "I live by the sea") || strings.Contains(text, "next week") {
		t.Errorf("text %q (container %q), want the post without the blurb or the footer", text, a.Container)
	}
}

// TestPhotoStory checks that the captions of a story told in pictures are
// its text, while an article with a picture keeps its caption out, and a
// site footer named for credits stays out of both.
func TestPhotoStory(t *testing.T) {
	captions := []string{
		"A boy poses with a painting of a waterfall at the exhibition in the old harbour hall on Sunday. (Jane Doe/Getty Images)",
		"Visitors sit on a painted bench that seems to float above a canyon, one of forty works on show. (Jane Doe/Getty Images)",
		"A girl reaches into a painted window to pick an apple from a tree that is not there. (John Roe/Associated Press)",
		"The painter, who spent two years on the hall's largest work, talks to visitors at the entrance. (John Roe/Associated Press)",
	}
	footer := `<div class="credits"><p>If you like what you find here, please link back to us and tell your friends :-)</p>` +
		`<p>(c) 2012 The Harbour Blog | powered by a blog engine and a theme</p></div>`
	for _, wrap := range [][2]string{{"", ""}, {`<div class="gallery-slider">`, `</div>`}, {`<ul class="carousel">`, `</ul>`}} {
		var gallery strings.Builder
		gallery.WriteString(`<html><body><h1>Paintings you can walk into</h1><div class="story"><p>An exhibition in the old harbour hall lets visitors ` +
			`step into the paintings, sit on them and pick the fruit they show. Here is what they did.</p>` + wrap[0])
		for _, c := range captions {
			gallery.WriteString(`<div class="photo"><img src="/p.jpg" alt=""><p>` + c + `</p></div>`)
		}
		gallery.WriteString(wrap[1] + `</div>` + footer + `</body></html>`)
		a, err := Extract([]byte(gallery.String()), "https://news.example/gallery", Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := a.Text()
		for _, c := range captions {
			if !strings.Contains(text, c[:40]) {
				t.Errorf("gallery in %q: caption %q lost: %q", wrap[0], c[:40], text)
			}
		}
		if strings.Contains(text, "link back") || strings.Contains(text, "powered by") {
			t.Errorf("gallery in %q: the footer's credits kept: %q", wrap[0], text)
		}
	}

	var story strings.Builder
	story.WriteString(`<html><body><h1>Bridge opens</h1><div class="story">`)
	for _, d := range []string{"Monday", "Tuesday", "Wednesday"} {
		story.WriteString(councilPara(d))
	}
	story.WriteString(`<div class="photo"><img src="/p.jpg" alt=""><p>` + captions[2] + `</p></div>`)
	for _, d := range []string{"Thursday", "Friday"} {
		story.WriteString(councilPara(d))
	}
	story.WriteString(`</div></body></html>`)
	checkKept(t, story.String(), "voted on Friday", "A girl reaches", false)
}

func TestEndsInCredit(t *testing.T) {
	for text, want := range map[string]bool{
		"A boy poses with a painting. (Jane Doe/Getty Images)": true,
		"The mayor at the opening (AP)":                        false, // too short a credit to tell
		"The harbour at dawn (Photo: Jane Doe)":                true,
		"Share it and link back :-)":                           false,
		"(c) 2012 The Harbour Blog | powered by a blog engine": false,
		"Copyright 2012 Example News (All rights reserved)":    false,
		"A plain sentence about the picture.":                  false,
	} {
		if got := endsInCredit(text); got != want {
			t.Errorf("endsInCredit(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestLinkedClosingParagraphs checks that the story's closing paragraphs,
// with links to earlier coverage running through their sentences, are
// kept, while the list of other stories after them is not.
func TestLinkedClosingParagraphs(t *testing.T) {
	var page strings.Builder
	page.WriteString(`<html><body><article><h1>Bridge opens</h1><div class="body">`)
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday"} {
		page.WriteString(councilPara(d))
	}
	page.WriteString(`<p>The council <a href="/a">first proposed a new bridge in 2014 after the old one was closed to lorries</a>, and ` +
		`<a href="/b">a public inquiry backed the plan in 2019</a>. Work <a href="/c">began in the spring of 2021</a>.</p>`)
	page.WriteString(`</div><ul class="more"><li><a href="/d">Ferry fares to rise in the new year</a></li>` +
		`<li><a href="/e">Harbour wall repairs finished early</a></li><li><a href="/f">New cycle lane opens on the ring road</a></li></ul>`)
	page.WriteString("</article></body></html>")
	checkKept(t, page.String(), "public inquiry backed the plan", "Ferry fares", false)
}

// TestHeadlineOfNote checks that a post of a line keeps its headline in
// its text, and that an article of paragraphs, or a page that kept no
// text, does not.
func TestHeadlineOfNote(t *testing.T) {
	page := func(body string) string {
		return `<html><head><title>The harbour at dawn</title></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>` +
			`<div class="post"><h1>The harbour at dawn</h1>` + body + `</div><footer><a href="/privacy">Privacy</a></footer></body></html>`
	}
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"note", `<p>Three boats came in before the sun was up.</p>`, true},
		// Two sentences of news are a brief, not a note.
		{"brief", `<p>Three boats came in before the sun was up, and the men who sailed them had been out since the evening before.</p>` +
			`<p>The harbour master said the catch was the best of the year and the market would open an hour early.</p>`, false},
		{"nothing", ``, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Extract([]byte(page(c.body)), "https://blog.example/harbour-at-dawn", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.HasPrefix(a.Text(), "The harbour at dawn"); got != c.want {
				t.Errorf("headline in the text: %v, want %v (text %q)", got, c.want, a.Text())
			}
		})
	}
}

// TestLongFactBox checks that a box named for facts stays out of the
// story however much prose it holds, while a long block under a
// sidebar's name (a layout that wraps the story) does not.
func TestLongFactBox(t *testing.T) {
	var story, facts string
	for i := range 6 {
		story += fmt.Sprintf(`<p>The council voted on Tuesday night, in session %d, to approve the new bridge across the river, after a debate that divided the town; works begin in spring, the mayor said.</p>`, i)
	}
	for i := range 3 {
		facts += fmt.Sprintf(`<p>Among the ninety thousand people who crossed the river by ferry in year %d, about sixty thousand were of working age, and most of them commuted every day.</p>`, i)
	}
	page := `<html><head><title>Bridge approved</title></head><body><article><h1>Bridge approved</h1>` + story +
		`<div class="infobox"><h3>The ferry in numbers</h3>` + facts + `</div><p>The vote was twelve to three.</p></article></body></html>`
	checkKept(t, page, "mayor said", "ninety thousand people", false)
	layout := `<html><head><title>Bridge approved</title></head><body><div class="with-sidebar"><h1>Bridge approved</h1>` + story + facts + `</div><div class="sidebar"><a href="/">Home</a></div></body></html>`
	checkKept(t, layout, "mayor said", "ninety thousand people", true)
	// A modifier that speaks of a box names none.
	part := `<html><head><title>Bridge approved</title></head><body><article><h1>Bridge approved</h1>` + story +
		`<section class="story-part story-part--with-factbox">` + facts + `</section><p>The vote was twelve to three.</p></article></body></html>`
	checkKept(t, part, "mayor said", "ninety thousand people", true)
}
