package pubdate

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// A textScanner finds dates written in running text, one after another.
//
// Recognised shapes, with any amount of space between words:
//
//	2017-04-19, 2017/04/19, 2017.04.19        year first
//	19.04.2017, 19.04.17                      dots: always day first
//	19/04/2017, 04/19/2017, 19-04-2017        see dayFirst
//	19 April 2017, 19. April 2017, 1st April 2017, 19 de abril de 2017
//	April 19, 2017, Apr. 19 2017, April 19th, 2017
//	2017年4月19日, 2017년 4월 19일
//
// each optionally followed by a time of day ("10:30", "10:30:15",
// "10:30 pm", "um 10:30 Uhr"). Month names come from [months].
//
// Numeric dates with '/' or '-' are read day first when the first field
// exceeds 12, month first when the second does, and otherwise by
// dayFirst, which the caller sets from the page language (false only for
// US English). Two-digit years are accepted with dots only.
type textScanner struct {
	s        string
	pos      int
	dayFirst bool
	nowYear  int // for two-digit years; 0 means the current year
}

// A textMatch is one date found by a textScanner, at s[start:end].
type textMatch struct {
	st         stamp
	start, end int
}

type tok struct {
	kind       byte // 'n' number, 'w' word, 'p' punctuation, 0 end of text
	start, end int
	val, nd    int // number value and digit count
	p          rune
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xa0, 0x2002, 0x2003, 0x2009, 0x200a, 0x200b, 0x202f, 0x3000:
		return true
	}
	return false
}

// tokAt returns the token at or after byte i, skipping space.
func (sc *textScanner) tokAt(i int) tok {
	s := sc.s
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		if c < 0x80 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpaceRune(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return tok{start: i, end: i}
	}
	c := s[i]
	if c >= '0' && c <= '9' {
		j, v := i, 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			if j-i < 9 {
				v = v*10 + int(s[j]-'0')
			}
			j++
		}
		return tok{kind: 'n', start: i, end: j, val: v, nd: j - i}
	}
	if isWordStart(s, i) {
		return tok{kind: 'w', start: i, end: wordEnd(s, i)}
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return tok{kind: 'p', start: i, end: i + size, p: r}
}

// isWordStart reports whether a letter starts at s[i]. Bytes that are not
// UTF-8 count as letters (Latin-1 text).
func isWordStart(s string, i int) bool {
	c := s[i]
	if c < 0x80 {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 {
		return c != 0xa0
	}
	return unicode.IsLetter(r)
}

func wordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if c == 0xa0 {
				return i
			}
		} else if !unicode.IsLetter(r) {
			return i
		}
		if isCJKDateWord(r) {
			// 年, 月, 日 end a word of their own: "2017年4月19日".
			if i+size < len(s) {
				return i + size
			}
		}
		i += size
	}
	return i
}

func isCJKDateWord(r rune) bool {
	switch r {
	case '年', '月', '日', '년', '월', '일':
		return true
	}
	return false
}

func (sc *textScanner) word(t tok) string { return sc.s[t.start:t.end] }

// next returns the next date in the text.
func (sc *textScanner) next() (textMatch, bool) {
	s := sc.s
	i := sc.pos
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			t := sc.tokAt(i)
			if m, ok := sc.matchNumber(t); ok {
				sc.pos = m.end
				return m, true
			}
			i = t.end
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80 && isWordStart(s, i):
			j := wordEnd(s, i)
			if j-i >= 3 {
				if m, ok := sc.matchMonthFirst(tok{kind: 'w', start: i, end: j}); ok {
					sc.pos = m.end
					return m, true
				}
			}
			if j == i {
				j++
			}
			i = j
		default:
			i++
		}
	}
	sc.pos = len(s)
	return textMatch{}, false
}

// skipPunct returns the token after t when t is the punctuation p.
func (sc *textScanner) skipPunct(t tok, p rune) tok {
	if t.kind == 'p' && t.p == p {
		return sc.tokAt(t.end)
	}
	return t
}

