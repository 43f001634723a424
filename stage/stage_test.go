package stage

import (
	"testing"

	"github.com/copydesk/copydesk"
)

// TestCleanLang checks that the language of a kept article is judged from
// its text, with the input's or the page's own as a hint only.
func TestCleanLang(t *testing.T) {
	const de = "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Finanzierung der Schulen den neuen Haushalt beschlossen. " +
		"Die Opposition kritisierte, dass die Mittel für den Nahverkehr erneut gekürzt wurden."
	const is = "Borgarstjórn samþykkti á þriðjudag nýja fjárhagsáætlun eftir langar umræður um fjármögnun skólanna í borginni. " +
		"Minnihlutinn gagnrýndi að framlög til almenningssamgangna hefðu enn verið skorin niður."
	const af = "Die stadsraad het Dinsdag ná 'n lang debat oor die befondsing van skole die nuwe begroting goedgekeur. " +
		"Die opposisie het gekla dat die geld vir openbare vervoer weer besnoei is."
	const ja = "市議会は火曜日、学校の財源をめぐる長い議論の末に新しい予算を承認した。野党は公共交通への予算が再び削られたと批判した。" +
		"市長は来年度に見直すと述べた。"
	page := func(lang, text string) []byte {
		return []byte(`<html lang="` + lang + `"><body><article><h1>Haushalt</h1><p>` + text + `</p></article></body></html>`)
	}
	tests := []struct {
		name string
		doc  copydesk.Document
		want string
	}{
		{"text", copydesk.Document{Text: de}, "de"},
		{"icelandic, page says en", copydesk.Document{HTML: page("en", is)}, "is"},
		{"afrikaans, page says en", copydesk.Document{HTML: page("en", af)}, "af"},
		{"japanese, no page language", copydesk.Document{HTML: page("", ja)}, "ja"},
		{"text, wrong input lang", copydesk.Document{Text: de, Lang: "en"}, "de"},
		{"html, page says en", copydesk.Document{HTML: page("en", de)}, "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.doc
			if err := Clean(CleanOptions{MinWords: -1})(&d); err != nil {
				t.Fatal(err)
			}
			if d.Lang != tt.want || d.LangScore <= 0.5 || d.LangScore > 1 {
				t.Errorf("Lang %q, LangScore %.2f; want %q with a score in (0.5, 1]", d.Lang, d.LangScore, tt.want)
			}
		})
	}
}
