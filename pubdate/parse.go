package pubdate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A stamp is one parsed date, with whether the source stated a time of day.
type stamp struct {
	t       time.Time
	hasTime bool
}

// daysIn reports the number of days in month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// validYMD reports whether y-m-d is a real calendar day in a sane range.
func validYMD(y, m, d int) bool {
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// atoiN parses s as an unsigned decimal of 1 to 9 digits; ok is false
// otherwise.
func atoiN(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// digits returns the length of the run of ASCII digits at the start of s.
func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// parseValue parses a date stated in markup: a meta content, a datetime
// attribute or a JSON-LD string. It accepts ISO 8601 / RFC 3339 with or
// without time and zone ("2017-04-19", "2017-04-19T10:30:00+02:00",
// "2017-04-19 10:30:00", "20170419"), the RFC 1123 and RFC 850 family,
// and failing those the first date a text scan finds (which covers
// "April 19, 2017" or "19.04.2017 10:30"). A stated zone is kept; a time
// without zone is returned as written, in UTC.
func parseValue(s string, dayFirst bool) (stamp, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 200 {
		return stamp{}, false
	}
	if st, ok := parseISO(s); ok {
		return st, true
	}
	if s[0] >= 'A' && s[0] <= 'z' {
		for _, layout := range httpLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return stamp{t, true}, true
			}
		}
	}
	var sc textScanner
	sc.dayFirst = dayFirst
	sc.s = s
	if m, ok := sc.next(); ok {
		return m.st, true
	}
	return stamp{}, false
}

var httpLayouts = []string{
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700",
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"Mon Jan 02 2006 15:04:05 GMT-0700",
}

// parseISO parses the ISO 8601 shapes pages use. The date part is
// YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYYMMDD; an optional time
// follows after 'T' or a space (hh:mm, hh:mm:ss, fractions), then an
// optional zone (Z, ±hh:mm, ±hhmm, ±hh, UTC, GMT). Trailing text after a
// complete date is ignored when it starts with a space.
func parseISO(s string) (stamp, bool) {
	var y, m, d int
	n := digits(s)
	switch {
	case n == 8:
		y, _ = atoiN(s[:4])
		m, _ = atoiN(s[4:6])
		d, _ = atoiN(s[6:8])
		s = s[8:]
	case n == 4 && len(s) >= 8 && (s[4] == '-' || s[4] == '/' || s[4] == '.'):
		sep := s[4]
		y, _ = atoiN(s[:4])
		s = s[5:]
		k := digits(s)
		if k < 1 || k > 2 || len(s) <= k || s[k] != sep {
			return stamp{}, false
		}
		m, _ = atoiN(s[:k])
		s = s[k+1:]
		k = digits(s)
		if k < 1 || k > 2 {
			return stamp{}, false
		}
		d, _ = atoiN(s[:k])
		s = s[k:]
	default:
		return stamp{}, false
	}
	if !validYMD(y, m, d) {
		return stamp{}, false
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if s == "" {
		return stamp{date, false}, true
	}
	if s[0] != 'T' && s[0] != 't' && s[0] != ' ' {
		return stamp{}, false
	}
	rest := s[1:]
	if rest == "" || digits(rest) != 2 {
		if s[0] == ' ' {
			return stamp{date, false}, true
		}
		return stamp{}, false
	}
	hh, _ := atoiN(rest[:2])
	rest = rest[2:]
	mm, ss, ns := 0, 0, 0
	if len(rest) >= 3 && rest[0] == ':' && digits(rest[1:]) == 2 {
		mm, _ = atoiN(rest[1:3])
		rest = rest[3:]
		if len(rest) >= 3 && rest[0] == ':' && digits(rest[1:]) == 2 {
			ss, _ = atoiN(rest[1:3])
			rest = rest[3:]
			if len(rest) >= 2 && (rest[0] == '.' || rest[0] == ',') {
				k := digits(rest[1:])
				frac := rest[1 : 1+k]
				if len(frac) > 9 {
					frac = frac[:9]
				}
				ns, _ = atoiN(frac)
				for i := len(frac); i < 9; i++ {
					ns *= 10
				}
				rest = rest[1+k:]
			}
		}
	} else if s[0] == ' ' {
		return stamp{date, false}, true
	} else {
		return stamp{}, false
	}
	if hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0)) {
		return stamp{}, false
	}
	loc := time.UTC
	rest = strings.TrimLeft(rest, " ")
	switch {
	case rest == "" || rest == "Z" || rest == "z" || strings.EqualFold(rest, "UTC") || strings.EqualFold(rest, "GMT"):
	case rest[0] == '+' || rest[0] == '-':
		z := strings.ReplaceAll(rest[1:], ":", "")
		k := digits(z)
		if k != len(z) || (k != 2 && k != 4) {
			return stamp{}, false
		}
		oh, _ := atoiN(z[:2])
		om := 0
		if k == 4 {
			om, _ = atoiN(z[2:])
		}
		if oh > 14 || om > 59 {
			return stamp{}, false
		}
		off := (oh*60 + om) * 60
		if rest[0] == '-' {
			off = -off
		}
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	default:
		return stamp{}, false
	}
	return stamp{time.Date(y, time.Month(m), d, hh, mm, ss, ns, loc), true}, true
}

