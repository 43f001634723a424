package main

import (
	"bytes"
	nurl "net/url"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/htmltext"
)

// page is one pre-loaded gold page.
type page struct {
	id  string
	url *nurl.URL // nil when the set gives no usable absolute URL
	raw []byte    // the page as served, in its own charset
	// utf8 is the page converted to UTF-8 with the charset copydesk
	// detects (byte order mark dropped). The peers parse with
	// golang.org/x/net/html, which assumes UTF-8 input, so they get this
	// copy; the conversion is done once, outside the timed calls.
	utf8 []byte
	// gold is the plain gold text; with and without are snippet gold.
	gold          string
	with, without []string
	// date is the gold publication date (goldset.Case.Date).
	date string
	// meta is the metadata gold.
	meta goldset.Meta
}

// system is one extractor under test: it maps a page to its main text.
type system struct {
	name string
	// extract returns the extracted plain text of p. An error counts as
	// empty output.
	extract func(p *page) (string, error)
}

// allSystems lists the systems in table order. The names are the values
// accepted by -systems.
var allSystems = []system{
	{"copydesk", extractCopydesk},
	{"go-trafilatura", extractTrafilatura},
	{"go-readability", extractReadability},
	{"keep-all", extractKeepAll},
}

// referenceSystem is the system the speed ratio is computed against.
const referenceSystem = "go-trafilatura"

// extractCopydesk is copydesk's article extractor, article.Extract, with
// its default options (publication dates included), on the page as served
// and its URL.
func extractCopydesk(p *page) (string, error) {
	url := ""
	if p.url != nil {
		url = p.url.String()
	}
	a, err := article.Extract(p.raw, url, article.Options{})
	if err != nil {
		return "", err
	}
	return a.Text(), nil
}

// extractKeepAll is the baseline: every visible line of the page.
func extractKeepAll(p *page) (string, error) {
	doc, err := htmltext.Extract(p.raw, "")
	if err != nil {
		return "", err
	}
	return doc.Text, nil
}

// extractTrafilatura runs go-trafilatura with its default options (the
// page URL is passed when known) and returns the main text without
// comments.
func extractTrafilatura(p *page) (string, error) {
	res, err := trafilatura.Extract(bytes.NewReader(p.utf8), trafilatura.Options{OriginalURL: p.url})
	if err != nil || res == nil {
		return "", err
	}
	return res.ContentText, nil
}

// extractReadability runs go-readability with its default parser and
// returns the article's text content.
func extractReadability(p *page) (string, error) {
	art, err := readability.FromReader(bytes.NewReader(p.utf8), p.url)
	if err != nil {
		return "", err
	}
	return art.TextContent, nil
}
