package metadata

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Bounds on the decoding of JSON-LD.
const (
	maxEntities  = 64      // objects kept per page
	maxJSONDepth = 32      // nesting followed
	maxJSONToks  = 1 << 14 // tokens read from a script that is not valid JSON
)

// A jsonFilter receives the text of a JSON-LD script in pieces and keeps a
// compact form of it: white space outside strings is dropped, strings are
// cut to MaxJSONString bytes, raw control characters inside strings (which
// JSON forbids, but pages contain) become spaces, and trailing or doubled
// commas are dropped. The result is kept up to MaxJSONLDBytes.
type jsonFilter struct {
	buf    []byte
	full   bool // bytes were dropped at the end
	inStr  bool
	esc    bool // after a backslash in a string
	hex    int  // hex digits of a \u escape still to come
	cut    bool // the rest of the current string is dropped
	strLen int
	comma  bool // a comma waits for the next value
	cutAny bool // a string was cut
	size   int  // bytes written
}

func (f *jsonFilter) reset() {
	*f = jsonFilter{buf: f.buf[:0]}
}

func (f *jsonFilter) put(ch byte) {
	if len(f.buf) >= MaxJSONLDBytes {
		f.full = true
		return
	}
	f.buf = append(f.buf, ch)
}

func (f *jsonFilter) write(b []byte) {
	f.size += len(b)
	for _, ch := range b {
		if f.full {
			return
		}
		if f.inStr {
			switch {
			case f.esc:
				f.esc = false
				if ch == 'u' {
					f.hex = 4
				}
				if !f.cut {
					f.put(ch)
					f.strLen++
				}
			case f.hex > 0:
				f.hex--
				if !f.cut {
					f.put(ch)
					f.strLen++
				}
			case ch == '"':
				f.inStr = false
				f.put(ch)
			default:
				// Cut at a character boundary, leaving room for an
				// escape sequence.
				if !f.cut && f.strLen >= MaxJSONString-6 && ch&0xC0 != 0x80 {
					f.cut, f.cutAny = true, true
				}
				if ch == '\\' {
					f.esc = true
				}
				if f.cut {
					continue
				}
				if ch < 0x20 {
					ch = ' '
				}
				f.put(ch)
				f.strLen++
			}
			continue
		}
		switch ch {
		case ' ', '\t', '\n', '\r', '\f':
		case ',':
			f.comma = true
		case '}', ']':
			f.comma = false
			f.put(ch)
		default:
			if f.comma {
				f.put(',')
				f.comma = false
			}
			if ch == '"' {
				f.inStr, f.strLen, f.cut = true, 0, false
			}
			f.put(ch)
		}
	}
}

