package summarize

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/segment"
)

// budgetArticle is a short news article with a headline and a byline
// before its first sentence.
var budgetArticle = []string{
	"City council approves new budget",
	"By Jane Smith, City Reporter",
	"The city council approved a new budget on Tuesday that raises spending on schools and parks by ten percent, officials said.",
	"The mayor said the plan would be paid for by savings elsewhere. Critics said it was not enough.",
	"The budget takes effect in July.",
}

// germanArticle has an abbreviation ("z. B.") and an ordinal ("3.") that
// the English rules take for sentence ends.
var germanArticle = []string{
	"Stadtrat beschließt neuen Haushalt",
	"Von Anna Schmidt",
	"Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Ausgaben für Schulen steigen z. B. um zehn Prozent.",
	"Am 3. Oktober soll der Plan in Kraft treten. Die Opposition kritisierte das Vorhaben scharf.",
}

func TestUsableDescription(t *testing.T) {
	const about = "The city council approved a new budget on Tuesday that raises spending on schools and parks."
	for _, tc := range []struct {
		name        string
		description string
		paragraphs  []string
		lang        string
		want        bool
	}{
		{"prose about the article", about, budgetArticle, "", true},
		{"surrounding space", "  " + about + "\n", budgetArticle, "", true},
		{"closing quote after period", `The mayor said the budget "raises spending on schools and parks by ten percent."`, budgetArticle, "", true},
		{"no article to compare", about, nil, "", true},
		{"empty", "", budgetArticle, "", false},
		{"blank", " \n\t", budgetArticle, "", false},
		{"ellipsis character", strings.TrimSuffix(about, ".") + "…", budgetArticle, "", false},
		{"three periods", strings.TrimSuffix(about, ".") + "...", budgetArticle, "", false},
		{"bracketed ellipsis", strings.TrimSuffix(about, ".") + " […]", budgetArticle, "", false},
		{"bracketed periods", strings.TrimSuffix(about, ".") + " [...]", budgetArticle, "", false},
		{"ellipsis inside quote", `The mayor said the budget "raises spending on schools and parks by ten…"`, budgetArticle, "", false},
		{"cut at a word", "The city council approved a new budget on Tuesday that raises spending on schools and parks by ten percent after a long debate in which the mayor and", budgetArticle, "", false},
		{"site boilerplate", "Read the latest news, sport and weather from Example News.", budgetArticle, "", false},
		{"long site boilerplate", "Read the latest news, sport and weather from Example News, with breaking stories, analysis and comment from our reporters around the world.", budgetArticle, "", false},
		{"not prose", "Budget, council, schools, parks, Tuesday.", budgetArticle, "", false},
		{"too short to judge", "Budget approved.", budgetArticle, "", false},
		{"german", "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der mehr Geld für die Schulen vorsieht.", germanArticle, "de", true},
		{"german boilerplate", "Aktuelle Nachrichten aus Politik, Wirtschaft, Kultur und Sport finden Sie immer bei Beispiel Online.", germanArticle, "de", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := UsableDescription(tc.description, tc.paragraphs, tc.lang); got != tc.want {
				t.Errorf("UsableDescription(%q) = %v, want %v", tc.description, got, tc.want)
			}
		})
	}
}

