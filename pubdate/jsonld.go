package pubdate

import (
	"bytes"
	"encoding/json"
	"strings"
)

// maxJSONLD bounds the bytes of one JSON-LD script that are decoded; a
// longer script is only searched for its date keys.
const maxJSONLD = 256 << 10

// jsonLD collects the dates of one JSON-LD script into c.
//
// Every object in the document is visited (top level, arrays, @graph and
// nested values). A datePublished or dateCreated counts as a publication
// date and a dateModified as a modification date; an object whose @type
// is an article or a web page ranks above one of another type, and one
// describing a comment, review, image or video ranks below. When the
// script is not valid JSON, or too long, the raw text is searched for the
// keys instead.
func (c *collector) jsonLD(raw []byte) {
	size := len(raw)
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	// Some sites wrap the JSON in an HTML comment or CDATA section.
	raw = bytes.TrimPrefix(raw, []byte("<!--"))
	raw = bytes.TrimSuffix(raw, []byte("-->"))
	raw = bytes.TrimPrefix(raw, []byte("//<![CDATA["))
	raw = bytes.TrimSuffix(raw, []byte("//]]>"))
	if len(raw) <= maxJSONLD {
		var v any
		if err := json.Unmarshal(raw, &v); err == nil {
			switch v.(type) {
			case map[string]any, []any:
				c.ld, c.ldSize = v, size
			}
			c.walkJSON(v, "", 0)
			return
		}
	}
	c.scanJSONKeys(raw)
}

// jsonTypeRank ranks an object by its @type: lower is a better source of
// the page's own date.
func jsonTypeRank(typ string) int {
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "comment"), strings.Contains(t, "review"), strings.Contains(t, "answer"),
		strings.Contains(t, "question"), strings.Contains(t, "imageobject"), strings.Contains(t, "videoobject"),
		strings.Contains(t, "audioobject"), strings.Contains(t, "person"), strings.Contains(t, "organization"),
		strings.Contains(t, "event"), strings.Contains(t, "product"), strings.Contains(t, "offer"):
		return 2
	case strings.Contains(t, "article"), strings.Contains(t, "posting"), strings.Contains(t, "report"),
		strings.Contains(t, "blog"), strings.Contains(t, "story"), strings.Contains(t, "news"):
		return 0
	case t == "":
		return 1
	}
	return 1
}

func typeOf(m map[string]any) string {
	switch t := m["@type"].(type) {
	case string:
		return t
	case []any:
		var b strings.Builder
		for _, x := range t {
			if s, ok := x.(string); ok {
				b.WriteString(s)
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	return ""
}

func (c *collector) walkJSON(v any, parentKey string, depth int) {
	if depth > 24 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			c.walkJSON(e, parentKey, depth+1)
		}
	case map[string]any:
		rank := jsonTypeRank(typeOf(x))
		if rank == 1 && (parentKey == "comment" || parentKey == "review" || parentKey == "image" || parentKey == "video") {
			rank = 2
		}
		c.jsonDate(x["datePublished"], rank, "json-ld", true)
		c.jsonDate(x["dateCreated"], rank, "json-ld:dateCreated", true)
		c.jsonDate(x["dateModified"], rank, "json-ld:dateModified", false)
		for k, e := range x {
			switch e.(type) {
			case map[string]any, []any:
				c.walkJSON(e, k, depth+1)
			}
		}
	}
}

func (c *collector) jsonDate(v any, typeRank int, source string, published bool) {
	var st stamp
	var ok bool
	switch x := v.(type) {
	case string:
		st, ok = parseValue(x, c.dayFirst())
	case float64:
		st, ok = parseUnix(x)
	case []any:
		if len(x) > 0 {
			c.jsonDate(x[0], typeRank, source, published)
		}
		return
	}
	if !ok {
		return
	}
	if published {
		r := rankJSONPublished + typeRank
		if source != "json-ld" {
			r = rankJSONCreated + typeRank
		}
		c.add(st, r, source)
	} else {
		c.addModified(st, rankJSONModified+typeRank, source)
	}
}

// scanJSONKeys finds "datePublished", "dateCreated" and "dateModified"
// string values in text that did not decode as JSON.
func (c *collector) scanJSONKeys(raw []byte) {
	for _, k := range [...]struct {
		key       string
		source    string
		published bool
	}{
		{`"datePublished"`, "json-ld", true},
		{`"dateCreated"`, "json-ld:dateCreated", true},
		{`"dateModified"`, "json-ld:dateModified", false},
	} {
		s := raw
		for n := 0; n < 8; n++ {
			i := bytes.Index(s, []byte(k.key))
			if i < 0 {
				break
			}
			s = s[i+len(k.key):]
			v := bytes.TrimLeft(s, " \t\r\n")
			if len(v) == 0 || v[0] != ':' {
				continue
			}
			v = bytes.TrimLeft(v[1:], " \t\r\n")
			if len(v) == 0 || v[0] != '"' {
				continue
			}
			end := bytes.IndexByte(v[1:], '"')
			if end < 0 || end > 100 {
				continue
			}
			c.jsonDate(string(v[1:1+end]), 1, k.source, k.published)
		}
	}
}
