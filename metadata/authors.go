package metadata

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/segment"
)

// maxAuthorWords bounds the words of one name, and maxBylineItems the
// parts of a byline read from the body.
const (
	maxAuthorWords = 6
	maxBylineItems = 6
)

// nameSepWords and nameSepRunes split a byline into names. Words are
// matched with spaces around them, case-insensitively.
var (
	nameSepWords = [...]string{"and", "und", "et", "y", "&", "with", "mit", "avec", "con", "e", "en", "i",
		"og", "och", "ja", "és", "ve"}
	nameSepRunes = ",;|/·•()–—\n"
)

// namePrefixes are dropped from the start of a name. Those marked loose
// are dropped only when at least two words follow, since they also start
// surnames ("Di Maio", "Von Trier").
var namePrefixes = [...]struct {
	word  string
	loose bool
}{
	{"written by", false}, {"posted by", false}, {"reported by", false}, {"story by", false},
	{"words by", false}, {"text by", false}, {"article by", false}, {"published by", false},
	{"erstellt von", false}, {"eingestellt von", false}, {"geschrieben von", false}, {"verfasst von", false},
	{"ein beitrag von", false}, {"publié par", false}, {"écrit par", false}, {"escrito por", false},
	{"publicado por", false}, {"scritto da", false}, {"a cura di", false}, {"view all posts by", false},
	{"all posts by", false}, {"more articles by", false}, {"more posts by", false}, {"see all posts by", false},
	{"by", false}, {"von", true}, {"par", true}, {"por", true}, {"di", true},
	{"author", true}, {"autor", true}, {"autorin", true}, {"auteur", true}, {"with", true}, {"avec", true},
	{"mit", true}, {"con", true},
}

// roleWords are words of job titles and labels; a name made only of them
// is not a person's.
var roleWords = map[string]bool{
	"staff": true, "writer": true, "writers": true, "reporter": true, "reporters": true, "editor": true,
	"editors": true, "editorial": true, "team": true, "desk": true, "newsroom": true, "admin": true,
	"administrator": true, "redaktion": true, "correspondent": true, "contributor": true,
	"contributors": true, "guest": true, "web": true, "online": true, "news": true, "the": true,
	"senior": true, "associate": true, "special": true, "digital": true, "anonymous": true,
	"unknown": true, "user": true, "super": true, "publisher": true, "author": true, "autor": true,
	"redacción": true, "rédaction": true, "redazione": true, "agency": true, "agencies": true,
	"wire": true, "wires": true, "service": true, "services": true, "press": true, "release": true,
	"sponsored": true, "content": true, "partner": true, "by": true, "and": true, "of": true, "for": true,
	"our": true, "your": true, "all": true, "updated": true, "published": true, "posted": true,
	"share": true, "follow": true, "more": true, "read": true, "view": true, "profile": true,
	"posts": true, "articles": true, "email": true, "photo": true, "photos": true, "video": true,
	"illustration": true, "comments": true, "comment": true, "von": true, "par": true, "por": true,
	"di": true, "written": true, "reported": true, "eingestellt": true, "geschrieben": true,
	"verfasst": true, "erstellt": true, "autoren": true, "collectif": true, "chefredakteur": true, "chefredakteurin": true, "redakteur": true,
	"redakteurin": true, "phd": true, "md": true, "ma": true, "mba": true, "msc": true, "bsc": true,
	"rn": true, "mph": true, "rd": true, "rdn": true, "jd": true, "auteur": true, "autorin": true,
	"text": true, "texte": true, "anzeige": true, "werbung": true, "gesponserte": true, "gesponsert": true,
	"inhalte": true, "advertisement": true, "ad": true, "herausgeber": true, "herausgeberin": true,
}

