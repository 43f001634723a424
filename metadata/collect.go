package metadata

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/internal/htmlscan"
)

// Caps on the candidates a Collector keeps.
const (
	maxMetaAuthors = 16      // author meta values
	maxKeywordVals = 64      // keyword meta values
	maxBodyCands   = 8       // byline candidates from body markup
	maxCaptures    = 6       // byline elements read at once
	maxCaptureText = 256     // text of one byline element; a longer one is not a byline
	maxValue       = 4 << 10 // a meta content or link kept
)

// A metaKey is a meta name or property the Collector keeps the first
// value of.
type metaKey uint8

const (
	kNone metaKey = iota
	kOGTitle
	kTwitterTitle
	kMetaTitle
	kDCTitle
	kParselyTitle
	kSailthruTitle
	kHeadline
	kOGSiteName
	kAppName
	kDCPublisher
	kDescription
	kOGDescription
	kTwitterDescription
	kDCDescription
	kContentLanguage
	kOGLocale
	kDCLanguage
	kOGURL
	kOGImage
	kTwitterImage
	kParselyImage
	kOGType
	kCopyright
	numKeys
)

// Keys whose every value is kept.
const (
	kAuthor = numKeys + 1 + iota
	kArticleAuthor
	kParselyAuthor
	kSailthruAuthor
	kByl
	kDCCreator
	kCitationAuthor
	kKeywords
	kArticleTag
)

// metaKeys maps lower-case meta names and properties to keys.
var metaKeys = map[string]metaKey{
	"og:title":                    kOGTitle,
	"twitter:title":               kTwitterTitle,
	"title":                       kMetaTitle,
	"dc.title":                    kDCTitle,
	"dc:title":                    kDCTitle,
	"dcterms.title":               kDCTitle,
	"parsely-title":               kParselyTitle,
	"sailthru.title":              kSailthruTitle,
	"headline":                    kHeadline,
	"og:site_name":                kOGSiteName,
	"application-name":            kAppName,
	"dc.publisher":                kDCPublisher,
	"dc:publisher":                kDCPublisher,
	"dcterms.publisher":           kDCPublisher,
	"description":                 kDescription,
	"og:description":              kOGDescription,
	"twitter:description":         kTwitterDescription,
	"dc.description":              kDCDescription,
	"dc:description":              kDCDescription,
	"dcterms.description":         kDCDescription,
	"content-language":            kContentLanguage,
	"og:locale":                   kOGLocale,
	"dc.language":                 kDCLanguage,
	"dc:language":                 kDCLanguage,
	"dcterms.language":            kDCLanguage,
	"language":                    kDCLanguage,
	"og:url":                      kOGURL,
	"og:image":                    kOGImage,
	"og:image:url":                kOGImage,
	"og:image:secure_url":         kOGImage,
	"twitter:image":               kTwitterImage,
	"twitter:image:src":           kTwitterImage,
	"parsely-image-url":           kParselyImage,
	"og:type":                     kOGType,
	"copyright":                   kCopyright,
	"dc.rights":                   kCopyright,
	"dcterms.rights":              kCopyright,
	"dcterms.rightsholder":        kCopyright,
	"author":                      kAuthor,
	"article:author":              kArticleAuthor,
	"og:article:author":           kArticleAuthor,
	"article:author_name":         kArticleAuthor,
	"parsely-author":              kParselyAuthor,
	"sailthru.author":             kSailthruAuthor,
	"byl":                         kByl,
	"dc.creator":                  kDCCreator,
	"dc:creator":                  kDCCreator,
	"dcterms.creator":             kDCCreator,
	"citation_author":             kCitationAuthor,
	"keywords":                    kKeywords,
	"news_keywords":               kKeywords,
	"parsely-tags":                kKeywords,
	"sailthru.tags":               kKeywords,
	"article:tag":                 kArticleTag,
	"og:article:tag":              kArticleTag,
	"http-equiv:content-language": kContentLanguage,
}

