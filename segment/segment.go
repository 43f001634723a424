// Package segment splits text into sentences with fast, rule-based
// heuristics for English and the main European languages.
//
// The segmenter is meant for bulk processing of news text, for example to
// take the first sentences of an article as its lead. It makes a single
// left-to-right pass over the input and never uses regular expressions, so
// its running time is linear in the size of the input (every look-ahead and
// look-behind is bounded by a small constant window) and it allocates only
// the returned slice.
//
// Boundaries are decided by these rules, in order:
//
//   - A blank line (two line breaks with only white space between them)
//     always ends a sentence.
//   - Terminal punctuation (". ! ? …", runs such as "?!" or "....", and the
//     full stops of CJK, Devanagari, Arabic, Ethiopic, Armenian and Burmese
//     script) ends a sentence when it is followed by white space and
//     something that can start a sentence. Closing quotation marks and
//     brackets right after the punctuation, footnote markers ("[17]",
//     "[citation needed]") and emoticons (":)") stay with the sentence it
//     ends.
//   - A period after a known abbreviation (per-language tables: "Mr.",
//     "z. B.", "Sra."), an initial ("J. R. R."), a multi-period abbreviation
//     ("U.S.") or a short word without vowels ("Str.", "Skt.") ends a
//     sentence only when the next word is a common sentence starter
//     ("The", "It", "Der", "Il", ...). Personal titles never end a sentence,
//     "No." ends one unless a number follows, and in English a weekday
//     before a month ("Sat. Nov. 18") ends none.
//   - Punctuation inside a quotation or a bracket pair that closes on the
//     same line (within a bounded window) does not end the sentence, unless
//     the quotation holds sentences of its own: three words or more on each
//     side of the punctuation and a capitalised word after it (six words
//     for brackets).
//   - Numbered, lettered and bulleted list items ("1.", "2)", "a.", "•",
//     "*3.") start new sentences.
//   - A single line break ends a sentence unless the next line starts with
//     a lower-case letter and the break looks like soft wrapping (the line
//     ends with white space, a comma or a dash, or is long, or holds four
//     words or more).
//
// English text is also read with the habits of web text: a sentence may
// start in lower case after a plain word and terminal punctuation, or after
// "...Then" with no space; and these mark boundaries without terminal
// punctuation: a web address or an e-mail address followed by a
// capitalised word, an e-mail dateline ("03/14/2001 09:30 AM") and the
// one-word greeting after it, the label of a header field ("Subject:"), a
// rule ("-----", "*****"), a sign-off ("Regards,"), a signed name
// ("--Ann"), the end of an attachment ("<< File: a.doc >>"), and a closing
// bracket after a long parenthetical passage followed by a capitalised
// word.
//
// Returned sentences are substrings of the input with surrounding white
// space removed; the text itself is never rewritten. A sentence that spans
// a soft line break therefore keeps that line break. Pieces of text that
// contain no letter or digit (rules such as "-----" or stray punctuation)
// are dropped.
package segment

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// maxQuoteSpan bounds, in bytes, how far ahead the scanner looks for
	// the closing half of a quotation mark or bracket pair.
	maxQuoteSpan = 600
	// sentenceBytes is the length, in bytes, that Sentences allows for
	// each sentence when it sizes its result.
	sentenceBytes = 100
	// maxWord bounds, in bytes, the token examined before a period.
	maxWord = 64
	// softLine is the line length, in bytes, from which a line followed by
	// a line starting in lower case is taken to be hard-wrapped prose.
	softLine = 50
	// wrapWords is the number of words from which a shorter line followed
	// by a line starting in lower case is taken to be wrapped prose.
	wrapWords = 4
	// maxFootnote bounds, in bytes, the text of a footnote marker such as
	// "[citation needed]".
	maxFootnote = 24
	// quoteWords and bracketWords are the numbers of words a quotation or
	// a bracket pair must hold on each side of a sentence end for it to
	// split the quotation or the brackets.
	quoteWords   = 3
	bracketWords = 6
	// maxURL bounds, in bytes, the address read after "://".
	maxURL = 2048
)

// Sentences splits text into sentences using the default (English) rules.
// It is shorthand for New("en").Sentences(text).
func Sentences(text string) []string {
	return New("en").Sentences(text)
}

