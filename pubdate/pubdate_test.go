package pubdate

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func TestFind(t *testing.T) {
	tests := []struct {
		name    string
		page    string
		url     string
		want    string // Published as 2006-01-02T15:04:05Z07:00, or a date alone; "" for no result
		hasTime bool
		source  string
	}{
		{
			name:    "json-ld article",
			page:    `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-04-19T10:30:00+02:00","dateModified":"2017-04-20T08:00:00+02:00"}</script>`,
			want:    "2017-04-19T10:30:00+02:00",
			hasTime: true,
			source:  "json-ld",
		},
		{
			name:   "json-ld graph prefers the article over the web page",
			page:   `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","datePublished":"2015-01-01"},{"@type":"BlogPosting","datePublished":"2017-04-19"}]}</script>`,
			want:   "2017-04-19",
			source: "json-ld",
		},
		{
			name:   "json-ld nested in an array of types",
			page:   `<script type="application/ld+json">[{"@type":["Article","ReportageNewsArticle"],"mainEntityOfPage":{"@type":"WebPage"},"datePublished":"2019-03-02"}]</script>`,
			want:   "2019-03-02",
			source: "json-ld",
		},
		{
			name:   "json-ld comment ranks below the article",
			page:   `<script type="application/ld+json">{"@type":"Article","comment":[{"@type":"Comment","datePublished":"2020-01-05"}],"datePublished":"2020-01-02"}</script>`,
			want:   "2020-01-02",
			source: "json-ld",
		},
		{
			name:    "invalid json-ld is scanned for the key",
			page:    `<script type="application/ld+json">{"@type":"Article", "headline": "a "quoted" title", "datePublished" : "2018-06-05T09:00:00Z",}</script>`,
			want:    "2018-06-05T09:00:00Z",
			hasTime: true,
			source:  "json-ld",
		},
		{
			name:    "a sidebar column inside the article holds its date",
			page:    `<article><div id="sidebar"><header class="entry-header"><time class="entry-date" datetime="2018-03-21T10:05:00+01:00">21 Mar 2018</time></header></div><div class="entry-content"><p>Ten years ago, on 2 May 2008, the club began.</p></div></article>`,
			want:    "2018-03-21T10:05:00+01:00",
			hasTime: true,
			source:  "time-element",
		},
		{
			name:   "an update the text marks beats a date nothing marks",
			page:   `<div class="content"><p>The rule of 3 March 2011 applies.</p><p class="info">Aktualisiert: 14.09.2015</p></div>`,
			want:   "2015-09-14",
			source: "text:updated",
		},
		{
			name: "marked times of a teaser list after the article's own date",
			page: `<header><p><time datetime="2018-04-11T08:15:00Z">11 avril 2018</time></p></header><p>Text.</p>` +
				`<ul><li><time class="published" datetime="2018-06-02T07:00:00Z">02/06</time></li><li><time class="published" datetime="2018-05-30T19:00:00Z">30/05</time></li><li><time class="published" datetime="2018-05-28T05:00:00Z">28/05</time></li></ul>`,
			want:    "2018-04-11T08:15:00Z",
			hasTime: true,
			source:  "time-element",
		},
		{
			name:   "the day the share image was filed under, as a last resort",
			page:   `<meta property="og:image" content="https://example.org/uploads/2017/10/23/cover.jpg"><p>Our year in review.</p>`,
			want:   "2017-10-23",
			source: "meta:og:image",
		},
		{
			name:    "a UTC time just before midnight, under the next day in the URL",
			page:    `<meta property="article:published_time" content="2021-08-02T23:20:00Z">`,
			url:     "https://example.org/2021/08/03/rain-returns",
			want:    "2021-08-03T00:20:00+01:00",
			hasTime: true,
			source:  "meta:article:published_time",
		},
		{
			name:    "a UTC time just after midnight, under the day before in the URL",
			page:    `<meta property="article:published_time" content="2021-08-03T00:40:00Z">`,
			url:     "https://example.org/2021/08/02/rain-returns/",
			want:    "2021-08-02T23:40:00-01:00",
			hasTime: true,
			source:  "meta:article:published_time",
		},
		{
			name:    "a time with the page's own offset stays as stated",
			page:    `<meta property="article:published_time" content="2021-08-02T23:20:00+02:00">`,
			url:     "https://example.org/2021/08/03/rain-returns",
			want:    "2021-08-02T23:20:00+02:00",
			hasTime: true,
			source:  "meta:article:published_time",
		},
		{
			name:   "the dateline under the headline beats a date in a hinted box above it",
			page:   `<div class="meta-box">Last visit 9 October 2020</div><h1>Rain returns to the valley</h1><ul class="info"><li>14 July 2020</li><li>By Ana Ruiz</li></ul><p>Text.</p>`,
			want:   "2020-07-14",
			source: "text",
		},
		{
			name:    "a day in the text takes the hour of a time with an offset on that day",
			page:    `<h1>Rain returns</h1><p>14 July 2020</p><p>Text.</p><div class="share"><time datetime="2020-07-14T09:30:00+02:00">9:30</time></div>`,
			want:    "2020-07-14T09:30:00+02:00",
			hasTime: true,
			source:  "text",
		},
		{
			name:    "a script's state object",
			page:    `<script>window.__STATE__={"image":{"createdAt":"2021-02-01T08:00:00Z"},"article":{"publishedAt":"2021-03-04T10:00:00+01:00"}};</script><p>Rain.</p>`,
			want:    "2021-03-04T10:00:00+01:00",
			hasTime: true,
			source:  "script",
		},
		{
			name:    "escaped quotes in a script's string",
			page:    `<script>var s = "{\"published_at\":\"2020-11-17T16:45:00+01:00\"}";</script>`,
			want:    "2020-11-17T16:45:00+01:00",
			hasTime: true,
			source:  "script",
		},
		{
			name:   "a script's date ranks below the text's",
			page:   `<script>x={"publishedDate":"2019-03-02"}</script><p class="date">Published 5 May 2020</p>`,
			want:   "2020-05-05",
			source: "text",
		},
		{
			name:    "json-ld unix timestamp",
			page:    `<script type="application/ld+json">{"@type":"Article","datePublished":1492597800}</script>`,
			want:    "2017-04-19T10:30:00Z",
			hasTime: true,
			source:  "json-ld",
		},
		{
			name:    "meta article:published_time",
			page:    `<head><meta property="article:published_time" content="2017-04-19T10:30:00Z"></head>`,
			want:    "2017-04-19T10:30:00Z",
			hasTime: true,
			source:  "meta:article:published_time",
		},
		{
			name:   "meta name is case-insensitive",
			page:   `<meta name="DC.date.issued" content="2016-05-04">`,
			want:   "2016-05-04",
			source: "meta:dc.date.issued",
		},
		{
			name:    "meta sailthru.date with space-separated time",
			page:    `<meta name="sailthru.date" content="2017-04-19 10:30:00">`,
			want:    "2017-04-19T10:30:00Z",
			hasTime: true,
			source:  "meta:sailthru.date",
		},
		{
			name:    "meta RFC 1123",
			page:    `<meta name="pubdate" content="Wed, 19 Apr 2017 10:30:00 GMT">`,
			want:    "2017-04-19T10:30:00Z",
			hasTime: true,
			source:  "meta:pubdate",
		},
		{
			name:   "meta compact date",
			page:   `<meta name="citation_publication_date" content="20170419">`,
			want:   "2017-04-19",
			source: "meta:citation_publication_date",
		},
		{
			name:   "published meta beats generic date meta",
			page:   `<meta name="date" content="2020-02-12"><meta property="og:published_time" content="2020-02-05">`,
			want:   "2020-02-05",
			source: "meta:og:published_time",
		},
		{
			name:   "itemprop content",
			page:   `<span itemprop="datePublished" content="2014-05-06">6 May</span>`,
			want:   "2014-05-06",
			source: "itemprop",
		},
		{
			name:   "itemprop text",
			page:   `<p>Posted <span itemprop="datePublished">May 6, 2014</span></p>`,
			want:   "2014-05-06",
			source: "itemprop",
		},
		{
			name:    "time element marked pubdate wins over the first",
			page:    `<body><time datetime="2021-01-01">1 Jan</time><article><time pubdate datetime="2021-03-04T05:06:07-05:00">4 March</time></article>`,
			want:    "2021-03-04T05:06:07-05:00",
			hasTime: true,
			source:  "time-element",
		},
		{
			name:   "time element without datetime",
			page:   `<article><header><time>19. April 2017</time></header></article>`,
			want:   "2017-04-19",
			source: "time-element",
		},
		{
			name:   "time element in a sidebar ranks below text",
			page:   `<aside class="sidebar"><time datetime="2021-05-05">x</time></aside><main><p class="date">4. Mai 2021</p></main>`,
			want:   "2021-05-04",
			source: "text",
		},
		{
			name:    "abbr published",
			page:    `<abbr class="published" title="2009-02-18T10:00:00">18 Feb</abbr>`,
			want:    "2009-02-18T10:00:00Z",
			hasTime: true,
			source:  "abbr",
		},
		{name: "url slashes", url: "https://example.com/news/2017/04/19/title/", want: "2017-04-19", source: "url"},
		{name: "url compact", url: "https://example.com/a/20170419/title.html", want: "2017-04-19", source: "url"},
		{name: "url dashes", url: "https://example.com/2017-04-19-title", want: "2017-04-19", source: "url"},
		{name: "url month folder then title", url: "https://example.com/2023/10/3-questions/", want: ""},
		{name: "url month only", url: "https://example.com/2017/04/title", want: ""},
		{name: "url host digits ignored", url: "https://20170419.example.com/", want: ""},
		{
			name:   "url older than markup wins",
			page:   `<meta property="article:published_time" content="2019-06-17">`,
			url:    "https://example.com/home/2017/7/12/title",
			want:   "2017-07-12",
			source: "url",
		},
		{
			name:   "text after a published keyword",
			page:   `<body><p>Related: 01.01.2016</p><div>Veröffentlicht am 19.04.2017</div></body>`,
			want:   "2017-04-19",
			source: "text",
		},
		{
			name:   "text English",
			page:   `<body><h1>Title</h1><p>By Jane Doe. April 19, 2017</p></body>`,
			want:   "2017-04-19",
			source: "text",
		},
		{
			name:    "text English with time",
			page:    `<body><span class="date">8 January 2020, 3:51 pm</span></body>`,
			want:    "2020-01-08T15:51:00Z",
			hasTime: true,
			source:  "text",
		},
		{name: "text German", page: `<p class="datum">Samstag, 19. Juli 2014</p>`, want: "2014-07-19", source: "text"},
		{name: "text German umlaut", page: `<p class="meta">3. März 2020</p>`, want: "2020-03-03", source: "text"},
		{name: "text French", page: `<p>Publié le 1er avril 2017</p>`, want: "2017-04-01", source: "text"},
		{name: "text Spanish", page: `<p>Publicado el 19 de abril de 2017</p>`, want: "2017-04-19", source: "text"},
		{name: "text Italian", page: `<p>Notizia del 14 gennaio 2020</p>`, want: "2020-01-14", source: "text"},
		{name: "text ISO", page: `<p class="post-date">2017-04-19</p>`, want: "2017-04-19", source: "text"},
		{name: "text CJK", page: `<p>2017年4月19日</p>`, want: "2017-04-19", source: "text"},
		{name: "text dotted two-digit year", page: `<p class="date">19.04.17</p>`, want: "2017-04-19", source: "text"},
		{
			name:   "slash date day first by default",
			page:   `<html lang="de"><p class="date">04/05/2017</p>`,
			want:   "2017-05-04",
			source: "text",
		},
		{
			name:   "slash date month first in US English",
			page:   `<html lang="en-US"><p class="date">04/05/2017</p>`,
			want:   "2017-04-05",
			source: "text",
		},
		{
			name:   "slash date field over 12 settles the order",
			page:   `<html lang="en-US"><p class="date">19/04/2017</p>`,
			want:   "2017-04-19",
			source: "text",
		},
		{
			name:   "comment dates rank below the article",
			page:   `<body><div class="comments"><p>May 1, 2019</p></div><p>Posted on April 2, 2019</p></body>`,
			want:   "2019-04-02",
			source: "text",
		},
		{
			name:    "only a modification date",
			page:    `<meta property="article:modified_time" content="2020-06-02T10:00:00+02:00">`,
			want:    "2020-06-02T10:00:00+02:00",
			hasTime: true,
			source:  "meta:article:modified_time",
		},
		{
			name: "UTC markup shown in local time",
			page: `<meta property="article:published_time" content="2023-11-09T03:28:35Z">` +
				`<meta name="sailthru.date" content="2023-11-08 22:28:35">`,
			want:    "2023-11-08T22:28:35-05:00",
			hasTime: true,
			source:  "meta:article:published_time",
		},
		{name: "future date rejected", page: `<meta property="article:published_time" content="2030-01-01">`, want: ""},
		{name: "date before the web rejected", page: `<meta property="article:published_time" content="1990-01-01">`, want: ""},
		{name: "month over 12 rejected", page: `<meta property="article:published_time" content="2017-13-01">`, want: ""},
		{name: "February 30 rejected", page: `<p class="date">30.02.2017</p>`, want: ""},
		{name: "version number is not a date", page: `<p>version 1.2.2017.5</p>`, want: ""},
		{name: "empty", page: ``, want: ""},
		{name: "garbage", page: "\x00\xff<<<>>\"'<meta content=<script type=application/ld+json>{{{[", want: ""},
		{name: "unclosed tags", page: `<div class="date"><span><p>19 April 2017`, want: "2017-04-19", source: "text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := Find([]byte(tc.page), tc.url, Options{Now: testNow})
			if tc.want == "" {
				if ok {
					t.Fatalf("got %v from %s, want no date", r.Published, r.Source)
				}
				return
			}
			if !ok {
				t.Fatalf("no date, want %s", tc.want)
			}
			got := r.Published.Format("2006-01-02")
			if strings.Contains(tc.want, "T") {
				got = r.Published.Format(time.RFC3339)
			}
			if got != tc.want || r.HasTime != tc.hasTime || r.Source != tc.source {
				t.Errorf("got %s hasTime=%v source=%q, want %s hasTime=%v source=%q", got, r.HasTime, r.Source, tc.want, tc.hasTime, tc.source)
			}
		})
	}
}