// entities decodes the script read so far and appends its objects to
// ents. A script that is not valid JSON, or was cut, is decoded as far as
// it goes.
func (f *jsonFilter) entities(ents []entity) []entity {
	data := unwrapJSON(f.buf, f.full)
	if len(data) == 0 {
		return ents
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for len(ents) < maxEntities {
		off := dec.InputOffset()
		var v any
		if err := dec.Decode(&v); err != nil {
			if off < int64(len(data)) {
				toks := 0
				v, _ = partialJSON(json.NewDecoder(bytes.NewReader(data[off:])), 0, &toks)
				ents = collectEntities(v, ents, 0)
			}
			break
		}
		ents = collectEntities(v, ents, 0)
	}
	return ents
}

// unwrapJSON returns the JSON text inside the wrappers pages put around
// it: HTML comments, CDATA sections and script comments. A cut text, or
// one without a closing bracket, keeps its end.
func unwrapJSON(data []byte, cut bool) []byte {
	for {
		n := len(data)
		for _, p := range [...]string{"<!--", "<![CDATA[", "/*<![CDATA[*/", "//<![CDATA[", "//"} {
			data = bytes.TrimPrefix(data, []byte(p))
		}
		if !cut {
			for _, s := range [...]string{"-->", "]]>", "/*]]>*/", "//]]>", "//"} {
				data = bytes.TrimSuffix(data, []byte(s))
			}
		}
		if len(data) == n {
			break
		}
	}
	start := bytes.IndexAny(data, "{[")
	if start < 0 {
		return nil
	}
	end := len(data) - 1
	if i := bytes.LastIndexAny(data, "}]"); !cut && i > start {
		end = i
	}
	return data[start : end+1]
}

// partialJSON reads one value from dec token by token, and returns what
// it read when the text ends or goes wrong, and whether the value was
// complete.
func partialJSON(dec *json.Decoder, depth int, toks *int) (any, bool) {
	*toks++
	if depth > maxJSONDepth || *toks > maxJSONToks {
		return nil, false
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, true
	}
	switch d {
	case '{':
		m := map[string]any{}
		for {
			kt, err := dec.Token()
			if err != nil {
				return m, false
			}
			k, ok := kt.(string)
			if !ok {
				return m, kt == json.Delim('}')
			}
			v, ok := partialJSON(dec, depth+1, toks)
			if v != nil {
				m[k] = v
			}
			if !ok {
				return m, false
			}
		}
	case '[':
		var a []any
		for dec.More() {
			v, ok := partialJSON(dec, depth+1, toks)
			if v != nil {
				a = append(a, v)
			}
			if !ok {
				return a, false
			}
		}
		_, err := dec.Token()
		return a, err == nil
	}
	return nil, false
}

// An entity is a JSON-LD object.
type entity struct {
	m map[string]any
}

// collectEntities appends the objects of v to ents: v itself, the members
// of arrays and @graph, and the objects that describe the page's main
// entity, authors, publisher and site. Lists of other items
// (itemListElement, hasPart, comment) are not followed.
func collectEntities(v any, ents []entity, depth int) []entity {
	if depth > maxJSONDepth || len(ents) >= maxEntities {
		return ents
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			ents = collectEntities(e, ents, depth+1)
		}
	case map[string]any:
		ents = append(ents, entity{x})
		for _, k := range [...]string{"@graph", "mainEntity", "mainEntityOfPage", "author", "creator",
			"publisher", "isPartOf"} {
			switch e := x[k].(type) {
			case map[string]any, []any:
				ents = collectEntities(e, ents, depth+1)
			}
		}
	}
	return ents
}

// typeString returns the @type of m, a list joined by spaces.
func typeString(m map[string]any) string {
	switch t := m["@type"].(type) {
	case string:
		return t
	case []any:
		var parts []string
		for _, x := range t {
			if s, ok := x.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	return ""
}

// Entity ranks: which object describes the page.
const (
	entArticle = iota // Article, NewsArticle, BlogPosting, ...
	entPage           // WebPage and its kinds
	entWork           // other creative works
	entOther          // not the page: people, organizations, sites, lists
)

// entityRank ranks m by its @type.
func entityRank(m map[string]any) int {
	t := strings.ToLower(typeString(m))
	t = strings.TrimPrefix(t, "schema:")
	switch {
	case t == "":
		return entOther
	case strings.Contains(t, "article"), strings.Contains(t, "posting"), strings.Contains(t, "liveblog"),
		strings.Contains(t, "report"):
		return entArticle
	case strings.Contains(t, "page"):
		return entPage
	case strings.Contains(t, "creativework"), strings.Contains(t, "videoobject"), strings.Contains(t, "episode"),
		strings.Contains(t, "recipe"):
		return entWork
	}
	return entOther
}

// ldInfo is what the JSON-LD of a page says.
type ldInfo struct {
	typ         string
	headline    string
	name        string // the main entity's name, a weaker title
	authors     []string
	orgs        []string // authors that are organizations
	bios        []string // the descriptions of the authors that are people
	newsrooms   []string // those of them that are news organizations
	site        string
	description string
	lang        string
	image       string
	keywords    []string
}

// jsonLDInfo reads the fields of the main entity of ents: the first
// article-like object, else the first web page, else the first other
// creative work.
func jsonLDInfo(ents []entity) ldInfo {
	var info ldInfo
	var main map[string]any
	best := entOther
	for _, e := range ents {
		if r := entityRank(e.m); r < best {
			main, best = e.m, r
		}
	}
	if main != nil {
		info.typ = typeString(main)
		info.headline = jsonText(main["headline"])
		if info.headline == "" {
			info.headline = jsonText(main["alternativeHeadline"])
		}
		info.name = jsonText(main["name"])
		info.authors = jsonAuthors(ents, main["author"], nil, &info, 0)
		if len(info.authors) == 0 {
			info.authors = jsonAuthors(ents, main["creator"], nil, &info, 0)
		}
		info.site = jsonName(ents, main["publisher"])
		info.description = jsonText(main["description"])
		info.lang = jsonLang(main["inLanguage"])
		info.image = jsonImage(ents, main["image"], 0)
		if info.image == "" {
			info.image = jsonText(main["thumbnailUrl"])
		}
		info.keywords = jsonKeywords(main["keywords"])
	}
	for _, e := range ents {
		t := strings.ToLower(typeString(e.m))
		if info.site == "" && t == "website" {
			info.site = jsonText(e.m["name"])
		}
		if info.lang == "" && entityRank(e.m) != entOther {
			info.lang = jsonLang(e.m["inLanguage"])
		}
	}
	return info
}

// jsonText returns v when it is a string, or the first string of a list,
// or the @value of a value object.
func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return jsonText(x[0])
		}
	case map[string]any:
		return jsonText(x["@value"])
	}
	return ""
}

