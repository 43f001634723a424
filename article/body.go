package article

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/segment"
)

// The articleBody a page's JSON-LD gives (schema.org's Article) is the
// publisher's own statement of the story's text, in whatever language and
// markup the page has. Where it is whole it says where the story ends:
// the boxes, notices and next stories that the page's template puts in
// the story's own element after its last paragraph are not in it.

// Bounds of the use of a JSON-LD articleBody.
const (
	// bodyCover is the least share of the kept text's word 4-grams that
	// the articleBody must hold for it to be taken as the whole story
	// (a teaser, an excerpt or another story holds less).
	bodyCover = 0.6
	// bodyMatch is the share of a block's 4-grams found in the
	// articleBody that makes the block part of it.
	bodyMatch = 0.5
	// bodyLastGrams is the least 4-grams a block needs to mark the end of
	// the story (a short line says too little).
	bodyLastGrams = 6
	// bodyMidGrams is the least 4-grams of a block between the first and
	// the last the articleBody holds for its absence to drop it.
	bodyMidGrams = 3
)

// ldArticleBody returns the longest articleBody string in v, a decoded
// JSON-LD script: an object, an array of them, or an object's @graph.
func ldArticleBody(v any) string {
	return ldBodyIn(v, 0)
}

func ldBodyIn(v any, depth int) string {
	best := ""
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["articleBody"].(string); ok {
			best = s
		}
		if depth < 2 {
			if g, ok := x["@graph"]; ok {
				if s := ldBodyIn(g, depth+1); len(s) > len(best) {
					best = s
				}
			}
		}
	case []any:
		if depth < 2 {
			for _, e := range x {
				if s := ldBodyIn(e, depth+1); len(s) > len(best) {
					best = s
				}
			}
		}
	}
	return best
}

// grams is a set of word 4-grams (a text of fewer words gives one gram
// of them all), case folded: words are runs of letters and digits.
type grams map[uint64]struct{}

// add puts the word 4-grams of s in the set and returns how many s has.
func (set grams) add(s string) int {
	return eachGram(s, func(g uint64) { set[g] = struct{}{} })
}

// share returns how many word 4-grams s has, and how many of them are in
// the set.
func (set grams) share(s string) (n, in int) {
	n = eachGram(s, func(g uint64) {
		if _, ok := set[g]; ok {
			in++
		}
	})
	return n, in
}

// eachGram calls f with the hash of every word 4-gram of s, and returns
// how many there were.
func eachGram(s string, f func(uint64)) int {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	var w [4]uint64 // the last four words' hashes, w[3] the newest
	words, n := 0, 0
	h := uint64(offset)
	in := false
	flush := func() {
		if !in {
			return
		}
		w[0], w[1], w[2], w[3] = w[1], w[2], w[3], h
		h, in = offset, false
		words++
		if words >= 4 {
			f(mix4(w))
			n++
		}
	}
	for i := 0; i < len(s); {
		c := rune(s[i])
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				flush()
				continue
			}
		} else {
			var size int
			c, size = utf8.DecodeRuneInString(s[i:])
			i += size
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
				flush()
				continue
			}
			c = unicode.ToLower(c)
		}
		in = true
		h = (h ^ uint64(c)) * prime
	}
	flush()
	if words > 0 && words < 4 {
		f(mix4(w))
		n++
	}
	return n
}

func mix4(w [4]uint64) uint64 {
	x := uint64(0)
	for _, v := range w {
		x = (x ^ v) * 0x9E3779B97F4A7C15
		x ^= x >> 29
	}
	return x
}

// endAtBody drops the kept blocks of a that come after the last one the
// page's JSON-LD articleBody holds, and those between the first and the
// last it holds that it lacks (and the list items it lacks above the
// first: a summary in bullets), when the articleBody holds most of the
// kept text (so it is the whole story, not a teaser), and fills in the
// articleBody when the page's own text kept little of it (a story the
// page shows only to scripts).
func endAtBody(a *Article, body string) {
	if strings.TrimSpace(body) == "" {
		return
	}
	set := grams{}
	bodyGrams := set.add(body)
	type seen struct{ n, in int }
	kept := make([]seen, len(a.Blocks))
	total, found, first, last := 0, 0, -1, -1
	for i := range a.Blocks {
		if !a.Blocks[i].Keep {
			continue
		}
		s := &kept[i]
		s.n, s.in = set.share(a.Blocks[i].Text)
		total += s.n
		found += s.in
		if s.n >= bodyLastGrams && float64(s.in) >= bodyMatch*float64(s.n) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if 4*total < bodyGrams && bodyGrams >= bodyFillGrams {
		fillBody(a, body)
		return
	}
	if total == 0 || float64(found) < bodyCover*float64(total) || last < 0 {
		return
	}
	k := 0
	for i := range a.Blocks {
		b := &a.Blocks[i]
		if !b.Keep {
			continue
		}
		s := kept[i]
		// Inside the story, only a block long enough to be sure of
		// and not a subheading, which an articleBody often leaves out;
		// above it, only the items of a list (a summary in bullets set
		// over the story), not the standfirst.
		kind := a.Paragraphs[k].Kind
		mid := (i > first || kind == Item) && i < last && s.n >= bodyMidGrams && kind != Heading
		if (i > last || mid) && float64(s.in) < bodyMatch*float64(s.n) {
			b.Keep, b.Reason = false, ReasonAfterBody
			a.Paragraphs = append(a.Paragraphs[:k], a.Paragraphs[k+1:]...)
			continue
		}
		k++
	}
}

// bodyFillGrams is the least 4-grams an articleBody needs to stand in for
// the page's text.
const bodyFillGrams = 100

// fillBody appends to a's paragraphs the lines of the articleBody body
// that the kept text does not hold. They are no block of the page, so
// a.Blocks does not list them.
func fillBody(a *Article, body string) {
	if a.noteHeadline > 0 {
		// The post is no note: the page hid its story.
		b := &a.Blocks[a.noteHeadline-1]
		b.Keep, b.Reason = false, boiler.ReasonHeadline
		if i := slices.IndexFunc(a.Paragraphs, func(p Paragraph) bool { return p.Text == b.Text }); i >= 0 {
			a.Paragraphs = slices.Delete(a.Paragraphs, i, i+1)
		}
		a.noteHeadline = 0
	}
	have := grams{}
	for _, p := range a.Paragraphs {
		have.add(p.Text)
	}
	for _, line := range strings.Split(stripTags(body), "\n") {
		line = strings.Join(strings.Fields(html.UnescapeString(line)), " ")
		if n, in := have.share(line); n == 0 || float64(in) >= bodyMatch*float64(n) {
			continue
		}
		a.Paragraphs = append(a.Paragraphs, Paragraph{Text: line, Kind: Text})
	}
	a.NotArticle = ""
}

// stripTags replaces the tags of an articleBody written as HTML by line
// breaks.
func stripTags(s string) string {
	if !strings.Contains(s, "</") && !strings.Contains(s, "<br") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte('\n')
		s = s[i+j+1:]
	}
}

