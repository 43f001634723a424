package boiler

import (
	"bytes"
	"iter"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// features are the per-block signals the classifier reads.
type features struct {
	lset     lang // languages whose function words were counted
	words    int  // white-space separated tokens
	alpha    int  // tokens with a letter
	stop     int  // function words of the text's language(s), see setLangs
	listed   int  // tokens in any language's function words
	hits     [numLangs]int
	caps     int // alphabetic tokens that start with an upper-case letter
	links    int // URLs, e-mail addresses, handles
	seps     int // tokens that are only separators: | » › · • / - –
	letters  int // letter runes
	nonSpace int // non-space runes
	terminal bool
	counter  bool
	credit   bool
	chrome   int // words covered by chrome phrases
	dateline bool
	byline   bool
	notice   bool // holds a chrome sentence ("we use cookies")
	unlisted bool // a sentence of a page with several in a language without lists (markUnlisted)
}

type lexicon struct {
	word       map[string]wordInfo // every listed word: one lookup per token
	chrome     map[string]bool     // every chrome phrase, lower case
	whole      map[string]bool     // every chrome block, lower case
	maxPhrase  int                 // longest chrome phrase, in words
	maxChrome  int                 // longest chrome phrase, in bytes
	dateWords  map[string]bool
	counterPre map[string]bool
	// sentences are chromeSentences as bytes, to search a line lowered
	// into a buffer kept from line to line.
	sentences [][]byte
}

// wordInfo is what the lists say about one word.
type wordInfo struct {
	langs lang // languages it is a function word of
	// sentences marks the chromeSentences that hold this word, when it is
	// no function word: only blocks with such a word are searched, and
	// only for the sentences that hold one of their words.
	sentences sentenceSet
	credit    bool // ends photo credits
}

// tables builds the word lists once; they are read-only afterwards.
var tables = sync.OnceValue(func() *lexicon {
	lx := &lexicon{
		word:       map[string]wordInfo{},
		chrome:     map[string]bool{},
		whole:      map[string]bool{},
		dateWords:  map[string]bool{},
		counterPre: map[string]bool{},
	}
	for i, list := range stopwordLists {
		for _, w := range strings.Fields(list) {
			wi := lx.word[w]
			wi.langs |= 1 << i
			lx.word[w] = wi
		}
	}
	for _, p := range chromePhrases {
		lx.chrome[p] = true
		lx.maxPhrase = max(lx.maxPhrase, len(strings.Fields(p)))
		lx.maxChrome = max(lx.maxChrome, len(p))
	}
	for _, p := range chromeBlocks {
		lx.whole[p] = true
	}
	for k, p := range chromeSentences {
		lx.sentences = append(lx.sentences, []byte(p))
		for _, w := range strings.Fields(p) {
			if wi := lx.word[w]; wi.langs == 0 {
				wi.sentences.add(k)
				lx.word[w] = wi
			}
		}
	}
	for _, w := range creditWords {
		wi := lx.word[w]
		wi.credit = true
		lx.word[w] = wi
	}
	for _, w := range strings.Fields(dateVocabulary) {
		lx.dateWords[w] = true
	}
	for _, w := range strings.Fields("photo image picture slide foto bild photograph") {
		lx.counterPre[w] = true
	}
	return lx
})

// dateVocabulary is what a dateline is made of, besides numbers.
const dateVocabulary = `jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
july august september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday
friday saturday sunday am pm a.m. p.m. gmt utc bst cet cest est edt pst pdt et published updated posted
cst cdt mst mdt akst hst eet eest msk sast jst kst hkt sgt myt pht wib aest aedt acst awst nzst nzdt brt
last modified on at by uhr januar februar märz mai juni juli oktober dezember janvier février mars avril
juin juillet août septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
septiembre octubre noviembre diciembre de del le el der am um h hrs ago minutes hours days min`

const (
	allLangs = lang(1<<numLangs - 1)
	noLangs  = lang(0)
)

func bitIndex(l lang) int { return bits.TrailingZeros16(uint16(l)) }

// detect picks the language whose function words the text uses most, all
// languages when the text does not say clearly, and none when the lists
// hardly occur in it.
func detect(feats []features, code string) lang {
	for i, c := range langCodes {
		if c == code {
			return 1 << i
		}
	}
	var hits [numLangs]int
	tokens, listed := 0, 0
	for i := range feats {
		for l := range numLangs {
			hits[l] += feats[i].hits[l]
		}
		listed += feats[i].listed
		tokens += feats[i].words
		if tokens > 4000 {
			break
		}
	}
	if 100*listed < 4*tokens {
		return noLangs // a language without word lists: judge by shape alone
	}
	best, second := 0, -1
	for i := 1; i < numLangs; i++ {
		if hits[i] > hits[best] {
			best, second = i, best
		} else if second < 0 || hits[i] > hits[second] {
			second = i
		}
	}
	if hits[best] < 10 || float64(hits[best]) < 1.25*float64(hits[second]) {
		return allLangs
	}
	return 1 << best
}

func isEdgePunct(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// trimEdgePunct is strings.TrimFunc(tok, isEdgePunct), with no rune
// decoded when tok begins and ends with an ASCII letter or digit, as most
// words do.
func trimEdgePunct(tok string) string {
	if len(tok) > 0 && isASCIIAlnum(tok[0]) && isASCIIAlnum(tok[len(tok)-1]) {
		return tok
	}
	return strings.TrimFunc(tok, isEdgePunct)
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isSeparator(tok string) bool {
	switch tok {
	case "|", "»", "«", "›", "‹", "·", "•", "/", "-", "–", "—", ">", "<", "::", "||", "*", "~":
		return true
	}
	return false
}

// measure computes the features of one block. Function words are counted
// for every language; setLangs then picks the count that applies.
//
// short is scratch space for the tokens of short blocks; it is reset here
// and may be reused across calls.
func measure(line string, short *tokens) features {
	lx := tables()
	var f features
	// The lower-cased tokens of a short block, joined by single spaces, so
	// that phrases are looked up as sub-slices without allocating.
	short.reset()
	var firstTok, secondTok, thirdTok, firstLow string
	var scratch [64]byte
	var sentences sentenceSet
	lastCredit := false
	n := 0
	for tok := range strings.FieldsSeq(line) {
		f.words++
		if isSeparator(tok) {
			f.seps++
			if f.words <= maxChromeWords {
				short.add([]byte{0}) // never part of a phrase
			}
			lastCredit = false
			continue
		}
		if strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.") ||
			(strings.Contains(tok, "@") && len(tok) > 1) {
			f.links++
		}
		core := trimEdgePunct(tok)
		low := appendLower(scratch[:0], core)
		wi := lx.word[string(low)]
		if l := wi.langs; l != 0 {
			f.listed++
			for i := range numLangs {
				if l&(1<<i) != 0 {
					f.hits[i]++
				}
			}
		}
		sentences.union(wi.sentences)
		lastCredit = wi.credit
		if f.words <= maxChromeWords {
			short.add(low)
		}
		switch {
		case n == 0:
			firstTok, firstLow = tok, string(low)
		case n < 3 && (isDigits(strings.Trim(firstTok, "()[]")) || lx.counterPre[firstLow]):
			if n == 1 {
				secondTok = string(low)
			} else {
				thirdTok = string(low)
			}
		}
		n++
		r, _ := utf8.DecodeRuneInString(core)
		if hasLetter(core) {
			f.alpha++
			if unicode.IsUpper(r) {
				f.caps++
			}
		}
	}
	cjk := 0
	for _, r := range line {
		if r == ' ' {
			continue
		}
		f.nonSpace++
		if unicode.IsLetter(r) {
			f.letters++
			if r >= 0x3040 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
				cjk++
			}
		}
	}
	// Scripts written without spaces count two characters as a word.
	f.words += cjk / 2
	f.terminal = endsSentence(line)
	f.counter = isCounter(firstTok, secondTok, thirdTok)
	// "Photo: Reuters" is a credit; "Photos of the flood spread ..." is
	// a sentence.
	f.credit = !f.terminal && lastCredit || strings.Contains(line, "©") || creditPrefix(firstLow) && (!f.terminal || f.words < shortWords)
	f.byline = f.words <= 8 && f.words >= 2 && bylinePrefix(firstLow) && 2*f.caps >= f.alpha
	if f.words <= maxChromeWords {
		f.chrome = chromeCoverage(short, lx)
		if n := short.len(); n > 0 && lx.whole[string(short.span(0, n))] {
			f.chrome = f.words
		}
		f.dateline = f.words <= 12 && isDateline(short, lx) || f.words <= maxStampWords && !f.terminal && entryStamp(line)
	}
	if cjk > 0 && f.words <= maxNoticeWords && cjkChrome(line) {
		f.chrome = f.words
	}
	if f.words <= maxTeaserWords && (cutShort(line) || videoStamp(line)) {
		f.chrome = f.words // a teaser of a story or a video elsewhere
	}
	if !sentences.empty() {
		short.lower = appendLower(short.lower[:0], line)
		for k := range sentences.all() {
			if bytes.Contains(short.lower, lx.sentences[k]) {
				f.notice = true
				if f.words <= maxNoticeWords {
					f.chrome = f.words
				}
				break
			}
		}
	}
	return f
}

// tokens holds words joined by single spaces, with each word's bounds.
type tokens struct {
	buf    []byte
	bounds [][2]int
	lower  []byte // the whole line lower-cased, for the chrome sentences
}

func (t *tokens) add(w []byte) {
	if len(t.buf) > 0 {
		t.buf = append(t.buf, ' ')
	}
	t.bounds = append(t.bounds, [2]int{len(t.buf), len(t.buf) + len(w)})
	t.buf = append(t.buf, w...)
}

func (t *tokens) len() int { return len(t.bounds) }

func (t *tokens) reset() { t.buf, t.bounds = t.buf[:0], t.bounds[:0] }

// span returns words i to j-1 joined by spaces.
func (t *tokens) span(i, j int) []byte { return t.buf[t.bounds[i][0]:t.bounds[j-1][1]] }

// markUnlisted marks the sentences that use none of the function words
// of any listed language, when a page has enough of them to be text in
// such a language rather than a stray line.
func markUnlisted(feats []features) {
	n := 0
	for i := range feats {
		if isUnlisted(&feats[i]) {
			n++
		}
	}
	if n < unlistedBlocks {
		return
	}
	for i := range feats {
		feats[i].unlisted = isUnlisted(&feats[i])
	}
}

func isUnlisted(f *features) bool {
	return f.terminal && f.words >= shortWords && 100*f.listed < unlistedShare*f.alpha
}

// transparent reports a block without letters (bullets, separators, bare
// numbers): it is cut, but says nothing about its neighbours.
func (f *features) transparent() bool { return f.letters == 0 }

// setLangs makes f count the function words of the languages in lset.
func (f *features) setLangs(lset lang) {
	f.lset = lset
	switch lset {
	case noLangs:
		f.stop = 0
	case allLangs:
		f.stop = f.listed
	default:
		f.stop = f.hits[bitIndex(lset)]
	}
}

// appendLower appends strings.ToLower(s) to dst, without allocating when
// dst has room.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			// As strings.ToLower: unicode.ToLower of each rune, U+FFFD for
			// each byte that is not UTF-8.
			r, n := utf8.DecodeRuneInString(s[i:])
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
			i += n
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
		i++
	}
	return dst
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// endsSentence reports whether line ends like a sentence: terminal
// punctuation, possibly followed by closing quotes or brackets.
func endsSentence(line string) bool {
	s := strings.TrimRightFunc(line, func(r rune) bool {
		switch r {
		case '"', '\'', '”', '’', '»', '«', ')', ']', '›', '“':
			return true
		}
		return false
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', ':', ';':
		return true
	}
	return false
}

// isCounter reports a gallery counter at the start of a block: "3/20",
// "(3/20)", "3 of 20", "Photo 3 of 20".
func isCounter(first, second, third string) bool {
	t := strings.Trim(first, "()[]")
	if a, b, ok := strings.Cut(t, "/"); ok && isDigits(a) && isDigits(b) && len(a) <= 3 && len(b) <= 3 {
		return true
	}
	if isDigits(t) && len(t) <= 3 && second == "of" && isDigits(strings.Trim(third, ":.")) {
		return true
	}
	if third == "of" && isDigits(second) && tables().counterPre[strings.ToLower(strings.Trim(first, ":"))] {
		return true
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bylinePrefix reports the word that opens a byline: "By Jane Doe".
func bylinePrefix(first string) bool {
	switch first {
	case "by", "von", "par", "por", "di", "door", "af", "av", "written":
		return true
	}
	return false
}

func creditPrefix(first string) bool {
	switch first {
	case "photo", "photograph", "credit", "foto", "bild", "image", "pictured", "picture", "photos", "fotos":
		return true
	}
	return false
}

// chromeCoverage counts the words of a block covered by chrome phrases,
// matching the longest phrase first at each position.
func chromeCoverage(words *tokens, lx *lexicon) int {
	covered := 0
	for i := 0; i < words.len(); {
		matched := 0
		for n := min(lx.maxPhrase, words.len()-i); n >= 1; n-- {
			if sp := words.span(i, i+n); len(sp) <= lx.maxChrome && lx.chrome[string(sp)] {
				matched = n
				break
			}
		}
		if matched > 0 {
			covered += matched
			i += matched
		} else {
			i++
		}
	}
	return covered
}

func isDateline(words *tokens, lx *lexicon) bool {
	digits := 0
	for i := range words.len() {
		w := words.span(i, i+1)
		switch {
		case len(w) == 1 && w[0] == 0:
		case isClock(string(bytes.Trim(w, ":.,-/"))):
			digits++
		case lx.dateWords[string(w)]:
		default:
			return false
		}
	}
	return digits > 0
}

// entryStamp reports whether line is the stamp of a live blog's entry: a
// clock ("21:00", "9.45am") run into or followed by its author's name or
// a label ("21:00Jane Doe", "20:42 KEY EVENT"), every word of it
// capitalised.
func entryStamp(line string) bool {
	i := 0
	for i < len(line) && (line[i] >= '0' && line[i] <= '9') {
		i++
	}
	if i == 0 || i > 2 || i+3 > len(line) || line[i] != ':' && line[i] != '.' ||
		line[i+1] < '0' || line[i+1] > '5' || line[i+2] < '0' || line[i+2] > '9' {
		return false
	}
	rest := strings.TrimSpace(line[i+3:])
	for _, p := range [...]string{"am", "pm", "AM", "PM", "a.m.", "p.m."} {
		rest = strings.TrimSpace(strings.TrimPrefix(rest, p))
	}
	if rest == "" || i+3 < len(line) && line[i+3] >= '0' && line[i+3] <= '9' {
		return false
	}
	for w := range strings.FieldsSeq(rest) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// maxStampWords is the most words of a live blog entry's stamp.
const maxStampWords = 5

func isClock(w string) bool {
	for _, r := range w {
		if !(r >= '0' && r <= '9' || r == ':' || r == '.' || r == '/' || r == '-') {
			return false
		}
	}
	return w != ""
}

// cutShort reports whether line ends in the mark blog engines put after
// an excerpt cut from a longer post, "[...]" or "[…]", in the middle of
// a sentence or a word: a teaser of a story told on another page. The
// same mark after a whole sentence says that a quoted story goes on
// elsewhere, and the quote is the article's.
func cutShort(line string) bool {
	t := strings.TrimRight(line, " \u00a0")
	if !strings.HasSuffix(t, "]") {
		return false
	}
	i := strings.LastIndexByte(t, '[')
	if i < 0 {
		return false
	}
	inner, before := strings.Trim(t[i+1:len(t)-1], " \u00a0"), strings.TrimRight(t[:i], " \u00a0")
	return inner != "" && strings.Trim(inner, ".…") == "" && before != "" && !endsSentence(before)
}

// videoStamp reports whether line ends in the stamp a video teaser shows
// after its description, a separator and the video's length: "… 18.04.2024
// | 0:21 min", "… · 3:18 min".
func videoStamp(line string) bool {
	t := strings.TrimRight(line, " .\u00a0")
	if strings.LastIndexByte(t, ':') < len(t)-16 {
		return false // most lines: no length near the end
	}
	unit := false
	for _, u := range [...]string{"min", "mins", "minutes", "minuten", "minutos", "minuti"} {
		if len(t) >= len(u) && strings.EqualFold(t[len(t)-len(u):], u) {
			t, unit = strings.TrimRight(t[:len(t)-len(u)], " \u00a0"), true
			break
		}
	}
	// The length: minutes, or hours and minutes, then seconds, each past
	// the first in two digits ("0:21", "12:05", "1:02:33").
	i := strings.LastIndexFunc(t, unicode.IsSpace)
	if !unit || i < 0 {
		return false
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	parts := 0
	for j, part := range strings.Split(t[i+size:], ":") {
		if part == "" || strings.Trim(part, "0123456789") != "" || j > 0 && len(part) != 2 {
			return false
		}
		parts++
	}
	if parts < 2 || parts > 3 {
		return false
	}
	// A separator a little before it, after the date if there is one.
	head := t[:i]
	if len(head) > 16 {
		head = head[len(head)-16:]
	}
	return strings.Contains(head, "|") || strings.Contains(head, "·")
}

// cjkChrome reports whether line, written in a script without spaces
// between words, holds one of cjkChromePhrases, which the word lists
// cannot find there.
func cjkChrome(line string) bool {
	for _, p := range cjkChromePhrases {
		if strings.Contains(line, p) {
			return true
		}
	}
	return false
}

// sentenceSet is a set of indices into chromeSentences.
type sentenceSet [2]uint64

func (s *sentenceSet) add(k int) {
	if k >= 64*len(s) {
		panic("boiler: more chromeSentences than a sentenceSet holds")
	}
	s[k/64] |= 1 << (k % 64)
}

func (s *sentenceSet) union(o sentenceSet) { s[0], s[1] = s[0]|o[0], s[1]|o[1] }

func (s *sentenceSet) empty() bool { return s[0]|s[1] == 0 }

// all yields the indices in s, in increasing order.
func (s *sentenceSet) all() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i, w := range s {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				if !yield(64*i + b) {
					return
				}
				w &^= 1 << b
			}
		}
	}
}
