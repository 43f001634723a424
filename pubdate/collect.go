package pubdate

import (
	"bytes"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/internal/htmlscan"
)

// Element context flags, inherited by descendants.
const (
	fExcluded = 1 << iota // navigation, footer, sidebar, comments: not read
	fHint                 // class or id names a date, byline or post meta
	fHeader               // header element or byline
	fArticle              // article element
)

// maxStack bounds the tracked element nesting.
const maxStack = 256

type frame struct {
	a     atom.Atom
	flags uint8
}

// A segment marks where text with given context flags starts in the text
// buffer.
type segment struct {
	start int
	flags uint8
}

// A capture collects the text of an element whose content is a date
// (<time> without datetime, an itemprop element without content).
type capture struct {
	active    bool
	a         atom.Atom
	depth     int
	published bool
	rank      int
	source    string
	buf       []byte
}

type collector struct {
	latest, earliest time.Time
	nowYear          int

	pub, mod []cand
	order    int

	lang     string
	stack    []frame
	text     []byte
	segs     []segment
	capt     capture
	jsonBuf  []byte
	desc     string // the page's meta description
	sawTitle bool   // an h1 has been seen
	titleEnd int    // where the first h1's text ends in text, or 0

	raw   atom.Atom // the raw-text element being read
	rawLD bool      // it is a JSON-LD script

	// The JSON-LD script the last end tag closed, when it decoded as
	// one object or array: its value and the bytes it was read from.
	ld     any
	ldSize int

	scriptBytes   int    // bytes of other scripts searched by scriptDates
	scriptPub     bool   // a script has given a publication date
	scriptCreated bool   // a script has given a creation date
	hintBuf       []byte // the lower-cased attribute values of the start tag being read
}

// dayFirst reports whether ambiguous numeric dates are read day first.
func (c *collector) dayFirst() bool {
	l := strings.ToLower(c.lang)
	return !(l == "en" || strings.HasPrefix(l, "en-us") || strings.HasPrefix(l, "en_us"))
}

func (c *collector) flags() uint8 {
	if len(c.stack) == 0 {
		return 0
	}
	return c.stack[len(c.stack)-1].flags
}

// metaKind classifies a meta name: published or modified, and its rank.
type metaKind struct {
	published bool
	rank      int
}