// Sentences splits text into sentences. The result holds the sentences in
// input order, each trimmed of surrounding white space and each a substring
// of text. It is nil if text contains no sentence.
//
// The running time is linear in len(text).
func (s *Segmenter) Sentences(text string) []string {
	// Room for a sentence every sentenceBytes bytes saves most of the
	// slice's growth.
	out := make([]string, 0, len(text)/sentenceBytes+1)
	s.scan(text, func(sent string) bool {
		out = append(out, sent)
		return true
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// All returns an iterator over the sentences of text, in the same form as
// [Segmenter.Sentences]. It does not allocate per sentence, and stopping
// the iteration early also stops the scan, so taking the first few
// sentences of a long article costs only as much as reading them.
func (s *Segmenter) All(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		s.scan(text, yield)
	}
}

// Token classes of the text that follows a candidate boundary.
type nextClass uint8

const (
	nextOther  nextClass = iota // punctuation that does not start a sentence
	nextLower                   // lower-case letter
	nextUpper                   // upper-case letter, or a letter of a caseless script
	nextDigit                   // digit or currency sign
	nextOpen                    // opening quotation mark or bracket, ¿ or ¡
	nextBullet                  // list bullet
	nextDot                     // an ellipsis
)

// Classes of the word in front of a period.
type wordKind uint8

const (
	wordPlain   wordKind = iota // ordinary word: the period ends the sentence
	wordNumber                  // number: behaves like an ordinary word
	wordAbbrev                  // abbreviation: a boundary only before a sentence starter
	wordTitle                   // title or prefix: never a boundary
	wordOrdinal                 // ordinal number ("3." in German): like an abbreviation
	wordNumero                  // "No.": an abbreviation only before a number
)

// Rune classes used by the scanner.
const (
	runeOther    = iota
	runeTerm     // ‽ ‼ and friends: behave like ? and !
	runeEllipsis // …
	runeStrong   // full stops that need no following space (。 । ؟ ...)
	runeOpen     // opening quotation mark or bracket
	runeBullet   // list bullet
)

func runeClass(r rune) int {
	switch r {
	case '‽', '‼', '⁇', '⁈', '⁉', '\u037e':
		return runeTerm
	case '…':
		return runeEllipsis
	case '。', '！', '？', '．', '｡', '।', '॥', '؟', '۔', '።', '፧', '။', '։':
		return runeStrong
	case '“', '‘', '„', '«', '‹', '「', '『', '《', '（', '【', '〈':
		return runeOpen
	case '•', '⁃', '‣', '◦', '▪', '●', '►':
		return runeBullet
	}
	return runeOther
}

// interesting marks the bytes at which the scanner stops: line breaks,
// terminal punctuation, quotation marks and brackets, and the lead bytes of
// the multi-byte characters listed in runeClass. listInteresting adds the
// spaces, which are needed only while a numbered list is open.
var interesting, listInteresting [256]bool

func init() {
	for _, b := range []byte("\n.!?;:\"'([{,-*=+~)]>") {
		interesting[b] = true
	}
	for _, b := range []byte{0xC2, 0xCD, 0xD6, 0xD8, 0xDB, 0xE0, 0xE1, 0xE2, 0xE3, 0xEF} {
		interesting[b] = true
	}
	listInteresting = interesting
	listInteresting[' '] = true
	listInteresting['\t'] = true
}

// quote kinds, indexing scanner.noCloser.
const (
	qDouble      = iota // "…"
	qSingle             // '…'
	qParen              // (…)
	qBracket            // […]
	qBrace              // {…}
	qCurly              // “…”
	qCurlySingle        // ‘…’
	qLow                // „…“ and ,,…“
	qGuillemet          // «…»
	qSingleGuil         // ‹…›
	qCorner             // 「…」
	qWhiteCorner        // 『…』
	qDoubleAngle        // 《…》
	qWideParen          // （…）
	qLenticular         // 【…】
	qAngle              // 〈…〉
	numQuoteKinds
)

var closerOf = [numQuoteKinds]string{
	qDouble: `"`, qSingle: "'", qParen: ")", qBracket: "]", qBrace: "}",
	qCurly: "”", qCurlySingle: "’", qLow: "“", qGuillemet: "»", qSingleGuil: "›",
	qCorner: "」", qWhiteCorner: "』", qDoubleAngle: "》", qWideParen: "）",
	qLenticular: "】", qAngle: "〉",
}

func openerKind(r rune) int {
	switch r {
	case '“':
		return qCurly
	case '‘':
		return qCurlySingle
	case '„':
		return qLow
	case '«':
		return qGuillemet
	case '‹':
		return qSingleGuil
	case '「':
		return qCorner
	case '『':
		return qWhiteCorner
	case '《':
		return qDoubleAngle
	case '（':
		return qWideParen
	case '【':
		return qLenticular
	case '〈':
		return qAngle
	}
	return -1
}

// isCloser reports whether r closes a quotation or bracket. It includes
// marks that open quotations in one language and close them in another.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '“', '‘', '»', '«', '›', '‹',
		'」', '』', '》', '）', '】', '〉':
		return true
	}
	return false
}

// isOpener reports whether r opens a quotation or bracket, or is an
// inverted Spanish mark.
func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '(', '[', '{', '“', '‘', '„', '‚', '«', '‹', '¿', '¡',
		'「', '『', '《', '（', '【', '〈':
		return true
	}
	return false
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

