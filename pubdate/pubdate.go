// Package pubdate finds when a news web page was published, and when it
// was last modified, from the page's markup, its URL and its text.
//
// Signals are ranked, the most explicit first:
//
//  1. JSON-LD datePublished in any object of a script (arrays, @graph and
//     nested values included); article and posting objects rank above
//     others, comments, reviews and media below.
//  2. Meta tags that name a publication date (article:published_time,
//     og:published_time, datePublished, pubdate, DC.date.issued,
//     dcterms.created, sailthru.date, parsely-pub-date,
//     citation_publication_date and similar), then elements marked
//     itemprop="datePublished", then JSON-LD dateCreated.
//  3. A <time> element marked as the publication time (a pubdate
//     attribute, or a class such as "published" or "entry-date").
//  4. A complete date in the URL (/2017/04/19/, /20170419/, 2017-04-19).
//  5. <abbr class="published">, and <time> elements in a byline, header
//     or date-named element.
//  6. Dates in the visible text after a word such as "Published",
//     "Veröffentlicht" or "Publié", then a date in the text just under
//     the first <h1> (the dateline under the headline), then dates in
//     elements whose class or id names a date, time, byline or post meta.
//  7. Generic date meta tags ("date", "DC.date"), other <time> elements,
//     the first date in the text.
//  8. Last resorts: a date that the page's other scripts give under a
//     publication key ("publishedAt", "published_at", "publishDate"...,
//     in state objects of JavaScript front ends and widgets), dates in
//     navigation, footers, sidebars and comment sections, a date written
//     in the meta description, a "createdAt" or "created_at" in a
//     script, and a complete date in the path of the og:image or
//     twitter:image URL.
//
// <time> elements of one rank that give three or more different days after
// a date of the page's own are a list of teasers, and rank with the last
// resorts. Among signals of one rank the first in the page wins. Checks
// follow: a
// publication time stated in UTC is moved to the page's own zone when
// another signal states the same instant in local time; a complete URL
// date more than two days older than the markup's date wins, since markup
// often follows later revisions; a time still in UTC that falls, near
// midnight, on the day before or after the URL's day is read in the
// nearest zone that gives the URL's day; a day without a time of day takes
// the time of another signal on that day that states its zone; and when
// the page's text shows the
// modification date as its date, never the publication date, the shown
// date is reported. When the page states only a modification date, that
// stands in as the publication date.
//
// A date is plausible when it falls between Options.Earliest and one day
// after Options.Now; implausible dates are dropped wherever they come
// from.
//
// The page is read once with a streaming tokenizer (no DOM is built). The
// visible text searched for dates is capped at [MaxTextBytes], each
// JSON-LD script is decoded up to 256 KiB, other scripts are searched up
// to 1 MiB in all, and at most 64 text dates are considered, so the work
// per page is bounded by its size.
package pubdate

import (
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
)

// MaxTextBytes bounds the visible text, from the top of the page, that is
// searched for written dates.
const MaxTextBytes = 96 << 10

// Result is the date found for a page.
type Result struct {
	// Published is the publication date. When the page gives no time of
	// day it is midnight UTC of that day; when it gives a time without a
	// zone, the time is as written, in UTC; otherwise the page's zone is
	// kept.
	Published time.Time
	// Modified is the last modification date the page states, or zero
	// when it states none later than Published.
	Modified time.Time
	// HasTime reports whether the page gave a time of day for Published.
	HasTime bool
	// Source names the signal Published came from: "json-ld",
	// "json-ld:dateCreated", "meta:<name>" with the lower-case meta name
	// or property (as in "meta:article:published_time"), "itemprop",
	// "time-element", "abbr", "url", "text", or for a page that states
	// only a modification date the modified signal ("json-ld:dateModified",
	// "meta:article:modified_time", "text:updated", ...).
	Source string
}

// Options tunes Find.
type Options struct {
	// Now is the present: dates later than one day after Now are
	// rejected. The zero value means time.Now().
	Now time.Time
	// Earliest is the first plausible date; earlier dates are rejected.
	// The zero value means 1995-01-01, before which news was not on the
	// web.
	Earliest time.Time
}

