package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Boundaries that web text marks without terminal punctuation: web
// addresses, e-mail datelines, emoticons, rules of dashes or stars, and the
// greetings and sign-offs of letters.

// innerWords returns how many words the open quotation or bracket pair
// must hold on each side of a sentence end for the sentence end to split
// it.
func (sc *scanner) innerWords() int {
	if sc.protQuote {
		return quoteWords
	}
	return bracketWords
}

// colon handles a ':' or ';' at i that is not a full stop and returns
// where to resume: after a web address or a dateline's time that ends a
// sentence, or at i+1.
func (sc *scanner) colon(i int) int {
	t := sc.text
	if sc.protEnd > i {
		return i + 1
	}
	if strings.HasPrefix(t[i:], "://") {
		return sc.url(i)
	}
	if t[i] == ':' && i > 0 && isLetterAt(t, i-1) && i+1 < len(t) && t[i+1] == ' ' {
		if ws := sc.fieldStart(i); ws > sc.start {
			sc.emit(ws, ws)
		}
		return i + 1
	}
	if t[i] == ':' && i > 0 && isDigit(t[i-1]) {
		if ds, q, ok := dateline(t, i); ok {
			if ds > sc.start && sc.namedBefore(ds) {
				sc.emit(ds, ds)
			}
			if k := sc.endAfter(q); k > q {
				return sc.salutation(k)
			}
			return q
		}
	}
	return i + 1
}

// salutation handles the start of an e-mail's body at k, after its
// dateline: a greeting of one or two capitalised words and a colon, or of
// one and a dash ("Tom -", "Ann Lee:"), is a sentence of its own. It
// returns where to resume.
func (sc *scanner) salutation(k int) int {
	t := sc.text
	p, words := k, 0
	for ; words < 2; words++ {
		r, size := utf8.DecodeRuneInString(t[p:])
		if !unicode.IsUpper(r) {
			return k
		}
		p += size
		for p < len(t) && p-k < maxWord && isLetterAt(t, p) {
			p++
		}
		if p+1 < len(t) && t[p] == ' ' && isLetterAt(t, p+1) && words == 0 {
			p++
			continue
		}
		break
	}
	switch {
	case p < len(t) && t[p] == ':':
		p++
	case words > 0:
		return k
	case p < len(t) && t[p] == '-':
		p++
	case p+1 < len(t) && t[p] == ' ' && t[p+1] == '-':
		p += 2
	default:
		return k
	}
	q, nl := sc.skipSpace(p)
	if q == p || q >= len(t) || nl > 0 || !isLetterAt(t, q) {
		return k
	}
	sc.emit(p, q)
	return q
}

// fields are the labels of the header fields of messages and notices
// ("Subject: ...", "When: ..."), which start sentences of their own.
var fields = []string{"cc", "date", "from", "sent", "subject", "what", "when", "where"}

// fieldStart returns where the header field label that ends with the colon
// at i starts, if the label is one of fields, capitalised, and the
// segmenter reads web text habits, or -1.
func (sc *scanner) fieldStart(i int) int {
	if !sc.seg.informal {
		return -1
	}
	t := sc.text
	ws := i
	for ws > 0 && i-ws < 8 && isLetterAt(t, ws-1) {
		ws--
	}
	if ws > 0 && !isSpaceByte(t[ws-1]) || ws == i || t[ws] < 'A' || t[ws] > 'Z' {
		return -1
	}
	for _, f := range fields {
		if strings.EqualFold(t[ws:i], f) {
			return ws
		}
	}
	return -1
}

// endAfter ends a sentence at q, the end of a dateline, if a word follows
// on the same line, and returns where to resume.
func (sc *scanner) endAfter(q int) int {
	t := sc.text
	k, nl := sc.skipSpace(q)
	if k >= len(t) || nl > 0 {
		return q
	}
	if r, _ := utf8.DecodeRuneInString(t[k:]); unicode.IsLetter(r) {
		sc.emit(q, k)
		return k
	}
	return q
}

// url handles the "://" of a web address at i: the address ends a sentence
// when a capitalised word or another address follows it on the same line.
func (sc *scanner) url(i int) int {
	t := sc.text
	q := i + 3
	for limit := min(len(t), i+maxURL); q < limit && !isSpaceByte(t[q]); q++ {
	}
	k, nl := sc.skipSpace(q)
	if k >= len(t) || nl > 0 {
		return q
	}
	if r, _ := utf8.DecodeRuneInString(t[k:]); unicode.IsUpper(r) || sc.address(k) {
		sc.emit(q, k)
		return k
	}
	return q
}

// inMailbox reports whether the period at i is inside the domain of an
// e-mail address ("ann@example.com"), in a language whose segmenter reads
// web text habits.
func (sc *scanner) inMailbox(i int) bool {
	if !sc.seg.informal || sc.protEnd > i {
		return false
	}
	t := sc.text
	for p := i - 1; p >= 0 && i-p <= maxWord; p-- {
		switch c := t[p]; {
		case c == '@':
			return p < i-1
		case isSpaceByte(c) || c == '<' || c == '(' || c == '/' || c == ':':
			return false
		}
	}
	return false
}

