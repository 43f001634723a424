package metadata

import (
	"net/url"
	"strings"
)

// Bounds on the strings of a Metadata.
const (
	maxTitle       = MaxTitleBytes
	maxSiteName    = 256
	maxDescription = 4 << 10
	maxType        = 128
	maxKeyword     = 128
	maxSiteWords   = 10
)

// authorKeys are the author metas, best first.
var authorKeys = [...]metaKey{kAuthor, kArticleAuthor, kParselyAuthor, kSailthruAuthor, kByl, kDCCreator,
	kCitationAuthor}

// Result returns the metadata of the tokens read so far, for a page
// fetched from pageURL (which may be empty: relative URLs then resolve
// only against an absolute <base href>). It does not change c.
func (c *Collector) Result(pageURL string) Metadata {
	ld := jsonLDInfo(c.ents)
	var m Metadata
	base := baseURL(pageURL, c.base)

	m.Canonical = absURL(base, c.canonical)
	if m.Canonical == "" {
		m.Canonical = absURL(base, c.meta[kOGURL])
	}
	m.Image = firstURL(base, c.meta[kOGImage], c.meta[kTwitterImage], ld.image, c.meta[kParselyImage], c.imageSrc)

	// The site's host: the page's, else the canonical URL's, else the
	// base's (which may be a CDN's).
	hosts := hostNames(pageURL)
	if hosts == nil {
		hosts = hostNames(m.Canonical)
	}
	if hosts == nil && base != nil {
		hosts = hostNames(base.String())
	}

	title := clean(string(c.title), maxTitle)
	h1 := clean(string(c.h1), maxTitle)
	for _, s := range [...]string{c.meta[kOGSiteName], ld.site, c.meta[kAppName], c.meta[kDCPublisher]} {
		// Some pages put the headline where the site's name belongs.
		s = clean(s, maxSiteName)
		if s != "" && units(s) <= maxSiteWords && !same(s, h1) && !same(s, c.meta[kOGTitle]) {
			m.SiteName = s
			break
		}
	}
	n := newSiteNamer(m.SiteName, hosts)
	if m.SiteName == "" {
		m.SiteName = siteFromTitle(title, n)
		n = newSiteNamer(m.SiteName, hosts)
	}

	var cands []string
	for _, s := range [...]string{c.meta[kOGTitle], ld.headline, c.meta[kTwitterTitle], c.meta[kMetaTitle],
		c.meta[kDCTitle], c.meta[kParselyTitle], c.meta[kSailthruTitle], c.meta[kHeadline], ld.name} {
		if s = clean(s, maxTitle); s != "" {
			cands = append(cands, s)
		}
	}
	m.Title = chooseTitle(cands, title, h1, n)

	m.Authors = c.authors(ld, n)
	m.AuthorBios = ld.bios
	m.Description = firstClean(maxDescription, c.meta[kDescription], c.meta[kOGDescription],
		c.meta[kTwitterDescription], c.meta[kDCDescription], ld.description)
	for _, s := range [...]string{c.htmlLang, c.meta[kContentLanguage], c.meta[kOGLocale], c.meta[kDCLanguage], ld.lang} {
		if m.Lang = primaryLang(s); m.Lang != "" {
			break
		}
	}
	m.Type = firstClean(maxType, c.meta[kOGType], ld.typ)
	m.Keywords = c.keywordList(ld)
	return m
}

// authors returns the names of the best author source that gives any.
func (c *Collector) authors(ld ldInfo, n siteNamer) []string {
	var names []string
	for _, a := range ld.authors {
		names = cleanNames(a, n, false, names)
	}
	if len(names) > 0 {
		return names
	}
	// A JSON-LD author that is a newsroom's label stands for the people
	// of the newsroom.
	for _, v := range ld.authors {
		if s := declaredName(v, true); s != "" {
			return []string{s}
		}
	}
	for _, k := range authorKeys {
		for _, v := range c.metaAuthors {
			// An author meta the JSON-LD calls an organization, or
			// that names the holder of the page's copyright, names no
			// person: the byline, if any, is in the body.
			if v.key == k && !ld.organization(v.val) && !holdsCopyright(c.meta[kCopyright], v.val) {
				names = cleanNames(v.val, n, false, names)
			}
		}
		if len(names) > 0 {
			return names
		}
	}
	if d := newsroom(ld); d != nil {
		return d
	}
	for _, rank := range [...]int{rankItemprop, rankRel, rankClass, rankHref} {
		used := 0
		for _, b := range c.body {
			if b.rank != rank || used == 3 {
				continue
			}
			before := len(names)
			names = cleanNames(b.text, n, true, names)
			if len(names) > before {
				used++
				if rank >= rankClass {
					break
				}
			}
		}
		if len(names) > 0 {
			return names
		}
	}
	return nil
}

// holdsCopyright reports whether the copyright notice names author as
// the holder: "Copyright (c) Example Media 2022" and the author meta
// "Example Media" name a company, not the person who wrote the story.
func holdsCopyright(notice, author string) bool {
	a := fold(author)
	return a != "" && notice != "" && strings.Contains(fold(notice), a)
}

// newsroom returns, for a page whose JSON-LD and metas name no person as
// its author, the news organization its JSON-LD names as the author.
func newsroom(ld ldInfo) []string {
	for _, v := range ld.newsrooms {
		if s := declaredName(v, false); s != "" {
			return []string{s}
		}
	}
	return nil
}

// keywordList returns the keywords of the article:tag metas, the JSON-LD
// and the keyword metas, in that order.
func (c *Collector) keywordList(ld ldInfo) []string {
	var out []string
	add := func(v string) {
		for s := range strings.SplitSeq(v, ",") {
			if len(out) >= MaxKeywords {
				return
			}
			s = strings.Trim(clean(s, maxKeyword), " ;")
			if s == "" {
				continue
			}
			for _, o := range out {
				if strings.EqualFold(o, s) {
					s = ""
					break
				}
			}
			if s != "" {
				out = append(out, s)
			}
		}
	}
	for _, k := range c.keywords {
		if k.key == kArticleTag {
			add(k.val)
		}
	}
	for _, v := range ld.keywords {
		add(v)
	}
	for _, k := range c.keywords {
		if k.key == kKeywords {
			add(k.val)
		}
	}
	return out
}

func firstClean(limit int, vals ...string) string {
	for _, v := range vals {
		if s := clean(v, limit); s != "" {
			return s
		}
	}
	return ""
}

func firstURL(base *url.URL, vals ...string) string {
	for _, v := range vals {
		if s := absURL(base, v); s != "" {
			return s
		}
	}
	return ""
}