// A keyed is a value of a multi-valued meta key.
type keyed struct {
	key metaKey
	val string
}

// Body byline candidate ranks, best first.
const (
	rankItemprop = iota // itemprop="author", or its itemprop="name"
	rankRel             // rel="author"
	rankClass           // class or id naming an author or byline
	rankHref            // a link to the author's page (/author/jane-doe)
)

// A capture reads the text of a byline element.
type capture struct {
	a       atom.Atom
	depth   int // open descendants with the same atom
	rank    int
	name    bool // an itemprop="name" inside an itemprop="author"
	gotName bool // an itemprop="author" whose name was read separately
	over    bool // text beyond maxCaptureText: not a byline
	buf     []byte
}

// A cand is byline text found in the body.
type cand struct {
	rank int
	text string
}

// A Collector gathers the metadata of one page from its tokens, in
// document order. Report every start tag with StartTag, every end tag
// with EndTag and every text token with Text, as golang.org/x/net/html's
// Tokenizer gives them: lower-case attribute keys, entity-decoded
// attribute values and text, and the raw contents of <script>, <style>
// and <title> as text between their start and end tags. A self-closing
// tag may be reported with or without an EndTag after it, except that a
// <script/>, <style/> or <title/> must not be followed by one (its contents
// and its own end tag follow). Then call Result.
//
// A Collector reads <html>, <title>, the first <h1>, <meta>, <link>,
// <base>, JSON-LD scripts and byline markup, and does little more than a
// switch on the atom for other tokens. It never retains the attrs or b
// passed to it. The zero value is ready to use; Reset readies it for the
// next page, keeping its buffers.
type Collector struct {
	raw   atom.Atom // raw-text element being read, 0 outside one
	rawLD bool      // raw is a JSON-LD script being read
	svg   int       // depth inside <svg> or <math>, whose <title> is not the page's

	title, h1          []byte
	inTitle, titleSeen bool
	inH1, h1Seen       bool

	htmlLang  string
	base      string
	canonical string
	imageSrc  string

	meta        [numKeys]string
	metaAuthors []keyed
	keywords    []keyed

	ld        jsonFilter
	ldScripts int
	ents      []entity
	// A value for the JSON-LD script the next end tag closes, decoded
	// by another reader of the same tokens (UseJSONLD), and the bytes
	// of text it was decoded from.
	shared     any
	sharedSize int

	caps  [maxCaptures]capture
	ncap  int
	body  []cand
	excl  atom.Atom // element whose contents hold no byline (comments, related links)
	exclN int       // its open same-atom elements, 0 when none is open
	// hrefCand is set once a link to an author's page gives a byline
	// candidate (one that wraps the author's picture gives none): the
	// first is the one used, and more would take the places of bylines
	// further down (maxBodyCands).
	hrefCand bool
}

// Reset clears c for another page, keeping its allocated buffers.
func (c *Collector) Reset() {
	title, h1 := c.title[:0], c.h1[:0]
	ma, kw, body, ents := c.metaAuthors[:0], c.keywords[:0], c.body[:0], c.ents[:0]
	clear(ents[:cap(ents)])
	ld := c.ld
	ld.reset()
	caps := c.caps
	*c = Collector{}
	c.title, c.h1 = title, h1
	c.metaAuthors, c.keywords, c.body, c.ents = ma, kw, body, ents
	c.ld = ld
	for i := range caps {
		c.caps[i].buf = caps[i].buf[:0]
	}
}

// endIsland forgets the open elements of a part of the page read out of
// its context: captures not closed within it, an exclusion, a raw-text
// element other than a JSON-LD script.
func (c *Collector) endIsland() {
	c.ncap, c.exclN = 0, 0
	if c.raw != 0 && !c.rawLD {
		c.endRaw()
	}
}

