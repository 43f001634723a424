package boiler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/segment"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name, block string
		class       Class
		reason      string
	}{
		{"prose", "The council said on Monday that the new bridge would open to traffic next spring after years of delay.", Good, ""},
		{"german prose", "Der Wochenmarkt zieht im Mai vom Bahnhofsvorplatz auf den Rathausplatz um, wie die Stadtverwaltung am Montag mitteilte.", Good, ""},
		{"gallery counter", "3/20 9 April 2017 A crowd gathers outside the town hall as the results are announced Getty Images", Bad, ReasonCounter},
		{"photo of", "Photo 2 of 9: Fans celebrate in the main square", Bad, ReasonCounter},
		{"credit", "The minister arrives at the summit in Brussels on Thursday morning Reuters", Bad, ReasonCredit},
		{"credit line", "Photo courtesy of the city archive.", Bad, ReasonCredit},
		{"photos sentence", "Photos of the flooded square spread quickly on social media as residents waded through the water.", Good, ""},
		{"share", "Share this article", Bad, ReasonChrome},
		{"read more, Polish", "Czytaj więcej", Bad, ReasonChrome},
		{"live blog stamp", "21:00Jane Doe-Smith", Bad, ReasonDateline},
		{"live blog stamp, label", "20:42 KEY EVENT", Bad, ReasonDateline},
		{"live blog stamp, am", "9.45am Jane Doe", Bad, ReasonDateline},
		{"a time in a sentence is no stamp", "14:30 the council meets again", Short, ""},
		{"a figure is no stamp", "12.5 Prozent Zinsen", Short, ""},
		{"related box label", "Related Posts", Bad, ReasonChrome},
		{"related box label, German", "Das könnte Sie auch interessieren", Bad, ReasonChrome},
		{"read also, Swedish", "Läs också", Bad, ReasonChrome},
		{"comments, Turkish", "Yorumlar", Bad, ReasonChrome},
		{"newsletter pitch", "Sign up for our free daily newsletter and get the best stories delivered to your inbox every morning.", Bad, ReasonChrome},
		{"prose about sign-ups", "When you sign up for the service, it asks for your list of contacts so that it can find your friends, and it keeps that list long after you have forgotten giving it away, which is why the regulator now wants the company to ask again every year and to delete what it no longer needs.", NearGood, ""},
		{"registration prompt", "Create an account or sign in to keep reading the stories you follow every day.", Bad, ReasonChrome},
		{"embed consent", "This post shows external content from a video platform; load it with one click.", Bad, ReasonChrome},
		{"embed consent, German", "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird. Damit können personenbezogene Daten an Drittplattformen übermittelt werden.", Bad, ReasonChrome},
		{"cookie notice", "We use cookies to improve your experience on our site and to show you relevant advertising. By continuing to browse you agree.", Bad, ReasonChrome},
		{"consent by clicking", "By clicking Submit, you agree to receive marketing emails from us and our partners about offers.", Bad, ReasonChrome},
		{"consent to processing", "By clicking the button below, you consent to the processing of your personal data by the publisher.", Bad, ReasonChrome},
		{"support request, German", "Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende, oder werden Sie Mitglied.", Bad, ReasonChrome},
		{"paywall prompt, Japanese", "この記事は会員限定です。紙の新聞の定期購読者の方は、無料で会員登録できます。", Bad, ReasonChrome},
		{"reproduction notice, Chinese", "本网站所有内容版权所有，未经授权不得转载。", Bad, ReasonChrome},
		{"affiliate disclosure", "If you buy something using links in our stories, we may earn a commission. This helps support our journalism.", Bad, ReasonChrome},
		{"machine translation note, German", "Dies ist eine maschinelle Übersetzung eines Artikels unserer US-Kollegen. Er wurde von einem Redakteur geprüft.", Bad, ReasonChrome},
		{"video teaser", "Nach dem Angriff wurden auf dem Gipfel in Brüssel schärfere Sanktionen gegen den Iran beschlossen. 18.04.2024 | 0:21 min", Bad, ReasonChrome},
		{"prose on machine translation", "Die maschinelle Übersetzung hat sich in den vergangenen Jahren stark verbessert, sagen Forscher.", Good, ""},
		{"prose on affiliate links", "Google said it would demote sites that hide affiliate links in their product reviews.", Good, ""},
		{"a race time is prose", "She ran the last lap faster than anyone in the field and finished the race in 3:58 min.", Good, ""},
		{"prose by clicking", "Three of the most common printing mistakes are poor resolution, the wrong colour mode and designs that run past the bleed lines. These are easily remedied by clicking here and reading our guide.", Good, ""},
		{"nav", "Home | News | Sport | Business | Culture", Bad, ReasonSymbols},
		{"url", "https://example.org/story/123", Bad, ReasonLinks},
		{"dateline", "Updated 14 March 2026 10:42 GMT", Bad, ReasonDateline},
		{"dateline, Asian zone", "Friday, 22 Nov 2024 4:55 PM MYT", Bad, ReasonDateline},
		{"dateline, Australian zone", "Updated 3 March 2026 9:10 AEDT", Bad, ReasonDateline},
		{"heading", "Ferry returns to service", Short, ""},
		{"headline list", "Bus Lanes Extended On The Ring Road After Council Vote In The Spring Session", Bad, ReasonNoProse},
		{"name list", "Alice Smith, Bob Jones, Carol White, Dan Brown, Eve Black, Frank Green, Grace Hall", Bad, ReasonNoProse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := segment.NormalizeSpace(tc.block)
			f := measure(line, &tokens{})
			f.setLangs(allLangs)
			class, reason := classify(&f)
			if class != tc.class || reason != tc.reason {
				t.Errorf("classify = %v %q, want %v %q (features %+v)", class, reason, tc.class, tc.reason, f)
			}
		})
	}
}