func (sc *textScanner) fullYear(y, nd int) int {
	if nd != 2 {
		return y
	}
	ny := sc.nowYear
	if ny == 0 {
		ny = time.Now().Year()
	}
	if 2000+y <= ny+1 {
		return 2000 + y
	}
	return 1900 + y
}

func (sc *textScanner) matchNumber(t0 tok) (textMatch, bool) {
	s := sc.s
	// A number inside a longer dotted or dashed run (a version number,
	// a phone number) is not a date start.
	if t0.start >= 2 && (s[t0.start-1] == '.' || s[t0.start-1] == '/' || s[t0.start-1] == '-' || s[t0.start-1] == ':') &&
		s[t0.start-2] >= '0' && s[t0.start-2] <= '9' {
		return textMatch{}, false
	}
	t1 := sc.tokAt(t0.end)
	if t2 := sc.tokAt(t1.end); t1.kind == 'p' && t1.start == t0.end && (t1.p == '-' || t1.p == '/' || t1.p == '.') && t2.kind == 'n' {
		if t2.start != t1.end || t2.nd > 2 {
			return textMatch{}, false
		}
		t3 := sc.tokAt(t2.end)
		if t3.kind != 'p' || t3.start != t2.end || t3.p != t1.p {
			return textMatch{}, false
		}
		t4 := sc.tokAt(t3.end)
		if t4.kind != 'n' || t4.start != t3.end {
			return textMatch{}, false
		}
		// Reject a fourth numeric field: "1.2.2017.5", "10-12-2017-3".
		if t4.end+1 < len(s) && (s[t4.end] == '.' || s[t4.end] == '-' || s[t4.end] == '/') && s[t4.end+1] >= '0' && s[t4.end+1] <= '9' {
			return textMatch{}, false
		}
		var y, m, d int
		switch {
		case t0.nd == 4 && t4.nd <= 2:
			y, m, d = t0.val, t2.val, t4.val
		case t0.nd <= 2 && (t4.nd == 4 || t4.nd == 2 && t1.p == '.'):
			y = sc.fullYear(t4.val, t4.nd)
			a, b := t0.val, t2.val
			switch {
			case t1.p == '.' || a > 12:
				d, m = a, b
			case b > 12:
				m, d = a, b
			case sc.dayFirst:
				d, m = a, b
			default:
				m, d = a, b
			}
		default:
			return textMatch{}, false
		}
		return sc.finish(y, m, d, t0.start, t4.end)
	}
	if t0.nd == 4 && t1.kind == 'w' && t1.start == t0.end || t0.nd == 4 && t1.kind == 'w' && sc.word(t1) == "년" {
		// 2017年4月19日
		if w := sc.word(t1); w != "年" && w != "년" {
			return textMatch{}, false
		}
		t2 := sc.tokAt(t1.end)
		t3 := sc.tokAt(t2.end)
		t4 := sc.tokAt(t3.end)
		t5 := sc.tokAt(t4.end)
		if t2.kind != 'n' || t3.kind != 'w' || t4.kind != 'n' || t5.kind != 'w' {
			return textMatch{}, false
		}
		if w := sc.word(t3); w != "月" && w != "월" {
			return textMatch{}, false
		}
		if w := sc.word(t5); w != "日" && w != "일" {
			return textMatch{}, false
		}
		return sc.finish(t0.val, t2.val, t4.val, t0.start, t5.end)
	}
	if t0.nd > 2 {
		return textMatch{}, false
	}
	// Day, then month name, then year.
	t := t1
	if t.kind == 'w' && t.start == t0.end && ordinalSuffix(sc.word(t)) {
		t = sc.tokAt(t.end)
	}
	t = sc.skipPunct(t, '.')
	if t.kind == 'w' && filler(sc.word(t)) {
		t = sc.tokAt(t.end)
	}
	if t.kind != 'w' {
		return textMatch{}, false
	}
	m := monthOf(sc.word(t))
	if m == 0 {
		return textMatch{}, false
	}
	t = sc.skipPunct(sc.tokAt(t.end), '.')
	t = sc.skipPunct(t, ',')
	if t.kind == 'w' && filler(sc.word(t)) {
		t = sc.tokAt(t.end)
	}
	if t.kind != 'n' || t.nd != 4 {
		return textMatch{}, false
	}
	return sc.finish(t.val, m, t0.val, t0.start, t.end)
}

