package stage

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/lang"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/segment"
)

// Drop reasons of the filters.
const (
	ReasonSiteNotListed = "site-not-listed" // the URL's host is not among Filter.Sites
	ReasonSiteExcluded  = "site-excluded"   // the URL's host is among Filter.ExcludeSites
	ReasonURLNotMatched = "url-not-matched" // the URL does not match Filter.URLMatch
	ReasonOtherLang     = "other-lang"      // the article's language is not among Filter.Langs
	ReasonTooOld        = "too-old"         // published before Filter.Since
	ReasonTooNew        = "too-new"         // published after Filter.Until
	ReasonUndated       = "undated"         // no publication date, and Filter.KeepUndated is not set
	ReasonTooLong       = "too-long"        // more words than Filter.MaxWords
)

// Filter says which Documents a dataset wants. Each test that a Document
// fails drops it with a reason of its own (the Reason constants), so the
// manifest says how much each one took. The zero value passes every
// Document.
type Filter struct {
	// Sites, when not empty, keeps only the Documents whose URL's host
	// is one of these or a subdomain of one ("www." is ignored on both
	// sides). A Document without a URL is dropped.
	Sites []string
	// ExcludeSites drops the Documents whose URL's host is one of these
	// or a subdomain of one.
	ExcludeSites []string
	// URLMatch, when set, keeps only the Documents whose URL it matches.
	URLMatch *regexp.Regexp

	// Langs, when not empty, keeps only the articles whose language (as
	// identified from the text, package lang) is one of these ISO 639-1
	// codes.
	Langs []string
	// Since and Until, when not zero, bound the publication date, both
	// inclusive. A date without a time of day is its whole day (UTC): it
	// passes when any part of the day is within the bounds.
	Since, Until time.Time
	// KeepUndated keeps, when Since or Until is set, the articles with no
	// publication date (or one that cannot be read); otherwise they are
	// dropped as "undated".
	KeepUndated bool
	// MaxWords, when positive, drops longer articles.
	MaxWords int
}

// ErrFilter is wrapped by the errors of a Filter that cannot be used.
var ErrFilter = errors.New("stage: bad filter")

// Validate reports whether f can be used: its languages must be among
// lang.Languages(), its hosts hosts, its date bounds in order.
func (f *Filter) Validate() error {
	known := lang.Languages()
	for _, l := range f.Langs {
		if !slices.Contains(known, l) {
			return fmt.Errorf("%w: language %q is not an ISO 639-1 code copydesk identifies (%s)", ErrFilter, l, strings.Join(known, " "))
		}
	}
	for _, h := range append(slices.Clone(f.Sites), f.ExcludeSites...) {
		if n := normalHost(h); n == "" || strings.ContainsAny(n, "/ ") {
			return fmt.Errorf("%w: %q is not a host name", ErrFilter, h)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since) {
		return fmt.Errorf("%w: the date range ends before it starts", ErrFilter)
	}
	if f.MaxWords < 0 {
		return fmt.Errorf("%w: MaxWords cannot be negative", ErrFilter)
	}
	return nil
}

// ByURL reports whether f tests the URL, which FilterURL does.
func (f *Filter) ByURL() bool {
	return len(f.Sites) > 0 || len(f.ExcludeSites) > 0 || f.URLMatch != nil
}

// ByArticle reports whether f tests the article, which FilterArticle
// does.
func (f *Filter) ByArticle() bool {
	return len(f.Langs) > 0 || !f.Since.IsZero() || !f.Until.IsZero() || f.MaxWords > 0
}

// FilterURL returns the stage that drops the Documents whose URL f does
// not want. It needs no more than the URL, so it runs before Clean: a
// page not wanted is never extracted.
func FilterURL(f Filter) pipeline.Stage {
	sites := normalHosts(f.Sites)
	exclude := normalHosts(f.ExcludeSites)
	return func(d *copydesk.Document) error {
		if len(sites) > 0 || len(exclude) > 0 {
			host := urlHost(d.URL)
			if len(sites) > 0 && !hostIn(host, sites) {
				return copydesk.Reject(ReasonSiteNotListed, host)
			}
			if hostIn(host, exclude) {
				return copydesk.Reject(ReasonSiteExcluded, host)
			}
		}
		if f.URLMatch != nil && !f.URLMatch.MatchString(d.URL) {
			return copydesk.Reject(ReasonURLNotMatched, d.URL)
		}
		return nil
	}
}

// FilterArticle returns the stage that drops the articles whose language,
// publication date or length f does not want. It runs after Clean, which
// identifies the language, finds the date and counts the words.
func FilterArticle(f Filter) pipeline.Stage {
	dated := !f.Since.IsZero() || !f.Until.IsZero()
	return func(d *copydesk.Document) error {
		if len(f.Langs) > 0 && !slices.Contains(f.Langs, d.Lang) {
			return copydesk.Reject(ReasonOtherLang, d.Lang)
		}
		if dated {
			start, end, ok := dateSpan(d.Date)
			switch {
			case !ok && !f.KeepUndated:
				return copydesk.Reject(ReasonUndated, d.Date)
			case !ok:
			case !f.Since.IsZero() && !end.After(f.Since):
				return copydesk.Reject(ReasonTooOld, d.Date)
			case !f.Until.IsZero() && start.After(f.Until):
				return copydesk.Reject(ReasonTooNew, d.Date)
			}
		}
		if f.MaxWords > 0 {
			words := 0
			for _, p := range d.Paragraphs {
				words += segment.CountWords(p)
			}
			if words > f.MaxWords {
				return copydesk.Reject(ReasonTooLong, "")
			}
		}
		return nil
	}
}

// dateSpan returns the time a record's date stands for, from start up to
// end (excluded): a day for a date, a nanosecond for a time.
func dateSpan(date string) (start, end time.Time, ok bool) {
	if t, err := time.Parse(time.DateOnly, date); err == nil {
		return t, t.AddDate(0, 0, 1), true
	}
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		return t, t.Add(time.Nanosecond), true
	}
	return time.Time{}, time.Time{}, false
}

// ParseDate reads a date bound as a command line gives it: YYYY-MM-DD
// (midnight UTC; with endOfDay, the last instant of that day, for an
// inclusive upper bound) or RFC 3339.
func ParseDate(s string, endOfDay bool) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: date %q: want YYYY-MM-DD or RFC 3339 (2024-03-05T14:00:00Z)", ErrFilter, s)
	}
	return t, nil
}

// urlHost returns the normalized host of raw, "" when it has none.
func urlHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return normalHost(u.Hostname())
}

// normalHost lowercases a host and strips a leading "www." and a
// trailing dot; a host given as a URL is taken from it.
func normalHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if strings.Contains(h, "://") {
		h = urlHost(h)
	}
	h = strings.TrimSuffix(h, ".")
	return strings.TrimPrefix(h, "www.")
}

func normalHosts(hosts []string) []string {
	out := make([]string, 0, len(hosts))
	for _, h := range hosts {
		out = append(out, normalHost(h))
	}
	return out
}

// hostIn reports whether host is one of hosts or a subdomain of one.
func hostIn(host string, hosts []string) bool {
	if host == "" {
		return false
	}
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}