// resolve returns the object v stands for: v itself, or the object of
// ents with v's @id when v is a bare reference.
func resolve(ents []entity, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	id, ok := m["@id"].(string)
	if !ok || id == "" || len(m) > 2 {
		return m
	}
	for _, e := range ents {
		if e.m["@id"] == id && len(e.m) > len(m) {
			return e.m
		}
	}
	return m
}

// jsonName returns the name of the object v stands for, or v itself when
// it is a string.
func jsonName(ents []entity, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if a, ok := v.([]any); ok && len(a) > 0 {
		return jsonName(ents, a[0])
	}
	if m := resolve(ents, v); m != nil {
		return jsonText(m["name"])
	}
	return ""
}

// jsonAuthors appends the names of the authors v stands for: strings,
// objects with a name (people, not organizations), lists of them. The
// names of organizations go to info.orgs, and those of news
// organizations (NewsMediaOrganization) to info.newsrooms as well.
func jsonAuthors(ents []entity, v any, dst []string, info *ldInfo, depth int) []string {
	if depth > 2 || len(dst) >= MaxAuthors {
		return dst
	}
	switch x := v.(type) {
	case string:
		dst = append(dst, x)
	case []any:
		for _, e := range x {
			dst = jsonAuthors(ents, e, dst, info, depth+1)
		}
	case map[string]any:
		m := resolve(ents, x)
		t := strings.ToLower(typeString(m))
		if strings.Contains(t, "organization") || strings.Contains(t, "website") {
			if name := jsonText(m["name"]); name != "" && len(info.orgs) < MaxAuthors {
				info.orgs = append(info.orgs, name)
				if strings.Contains(t, "newsmediaorganization") {
					info.newsrooms = append(info.newsrooms, name)
				}
			}
			return dst
		}
		if bio := jsonText(m["description"]); len(bio) >= minBio && len(info.bios) < MaxAuthors {
			info.bios = append(info.bios, bio)
		}
		name := jsonText(m["name"])
		if name == "" {
			if g, f := jsonText(m["givenName"]), jsonText(m["familyName"]); g != "" || f != "" {
				name = strings.TrimSpace(g + " " + f)
			}
		}
		if name != "" {
			dst = append(dst, name)
		}
	}
	return dst
}

// minBio is the fewest bytes of an author's description taken for a
// biography (shorter ones are job titles: "Staff writer").
const minBio = 60

// jsonLang returns a language stated as a string or a Language object.
func jsonLang(v any) string {
	if m, ok := v.(map[string]any); ok {
		if s := jsonText(m["alternateName"]); s != "" {
			return s
		}
		return jsonText(m["name"])
	}
	return jsonText(v)
}

// jsonImage returns the URL of an image given as a string, an
// ImageObject or a list of either.
func jsonImage(ents []entity, v any, depth int) string {
	if depth > 2 {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			if s := jsonImage(ents, e, depth+1); s != "" {
				return s
			}
		}
	case map[string]any:
		m := resolve(ents, x)
		if s := jsonText(m["url"]); s != "" {
			return s
		}
		return jsonText(m["contentUrl"])
	}
	return ""
}

// jsonKeywords returns keywords given as a comma-separated string or a
// list.
func jsonKeywords(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && len(out) < maxKeywordVals {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// organization reports whether the JSON-LD names s as an author that is
// an organization.
func (info ldInfo) organization(s string) bool {
	for _, o := range info.orgs {
		if same(o, s) {
			return true
		}
	}
	return false
}
