package article

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/metadata"
)

// bodyPage is a story of n paragraphs followed, inside its own element,
// by a fact box of prose, with a JSON-LD articleBody that holds the
// paragraphs given by inLD.
func bodyPage(n int, inLD func(i int) bool) string {
	words := strings.Fields("council voted Tuesday night approve new bridge across river after debate lasted more than decade divided town mayor said works begin spring region pays share")
	para := func(i int) string {
		// Paragraphs of the same words in another order share no
		// word 4-grams.
		w := make([]string, len(words))
		for j := range words {
			w[j] = words[(j*(i+2))%len(words)]
		}
		return fmt.Sprintf("Paragraph %d: the %s.", i, strings.Join(w, " "))
	}
	var ld []string
	for i := range n {
		if inLD(i) {
			ld = append(ld, para(i))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><title>River bridge approved</title><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"River bridge approved","articleBody":%q}]}</script></head><body><article><h1>River bridge approved</h1>`, strings.Join(ld, "\n"))
	for i := range n {
		fmt.Fprintf(&b, "<p>%s</p>", para(i))
	}
	b.WriteString(`<div class="box"><h2>In short</h2><p>The bridge will cost the town far more than the old ferry did, and the works are to begin next spring if the region agrees to pay its share.</p></div>`)
	b.WriteString("</article></body></html>")
	return b.String()
}

func TestEndAtBody(t *testing.T) {
	for _, c := range []struct {
		name    string
		inLD    func(i int) bool
		boxKept bool
	}{
		{"whole body", func(int) bool { return true }, false},
		{"no body", func(int) bool { return false }, true},
		// An excerpt of the story does not say where it ends.
		{"teaser", func(i int) bool { return i == 0 }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := checkKept(t, bodyPage(8, c.inLD), "Paragraph 7:", "far more than the old ferry", c.boxKept)
			if len(a.Paragraphs) != strings.Count(a.Text(), "\n\n")+1 {
				t.Errorf("paragraphs and text disagree")
			}
		})
	}
}

// checkKept extracts page and checks that its text holds keep, and holds
// other exactly when otherKept.
func checkKept(t *testing.T, page, keep, other string, otherKept bool) *Article {
	t.Helper()
	a, err := Extract([]byte(page), "https://news.example/story", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, keep) {
		t.Errorf("%q lost: %q", keep, text)
	}
	if got := strings.Contains(text, other); got != otherKept {
		t.Errorf("%q kept: %v, want %v", other, got, otherKept)
	}
	return a
}

func TestFillBody(t *testing.T) {
	// The page shows the first paragraph; the JSON-LD holds all eight.
	page := bodyPage(8, func(int) bool { return true })
	start := strings.Index(page, "<p>Paragraph 1:")
	end := strings.Index(page, `<div class="box">`)
	page = page[:start] + page[end:]
	a, err := Extract([]byte(page), "https://news.example/bridge", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "Paragraph 7:") {
		t.Errorf("body not filled in: %q", text)
	}
	if strings.Count(text, "Paragraph 0:") != 1 {
		t.Errorf("the paragraph shown is not said once: %q", text)
	}
}

// TestFillBodyEmptyPage checks that a page that shows no text at all,
// its story left to scripts, still gets the story its JSON-LD holds.
func TestFillBodyEmptyPage(t *testing.T) {
	page := bodyPage(8, func(int) bool { return true })
	start := strings.Index(page, "<body>")
	page = page[:start] + "<body><div id=\"app\"></div></body></html>"
	a, err := Extract([]byte(page), "https://news.example/bridge", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if !strings.Contains(text, "Paragraph 0:") || !strings.Contains(text, "Paragraph 7:") || a.NotArticle != "" {
		t.Errorf("body not filled in (not an article: %q): %q", a.NotArticle, text)
	}
}

func TestStripTags(t *testing.T) {
	cases := [][2]string{
		{"plain text, a < b", "plain text, a < b"},
		{"<p>One.</p><p>Two.</p>", "\nOne.\n\nTwo.\n"},
		{"a line<br>another<br/>end <b", "a line\nanother\nend <b"},
	}
	for _, c := range cases {
		if got := stripTags(c[0]); got != c[1] {
			t.Errorf("stripTags(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestEndAtBodyMiddle(t *testing.T) {
	// The box stands between the story's paragraphs, the articleBody
	// holding them all: it is dropped; a subheading there is not.
	page := bodyPage(8, func(int) bool { return true })
	box := page[strings.Index(page, `<div class="box">`):strings.Index(page, "</article>")]
	page = strings.Replace(page, box, "", 1)
	page = strings.Replace(page, "<p>Paragraph 4:", box+"<h2>A subheading of the story</h2><p>Paragraph 4:", 1)
	a := checkKept(t, page, "Paragraph 7:", "far more than the old ferry", false)
	if !strings.Contains(a.Text(), "A subheading of the story") {
		t.Errorf("subheading dropped: %q", a.Text())
	}
}

func TestEndAtBodySummaryAbove(t *testing.T) {
	// A summary in bullets above the story, which the articleBody lacks,
	// is dropped; a standfirst there, which it lacks too, is not.
	page := bodyPage(8, func(int) bool { return true })
	page = strings.Replace(page, "<p>Paragraph 0:",
		`<p>Ministers agreed on Monday that the town should keep its old ferry running until the new bridge opens.</p>`+
			`<ul><li>The council approved the bridge after a debate of more than ten years.</li>`+
			`<li>Works are to begin next spring if the region agrees to pay its share.</li></ul><p>Paragraph 0:`, 1)
	a := checkKept(t, page, "Paragraph 7:", "if the region agrees to pay its share.", false)
	if !strings.Contains(a.Text(), "keep its old ferry running") {
		t.Errorf("standfirst dropped: %q", a.Text())
	}
}

// TestListGoesOn checks that a list whose first items the article kept
// keeps its wholly linked items after them, and that a list of links
// after one kept item stays cut.
func TestListGoesOn(t *testing.T) {
	intro := `<html><head><title>Morning links</title></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><article><h1>Morning links</h1>` +
		`<p>On this day in 1863 the Red Cross was founded, and the storm is on its way up the coast, so please be careful out there today.</p>`
	commented := `<li><a href="https://a.example/dogs">Dog policy raises protest</a> – It is sad that some dog lovers still support this surgery.</li>` +
		`<li><a href="https://b.example/germs">Calling all germs</a> – Do you really want to know how dirty your phone is right now?</li>`
	linked := `<li><a href="https://c.example/director">Acclaimed director opens up about her long journey</a></li>` +
		`<li><a href="https://d.example/cereal">A cereal is big at Halloween with kids and resellers</a></li>`
	end := `</article><footer><a href="/privacy">Privacy</a></footer></body></html>`
	checkKept(t, intro+"<ul>"+commented+linked+"</ul>"+end, "how dirty your phone", "big at Halloween with kids", true)
	// One commented item does not make a list of links the article's.
	one := `<li><a href="https://a.example/dogs">Dog policy raises protest</a> – It is sad that some dog lovers still support this surgery.</li>`
	checkKept(t, intro+"<ul>"+one+linked+"</ul>"+end, "dog lovers", "big at Halloween with kids", false)
	// A sentence that introduces the list makes it the article's; a
	// box's label does not.
	said := `<p>We are delighted to publish the whole collection, and the two pieces in this issue of the journal are:</p>`
	checkKept(t, intro+said+"<ul>"+linked+"</ul>"+end, "pieces in this issue", "big at Halloween with kids", true)
	checkKept(t, intro+"<p>You might like:</p><ul>"+linked+"</ul>"+end, "Red Cross", "big at Halloween with kids", false)
	// A list nested in an item does not hide the sentence above the list.
	nested := `<li><a href="https://c.example/director">Acclaimed director opens up about her long journey</a>` +
		`<ul><li><a href="https://e.example/interview">The whole interview with the director, in two parts</a></li></ul></li>` +
		`<li><a href="https://d.example/cereal">A cereal is big at Halloween with kids and resellers</a></li>`
	checkKept(t, intro+said+"<ul>"+nested+"</ul>"+end, "pieces in this issue", "big at Halloween with kids", true)
}

func TestSelfPortrait(t *testing.T) {
	names := []string{"Ulrich Exner", "Jane Doe"}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Korrespondent Ulrich Exner ist bei WELT für landespolitische Themen zuständig.", true},
		{"Jane Doe is a reporter covering free speech. Follow her on social media.", true},
		{"Jane Doe covers the city council for the paper.", true},
		{"Jane Doe er journalist i avisen og skriver om politikk.", true},
		{"Jane Doe je redaktorka domácí rubriky.", true},
		// The story may name its author in passing, not as its subject.
		{"The mayor told Jane Doe that the bridge would open in spring.", false},
		{"Speaking to reporters, the minister, who met Jane Doe at the summit, is said to agree.", false},
		{"Hans-Jane Doe is another person, whose name holds the author's.", false},
		{"DeJane Doe is another person too.", false},
		{"Jane Doe on the lessons of the trial:", false},
	} {
		if got := selfPortrait(tc.text, names); got != tc.want {
			t.Errorf("selfPortrait(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	// An organisation's name, or one word, opens its own standard lines.
	a := &Article{Meta: metadata.Metadata{Authors: []string{"Associated Press", "Reuters"}}, Blocks: []Block{
		{Text: "The town council approved the new bridge on Tuesday night.", Keep: true},
		{Text: "Associated Press was unable to verify the video independently.", Keep: true},
		{Text: "Reuters is a news agency that reported the story first.", Keep: true},
	}}
	dropSelfPortraits(a)
	for _, b := range a.Blocks {
		if !b.Keep {
			t.Errorf("%q dropped as an author box", b.Text)
		}
	}
}

// TestNoteWithHiddenStory checks that a post which shows a line of its
// story and hides the rest, which its JSON-LD gives, gets the story and
// not its headline in the text.
func TestNoteWithHiddenStory(t *testing.T) {
	page := bodyPage(8, func(int) bool { return true })
	start := strings.Index(page, "<p>Paragraph 0:")
	end := strings.Index(page, "</article>")
	page = page[:start] + `<p>The council approved the new bridge on Tuesday.</p><div class="paywall"><a href="/subscribe">Subscribe</a></div>` + page[end:]
	a, err := Extract([]byte(page), "https://news.example/bridge", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	if kept := a.Blocks[slices.IndexFunc(a.Blocks, func(b Block) bool { return b.Text == "River bridge approved" })]; kept.Keep {
		t.Errorf("the headline is kept as the text of a note")
	}
	if strings.HasPrefix(text, "River bridge approved") || !strings.Contains(text, "Paragraph 7:") {
		t.Errorf("text %q, want the story from the JSON-LD without the headline", text)
	}
}

// TestLinkedNames checks that a run of paragraphs listing names each
// linked to its own page, under labels, is kept among the article's
// paragraphs and after them, and that a lone line of links under a label,
// a tag line, a byline, pages, a sentence of links, a linked headline and
// a tweet's links stay cut.
func TestLinkedNames(t *testing.T) {
	head := `<html><head><title>Quake shakes the coast</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Quake shakes the coast</h1>` +
		`<p>A strong earthquake shook the southern coast on Monday night, the weather agency said, and no tsunami warning was issued for the region.</p>`
	body := `<p>The agency said the quake was felt across the region, where trains were stopped for an hour while the tracks were checked.</p>`
	end := `</article><footer><a href="/privacy">Privacy</a></footer></body></html>`
	town := func(n string) string { return `<a href="/topics/` + n + `">` + n + `</a>` }
	names := `<p>Miyazaki: ` + town("Takanabe") + `, ` + town("Shintomi") + `, ` + town("Kushima") + `</p>` +
		`<p>Intensity 4</p><p>Kagoshima: ` + town("Kirishima") + `, ` + town("Kanoya") + `</p>`
	checkKept(t, head+names+body+end, "trains were stopped", "Miyazaki: Takanabe, Shintomi, Kushima", true)
	checkKept(t, head+names+body+end, "trains were stopped", "Kagoshima: Kirishima, Kanoya", true)
	// After the last paragraph, in the same parent, too.
	checkKept(t, head+body+names+end, "trains were stopped", "Kagoshima: Kirishima, Kanoya", true)
	// In a script written without spaces.
	kanji := `<p>宮崎県：<a href="/topics/1">高鍋町</a>、<a href="/topics/2">新富町</a>、<a href="/topics/3">宮崎市</a></p>` +
		`<p>佐賀県：<a href="/topics/4">神埼市</a>、<a href="/topics/5">白石町</a></p>`
	checkKept(t, head+kanji+body+end, "trains were stopped", "宮崎県：高鍋町、新富町、宮崎市", true)
	for _, c := range []struct{ page, text string }{
		// One line alone is more often chrome than a list of names.
		{`<p>Miyazaki: ` + town("Takanabe") + `, ` + town("Shintomi") + `, ` + town("Kushima") + `</p>`, "Miyazaki: Takanabe"},
		{`<p>Listen here: <a href="/s">Spotify</a>, <a href="/a">Apple Podcasts</a>, <a href="/d">Deezer</a></p>`, "Listen here: Spotify"},
		{`<p>Pages: <a href="/1">1</a> <a href="/2">2</a> <a href="/3">3</a></p>`, "Pages: 1 2 3"},
		// Labels of chrome, in a run or not.
		{`<p>Categories: ` + town("Politics") + `, ` + town("Economy") + `</p><p>Tags: ` + town("earthquake") + `, ` + town("tsunami") + `</p>`, "Categories: Politics"},
		{`<p>Themen: ` + town("Erdbeben") + `, ` + town("Tsunami") + `</p><p>Schlagworte: ` + town("Küste") + `, ` + town("Beben") + `</p>`, "Themen: Erdbeben"},
		{`<p>记者：<a href="/a">王伟</a>、<a href="/b">李娜</a></p><p>来源：<a href="/c">新华社</a>、<a href="/d">人民网</a></p>`, "记者：王伟"},
		{`<p>By: ` + town("Jane Doe") + `, ` + town("John Roe") + `</p><p>Source: ` + town("Reuters") + `, ` + town("AP") + `</p>`, "By: Jane Doe"},
		// A sentence, headlines, and a URL's colon.
		{`<p>Hear it: <a href="/radio">on the radio</a> or <a href="/pod">as a podcast</a>.</p><p>Read it: <a href="/a">here</a> or <a href="/b">there</a>.</p>`, "Hear it: on the radio"},
		{`<p>More: <a href="/a">Why the coast keeps shaking, and what the experts say</a>, <a href="/b">A town rebuilds ten years after the last great wave</a></p>` +
			`<p>Also: <a href="/c">The agency that watches the faults day and night</a>, <a href="/d">How to pack a bag for the next great quake</a></p>`, "Why the coast keeps shaking, and"},
		{`<p>Three were replaced.<a href="https://t.co/x">https://t.co/x</a> <a href="/@a">@jess</a> <a href="/@b">@jpa</a></p>` +
			`<p>Two more.<a href="https://t.co/y">https://t.co/y</a> <a href="/@c">@kim</a> <a href="/@d">@lee</a></p>`, "Three were replaced.https"},
	} {
		checkKept(t, head+c.page+body+end, "trains were stopped", c.text, false)
	}
}
