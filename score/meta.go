package score

import (
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/segment"
)

// Matching rules for page metadata, shared by copydesk's own evaluation
// and the side-by-side benchmark so that every system is judged alike.

// quoteFolder maps typographic quotes to their ASCII forms: a title with
// curly quotes and one with straight quotes are the same headline.
var quoteFolder = strings.NewReplacer("‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'",
	"“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`)

// NormalizeField is the form in which titles, site names, descriptions
// and single names are compared: white space collapsed (non-breaking
// spaces included), case folded, typographic quotes made straight.
func NormalizeField(s string) string {
	return strings.ToLower(segment.NormalizeSpace(quoteFolder.Replace(s)))
}

// SameField reports whether got equals the gold value after
// NormalizeField. An empty gold matches only an empty value.
func SameField(got, gold string) bool {
	return NormalizeField(got) == NormalizeField(gold)
}

// authorSplitter splits a normalized author string on the separators
// that every system and gold is split on.
var authorSplitter = strings.NewReplacer(",", ";", "|", ";", " and ", ";", " & ", ";")

// AuthorNames is the neutral rule applied alike to a gold byline and to
// every system's author string: NormalizeField, split on ";", ",", "|",
// " and " and " & ", a leading "by " dropped from each name, empty names
// dropped. The result is sorted and without duplicates, so that two
// lists are compared as sets. It is no name cleaner: a byline that a
// system leaves with a job title or a date in it stays unequal.
func AuthorNames(s string) []string {
	var names []string
	for _, n := range strings.Split(authorSplitter.Replace(NormalizeField(s)), ";") {
		n = strings.TrimSpace(n)
		n = strings.TrimSpace(strings.TrimPrefix(n, "by "))
		if n != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// SameAuthors reports whether got and gold name the same set of people
// by AuthorNames.
func SameAuthors(got, gold string) bool {
	return slices.Equal(AuthorNames(got), AuthorNames(gold))
}

// AuthorTokenF1 is the F1 of the word tokens of the names in got against
// those in gold (multisets, after AuthorNames): partial credit for a
// byline that has some of the names, or a name with an extra word. Two
// empty bylines score 1.
func AuthorTokenF1(got, gold string) float64 {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, n := range AuthorNames(s) {
			for _, w := range strings.Fields(n) {
				m[w]++
			}
		}
		return m
	}
	g, w := count(got), count(gold)
	ng, nw, common := 0, 0, 0
	for t, k := range g {
		ng += k
		common += min(k, w[t])
	}
	for _, k := range w {
		nw += k
	}
	switch {
	case ng == 0 && nw == 0:
		return 1
	case common == 0:
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return 2 * p * r / (p + r)
}

// SameDay reports whether the date found, t, falls on the day of gold, a
// date as YYYY-MM-DD or an RFC 3339 time. When both carry a time of day
// (hasTime for t), t is read in the gold's own offset, since the day of
// an instant depends on the zone; otherwise the written days are
// compared.
func SameDay(t time.Time, hasTime bool, gold string) bool {
	if len(gold) < 10 || t.IsZero() {
		return false
	}
	if len(gold) > 10 && hasTime {
		if g, err := time.Parse(time.RFC3339, gold); err == nil {
			return t.In(g.Location()).Format(time.DateOnly) == gold[:10]
		}
	}
	return t.Format(time.DateOnly) == gold[:10]
}

// FirstWordsMatch reports whether text begins with the gold's first
// words: the gold's white-space tokens, folded as NormalizeField folds
// them, are the first tokens of text.
func FirstWordsMatch(text, gold string) bool {
	want := strings.Fields(NormalizeField(gold))
	if len(want) == 0 {
		return false
	}
	if limit := 4*len(gold) + 256; len(text) > limit {
		text = text[:limit]
	}
	got := strings.Fields(NormalizeField(text))
	return len(got) >= len(want) && slices.Equal(got[:len(want)], want)
}