// scanner holds the state of one pass over a text.
type scanner struct {
	seg     *Segmenter
	text    string
	yield   func(string) bool
	stopped bool

	start     int  // start of the current sentence
	markerEnd int  // end of the list marker that opens the current sentence
	protEnd   int  // index of the closer of the open quotation, or -1
	protStart int  // index of the opener of that quotation
	protQuote bool // it is a quotation rather than a bracket pair
	softNL    int  // a line break already known to be soft, or -1

	// noCloser[k] is an index up to which it is known that no closer of
	// kind k follows the last failed search; it keeps the searches linear.
	noCloser [numQuoteKinds]int

	listOn     bool   // a numbered or lettered list is open
	listLetter bool   // the list uses letters rather than numbers
	listNext   int    // the expected next number or letter
	listStyle  string // ".", ".)" or ")"
}

func (s *Segmenter) scan(text string, yield func(string) bool) {
	if s == nil {
		s = New("")
	}
	sc := scanner{seg: s, text: text, yield: yield, protEnd: -1, softNL: -1}
	sc.run()
}

func (sc *scanner) run() {
	t := sc.text
	sc.begin(0)
	i := 0
	for i < len(t) && !sc.stopped {
		tbl := &interesting
		if sc.listOn {
			tbl = &listInteresting
		}
		for i < len(t) && !tbl[t[i]] {
			i++
		}
		if i >= len(t) {
			break
		}
		switch c := t[i]; c {
		case '\n':
			i = sc.newline(i)
		case '.', '!', '?':
			i = sc.terminal(i)
		case ';', ':':
			if c == ';' && sc.seg.greek || c == ':' && sc.seg.colon {
				i = sc.terminal(i)
			} else {
				i = sc.colon(i)
			}
		case ' ', '\t':
			i = sc.listItem(i)
		case '"':
			if sc.openAllowed(i) && i+1 < len(t) && !isSpaceByte(t[i+1]) {
				sc.open(i, 1, qDouble)
			}
			i++
		case '\'':
			if sc.openAllowed(i) && i+1 < len(t) && isLetterAt(t, i+1) && !contraction(t[i+1:]) {
				sc.open(i, 1, qSingle)
			}
			i++
		case '(':
			sc.open(i, 1, qParen)
			i++
		case '[':
			sc.open(i, 1, qBracket)
			i++
		case '{':
			sc.open(i, 1, qBrace)
			i++
		case ',':
			if i+2 < len(t) && t[i+1] == ',' && !isSpaceByte(t[i+2]) && sc.openAllowed(i) {
				sc.open(i, 2, qLow)
				i += 2
			} else {
				i = sc.comma(i)
			}
		case '-', '*', '=', '+', '~':
			i = sc.rule(i)
		case ')', ']':
			i = sc.closer(i)
		case '>':
			i = sc.angle(i)
		default:
			if c < utf8.RuneSelf {
				i++
				break
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			switch runeClass(r) {
			case runeTerm, runeEllipsis, runeStrong:
				i = sc.terminal(i)
			case runeOpen:
				if (r != '“' && r != '‘') || sc.openAllowed(i) {
					sc.open(i, size, openerKind(r))
				}
				i += size
			case runeBullet:
				if i > sc.start && isSpaceByte(t[i-1]) && sc.protEnd < i {
					sc.emit(i, i)
				}
				i += size
			default:
				i += size
			}
		}
	}
	if !sc.stopped {
		sc.emit(len(t), len(t))
	}
}

// emit ends the current sentence at end and starts the next one at next.
func (sc *scanner) emit(end, next int) {
	if end > sc.start && !sc.stopped {
		seg := strings.TrimSpace(sc.text[sc.start:end])
		if hasAlnum(seg) && !sc.yield(seg) {
			sc.stopped = true
		}
	}
	sc.begin(next)
}

func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				return true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// begin starts a sentence at p and recognises a leading list marker such
// as "1.", "2.)", "3)" or "a." (optionally after a bullet).
func (sc *scanner) begin(p int) {
	t := sc.text
	sc.start = p
	sc.markerEnd = 0
	q := p
	for q < len(t) && q-p < 16 {
		if t[q] == ' ' || t[q] == '\t' {
			q++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[q:])
		if runeClass(r) != runeBullet && r != '*' {
			break
		}
		q += size
	}
	n, val, letter := 0, 0, false
	for q+n < len(t) && n < 3 && '0' <= t[q+n] && t[q+n] <= '9' {
		val = val*10 + int(t[q+n]-'0')
		n++
	}
	switch {
	case n == 0 && q < len(t) && 'a' <= t[q] && t[q] <= 'z':
		n, val, letter = 1, int(t[q]), true
	case n == 0 || n == 3:
		sc.listOn = false
		return
	}
	m := q + n
	var style string
	switch {
	case strings.HasPrefix(t[m:], ".)"):
		style = ".)"
	case strings.HasPrefix(t[m:], "."):
		style = "."
	case strings.HasPrefix(t[m:], ")"):
		style = ")"
	default:
		sc.listOn = false
		return
	}
	m += len(style)
	if m < len(t) && !isSpaceByte(t[m]) {
		sc.listOn = false
		return
	}
	sc.markerEnd = m
	sc.listOn, sc.listLetter, sc.listNext, sc.listStyle = true, letter, val+1, style
}

// listItem handles a space while a list is open: if the next item's marker
// follows, a new sentence starts there. It returns where to resume.
func (sc *scanner) listItem(i int) int {
	t := sc.text
	j := i + 1
	if j >= len(t) || sc.protEnd > i {
		return j
	}
	m := j
	if sc.listLetter {
		if int(t[j]) != sc.listNext {
			return j
		}
		m++
	} else {
		val, n := 0, 0
		for m < len(t) && n < 3 && '0' <= t[m] && t[m] <= '9' {
			val = val*10 + int(t[m]-'0')
			m++
			n++
		}
		if n == 0 || n == 3 || val != sc.listNext {
			return j
		}
	}
	if !strings.HasPrefix(t[m:], sc.listStyle) {
		return j
	}
	m += len(sc.listStyle)
	if m < len(t) && !isSpaceByte(t[m]) {
		return j
	}
	sc.emit(i, j)
	return j
}

// openAllowed reports whether a quotation mark at i can open a quotation:
// it must follow white space, an opening bracket or a dash, or start the
// text.
func (sc *scanner) openAllowed(i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(sc.text[:i])
	return unicode.IsSpace(r) || unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pd)
}