func TestFindModified(t *testing.T) {
	page := `<script type="application/ld+json">{"@type":"Article","datePublished":"2017-04-19","dateModified":"2017-05-01T08:00:00Z"}</script>`
	r, ok := Find([]byte(page), "", Options{Now: testNow})
	if !ok || r.Modified.Format(time.RFC3339) != "2017-05-01T08:00:00Z" {
		t.Fatalf("got %+v", r)
	}
	// A modification date earlier than publication is dropped.
	page = `<meta property="article:published_time" content="2017-04-19"><meta property="article:modified_time" content="2016-01-01">`
	if r, _ := Find([]byte(page), "", Options{Now: testNow}); !r.Modified.IsZero() {
		t.Fatalf("got Modified %v, want zero", r.Modified)
	}
}

func TestOptionsEarliest(t *testing.T) {
	page := []byte(`<meta property="article:published_time" content="2001-05-05">`)
	if _, ok := Find(page, "", Options{Now: testNow, Earliest: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)}); ok {
		t.Error("date before Earliest accepted")
	}
	if _, ok := Find(page, "", Options{Now: testNow}); !ok {
		t.Error("date after the default Earliest rejected")
	}
	// Now+1 day is the limit.
	page = []byte(`<meta property="article:published_time" content="2026-11-02T11:00:00Z">`)
	if _, ok := Find(page, "", Options{Now: testNow}); !ok {
		t.Error("date within a day of Now rejected")
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in, want string
		hasTime  bool
	}{
		{"2017-04-19", "2017-04-19T00:00:00Z", false},
		{"2017/04/19", "2017-04-19T00:00:00Z", false},
		{"2017-04-19T10:30", "2017-04-19T10:30:00Z", true},
		{"2017-04-19T10:30:15.123Z", "2017-04-19T10:30:15Z", true},
		{"2017-04-19T10:30:15+0530", "2017-04-19T10:30:15+05:30", true},
		{"2017-04-19T10:30:15-04", "2017-04-19T10:30:15-04:00", true},
		{"2017-04-19 10:30:00.000000", "2017-04-19T10:30:00Z", true},
		{"2017-04-19 10:30:00 UTC", "2017-04-19T10:30:00Z", true},
		{"Wed, 19 Apr 2017 10:30:00 +0200", "2017-04-19T10:30:00+02:00", true},
		{"April 19, 2017 10:30 AM", "2017-04-19T10:30:00Z", true},
		{"19.04.2017 - 14:49", "2017-04-19T14:49:00Z", true},
		{"19 avril 2017", "2017-04-19T00:00:00Z", false},
		// A broken time leaves the date standing.
		{"2017-04-19T25:00", "2017-04-19T00:00:00Z", false},
		{"2017-04-19Tfoo", "2017-04-19T00:00:00Z", false},
	}
	for _, tc := range tests {
		st, ok := parseValue(tc.in, true)
		if !ok {
			t.Errorf("parseValue(%q) failed", tc.in)
			continue
		}
		if got := st.t.Format(time.RFC3339); got != tc.want || st.hasTime != tc.hasTime {
			t.Errorf("parseValue(%q) = %s %v, want %s %v", tc.in, got, st.hasTime, tc.want, tc.hasTime)
		}
	}
	for _, bad := range []string{"", "2017", "2017-04", "2017-02-30", "2017-13-01T10:00", "yesterday", "99/99/9999"} {
		if st, ok := parseValue(bad, true); ok {
			t.Errorf("parseValue(%q) = %v, want failure", bad, st.t)
		}
	}
}