// agencies are the news agencies whose name, standing alone in a byline,
// credits a wire story: the agency is then its author.
var agencies = map[string]bool{
	"afp": true, "dpa": true, "ap": true, "reuters": true, "apa": true, "efe": true, "ansa": true,
	"sda": true, "epd": true, "kna": true, "ddp": true, "upi": true, "sid": true, "kyodo": true,
	"xinhua": true, "tass": true, "anp": true, "belga": true, "pap": true, "ctk": true, "tt": true,
	"ntb": true, "ritzau": true, "stt": true, "lusa": true, "ats": true, "keystone-sda": true,
	"bloomberg": true, "aa": true, "yonhap": true, "pti": true, "ians": true, "ani": true,
}

// jobNouns end a job title ("Local Democracy Reporter", "Chief Political
// Correspondent"); a person's name seldom ends with one.
var jobNouns = map[string]bool{
	"reporter": true, "reporters": true, "correspondent": true, "correspondents": true, "editor": true,
	"editors": true, "writer": true, "writers": true, "columnist": true, "journalist": true,
	"journalists": true, "contributor": true, "producer": true, "analyst": true, "critic": true,
	"photographer": true, "intern": true, "korrespondent": true, "korrespondentin": true,
	"redakteur": true, "redakteurin": true, "redakteure": true, "correspondant": true, "correspondante": true,
	"journaliste": true, "corresponsal": true, "periodista": true, "redactor": true, "redactora": true,
}

// titleWords qualify a job noun in a job title written after a name
// without a comma ("Jane Doe Senior Political Reporter").
var titleWords = map[string]bool{
	"staff": true, "senior": true, "chief": true, "political": true, "politics": true, "sports": true,
	"business": true, "local": true, "democracy": true, "foreign": true, "national": true, "health": true,
	"science": true, "tech": true, "technology": true, "contributing": true, "managing": true,
	"executive": true, "deputy": true, "assistant": true, "associate": true, "special": true,
	"freelance": true, "investigative": true, "economics": true, "entertainment": true, "news": true,
	"digital": true, "features": true, "opinion": true, "travel": true, "legal": true, "crime": true,
	"education": true, "environment": true, "culture": true, "city": true, "state": true, "white": true,
	"house": true, "world": true, "markets": true, "finance": true, "style": true, "food": true,
	"arts": true, "music": true, "film": true, "weather": true, "social": true, "media": true,
	"general": true, "breaking": true, "video": true, "photo": true, "data": true, "graphics": true,
}

// dropJobTitle removes a job title that follows a name without a comma:
// the words at the end, ending with a job noun, that are all job nouns,
// role words or titleWords, when at least two words of the name remain
// before them.
func dropJobTitle(s string) string {
	words := strings.Fields(s)
	if len(words) < 3 || !jobNouns[strings.ToLower(strings.Trim(words[len(words)-1], nameTrim))] {
		return s
	}
	k := len(words) - 1
	for k > 0 {
		w := strings.ToLower(strings.Trim(words[k-1], nameTrim))
		if !jobNouns[w] && !roleWords[w] && !titleWords[w] {
			break
		}
		k--
	}
	if k < 2 {
		return s
	}
	return strings.Join(words[:k], " ")
}

// orgWords mark the name of a company or association, and staffWords a
// desk, also as part of a word ("TVT-Redaktion").
var (
	orgWords = map[string]bool{
		"gmbh": true, "ag": true, "kg": true, "e.v": true, "e.v.": true, "ev": true, "inc": true,
		"inc.": true, "ltd": true, "ltd.": true, "llc": true, "plc": true, "corp": true, "corp.": true,
		"s.a": true, "s.a.": true, "srl": true, "mbh": true, "ug": true, "co.": true,
	}
	staffWords = [...]string{"redaktion", "redaction", "rédaction", "redacción", "redazione", "newsroom",
		"editorial", "staff"}
)