// open handles an opening quotation mark or bracket of the given kind and
// byte size at i: if its closer follows on the same line within
// maxQuoteSpan bytes, the span up to the closer is protected.
func (sc *scanner) open(i, size, kind int) {
	if kind < 0 || sc.protEnd >= i {
		return
	}
	t := sc.text
	from := i + size
	if m := sc.noCloser[kind]; m > from {
		from = m
	}
	limit := min(i+maxQuoteSpan, len(t))
	if from >= limit {
		return
	}
	w := t[from:limit]
	if nl := strings.IndexByte(w, '\n'); nl >= 0 {
		w = w[:nl]
	}
	q := closerIndex(kind, w)
	if q == openerFirst {
		return
	}
	if q < 0 {
		sc.noCloser[kind] = from + len(w)
		return
	}
	sc.protEnd = from + q
	sc.protStart = i
	sc.protQuote = kind != qParen && kind != qBracket && kind != qBrace && kind != qWideParen &&
		kind != qLenticular && kind != qAngle
}

// contraction reports whether s starts with the suffix of an English
// contraction or possessive ("s", "t", "d", "m", "ll", "re", "ve") followed by
// a non-letter, as in tokenised text ("It 's", "we 'll"), where the
// apostrophe does not open a quotation.
func contraction(s string) bool {
	n := 0
	for n < len(s) && n < 3 && s[n] < utf8.RuneSelf && isLetterAt(s, n) {
		n++
	}
	if n == 0 || n == 3 || n < len(s) && isLetterAt(s, n) {
		return false
	}
	var w [2]byte
	for k := range n {
		w[k] = s[k] | 0x20
	}
	switch string(w[:n]) {
	case "s", "t", "d", "m", "ll", "re", "ve":
		return true
	}
	return false
}

// openerFirst is what closerIndex returns when a straight double quote
// that opens a quotation comes before any that closes one: the first
// quotation is left open ("said "Wait. Then "Go" ...").
const openerFirst = -2

// closerIndex returns the index in w of the first closer of the given kind,
// -1 if there is none, or openerFirst.
func closerIndex(kind int, w string) int {
	switch kind {
	case qDouble:
		k := strings.IndexByte(w, '"')
		if k > 0 && w[k-1] == ' ' && k+1 < len(w) && !isSpaceByte(w[k+1]) {
			return openerFirst
		}
		return k
	case qSingle:
		return indexNotBeforeLetter(w, "'")
	case qCurlySingle:
		return indexNotBeforeLetter(w, "’")
	case qLow:
		a, b := strings.Index(w, "“"), strings.Index(w, "”")
		if a < 0 || (b >= 0 && b < a) {
			return b
		}
		return a
	}
	return strings.Index(w, closerOf[kind])
}

// indexNotBeforeLetter returns the index of the first q in w that is not
// directly followed by a letter (so that apostrophes are skipped), or -1.
func indexNotBeforeLetter(w, q string) int {
	off := 0
	for {
		k := strings.Index(w[off:], q)
		if k < 0 {
			return -1
		}
		k += off
		if e := k + len(q); e >= len(w) || !isLetterAt(w, e) {
			return k
		}
		off = k + len(q)
	}
}