// parseUnix interprets n as Unix seconds or, when it is too large for
// that, milliseconds.
func parseUnix(n float64) (stamp, bool) {
	if n < 1e8 || n > 1e14 {
		return stamp{}, false
	}
	if n > 1e11 {
		n /= 1000
	}
	return stamp{time.Unix(int64(n), 0).UTC(), true}, true
}

// months maps lower-case month names and abbreviations in English,
// German, French, Spanish, Italian, Portuguese, Dutch, Polish (genitive)
// and Russian (genitive) to month numbers.
var months = func() map[string]int {
	m := map[string]int{}
	add := func(n int, names ...string) {
		for _, s := range names {
			m[s] = n
		}
	}
	add(1, "january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari", "stycznia", "styczeń", "января", "январь")
	add(2, "february", "feb", "febr", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro", "fev", "fév", "februari", "lutego", "luty", "февраля", "февраль")
	add(3, "march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt", "marca", "marzec", "марта", "март")
	add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "апреля", "апрель")
	add(5, "may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maja", "maj", "мая", "май")
	add(6, "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec", "июня", "июнь")
	add(7, "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "lipiec", "июля", "июль")
	add(8, "august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień", "августа", "август")
	add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro", "września", "wrzesień", "сентября", "сентябрь")
	add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "października", "październik", "октября", "октябрь")
	add(11, "november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad", "ноября", "ноябрь")
	add(12, "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro", "grudnia", "grudzień", "декабря", "декабрь")
	return m
}()

// monthOf returns the month a word names, or 0. Words are matched
// case-insensitively; bytes that are not UTF-8 are read as Latin-1 so that
// "März" in a Latin-1 page still matches.
func monthOf(w string) int {
	if len(w) < 3 || len(w) > 24 {
		return 0
	}
	var buf [48]byte
	b := buf[:0]
	ascii := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	if ascii {
		return months[string(b)]
	}
	if !utf8.ValidString(w) {
		b = b[:0]
		for i := 0; i < len(w); i++ {
			b = utf8.AppendRune(b, rune(w[i]))
		}
		w = string(b)
	}
	return months[strings.ToLower(w)]
}

// ordinalSuffix reports whether w is an ordinal ending written right after
// a day number ("1st", "2nd", "1er", "3rd", "4th", "1º").
func ordinalSuffix(w string) bool {
	switch strings.ToLower(w) {
	case "st", "nd", "rd", "th", "er", "e", "º", "°", "o":
		return true
	}
	return false
}

// filler reports whether w is a word that may stand between the parts of a
// written date: "19 de abril de 2017", "the 19th of April".
func filler(w string) bool {
	switch strings.ToLower(w) {
	case "de", "of", "del", "di":
		return true
	}
	return false
}