func TestContext(t *testing.T) {
	prose := "The council said on Monday that the new bridge would open to traffic next spring after years of delay."
	page := strings.Join([]string{
		"Menu",
		"Bridge to open next spring",
		prose,
		"Delays explained", // a subheading between prose: kept
		prose + " It added that costs had risen.",
		"Share",
		"Related",
		"Town hall to close for repairs", // a short block among chrome: cut
		"Contact us",
	}, "\n")
	res := Clean(page, Options{})
	var kept []string
	for _, b := range res.Blocks {
		if b.Keep {
			kept = append(kept, b.Text)
		} else if b.Reason == "" {
			t.Errorf("removed block %q has no reason", b.Text)
		}
	}
	want := []string{"Bridge to open next spring", prose, "Delays explained", prose + " It added that costs had risen."}
	if strings.Join(kept, "\n") != strings.Join(want, "\n") {
		t.Errorf("kept:\n%s\nwant:\n%s", strings.Join(kept, "\n"), strings.Join(want, "\n"))
	}
}

// TestSeed cleans the reference input: the gallery goes, the whole article
// on both sides of it stays.
func TestSeed(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "001_7c121ca569c68443.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "000_eff3f4ea99f72c04.txt"))
	if err != nil {
		t.Fatal(err)
	}
	article, _, _ := strings.Cut(string(out), "|||")
	text := strings.TrimPrefix(string(in), " date 2017-04-19 ")
	got := Clean(text, Options{}).Text()
	var want []string
	for _, p := range strings.Split(article, "\n\n") {
		want = append(want, segment.NormalizeSpace(p))
	}
	if got != strings.Join(want, "\n\n") {
		t.Errorf("got:\n%s\n\nwant:\n%s", got, strings.Join(want, "\n\n"))
	}
}

func TestIsProse(t *testing.T) {
	if !IsProse("Security measures are being put in place to prevent any attempt by foreign powers to carry out a cyber attack.", "") {
		t.Error("prose not recognised")
	}
	for _, s := range []string{"Read the latest news", "Sign up for our newsletter to get the news you need every day of the week.", "Home | News"} {
		if IsProse(s, "") {
			t.Errorf("IsProse(%q) = true", s)
		}
	}
}

func TestIsChrome(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Tags", true},
		{"Lesen Sie auch", true},
		{"Reklama", true},
		{"Reklama polityczna", false},
		{"Temas pendientes", false},
		{"Don't miss out", false},
		{"By Jane Doe and John Roe", true},
		{"Photo: Reuters", true},
		{"Miyazaki", false},
		{"Starting line-up", false},
		{"宮崎県", false},
		{"The council said on Monday that the bridge would open in the spring.", false},
	} {
		if got := IsChrome(c.text, ""); got != c.want {
			t.Errorf("IsChrome(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Menu\nThe council said on Monday that the bridge would open.\n1/3 A caption Getty Images\n")
	f.Add("\u00a0\n\n  \t\n")
	f.Add("a\xffb\n\xc2")
	f.Add("A teaser cut short [...]\nA video\u00a0|\u00a01:02:33 min\n3 Responses to “A”\nResponse\n12.5\nこの記事は会員限定です。\nWe may earn a commission.\n")
	f.Fuzz(func(t *testing.T, text string) {
		res := Clean(text, Options{MaxLineBytes: 64})
		for _, b := range res.Blocks {
			if b.Text == "" || len(b.Text) > 64 {
				t.Fatalf("bad block %q", b.Text)
			}
			if !b.Keep && b.Reason == "" {
				t.Fatalf("removed block %q without reason", b.Text)
			}
			if b.Keep && b.Reason != "" {
				t.Fatalf("kept block %q with reason %q", b.Text, b.Reason)
			}
		}
	})
}

func BenchmarkClean(b *testing.B) {
	in, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "001_7c121ca569c68443.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Clean(string(in), Options{})
	}
}