var metaNames = map[string]metaKind{
	"article:published_time":        {true, rankMetaPublished},
	"article:published":             {true, rankMetaPublished},
	"article.published":             {true, rankMetaPublished},
	"og:published_time":             {true, rankMetaPublished},
	"og:article:published_time":     {true, rankMetaPublished},
	"og:pubdate":                    {true, rankMetaPublished},
	"published_time":                {true, rankMetaPublished},
	"published-time":                {true, rankMetaPublished},
	"datepublished":                 {true, rankMetaPublished},
	"date_published":                {true, rankMetaPublished},
	"date-published":                {true, rankMetaPublished},
	"published-date":                {true, rankMetaPublished},
	"published_date":                {true, rankMetaPublished},
	"publishdate":                   {true, rankMetaPublished},
	"publish-date":                  {true, rankMetaPublished},
	"publish_date":                  {true, rankMetaPublished},
	"pubdate":                       {true, rankMetaPublished},
	"publication_date":              {true, rankMetaPublished},
	"publication-date":              {true, rankMetaPublished},
	"publicationdate":               {true, rankMetaPublished},
	"dc.date.issued":                {true, rankMetaPublished},
	"dcterms.issued":                {true, rankMetaPublished},
	"dc.date.created":               {true, rankMetaPublished},
	"dcterms.created":               {true, rankMetaPublished},
	"dc.date.published":             {true, rankMetaPublished},
	"sailthru.date":                 {true, rankMetaPublished},
	"parsely-pub-date":              {true, rankMetaPublished},
	"citation_publication_date":     {true, rankMetaPublished},
	"citation_date":                 {true, rankMetaPublished},
	"citation_online_date":          {true, rankMetaPublished},
	"article_date_original":         {true, rankMetaPublished},
	"original-publish-date":         {true, rankMetaPublished},
	"originalpublicationdate":       {true, rankMetaPublished},
	"rnews:datepublished":           {true, rankMetaPublished},
	"prism.publicationdate":         {true, rankMetaPublished},
	"bt:pubdate":                    {true, rankMetaPublished},
	"cxenseparse:recs:publishtime":  {true, rankMetaPublished},
	"weibo:article:create_at":       {true, rankMetaPublished},
	"datecreated":                   {true, rankMetaPublished},
	"date_created":                  {true, rankMetaPublished},
	"created":                       {true, rankMetaDate},
	"creation_date":                 {true, rankMetaDate},
	"release_date":                  {true, rankMetaDate},
	"displaydate":                   {true, rankMetaDate},
	"date":                          {true, rankMetaDate},
	"dc.date":                       {true, rankMetaDate},
	"dcterms.date":                  {true, rankMetaDate},
	"dc:date":                       {true, rankMetaDate},
	"og:date":                       {true, rankMetaDate},
	"article:modified_time":         {false, rankMetaModified},
	"article:modified":              {false, rankMetaModified},
	"article:updated_time":          {false, rankMetaModified},
	"og:updated_time":               {false, rankMetaModified},
	"og:modified_time":              {false, rankMetaModified},
	"modified_time":                 {false, rankMetaModified},
	"datemodified":                  {false, rankMetaModified},
	"date_modified":                 {false, rankMetaModified},
	"dc.date.modified":              {false, rankMetaModified},
	"dcterms.modified":              {false, rankMetaModified},
	"lastmod":                       {false, rankMetaModified},
	"last-modified":                 {false, rankMetaLastMod},
	"lastmodified":                  {false, rankMetaLastMod},
	"last_updated":                  {false, rankMetaLastMod},
	"revised":                       {false, rankMetaLastMod},
	"modified":                      {false, rankMetaLastMod},
	"updated":                       {false, rankMetaLastMod},
	"eomportal-lastupdate":          {false, rankMetaLastMod},
	"cxenseparse:recs:modifiedtime": {false, rankMetaModified},
}

// Hints in class and id values, matched as lower-case substrings.
var (
	excludedHints = []string{"comment", "footer", "sidebar", "related", "breadcrumb", "reply", "respond"}
	dateHintList  = []string{"date", "time", "publi", "posted", "byline", "dateline", "datum", "meta", "zeit", "fecha"}
	headerList    = []string{"byline", "article-head", "entry-head", "post-head", "headline", "article-info", "entry-meta", "post-meta"}
	dateHints     = htmlscan.NewHints(dateHintList...)
	headerHints   = htmlscan.NewHints(headerList...)
	// classHints are all three above: a value with none of them, as most
	// are, is read once instead of three times.
	classHints    = htmlscan.NewHints(slices.Concat(excludedHints, dateHintList, headerList)...)
	pubClassHints = htmlscan.NewHints("publish", "entry-date", "post-date", "created", "pubdate", "posted", "dateline")
	modClassHints = htmlscan.NewHints("update", "modif", "edited")
	excludedAny   = htmlscan.NewHints(excludedHints...)
)

// excludedClass reports whether a class or id list names page chrome
// whose dates are not the page's: a token that starts with one of
// excludedHints ("comments", "footer-nav"), or a site-wide footer. A
// "post-footer" or "entry-footer", which often holds the byline, is not
// excluded, nor, inside an <article> (inArticle), a "sidebar": there it
// is a column of the article, often the one with its byline and date.
func excludedClass(cls []byte, inArticle bool) bool {
	if !htmlscan.In(excludedAny, cls) {
		return false // every excluded token holds one of excludedHints
	}
	for tok := range bytes.FieldsSeq(cls) {
		for _, h := range excludedHints {
			if bytes.HasPrefix(tok, []byte(h)) && !(inArticle && h == "sidebar") {
				return true
			}
		}
		switch string(tok) {
		case "site-footer", "page-footer", "global-footer", "main-footer", "site-sidebar", "main-sidebar":
			return true
		}
	}
	return false
}