func isLetterAt(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// skipSpace returns the index of the first non-space byte at or after j and
// the number of line breaks skipped.
func (sc *scanner) skipSpace(j int) (int, int) {
	t := sc.text
	nl := 0
	for j < len(t) {
		switch c := t[j]; {
		case c == '\n':
			nl++
			j++
		case isSpaceByte(c):
			j++
		case c == 0xC2 && j+1 < len(t) && t[j+1] == 0xA0: // no-break space
			j += 2
		default:
			return j, nl
		}
	}
	return j, nl
}

func (sc *scanner) isSpaceAt(j int) bool {
	t := sc.text
	return isSpaceByte(t[j]) || t[j] == 0xC2 && j+1 < len(t) && t[j+1] == 0xA0
}

// newline handles a line break at i and returns where to resume.
func (sc *scanner) newline(i int) int {
	t := sc.text
	k, nl := sc.skipSpace(i)
	if k >= len(t) {
		return k
	}
	if nl >= 2 || (sc.softNL != i && !sc.softWrap(i, k)) {
		sc.emit(i, k)
	}
	return k
}

// softWrap reports whether the single line break at i, with the next line
// starting at k, merely wraps a sentence: the next line starts in lower
// case, and the line before ends in white space, a comma or a dash, or is
// long, or holds wrapWords words or more (a short line of a word or two in
// lower case is an item of a list).
func (sc *scanner) softWrap(i, k int) bool {
	t := sc.text
	r, _ := utf8.DecodeRuneInString(t[k:])
	if !unicode.IsLower(r) {
		return false
	}
	p := i
	if p > 0 && t[p-1] == '\r' {
		p--
	}
	if p == 0 {
		return false
	}
	if t[p-1] == ' ' || t[p-1] == '\t' {
		return true
	}
	switch last, _ := utf8.DecodeLastRuneInString(t[:p]); last {
	case ',', ';', '-', '–', '—', '(', '/', '&':
		return true
	}
	line := t[max(0, p-softLine):p]
	if nl := strings.LastIndexByte(line, '\n'); nl >= 0 {
		return wordsAtLeast(line[nl+1:], wrapWords)
	}
	return p >= softLine || wordsAtLeast(line, wrapWords)
}

// terminal handles terminal punctuation at i and returns where to resume.
func (sc *scanner) terminal(i int) int {
	t := sc.text
	if i < sc.markerEnd {
		return sc.markerEnd
	}
	// The run of terminal punctuation: dots (possibly spaced, ". . ."),
	// question and exclamation marks, ellipses and strong full stops.
	j := i
	dots, qe, ell, strong, spaced := 0, false, false, false, false
	var strongRune rune
run:
	for j < len(t) {
		switch b := t[j]; {
		case b == '.':
			dots++
			j++
		case b == '!' || b == '?' || b == ';' && sc.seg.greek || b == ':' && sc.seg.colon:
			qe = true
			j++
		case b == ' ' && dots > 0 && !qe && j+1 < len(t) && t[j+1] == '.' &&
			t[j-1] == '.' && (j-2 < i || t[j-2] != '.') && (j+2 >= len(t) || t[j+2] != '.'):
			// ". . .": single dots separated by single spaces.
			spaced = true
			j++
		case b >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(t[j:])
			switch runeClass(r) {
			case runeTerm:
				qe = true
			case runeEllipsis:
				ell = true
			case runeStrong:
				strong, strongRune = true, r
			default:
				break run
			}
			j += size
		default:
			break run
		}
	}
	attached := i > 0 && !isSpaceByte(t[i-1])

	// "[...]", "(!)": an omission or an editorial mark, not a boundary.
	if i > 0 && (t[i-1] == '[' || t[i-1] == '(') && j < len(t) && (t[j] == ']' || t[j] == ')') {
		return j + 1
	}

	// Closing quotation marks and brackets stay with the sentence.
	e := j
	for e < len(t) {
		b := t[e]
		if b == '"' || b == '\'' || b == ')' || b == ']' || b == '}' || b == '.' || b == '!' || b == '?' || b == '*' {
			e++
			continue
		}
		if b >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(t[e:])
			if isCloser(r) {
				e += size
				continue
			}
		}
		// French spacing: "fini. »".
		if sp := spaceBefore(t[e:], '»'); sp > 0 {
			e += sp
			continue
		}
		break
	}

	closed := e > j
	e = emoticons(t, sc.footnotes(e))

	// Inside a quotation or brackets nothing ends, unless the punctuation
	// is followed by the closer, or the quotation holds sentences of its
	// own (checked below, once the next word is known).
	inside := false
	if sc.protEnd >= 0 {
		if sc.protEnd < i {
			sc.protEnd = -1
		} else if e <= sc.protEnd {
			if strong || e == sc.protEnd || !sc.isSpaceAt(e) || !wordsAtLeast(t[sc.protStart:i], sc.innerWords()) {
				return e
			}
			inside = true
		} else {
			sc.protEnd = -1
		}
	}

	if e >= len(t) {
		return e
	}
	if !sc.isSpaceAt(e) {
		if dots == 1 && e == j && sc.inMailbox(i) {
			return sc.mailbox(e)
		}
		if strong {
			if r, _ := utf8.DecodeRuneInString(t[e:]); strongRune != '．' || !unicode.IsDigit(r) {
				sc.emit(e, e)
			}
			return e
		}
		if dots <= 1 && !ell && sc.glued(i, e) ||
			sc.seg.informal && !closed && ((dots >= 2 && !spaced || ell) && attached && gluedWord(t[e:]) ||
				qe && gluedLower(t[e:]) && sc.lowerStart(i, j)) {
			sc.emit(e, e)
		}
		return e
	}
	k, nl := sc.skipSpace(e)
	if k >= len(t) {
		return k
	}
	if nl >= 2 || strong {
		sc.emit(e, k)
		return k
	}
	nc, starter := sc.nextToken(k)
	if inside && (nc != nextUpper || !wordsAtLeast(t[k:sc.protEnd], sc.innerWords())) {
		return e
	}
	newline := nl == 1
	var split bool
	switch {
	case nc == nextOther && (sc.signature(k) || sc.mention(k)):
		split = true
	case qe:
		split = newline || nc != nextOther && (nc != nextLower || !closed && sc.lowerStart(i, j) || sc.address(k)) &&
			!(closed && nc == nextUpper && sc.seg.speechTag(t[k:]))
	case spaced && attached && dots >= 4:
		// "word. . . . Next": the first dot ends the sentence and the
		// rest is an ellipsis that opens the next one.
		if nc == nextUpper {
			k1, _ := sc.skipSpace(i + 1)
			sc.emit(i+1, k1)
			return k1
		}
	case spaced && dots == 3:
		// ". . ." inside a sentence.
	case ell || dots >= 3:
		split = nc == nextUpper && !(closed && sc.seg.speechTag(t[k:])) || sc.address(k)
	default:
		kind := wordPlain
		if dots == 1 {
			var tok string
			kind, tok = sc.prevWord(i)
			if kind == wordNumber && len(tok) <= 2 && sc.afterColon(i-len(tok)) {
				// "three steps: 1. Plan ...": an inline list marker.
				kind = wordTitle
			}
			if kind == wordPlain && nc == nextUpper && sc.seg.dateBefore(tok, t[k:]) {
				kind = wordTitle // "Sat. Nov. 18"
			}
		}
		switch kind {
		case wordTitle:
			if newline {
				sc.softNL = e + strings.IndexByte(t[e:k], '\n')
			}
		case wordNumero:
			split = newline || nc != nextDigit && nc != nextOther && nc != nextLower
		case wordAbbrev, wordOrdinal:
			split = nc == nextUpper && starter || nc == nextBullet
			if !split && newline && nc == nextLower {
				sc.softNL = e + strings.IndexByte(t[e:k], '\n')
			}
		default:
			split = newline || nc == nextUpper || nc == nextDigit || nc == nextOpen ||
				nc == nextBullet || nc == nextDot ||
				nc == nextLower && kind == wordPlain && dots == 1 && (!closed && sc.lowerStart(i, j) || sc.address(k))
		}
	}
	if split {
		sc.emit(e, k)
		return k
	}
	return e
}

