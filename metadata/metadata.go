// Package metadata reads what a news web page says about itself: its
// headline, authors, site name, description, language, canonical URL, main
// image, type and keywords.
//
// The sources are the page's <title> and first <h1>, <meta> tags (Open
// Graph, Twitter cards, Dublin Core, Parse.ly, Sailthru and the plain
// names), <link> and <base> tags, JSON-LD scripts (arrays, @graph and @id
// references are followed) and, for authors only, byline markup in the
// body (rel="author", itemprop="author" and small elements whose class or
// id names an author or byline; not inside comment, related-content or
// sidebar sections). Each field takes its value from the most explicit
// source that gives a usable one; the order is documented on the fields
// of [Metadata]. The first <h1> helps choose among the title's sources
// but is never the title itself.
//
// A [Collector] reads a stream of tokens, so that a caller that already
// tokenizes a page can gather its metadata in the same pass; [Extract]
// reads a page itself. Either way the work per page is bounded: the
// <title> and <h1> texts are read up to [MaxTitleBytes], each JSON-LD
// script up to [MaxJSONLDBytes] (long string values inside it, such as an
// articleBody, are cut to [MaxJSONString] first, so they do not use up the
// budget), at most [MaxJSONLDScripts] scripts are decoded, a byline
// element is read up to 256 bytes of text, and the numbers of candidates
// kept for each field are capped. Every string of a result is valid UTF-8,
// with HTML entities decoded (also where a page escaped them twice),
// control characters dropped and runs of white space collapsed to one
// space.
//
// Extract does not tokenize all of a page: it leaves out scripts, styles
// and comments, the body between its start and the first <h1>, and the
// body beyond a few kilobytes past that <h1>, except for the <meta>,
// <link>, JSON-LD and byline tags a byte scan finds there. On the
// evaluation pages its result is that of a Collector fed every token for
// nearly every page and field.
//
// A Collector is not safe for concurrent use; Extract is.
package metadata

import (
	"github.com/copydesk/copydesk/charset"
)

// Bounds on what a page can make a Collector hold.
const (
	// MaxTitleBytes bounds the text read from <title> and from the first
	// <h1>.
	MaxTitleBytes = 1 << 10
	// MaxJSONLDBytes bounds the text of one JSON-LD script that is kept
	// for decoding, after white space outside strings is dropped and long
	// strings are cut. A script beyond it is decoded as far as it goes.
	MaxJSONLDBytes = 64 << 10
	// MaxJSONString bounds each string value of a JSON-LD script.
	MaxJSONString = 4 << 10
	// MaxJSONLDScripts bounds the JSON-LD scripts decoded per page.
	MaxJSONLDScripts = 16
	// MaxAuthors and MaxKeywords bound the lists of a Metadata.
	MaxAuthors  = 10
	MaxKeywords = 32
)

