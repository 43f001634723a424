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

// TestCleanDates checks that Clean records the signal the page's date
// came from, the modification date and the keywords, and leaves an
// input's own date and its empty source alone.
func TestCleanDates(t *testing.T) {
	const body = "<p>The city council approved the new budget on Tuesday after a long debate about how the schools are paid for.</p>" +
		"<p>The opposition said the money for buses and trams had been cut once more, and the mayor promised a review next year.</p>"
	page := []byte(`<html><head><title>Budget approved</title>
<meta name="keywords" content="budget, council">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget approved","datePublished":"2024-05-06T10:00:00+02:00","dateModified":"2024-05-07T08:00:00+02:00"}</script>
</head><body><article><h1>Budget approved</h1>` + body + `</article></body></html>`)
	for _, tt := range []struct {
		name, inputDate        string
		date, source, modified string
	}{
		{"from the page", "", "2024-05-06T10:00:00+02:00", "json-ld", "2024-05-07T08:00:00+02:00"},
		{"from the input", "2024-05-01", "2024-05-01", "", "2024-05-07T08:00:00+02:00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := &copydesk.Document{HTML: page, URL: "https://news.example/budget", Date: tt.inputDate}
			if err := Clean(CleanOptions{MinWords: -1})(d); err != nil {
				t.Fatal(err)
			}
			if d.Date != tt.date || d.DateSource != tt.source || d.Modified != tt.modified {
				t.Errorf("date %q from %q, modified %q; want %q from %q, modified %q", d.Date, d.DateSource, d.Modified, tt.date, tt.source, tt.modified)
			}
			if len(d.Keywords) != 2 || d.Keywords[0] != "budget" {
				t.Errorf("keywords %q", d.Keywords)
			}
		})
	}
}