// lowerStart reports whether the terminal punctuation t[i:j], followed by
// a word in lower case, ends a sentence, as it often does in informal text.
// It does in languages whose segmenter allows it when a word of two letters
// or more, not an abbreviation, comes right before it (a closing bracket or
// quotation mark between them is allowed). A single "." or "!" also needs
// that word to be in lower case, or in capitals and three letters or more:
// "Yahoo! in" and "Sales Reps. to" go on.
func (sc *scanner) lowerStart(i, j int) bool {
	if !sc.seg.informal {
		return false
	}
	t := sc.text
	n, p := 0, i
	if p > 0 && (t[p-1] == ' ' || t[p-1] == ')' || t[p-1] == '"') {
		p-- // "at all ." in tokenised text, "(at 5)."
	}
	lower, upper := false, false
	for p > 0 && n < maxWord {
		r, size := utf8.DecodeLastRuneInString(t[:p])
		if !unicode.IsLetter(r) {
			break
		}
		lower, upper = unicode.IsLower(r), unicode.IsUpper(r) && (upper || n == 0)
		p -= size
		n++
	}
	switch {
	case n < 2:
		return false
	case j-i > 1 || t[i] == '?' || lower:
		return true
	}
	return upper && n >= 3
}

// gluedWord reports whether s starts with a capitalised word ("Then",
// "I "), which after an ellipsis with no space between ("so...Then") starts
// a new sentence.
func gluedWord(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	if size == len(s) {
		return true
	}
	r2, _ := utf8.DecodeRuneInString(s[size:])
	return unicode.IsLower(r2) || r2 == ' ' || r2 == '\''
}

// gluedLower reports whether s starts with a word in lower case that ends
// at white space or punctuation ("park?is it"), not inside an address
// ("?u=1&m=g").
func gluedLower(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return false
	}
	for q := size; q < len(s) && q < maxWord; {
		r, size := utf8.DecodeRuneInString(s[q:])
		switch {
		case unicode.IsLetter(r) || r == '\'':
			q += size
		case unicode.IsSpace(r) || r == ',' || r == '.' || r == '!' || r == '?':
			return true
		default:
			return false
		}
	}
	return true
}