// Metadata is what a page says about itself. A field is empty when the page
// does not say.
type Metadata struct {
	// Title is the article headline, without the " | Site Name" suffix or
	// prefix of <title>. Candidates are og:title, the JSON-LD headline,
	// twitter:title, then the title, DC.title, parsely-title, sailthru.title
	// and itemprop="headline" metas and the JSON-LD name, each stripped of
	// a site name. The first candidate that agrees with the page's first
	// <h1> wins, then the first that agrees with the <title> (the
	// stripped <title> when the candidate is the <title> with part of a
	// suffix the stripped <title> has cut as well), then the
	// <title> stripped of its site name when that agrees with the <h1>,
	// then the first candidate, then the stripped <title>. Where the
	// <h1> and the title so chosen are two wordings of one headline
	// (neither holds the other; half the words of the shorter are in
	// the longer), the longer is the full headline: a longer <h1> wins,
	// and so does a longer first candidate over the title the <h1>
	// agrees with, when as many sources give it.
	//
	// <title> is split on " | ", " - ", " – ", " — ", " :: ", " » ",
	// " « ", " › ", " · ", " / ", the full-width "｜" (with or without
	// spaces) and similar separators (and ": " or the full-width "："
	// when a side is the site or the <h1>):
	// a side that is the site name, the host name or a short
	// company name goes; a side that is the <h1> stays; otherwise a short
	// side (four words at most) goes when the other is twice as long.
	Title string
	// Authors are person names, cleaned: "By Jane Doe and John Roe" gives
	// [Jane Doe, John Roe]; a news agency named alone in a byline
	// ("Jane Doe, dpa") is kept too, as the author of a wire story, and
	// so is a newsroom the JSON-LD credits where no person is named.
	// Leading "By", "Von", "Par", "Por", "Di" are
	// removed; names are split on "and", "&", commas, spaced dashes and
	// the equivalents of "and" in German, French, Spanish, Italian, Dutch,
	// Catalan, the Nordic languages, Hungarian and Turkish; a job title
	// after a name, with or without a comma ("Jane Doe Staff Writer"), is
	// cut; items that are URLs, e-mail addresses, handles, parenthesized
	// initials ("(jd)"), dates, job titles and staff labels, companies,
	// or the site's name or host name, or longer than six words, are
	// dropped. The source is the JSON-LD author of the
	// main entity (or, when it is a newsroom's label such as "Redaktion"
	// or "Metro Staff", that label as given), else the author metas
	// (author, article:author, parsely-author, sailthru.author, byl,
	// DC.creator, citation_author; not one the JSON-LD names as an
	// organization author, nor the holder the copyright meta names),
	// else the JSON-LD author typed
	// NewsMediaOrganization, as given, else body markup:
	// itemprop="author", rel="author", then byline classes, the first in
	// the page. A byline whose first part, before a comma, is the site's
	// name is the publisher's name and address and is dropped. At most
	// MaxAuthors, without case-insensitive duplicates.
	Authors []string
	// SiteName is the name of the publication: og:site_name, the JSON-LD
	// publisher of the main entity or the WebSite's name,
	// application-name, DC.publisher (the first of ten words at most that
	// is not the headline), or the side of a <title> that holds the
	// page's host name.
	SiteName string
	// Description is the publisher's description: the description meta,
	// og:description, twitter:description, DC.description, then the
	// JSON-LD description.
	Description string
	// Lang is the primary language subtag in lower case ("en"): from
	// <html lang>, the Content-Language meta, og:locale, then the JSON-LD
	// inLanguage.
	Lang string
	// Canonical is the absolute canonical URL: <link rel="canonical">,
	// then og:url, resolved against the page URL and any <base href>.
	// Only http and https URLs are reported.
	Canonical string
	// Image is the absolute URL of the main image: og:image,
	// twitter:image, the JSON-LD image, then <link rel="image_src">.
	Image string
	// Type is og:type, else the JSON-LD @type of the main entity, as given
	// ("article", "NewsArticle").
	Type string
	// Keywords are the article:tag metas, the JSON-LD keywords, then the
	// keywords, news_keywords and parsely-tags metas, split on commas,
	// without case-insensitive duplicates, at most MaxKeywords.
	Keywords []string
	// AuthorBios are the descriptions the JSON-LD gives of the people it
	// names as authors (of 60 bytes or more, at most MaxAuthors): the
	// text of an author box, which an extractor may recognize on the page.
	AuthorBios []string
}

// Extract reads the metadata of page, an HTML document fetched from
// pageURL (which may be empty) with the HTTP Content-Type contentType
// (which may be empty). The page is decoded to UTF-8 with
// [charset.Decode]; the parts of it that may hold metadata (see the
// package documentation) are read with golang.org/x/net/html's Tokenizer
// and fed to a [Collector].
func Extract(page []byte, pageURL, contentType string) Metadata {
	page, _ = charset.Decode(page, contentType)
	var c Collector
	feed(&c, page)
	return c.Result(pageURL)
}
