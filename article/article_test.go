package article

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/metadata"
	"github.com/copydesk/copydesk/pubdate"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestGolden extracts every page in testdata/golden and compares the text
// with the .txt file beside it. The pages are written for these tests:
// a news article among the usual chrome, a legacy table layout in a
// legacy charset, a blog with a sidebar, a live blog, a page of links
// that is not an article and a short article below a longer sidebar.
func TestGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages: %v", err)
	}
	for _, path := range pages {
		name := strings.TrimSuffix(filepath.Base(path), ".html")
		t.Run(name, func(t *testing.T) {
			page, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(page, "https://news.example/"+name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := a.Text() + "\n"
			if a.NotArticle != "" {
				got = "not an article: " + a.NotArticle + "\n" + got
			}
			golden := strings.TrimSuffix(path, ".html") + ".txt"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Extract(%s):\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

func TestExtractDetails(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "golden", "news-chrome.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(page, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Council approves new bridge over the river" {
		t.Errorf("Title = %q", a.Title)
	}
	if !a.HasDate || a.Date.Published.Format("2006-01-02T15:04") != "2024-03-14T09:30" {
		t.Errorf("Date = %+v, %v", a.Date, a.HasDate)
	}
	if a.Lang != "en" || a.Charset != "utf-8" {
		t.Errorf("Lang, Charset = %q, %q", a.Lang, a.Charset)
	}
	kinds := map[string]Kind{}
	for _, p := range a.Paragraphs {
		kinds[p.Text] = p.Kind
	}
	if k, ok := kinds["Years of delay"]; !ok || k != Heading {
		t.Errorf("subheading: kind %v, kept %v", k, ok)
	}
	reasons := map[string]string{}
	for _, b := range a.Blocks {
		if !b.Keep {
			reasons[b.Text] = b.Reason
		}
	}
	for text, want := range map[string]string{
		"An artist's impression of the bridge. Photo: Valley Council":                  ReasonCaption,
		"About time too, I have been waiting for this bridge for years and years now.": ReasonComments,
	} {
		if reasons[text] != want {
			t.Errorf("%q dropped as %q, want %q", text, reasons[text], want)
		}
	}
	for _, b := range a.Blocks {
		if b.Keep == (b.Reason != "") {
			t.Errorf("block %q: Keep %v with reason %q", b.Text, b.Keep, b.Reason)
		}
	}
}

func TestExtractEdgeCases(t *testing.T) {
	tests := []struct {
		name, page string
		notArticle string
		text       string
	}{
		{"empty", "", NotArticleEmpty, ""},
		{"only markup", "<html><head><title>t</title></head><body><div></div></body></html>", NotArticleEmpty, ""},
		{"hidden text", `<body><div hidden><p>Secret words that nobody sees on the page at all, however long the text.</p></div></body>`, NotArticleEmpty, ""},
		{"unclosed paragraphs", "<body><article><p>The first paragraph of the story runs on for a while, as paragraphs do in the news.<p>The second paragraph follows it without the first one ever being closed by its author.</article>",
			"", "The first paragraph of the story runs on for a while, as paragraphs do in the news.\n\nThe second paragraph follows it without the first one ever being closed by its author."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.page), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.NotArticle != tt.notArticle || a.Text() != tt.text {
				t.Errorf("got %q, %q; want %q, %q", a.NotArticle, a.Text(), tt.notArticle, tt.text)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<div hidden><p>a<div><p>b</div></div>"))
	f.Add([]byte("<table><tr><td>a<td>b<tr><td>c</table><li>x<li>y"))
	f.Add([]byte(`<p>a<button>b<button>c</button><span class="sr-only">d<p>e<select><option>f</select><h2><button>g</h2><div role="tab"><p>h</div>`))
	// The shapes the rules of lists, notes, teasers and author boxes read.
	f.Add([]byte(`<title>Note</title><meta name="author" content="Jane Doe"><h1>Note</h1><p>One line, cut short by the engine [...]</p>` +
		`<p>We publish the two pieces of the issue here, and they are:</p><ul><li><a href="/a">A</a><ul><li><a href="/b">B</a></li></ul></li><li><a href="/c">C</a></li></ul>` +
		`<p>Jane Doe is a reporter.</p><div class="infobox"><p>Facts 12.5</p></div><h3>3 Responses to “Note”</h3><p>Jo says:</p><p>1 | 0:21 min</p><p>この記事は会員限定です。</p>`))
	// Linked names under a label, a lone card, a paragraph kept from
	// screen readers.
	f.Add([]byte(`<article><h1>Quake</h1><p>The quake was felt along the coast on Monday night, the agency said.</p>` +
		`<p>宮崎県：<a href="/1">高鍋町</a>、<a href="/2">新富町</a></p><p>Tags: <a href="/t">a</a>, <a href="/u">b</a></p>` +
		`<article class="card"><h3>Live: <a href="/live">The war</a></h3><div>Fighting goes on.</div></article>` +
		`<p aria-hidden="true">The rest of the story, under the paywall.</p></article>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := Extract(page, "", Options{})
		if err != nil {
			return
		}
		kept := 0
		for _, b := range a.Blocks {
			if b.Keep {
				kept++
			}
		}
		if kept != len(a.Paragraphs) {
			t.Fatalf("%d kept blocks, %d paragraphs", kept, len(a.Paragraphs))
		}
	})
}

// TestJSONLDShared checks that the metadata the extractor reads, with
// each JSON-LD script decoded once by the date finder and handed to the
// metadata reader, is the metadata the reader finds decoding every script
// itself, and the dates those the finder finds alone: for scripts the
// reader takes the value of and for those it decodes itself (a cut
// string, a trailing comma, two values, wrappers, a bare string).
func TestJSONLDShared(t *testing.T) {
	long := strings.Repeat("word ", 2000)
	scripts := []string{
		`{"@type":"NewsArticle","headline":"Rain again","datePublished":"2024-03-05T08:00:00Z","author":{"@type":"Person","name":"Ann Lee"},"publisher":{"@id":"#org"}}`,
		`<!-- {"@context":"https://schema.org","@graph":[{"@type":"Organization","@id":"#org","name":"The Daily"},{"@type":"WebPage","inLanguage":"en","name":"Page"}]} -->`,
		`[{"@type":"BlogPosting","headline":"Two","articleBody":"` + long + `","dateModified":"2024-03-06"}]`,
		`{"@type":"Article","headline":"Comma","author":["Bo Ek",],}`,
		`{"@type":"Article","headline":"First"} {"@type":"Person","name":"Second"}`,
		`"{\"headline\":\"string\"}"`,
		"{\"@type\":\"Report\",\n \"headline\": \"Spaced \\u00e9\",\n \"keywords\": [\"a\", \"b\"], \"description\": \"d\"}",
	}
	for i := range scripts {
		for j := range scripts {
			page := `<html><head><title>T</title><script type="application/ld+json">` + scripts[i] +
				`</script></head><body><h1>Heading</h1><script type="application/ld+json">` + scripts[j] +
				`</script><p>` + strings.Repeat("Some text of the article body. ", 20) + `</p></body></html>`
			a, err := Extract([]byte(page), "https://news.example/a", Options{})
			if err != nil {
				t.Fatal(err)
			}
			var meta metadata.Collector
			if _, err := (htmltext.Options{Observer: meta.Observer()}).Structure([]byte(page), ""); err != nil {
				t.Fatal(err)
			}
			if want := meta.Result("https://news.example/a"); !reflect.DeepEqual(a.Meta, want) {
				t.Errorf("scripts %d, %d: metadata\n%+v\nwant\n%+v", i, j, a.Meta, want)
			}
			dates := pubdate.NewFinder("https://news.example/a", Options{}.Dates)
			if _, err := (htmltext.Options{Observer: dates}).Structure([]byte(page), ""); err != nil {
				t.Fatal(err)
			}
			if want, ok := dates.Result(); ok != a.HasDate || !reflect.DeepEqual(a.Date, want) {
				t.Errorf("scripts %d, %d: date %+v, want %+v", i, j, a.Date, want)
			}
		}
	}
}
