package pubdate

import (
	"bytes"
	"unicode/utf8"
)

// Words that, just before a date, say what the date is. Matched as
// lower-case substrings of the preceding text on the same line.
var (
	publishedWords = []string{"publish", "posted", "veröffentlicht", "erschienen", "publié", "publie le", "publicado", "publicada", "pubblicato", "gepubliceerd", "opublikowano", "erstellt", "datum:", "date:", "written", "geschrieben", "released"}
	modifiedWords  = []string{"update", "aktualisiert", "modified", "geändert", "mis à jour", "mise à jour", "actualizado", "actualizada", "aggiornato", "bijgewerkt", "edited", "zuletzt", "stand:", "letzte änderung"}
)

// contextBytes is how much text before a date is searched for such words.
const contextBytes = 48

// nearTitleBytes is how far after the end of the first <h1> a date in the
// text stands with the headline: the dateline readers see under it.
const nearTitleBytes = 300

// textDates scans the collected visible text for written dates.
func (c *collector) textDates() {
	if c.desc != "" {
		sc := textScanner{s: c.desc, dayFirst: c.dayFirst(), nowYear: c.nowYear}
		if m, ok := sc.next(); ok {
			c.add(m.st, rankDescription, "meta:description")
		}
	}
	if len(c.text) == 0 {
		return
	}
	sc := textScanner{s: string(c.text), dayFirst: c.dayFirst(), nowYear: c.nowYear}
	seg := 0
	var ctx []byte
	for n := 0; n < 64; n++ {
		m, ok := sc.next()
		if !ok {
			return
		}
		for seg+1 < len(c.segs) && c.segs[seg+1].start <= m.start {
			seg++
		}
		var f uint8
		if seg < len(c.segs) {
			f = c.segs[seg].flags
		}
		// The words just before the date, on the same line.
		from := m.start - contextBytes
		if from < 0 {
			from = 0
		}
		for from < m.start && !utf8.RuneStart(c.text[from]) {
			from++
		}
		before := c.text[from:m.start]
		if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
			before = before[i+1:]
		}
		ctx = lowerASCII(ctx, before)
		switch {
		case f&fExcluded != 0:
			if containsAny(ctx, modifiedWords) {
				c.addModified(m.st, rankTextExcludedMod, "text:updated")
			} else if containsAny(ctx, publishedWords) {
				c.add(m.st, rankTextExcludedKeyword, "text")
			} else {
				c.add(m.st, rankTextExcluded, "text")
			}
		case containsAny(ctx, modifiedWords):
			rank := rankTextModified
			if f&(fHint|fHeader) == 0 {
				rank = rankTextModifiedHit
			}
			c.addModified(m.st, rank, "text:updated")
		case containsAny(ctx, publishedWords):
			c.add(m.st, rankTextKeyword, "text")
		case c.titleEnd > 0 && m.start >= c.titleEnd && m.start-c.titleEnd <= nearTitleBytes:
			c.add(m.st, rankTextNearTitle, "text")
		case f&(fHint|fHeader) != 0:
			c.add(m.st, rankTextHint, "text")
		default:
			c.add(m.st, rankTextFirst, "text")
		}
	}
}
