package pubdate

import "bytes"

// maxScriptBytes bounds the text of a page's non-JSON-LD scripts that is
// searched for date keys.
const maxScriptBytes = 1 << 20

// scriptKeys are the keys that state a publication date in the data a
// page's scripts carry (state objects of JavaScript front ends, data
// layers, shop and review widgets). Key names are matched as written.
var scriptKeys = []struct {
	key  string
	rank int
}{
	{"datePublished", rankScriptPublished},
	{"publishedDate", rankScriptPublished},
	{"published_date", rankScriptPublished},
	{"publishDate", rankScriptPublished},
	{"publish_date", rankScriptPublished},
	{"published_at", rankScriptPublished},
	{"publishedAt", rankScriptPublished},
	{"publicationDate", rankScriptPublished},
	{"publication_date", rankScriptPublished},
	{"firstPublished", rankScriptPublished},
	{"first_published_at", rankScriptPublished},
	{"pubDate", rankScriptPublished},
	{"createdAt", rankScriptCreated},
	{"created_at", rankScriptCreated},
	{"dateCreated", rankScriptCreated},
}

// scriptDates finds the values of scriptKeys in the text of a script
// that is not JSON-LD: "key": "value" with the quotes plain, escaped
// (\"key\":\"value\", in a JSON string inside the script) or written
// as &quot;. The first value of each key counts.
func (c *collector) scriptDates(s []byte) {
	if c.scriptBytes >= maxScriptBytes {
		return
	}
	if n := maxScriptBytes - c.scriptBytes; len(s) > n {
		s = s[:n]
	}
	c.scriptBytes += len(s)
	for i, k := range scriptKeys {
		if c.scriptSeen&(1<<i) != 0 {
			continue
		}
		rest := s
		for {
			j := bytes.Index(rest, []byte(k.key))
			if j < 0 {
				break
			}
			before := rest[:j]
			rest = rest[j+len(k.key):]
			if !endsWithQuote(before) {
				continue
			}
			v, ok := quotedValue(rest)
			if !ok {
				continue
			}
			st, ok := parseISO(string(v))
			if !ok {
				continue
			}
			c.scriptSeen |= 1 << i
			c.add(st, k.rank, "script")
			break
		}
	}
}

// endsWithQuote reports whether b ends with a quote mark: ", ', \" or
// &quot;.
func endsWithQuote(b []byte) bool {
	return bytes.HasSuffix(b, []byte(`"`)) || bytes.HasSuffix(b, []byte(`'`)) || bytes.HasSuffix(b, []byte("&quot;"))
}

// quotedValue reads, after a key, its closing quote, a colon and a
// quoted string of at most 40 bytes, and returns the string.
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