// bodyStopWords start text that is not a name, in bylines read from the
// body.
var bodyStopWords = map[string]bool{
	"updated": true, "published": true, "posted": true, "photo": true, "photos": true, "follow": true,
	"share": true, "read": true, "more": true, "view": true, "see": true, "all": true, "about": true,
	"last": true, "on": true, "at": true, "in": true, "from": true, "the": true, "this": true,
	"image": true, "video": true, "source": true, "credit": true, "edited": true, "reviewed": true,
	"aktualisiert": true, "veröffentlicht": true, "publiziert": true, "erstellt": true, "geändert": true,
	"stand": true, "am": true, "um": true, "le": true, "mis": true, "publié": true, "actualizado": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true,
	"freitag": true, "samstag": true, "sonntag": true, "lundi": true, "mardi": true, "mercredi": true,
	"jeudi": true, "vendredi": true, "samedi": true, "dimanche": true, "afficher": true, "voir": true,
	"ver": true, "mehr": true, "alle": true, "zum": true, "zur": true,
}

// accountWords name the reader's own account page, which a link to an
// author's page looks like ("My Profile", "Sign in", "Mein Konto"): a
// byline read from the body with one of them is no name.
var accountWords = map[string]bool{
	"profile": true, "account": true, "login": true, "logout": true, "signin": true, "profil": true, "konto": true,
	"compte": true, "cuenta": true, "perfil": true,
}

// isMonth reports whether the lower-case word w names a month, abbreviated
// or in full, in English, German, French, Spanish or Italian.
func isMonth(w string) bool {
	switch w {
	case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"january", "february", "march", "april", "june", "july", "august", "september", "october",
		"november", "december", "januar", "februar", "märz", "mär", "mai", "juni", "juli", "okt",
		"oktober", "dez", "dezember", "janv", "janvier", "févr", "février", "mars", "avr", "avril",
		"juin", "juil", "juillet", "août", "septembre", "octobre", "novembre", "déc", "décembre", "ene",
		"enero", "febrero", "marzo", "abr", "abril", "mayo", "junio", "julio", "ago", "agosto",
		"septiembre", "octubre", "noviembre", "dic", "diciembre", "gennaio", "febbraio", "aprile",
		"maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre":
		return true
	}
	return false
}

// cleanNames splits a byline into person names and appends them to dst.
// strict applies to text read from the body, where bylines also hold
// dates, labels and links: names must then start with a letter, not
// start with a word such as "Updated" or "Posted", hold no digits and
// four words at most, and the byline at most maxBylineItems parts.
func cleanNames(raw string, n siteNamer, strict bool, dst []string) []string {
	raw = clean(strings.ReplaceAll(raw, "\n", " ; "), 1024)
	if n.is(stripNamePrefix(raw)) {
		return dst
	}
	if i := strings.IndexByte(raw, ','); i > 0 && n.is(stripNamePrefix(raw[:i])) {
		return dst // the site's name and address
	}
	if strings.Contains(raw, "©") || containsFold(raw, "copyright") {
		return dst
	}
	if !strict {
		raw = unInvert(raw)
	}
	items := splitNames(dropLinks(dropLinkParens(raw)))
	for _, item := range items {
		for w := range strings.FieldsSeq(item) {
			if orgWords[strings.ToLower(w)] {
				return dst // a company's name and address
			}
		}
	}
	if strict {
		parts := 0
		for _, item := range items {
			if strings.Trim(item, nameTrim) != "" {
				parts++
			}
		}
		if parts > maxBylineItems {
			return dst // a list of links or tags, not a byline
		}
	}
	for _, item := range items {
		if len(dst) >= MaxAuthors {
			break
		}
		if strings.HasSuffix(strings.TrimSpace(item), ":") {
			continue // a label: "Datum:", "Fotos:"
		}
		name := dropJobTitle(normalizeName(item))
		if name == "" || !isName(name, n, strict) {
			continue
		}
		dup := false
		for _, d := range dst {
			if strings.EqualFold(d, name) {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, name)
		}
	}
	return dst
}

