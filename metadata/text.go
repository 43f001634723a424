package metadata

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// clean returns s as valid UTF-8 with HTML entities decoded (pages often
// escape their meta contents and JSON strings twice), control characters
// dropped and white space collapsed, cut to at most limit bytes.
func clean(s string, limit int) string {
	if s == "" {
		return ""
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
	}
	if simple(s) && len(s) <= limit {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), limit))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			space = b.Len() > 0
			continue
		case r < 0x20, r >= 0x7f && r < 0xa0, r == '\u00ad':
			continue
		}
		n := utf8.RuneLen(r)
		if space {
			n++
		}
		if b.Len()+n > limit {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// simple reports whether s is ASCII without control characters, leading,
// trailing or doubled spaces: the common case, which clean returns as is.
func simple(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < 0x20 || ch >= 0x7f || (ch == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// fold returns the letters and digits of s in lower case: the form in
// which two texts are compared.
func fold(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b = append(b, byte(r))
		case 'A' <= r && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return string(b)
}

// same reports whether a and b are the same text, ignoring case,
// punctuation and spacing.
func same(a, b string) bool {
	fa := fold(a)
	return fa != "" && fa == fold(b)
}

// units measures the length of a text in words; in scripts written
// without spaces, two characters count as a word.
func units(s string) int {
	n := 0
	for f := range strings.FieldsSeq(s) {
		wide, letters := 0, 0
		for _, r := range f {
			switch {
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai):
				wide++
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				letters++
			}
		}
		switch {
		case wide > 0:
			n += (wide + 1) / 2
			if letters > 0 {
				n++
			}
		case letters > 0:
			n++
		}
	}
	return n
}

// primaryLang returns the primary language subtag of a language tag or
// a list of them ("en-US", "de_DE, en"), in lower case, or "" when it is
// not two or three letters.
func primaryLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return ""
		}
	}
	return strings.ToLower(s)
}

// maxURL bounds the URLs reported.
const maxURL = 2048

// baseURL returns the URL relative references of the page resolve
// against: its <base href> resolved against pageURL, else pageURL; nil
// when neither is an absolute http or https URL.
func baseURL(pageURL, baseHref string) *url.URL {
	var page *url.URL
	if u, err := url.Parse(strings.TrimSpace(pageURL)); err == nil && web(u) {
		page = u
	}
	if baseHref != "" {
		if b, err := url.Parse(baseHref); err == nil {
			if page != nil {
				b = page.ResolveReference(b)
			}
			if web(b) {
				return b
			}
		}
	}
	return page
}

func web(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// absURL returns ref resolved against base when it is or becomes an
// absolute http or https URL, and "" otherwise.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(clean(ref, maxURL+1))
	if ref == "" || len(ref) > maxURL {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !web(u) {
		return ""
	}
	s := u.String()
	if len(s) > maxURL || !utf8.ValidString(s) {
		return ""
	}
	return s
}

// hostNames returns the names a site goes by in its URL: the host without
// "www." ("lemonde.fr") and its labels but the last ("lemonde").
func hostNames(u string) []string {
	p, err := url.Parse(u)
	if err != nil || p.Hostname() == "" {
		return nil
	}
	h := strings.ToLower(p.Hostname())
	h = strings.TrimPrefix(h, "www.")
	names := []string{h}
	labels := strings.Split(h, ".")
	for _, l := range labels[:len(labels)-1] {
		switch l {
		case "www", "m", "co", "com", "org", "net", "ac", "gov", "edu":
			continue
		}
		if len(l) >= 2 {
			names = append(names, l)
		}
	}
	return names
}