// dropAuthorBios drops the kept blocks that say what the page's JSON-LD
// says of its authors (metadata.Metadata.AuthorBios): the text of an
// author box, which the gold of news pages leaves out of the story.
func dropAuthorBios(a *Article) {
	dropSelfPortraits(a)
	if len(a.Meta.AuthorBios) == 0 {
		return
	}
	set := grams{}
	for _, bio := range a.Meta.AuthorBios {
		set.add(bio)
	}
	for i := range a.Blocks {
		b := &a.Blocks[i]
		if !b.Keep {
			continue
		}
		if n, in := set.share(b.Text); n >= bodyLastGrams && float64(in) >= bodyMatch*float64(n) {
			b.Keep, b.Reason = false, ReasonMeta
		}
	}
}

// bioWords is the most words of an author box's paragraph.
const bioWords = 80

// copulas are the verbs that follow the author's name in an author box
// ("Jane Doe is a reporter…", "Ulrich Exner ist bei…", "Jean Dupont est
// journaliste", "Kari Nordmann er journalist…"), in English, German,
// French, Spanish, Italian, Dutch, Portuguese, the Scandinavian
// languages, Polish and Czech. Right after a whole author's name, none of
// them is read otherwise.
var copulas = map[string]bool{
	"is": true, "was": true, "covers": true, "writes": true, "ist": true, "war": true, "schreibt": true,
	"est": true, "es": true, "è": true, "é": true, "er": true, "är": true, "jest": true, "je": true,
}

// orgWords mark an author that is an organisation, not a person: its
// name opens its own standard lines ("The Associated Press was unable to
// verify…").
var orgWords = map[string]bool{
	"press": true, "presse": true, "news": true, "agency": true, "agence": true, "agentur": true,
	"associated": true, "reuters": true, "bloomberg": true, "service": true, "staff": true, "team": true,
	"redaktion": true, "desk": true, "newsroom": true, "wire": true,
}

// dropSelfPortraits drops the kept paragraphs, after the story's first,
// that open on the name of one of the page's authors, within the first
// three words, followed by a verb that says who the author is: an author
// box, which names its author where the story would not.
func dropSelfPortraits(a *Article) {
	var people []string
	for _, name := range a.Meta.Authors {
		// A single word may be a site's or an agency's name.
		if segment.CountWords(name) >= 2 && !organisation(name) {
			people = append(people, name)
		}
	}
	if len(people) == 0 {
		return
	}
	seen := 0
	for i := range a.Blocks {
		b := &a.Blocks[i]
		if !b.Keep {
			continue
		}
		if seen++; seen == 1 || segment.CountWords(b.Text) > bioWords {
			continue
		}
		if selfPortrait(b.Text, people) {
			b.Keep, b.Reason = false, ReasonMeta
		}
	}
}

// selfPortrait reports whether text opens on one of names, people's
// names of two words or more, within its first three words and as whole
// words, with a copula right after it.
func selfPortrait(text string, names []string) bool {
	head := text
	if len(head) > 200 {
		head = head[:200]
	}
	for _, name := range names {
		i := strings.Index(head, name)
		if i < 0 || segment.CountWords(head[:i]) > 2 {
			continue
		}
		// Whole words: "Hans-Peter Müller" is not "Peter Müller".
		if i > 0 && head[i-1] != ' ' {
			continue
		}
		rest := head[i+len(name):]
		if !strings.HasPrefix(rest, " ") {
			continue
		}
		next := strings.TrimLeft(rest, " ")
		if j := strings.IndexByte(next, ' '); j >= 0 {
			next = next[:j]
		}
		if copulas[strings.ToLower(next)] {
			return true
		}
	}
	return false
}

// organisation reports whether name holds one of orgWords.
func organisation(name string) bool {
	for w := range strings.FieldsSeq(name) {
		if orgWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}