// unInvert turns a name given surname first, as catalogues give it
// ("Gillman, Steve"), into the order a byline gives it ("Steve
// Gillman"): a value of two capitalised words split by one comma. Two
// authors named by their surnames alone are rare in a page's author
// metadata; a person's name written inverted is common there.
func unInvert(s string) string {
	last, first, ok := strings.Cut(s, ",")
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	if !ok || !oneCapitalisedWord(last) || !oneCapitalisedWord(first) {
		return s
	}
	return first + " " + last
}

// oneCapitalisedWord reports whether s is one word of letters (and
// inner hyphens or apostrophes) starting with a capital and going on in
// lower case, and no news agency's name ("Reuters, AFP" is two credits).
func oneCapitalisedWord(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) || agencies[strings.ToLower(s)] {
		return false
	}
	lower := false
	for _, r := range s[n:] {
		switch {
		case unicode.IsLower(r):
			lower = true
		case !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’':
			return false
		}
	}
	return lower
}

// splitNames splits s on nameSepRunes and on nameSepWords between spaces.
func splitNames(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if strings.ContainsRune(nameSepRunes, r) {
			out = append(out, s[start:i])
			i += size
			start = i
			continue
		}
		if r == ' ' && i+2 < len(s) && s[i+2] == ' ' && (s[i+1] == '-') {
			// A spaced hyphen separates; one inside a name does not.
			out = append(out, s[start:i])
			i += 3
			start = i
			continue
		}
		if r == ' ' {
			matched := false
			for _, w := range nameSepWords {
				e := i + 1 + len(w)
				// One-letter words ("e", "i") separate only in lower case:
				// an upper-case one is an initial.
				if e < len(s) && s[e] == ' ' && (s[i+1:e] == w || len(w) > 1 && strings.EqualFold(s[i+1:e], w)) {
					out = append(out, s[start:i])
					i = e + 1
					start = i
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		i += size
	}
	return append(out, s[start:])
}

// dropLinkParens removes parenthesized URLs, e-mail addresses and
// initials: "Jane Doe (jane@example.com)", "Jane Doe (jd)", the short
// lower-case sign-off many newspapers give beside a name.
func dropLinkParens(s string) string {
	from := 0
	for range 2 * MaxAuthors {
		i := strings.IndexByte(s[from:], '(')
		if i < 0 {
			return s
		}
		i += from
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return s
		}
		inner := s[i : i+j+1]
		if !strings.Contains(inner, "@") && !strings.Contains(inner, "://") && !strings.Contains(inner, "www.") &&
			!isInitials(inner[1:len(inner)-1]) {
			from = i + j + 1
			continue
		}
		s = strings.TrimSpace(s[:i]) + " " + strings.TrimSpace(s[i+j+1:])
		from = i
	}
	return s
}

// isInitials reports whether s is a short sign-off of lower-case letters:
// "obe", "jd.", "cog.".
func isInitials(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if n := utf8.RuneCountInString(s); n < 2 || n > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// dropLinks removes the words of s that are URLs.
func dropLinks(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(s, "www.") {
		return s
	}
	var kept []string
	for f := range strings.FieldsSeq(s) {
		if !strings.Contains(f, "://") && !strings.HasPrefix(strings.ToLower(f), "www.") {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

const nameTrim = " \t,.;:|-–—·•*()[]{}\"'“”„«»‹›/\\"

// stripNamePrefix removes "By" and its kin from the start of s.
func stripNamePrefix(s string) string {
	s = strings.Trim(s, nameTrim)
	for _, p := range namePrefixes {
		if len(s) <= len(p.word) || !strings.EqualFold(s[:len(p.word)], p.word) {
			continue
		}
		rest := s[len(p.word):]
		if !strings.HasSuffix(p.word, ":") {
			if rest[0] != ' ' && rest[0] != ':' {
				continue
			}
		}
		rest = strings.Trim(rest, nameTrim)
		if p.loose && len(strings.Fields(rest)) < 2 {
			continue
		}
		return rest
	}
	return s
}

// normalizeName trims a name and removes a leading "By", or a one-word
// label before a colon ("Interview: Jane Doe").
func normalizeName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], " \t") && strings.TrimSpace(s[i+1:]) != "" {
		s = s[i+1:]
	}
	s = stripNamePrefix(s)
	s = strings.Trim(s, nameTrim)
	return segment.NormalizeSpace(s)
}

// isName reports whether s can be a person's name.
func isName(s string, n siteNamer, strict bool) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxAuthorWords {
		return false
	}
	if strings.Contains(s, "@") || strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") {
		return false
	}
	if len(words) == 1 && looksLikeDomain(s) {
		return false
	}
	if looksLikeDate(s) {
		return false
	}
	letters, digits, roles := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	if letters < 2 {
		return false // no letters, or an initial alone
	}
	if len(words) == 1 && agencies[strings.ToLower(strings.Trim(s, nameTrim))] {
		return true
	}
	if newsroomLabel(s) {
		return false
	}
	for _, w := range words {
		if roleWords[strings.Trim(strings.ToLower(w), nameTrim)] {
			roles++
		}
	}
	if roles == len(words) || jobNouns[strings.Trim(strings.ToLower(words[len(words)-1]), nameTrim)] ||
		jobNouns[strings.Trim(strings.ToLower(words[0]), nameTrim)] {
		return false
	}
	if n.is(s) {
		return false
	}
	if strict {
		if digits > 0 || bodyStopWords[strings.ToLower(words[0])] {
			return false
		}
		for i, w := range words {
			lw := strings.ToLower(w)
			if accountWords[lw] || i > 0 && lw == "in" && (strings.EqualFold(words[i-1], "sign") || strings.EqualFold(words[i-1], "log")) {
				return false
			}
		}
		first, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsLetter(first) {
			return false
		}
		if len(words) > 4 {
			return false
		}
	}
	return true
}

