package metadata

import (
	"strings"
)

// titleSeps separate a headline from a site or section name in a title.
// The colons, last, are only split on when a side names the site or is
// the <h1>, since headlines use them too.
var titleSeps = [...]string{" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " ‹ ", " › ", " ~ ", " / ",
	" // ", " ｜ ", "｜", " ｜", "｜ ", " － ", ": ", "："}

// colonSeps is the number of colons at the end of titleSeps.
const colonSeps = 2

// siteNamer tells whether a title part names the site.
type siteNamer struct {
	site  string   // folded site name
	hosts []string // folded host names
}

func newSiteNamer(site string, hosts []string) siteNamer {
	n := siteNamer{site: fold(site)}
	for _, h := range hosts {
		if f := fold(h); len(f) >= 2 {
			n.hosts = append(n.hosts, f)
		}
	}
	return n
}

// names reports whether part names the site: it is the site name, or
// starts the site name or is started by it (in few words), or is the
// site's host name, or is the short name of a company or association
// ("Verband e.V.", "Example GmbH").
func (n siteNamer) names(part string) bool {
	f := fold(part)
	if f == "" {
		return false
	}
	if n.site != "" {
		if f == n.site {
			return true
		}
		if units(part) <= 6 && len(f) >= 3 && len(n.site) >= 3 &&
			(strings.HasPrefix(n.site, f) || strings.HasPrefix(f, n.site)) {
			return true
		}
	}
	if n.host(f) {
		return true
	}
	// A company or association is a site, not a headline.
	words := strings.Fields(part)
	if len(words) <= 6 {
		for _, w := range words {
			if orgWords[strings.ToLower(w)] {
				return true
			}
		}
	}
	return false
}

// is reports whether part is exactly the site's name or host name.
func (n siteNamer) is(part string) bool {
	f := fold(part)
	return f != "" && (f == n.site || n.host(f))
}

// host reports whether the folded text f is one of the site's host names.
func (n siteNamer) host(f string) bool {
	for _, h := range n.hosts {
		if f == h {
			return true
		}
	}
	return false
}

// stripTitle removes site names from the start and end of a title, split
// on titleSeps. Then, when a part of it is the <h1>, that part is the
// title, unless it ends the title and is less than half as long as the
// rest (an <h1> holding the site's logo). With byLength, a short part
// (four words at most) at the end, or else at the start, is dropped when
// the rest is at least three words and twice as long: the headline is the
// longer side; a part at the start is kept when it has more words of
// the <h1> than the rest.
func stripTitle(t string, n siteNamer, h1 string, byLength bool) string {
	t = trimSeps(t)
	for range 3 {
		changed := false
		for _, sep := range titleSeps {
			if i := strings.LastIndex(t, sep); i > 0 && n.names(t[i+len(sep):]) && fold(t[:i]) != "" {
				t, changed = trimSeps(t[:i]), true
				break
			}
			if i := strings.Index(t, sep); i > 0 && n.names(t[:i]) && fold(t[i+len(sep):]) != "" {
				t, changed = trimSeps(t[i+len(sep):]), true
				break
			}
		}
		if !changed {
			break
		}
	}
	if fh := fold(h1); fh != "" && fold(t) != fh {
		for _, sep := range titleSeps {
			for off := 0; ; {
				i := strings.Index(t[off:], sep)
				if i < 0 {
					break
				}
				i += off
				head, tail := t[:i], t[i+len(sep):]
				if fold(head) == fh {
					return trimSeps(head)
				}
				if fold(tail) == fh && 2*units(tail) >= units(head) {
					return trimSeps(tail)
				}
				off = i + len(sep)
			}
		}
	}
	if !byLength {
		return t
	}
	for _, sep := range titleSeps[:len(titleSeps)-colonSeps] {
		if i := strings.LastIndex(t, sep); i > 0 {
			head, tail := t[:i], t[i+len(sep):]
			if u, v := units(head), units(tail); v >= 1 && v <= 4 && u >= 3 && u >= 2*v {
				return trimSeps(head)
			}
		}
		if i := strings.Index(t, sep); i > 0 {
			head, tail := t[:i], t[i+len(sep):]
			if u, v := units(head), units(tail); u >= 1 && u <= 4 && v >= 3 && v >= 2*u &&
				overlap(head, h1) <= overlap(tail, h1) {
				return trimSeps(tail)
			}
		}
	}
	return t
}

// logo reports whether h1 is a short part at the end of the title: the
// site's name in its logo, not the headline.
func logo(title, h1 string) bool {
	fh := fold(h1)
	if fh == "" {
		return false
	}
	for _, sep := range titleSeps {
		if i := strings.LastIndex(title, sep); i > 0 {
			head, tail := title[:i], title[i+len(sep):]
			if fold(tail) == fh && 2*units(tail) < units(head) {
				return true
			}
		}
	}
	return false
}

// overlap counts the words of part, three letters or longer, that occur
// in h1.
func overlap(part, h1 string) int {
	fh := fold(h1)
	if fh == "" {
		return 0
	}
	n := 0
	for w := range strings.FieldsSeq(part) {
		if f := fold(w); len(f) >= 3 && strings.Contains(fh, f) {
			n++
		}
	}
	return n
}