func containsAny(s []byte, hints []string) bool {
	for _, h := range hints {
		if bytes.Contains(s, []byte(h)) {
			return true
		}
	}
	return false
}

func lowerASCII(dst, src []byte) []byte {
	dst = dst[:0]
	for _, c := range src {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// lower returns a lower-cased copy of v, followed by a space if space is
// set, in c.hintBuf: valid until the next start tag.
func (c *collector) lower(v []byte, space bool) []byte {
	start := len(c.hintBuf)
	for _, ch := range v {
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		c.hintBuf = append(c.hintBuf, ch)
	}
	if space {
		c.hintBuf = append(c.hintBuf, ' ')
	}
	return c.hintBuf[start:len(c.hintBuf):len(c.hintBuf)]
}

// blockAtoms start a new line of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Br, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Ul, atom.Ol, atom.Dd, atom.Dt, atom.Table,
		atom.Main, atom.Aside, atom.Nav, atom.Blockquote, atom.Figure, atom.Figcaption, atom.Form, atom.Hr, atom.Address:
		return true
	}
	return false
}

// attrs holds the attributes of one start tag that matter here, valid
// during the StartTag call that reads them.
type attrs struct {
	names                           []byte // class, then id, lower-cased, each followed by a space
	itemprop, name, property, equiv []byte // lower-cased
	content, value, datetime, title []byte
	typ, lang                       []byte
	pubdate                         bool
}

// StartTag takes a start tag and its attributes (htmltext.Observer).
func (c *collector) StartTag(at atom.Atom, list []htmltext.Attr, selfClosing bool) {
	a := attrs{}
	c.hintBuf = c.hintBuf[:0]
	if !skipAttrs(at) {
		var class, id []byte
		for _, kv := range list {
			k, v := kv.Key, kv.Val
			if len(v) > 4096 {
				v = v[:4096]
			}
			switch string(k) {
			case "class":
				class = c.lower(v, true)
			case "id":
				id = c.lower(v, true)
			case "itemprop":
				a.itemprop = c.lower(v, false)
			case "name":
				a.name = c.lower(v, false)
			case "property":
				a.property = c.lower(v, false)
			case "http-equiv":
				a.equiv = c.lower(v, false)
			case "content":
				a.content = v
			case "value":
				if at == atom.Meta {
					a.value = v
				}
			case "datetime":
				a.datetime = v
			case "title":
				a.title = v
			case "type":
				a.typ = c.lower(v, false)
			case "lang", "xml:lang":
				a.lang = v
			case "pubdate":
				a.pubdate = true
			}
		}
		if len(class)+len(id) > 0 {
			start := len(c.hintBuf)
			c.hintBuf = append(append(c.hintBuf, class...), id...)
			a.names = c.hintBuf[start:]
		}
	}
	if c.raw != 0 {
		return // markup inside raw text is text; the tokenizer never says so
	}
	c.startTag(at, &a, selfClosing)
	switch at {
	case atom.Script, atom.Style, atom.Noscript, atom.Textarea, atom.Title, atom.Iframe, atom.Xmp, atom.Noembed, atom.Noframes:
		if !selfClosing {
			c.raw = at
			c.rawLD = at == atom.Script && bytes.Contains(a.typ, []byte("ld+json"))
			c.jsonBuf = c.jsonBuf[:0]
		}
	}
}

// EndTag takes an end tag (htmltext.Observer).
func (c *collector) EndTag(at atom.Atom) {
	c.ld = nil
	if c.raw != 0 {
		if at == c.raw {
			if c.rawLD {
				c.jsonLD(c.jsonBuf)
			}
			c.raw, c.rawLD = 0, false
		}
		return
	}
	c.endTag(at)
}