// rawText reports whether the tokenizer reads the contents of a as text.
func rawText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Title, atom.Textarea, atom.Xmp, atom.Iframe,
		atom.Noembed, atom.Noframes, atom.Noscript, atom.Plaintext:
		return true
	}
	return false
}

// wantsText reports whether the next text token matters to c.
func (c *Collector) wantsText() bool {
	if c.raw != 0 {
		return c.rawLD || c.inTitle
	}
	return c.inH1 || c.ncap > 0
}

// Text reports a text token: its entity-decoded text, or the raw contents
// of a <script>, <style> or <title>.
func (c *Collector) Text(b []byte) {
	if c.raw != 0 {
		switch {
		case c.rawLD:
			c.ld.write(b)
		case c.inTitle:
			c.title = appendCapped(c.title, b, MaxTitleBytes)
		}
		return
	}
	if c.inH1 {
		c.h1 = appendCapped(c.h1, b, MaxTitleBytes)
	}
	for i := 0; i < c.ncap; i++ {
		p := &c.caps[i]
		if p.over {
			continue
		}
		if len(p.buf)+len(b) > maxCaptureText {
			p.over = true
			continue
		}
		// Line breaks in the source are spaces; separate marks the
		// element boundaries that break lines.
		for _, ch := range b {
			if ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' {
				ch = ' '
			}
			p.buf = append(p.buf, ch)
		}
	}
}

func appendCapped(dst, b []byte, limit int) []byte {
	if n := limit - len(dst); len(b) > n {
		b = b[:max(n, 0)]
	}
	return append(dst, b...)
}

// StartTag reports a start tag: a is its atom (0 for a name without one)
// and attrs its attributes.
func (c *Collector) StartTag(a atom.Atom, attrs []html.Attribute) {
	if c.raw != 0 {
		// The caller's tokenizer reads this element's contents as
		// markup: so be it.
		c.endRaw()
	}
	switch a {
	case atom.Html:
		if c.htmlLang == "" {
			for _, at := range attrs {
				if (at.Key == "lang" || at.Key == "xml:lang") && at.Val != "" {
					c.htmlLang = clip(at.Val, 64)
					break
				}
			}
		}
		return
	case atom.Title:
		c.raw = a
		if c.svg == 0 && !c.titleSeen {
			c.inTitle, c.titleSeen = true, true
		}
		return
	case atom.Script:
		c.raw = a
		if c.ldScripts < MaxJSONLDScripts {
			for _, at := range attrs {
				if at.Key == "type" && containsFold(at.Val, "ld+json") {
					c.rawLD = true
					c.ldScripts++
					c.ld.reset()
					break
				}
			}
		}
		return
	case atom.Meta:
		c.metaTag(attrs)
		return
	case atom.Link:
		c.linkTag(attrs)
		return
	case atom.Base:
		if c.base == "" {
			for _, at := range attrs {
				if at.Key == "href" {
					c.base = clip(strings.TrimSpace(at.Val), 2048)
					break
				}
			}
		}
		return
	case atom.Svg, atom.Math:
		c.svg++
	case atom.H1:
		if !c.h1Seen {
			c.inH1, c.h1Seen = true, true
		}
	}
	if rawText(a) {
		c.raw = a
		return
	}
	c.separate(a)
	if htmlscan.IsVoid(a) {
		return
	}
	c.nest(a)
	c.bylineMarkup(a, attrs)
}

// nest counts a start tag of a for the open captures and exclusion.
func (c *Collector) nest(a atom.Atom) {
	if c.exclN > 0 && c.excl == a {
		c.exclN++
	}
	for i := 0; i < c.ncap; i++ {
		if c.caps[i].a == a {
			c.caps[i].depth++
		}
	}
}