// matchMonthFirst matches "April 19, 2017" at word t0.
func (sc *textScanner) matchMonthFirst(t0 tok) (textMatch, bool) {
	// Cheap test first: a month name is followed by a number, maybe after
	// a dot.
	j := t0.end
	for j < len(sc.s) && (sc.s[j] == ' ' || sc.s[j] == '.') {
		j++
	}
	if j >= len(sc.s) || (sc.s[j] < '0' || sc.s[j] > '9') && sc.s[j] < 0x80 {
		return textMatch{}, false
	}
	m := monthOf(sc.word(t0))
	if m == 0 {
		return textMatch{}, false
	}
	t := sc.skipPunct(sc.tokAt(t0.end), '.')
	if t.kind != 'n' || t.nd > 2 {
		return textMatch{}, false
	}
	d := t.val
	t = sc.tokAt(t.end)
	if t.kind == 'w' && ordinalSuffix(sc.word(t)) {
		t = sc.tokAt(t.end)
	}
	t = sc.skipPunct(t, ',')
	if t.kind != 'n' || t.nd != 4 {
		return textMatch{}, false
	}
	return sc.finish(t.val, m, d, t0.start, t.end)
}

// finish validates a date and reads an optional time of day after it.
func (sc *textScanner) finish(y, m, d, start, end int) (textMatch, bool) {
	if !validYMD(y, m, d) {
		return textMatch{}, false
	}
	tm := textMatch{st: stamp{t: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}, start: start, end: end}
	t := sc.tokAt(end)
	for k := 0; k < 2; k++ {
		if t.kind == 'p' && (t.p == ',' || t.p == '-' || t.p == '|' || t.p == '@' || t.p == '–' || t.p == '·') ||
			t.kind == 'w' && isAtWord(sc.word(t)) {
			t = sc.tokAt(t.end)
		}
	}
	if t.kind != 'n' || t.nd > 2 || t.val > 23 {
		return tm, true
	}
	hh := t.val
	t2 := sc.tokAt(t.end)
	if t2.kind == 'w' && (sc.word(t2) == "h" || sc.word(t2) == "H") && t2.start == t.end {
		// 10h30
	} else if t2.kind != 'p' || t2.p != ':' || t2.start != t.end {
		return tm, true
	}
	t3 := sc.tokAt(t2.end)
	if t3.kind != 'n' || t3.nd != 2 || t3.start != t2.end || t3.val > 59 {
		return tm, true
	}
	mm, ss := t3.val, 0
	tend := t3.end
	if t4 := sc.tokAt(t3.end); t4.kind == 'p' && t4.p == ':' && t4.start == t3.end {
		if t5 := sc.tokAt(t4.end); t5.kind == 'n' && t5.nd == 2 && t5.val < 60 {
			ss, tend = t5.val, t5.end
		}
	}
	if t6 := sc.tokAt(tend); t6.kind == 'w' && hh <= 12 {
		switch w := sc.word(t6); w {
		case "pm", "PM", "p":
			if hh < 12 {
				hh += 12
			}
			tend = t6.end
		case "am", "AM", "a":
			if hh == 12 {
				hh = 0
			}
			tend = t6.end
		}
	}
	tm.st = stamp{t: time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC), hasTime: true}
	tm.end = tend
	return tm, true
}

func isAtWord(w string) bool {
	switch w {
	case "um", "at", "à", "a", "las", "alle", "o", "om", "kl", "ore", "às":
		return true
	}
	return false
}
