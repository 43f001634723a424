package boiler

import (
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
	stop     int  // function words of the text's language(s)
	caps     int  // alphabetic tokens that start with an upper-case letter
	links    int  // URLs, e-mail addresses, handles
	seps     int  // tokens that are only separators: | » › · • / - –
	letters  int  // letter runes
	nonSpace int  // non-space runes
	terminal bool
	counter  bool
	credit   bool
	chrome   int // words covered by chrome phrases
	dateline bool
}

type lexicon struct {
	stop       map[string]lang
	chrome     map[string]bool // every chrome phrase, lower case
	maxPhrase  int             // longest chrome phrase, in words
	credit     map[string]bool
	dateWords  map[string]bool
	counterPre map[string]bool
}

// tables builds the word lists once; they are read-only afterwards.
var tables = sync.OnceValue(func() *lexicon {
	lx := &lexicon{
		stop:       map[string]lang{},
		chrome:     map[string]bool{},
		credit:     map[string]bool{},
		dateWords:  map[string]bool{},
		counterPre: map[string]bool{},
	}
	for i, list := range stopwordLists {
		for _, w := range strings.Fields(list) {
			lx.stop[w] |= 1 << i
		}
	}
	for _, p := range chromePhrases {
		lx.chrome[p] = true
		lx.maxPhrase = max(lx.maxPhrase, len(strings.Fields(p)))
	}
	for _, w := range creditWords {
		lx.credit[w] = true
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
last modified on at by uhr januar februar märz mai juni juli oktober dezember janvier février mars avril
juin juillet août septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
septiembre octubre noviembre diciembre de del le el der am um h hrs ago minutes hours days min`

const (
	allLangs = lang(1<<numLangs - 1)
	noLangs  = lang(0)
)

func bitIndex(l lang) int { return bits.TrailingZeros16(uint16(l)) }

// detect picks the language whose function words the text uses most, or all
// languages when the text does not say clearly.
func detect(lines []string, code string) lang {
	for i, c := range langCodes {
		if c == code {
			return 1 << i
		}
	}
	lx := tables()
	var hits [numLangs]int
	tokens, listed := 0, 0
	for _, line := range lines {
		for tok := range strings.FieldsSeq(line) {
			w := strings.ToLower(strings.TrimFunc(tok, isEdgePunct))
			if l := lx.stop[w]; l != 0 {
				listed++
				for i := range numLangs {
					if l&(1<<i) != 0 {
						hits[i]++
					}
				}
			}
			tokens++
		}
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

func isSeparator(tok string) bool {
	switch tok {
	case "|", "»", "«", "›", "‹", "·", "•", "/", "-", "–", "—", ">", "<", "::", "||", "*", "~":
		return true
	}
	return false
}

// measure computes the features of one block.
func measure(line string, lset lang) features {
	lx := tables()
	f := features{lset: lset}
	var lowered []string
	var firstTok, secondTok, thirdTok string
	n := 0
	for tok := range strings.FieldsSeq(line) {
		f.words++
		if isSeparator(tok) {
			f.seps++
			lowered = append(lowered, "")
			continue
		}
		if strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.") ||
			(strings.Contains(tok, "@") && len(tok) > 1) {
			f.links++
		}
		core := strings.TrimFunc(tok, isEdgePunct)
		w := strings.ToLower(core)
		lowered = append(lowered, w)
		switch n {
		case 0:
			firstTok = tok
		case 1:
			secondTok = w
		case 2:
			thirdTok = w
		}
		n++
		r, _ := utf8.DecodeRuneInString(core)
		if hasLetter(core) {
			f.alpha++
			if unicode.IsUpper(r) {
				f.caps++
			}
		}
		if lx.stop[w]&lset != 0 {
			f.stop++
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
	if len(lowered) > 0 {
		last := lowered[len(lowered)-1]
		f.credit = !f.terminal && lx.credit[last] || strings.Contains(line, "©") ||
			creditPrefix(lowered[0])
	}
	if f.words <= maxChromeWords {
		f.chrome = chromeCoverage(lowered, lx)
	}
	low := strings.ToLower(line)
	for _, p := range chromeSentences {
		if strings.Contains(low, p) {
			f.chrome = f.words
			break
		}
	}
	f.dateline = f.words <= 12 && isDateline(lowered, lx)
	return f
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
	if tables().counterPre[strings.ToLower(strings.Trim(first, ":"))] && isDigits(second) && third == "of" {
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

func creditPrefix(first string) bool {
	switch first {
	case "photo", "photograph", "credit", "foto", "bild", "image", "pictured", "picture", "photos", "fotos":
		return true
	}
	return false
}

// chromeCoverage counts the words of a block covered by chrome phrases,
// matching the longest phrase first at each position.
func chromeCoverage(words []string, lx *lexicon) int {
	covered := 0
	for i := 0; i < len(words); {
		matched := 0
		for n := min(lx.maxPhrase, len(words)-i); n >= 1; n-- {
			if lx.chrome[strings.Join(words[i:i+n], " ")] {
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

func isDateline(words []string, lx *lexicon) bool {
	digits := 0
	for _, w := range words {
		switch {
		case w == "":
		case isDigits(strings.Trim(w, ":.,-/")) || isClock(w):
			digits++
		case lx.dateWords[w]:
		default:
			return false
		}
	}
	return digits > 0
}

func isClock(w string) bool {
	for _, r := range w {
		if !(r >= '0' && r <= '9' || r == ':' || r == '.' || r == '/' || r == '-') {
			return false
		}
	}
	return w != ""
}