// separate marks the boundary of an element a in the texts being read: a
// space in the <h1> when a breaks lines, and a line break in bylines
// unless a is inline formatting. Bylines put names and dates in
// elements of their own ("By <a>Jane Doe</a> <span>May 1</span>").
func (c *Collector) separate(a atom.Atom) {
	if c.inH1 && isBreak(a) {
		c.h1 = appendCapped(c.h1, []byte{' '}, MaxTitleBytes)
	}
	if c.ncap == 0 || isFormatting(a) {
		return
	}
	for i := 0; i < c.ncap; i++ {
		if p := &c.caps[i]; !p.over && len(p.buf) < maxCaptureText {
			p.buf = append(p.buf, '\n')
		}
	}
}

// EndTag reports an end tag with atom a.
func (c *Collector) EndTag(a atom.Atom) {
	defer c.UseJSONLD(nil, 0)
	if c.raw != 0 {
		if a == c.raw {
			c.endRaw()
		}
		return
	}
	switch a {
	case atom.Svg, atom.Math:
		if c.svg > 0 {
			c.svg--
		}
	case atom.H1:
		c.inH1 = false
	}
	c.separate(a)
	if c.exclN > 0 && c.excl == a {
		c.exclN--
	}
	for i := c.ncap - 1; i >= 0; i-- {
		p := &c.caps[i]
		if p.a != a {
			continue
		}
		if p.depth > 0 {
			p.depth--
			continue
		}
		// Close p and anything opened inside it and left open.
		for j := c.ncap - 1; j >= i; j-- {
			c.finishCapture(j)
		}
		c.ncap = i
		return
	}
}

// UseJSONLD offers the value of the JSON-LD script that the next EndTag
// closes, as json.Unmarshal decodes its size bytes of text into an any
// (an object or an array), so that the script is not decoded twice. c
// takes it when its own reading of the script would give the same value:
// the script was not cut and none of its strings was, and c read as many
// bytes of it. The value is read, never modified. The offer lasts until
// that EndTag.
func (c *Collector) UseJSONLD(v any, size int) {
	c.shared, c.sharedSize = v, size
}

func (c *Collector) endRaw() {
	if c.rawLD {
		if f := &c.ld; c.shared != nil && c.sharedSize == f.size && !f.full && !f.cutAny {
			c.ents = collectEntities(c.shared, c.ents, 0)
		} else {
			c.ents = f.entities(c.ents)
		}
	}
	c.raw, c.rawLD, c.inTitle = 0, false, false
}

// metaTag reads a <meta>.
func (c *Collector) metaTag(attrs []html.Attribute) {
	var content, value, itemprop string
	hasContent := false
	for _, at := range attrs {
		switch at.Key {
		case "content":
			content, hasContent = at.Val, true
		case "value":
			value = at.Val
		case "itemprop":
			itemprop = at.Val
		}
	}
	if !hasContent && value != "" {
		// Some pages, and copies saved by some archiving tools, give
		// the value of a meta tag in "value".
		content, hasContent = value, true
	}
	if !hasContent || strings.TrimSpace(content) == "" {
		return
	}
	if itemprop != "" {
		c.itemprop(itemprop, content)
	}
	for _, at := range attrs {
		switch at.Key {
		case "name", "property":
			for k := range strings.FieldsSeq(at.Val) {
				c.setMeta(lookupKey(k, ""), content)
			}
		case "http-equiv":
			c.setMeta(lookupKey(at.Val, "http-equiv:"), content)
		}
	}
}

// itemprop reads an itemprop with a content attribute.
func (c *Collector) itemprop(prop, content string) {
	for _, p := range strings.Fields(prop) {
		switch {
		case strings.EqualFold(p, "headline"):
			c.setMeta(kHeadline, content)
		case strings.EqualFold(p, "author") && c.exclN == 0:
			c.addBody(rankItemprop, content)
		case strings.EqualFold(p, "name") && c.exclN == 0:
			for i := c.ncap - 1; i >= 0; i-- {
				if c.caps[i].rank == rankItemprop && !c.caps[i].name {
					c.caps[i].gotName = true
					c.addBody(rankItemprop, content)
					break
				}
			}
		}
	}
}

