package lang

import (
	"unicode"
	"unicode/utf8"
)

// script is a writing system Detect counts letters of.
type script uint8

const (
	noScript script = iota
	latin
	cyrillic
	greek
	arabic
	hebrew
	devanagari
	han
	kana // Hiragana and Katakana
	hangul
	thai
	armenian
	georgian
	ethiopic
	bengali
	gurmukhi
	gujarati
	oriya
	tamil
	telugu
	kannada
	malayalam
	sinhala
	myanmar
	khmer
	lao
	tibetan
	thaana
	numScripts
)

// scriptTables are the Unicode tables of the scripts, by script.
var scriptTables = [numScripts]*unicode.RangeTable{
	latin: unicode.Latin, cyrillic: unicode.Cyrillic, greek: unicode.Greek,
	arabic: unicode.Arabic, hebrew: unicode.Hebrew, devanagari: unicode.Devanagari,
	han: unicode.Han, hangul: unicode.Hangul, thai: unicode.Thai,
	armenian: unicode.Armenian, georgian: unicode.Georgian, ethiopic: unicode.Ethiopic,
	bengali: unicode.Bengali, gurmukhi: unicode.Gurmukhi, gujarati: unicode.Gujarati,
	oriya: unicode.Oriya, tamil: unicode.Tamil, telugu: unicode.Telugu,
	kannada: unicode.Kannada, malayalam: unicode.Malayalam, sinhala: unicode.Sinhala,
	myanmar: unicode.Myanmar, khmer: unicode.Khmer, lao: unicode.Lao,
	tibetan: unicode.Tibetan, thaana: unicode.Thaana,
}

// scriptNames maps the Unicode script names the model file uses to
// scripts.
var scriptNames = map[string]script{
	"Latin": latin, "Cyrillic": cyrillic, "Greek": greek, "Arabic": arabic,
	"Hebrew": hebrew, "Devanagari": devanagari, "Han": han, "Hiragana": kana,
	"Katakana": kana, "Hangul": hangul, "Thai": thai, "Armenian": armenian,
	"Georgian": georgian, "Ethiopic": ethiopic, "Bengali": bengali,
	"Gurmukhi": gurmukhi, "Gujarati": gujarati, "Oriya": oriya, "Tamil": tamil,
	"Telugu": telugu, "Kannada": kannada, "Malayalam": malayalam,
	"Sinhala": sinhala, "Myanmar": myanmar, "Khmer": khmer, "Lao": lao,
	"Tibetan": tibetan, "Thaana": thaana,
}

// scriptLangs names the language of each script that one language
// writes, in news at least; the others are left to the model. (Ethiopic
// is also Tigrinya's, Myanmar also Shan's, Bengali also Assamese's: the
// larger language is named.)
var scriptLangs = [numScripts]string{
	greek: "el", hebrew: "he", hangul: "ko", thai: "th", armenian: "hy",
	georgian: "ka", ethiopic: "am", bengali: "bn", gurmukhi: "pa",
	gujarati: "gu", oriya: "or", tamil: "ta", telugu: "te", kannada: "kn",
	malayalam: "ml", sinhala: "si", myanmar: "my", khmer: "km", lao: "lo",
	tibetan: "bo", thaana: "dv",
}

// scriptOf returns the script of a letter, or noScript for anything
// else (digits, punctuation, symbols, combining marks, letters of other
// scripts).
func scriptOf(r rune) script {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return latin
		}
		return noScript
	}
	if !unicode.IsLetter(r) {
		return noScript
	}
	if r <= 0x24F {
		return latin
	}
	if r >= 0x3040 && r <= 0x30FF || r >= 0x31F0 && r <= 0x31FF || r >= 0xFF66 && r <= 0xFF9D {
		return kana
	}
	for s := latin; s < numScripts; s++ {
		if t := scriptTables[s]; t != nil && unicode.Is(t, r) {
			return s
		}
	}
	return noScript
}