// mailbox handles the rest of an e-mail address from e, inside its domain:
// the address ends a sentence when a capitalised word or another address
// follows it on the same line (a signature: "ann@example.com Ann Lee").
func (sc *scanner) mailbox(e int) int {
	t := sc.text
	q := e
	for limit := min(len(t), e+maxWord); q < limit && !isSpaceByte(t[q]); q++ {
	}
	k, nl := sc.skipSpace(q)
	if k >= len(t) || nl > 0 || k == q {
		return q
	}
	if r, _ := utf8.DecodeRuneInString(t[k:]); unicode.IsUpper(r) || sc.address(k) {
		sc.emit(q, k)
		return k
	}
	return q
}

// signature reports whether a signed name ("--Ann", "-Tom Reed") starts
// at k, after the end of a sentence, in a language whose segmenter reads
// web text habits.
func (sc *scanner) signature(k int) bool {
	t := sc.text
	if !sc.seg.informal || t[k] != '-' {
		return false
	}
	q := k + 1
	if q < len(t) && t[q] == '-' {
		q++
	}
	if q >= len(t) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[q:])
	return unicode.IsUpper(r)
}

// mention reports whether a reply to a user ("@ann") starts at k, after the
// end of a sentence, in a language whose segmenter reads web text habits.
func (sc *scanner) mention(k int) bool {
	t := sc.text
	return sc.seg.informal && t[k] == '@' && k+1 < len(t) && isLetterAt(t, k+1)
}

// address reports whether a web address starts at k, in a language whose
// segmenter reads web text habits: such an address after terminal
// punctuation starts a sentence, whatever its case.
func (sc *scanner) address(k int) bool {
	t := sc.text[k:]
	return sc.seg.informal && (strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "www."))
}

// emoticon returns the length of the emoticon (":)", ";-)", ":D", "^_^") that
// starts at i, or 0. It must stand alone: white space or punctuation
// before it, white space or the end of the text after it.
func emoticon(t string, i int) int {
	switch t[i] {
	case ':', ';', '=', '>', '^', '-', '<':
	default:
		return 0
	}
	if i > 0 {
		if c := t[i-1]; c != ' ' && c != '.' && c != '!' && c != '?' {
			return 0
		}
	}
	for _, e := range [...]string{"^_^", "^^", "-_-", "<3"} {
		if strings.HasPrefix(t[i:], e) && (len(t) == i+len(e) || isSpaceByte(t[i+len(e)])) {
			return len(e)
		}
	}
	s := i
	if t[s] == '>' && s+1 < len(t) {
		s++ // ">:("
	}
	if t[s] != ':' && t[s] != ';' && t[s] != '=' {
		return 0
	}
	q := s + 1
	if q < len(t) && (t[q] == '-' || t[q] == '\'') {
		q++
	}
	if q >= len(t) {
		return 0
	}
	switch c := t[q]; c {
	case ')', '(', 'D', 'P', 'p':
		for q < len(t) && t[q] == c {
			q++
		}
	default:
		return 0
	}
	if q < len(t) && !isSpaceByte(t[q]) {
		return 0
	}
	return q - i
}

// emoticons returns the end of the emoticons that follow the end of a
// sentence at e ("sure. :)"), or e: they belong to the sentence.
func emoticons(t string, e int) int {
	for e+1 < len(t) && t[e] == ' ' {
		n := emoticon(t, e+1)
		if n == 0 {
			break
		}
		e += 1 + n
	}
	return e
}

// dateline reports whether the ':' at i is inside the time of an e-mail
// dateline such as "03/14/2001 09:30 AM" or "3/4/01 21:30:12", and
// returns where the date starts and the time ends.
func dateline(t string, i int) (ds, q int, ok bool) {
	hs := i
	for hs > 0 && i-hs < 2 && isDigit(t[hs-1]) {
		hs--
	}
	if hs == 0 || t[hs-1] != ' ' {
		return 0, 0, false
	}
	de := hs - 1
	ds = de
	for ds > 0 && de-ds < 10 && (isDigit(t[ds-1]) || t[ds-1] == '/') {
		ds--
	}
	if !dateShape(t[ds:de]) || ds > 0 && !isSpaceByte(t[ds-1]) {
		return 0, 0, false
	}
	q = i + 1
	for n := 0; n < 2; n++ {
		if q+2 > len(t) || !isDigit(t[q]) || !isDigit(t[q+1]) {
			return 0, 0, false
		}
		q += 2
		if n == 0 && q < len(t) && t[q] == ':' {
			q++
		} else {
			break
		}
	}
	p := q
	if p < len(t) && t[p] == ' ' {
		p++
	}
	if p+2 <= len(t) && (t[p] == 'A' || t[p] == 'P' || t[p] == 'a' || t[p] == 'p') && (t[p+1]|0x20) == 'm' {
		q = p + 2
	}
	if q < len(t) && !isSpaceByte(t[q]) {
		return 0, 0, false
	}
	return ds, q, true
}