// lookupKey returns the key of a meta name, case-insensitively.
func lookupKey(name, prefix string) metaKey {
	var buf [48]byte
	if len(prefix)+len(name) > len(buf) {
		return kNone
	}
	n := copy(buf[:], prefix)
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[n] = ch
		n++
	}
	return metaKeys[string(buf[:n])]
}

func (c *Collector) setMeta(k metaKey, v string) {
	switch {
	case k == kNone:
	case k < numKeys:
		if c.meta[k] == "" {
			c.meta[k] = clip(v, maxValue)
		}
	case k == kKeywords || k == kArticleTag:
		if len(c.keywords) < maxKeywordVals {
			c.keywords = append(c.keywords, keyed{k, clip(v, maxValue)})
		}
	default:
		if len(c.metaAuthors) < maxMetaAuthors {
			c.metaAuthors = append(c.metaAuthors, keyed{k, clip(v, maxValue)})
		}
	}
}

// linkTag reads a <link>.
func (c *Collector) linkTag(attrs []html.Attribute) {
	var rel, href string
	for _, at := range attrs {
		switch at.Key {
		case "rel":
			rel = at.Val
		case "href":
			href = at.Val
		}
	}
	href = strings.TrimSpace(href)
	if href == "" || len(href) > 2048 {
		return
	}
	for _, r := range strings.Fields(rel) {
		switch {
		case strings.EqualFold(r, "canonical"):
			if c.canonical == "" {
				c.canonical = strings.Clone(href)
			}
		case strings.EqualFold(r, "image_src"):
			if c.imageSrc == "" {
				c.imageSrc = strings.Clone(href)
			}
		}
	}
}

// bylineMarkup looks at the attributes of an element of the body for
// author markup, and for sections whose bylines are not the page's.
func (c *Collector) bylineMarkup(a atom.Atom, attrs []html.Attribute) {
	if len(attrs) == 0 {
		return
	}
	rank, name := -1, false
	var content string
	for _, at := range attrs {
		switch at.Key {
		case "class", "id":
			switch classHint(at.Val) {
			case hintExclude:
				if c.exclN == 0 && a != atom.Body && a != atom.Main && a != atom.Article {
					c.excl, c.exclN = a, 1
				}
			case hintByline:
				if rank < 0 || rank > rankClass {
					rank = rankClass
				}
			}
		case "rel":
			if a == atom.A && hasFieldFold(at.Val, "author") && (rank < 0 || rank > rankRel) {
				rank = rankRel
			}
		case "href":
			if a == atom.A && rank < 0 && authorPage(at.Val) {
				rank = rankHref
			}
		case "itemprop":
			switch {
			case hasFieldFold(at.Val, "author"), hasFieldFold(at.Val, "creator"):
				rank = rankItemprop
			case hasFieldFold(at.Val, "name"):
				name = true
			}
		case "content":
			content = at.Val
		}
	}
	if c.exclN > 0 || len(c.body) >= maxBodyCands {
		return
	}
	if name && rank < 0 {
		// A name inside an author: read it instead of the author's text.
		for i := c.ncap - 1; i >= 0; i-- {
			if c.caps[i].rank == rankItemprop && !c.caps[i].name {
				if content != "" {
					c.caps[i].gotName = true
					c.addBody(rankItemprop, content)
				} else if c.startCapture(a, rankItemprop, true) {
					c.caps[i].gotName = true
				}
				return
			}
		}
		return
	}
	if rank < 0 || rank == rankHref && c.hrefCand {
		return // only the first link to an author's page that names one is read
	}
	if rank == rankItemprop && strings.TrimSpace(content) != "" {
		c.addBody(rank, content)
		return
	}
	c.startCapture(a, rank, false)
}

// startCapture starts reading the text of an element a, and reports
// whether it does: at most maxCaptures are read at once.
func (c *Collector) startCapture(a atom.Atom, rank int, name bool) bool {
	if c.ncap == maxCaptures {
		return false
	}
	p := &c.caps[c.ncap]
	*p = capture{a: a, rank: rank, name: name, buf: p.buf[:0]}
	c.ncap++
	return true
}

