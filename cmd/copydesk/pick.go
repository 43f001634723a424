package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/source"
)

// pick names one record of an input for the commands that look at one
// page (extract, wet, clean): by its offset, as the manifest and a
// record's source_offset give it, or by its URL, an archive's
// WARC-Target-URI. An archive is many records, and these commands refuse
// one unless a record is picked.
type pick struct {
	offset int64 // -1: none
	url    string
}

func (p *pick) flags(fs *flag.FlagSet, urlUsage string) {
	p.offset = -1
	fs.Var(offsetValue{&p.offset}, "offset", "pick the record at this byte offset of an archive (WARC, WET, ARC, .gz), as the manifest and source_offset give it")
	fs.StringVar(&p.url, "url", "", urlUsage)
}

// offsetValue is the flag.Value of --offset: a byte offset, 0 or more.
type offsetValue struct{ p *int64 }

func (v offsetValue) String() string {
	if v.p == nil || *v.p < 0 {
		return ""
	}
	return strconv.FormatInt(*v.p, 10)
}

func (v offsetValue) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a byte offset, 0 or more (a record's source_offset)")
	}
	*v.p = n
	return nil
}

func (p *pick) set() bool { return p.offset >= 0 || p.url != "" }

// errNotAPage is the error of a picked record that holds no page.
var errNotAPage = errors.New("not a page")

// notAPage returns the error of d, a record its source dropped as
// holding no page, naming the reason a run drops it for.
func notAPage(d *copydesk.Document) error {
	return fmt.Errorf("%s: %w: the record is dropped as %s", d.Source, errNotAPage, d.Reason)
}

// records returns the records of file the command is to look at, read as
// format when file is not an archive: all of them, or the one p picks.
// A format other than html or warc is taken as given, without looking
// for an archive. byURL says whether --url picks a record in an input
// that is not an archive (for extract, it is the page's address
// instead).
func (p *pick) records(e *env, file string, format copydesk.Format, byURL bool) (iter.Seq[*copydesk.Document], error) {
	sniff := format == "" || format == copydesk.FormatHTML
	stdin := func() io.Reader { return e.stdin }
	if sniff && file == source.Stdin {
		// Standard input is read twice, once to sniff it: it is held.
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, err
		}
		stdin = func() io.Reader { return bytes.NewReader(data) }
	}
	archive := format == copydesk.FormatWARC
	if sniff {
		for d := range source.Documents([]string{file}, stdin(), source.Options{}) {
			archive = d.Source.Format == copydesk.FormatWARC
			break
		}
	}
	if !archive {
		if p.offset >= 0 || p.url != "" && byURL {
			return one(file, source.Documents([]string{file}, stdin(), source.Options{Format: format}), p, byURL)
		}
		return source.Documents([]string{file}, stdin(), source.Options{Format: format}), nil
	}
	if !p.set() {
		return nil, usagef("%s is an archive of many records: pick one with --offset N (its source_offset, as the manifest gives it) or --url U (the first record with that target URI)", file)
	}
	return one(file, source.Documents([]string{file}, stdin(), source.Options{Format: copydesk.FormatWARC}), p, true)
}

// one returns the record of docs that p picks: the one at p.offset, or
// the first page with the URL p.url.
func one(file string, docs iter.Seq[*copydesk.Document], p *pick, byURL bool) (iter.Seq[*copydesk.Document], error) {
	var found, notPage *copydesk.Document
	for d := range docs {
		if p.offset >= 0 && d.Source.Offset != p.offset || byURL && p.url != "" && d.URL != p.url {
			continue
		}
		if d.Outcome == copydesk.Dropped {
			// A request or metadata record names the same URL as the
			// response: the first page with it is meant.
			if notPage == nil {
				notPage = d
			}
			if p.offset < 0 {
				continue
			}
		}
		found = d
		break
	}
	switch {
	case found != nil && found.Outcome == copydesk.Failed:
		return nil, found.Err
	case found != nil && found != notPage:
		return func(yield func(*copydesk.Document) bool) { yield(found) }, nil
	case notPage != nil:
		return nil, notAPage(notPage)
	case p.offset >= 0:
		return nil, fmt.Errorf("%s: no record starts at offset %d (an offset is a record's source_offset: in an archive, of its WARC/ line in the decompressed stream)", file, p.offset)
	}
	return nil, fmt.Errorf("%s: no record with URL %s", file, p.url)
}