// dateShape reports whether s is a numeric date: "03/14/2001", "3/4/01".
func dateShape(s string) bool {
	parts := 0
	n := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '/' {
			if n == 0 || n > 4 || parts < 2 && n > 2 {
				return false
			}
			parts++
			n = 0
			continue
		}
		n++
	}
	return parts == 3
}

// namedBefore reports whether the word before the dateline that starts at
// ds names its sender (a capitalised word or an address), so that the
// dateline starts a sentence of its own ("Ann Lee 03/14/2001 09:30 AM"),
// rather than a preposition or a verb leading up to it.
func (sc *scanner) namedBefore(ds int) bool {
	t := sc.text
	we := ds
	for we > sc.start && isSpaceByte(t[we-1]) {
		we--
	}
	ws := we
	for ws > sc.start && we-ws < maxWord && !isSpaceByte(t[ws-1]) {
		ws--
	}
	if ws == we {
		return false
	}
	w := t[ws:we]
	if strings.IndexByte(w, '@') >= 0 || w[len(w)-1] == '>' {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsUpper(r) && unicode.IsLetter(last)
}

// closings are the first words of the sign-offs of letters ("Regards,",
// "Many thanks,", "Yours truly,"): followed by a comma early in a sentence
// and a capitalised word (the name), the comma ends the sentence. A bare
// "Thanks," is left out: it as often opens a sentence ("Thanks, I will").
var closings = []string{
	"best", "cheers", "cordially", "kind", "love", "many", "regards", "respectfully",
	"sincerely", "thank", "warm", "warmest", "yours",
}

// maxClosing is the number of words a sign-off may have.
const maxClosing = 3

// comma handles a ',' at i and returns where to resume.
func (sc *scanner) comma(i int) int {
	t := sc.text
	if !sc.seg.informal || i+2 >= len(t) || t[i+1] != ' ' || t[i+2] < 'A' || t[i+2] > 'Z' || sc.protEnd > i {
		return i + 1
	}
	ws, _ := sc.skipSpace(sc.start)
	we := ws
	for we < i && isLetterAt(t, we) && we-ws < 16 {
		we++
	}
	for _, w := range closings {
		if strings.EqualFold(t[ws:we], w) {
			if wordsAtLeast(t[ws:i], maxClosing+1) {
				break
			}
			sc.emit(i+1, i+2)
			return i + 2
		}
	}
	return i + 1
}

// rule handles a byte of a possible rule ("-----", "*****", "=====") at i:
// a rule of three or more such bytes that stands alone separates the
// sentences around it. Underscores are left out: "___" is a blank to fill
// in. It returns where to resume.
func (sc *scanner) rule(i int) int {
	t := sc.text
	if i+2 >= len(t) || !isRuleByte(t[i+1]) || !isRuleByte(t[i+2]) ||
		i > 0 && !isSpaceByte(t[i-1]) || sc.protEnd > i {
		return i + 1
	}
	q := i + 3
	for q < len(t) && isRuleByte(t[q]) {
		q++
	}
	if q < len(t) && !isSpaceByte(t[q]) {
		return q
	}
	sc.emit(i, i)
	k, _ := sc.skipSpace(q)
	sc.emit(q, k)
	return k
}

// closer handles a ')' or ']' at i that is not part of a sentence end. A
// closing bracket after a parenthetical passage of bracketWords words or
// more, followed by a capitalised word, ends a sentence: the passage was a
// sentence that lacks its full stop ("(back in the office on Monday) Please call").
func (sc *scanner) closer(i int) int {
	t := sc.text
	if !sc.seg.informal || sc.protEnd != i || sc.protQuote || !wordsAtLeast(t[sc.protStart:i], bracketWords) {
		return i + 1
	}
	k, nl := sc.skipSpace(i + 1)
	if k >= len(t) || nl > 0 || k == i+1 {
		return i + 1
	}
	if nc, _ := sc.nextToken(k); nc != nextUpper {
		return i + 1
	}
	sc.protEnd = -1
	sc.emit(i+1, k)
	return k
}

// angle handles a '>' at i: the end of an attachment ("<< File: a.doc >>")
// or of an address in angle brackets ("<ann@example.com>"), followed by a
// capitalised word, ends a sentence.
func (sc *scanner) angle(i int) int {
	t := sc.text
	if sc.protEnd > i || i == 0 {
		return i + 1
	}
	q := i + 1
	if t[i-1] == '>' || q < len(t) && t[q] == '>' {
		if q < len(t) && t[q] == '>' {
			q++
		}
	} else if w := t[max(sc.start, i-maxWord):i]; strings.IndexByte(w, '@') < 0 || strings.IndexByte(w, '<') < 0 {
		return q
	}
	k, nl := sc.skipSpace(q)
	if k >= len(t) || nl > 0 || k == q {
		return q
	}
	if r, _ := utf8.DecodeRuneInString(t[k:]); unicode.IsUpper(r) {
		sc.emit(q, k)
		return k
	}
	return q
}

func isRuleByte(c byte) bool {
	return c == '-' || c == '*' || c == '=' || c == '+' || c == '~'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
