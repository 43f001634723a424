package main

import (
	"bytes"
	"time"

	htmldate "github.com/markusmobius/go-htmldate"

	"github.com/copydesk/copydesk/pubdate"
)

// dateSystem is one publication-date finder under test.
type dateSystem struct {
	name string
	// find returns the page's publication date and whether one was found.
	find func(p *page) (time.Time, bool, error)
}

// dateSetName is the gold set scored by -dates.
const dateSetName = "date-htmldate-eval-dev"

// referenceDateSystem is the system the date speed ratio is computed
// against.
const referenceDateSystem = "go-htmldate"

// dateSystems lists the date finders in table order. A finder whose find
// is nil is listed as not available.
var dateSystems = []dateSystem{
	{"copydesk", copydeskDates},
	{"go-htmldate", findHTMLDate},
}

// copydeskDates is copydesk's own date finder, package pubdate, with its
// default options, on the page as served and its URL.
//
// >>> PLUG-IN POINT for copydesk's publication-date finder. <<<
// This is the only place in the benchmark that knows the pubdate API. If
// that API changes, adapt this function; set copydeskDates to nil to list
// copydesk as not available.
var copydeskDates = findCopydesk

func findCopydesk(p *page) (time.Time, bool, error) {
	url := ""
	if p.url != nil {
		url = p.url.String()
	}
	res, ok := pubdate.Find(p.raw, url, pubdate.Options{})
	return res.Published, ok, nil
}

// findHTMLDate runs go-htmldate with its default options, asking for the
// original publication date rather than the last modification, and giving
// the page URL when the set has one.
func findHTMLDate(p *page) (time.Time, bool, error) {
	opts := htmldate.Options{UseOriginalDate: true}
	if p.url != nil {
		opts.URL = p.url.String()
	}
	res, err := htmldate.FromReader(bytes.NewReader(p.utf8), opts)
	if err != nil {
		// go-htmldate reports "no date found" as an error too.
		return time.Time{}, false, nil
	}
	return res.DateTime, !res.IsZero(), nil
}