// Find returns the publication date of page, an HTML document, fetched
// from url (which may be empty). It reports false when neither the page
// nor the URL holds a plausible date. Find never panics, whatever the
// input.
//
// Numeric dates such as 04/05/2017 are read day first unless the page
// declares US English (lang "en-US", or "en" alone), when they are read
// month first; a field above 12 settles the order either way, and dotted
// dates (05.04.2017) are always day first.
func Find(page []byte, url string, opts Options) (Result, bool) {
	f := NewFinder(url, opts)
	defer f.Release()
	htmltext.Options{}.Observe(page, "", f)
	return f.Result()
}

// A Finder finds a page's dates from its tokens, passed to it by a reader
// of the page as an htmltext.Observer, so that the page is read once for
// its text and its dates. Find is the same with a pass of its own.
type Finder struct {
	c collector
}

// NewFinder returns a Finder for the page fetched from url (which may be
// empty).
func NewFinder(url string, opts Options) *Finder {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	earliest := opts.Earliest
	if earliest.IsZero() {
		earliest = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f, _ := finders.Get().(*Finder)
	if f == nil {
		f = new(Finder)
	}
	c := &f.c
	// The buffers of a released Finder are reused; they are bounded
	// (MaxTextBytes, maxJSONLD), so the pool holds little.
	*c = collector{latest: now.Add(24 * time.Hour), earliest: earliest, nowYear: now.Year(),
		pub: c.pub[:0], mod: c.mod[:0], stack: c.stack[:0], text: c.text[:0], segs: c.segs[:0],
		jsonBuf: c.jsonBuf[:0], hintBuf: c.hintBuf[:0], capt: capture{buf: c.capt.buf[:0]}}
	if st, ok := urlDate(url); ok {
		f.c.add(st, rankURL, "url")
	}
	return f
}

// finders holds the Finders given back by Release.
var finders sync.Pool

// Release gives f's buffers back for a later NewFinder to reuse, which
// spares the allocator and the garbage collector a page's text per page.
// f must not be used after Release; a Result it returned stays valid.
func (f *Finder) Release() {
	f.c.ld = nil
	finders.Put(f)
}

// StartTag, EndTag and Text make a Finder an htmltext.Observer.
func (f *Finder) StartTag(a atom.Atom, attrs []htmltext.Attr, selfClosing bool) {
	f.c.StartTag(a, attrs, selfClosing)
}

func (f *Finder) EndTag(a atom.Atom) { f.c.EndTag(a) }

func (f *Finder) Text(text []byte, in atom.Atom) { f.c.Text(text, in) }

// JSONLD returns the value of the JSON-LD script that the last EndTag
// closed, when it decoded (json.Unmarshal into an any) as one object or
// array, and the number of bytes of text the script held; ok is false
// otherwise. The value is shared, not copied: it must not be modified.
// A reader of the same tokens that decodes JSON-LD too can use it
// instead of decoding the script again.
func (f *Finder) JSONLD() (v any, size int, ok bool) {
	return f.c.ld, f.c.ldSize, f.c.ld != nil
}

// Result returns the dates found in the tokens seen so far, as Find does.
// Call it once, after the last token.
func (f *Finder) Result() (Result, bool) {
	c := &f.c
	c.textDates()

	demoteListings(c.pub)
	pub, ok := best(c.pub)
	mod, okMod := best(c.mod)
	if !ok {
		if !okMod {
			return Result{}, false
		}
		return Result{Published: mod.st.t, HasTime: mod.st.hasTime, Source: mod.source}, true
	}
	pub = localize(pub, c.pub)
	if u, ok := c.urlCand(); ok && pub.source != "url" {
		if pub.st.t.Sub(u.st.t) > 48*time.Hour {
			// A URL keeps the date an article was first filed under,
			// while markup dates may follow later revisions.
			pub = u
		} else {
			pub.st.t = toURLDay(pub.st, u.st.t)
		}
	}
	if okMod && (shownInstead(pub, mod, c.pub, c.mod) || weakerThanUpdate(pub, mod)) {
		pub = mod
	}
	pub = withTime(pub, c.pub)
	r := Result{Published: pub.st.t, HasTime: pub.st.hasTime, Source: pub.source}
	if okMod && mod.st.t.After(pub.st.t) {
		r.Modified = mod.st.t
	}
	return r, true
}

// A cand is one candidate date, with the rank of its signal (lower is
// more trusted) and its order of discovery.
type cand struct {
	st     stamp
	rank   int
	order  int
	source string
}

// Signal ranks; lower wins, and among equal ranks the earlier in the page.
const (
	rankJSONPublished = 10 // +0 article, +1 other, +2 comment or media
	rankMetaPublished = 13
	rankItemprop      = 14
	rankJSONCreated   = 16
	rankTimePub       = 17
	rankURL           = 20
	rankMetaDate      = 33
	rankAbbr          = 23
	rankTimeContext   = 24
	rankTextKeyword   = 30
	rankTextNearTitle = 31
	rankTextHint      = 32
	rankTimeOther     = 34
	rankTextFirst     = 40

	rankScriptPublished     = 42
	rankTimeExcluded        = 44
	rankTextExcludedKeyword = 45
	rankTextExcluded        = 47
	rankDescription         = 48
	rankScriptCreated       = 49
	rankImageURL            = 50

	rankJSONModified    = 10
	rankMetaModified    = 13
	rankItempropMod     = 14
	rankTimeModified    = 17
	rankMetaLastMod     = 22
	rankTextModified    = 30
	rankTextModifiedHit = 32
	rankTextExcludedMod = 47
)

// rankListing is the rank of dates from a signal that reads as a list
// of other pages' dates.
const rankListing = 46

// demoteListings moves below every signal of the article itself the
// <time> elements of a rank that give three or more
// different days, when the page shows a date of its own before them: a
// page that marks its own date so gives one, and repeats it at most,
// while a list of teasers gives each its own. On a page that is itself
// a list, with no date before it, the first entry's date stands.
func demoteListings(cs []cand) {
	for i := range cs {
		r := cs[i].rank
		if r < rankTimePub || r >= rankTimeExcluded || cs[i].source != "time-element" {
			continue
		}
		var days [3]time.Time
		n := 0
		for _, c := range cs {
			if c.rank != r || c.source != cs[i].source {
				continue
			}
			seen := false
			for _, d := range days[:n] {
				if sameDay(d, c.st.t) {
					seen = true
					break
				}
			}
			if !seen {
				days[n] = c.st.t
				if n++; n == len(days) {
					break
				}
			}
		}
		if n < len(days) || !datedBefore(cs, r, cs[i].source) {
			continue
		}
		src := cs[i].source
		for j := range cs {
			if cs[j].rank == r && cs[j].source == src {
				cs[j].rank = rankListing
			}
		}
	}
}

// datedBefore reports whether a <time> element or text date outside the
// group of rank r and source src, and outside the page's chrome, comes
// before the group's first date.
func datedBefore(cs []cand, r int, src string) bool {
	first := -1
	for _, c := range cs {
		if c.rank == r && c.source == src && (first < 0 || c.order < first) {
			first = c.order
		}
	}
	for _, c := range cs {
		if c.order < first && (c.rank != r || c.source != src) && c.rank < rankTimeExcluded &&
			(c.source == "time-element" || c.source == "text") {
			return true
		}
	}
	return false
}

func best(cs []cand) (cand, bool) {
	if len(cs) == 0 {
		return cand{}, false
	}
	b := cs[0]
	for _, c := range cs[1:] {
		if c.rank < b.rank || c.rank == b.rank && c.order < b.order {
			b = c
		}
	}
	return b, true
}

// localize returns b in the page's local zone when b is stated in UTC
// and another candidate states the same instant with a zone, or as a
// wall-clock time (no zone) a whole number of quarter hours away, up to
// 14 hours: many sites give UTC in markup and local time in the text,
// and the local day is the publication day readers see.
func localize(b cand, cs []cand) cand {
	if !b.st.hasTime {
		return b
	}
	if _, off := b.st.t.Zone(); off != 0 {
		return b
	}
	bt := b.st.t.Truncate(time.Minute)
	for _, c := range cs {
		if !c.st.hasTime {
			continue
		}
		if _, off := c.st.t.Zone(); off != 0 {
			if c.st.t.Equal(b.st.t) {
				b.st.t = c.st.t
				return b
			}
			continue
		}
		d := c.st.t.Truncate(time.Minute).Sub(bt)
		if d != 0 && d <= 14*time.Hour && d >= -14*time.Hour && d%(15*time.Minute) == 0 {
			b.st.t = b.st.t.In(time.FixedZone("", int(d/time.Second)))
			return b
		}
	}
	return b
}

// withTime gives the day b, when it has no time of day, the time of
// another candidate on that day outside the page's chrome that states
// its zone's offset: a dateline in the text often stands beside a <time>
// element or meta tag with the hour. A time in UTC is not taken, since a
// time written without a zone reads as UTC too and could move the day.
func withTime(b cand, cs []cand) cand {
	if b.st.hasTime {
		return b
	}
	for _, c := range cs {
		if _, off := c.st.t.Zone(); c.st.hasTime && off != 0 && c.rank < rankTimeExcluded && sameDay(c.st.t, b.st.t) {
			b.st = c.st
			return b
		}
	}
	return b
}

// toURLDay returns the time of st in the zone of the URL's day when st
// is a time stated in UTC that falls on the day before or after the day
// urlDay of the URL, and on the URL's day in some zone from UTC-12 to
// UTC+14: sites often state times in UTC, and file the article under
// the local day, which is the day its readers saw. The zone chosen is
// the whole number of hours nearest to UTC that gives the URL's day; the
// instant is kept. Any other time is returned as it is.
func toURLDay(st stamp, urlDay time.Time) time.Time {
	t := st.t
	if !st.hasTime || sameDay(t, urlDay) {
		return t
	}
	if _, off := t.Zone(); off != 0 {
		return t
	}
	start := time.Date(urlDay.Year(), urlDay.Month(), urlDay.Day(), 0, 0, 0, 0, time.UTC)
	var h int
	switch d := t.Sub(start); {
	case d < 0 && d >= -14*time.Hour:
		h = int((-d + time.Hour - 1) / time.Hour) // ahead of UTC
		if h > 14 {
			return t
		}
	case d >= 24*time.Hour && d < 36*time.Hour:
		h = -int((d - 24*time.Hour + time.Hour) / time.Hour) // behind UTC
		if h < -12 {
			return t
		}
	default:
		return t
	}
	if lt := t.In(time.FixedZone("", h*3600)); sameDay(lt, urlDay) {
		return lt
	}
	return t
}

// shownInstead reports whether the page shows its readers the
// modification date mod, and not the publication date pub that its
// markup states, as the date of the page. Sites that republish an
// article under a new date often keep the first date in their metadata
// only; the date readers see is the one the page stands for.
func shownInstead(pub, mod cand, pubs, mods []cand) bool {
	if pub.rank >= rankTextKeyword || mod.rank >= rankTextKeyword || sameDay(pub.st.t, mod.st.t) || mod.st.t.Before(pub.st.t) {
		return false
	}
	seenMod := false
	for _, c := range pubs {
		if c.rank < rankTextKeyword || c.rank > rankTextFirst || !strings.HasPrefix(c.source, "text") {
			continue
		}
		if sameDay(c.st.t, pub.st.t) {
			return false
		}
		if sameDay(c.st.t, mod.st.t) {
			seenMod = true
		}
	}
	for _, c := range mods {
		if strings.HasPrefix(c.source, "text") && sameDay(c.st.t, pub.st.t) {
			return false
		}
	}
	return seenMod
}

// weakerThanUpdate reports whether the publication date pub is only a
// date in the text that no word marks as one, while the text marks mod,
// a later date outside the page's chrome, as the date of an update: the
// date a reader is told is the page's is the update's.
func weakerThanUpdate(pub, mod cand) bool {
	return pub.rank >= rankTextHint && pub.rank <= rankTextFirst && strings.HasPrefix(pub.source, "text") &&
		mod.source == "text:updated" && mod.rank <= rankTextModifiedHit && mod.st.t.After(pub.st.t)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func (c *collector) urlCand() (cand, bool) {
	for _, x := range c.pub {
		if x.source == "url" {
			return x, true
		}
	}
	return cand{}, false
}

// plausible reports whether st lies within [earliest, latest].
func (c *collector) plausible(st stamp) bool {
	t := st.t
	return !t.Before(c.earliest) && !t.After(c.latest)
}

func (c *collector) add(st stamp, rank int, source string) {
	if !c.plausible(st) || len(c.pub) >= 256 {
		return
	}
	c.order++
	c.pub = append(c.pub, cand{st, rank, c.order, source})
}

func (c *collector) addModified(st stamp, rank int, source string) {
	if !c.plausible(st) || len(c.mod) >= 256 {
		return
	}
	c.order++
	c.mod = append(c.mod, cand{st, rank, c.order, source})
}

// Format writes t as RFC 3339 when withTime is set, as YYYY-MM-DD
// otherwise: the form copydesk's records use for dates.
func Format(t time.Time, withTime bool) string {
	if withTime {
		return t.Format(time.RFC3339)
	}
	return t.Format(time.DateOnly)
}