// Text takes a text token (htmltext.Observer): the contents of a JSON-LD
// script, or visible text, kept with the context it stands in.
func (c *collector) Text(t []byte, _ atom.Atom) {
	if c.raw != 0 {
		switch {
		case c.rawLD:
			if len(c.jsonBuf) < 2*maxJSONLD {
				c.jsonBuf = append(c.jsonBuf, t...)
			}
		case c.raw == atom.Script:
			c.scriptDates(t)
		}
		return
	}
	if len(c.text) >= MaxTextBytes && !c.capt.active {
		return
	}
	if c.capt.active && len(c.capt.buf) < 200 {
		c.capt.buf = append(c.capt.buf, t...)
	}
	f := c.flags()
	if len(c.text) >= MaxTextBytes {
		return
	}
	if len(c.segs) == 0 || c.segs[len(c.segs)-1].flags != f {
		c.segs = append(c.segs, segment{len(c.text), f})
	}
	if len(t) > MaxTextBytes-len(c.text) {
		t = t[:MaxTextBytes-len(c.text)]
	}
	c.text = append(c.text, t...)
}

// skipAttrs reports whether the attributes of an element never matter:
// links, images, inline formatting and form controls carry no date and
// their class names are not read as context.
func skipAttrs(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Img, atom.Link, atom.Svg, atom.Input, atom.Button, atom.Option, atom.Source,
		atom.Picture, atom.Iframe, atom.Br, atom.Hr, atom.Wbr, atom.I, atom.B, atom.Em, atom.Strong, atom.Style,
		atom.Select, atom.Label, atom.Textarea, atom.Col, atom.Colgroup, atom.Area, atom.Map, atom.Track, atom.Video,
		atom.Audio, atom.Embed, atom.Object, atom.Param, atom.Noscript, atom.Base:
		return true
	case 0:
		// Unknown names: custom elements keep their attributes, SVG
		// shapes (path, g, use, rect...) do not.
		return false
	}
	return false
}

func (c *collector) startTag(at atom.Atom, a *attrs, selfClosing bool) {
	if c.lang == "" && at == atom.Html && len(a.lang) > 0 {
		c.lang = string(a.lang)
	}
	if at == atom.Meta {
		c.meta(a)
		return
	}
	f := c.flags()
	cls := a.names
	switch at {
	case atom.Nav, atom.Footer, atom.Aside:
		f |= fExcluded
	case atom.Header:
		f |= fHeader
	case atom.Article:
		f |= fArticle
	case atom.H1:
		c.sawTitle = true
	}
	if len(cls) > 0 && htmlscan.In(classHints, cls) {
		if excludedClass(cls, f&fArticle != 0) {
			f |= fExcluded
		}
		if htmlscan.In(dateHints, cls) {
			f |= fHint
		}
		if htmlscan.In(headerHints, cls) {
			f |= fHeader
		}
	}
	if isBlock(at) && len(c.text) < MaxTextBytes {
		c.text = append(c.text, '\n')
	}

	// Elements that carry a date.
	ip := string(a.itemprop)
	switch {
	case ip == "datepublished" || ip == "datecreated" || ip == "datemodified":
		pub := ip != "datemodified"
		v := a.content
		if len(v) == 0 {
			v = a.datetime
		}
		rank := rankItemprop
		if !pub {
			rank = rankItempropMod
		}
		if len(v) > 0 {
			c.value(string(v), pub, rank, "itemprop")
		} else if !selfClosing && !htmlscan.IsVoid(at) {
			c.startCapture(at, pub, rank, "itemprop")
		}
	case at == atom.Time:
		pub, rank := true, rankTimeOther
		switch {
		case f&fExcluded != 0:
			rank = rankTimeExcluded
		case a.pubdate || htmlscan.In(pubClassHints, cls):
			rank = rankTimePub
		case htmlscan.In(modClassHints, cls):
			pub, rank = false, rankTimeModified
		case f&(fHeader|fHint) != 0:
			rank = rankTimeContext
		}
		if len(a.datetime) > 0 {
			c.value(string(a.datetime), pub, rank, "time-element")
		} else if !selfClosing {
			c.startCapture(at, pub, rank, "time-element")
		}
	case at == atom.Abbr && len(a.title) > 0 && f&fExcluded == 0:
		switch {
		case htmlscan.In(pubClassHints, cls):
			c.value(string(a.title), true, rankAbbr, "abbr")
		case htmlscan.In(modClassHints, cls):
			c.value(string(a.title), false, rankMetaLastMod, "abbr")
		}
	}

	if selfClosing || htmlscan.IsVoid(at) {
		return
	}
	if len(c.stack) < maxStack {
		c.stack = append(c.stack, frame{at, f})
	}
	if c.capt.active {
		c.capt.depth++
	}
}