// finishCapture records the text of capture i as a candidate.
func (c *Collector) finishCapture(i int) {
	p := &c.caps[i]
	if p.over || p.gotName {
		return
	}
	c.addBody(p.rank, string(p.buf))
}

func (c *Collector) addBody(rank int, text string) {
	if rank == rankHref && c.hrefCand {
		return
	}
	if len(c.body) < maxBodyCands && strings.TrimSpace(text) != "" {
		c.hrefCand = c.hrefCand || rank == rankHref
		c.body = append(c.body, cand{rank, clip(text, maxCaptureText)})
	}
}

// clip returns a copy of s cut to at most n bytes (at a rune boundary),
// so that a Collector never holds on to a caller's long string.
func clip(s string, n int) string {
	if len(s) > n {
		for n > 0 && s[n]&0xC0 == 0x80 {
			n--
		}
		s = s[:n]
	}
	return strings.Clone(s)
}

// isFormatting reports whether a is inline formatting, which does not
// separate the parts of a byline.
func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.B, atom.I, atom.Em, atom.Strong, atom.U, atom.Small, atom.Sup, atom.Sub, atom.Font, atom.Abbr,
		atom.Mark, atom.S, atom.Wbr, atom.Bdi, atom.Bdo:
		return true
	}
	return false
}

// isBreak reports whether a starts a new line of text.
func isBreak(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th, atom.Tr, atom.Ul, atom.Ol, atom.Dd, atom.Dt,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Address, atom.Figure, atom.Figcaption, atom.Blockquote, atom.Hr, atom.Table:
		return true
	}
	return false
}

// Class and id hints.
const (
	hintNone = iota
	hintByline
	hintExclude
)

// classHint classifies a class or id value: a token that starts with
// "comment", "related", "recommend", "sidebar", "popular", "trending" or
// "teaser" excludes the element's contents; a token that holds "byline",
// "author", "autor", "auteur" or "contributor" (but not naming an author's
// picture, biography, title or social links) marks a byline.
func classHint[T string | []byte](v T) int {
	// A token holds a hint only if the whole value, lower-cased, does;
	// most values hold none and are passed over in one reading.
	var low [256]byte
	if len(v) <= len(low) {
		for i := 0; i < len(v); i++ {
			ch := v[i]
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			low[i] = ch
		}
		if !htmlscan.In(anyTokenHints, low[:len(v)]) {
			return hintNone
		}
	}
	hint := hintNone
	for i := 0; i < len(v); {
		for i < len(v) && isSpace(v[i]) {
			i++
		}
		j := i
		for j < len(v) && !isSpace(v[j]) {
			j++
		}
		if j > i {
			switch tokenHint(v[i:j]) {
			case hintExclude:
				return hintExclude
			case hintByline:
				hint = hintByline
			}
		}
		i = j
	}
	return hint
}

