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
	// find returns the page's publication date, whether it has a time of
	// day, and whether a date was found.
	find func(p *page) (found, error)
}

// found is a date finder's answer.
type found struct {
	t       time.Time
	hasTime bool
	ok      bool
}

// dateSets are the gold sets scored by -dates: the htmldate set (a day
// per page), and the publication dates of the Fundus set (a time with
// the page's own offset) and of the Postlight set (a time in UTC, on the
// pages whose gold asserts one).
var dateSets = []string{
	"date-htmldate-eval-dev",
	"extract-fundus-dev",
	"meta-postlight-dev",
}

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

func findCopydesk(p *page) (found, error) {
	url := ""
	if p.url != nil {
		url = p.url.String()
	}
	res, ok := pubdate.Find(p.raw, url, pubdate.Options{})
	return found{res.Published, res.HasTime, ok}, nil
}

// findHTMLDate runs go-htmldate with its default options, asking for the
// original publication date rather than the last modification, and giving
// the page URL when the set has one.
func findHTMLDate(p *page) (found, error) {
	opts := htmldate.Options{UseOriginalDate: true}
	if p.url != nil {
		opts.URL = p.url.String()
	}
	res, err := htmldate.FromReader(bytes.NewReader(p.utf8), opts)
	if err != nil {
		// go-htmldate reports "no date found" as an error too.
		return found{}, nil
	}
	return found{res.DateTime, res.HasTime, !res.IsZero()}, nil
}