// trimSeps trims spaces and separators left dangling at the ends of a
// title ("Headline ::").
func trimSeps(t string) string {
	return strings.Trim(t, " |-–—:·/｜－　：")
}

// siteFromTitle returns the part at the end or start of a title, split on
// titleSeps, that holds the site's host name ("Example" or "Example Blog"
// on example.com), or "".
func siteFromTitle(t string, n siteNamer) string {
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > 0 {
			if p := trimSeps(t[i+len(sep):]); n.inHost(p) {
				return p
			}
		}
		if i := strings.Index(t, sep); i > 0 {
			if p := trimSeps(t[:i]); n.inHost(p) {
				return p
			}
		}
	}
	return ""
}

// inHost reports whether part, in six words at most, holds one of the
// site's host names.
func (n siteNamer) inHost(part string) bool {
	f := fold(part)
	if f == "" || units(part) > 6 {
		return false
	}
	for _, h := range n.hosts {
		if f == h || (len(h) >= 4 && strings.Contains(f, h)) {
			return true
		}
	}
	return false
}

// chooseTitle picks the headline among the candidates (meta and JSON-LD
// titles, best first), the <title> text and the first <h1>, as the Title
// field documents. Candidates and an <h1> that only name the site are
// ignored.
func chooseTitle(cands []string, title, h1 string, n siteNamer) string {
	if n.names(h1) || logo(title, h1) {
		h1 = ""
	}
	stripped := stripTitle(title, n, h1, true)
	kept := cands[:0]
	for _, c := range cands {
		if c = stripTitle(c, n, h1, false); fold(c) != "" && !n.is(c) {
			kept = append(kept, c)
		}
	}
	cands = kept
	t := metaTitle(cands, title, stripped, h1)
	if h1 == "" {
		return t
	}
	// Where the <h1> and the metadata give two wordings of one
	// headline, the longer is the full one.
	if !same(t, h1) {
		if reworded(h1, t) && units(h1) > units(t) {
			return trimSeps(h1)
		}
		return t
	}
	// The <h1> agrees with the metadata title: the first candidate
	// wins still when it is a longer wording with as many sources.
	if len(cands) > 0 {
		c := cands[0]
		if reworded(c, t) && units(c) > units(t) && votes(c, cands, stripped, h1) >= votes(t, cands, stripped, h1) {
			return c
		}
	}
	return t
}

// votes counts the sources that give the headline t: the candidates,
// the stripped <title> and the <h1>.
func votes(t string, cands []string, stripped, h1 string) int {
	n := 0
	for _, c := range cands {
		if same(c, t) {
			n++
		}
	}
	if same(stripped, t) {
		n++
	}
	if same(h1, t) {
		n++
	}
	return n
}

// SameHeadline reports whether a and b give one headline: the same words,
// one holding the other (a kicker set over it, a site's name after it),
// or two wordings of it.
func SameHeadline(a, b string) bool {
	fa, fb := fold(a), fold(b)
	if fa == "" || fb == "" {
		return false
	}
	return strings.Contains(fa, fb) || strings.Contains(fb, fa) || reworded(a, b)
}

// reworded reports whether a and b are two wordings of one headline:
// neither holds the other nor do both start with one label before a
// colon, and at least half the words of the shorter, of three letters
// or more, occur in the longer.
func reworded(a, b string) bool {
	fa, fb := fold(a), fold(b)
	if fa == "" || fb == "" || strings.Contains(fa, fb) || strings.Contains(fb, fa) {
		return false
	}
	// "Topic: one deck" and "Topic: another": two decks under one label.
	if i, j := strings.Index(a, ": "), strings.Index(b, ": "); i > 0 && j > 0 && same(a[:i], b[:j]) {
		return false
	}
	if units(a) > units(b) {
		a, fb = b, fa
	}
	n, shared := 0, 0
	for w := range strings.FieldsSeq(a) {
		f := fold(w)
		if len(f) < 3 {
			continue
		}
		n++
		if strings.Contains(fb, f) {
			shared++
		}
	}
	return n >= 3 && 2*shared >= n
}

// metaTitle picks the headline among the candidates (stripped of site
// names), the <title>, its stripped form and the <h1> by agreement: the
// first candidate that agrees with the <h1>, then the first that agrees
// with the <title>, then the stripped <title> when it agrees with the
// <h1>, then the first candidate, then the stripped <title>.
func metaTitle(cands []string, title, stripped, h1 string) string {
	ft, fs := fold(title), fold(stripped)
	if h1 != "" {
		for _, c := range cands {
			if same(c, h1) {
				return c
			}
		}
	}
	for _, c := range cands {
		switch fc := fold(c); {
		case fc == ft:
			return stripped
		case fs != "" && fs != fc && strings.HasPrefix(ft, fc) && strings.HasPrefix(fc, fs) && units(stripped) >= 3:
			// The candidate is the <title> with part of its suffix,
			// a section name the stripped <title> has cut as well.
			return stripped
		case fc == fs, strings.HasPrefix(ft, fc), strings.HasSuffix(ft, fc):
			return c
		}
	}
	if h1 != "" && fs == fold(h1) {
		return stripped
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return stripped
}