func TestTitle(t *testing.T) {
	prose := "The council said on Monday that the new bridge would open to traffic next spring after years of delay."
	page := strings.Join([]string{
		"Menu",
		"Council Confirms New Bridge Will Open To Traffic Next Spring After Long Delays",
		"By Jane Doe",
		"Share",
		prose,
		prose + " It added that costs had risen.",
	}, "\n")
	res := Clean(page, Options{})
	if res.Title != "Council Confirms New Bridge Will Open To Traffic Next Spring After Long Delays" {
		t.Errorf("Title = %q", res.Title)
	}
	for _, b := range res.Blocks {
		if b.Text == res.Title && (b.Keep || b.Reason != ReasonHeadline) {
			t.Errorf("headline block: keep %v, reason %q", b.Keep, b.Reason)
		}
	}
	if got := len(res.Paragraphs()); got != 2 {
		t.Errorf("%d paragraphs, want 2", got)
	}
}

func TestCleanBlocksLinkHints(t *testing.T) {
	prose := "The council said on Monday that the new bridge would open to traffic next spring after years of delay."
	blocks := []string{
		"Bridge opening delayed again as costs rise sharply across the city this year.",
		prose,
		prose + " It added that costs had risen.",
		"New cycle lanes open on the ring road after a long and costly delay this spring.",
	}
	links := []Hints{{Links: 1}, {}, {}, {Links: 0.95}}
	res := CleanBlocks(blocks, links, Options{})
	if got := res.Text(); got != prose+"\n\n"+prose+" It added that costs had risen." {
		t.Errorf("kept:\n%s", got)
	}
	for _, b := range res.Blocks {
		if !b.Keep && b.Reason != ReasonLinks && b.Reason != ReasonOutside && b.Reason != ReasonHeadline {
			t.Errorf("block %q cut for %q", b.Text, b.Reason)
		}
	}
	// Without hints the linked teaser reads as prose next to prose, and
	// is kept.
	if !strings.HasPrefix(CleanBlocks(blocks, nil, Options{}).Text(), blocks[0]) {
		t.Error("without hints the teaser is cut too: the test no longer shows the hint's effect")
	}
}

func TestCommentHeader(t *testing.T) {
	for _, tc := range []struct {
		line string
		want int
	}{
		{"comments", weakHeader},
		{"12 comments", strongHeader},
		{"comments (3)", strongHeader},
		{"leave a reply", strongHeader},
		{"0 comments", notHeader},
		{"comments (0)", notHeader},
		{"the comments section", notHeader},
		{"3 responses to “those neo-nazis attacked ‘other … religions’?”", strongHeader},
		{"one response to “a bridge too far”", strongHeader},
		{"12 gedanken zu „die brücke“", strongHeader},
		{"thoughts on “the bridge”", strongHeader},
		// Uncounted, a heading of the story.
		{"responses to the new bridge", notHeader},
		{"comments on the proposal", notHeader},
		{"5 responses to the housing crisis", notHeader},
		{"3 reactions to the verdict", notHeader},
	} {
		t.Run(tc.line, func(t *testing.T) {
			if got := commentHeader(tc.line); got != tc.want {
				t.Errorf("commentHeader(%q) = %d, want %d", tc.line, got, tc.want)
			}
		})
	}
}

// TestUnlistedLanguage checks that an article in a language without word
// lists is kept on a page whose chrome is in a listed one.
func TestUnlistedLanguage(t *testing.T) {
	text := strings.Join([]string{
		"Home | News | Sport | Business",
		"Sign up for our newsletter and get the best stories of the week delivered to your inbox.",
		"Serikali imetangaza mpango mpya wa kujenga barabara katika mikoa mitatu ya kusini mwaka huu.",
		"Waziri wa ujenzi amesema kazi hiyo itaanza mwezi ujao baada ya mvua kubwa kumalizika kabisa.",
		"Wakazi wa vijiji hivyo wamefurahia habari hiyo wakisema safari zao zitakuwa rahisi zaidi sasa.",
		"Mradi huo unatarajiwa kukamilika ndani ya miaka miwili kwa gharama ya shilingi bilioni nne.",
		"Privacy Policy | Terms of Use | Contact Us",
	}, "\n")
	res := Clean(text, Options{})
	kept := res.Paragraphs()
	if len(kept) != 4 || !strings.HasPrefix(kept[0], "Serikali") {
		t.Errorf("kept %q, want the four sentences of the article", kept)
	}
}