func TestLead(t *testing.T) {
	long := "This opening sentence is deliberately much longer than the tiny word budget that the test gives it."
	for _, tc := range []struct {
		name       string
		paragraphs []string
		opts       Options
		want       string
	}{
		{
			name:       "default budget takes every sentence that fits",
			paragraphs: budgetArticle,
			want:       "The city council approved a new budget on Tuesday that raises spending on schools and parks by ten percent, officials said. The mayor said the plan would be paid for by savings elsewhere. Critics said it was not enough. The budget takes effect in July.",
		},
		{
			name:       "whole sentences within the budget",
			paragraphs: budgetArticle,
			opts:       Options{MaxWords: 35},
			want:       "The city council approved a new budget on Tuesday that raises spending on schools and parks by ten percent, officials said. The mayor said the plan would be paid for by savings elsewhere.",
		},
		{
			name:       "first sentence over the budget",
			paragraphs: []string{long, "A second sentence."},
			opts:       Options{MaxWords: 5},
			want:       long,
		},
		{
			name:       "stops at the first sentence that does not fit",
			paragraphs: []string{"One two three.", long, "Four five."},
			opts:       Options{MaxWords: 10},
			want:       "One two three.",
		},
		{
			name:       "negative budget means default",
			paragraphs: []string{"One two three. Four five six."},
			opts:       Options{MaxWords: -1},
			want:       "One two three. Four five six.",
		},
		{
			name:       "headline and byline skipped",
			paragraphs: []string{"Fire closes harbour bridge", "By Ann Lee", "Updated 10:42 GMT", "A fire closed the harbour bridge on Monday."},
			want:       "A fire closed the harbour bridge on Monday.",
		},
		{
			name:       "sentence ending in a quote is prose",
			paragraphs: []string{"Quote of the day", `"We will rebuild," the mayor said.`, "More text."},
			want:       `"We will rebuild," the mayor said. More text.`,
		},
		{
			name:       "no paragraph ends like a sentence",
			paragraphs: []string{"Breaking news", "Storm warning for the coast"},
			want:       "Breaking news Storm warning for the coast",
		},
		{
			name:       "punctuation-only paragraph is not prose",
			paragraphs: []string{"Storm warning", "...", "-- ."},
			want:       "Storm warning",
		},
		{
			name:       "white space normalized",
			paragraphs: []string{"The storm\u00a0hit   the coast \non Monday.  It moved north."},
			opts:       Options{MaxWords: 6},
			want:       "The storm hit the coast on Monday.",
		},
		{
			name:       "german rules",
			paragraphs: germanArticle,
			opts:       Options{Lang: "de", MaxWords: 25},
			want:       "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Ausgaben für Schulen steigen z. B. um zehn Prozent.",
		},
		{
			name:       "english rules split the german ordinal",
			paragraphs: germanArticle,
			opts:       Options{Lang: "en", MaxWords: 25},
			want:       "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Ausgaben für Schulen steigen z. B. um zehn Prozent. Am 3.",
		},
		{
			name:       "japanese headline skipped",
			paragraphs: []string{"東京で大雪", "東京で大雪が降った。電車が止まった。"},
			opts:       Options{Lang: "ja"},
			want:       "東京で大雪が降った。電車が止まった。",
		},
		{
			name:       "heading ending in an ellipsis skipped",
			paragraphs: []string{"And then there was light...", "Power returned to the city on Friday."},
			want:       "Power returned to the city on Friday.",
		},
		{name: "nil", paragraphs: nil, want: ""},
		{name: "blank paragraphs", paragraphs: []string{"", " \n "}, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lead(tc.paragraphs, tc.opts); got != tc.want {
				t.Errorf("Lead =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	const about = "The city council approved a new budget on Tuesday that raises spending on schools and parks."
	const lead35 = "The city council approved a new budget on Tuesday that raises spending on schools and parks by ten percent, officials said. The mayor said the plan would be paid for by savings elsewhere."
	for _, tc := range []struct {
		name        string
		paragraphs  []string
		description string
		opts        Options
		want        Summary
	}{
		{"description", budgetArticle, about, Options{}, Summary{about, MethodDescription}},
		{"description space normalized", budgetArticle, " The city council\u00a0approved a new budget on Tuesday that raises\n spending on schools and parks. ", Options{}, Summary{about, MethodDescription}},
		{"no description", budgetArticle, "", Options{MaxWords: 35}, Summary{lead35, MethodLead}},
		{"truncated description", budgetArticle, strings.TrimSuffix(about, ".") + "…", Options{MaxWords: 35}, Summary{lead35, MethodLead}},
		{"boilerplate description", budgetArticle, "Read the latest news, sport and weather from Example News.", Options{MaxWords: 35}, Summary{lead35, MethodLead}},
		{"description ignored", budgetArticle, about, Options{MaxWords: 35, IgnoreDescription: true}, Summary{lead35, MethodLead}},
		{
			"german description", germanArticle,
			"Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der mehr Geld für die Schulen vorsieht.",
			Options{Lang: "de"},
			Summary{"Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen, der mehr Geld für die Schulen vorsieht.", MethodDescription},
		},
		{
			"german lead", germanArticle, "Aktuelle Nachrichten aus Politik, Wirtschaft, Kultur und Sport finden Sie immer bei Beispiel Online.",
			Options{Lang: "de", MaxWords: 25},
			Summary{"Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Ausgaben für Schulen steigen z. B. um zehn Prozent.", MethodLead},
		},
		{"only a description", nil, about, Options{}, Summary{about, MethodDescription}},
		{"nothing", nil, "", Options{}, Summary{}},
		{"nothing but a bad description", []string{" "}, "Read more...", Options{}, Summary{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarize(tc.paragraphs, tc.description, tc.opts); got != tc.want {
				t.Errorf("Summarize =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func ExampleSummarize() {
	article := []string{
		"Harbour bridge reopens",
		"By Ann Lee",
		"The harbour bridge reopened to traffic on Monday after three weeks of repairs. Engineers replaced two damaged cables.",
		"Tolls will stay suspended until the end of the month.",
	}

	// A site-wide description is not about the article: the lead is used.
	s := Summarize(article, "Read the latest news, sport and weather from Example News.", Options{MaxWords: 20})
	fmt.Printf("%s: %s\n", s.Method, s.Text)

	// The publisher's own summary of the article wins.
	s = Summarize(article, "The harbour bridge reopened on Monday after three weeks of repairs to its damaged cables.", Options{})
	fmt.Printf("%s: %s\n", s.Method, s.Text)
	// Output:
	// lead: The harbour bridge reopened to traffic on Monday after three weeks of repairs. Engineers replaced two damaged cables.
	// description: The harbour bridge reopened on Monday after three weeks of repairs to its damaged cables.
}

func FuzzLead(f *testing.F) {
	f.Add("Headline\nBy A. Writer\nFirst sentence here. Second one follows! Third?", 5, "en")
	f.Add("Der Plan gilt z. B. ab dem 3. Oktober. Die Stadt zahlt.", 3, "de")
	f.Add("...\n-- .\n\u00a0\n", 0, "")
	f.Add("one two three four five six seven. eight", 2, "fr")
	f.Add("« Oui », dit-il. Puis il partit…", -4, "fr")
	f.Add("東京で大雪\n東京で大雪が降った。電車が止まった。", 1, "ja")
	f.Add("", 60, "en")
	f.Fuzz(func(t *testing.T, text string, budget int, lang string) {
		paragraphs := strings.Split(text, "\n")
		opts := Options{MaxWords: budget, Lang: lang}
		got := Lead(paragraphs, opts)
		hasWord := strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
		if got == "" {
			if hasWord {
				t.Fatalf("Lead(%q) = \"\" for text with words", paragraphs)
			}
			return
		}
		if !hasWord {
			t.Fatalf("Lead(%q) = %q for text without words", paragraphs, got)
		}
		if got != segment.NormalizeSpace(got) {
			t.Errorf("Lead = %q, not space-normalized", got)
		}
		if n := len(strings.Fields(got)); n > opts.maxWords() && !isSentenceOf(got, paragraphs, lang) {
			t.Errorf("Lead = %q: %d words over budget %d, and not a single sentence", got, n, opts.maxWords())
		}
	})
}

// isSentenceOf reports whether s is one of the sentences of paragraphs.
func isSentenceOf(s string, paragraphs []string, lang string) bool {
	seg := segment.New(lang)
	for _, p := range paragraphs {
		for _, sent := range seg.Sentences(p) {
			if segment.NormalizeSpace(sent) == s {
				return true
			}
		}
	}
	return false
}

// usableReference is UsableDescription's word test written plainly: a
// set of the article's content words, and the description's counted
// against it.
func usableReference(d string, paragraphs []string) bool {
	words := func(s string) []string {
		var out []string
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(f)) >= 4 {
				out = append(out, strings.ToLower(f))
			}
		}
		return out
	}
	article := map[string]bool{}
	for _, p := range paragraphs {
		for _, w := range words(p) {
			article[w] = true
		}
	}
	desc := words(d)
	found := 0
	for _, w := range desc {
		if article[w] {
			found++
		}
	}
	return len(desc) > 0 && 2*found >= len(desc)
}

// FuzzUsableDescription checks the word test against usableReference, on
// descriptions that pass the prose test (the fuzzer's text is appended to
// one).
func FuzzUsableDescription(f *testing.F) {
	f.Add("Budget Approved by the COUNCIL on Tuesday", "The city council approved a new budget on Tuesday.")
	f.Add("Ärger über Straßenbahn", "Der ÄRGER über die STRASSENBAHN wächst; Straßenbahn fährt.")
	f.Add("x", "\xff\xfeword\xc3 wörd")
	f.Fuzz(func(t *testing.T, desc, text string) {
		d := "The council said on Tuesday that the new plan would be paid for by savings. " + desc + "."
		paragraphs := strings.Split(text, "\n")
		if !boiler.IsProse(strings.TrimSpace(d), "en") || !endsSentence(strings.TrimSpace(d)) {
			return
		}
		if got, want := UsableDescription(d, paragraphs, "en"), usableReference(strings.TrimSpace(d), paragraphs); got != want {
			t.Fatalf("UsableDescription(%q, %q) = %v, the plain test gives %v", d, paragraphs, got, want)
		}
	})
}
