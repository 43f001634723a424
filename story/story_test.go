package story

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // token, then "+" for capital and "." for sentence end
	}{
		{"latin", "The Council met. It voted", []string{"The+", "Council+", "met.", "It+", "voted."}},
		{"one letter skipped", "a bridge", []string{"bridge."}},
		{"accents and marks", "Zürich élit", []string{"Zürich+", "élit."}},
		{"cyrillic", "Москва приняла", []string{"Москва+", "приняла."}},
		{"devanagari marks stay in words", "नई दिल्ली", []string{"नई", "दिल्ली."}},
		{"han bigrams", "台风登陆", []string{"台风", "风登", "登陆."}},
		{"han then latin", "台风Nesat登陆", []string{"台风", "Nesat+", "登陆."}},
		{"single han", "雨 天", []string{"雨", "天."}},
		{"thai pairs, marks counted as characters", "พายุเข้า", []string{"พา", "าย", "ยุ", "ุเ", "เข", "ข้", "้า."}},
		{"numbers", "won 4,000 votes, 6.8 points.", []string{"won", "4000", "votes", "68", "points."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			tokens(tc.text, func(tok []rune, _ bool, capital, end bool) bool {
				s := string(tok)
				if capital {
					s += "+"
				}
				if end {
					s += "."
				}
				got = append(got, s)
				return true
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("tokens(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// news is a small day of news: two events told twice each, and
// unrelated articles that give the corpus its common words.
func news() []Doc {
	docs := []Doc{
		{ID: "quake1", Date: "2024-03-01", Title: "Earthquake of magnitude 6.8 strikes Morocco",
			Text: "A powerful earthquake struck the Atlas mountains south of Marrakesh late on Friday, killing hundreds of people."},
		{ID: "quake2", Date: "2024-03-02", Title: "Hundreds dead after Morocco earthquake",
			Text: "Rescuers searched the Atlas villages near Marrakesh on Saturday after the magnitude 6.8 earthquake killed hundreds."},
		{ID: "vote1", Date: "2024-03-01", Title: "Senate passes budget bill",
			Text: "The Senate passed the budget bill by 61 votes to 39 on Friday, sending it to the president."},
		{ID: "vote2", Date: "2024-03-02", Title: "Budget bill clears the Senate",
			Text: "After a night of debate the Senate approved the budget bill 61 to 39, and the president is expected to sign it."},
		{ID: "quake-later", Date: "2024-04-20", Title: "Earthquake of magnitude 6.8 strikes Morocco",
			Text: "A powerful earthquake struck the Atlas mountains south of Marrakesh late on Friday, killing hundreds of people."},
		{ID: "台风1", Date: "2024-03-01", Title: "台风杜苏芮在福建登陆", Text: "强台风杜苏芮今天上午在福建晋江沿海登陆，当地已转移群众。"},
		{ID: "台风2", Date: "2024-03-01", Title: "杜苏芮登陆福建晋江", Text: "台风杜苏芮在福建晋江登陆，福建沿海多地停课停工。"},
	}
	for i, text := range []string{
		"The museum shows paintings of the coast from the last century.",
		"Tickets for the final sold out within an hour of going on sale.",
		"The hospital opened a children's ward with forty beds on the hill.",
		"Farmers expect a late harvest after the wet summer in the valley.",
		"A new airline will fly to three islands from June, the company said.",
		"The library will stay open late during the exam weeks of the spring.",
		"上海的博物馆今天开放了新的展览。",
		"北京的天气晴朗，气温适宜。",
	} {
		docs = append(docs, Doc{ID: fmt.Sprint("other", i), Date: "2024-03-01", Text: text})
	}
	for i := range docs {
		docs[i].Key = int64(i)
		docs[i].URL = fmt.Sprintf("https://site%d.example/%s", i%3, docs[i].ID)
	}
	return docs
}

// groups returns the stories as lists of member ids, in order.
func groups(stories []Story) [][]string {
	var out [][]string
	for _, st := range stories {
		var ids []string
		for _, m := range st.Members {
			ids = append(ids, m.ID)
		}
		out = append(out, ids)
	}
	return out
}

func observeAll(o Options, docs []Doc) *State {
	s := NewState(o)
	for _, d := range docs {
		s.Add(o.Observe(d))
	}
	return s
}

func TestStories(t *testing.T) {
	got := groups(observeAll(Options{}, news()).Stories())
	want := map[string][]string{
		"quake1": {"quake1", "quake2"}, "vote1": {"vote1", "vote2"}, "quake-later": {"quake-later"}, "台风1": {"台风1", "台风2"},
	}
	for _, g := range got {
		if w, ok := want[g[0]]; ok && !slices.Equal(g, w) {
			t.Errorf("story %q, want %q", g, w)
		}
		if !strings.HasPrefix(g[0], "other") {
			delete(want, g[0])
		} else if len(g) > 1 {
			t.Errorf("unrelated articles in one story: %q", g)
		}
	}
	if len(want) > 0 {
		t.Errorf("stories not found: %v (got %q)", want, got)
	}
}

// TestMerge checks that states observed apart and merged (directly, or
// saved and loaded) give the stories of one state observing everything.
func TestMerge(t *testing.T) {
	docs := news()
	whole := groups(observeAll(Options{}, docs).Stories())
	for _, save := range []bool{false, true} {
		a, b := observeAll(Options{}, docs[:len(docs)/2]), observeAll(Options{}, docs[len(docs)/2:])
		if save {
			var buf bytes.Buffer
			if err := b.Save(&buf); err != nil {
				t.Fatal(err)
			}
			var err error
			if b, err = LoadState(&buf); err != nil {
				t.Fatal(err)
			}
		}
		// Merge in the other order: the result must not depend on it.
		if err := b.Merge(a); err != nil {
			t.Fatal(err)
		}
		if got := groups(b.Stories()); !reflect.DeepEqual(got, whole) {
			t.Errorf("save %v: merged %q, want %q", save, got, whole)
		}
	}
	if err := NewState(Options{}).Merge(NewState(Options{Window: 9})); err != ErrOptions {
		t.Errorf("merging different options: %v", err)
	}
}

func TestCopyGroup(t *testing.T) {
	docs := []Doc{
		{Key: 1, ID: "a", Date: "2024-01-01", Title: "Bridge opens", Text: "The bridge over the river opened on Monday.", Copy: "g"},
		{Key: 2, ID: "b", Date: "2024-01-20", Title: "Market moves", Text: "Shares fell in early trading on Tuesday.", Copy: "g"},
	}
	st := observeAll(Options{}, docs).Stories()
	if len(st) != 1 || len(st[0].Members) != 2 || !st[0].Members[1].Copy || st[0].ID != "a" {
		t.Errorf("copy group: %+v", st)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		o  Options
		ok bool
	}{
		{Options{}, true},
		{Options{Threshold: 0.5, Window: 7, Prefix: -1}, true},
		{Options{Threshold: 2}, false},
		{Options{SketchWidth: 1000}, false},
		{Options{Terms: 5000}, false},
		{Options{Merge: -1, LongMerge: -1}, true},
		{Options{Merge: 2}, false},
		{Options{Merge: -1}, false},
		{Options{LongMerge: -1}, false},
		{Options{Merge: -0.5, LongMerge: -0.5}, false},
		{Options{LongThreshold: -0.5}, false},
		{Options{Threshold: math.NaN()}, false},
		{Options{Merge: math.NaN(), LongMerge: math.NaN()}, false},
		{Options{Window: MaxWindow}, true},
		{Options{Window: 3000000000}, false}, // its days would wrap in 32 bits
	} {
		if err := tc.o.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%+v) = %v", tc.o, err)
		}
	}
	// The error names the first field that is wrong, and its value.
	for o, want := range map[Options]string{
		{Threshold: 2, SketchWidth: 1000}: "story: Threshold 2: want a number in [0, 1]",
		{SketchWidth: 1000}:               "story: SketchWidth 1000: want a power of two of at least 1024",
		{Merge: -1}:                       "story: Merge -1 and LongMerge 0.3: -1 (no merging) is for both or neither",
	} {
		if err := o.Validate(); err == nil || err.Error() != want {
			t.Errorf("Validate(%+v) = %v, want %q", o, err, want)
		}
	}
}

func TestDay(t *testing.T) {
	for in, want := range map[string]string{"2024-03-01": "2024-03-01", "2024-03-01T10:00:00Z": "2024-03-01", "": "", "March 1": ""} {
		if got := FormatDay(Day(in)); got != want {
			t.Errorf("Day(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadStateErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := observeAll(Options{}, news()).Save(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"header only", data[:len(data)/2]},
		{"cut in the entries", data[:len(data)-10]},
		{"not a state", []byte("hello")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := LoadState(bytes.NewReader(tc.data)); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestByLength(t *testing.T) {
	for _, tc := range []struct {
		words int32
		want  float64
	}{{0, 0.2}, {20, 0.2}, {ShortWords, 0.2}, {100, 0.225}, {LongWords, 0.25}, {5000, 0.25}} {
		if got := byLength(0.2, 0.25, tc.words); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("byLength(0.2, 0.25, %d) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

// TestJoinStories checks the merging of the online clustering's stories:
// with a joining threshold no pair reaches, every document opens a story
// of its own, and the merging step joins those that share their terms,
// within the time window only.
func TestJoinStories(t *testing.T) {
	entry := func(key int64, day int32, hashes ...uint32) Entry {
		e := Entry{Key: key, ID: fmt.Sprint(key), Day: day, Date: FormatDay(day), Words: 20}
		for _, h := range hashes {
			e.Terms = append(e.Terms, Term{h, 1})
		}
		return e
	}
	entries := []Entry{
		entry(1, 100, 1, 2, 3, 4),
		entry(2, 101, 1, 2, 3, 5),
		entry(3, 102, 1, 2, 4, 6),
		entry(4, 130, 1, 2, 3, 4), // a month later: another story
		entry(5, 100, 7, 8, 9, 10),
		entry(6, 100, 7, 8, 9, 11),
		entry(7, 100, 12, 13, 14, 15),
		entry(8, 100, 16, 17, 18, 19),
	}
	for _, tc := range []struct {
		merge float64
		want  [][]string
	}{
		{-1, [][]string{{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}}},
		{0.3, [][]string{{"1", "2", "3"}, {"4"}, {"5", "6"}, {"7"}, {"8"}}},
	} {
		s := NewState(Options{Threshold: 1, LongThreshold: 1, Merge: tc.merge, LongMerge: tc.merge})
		for _, e := range entries {
			e.Terms = slices.Clone(e.Terms)
			s.Add(e)
		}
		if got := groups(s.Stories()); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("merge %v: %q, want %q", tc.merge, got, tc.want)
		}
	}
}