// looksLikeDomain reports whether the word s is a host name ("tmz.com").
func looksLikeDomain(s string) bool {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || len(s)-i-1 < 2 || len(s)-i-1 > 6 {
		return false
	}
	for _, r := range s[i+1:] {
		if r < 'a' || r > 'z' {
			if r < 'A' || r > 'Z' {
				return false
			}
		}
	}
	return true
}

// looksLikeDate reports whether s holds a date or time: a four-digit
// year, digits separated by a date or time separator, or a month name
// next to a number.
func looksLikeDate(s string) bool {
	run, prevDigit := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			run++
			if run >= 4 {
				return true
			}
			prevDigit = true
			continue
		}
		run = 0
		if prevDigit && (c == '/' || c == '.' || c == ':' || c == '-') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
		prevDigit = false
	}
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if isMonth(strings.Trim(w, nameTrim)) {
			return true
		}
	}
	return false
}

// declaredName returns the author name a page declares in v, cleaned but
// not required to be a person's, or "" when v is no name (a link, an
// e-mail address, a date, a copyright notice, a number, or longer than
// maxAuthorWords words) or, with label, no newsroom's label.
func declaredName(v string, label bool) string {
	s := clean(v, maxCaptureText)
	if strings.Contains(s, "©") || containsFold(s, "copyright") {
		return ""
	}
	s = normalizeName(dropLinks(dropLinkParens(s)))
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > maxAuthorWords || strings.Contains(s, "@") || looksLikeDate(s) ||
		strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return ""
	}
	if label && !newsroomLabel(s) {
		return ""
	}
	return s
}

// newsroomLabel reports whether s names a newsroom by one of staffWords.
func newsroomLabel(s string) bool {
	ls := strings.ToLower(s)
	for _, st := range staffWords {
		if strings.Contains(ls, st) {
			return true
		}
	}
	return false
}