func (c *collector) endTag(at atom.Atom) {
	if isBlock(at) && len(c.text) < MaxTextBytes {
		c.text = append(c.text, '\n')
	}
	if at == atom.H1 && c.titleEnd == 0 {
		c.titleEnd = len(c.text)
	}
	if c.capt.active && at == c.capt.a {
		c.capt.active = false
		c.value(string(c.capt.buf), c.capt.published, c.capt.rank, c.capt.source)
	}
	// Pop to the matching open element, if it is open at all.
	for i := len(c.stack) - 1; i >= 0 && i >= len(c.stack)-32; i-- {
		if c.stack[i].a == at {
			c.stack = c.stack[:i]
			return
		}
	}
}

func (c *collector) startCapture(at atom.Atom, pub bool, rank int, source string) {
	c.capt = capture{active: true, a: at, published: pub, rank: rank, source: source, buf: c.capt.buf[:0]}
}

// value records a date stated in markup.
func (c *collector) value(s string, published bool, rank int, source string) {
	st, ok := parseValue(s, c.dayFirst())
	if !ok {
		return
	}
	if published {
		c.add(st, rank, source)
	} else {
		c.addModified(st, rank, source)
	}
}

func (c *collector) meta(a *attrs) {
	if len(a.content) == 0 {
		// Some pages, and copies saved by some archiving tools, give the
		// value of a meta tag in "value".
		a.content = a.value
	}
	if len(a.content) == 0 {
		return
	}
	key := a.property
	if len(key) == 0 {
		key = a.name
	}
	if len(key) == 0 {
		key = a.itemprop
	}
	if len(key) == 0 {
		key = a.equiv
		if c.lang == "" && string(key) == "content-language" {
			c.lang = string(a.content)
			return
		}
	}
	if len(key) == 0 {
		return
	}
	k := string(bytes.TrimSpace(key))
	if k == "og:locale" && c.lang == "" {
		c.lang = strings.ReplaceAll(string(a.content), "_", "-")
		return
	}
	if k == "parsely-page" {
		// A JSON object with a "pub_date" key.
		if i := bytes.Index(a.content, []byte(`"pub_date"`)); i >= 0 {
			v := a.content[i+10:]
			if j := bytes.IndexByte(v, '"'); j >= 0 {
				v = v[j+1:]
				if j := bytes.IndexByte(v, '"'); j >= 0 {
					c.value(string(v[:j]), true, rankMetaPublished, "meta:parsely-page")
				}
			}
		}
		return
	}
	if k == "og:image" || k == "twitter:image" {
		// Uploads are often filed under the day they were made.
		if st, ok := urlDate(string(a.content)); ok {
			c.add(st, rankImageURL, "meta:"+k)
		}
		return
	}
	if k == "description" || k == "og:description" {
		if c.desc == "" {
			c.desc = string(a.content)
		}
		return
	}
	mk, ok := metaNames[k]
	if !ok {
		return
	}
	c.value(string(a.content), mk.published, mk.rank, "meta:"+k)
}