// footnotes returns the end of the footnote markers ("[17]", "[3] [4]",
// "[citation needed]") that follow the end of a sentence at e, or e. The
// markers belong to the sentence they follow.
func (sc *scanner) footnotes(e int) int {
	t := sc.text
	for {
		p := e
		if p < len(t) && t[p] == ' ' {
			p++
		}
		if p >= len(t) || t[p] != '[' {
			return e
		}
		w := t[p+1 : min(p+1+maxFootnote, len(t))]
		q := strings.IndexByte(w, ']')
		if q <= 0 || !footnoteText(w[:q]) {
			return e
		}
		q += p + 2
		if q < len(t) && !sc.isSpaceAt(q) && t[q] != '[' {
			return e
		}
		e = q
	}
}

// footnoteText reports whether s, the text between square brackets, is a
// footnote reference: a number, a single letter, or a short note that
// starts in lower case ("citation needed").
func footnoteText(s string) bool {
	if c := s[0]; '0' <= c && c <= '9' {
		for i := 1; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	if len(s) == 1 {
		return isLetterAt(s, 0)
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '!', '?', '[', '\n':
			return false
		}
	}
	return true
}

// wordsAtLeast reports whether s holds at least n words.
func wordsAtLeast(s string, n int) bool {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		if isSpaceByte(s[i]) {
			in = false
			continue
		}
		if !in {
			if words++; words >= n {
				return true
			}
			in = true
		}
	}
	return false
}

// spaceBefore returns the length of a space (ASCII, no-break or narrow
// no-break) followed by r at the start of s, or 0.
func spaceBefore(s string, r rune) int {
	n := 0
	switch {
	case strings.HasPrefix(s, " "):
		n = 1
	case strings.HasPrefix(s, "\u00a0"):
		n = 2
	case strings.HasPrefix(s, "\u202f"):
		n = 3
	default:
		return 0
	}
	if r2, size := utf8.DecodeRuneInString(s[n:]); r2 == r {
		return n + size
	}
	return 0
}

// afterColon reports whether the last byte before p other than spaces and
// stars is a colon.
func (sc *scanner) afterColon(p int) bool {
	for q := p - 1; q >= 0 && q >= p-8; q-- {
		if c := sc.text[q]; !isSpaceByte(c) && c != '*' {
			return c == ':'
		}
	}
	return false
}

// glued reports whether the period at i, directly followed by the
// upper-case letter at e, ends a sentence even though no space follows
// ("world.Today", "1,000.That").
func (sc *scanner) glued(i, e int) bool {
	t := sc.text
	r, size := utf8.DecodeRuneInString(t[e:])
	if !unicode.IsUpper(r) || e+size >= len(t) {
		return false
	}
	if r2, _ := utf8.DecodeRuneInString(t[e+size:]); r2 != ' ' && !unicode.IsLetter(r2) {
		return false
	}
	kind, tok := sc.prevWord(i)
	switch kind {
	case wordPlain:
		last, _ := utf8.DecodeLastRuneInString(tok)
		if !unicode.IsLower(last) || utf8.RuneCountInString(tok) < 2 {
			return false
		}
	case wordNumber:
		if len(tok) < 3 {
			return false
		}
	default:
		return false
	}
	// Not inside an e-mail address, URL or file path.
	for q := e; q < len(t) && q < e+maxWord; q++ {
		switch t[q] {
		case ' ', '\t', '\n':
			return true
		case '@', '/', ':', '\\':
			return false
		}
	}
	return true
}

// nextToken classifies the text at k and reports whether it is a word from
// the language's sentence starters.
func (sc *scanner) nextToken(k int) (nextClass, bool) {
	t := sc.text
	r, size := utf8.DecodeRuneInString(t[k:])
	switch {
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		q := k + size
		for q < len(t) && q-k < 32 {
			r2, s2 := utf8.DecodeRuneInString(t[q:])
			if !unicode.IsLetter(r2) {
				break
			}
			q += s2
		}
		if q < len(t) && t[q] == '.' {
			return nextUpper, false // an initial or an abbreviation
		}
		_, ok := sc.seg.starters[t[k:q]]
		return nextUpper, ok
	case unicode.IsLower(r):
		return nextLower, false
	case unicode.IsLetter(r):
		return nextUpper, false
	case unicode.IsDigit(r) || unicode.Is(unicode.Sc, r):
		return nextDigit, false
	case r == '.' || r == '…':
		return nextDot, false
	case isOpener(r):
		return nextOpen, false
	case runeClass(r) == runeBullet || r == '*' && k+1 < len(t) && isDigit(t[k+1]):
		return nextBullet, false // "• item", "*2. item"
	}
	return nextOther, false
}

