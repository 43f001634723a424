package metadata

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/charset"
)

// collectAll feeds a Collector every token of page, as a caller that
// tokenizes the whole page does: the simple reference Extract is checked
// against.
func collectAll(page []byte, pageURL string) Metadata {
	page, _ = charset.Decode(page, "")
	var c Collector
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return c.Result(pageURL)
		case html.TextToken:
			c.Text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			c.StartTag(tok.DataAtom, tok.Attr)
			if tt == html.SelfClosingTagToken && !rawText(tok.DataAtom) {
				c.EndTag(tok.DataAtom)
			}
		case html.EndTagToken:
			tok := z.Token()
			c.EndTag(tok.DataAtom)
		}
	}
}

// page wraps head and body markup in a document.
func page(head, body string) string {
	return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>"
}

const testURL = "https://news.example.com/2024/05/01/story.html"

func TestFields(t *testing.T) {
	tests := []struct {
		name string
		html string
		want Metadata
	}{
		{
			name: "open graph",
			html: page(`<meta property="og:title" content="Rain falls on the plain">
				<meta property="og:site_name" content="Example News">
				<meta property="og:description" content="A wet day.">
				<meta property="og:locale" content="es_ES">
				<meta property="og:url" content="/2024/05/01/story.html">
				<meta property="og:image" content="https://cdn.example.com/rain.jpg">
				<meta property="og:type" content="article">
				<meta property="article:author" content="Jane Doe">
				<meta property="article:tag" content="weather">
				<meta property="article:tag" content="Spain">`, ""),
			want: Metadata{Title: "Rain falls on the plain", Authors: []string{"Jane Doe"}, SiteName: "Example News",
				Description: "A wet day.", Lang: "es", Canonical: "https://news.example.com/2024/05/01/story.html",
				Image: "https://cdn.example.com/rain.jpg", Type: "article", Keywords: []string{"weather", "Spain"}},
		},
		{
			name: "twitter cards",
			html: page(`<meta name="twitter:title" content="Rain falls">
				<meta name="twitter:description" content="Wet.">
				<meta name="twitter:image" content="//cdn.example.com/r.jpg">`, ""),
			want: Metadata{Title: "Rain falls", Description: "Wet.", Image: "https://cdn.example.com/r.jpg"},
		},
		{
			name: "plain meta and link tags",
			html: `<html lang="de-AT"><head><title>Regen fällt</title>
				<meta name="description" content="Nass.">
				<meta name="author" content="Von Erika Mustermann und Max Muster">
				<meta name="keywords" content="Wetter, Regen, wetter">
				<meta name="application-name" content="Beispiel">
				<link rel="canonical" href="https://news.example.com/a">
				<link rel="image_src" href="/img/a.jpg"></head><body></body></html>`,
			want: Metadata{Title: "Regen fällt", Authors: []string{"Erika Mustermann", "Max Muster"}, SiteName: "Beispiel",
				Description: "Nass.", Lang: "de", Canonical: "https://news.example.com/a",
				Image: "https://news.example.com/img/a.jpg", Keywords: []string{"Wetter", "Regen"}},
		},
		{
			name: "dublin core and parsely",
			html: page(`<meta name="DC.title" content="Rain report">
				<meta name="DC.creator" content="Jane Doe">
				<meta name="DC.description" content="Wet.">
				<meta name="DC.language" content="fr">
				<meta name="parsely-tags" content="rain,sky">`, ""),
			want: Metadata{Title: "Rain report", Authors: []string{"Jane Doe"}, Description: "Wet.", Lang: "fr",
				Keywords: []string{"rain", "sky"}},
		},
		{
			name: "parsely and sailthru authors",
			html: page(`<meta name="parsely-author" content="Jane Doe"><meta name="sailthru.author" content="John Roe">`, ""),
			want: Metadata{Authors: []string{"Jane Doe"}},
		},
		{
			name: "content language",
			html: page(`<meta http-equiv="Content-Language" content="pt-BR">`, ""),
			want: Metadata{Lang: "pt"},
		},
		{
			name: "json-ld article",
			html: page(`<script type="application/ld+json">{
				"@context": "https://schema.org", "@type": "NewsArticle",
				"headline": "Rain \u0026 wind", "description": "Wet and windy.",
				"inLanguage": "en-GB", "image": {"@type": "ImageObject", "url": "/img/w.jpg"},
				"keywords": ["rain", "wind"],
				"author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
				"publisher": {"@type": "Organization", "name": "Example News"}}</script>`, ""),
			want: Metadata{Title: "Rain & wind", Authors: []string{"Jane Doe", "John Roe"}, SiteName: "Example News",
				Description: "Wet and windy.", Lang: "en", Image: "https://news.example.com/img/w.jpg", Type: "NewsArticle",
				Keywords: []string{"rain", "wind"}},
		},
		{
			name: "json-ld graph with references",
			html: page(`<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
				{"@type": "WebSite", "@id": "#site", "name": "Example News"},
				{"@type": "WebPage", "@id": "#page", "name": "Rain - Example News"},
				{"@type": "Article", "headline": "Rain", "author": {"@id": "#jane"}, "isPartOf": {"@id": "#page"}},
				{"@type": "Person", "@id": "#jane", "name": "Jane Doe"}]}</script>`, ""),
			want: Metadata{Title: "Rain", Authors: []string{"Jane Doe"}, SiteName: "Example News", Type: "Article"},
		},
		{
			name: "json-ld author as a string, organization authors dropped",
			html: page(`<script type="application/ld+json">[{"@type": "BlogPosting", "headline": "Rain",
				"author": ["By Jane Doe", {"@type": "Organization", "name": "Example Corp"}]}]</script>`, ""),
			want: Metadata{Title: "Rain", Authors: []string{"Jane Doe"}, Type: "BlogPosting"},
		},
		{
			name: "itemprop author with name",
			html: page("", `<h1>Rain</h1><div itemprop="author" itemscope><span itemprop="name">Jane Doe</span>
				<span itemprop="jobTitle">Reporter</span></div>`),
			want: Metadata{Authors: []string{"Jane Doe"}},
		},
		{
			name: "itemprop author with content",
			html: page("", `<meta itemprop="author" content="Jane Doe"><h1>Rain</h1>`),
			want: Metadata{Authors: []string{"Jane Doe"}},
		},
		{
			name: "rel author",
			html: page("", `<h1>Rain</h1><p>By <a rel="author" href="/jane">Jane Doe</a></p>`),
			want: Metadata{Authors: []string{"Jane Doe"}},
		},
		{
			name: "link to the author's page",
			html: page("", `<h1>Rain</h1><div class="meta"><a href="https://www.example.com/author/jane-doe/">Jane Doe</a> <time>May 1</time></div>
				<p>Read more from <a href="/news/rain">our rain coverage</a>.</p>`),
			want: Metadata{Authors: []string{"Jane Doe"}},
		},
		{
			name: "byline class",
			html: page("", `<h1>Rain</h1><div class="article-byline">By <a href="/jd">Jane Doe</a> and
				<a href="/jr">John Roe</a> <time>May 1, 2024 10:00</time></div>`),
			want: Metadata{Authors: []string{"Jane Doe", "John Roe"}},
		},
		{
			name: "bylines in comments and long author boxes are not read",
			html: page("", `<h1>Rain</h1><section id="comments"><span class="author">Troll Face</span></section>
				<div class="author">`+strings.Repeat("A biography that goes on. ", 20)+`</div>`),
			want: Metadata{},
		},
		{
			name: "svg title is not the page's",
			html: page("", `<svg><title>Logo</title></svg>`),
			want: Metadata{},
		},
		{
			name: "entities escaped twice",
			html: page(`<meta property="og:title" content="Rock &amp;amp; roll &amp;#8211; live">`, ""),
			want: Metadata{Title: "Rock & roll – live"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract([]byte(tt.html), testURL, "")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if ref := collectAll([]byte(tt.html), testURL); !reflect.DeepEqual(ref, got) {
				t.Errorf("Extract %+v\ndiffers from a Collector fed every token %+v", got, ref)
			}
		})
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		html  string
		field string
		want  any
	}{
		{"description meta before og", page(`<meta property="og:description" content="og">
			<meta name="description" content="plain">`, ""), "Description", "plain"},
		{"og description before json-ld", page(`<script type="application/ld+json">{"@type":"Article","description":"ld"}</script>
			<meta property="og:description" content="og">`, ""), "Description", "og"},
		{"empty description falls through", page(`<meta name="description" content="  ">
			<meta name="twitter:description" content="tw">`, ""), "Description", "tw"},
		{"json-ld author before meta", page(`<meta name="author" content="Meta Name">
			<script type="application/ld+json">{"@type":"Article","author":{"@type":"Person","name":"Ld Name"}}</script>`, ""),
			"Authors", []string{"Ld Name"}},
		{"meta author before body", page(`<meta name="author" content="Meta Name">`, `<span class="byline">By Body Name</span>`),
			"Authors", []string{"Meta Name"}},
		{"author meta order", page(`<meta name="byl" content="By Byl Name"><meta name="author" content="Plain Name">`, ""),
			"Authors", []string{"Plain Name"}},
		{"url author falls through", page(`<meta property="article:author" content="https://facebook.com/jane">
			<meta name="parsely-author" content="Jane Doe">`, ""), "Authors", []string{"Jane Doe"}},
		{"itemprop before rel before class", page("", `<h1>T</h1><span class="byline">By Class Name</span>
			<a rel="author" href="/r">Rel Name</a><span itemprop="author">Item Name</span>`), "Authors", []string{"Item Name"}},
		{"class before a link to an author's page", page("", `<h1>T</h1><a href="/autor/href-name">Href Name</a>
			<span class="byline">By Class Name</span>`), "Authors", []string{"Class Name"}},
		{"a link to the reader's own profile names no author", page("", `<h1>T</h1><a href="/profile/settings">My Profile</a>`),
			"Authors", []string(nil)},
		{"a byline class on a link to an author's page, whatever the attribute order", page("", `<h1>T</h1><div><a href="/author/john-roe">John Roe</a></div>
			<a href="/author/jane-doe" class="byline">Jane Doe</a>`), "Authors", []string{"Jane Doe"}},
		{"links to authors' pages leave room for the byline below them", page("", `<h1>T</h1><ul>`+
			strings.Repeat(`<li><a href="/author/anna-alpha">Anna Alpha</a></li>`, 9)+`</ul><span class="byline">By Jane Doe</span>`),
			"Authors", []string{"Jane Doe"}},
		{"a link to an author's page around the picture, then around the name", page("", `<h1>T</h1><a href="/author/jane-doe"><img src="/j.jpg" alt=""></a>
			By <a href="/author/jane-doe">Jane Doe</a>`), "Authors", []string{"Jane Doe"}},
		{"author pages in capitals", page("", `<h1>T</h1><a href="/AUTHOR/jane-doe">Jane Doe</a>`), "Authors", []string{"Jane Doe"}},
		{"first link to an author's page only", page("", `<h1>T</h1><a href="/profile/jane-doe-1910837">Jane Doe</a>
			<ul><li><a href="/profile/john-roe">John Roe</a></li></ul>`), "Authors", []string{"Jane Doe"}},
		{"html lang before og locale", `<html lang="EN-us"><head><meta property="og:locale" content="de_DE"></head></html>`,
			"Lang", "en"},
		{"bad html lang falls through", `<html lang="english"><head><meta property="og:locale" content="de_DE"></head></html>`,
			"Lang", "de"},
		{"link canonical before og url", page(`<meta property="og:url" content="https://a.example/og">
			<link rel="canonical" href="https://a.example/link">`, ""), "Canonical", "https://a.example/link"},
		{"og image before twitter and json-ld", page(`<meta name="twitter:image" content="https://a.example/tw.jpg">
			<script type="application/ld+json">{"@type":"Article","image":"https://a.example/ld.jpg"}</script>
			<meta property="og:image" content="https://a.example/og.jpg">`, ""), "Image", "https://a.example/og.jpg"},
		{"og type before json-ld type", page(`<meta property="og:type" content="article">
			<script type="application/ld+json">{"@type":"NewsArticle"}</script>`, ""), "Type", "article"},
		{"article before web page in json-ld", page(`<script type="application/ld+json">[
			{"@type":"WebPage","name":"Page name","description":"page"},
			{"@type":"ReportageNewsArticle","headline":"Story","description":"story"}]</script>`, ""), "Description", "story"},
		{"og site name before json-ld publisher", page(`<meta property="og:site_name" content="OG Site">
			<script type="application/ld+json">{"@type":"Article","publisher":{"name":"LD Site"}}</script>`, ""),
			"SiteName", "OG Site"},
		{"site name that is the headline is skipped", page(`<title>Big news today</title>
			<meta name="application-name" content="Big news today"><meta name="DC.publisher" content="Example Press">`,
			`<h1>Big news today</h1>`), "SiteName", "Example Press"},
		{"site name from the title's host part", page(`<title>Rain falls again | Example News</title>`, ""),
			"SiteName", "Example News"},
		{"keywords: tags, json-ld, then metas, deduplicated", page(`<meta name="keywords" content="c, A">
			<script type="application/ld+json">{"@type":"Article","keywords":"b, a"}</script>
			<meta property="article:tag" content="a">`, ""), "Keywords", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Extract([]byte(tt.html), testURL, "")
			got := reflect.ValueOf(m).FieldByName(tt.field).Interface()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.want)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, head, body, want string
	}{
		{"suffix naming the site", `<title>Rain falls | Example News</title><meta property="og:site_name" content="Example News">`,
			"", "Rain falls"},
		{"prefix naming the site", `<title>Example News - Rain falls</title><meta property="og:site_name" content="Example News">`,
			"", "Rain falls"},
		{"suffix naming the host", `<title>Rain falls on the plain — news.example.com</title>`, "", "Rain falls on the plain"},
		{"part that is the h1", `<title>Rain falls: Spain | Weather desk</title>`, "<h1>Rain falls: Spain</h1>", "Rain falls: Spain"},
		{"longer side", `<title>Rain falls on the plain in Spain – Daily Bugle</title>`, "", "Rain falls on the plain in Spain"},
		{"short title kept", `<title>Mozilla - Wikipedia</title>`, "", "Mozilla - Wikipedia"},
		{"colon kept without evidence", `<title>This is a long title with a colon: Hello there</title>`,
			"<h1>This is a long title with a colon: something else</h1>", "This is a long title with a colon: Hello there"},
		{"og title agreeing with h1", `<title>Rain | Example</title><meta property="og:title" content="Rain falls, again">`,
			"<h1>Rain falls, again</h1>", "Rain falls, again"},
		{"og title stripped of its site", `<meta property="og:title" content="Rain falls · Example News">
			<meta property="og:site_name" content="Example News">`, "", "Rain falls"},
		{"og title over a differing title", `<title>Weather | Example</title><meta property="og:title" content="Rain falls">`,
			"<h1>Something else</h1>", "Rain falls"},
		{"h1 holding the logo", `<title>Standalone binaries using Emscripten · V8</title>`, "<h1>V8</h1>",
			"Standalone binaries using Emscripten"},
		{"og title agreeing with the title, h1 is the site", `<title>EMACSPEAK: Meta-Programming In Emacs</title>
			<meta property="og:title" content="Meta-Programming In Emacs">`, "<h1>EMACSPEAK</h1>", "Meta-Programming In Emacs"},
		{"company part", `<title>Kinder und Arbeit - Beispiel Verband e.V.</title>`, "", "Kinder und Arbeit"},
		{"dangling separator", `<title>Rain falls ::</title>`, "", "Rain falls"},
		{"full-width bar, no spaces", `<title>大雨が続く見通し｜Example News</title><meta property="og:site_name" content="Example News">`,
			"", "大雨が続く見通し"},
		{"slash before the site", `<title>Rain falls on the plain / Example News</title><meta property="og:site_name" content="Example News">`,
			"", "Rain falls on the plain"},
		{"section suffix cut from the og title as from the title", `<title>Rain falls on the plain again | Weather - Example News</title>
			<meta property="og:title" content="Rain falls on the plain again | Weather - Example News"><meta property="og:site_name" content="Example News">`,
			"", "Rain falls on the plain again"},
		{"longer h1 rewording the og title", `<title>Storm floods old harbour | Example</title>
			<meta property="og:title" content="Storm floods old harbour">`,
			"<h1>Storm floods the old harbour and cuts the town off for two days</h1>",
			"Storm floods the old harbour and cuts the town off for two days"},
		{"shorter h1 rewording the og title", `<meta property="og:title" content="Storm floods the old harbour and cuts the town off">`,
			"<h1>Storm floods harbour town</h1>", "Storm floods the old harbour and cuts the town off"},
		{"longer og title given as often as the h1", `<title>Common mistakes in the garden | Example</title>
			<meta property="og:title" content="The five most common garden mistakes and how to avoid them">
			<meta name="twitter:title" content="The five most common garden mistakes and how to avoid them">`,
			"<h1>Common mistakes in the garden</h1>", "The five most common garden mistakes and how to avoid them"},
		{"longer og title given less often than the h1", `<title>Common mistakes in the garden | Example</title>
			<meta property="og:title" content="The five most common garden mistakes and how to avoid them">`,
			"<h1>Common mistakes in the garden</h1>", "Common mistakes in the garden"},
		{"longer h1 under the same label", `<meta property="og:title" content="Harbour works: council approves the plan">`,
			"<h1>Harbour works: residents say the council approves the plan too fast</h1>", "Harbour works: council approves the plan"},
		{"Cyrillic, dash", `<title>Дождь будет идти весь день — Пример Новости</title>
			<meta property="og:site_name" content="Пример Новости">`, "", "Дождь будет идти весь день"},
		{"Cyrillic, site before a colon", `<title>Пример Новости: Дождь будет идти весь день</title>
			<meta property="og:site_name" content="Пример Новости">`, "", "Дождь будет идти весь день"},
		{"Greek, bar", `<title>Βροχή όλη την ημέρα | Παράδειγμα</title><meta property="og:site_name" content="Παράδειγμα">`,
			"", "Βροχή όλη την ημέρα"},
		{"Arabic, hyphen", `<title>أمطار غزيرة في العاصمة - أخبار المثال</title><meta property="og:site_name" content="أخبار المثال">`,
			"", "أمطار غزيرة في العاصمة"},
		{"Hebrew, hyphen", `<title>גשם כל היום בבירה - חדשות לדוגמה</title><meta property="og:site_name" content="חדשות לדוגמה">`,
			"", "גשם כל היום בבירה"},
		{"Devanagari, bar", `<title>राजधानी में दिन भर बारिश | उदाहरण समाचार</title><meta property="og:site_name" content="उदाहरण समाचार">`,
			"", "राजधानी में दिन भर बारिश"},
		{"Thai, hyphen", `<title>ฝนตกทั้งวันในเมืองหลวง - ข่าวตัวอย่าง</title><meta property="og:site_name" content="ข่าวตัวอย่าง">`,
			"", "ฝนตกทั้งวันในเมืองหลวง"},
		{"Hangul, bar", `<title>수도에 하루 종일 비 | 예시뉴스</title><meta property="og:site_name" content="예시뉴스">`,
			"", "수도에 하루 종일 비"},
		{"full-width bar before the headline", `<title>例新聞｜首都で終日雨の見通し</title><meta property="og:site_name" content="例新聞">`,
			"", "首都で終日雨の見通し"},
		{"full-width colon before the site", `<title>首都で終日雨の見通し：例新聞</title><meta property="og:site_name" content="例新聞">`,
			"", "首都で終日雨の見通し"},
		{"full-width colon kept in a headline", `<title>首都で終日雨：交通に影響</title>`, "", "首都で終日雨：交通に影響"},
		{"left guillemet before the site", `<title>Rain falls all day « Example News</title>`, "", "Rain falls all day"},
		{"single guillemet before the site", `<title>Rain falls all day › Example News</title>`, "", "Rain falls all day"},
		{"site and section before the headline", `<title>Example News » Weather » Rain falls all day in the capital</title>`,
			"", "Rain falls all day in the capital"},
		{"site in capitals", `<title>Rain falls all day in the capital — EXAMPLE NEWS</title>`, "", "Rain falls all day in the capital"},
		{"white space collapsed", "<title>\n  Rain\t\tfalls \n</title>", "", "Rain falls"},
		{"no title", "", "<h1>Only a heading</h1>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Extract([]byte(page(tt.head, tt.body)), "https://news.example.com/x", "").Title; got != tt.want {
				t.Errorf("Title = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanNames(t *testing.T) {
	site := newSiteNamer("Example News", hostNames("https://www.example.com/a"))
	tests := []struct {
		in     string
		strict bool
		want   []string
	}{
		{"By Jane Doe and John Roe", false, []string{"Jane Doe", "John Roe"}},
		{"BY JANE DOE & JOHN ROE", false, []string{"JANE DOE", "JOHN ROE"}},
		{"Von Erika Mustermann und Max Muster", false, []string{"Erika Mustermann", "Max Muster"}},
		{"Par Jean Dupont et Marie Curie", false, []string{"Jean Dupont", "Marie Curie"}},
		{"Por Juan Pérez y Ana Gómez", false, []string{"Juan Pérez", "Ana Gómez"}},
		{"Di Mario Rossi", false, []string{"Mario Rossi"}},
		{"Di Maio", false, []string{"Di Maio"}},
		{"Jane Doe, John Roe; Max Muster", false, []string{"Jane Doe", "John Roe", "Max Muster"}},
		{"jane doe, Jane Doe", false, []string{"jane doe"}},
		{"Jane Doe (jane@example.com)", false, []string{"Jane Doe"}},
		{"jane@example.com", false, nil},
		{"@janedoe", false, nil},
		{"https://example.com/authors/jane-doe", false, nil},
		{"www.example.com", false, nil},
		{"example.com", false, nil},
		{"March 3, 2020", false, nil},
		{"Jane Doe | 2020-03-03", false, []string{"Jane Doe"}},
		{"Staff", false, nil},
		{"Staff Writer", false, nil},
		{"By Jane Doe, Local Democracy Reporter", false, []string{"Jane Doe"}},
		{"Jane Doe, Chief Political Correspondent", true, []string{"Jane Doe"}},
		{"TVT-Redaktion", false, nil},
		{"Example News", false, nil},
		{"Example", false, nil},
		{"Example Media GmbH, Berlin, Germany", false, nil},
		{"Example News, Berlin, Germany", false, nil},
		{"© 2024 Jane Doe", false, nil},
		{"One two three four five six seven", false, nil},
		{"Interview: Jane Doe", false, []string{"Jane Doe"}},
		{"Written by Jane Doe\nEdited by John Roe", true, []string{"Jane Doe"}},
		{"Jane Doe\n1 day ago", true, []string{"Jane Doe"}},
		{"Published by\nJane Doe", true, []string{"Jane Doe"}},
		{"jane", false, []string{"jane"}},
		{"jane", true, []string{"jane"}},
		{"Updated 3 hours ago", true, nil},
		{"posted in News", true, nil},
		{"Jane Doe2", true, nil},
		{"S.", true, nil},
		{"Autoren & Herausgeber", true, nil},
		{"A / B / C / D / E / F / G", true, nil},
		{"Jane Doe, PhD", false, []string{"Jane Doe"}},
		{"AFP", false, []string{"AFP"}},
		{"Erika Mustermann und Max Muster, dpa", false, []string{"Erika Mustermann", "Max Muster", "dpa"}},
		{"AFP Staff", false, nil},
		{"Erika Mustermann (emu), Max Muster (mmu.)", false, []string{"Erika Mustermann", "Max Muster"}},
		{"Kari Nordmann og Ola Nordmann-Dahl", false, []string{"Kari Nordmann", "Ola Nordmann-Dahl"}},
		{"Anna Rossi e Marco Bianchi", false, []string{"Anna Rossi", "Marco Bianchi"}},
		{"by jane doe", false, []string{"jane doe"}},
		{"Jane Doe and John Roe, Staff Writers", false, []string{"Jane Doe", "John Roe"}},
		{"by jane doe and john roe, staff writers", true, []string{"jane doe", "john roe"}},
		{"by JANE DOE", true, []string{"JANE DOE"}},
		{"Jane Doe and John Roe, Associated Press Writers", true, []string{"Jane Doe", "John Roe"}},
		{"von Max Muster und Erika Mustermann, Redakteure", false, []string{"Max Muster", "Erika Mustermann"}},
		{"Jane Doe and John Roe Staff Writers", false, []string{"Jane Doe", "John Roe"}},
		{"Jane Doe Senior Political Reporter", true, []string{"Jane Doe"}},
		{"Jane Doe - Political Editor", false, []string{"Jane Doe"}},
		{"Anne-Marie Doe – Reporter", false, []string{"Anne-Marie Doe"}},
		{"Von Max Muster, Korrespondent in Paris", false, []string{"Max Muster"}},
		{"By My Nguyen", true, []string{"My Nguyen"}},
		{"Sign in", true, nil},
		{"SIGN IN", true, nil},
		{"Mein Konto", true, nil},
		{"Gillman, Steve", false, []string{"Steve Gillman"}},
		{"O'Brien, Anne-Marie", false, []string{"Anne-Marie O'Brien"}},
		{"Gillman, Steve", true, []string{"Gillman", "Steve"}}, // a byline in the body is not a catalogue's
		{"Reuters, Bloomberg", false, []string{"Reuters", "Bloomberg"}},
		{"Jane Doe, John Roe", false, []string{"Jane Doe", "John Roe"}},
		{"AFP, Reuters", false, []string{"AFP", "Reuters"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := cleanNames(tt.in, site, tt.strict, nil); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cleanNames(%q, strict %v) = %q, want %q", tt.in, tt.strict, got, tt.want)
			}
		})
	}
}

func TestMaxAuthors(t *testing.T) {
	var names []string
	for i := range 20 {
		names = append(names, "Person "+string(rune('A'+i))+"son")
	}
	m := Extract([]byte(page(`<meta name="author" content="`+strings.Join(names, ", ")+`">`, "")), "", "")
	if len(m.Authors) != MaxAuthors {
		t.Errorf("%d authors, want %d", len(m.Authors), MaxAuthors)
	}
}

func TestURLs(t *testing.T) {
	tests := []struct {
		name, pageURL, head string
		canonical, image    string
	}{
		{"relative to the page", "https://a.example/news/x.html",
			`<link rel="canonical" href="y.html"><meta property="og:image" content="/i.jpg">`,
			"https://a.example/news/y.html", "https://a.example/i.jpg"},
		{"relative to base", "https://a.example/news/x.html",
			`<base href="https://cdn.example/root/"><link rel="canonical" href="y.html"><meta property="og:image" content="i.jpg">`,
			"https://cdn.example/root/y.html", "https://cdn.example/root/i.jpg"},
		{"relative base", "https://a.example/news/x.html",
			`<base href="/other/"><link rel="canonical" href="y.html">`, "https://a.example/other/y.html", ""},
		{"protocol-relative", "http://a.example/x", `<meta property="og:image" content="//cdn.example/i.jpg">`,
			"", "http://cdn.example/i.jpg"},
		{"no page URL: absolute only", "", `<link rel="canonical" href="/y.html"><meta property="og:image" content="https://c.example/i.jpg">`,
			"", "https://c.example/i.jpg"},
		{"no page URL, absolute base", "", `<base href="https://b.example/"><link rel="canonical" href="y.html">`,
			"https://b.example/y.html", ""},
		{"other schemes dropped", "https://a.example/", `<link rel="canonical" href="javascript:alert(1)">
			<meta property="og:image" content="data:image/png;base64,AAAA">`, "", ""},
		{"entities and spaces", "https://a.example/", `<link rel="canonical" href=" https://a.example/a?b=1&amp;c=2 ">`,
			"https://a.example/a?b=1&c=2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Extract([]byte(page(tt.head, "")), tt.pageURL, "")
			if m.Canonical != tt.canonical || m.Image != tt.image {
				t.Errorf("Canonical %q Image %q, want %q %q", m.Canonical, m.Image, tt.canonical, tt.image)
			}
		})
	}
}

func TestNewsroomAuthor(t *testing.T) {
	ld := func(author string) string {
		return `<script type="application/ld+json">{"@type":"NewsArticle","headline":"A","author":` + author + `}</script>`
	}
	tests := []struct {
		name, head, body string
		want             []string
	}{
		{"news organization", ld(`{"@type":"NewsMediaOrganization","name":"Example News"}`), "", []string{"Example News"}},
		{"news organization in a list", ld(`[{"@type":"NewsMediaOrganization","name":"Example News"}]`), "",
			[]string{"Example News"}},
		{"other organization", ld(`{"@type":"Organization","name":"Example Media"}`), "", nil},
		{"newsroom label", ld(`{"@type":"Person","name":"Metro Staff"}`), "", []string{"Metro Staff"}},
		{"newsroom label before a meta person", ld(`{"@type":"Person","name":"Metro Staff"}`) +
			`<meta name="author" content="Jane Doe">`, "", []string{"Metro Staff"}},
		{"person first", ld(`[{"@type":"NewsMediaOrganization","name":"Example News"},{"@type":"Person","name":"Jane Doe"}]`),
			"", []string{"Jane Doe"}},
		{"meta person first", ld(`{"@type":"NewsMediaOrganization","name":"Example News"}`) +
			`<meta name="author" content="Jane Doe">`, "", []string{"Jane Doe"}},
		{"before a body byline", ld(`{"@type":"NewsMediaOrganization","name":"Redaktion Example"}`),
			`<div class="byline">Video: John Roe</div>`, []string{"Redaktion Example"}},
		{"site and address in the author meta", ld(`{"@type":"NewsMediaOrganization","name":"Redaktion Example"}`) +
			`<meta property="og:site_name" content="Example News"><meta name="author" content="Example News, Berlin, Germany">`,
			"", []string{"Redaktion Example"}},
		{"author meta naming the organization", ld(`{"@type":"Organization","name":"Example TV"}`) +
			`<meta name="author" content="Example TV">`, `<div class="byline">By Jane Doe</div>`, []string{"Jane Doe"}},
		{"not a name", ld(`{"@type":"NewsMediaOrganization","name":"https://news.example.com/"}`), "", nil},
		{"author meta naming the copyright holder", `<meta name="copyright" content="Copyright (c) Example Media 2022">` +
			`<meta name="author" content="Example Media">`, `<p class="byline">By <a href="/staff/jane-doe/">Jane Doe</a></p>`, []string{"Jane Doe"}},
		{"author meta naming someone else than the copyright holder", `<meta name="copyright" content="© Example Media">` +
			`<meta name="author" content="Jane Doe">`, "", []string{"Jane Doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Extract([]byte(page(tt.head, tt.body)), testURL, "").Authors; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Authors = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONLD(t *testing.T) {
	tests := []struct {
		name, script, want string // want: the headline
	}{
		{"trailing commas", `{"@type":"Article","headline":"A",}`, "A"},
		{"raw newlines in strings", "{\"@type\":\"Article\",\"headline\":\"A\nB\"}", "A B"},
		{"html comment wrapper", `<!-- {"@type":"Article","headline":"A"} -->`, "A"},
		{"cdata wrapper", `//<![CDATA[
			{"@type":"Article","headline":"A"}
			//]]>`, "A"},
		{"two objects", `{"@type":"WebSite","name":"S"}{"@type":"Article","headline":"A"}`, "A"},
		{"truncated", `{"@type":"Article","headline":"A","author":{"name":"J`, "A"},
		{"broken after the headline", `{"@type":"Article","headline":"A","x": nope}`, "A"},
		{"not json", `window.x = 1;`, ""},
		{"escapes", `{"@type":"Article","headline":"\u00c9t\u00e9 \"chaud\" \ud83d\ude00"}`, "Été \"chaud\" 😀"},
		{"html entities in strings", `{"@type":"Article","headline":"Rock &amp; roll &#8211; live"}`, "Rock & roll – live"},
		{"type list", `{"@type":["Thing","NewsArticle"],"headline":"A"}`, "A"},
		{"alternative headline", `{"@type":"Article","alternativeHeadline":"B"}`, "B"},
		{"main entity of a page", `{"@type":"WebPage","mainEntity":{"@type":"Article","headline":"A"}}`, "A"},
		{"deep nesting", strings.Repeat(`{"a":`, 200) + `1` + strings.Repeat(`}`, 200), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := page(`<script type="application/ld+json">`+tt.script+`</script>`, "")
			if got := Extract([]byte(html), testURL, "").Title; got != tt.want {
				t.Errorf("Title = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestJSONFilter checks the filter against encoding/json: valid JSON
// decodes to the same value after filtering, in pieces of any size.
func TestJSONFilter(t *testing.T) {
	docs := []string{
		`{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\"e\\f\u00e9\n"}, "": ""}`,
		` [ {"x" : "y z"} , "s" ] `,
		`"just a string with \/ and \ud83d\ude00"`,
		`{"long": "` + strings.Repeat("é", 100) + `"}`,
	}
	for _, doc := range docs {
		for _, step := range []int{1, 2, 3, 7, len(doc)} {
			var f jsonFilter
			for i := 0; i < len(doc); i += step {
				f.write([]byte(doc[i:min(i+step, len(doc))]))
			}
			var want, got any
			if err := json.Unmarshal([]byte(doc), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(f.buf, &got); err != nil {
				t.Fatalf("filtered %q: %v", f.buf, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("step %d: got %v, want %v", step, got, want)
			}
		}
	}
	// Long strings are cut at a character boundary, and still decode.
	var f jsonFilter
	f.write([]byte(`{"body": "` + strings.Repeat(`ab\u00e9`, MaxJSONString) + `", "headline": "H"}`))
	var v map[string]any
	if err := json.Unmarshal(f.buf, &v); err != nil {
		t.Fatal(err)
	}
	if s := v["body"].(string); len(s) > MaxJSONString || !utf8.ValidString(s) || v["headline"] != "H" {
		t.Errorf("cut string: %d bytes, valid %v, headline %v", len(s), utf8.ValidString(s), v["headline"])
	}
}

func TestScanPage(t *testing.T) {
	doc := `<html><head><title>T <b></title><script>var a = "<h1>";</script>` +
		`<STYLE>h1 {}</STYLE><!-- <h1> --><script type="application/ld+json">{"a":1}</script>` +
		`</head><body class="x"><meta name="m"><textarea><h1></textarea><h1>H</h1></body></html>`
	l := scanPage([]byte(doc))
	var kept strings.Builder
	for _, s := range l.keep {
		kept.WriteString(doc[s.start:s.end])
	}
	want := `<html><head><title>T <b></title><script type="application/ld+json">{"a":1}</script>` +
		`</head><body class="x"><meta name="m"><h1>H</h1></body></html>`
	if kept.String() != want {
		t.Errorf("kept\n%s\nwant\n%s", kept.String(), want)
	}
	if len(l.ld) != 1 || doc[l.ld[0].start:l.ld[0].end] != `{"a":1}` {
		t.Errorf("ld %v", l.ld)
	}
	if doc[l.body:l.body+5] != "<body" || doc[l.h1:l.h1+4] != "<h1>" || len(l.meta) != 1 || doc[l.meta[0]:l.meta[0]+5] != "<meta" {
		t.Errorf("body %d h1 %d meta %v", l.body, l.h1, l.meta)
	}
}

// TestFarParts checks that Extract reads what lies beyond the part of the
// page it tokenizes: JSON-LD scripts, meta tags and bylines.
func TestFarParts(t *testing.T) {
	filler := strings.Repeat(`<p class="text">Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>`, 400)
	nav := strings.Repeat(`<li><a href="/section">Section</a></li>`, 1000)
	doc := page(`<title>Rain falls</title>`, `<ul>`+nav+`</ul><meta itemprop="headline" content="Rain falls hard">`+
		`<h1>Rain falls hard</h1>`+filler+
		`<footer class="entry-footer"><span class="byline">Posted by <a href="/jd">Jane Doe</a></span></footer>`+
		`<meta property="og:image" content="https://a.example/i.jpg">`+
		`<script type="application/ld+json">{"@type":"Article","publisher":{"name":"Example News"}}</script>`)
	got := Extract([]byte(doc), testURL, "")
	want := Metadata{Title: "Rain falls hard", Authors: []string{"Jane Doe"}, SiteName: "Example News",
		Image: "https://a.example/i.jpg", Type: "Article"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestBounds(t *testing.T) {
	huge := strings.Repeat("word ", 1<<16)
	var b strings.Builder
	b.WriteString("<html><head><title>" + huge + "</title>")
	for range 5000 {
		b.WriteString(`<meta name="keywords" content="` + huge[:100] + `, k"><meta name="author" content="Jane Doe">`)
	}
	for range MaxJSONLDScripts + 4 {
		b.WriteString(`<script type="application/ld+json">{"@type":"Article","headline":"` + huge + `","author":[` +
			strings.Repeat(`{"name":"Jane Roe"},`, 5000) + `{}]}</script>`)
	}
	b.WriteString(`</head><body><h1>` + huge + `</h1>`)
	for range 1000 {
		b.WriteString(`<div class="byline">By Jane Doe</div><a rel="author">John Roe</a>`)
	}
	b.WriteString(strings.Repeat("<div>", 100000))
	doc := b.String()

	for _, tc := range []struct {
		name string
		get  func() Metadata
	}{
		{"Extract", func() Metadata { return Extract([]byte(doc), testURL, "") }},
		{"Collector", func() Metadata { return collectAll([]byte(doc), testURL) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.get()
			if len(m.Title) > MaxTitleBytes || len(m.Authors) > MaxAuthors || len(m.Keywords) > MaxKeywords ||
				len(m.Description) > maxDescription || len(m.SiteName) > maxSiteName {
				t.Errorf("unbounded result: title %d bytes, %d authors, %d keywords", len(m.Title), len(m.Authors), len(m.Keywords))
			}
		})
	}

	var c Collector
	z := html.NewTokenizer(strings.NewReader(doc))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		switch tt {
		case html.TextToken:
			c.Text(z.Text())
		case html.StartTagToken:
			tok := z.Token()
			c.StartTag(tok.DataAtom, tok.Attr)
		case html.EndTagToken:
			tok := z.Token()
			c.EndTag(tok.DataAtom)
		}
	}
	if len(c.title) > MaxTitleBytes || len(c.h1) > MaxTitleBytes || len(c.ld.buf) > MaxJSONLDBytes ||
		len(c.metaAuthors) > maxMetaAuthors || len(c.keywords) > maxKeywordVals || len(c.body) > maxBodyCands ||
		len(c.ents) > maxEntities || c.ldScripts > MaxJSONLDScripts {
		t.Errorf("collector holds too much: title %d, h1 %d, json %d, %d authors, %d keywords, %d bylines, %d entities",
			len(c.title), len(c.h1), len(c.ld.buf), len(c.metaAuthors), len(c.keywords), len(c.body), len(c.ents))
	}
}

func TestCollectorReset(t *testing.T) {
	doc := []byte(page(`<title>A | B</title><meta name="author" content="Jane Doe">
		<script type="application/ld+json">{"@type":"Article","headline":"A"}</script>`, `<h1>A</h1><span class="byline">By X Y</span>`))
	var c Collector
	run := func() Metadata {
		z := html.NewTokenizer(bytes.NewReader(doc))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			switch tt {
			case html.TextToken:
				c.Text(z.Text())
			case html.StartTagToken:
				tok := z.Token()
				c.StartTag(tok.DataAtom, tok.Attr)
			case html.EndTagToken:
				tok := z.Token()
				c.EndTag(tok.DataAtom)
			}
		}
		return c.Result("")
	}
	first := run()
	c.Reset()
	if second := run(); !reflect.DeepEqual(first, second) {
		t.Errorf("after Reset %+v, before %+v", second, first)
	}
	if n := testing.AllocsPerRun(100, c.Reset); n != 0 {
		t.Errorf("Reset allocates %v times", n)
	}
	if c.Reset(); !reflect.DeepEqual(c.Result(""), Metadata{}) {
		t.Errorf("Result after Reset = %+v", c.Result(""))
	}
}

func TestInvalidUTF8(t *testing.T) {
	doc := page("<title>caf\xe9 \xff\xfe</title><meta name=\"author\" content=\"J\xf6rg M\xfcller\">", "")
	m := Extract([]byte(doc), "", "text/html; charset=utf-8")
	if !utf8.ValidString(m.Title) || !utf8.ValidString(m.Authors[0]) {
		t.Errorf("invalid UTF-8 in %+v", m)
	}
	// Declared windows-1252: decoded.
	if m := Extract([]byte(doc), "", "text/html; charset=windows-1252"); m.Authors[0] != "Jörg Müller" {
		t.Errorf("Authors = %q", m.Authors)
	}
}

func FuzzExtract(f *testing.F) {
	for _, seed := range []string{
		page(`<title>A | B</title><meta property="og:title" content="A"><meta name="author" content="By X and Y">`,
			`<h1>A</h1><div class="byline">By <a rel="author">X</a></div>`),
		page(`<script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"H","author":{"@id":"#p"}},
			{"@id":"#p","name":"P Q"}]}</script><base href="/b/"><link rel="canonical" href="c">`, ""),
		`<script type="application/ld+json">{"a":"\ud800`,
		`<!--<script>--><h1><svg><title>x</title></svg>y</h1><textarea><h1>`,
		"<title>\xff\xfe&amp;#0;&#xFFFFFFFF;</title><meta name=author content='@x, 1999-01-01, Staff'>",
		`<html lang="x"><meta http-equiv="content-language" content="en-US,de"><plaintext><h1>`,
		page(`<meta name="parsely-author" content="Doe, Jane">`, `<h1>T</h1><a href="//x/author/j">Jane Doe</a><a href="/Profile/">My Profile</a>`),
	} {
		f.Add([]byte(seed), "https://example.com/a/b")
	}
	f.Fuzz(func(t *testing.T, doc []byte, pageURL string) {
		for _, m := range []Metadata{Extract(doc, pageURL, ""), collectAll(doc, pageURL)} {
			strs := append([]string{m.Title, m.SiteName, m.Description, m.Lang, m.Canonical, m.Image, m.Type},
				append(m.Authors, m.Keywords...)...)
			for _, s := range strs {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q in %+v", s, m)
				}
			}
			if len(m.Title) > MaxTitleBytes || len(m.Authors) > MaxAuthors || len(m.Keywords) > MaxKeywords {
				t.Fatalf("unbounded %+v", m)
			}
		}
	})
}

func TestAuthorPage(t *testing.T) {
	for href, want := range map[string]bool{
		"/author/jane-doe":                       true,
		"/author/jane-doe/":                      true,
		"https://www.example.com/authors/jane":   true,
		"//example.com/de/autor/max-muster":      true,
		"/profile/teresa-newsome-1910837":        true,
		"/Profile/Jane-Doe":                      true,
		"/author/":                               false, // the list of authors
		"/authors":                               false,
		"/author/jane-doe?page=2":                false,
		"/news/author-interview-with-a-novelist": false,
		"https://example.com":                    false,
		"/2024/05/01/author/jane/story":          false, // a story, under a path that names an author
	} {
		if got := mayBeAuthorPage([]byte(href)) && authorPage(href); got != want {
			t.Errorf("authorPage(%q) = %v, want %v", href, got, want)
		}
	}
}
