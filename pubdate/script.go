package pubdate

import "bytes"

// maxScriptBytes bounds the text of a page's non-JSON-LD scripts that is
// searched for date keys.
const maxScriptBytes = 1 << 20

// scriptKeys are the keys that state a publication date in the data a
// page's scripts carry (state objects of JavaScript front ends, data
// layers, shop and review widgets), with their rank. Key names are
// matched as written.
var scriptKeys = map[string]int{
	"datePublished":      rankScriptPublished,
	"publishedDate":      rankScriptPublished,
	"published_date":     rankScriptPublished,
	"publishDate":        rankScriptPublished,
	"publish_date":       rankScriptPublished,
	"published_at":       rankScriptPublished,
	"publishedAt":        rankScriptPublished,
	"publicationDate":    rankScriptPublished,
	"publication_date":   rankScriptPublished,
	"firstPublished":     rankScriptPublished,
	"first_published_at": rankScriptPublished,
	"pubDate":            rankScriptPublished,
	"createdAt":          rankScriptCreated,
	"created_at":         rankScriptCreated,
	"dateCreated":        rankScriptCreated,
}

// scriptAnchors are parts of the scriptKeys that are searched for; the
// key around a hit is then looked up. Four searches cost less than one
// per key, and the first three, which begin with "ub", are found by one
// search for "ub" (hits are still taken anchor by anchor, in this order).
var scriptAnchors = [...]string{"ublish", "ublicat", "ubDate", "reated"}

// scriptDates finds the values of scriptKeys in the text of a script
// that is not JSON-LD: "key": "value" with the quotes plain, escaped
// (\"key\":\"value\", in a JSON string inside the script) or written
// as &quot;. One date of each rank is enough: once a publication key has
// given one, scripts are no longer searched.
func (c *collector) scriptDates(s []byte) {
	if c.scriptBytes >= maxScriptBytes || c.scriptPub {
		return
	}
	if n := maxScriptBytes - c.scriptBytes; len(s) > n {
		s = s[:n]
	}
	c.scriptBytes += len(s)
	// One pass over the hits of "ub" takes the first anchor's as they
	// come and keeps those of the second and third for after it.
	var buf1, buf2 [8]int
	hits := [...][]int{1: buf1[:0], 2: buf2[:0]}
	next := 0 // where the first anchor's next hit may start
	for off := 0; ; {
		j := bytes.Index(s[off:], []byte("ub"))
		if j < 0 {
			break
		}
		j += off
		off = j + 2
		for a := range 3 {
			if !bytes.HasPrefix(s[j:], []byte(scriptAnchors[a])) {
				continue
			}
			if a > 0 {
				hits[a] = append(hits[a], j)
			} else if j >= next {
				end, done := c.scriptKey(s, j, len(scriptAnchors[a]))
				if done {
					return
				}
				next = end
			}
			break
		}
	}
	for a := 1; a < 3; a++ {
		next = 0
		for _, j := range hits[a] {
			if j < next {
				continue
			}
			end, done := c.scriptKey(s, j, len(scriptAnchors[a]))
			if done {
				return
			}
			next = end
		}
	}
	// The last anchor is only in keys of creation dates, which give
	// nothing once one has.
	a := scriptAnchors[3]
	for off := 0; !c.scriptCreated; {
		j := bytes.Index(s[off:], []byte(a))
		if j < 0 {
			break
		}
		j += off
		off, _ = c.scriptKey(s, j, len(a))
	}
}

// scriptKey reads the key around the anchor at s[j:j+n] and, when it is
// one of scriptKeys with a date for its value, adds the date. It returns
// where the key ends, and whether the date is a publication date, after
// which scripts are not searched.
func (c *collector) scriptKey(s []byte, j, n int) (int, bool) {
	start, end := j, j+n
	for start > 0 && isKeyByte(s[start-1]) {
		start--
	}
	for end < len(s) && isKeyByte(s[end]) {
		end++
	}
	rank, ok := scriptKeys[string(s[start:end])]
	if !ok || rank == rankScriptCreated && c.scriptCreated || !endsWithQuote(s[:start]) {
		return end, false
	}
	v, ok := quotedValue(s[end:])
	if !ok {
		return end, false
	}
	st, ok := parseISO(string(v))
	if !ok {
		return end, false
	}
	c.add(st, rank, "script")
	if rank == rankScriptCreated {
		c.scriptCreated = true
		return end, false
	}
	c.scriptPub = true
	return end, true
}

func isKeyByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

// endsWithQuote reports whether b ends with a quote mark: ", ', \" or
// &quot;.
func endsWithQuote(b []byte) bool {
	return bytes.HasSuffix(b, []byte(`"`)) || bytes.HasSuffix(b, []byte(`'`)) || bytes.HasSuffix(b, []byte("&quot;"))
}

// quotedValue reads, after a key, its closing quote, a colon and a
// quoted string of 8 to 40 bytes, and returns the string.
func quotedValue(b []byte) ([]byte, bool) {
	skipQuote := func(b []byte) ([]byte, bool) {
		b = bytes.TrimLeft(b, " \t")
		for _, q := range []string{`\"`, `"`, `'`, "&quot;"} {
			if bytes.HasPrefix(b, []byte(q)) {
				return b[len(q):], true
			}
		}
		return b, false
	}
	b, ok := skipQuote(b)
	if !ok {
		return nil, false
	}
	b = bytes.TrimLeft(b, " \t")
	if len(b) == 0 || b[0] != ':' {
		return nil, false
	}
	b, ok = skipQuote(b[1:])
	if !ok {
		return nil, false
	}
	end := bytes.IndexAny(b, "\"'&\\")
	if end < 8 || end > 40 {
		return nil, false
	}
	return b[:end], true
}