// prevWord classifies the token that ends at the period at i and returns
// it, stripped of leading punctuation and elided articles ("l'Ing").
func (sc *scanner) prevWord(i int) (wordKind, string) {
	t := sc.text
	ts := i
	for ts > 0 && i-ts <= maxWord && !isSpaceByte(t[ts-1]) {
		ts--
	}
	if i-ts > maxWord || ts == i {
		return wordPlain, ""
	}
	tok := t[ts:i]
	if r, _ := utf8.DecodeLastRuneInString(tok); isCloser(r) {
		return wordPlain, ""
	}
	for tok != "" {
		r, size := utf8.DecodeRuneInString(tok)
		if (r == '\'' || r == '’') && contraction(tok[size:]) {
			return wordPlain, tok // "It 's."
		}
		if !isOpener(r) && r != '*' && r != '_' {
			break
		}
		tok = tok[size:]
	}
	if tok == "" {
		return wordPlain, ""
	}
	if strings.IndexByte(tok, '@') >= 0 || strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.") {
		return wordPlain, ""
	}
	if k := lastApostrophe(tok); k >= 0 {
		_, size := utf8.DecodeRuneInString(tok[k:])
		if rest := tok[k+size:]; rest != "" && allLetters(rest) && !contraction(rest) {
			tok = rest
		}
	}
	if num, short := numberShape(tok); num {
		if short && sc.seg.ordinal {
			return wordOrdinal, tok
		}
		return wordNumber, tok
	}
	if k, ok := sc.seg.lookup(tok); ok {
		return k, tok
	}
	if k := lastDashOrSlash(tok); k >= 0 {
		rest := tok[k+1:]
		if k, ok := sc.seg.lookup(rest); ok {
			return k, tok
		}
		if r, size := utf8.DecodeRuneInString(rest); size == len(rest) && unicode.IsUpper(r) {
			return wordAbbrev, tok // an initial after a dash: "-J."
		}
		return wordPlain, tok
	}
	if multiPeriod(tok) {
		return wordAbbrev, tok
	}
	if k := strings.LastIndexByte(tok, '.'); k >= 0 {
		// A glued abbreviation: "Tuesday.Mr".
		if k, ok := sc.seg.lookup(tok[k+1:]); ok {
			return k, tok
		}
	}
	if allLetters(tok) {
		n := utf8.RuneCountInString(tok)
		if n == 1 || n <= 5 && noVowel(tok) {
			return wordAbbrev, tok
		}
	} else if r, size := utf8.DecodeLastRuneInString(tok); unicode.IsUpper(r) {
		// An initial after a list marker: "3)K.".
		if p, _ := utf8.DecodeLastRuneInString(tok[:len(tok)-size]); p == ')' {
			return wordAbbrev, tok
		}
	}
	return wordPlain, tok
}

// lastApostrophe returns the index of the last "'" or "’" in tok, or -1.
func lastApostrophe(tok string) int {
	for k := len(tok) - 1; k >= 0; k-- {
		if tok[k] == '\'' || tok[k] == 0xE2 && strings.HasPrefix(tok[k:], "’") {
			return k
		}
	}
	return -1
}

// lastDashOrSlash returns the index of the last '-' or '/' in tok, or -1.
func lastDashOrSlash(tok string) int {
	for k := len(tok) - 1; k >= 0; k-- {
		if tok[k] == '-' || tok[k] == '/' {
			return k
		}
	}
	return -1
}

// numberShape reports whether tok is a number such as "12", "-3", "$100.00"
// or "1.000.000", and whether it is a short plain number of at most three
// digits (a candidate ordinal).
func numberShape(tok string) (num, short bool) {
	for tok != "" {
		r, size := utf8.DecodeRuneInString(tok)
		if r != '-' && r != '+' && r != '−' && r != '–' && r != '#' && r != '%' && !unicode.Is(unicode.Sc, r) {
			break
		}
		tok = tok[size:]
	}
	if tok == "" || tok[0] < '0' || tok[0] > '9' {
		return false, false
	}
	digitsOnly := true
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case '0' <= c && c <= '9':
		case c == '.' || c == ',' || c == ':' || c == '\'':
			digitsOnly = false
		default:
			return false, false
		}
	}
	return true, digitsOnly && len(tok) <= 3
}

// multiPeriod reports whether tok looks like "U.S", "e.g", "z.B" or
// "LL.AA.II.RR": short letter groups joined by periods.
func multiPeriod(tok string) bool {
	if strings.IndexByte(tok, '.') < 0 {
		return false
	}
	n := 0
	for _, r := range tok {
		if r == '.' {
			if n == 0 {
				return false
			}
			n = 0
			continue
		}
		if !unicode.IsLetter(r) {
			return false
		}
		if n++; n > 4 {
			return false
		}
	}
	return n > 0
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// noVowel reports whether the word has a lower-case letter and consists
// only of consonants of the Latin, Greek or Cyrillic alphabets ("Mr",
// "Str", "bzw", "пгт"); such words are almost always abbreviations.
func noVowel(s string) bool {
	lower := false
	for _, r := range s {
		if unicode.IsLower(r) {
			lower = true
		}
		if !isConsonant(unicode.ToLower(r)) {
			return false
		}
	}
	return lower
}

func isConsonant(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' && !strings.ContainsRune("aeiouy", r)
	case 'а' <= r && r <= 'я':
		return !strings.ContainsRune("аеиоуыэюяъь", r)
	case 'α' <= r && r <= 'ω':
		return !strings.ContainsRune("αεηιουω", r)
	}
	return strings.ContainsRune("ßçčćďđģķļłľńňñņŕřśšşťţźżž", r)
}
