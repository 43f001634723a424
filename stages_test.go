package copydesk

import "testing"

// TestCleanLang checks that the language of a kept article is judged from
// its text, with the input's or the page's own as a hint only.
func TestCleanLang(t *testing.T) {
	const de = "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Finanzierung der Schulen den neuen Haushalt beschlossen. " +
		"Die Opposition kritisierte, dass die Mittel für den Nahverkehr erneut gekürzt wurden."
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"text", Document{Text: de}, "de"},
		{"text, wrong input lang", Document{Text: de, Lang: "en"}, "de"},
		{"html, page says en", Document{HTML: []byte(`<html lang="en"><body><article><h1>Haushalt</h1><p>` + de + `</p></article></body></html>`)}, "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.doc
			if err := Clean(CleanOptions{})(&d); err != nil {
				t.Fatal(err)
			}
			if d.Lang != tt.want || d.LangScore <= 0.5 || d.LangScore > 1 {
				t.Errorf("Lang %q, LangScore %.2f; want %q with a score in (0.5, 1]", d.Lang, d.LangScore, tt.want)
			}
		})
	}
}
