package pubdate

import (
	"strings"
	"time"
)

// urlDate finds a complete date in the path of a URL: year, month and day
// as separate segments or joined by '-', '_' or '.' (/2017/04/19/,
// /2017-04-19-title, /2017_4_19; a day segment must end the path or be
// followed by '/' or '.', so /2017/10/3-questions is no date), or eight
// digits YYYYMMDD standing alone between non-digits (/20170419/,
// article-20170419.html). The host and the query are not searched, since
// their numbers are rarely dates.
func urlDate(u string) (stamp, bool) {
	if len(u) > 4096 {
		u = u[:4096]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			return stamp{}, false
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	for i := 0; i+8 <= len(u); i++ {
		if u[i] < '0' || u[i] > '9' || i > 0 && u[i-1] >= '0' && u[i-1] <= '9' {
			continue
		}
		n := digits(u[i:])
		if n == 8 {
			y, _ := atoiN(u[i : i+4])
			m, _ := atoiN(u[i+4 : i+6])
			d, _ := atoiN(u[i+6 : i+8])
			if y >= 1990 && validYMD(y, m, d) {
				return stamp{t: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}, true
			}
			continue
		}
		if n != 4 || i+4 >= len(u) {
			continue
		}
		sep := u[i+4]
		if sep != '/' && sep != '-' && sep != '_' && sep != '.' {
			continue
		}
		y, _ := atoiN(u[i : i+4])
		rest := u[i+5:]
		k := digits(rest)
		if k < 1 || k > 2 || k >= len(rest) || rest[k] != sep {
			continue
		}
		m, _ := atoiN(rest[:k])
		rest = rest[k+1:]
		k2 := digits(rest)
		if k2 < 1 || k2 > 2 {
			continue
		}
		d, _ := atoiN(rest[:k2])
		if sep == '/' && k2 < len(rest) && rest[k2] != '/' && rest[k2] != '.' {
			// "/2023/10/3-questions": a month folder, then a title.
			continue
		}
		if y >= 1990 && validYMD(y, m, d) {
			return stamp{t: time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)}, true
		}
	}
	return stamp{}, false
}