func tokenHint[T string | []byte](t T) int {
	if len(t) > 40 {
		return hintNone
	}
	var buf [40]byte
	n := 0
	for i := 0; i < len(t); i++ {
		ch := t[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[n] = ch
		n++
	}
	s := string(buf[:n]) // does not escape
	if !htmlscan.In(anyTokenHints, s) {
		return hintNone
	}
	for _, p := range excludePrefixes {
		if strings.HasPrefix(s, p) {
			return hintExclude
		}
	}
	if !htmlscan.In(bylineHints, s) || htmlscan.In(notBylineHints, s) {
		return hintNone
	}
	return hintByline
}

// Prefixes of a class token that exclude its element's contents;
// substrings of one that mark a byline, and of one that names an
// author's picture, biography, title or social links instead. A token
// with none of the first two cannot matter (anyTokenHints).
var (
	excludePrefixes = []string{"comment", "related", "recommend", "sidebar", "popular", "trending", "teaser"}
	bylineWords     = []string{"byline", "author", "autor", "auteur", "contributor"}
	anyTokenHints   = htmlscan.NewHints(slices.Concat(excludePrefixes, bylineWords)...)
	bylineHints     = htmlscan.NewHints(bylineWords...)
	notBylineHints  = htmlscan.NewHints("avatar", "image", "img", "photo", "pic", "bio", "desc", "about", "social",
		"follow", "mail", "twitter", "contact", "thumb", "icon", "label", "title", "authorize", "more")
)

func isSpace(ch byte) bool {
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f'
}

// attrKey returns the attribute key k of a start tag of a as a constant
// string when the Collector may read it, and "" otherwise. It lets feed
// skip copying the attributes that cannot matter.
func attrKey(a atom.Atom, k, v []byte) string {
	switch string(k) {
	case "class":
		if classHint(v) != hintNone {
			return "class"
		}
	case "id":
		if classHint(v) != hintNone {
			return "id"
		}
	case "itemprop":
		return "itemprop"
	case "content":
		return "content"
	case "rel":
		if a == atom.A || a == atom.Link {
			return "rel"
		}
	case "name":
		if a == atom.Meta {
			return "name"
		}
	case "property":
		if a == atom.Meta {
			return "property"
		}
	case "value":
		if a == atom.Meta {
			return "value"
		}
	case "http-equiv":
		if a == atom.Meta {
			return "http-equiv"
		}
	case "href":
		if a == atom.Link || a == atom.Base || a == atom.A && mayBeAuthorPage(v) && authorPage(string(v)) {
			return "href"
		}
	case "lang":
		if a == atom.Html {
			return "lang"
		}
	case "xml:lang":
		if a == atom.Html {
			return "xml:lang"
		}
	case "type":
		if a == atom.Script {
			return "type"
		}
	}
	return ""
}

// containsFold reports whether s contains the lower-case ASCII substr,
// ignoring ASCII case.
func containsFold[T string | []byte](s T, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		j := 0
		for ; j < len(substr); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != substr[j] {
				break
			}
		}
		if j == len(substr) {
			return true
		}
	}
	return false
}

// authorPageDirs are the directories that hold a site's pages of its
// authors, in the languages whose bylines are read.
var authorPageDirs = []string{"author", "authors", "autor", "autoren", "autores", "auteur", "auteurs", "autore", "autori", "profile", "profiles"}

// mayBeAuthorPage reports whether href may pass authorPage (it holds
// "/aut" or "/pro" in any case), without making a string of every link
// of a page.
func mayBeAuthorPage(href []byte) bool {
	for i := 0; i+4 <= len(href); i++ {
		if href[i] != '/' {
			continue
		}
		a, b, c := href[i+1]|0x20, href[i+2]|0x20, href[i+3]|0x20
		if a == 'a' && b == 'u' && c == 't' || a == 'p' && b == 'r' && c == 'o' {
			return true
		}
	}
	return false
}

// authorPage reports whether href is the address of a page about one
// author: a path with an authorPageDirs directory followed by one more
// segment, the author's name ("/author/jane-doe/", "/profile/jane-doe-1910837").
func authorPage(href string) bool {
	if len(href) > 512 || strings.ContainsAny(href, "?#") {
		return false
	}
	if i := strings.Index(href, "://"); i >= 0 {
		href = href[i+3:]
		j := strings.IndexByte(href, '/')
		if j < 0 {
			return false
		}
		href = href[j:]
	}
	segs := strings.Split(strings.Trim(href, "/"), "/")
	n := len(segs)
	return n >= 2 && segs[n-1] != "" && slices.ContainsFunc(authorPageDirs, func(d string) bool { return strings.EqualFold(segs[n-2], d) })
}

// hasFieldFold reports whether the space-separated list s holds tok,
// ignoring ASCII case.
func hasFieldFold(s, tok string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