// TestTableIsNoThread checks that a table whose heading cell says
// "Response" over rows of figures is not taken for a comment thread, and
// that the same word over a commenter's stamp is.
func TestTableIsNoThread(t *testing.T) {
	prose := "The poll was open from Monday at noon through Tuesday and received two hundred responses from the readers of the site, who answered every question."
	table := []string{"Response", "Votes", "%", "He should be closing.", "30", "12.5", "He should be used in middle relief.", "42", "3/4"}
	res := CleanBlocks(append([]string{prose, "Most of them " + prose, "In the end " + prose + " Here are the results."}, table...), nil, Options{})
	for _, b := range res.Blocks[3:] {
		if b.Reason == ReasonComments {
			t.Errorf("%q cut as a comment", b.Text)
		}
	}
	thread := []string{"Response", "Jane Roe", "October 29, 2012 at 9:28 pm", "Great piece, thank you for writing it."}
	res = CleanBlocks(append([]string{prose, "Most of them " + prose, "In the end " + prose + " Here are the results."}, thread...), nil, Options{})
	if b := res.Blocks[len(res.Blocks)-1]; b.Reason != ReasonComments {
		t.Errorf("the comment %q is not cut as one (%q)", b.Text, b.Reason)
	}
}

// TestTeaserMarks checks the marks that end a teaser: an excerpt cut off
// by "[...]" (cutShort) and a video's stamp (videoStamp).
func TestTeaserMarks(t *testing.T) {
	for _, tc := range []struct {
		mark func(string) bool
		name string
		line string
		want bool
	}{
		{cutShort, "cutShort", "The app has a new update that brings support for activities made in the full versio [...]", true},
		{cutShort, "cutShort", "When we asked our readers, the answer was an overwhelming yes. This […]", true},
		{cutShort, "cutShort", "Teaser cut in the middle of a sentence [ … ]", true},
		// A quoted story that goes on elsewhere: the quote is the article's.
		{cutShort, "cutShort", "The court ruled that the church waited too long to take legal action. [...]", false},
		{cutShort, "cutShort", "He said the plan “would not work.” […]", false},
		{cutShort, "cutShort", "An ellipsis [...] inside a quote leaves words after it", false},
		{cutShort, "cutShort", "A reference to a source [1]", false},
		{cutShort, "cutShort", "[...]", false},
		{videoStamp, "videoStamp", "The summit agreed on new sanctions. 18.04.2024 | 0:21 min", true},
		{videoStamp, "videoStamp", "What the minister said about the plan · 12:05 Min.", true},
		{videoStamp, "videoStamp", "A report from the border. 21.04.2024 | 3:18 Minuten", true},
		{videoStamp, "videoStamp", "A report from the border. 21.04.2024\u00a0|\u00a01:02:33 min", true},
		{videoStamp, "videoStamp", "She finished the race in 3:58 min.", false},
		{videoStamp, "videoStamp", "The meeting ran from 10:00 to 11:30 | 90 min", false},
		{videoStamp, "videoStamp", "min", false},
	} {
		if got := tc.mark(tc.line); got != tc.want {
			t.Errorf("%s(%q) = %v, want %v", tc.name, tc.line, got, tc.want)
		}
	}
}

func TestCJKChrome(t *testing.T) {
	if !cjkChrome("この記事は会員限定です。") || !cjkChrome("[责任编辑：alonliu]") {
		t.Error("a Japanese paywall prompt or a Chinese editor's line is not chrome")
	}
	for _, prose := range []string{
		"気象庁は調査終了を受けた記者会見で「地震はいつ起きてもおかしくない」と呼びかけた。",
		"警方称，一架未经授权的无人机周日飞入机场附近空域。",
		"アプリにログインして設定を変更すると、通知が届くようになる。",
		"楽天は、国内の会員登録数が一億人を突破したと発表した。",
	} {
		if cjkChrome(prose) {
			t.Errorf("prose %q is chrome", prose)
		}
	}
}

// TestLongExcerptIsProse checks that the marks of a teaser decide only a
// block as short as a teaser: a long quotation ending in "[...]" is the
// article's.
func TestLongExcerptIsProse(t *testing.T) {
	long := strings.Repeat("The minister said that the council had agreed to the plan and that the works would start in the spring, ", 8) + "and the minister [...]"
	var tk tokens
	if f := measure(long, &tk); f.chrome != 0 {
		t.Errorf("a quotation of %d words ending in [...] is chrome", f.words)
	}
	short := "The minister said that the council had agreed to the plan and the [...]"
	if f := measure(short, &tk); f.chrome == 0 {
		t.Error("a teaser ending in [...] is not chrome")
	}
}