func ExampleFind() {
	page := []byte(`<html lang="en"><head>
<meta property="article:published_time" content="2017-04-19T10:30:00+02:00">
<meta property="article:modified_time" content="2017-04-20T08:00:00+02:00">
</head><body><p>Published 19 April 2017</p></body></html>`)
	r, ok := Find(page, "https://example.com/news/some-story", Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	fmt.Println(ok, r.Published.Format(time.RFC3339), r.HasTime, r.Source)
	fmt.Println(r.Modified.Format(time.RFC3339))
	// Output:
	// true 2017-04-19T10:30:00+02:00 true meta:article:published_time
	// 2017-04-20T08:00:00+02:00
}

func FuzzFind(f *testing.F) {
	seeds := []string{
		`<meta property="article:published_time" content="2017-04-19T10:30:00Z">`,
		`<script type="application/ld+json">{"@graph":[{"@type":"Article","datePublished":"2017-04-19"}]}</script>`,
		`<script type="application/ld+json">{"datePublished": 1492597800}</script>`,
		`<time datetime="2021-03-04">x</time><time>4 March 2021</time>`,
		`<p class="date">Veröffentlicht am 19. April 2017 um 10:30 Uhr</p>`,
		`<p>April 19th, 2017 10:30 pm · 04/05/2017 · 2017年4月19日 · 19.04.17</p>`,
		`<span itemprop="datePublished">Wed, 19 Apr 2017 10:30:00 GMT</span>`,
		"\xff\xfe<\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s), "https://example.com/2017/04/19/x")
	}
	earliest := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, page []byte, url string) {
		r, ok := Find(page, url, Options{Now: testNow, Earliest: earliest})
		if !ok {
			return
		}
		if r.Published.Before(earliest) || r.Published.After(testNow.Add(24*time.Hour)) {
			t.Fatalf("Published %v outside [%v, Now+1d]", r.Published, earliest)
		}
		if !r.Modified.IsZero() && (r.Modified.Before(r.Published) || r.Modified.After(testNow.Add(24*time.Hour))) {
			t.Fatalf("Modified %v out of range (Published %v)", r.Modified, r.Published)
		}
		if r.Source == "" {
			t.Fatal("empty Source")
		}
	})
}

// TestReleaseReuse checks that a Finder reused after Release keeps
// nothing of the page before: its text, its JSON-LD, its candidates.
func TestReleaseReuse(t *testing.T) {
	dated := []byte(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-04"}</script></head>` +
		`<body><p class="byline">Published 5 March 2021</p><p>Some text of the story.</p></body></html>`)
	undated := []byte(`<html><body><p>Some text of another story, with no date in it at all.</p></body></html>`)
	for range 3 {
		if _, ok := Find(dated, "", Options{}); !ok {
			t.Fatal("no date found on the dated page")
		}
		if r, ok := Find(undated, "", Options{}); ok {
			t.Fatalf("the undated page after a dated one gave %v (%s)", r.Published, r.Source)
		}
	}
}
