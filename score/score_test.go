package score

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ,.; ", nil},
		{"The CAT's hat.", []string{"the", "cat", "s", "hat"}},
		{"snake_case x-y 3.14", []string{"snake_case", "x", "y", "3", "14"}},
		{"Straße ÉTÉ naïve ΣΊΣΥΦΟΣ", []string{"straße", "été", "naïve", "σίσυφοσ"}},
		{"cafe\u0301 bar", []string{"cafe\u0301", "bar"}},
		{"हिन्दी भाषा", []string{"हिन्दी", "भाषा"}},
		{"日本語\u3000テキスト", []string{"日本語", "テキスト"}},
		{"a\xffb", []string{"a", "b"}},
		{"Ⅻ ²", []string{"ⅻ", "²"}},
	} {
		if got := Tokens(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// The hashing tokenizer must agree with Tokens.
		if got, want := len(tokenHashes(nil, tc.in)), len(tc.want); got != want {
			t.Errorf("tokenHashes(%q) has %d tokens, want %d", tc.in, got, want)
		}
	}
}

func TestTokenHashesMatchStrings(t *testing.T) {
	// Equal tokens hash equally regardless of case and surroundings;
	// different tokens differ.
	a := tokenHashes(nil, "Hello, WORLD! Été")
	b := tokenHashes(nil, "hello world été")
	if !slices.Equal(a, b) {
		t.Errorf("case-folded tokens hash differently")
	}
	c := tokenHashes(nil, "hello worlds ete")
	if a[1] == c[1] || a[2] == c[2] {
		t.Errorf("different tokens hash equally")
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		out, gold               string
		outSh, goldSh, common   int
		k                       int
		precision, recall, fone float64
	}{
		{
			// gold: abcd bcde; out: abcd bcdx
			name: "one of two shingles", out: "a b c d x", gold: "a b c d e",
			outSh: 2, goldSh: 2, common: 1, k: 4, precision: 0.5, recall: 0.5, fone: 0.5,
		},
		{
			name: "identical up to case and punctuation", out: "The cat, sat on the MAT.", gold: "the cat sat on the mat",
			outSh: 3, goldSh: 3, common: 3, k: 4, precision: 1, recall: 1, fone: 1,
		},
		{
			// gold: abcd bcda cdab dabc abcd = {abcd:2, bcda, cdab, dabc}
			name: "multiset output shorter", out: "a b c d", gold: "a b c d a b c d",
			outSh: 1, goldSh: 5, common: 1, k: 4, precision: 1, recall: 0.2, fone: 2 * 0.2 / 1.2,
		},
		{
			// out: {abcd:3, bcda:2, cdab:2, dabc:2}; min with gold = 2+1+1+1
			name: "multiset output repeats", out: "a b c d a b c d a b c d", gold: "a b c d a b c d",
			outSh: 9, goldSh: 5, common: 5, k: 4, precision: 5.0 / 9, recall: 1, fone: 2 * (5.0 / 9) / (5.0/9 + 1),
		},
		{
			name: "order matters", out: "d c b a", gold: "a b c d",
			outSh: 1, goldSh: 1, common: 0, k: 4, precision: 0, recall: 0, fone: 0,
		},
		{
			// k = 2: gold {hello world}; out {hello world, world bye}
			name: "short gold uses bigrams", out: "Hello, world! Bye", gold: "hello world",
			outSh: 2, goldSh: 1, common: 1, k: 2, precision: 0.5, recall: 1, fone: 2 * 0.5 / 1.5,
		},
		{
			name: "single token each", out: "yes", gold: "Yes",
			outSh: 1, goldSh: 1, common: 1, k: 1, precision: 1, recall: 1, fone: 1,
		},
		{
			name: "empty output", out: " ... ", gold: "a b c d e",
			outSh: 0, goldSh: 2, common: 0, k: 4, precision: math.NaN(), recall: 0, fone: math.NaN(),
		},
		{
			name: "empty gold", out: "a b", gold: "",
			outSh: 1, goldSh: 0, common: 0, k: 2, precision: 0, recall: math.NaN(), fone: math.NaN(),
		},
		{
			name: "both empty", out: "", gold: "",
			precision: math.NaN(), recall: math.NaN(), fone: math.NaN(),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(tc.out, tc.gold)
			if d.OutShingles != tc.outSh || d.GoldShingles != tc.goldSh || d.Common != tc.common || d.K != tc.k {
				t.Errorf("got %+v, want out=%d gold=%d common=%d k=%d", d, tc.outSh, tc.goldSh, tc.common, tc.k)
			}
			for _, m := range []struct {
				name      string
				got, want float64
			}{{"precision", d.Precision(), tc.precision}, {"recall", d.Recall(), tc.recall}, {"F1", d.F1(), tc.fone}} {
				if !approx(m.got, m.want) {
					t.Errorf("%s = %v, want %v", m.name, m.got, m.want)
				}
			}
		})
	}
}

func approx(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-12
}

func TestCorpus(t *testing.T) {
	var c Corpus
	if r := c.Result(); r != (Result{}) {
		t.Fatalf("empty corpus: %+v", r)
	}
	// gold shingles abcd bcde cdef; output abcd bcdx: P=1/2, R=1/3.
	c.Add("a b c d x", "a b c d e f")
	// Empty output: enters recall only, with R=0.
	c.Add("", "w x y z")
	// Empty gold: enters precision only, with P=0.
	c.Add("p q r s", "")
	// Both empty: counted as a document, in neither average.
	c.Add("", "")
	r := c.Result()
	want := Result{Docs: 4, PrecisionDocs: 2, RecallDocs: 2, Precision: 0.25, Recall: 1.0 / 6, F1: 0.2}
	if r.Docs != want.Docs || r.PrecisionDocs != want.PrecisionDocs || r.RecallDocs != want.RecallDocs ||
		!approx(r.Precision, want.Precision) || !approx(r.Recall, want.Recall) || !approx(r.F1, want.F1) {
		t.Errorf("got %+v, want %+v", r, want)
	}
}

func TestCorpusReuseIsIndependent(t *testing.T) {
	// Leftover counts from a previous document must not leak into the
	// next one.
	var c Corpus
	c.Add("x", "a b c d a b c d")
	if d := c.Add("a b c d", "e f g h"); d.Common != 0 {
		t.Errorf("common = %d, want 0", d.Common)
	}
}

func TestSnippets(t *testing.T) {
	out := "Hello   world.\nSecond line here"
	found, wanted, leaked, unwanted := Snippets(out,
		[]string{"Hello world", "world. Second", "missing"},
		[]string{"Second line", "nope", "  here "})
	if found != 2 || wanted != 3 || leaked != 2 || unwanted != 3 {
		t.Errorf("got found=%d wanted=%d leaked=%d unwanted=%d, want 2 3 2 3", found, wanted, leaked, unwanted)
	}
	if f, w, l, u := Snippets("", []string{"a"}, nil); f != 0 || w != 1 || l != 0 || u != 0 {
		t.Errorf("empty output: %d %d %d %d", f, w, l, u)
	}
	if f, _, _, _ := Snippets("text\u00a0with\u2003spaces", []string{"text with spaces"}, nil); f != 1 {
		t.Errorf("Unicode spaces not normalized")
	}
}

func TestSnippetCorpus(t *testing.T) {
	var c SnippetCorpus
	c.Add("Hello   world.\nSecond line here",
		[]string{"Hello world", "world. Second", "missing"},
		[]string{"Second line", "nope", "  here "}) // TP 2, FN 1, FP 2, TN 1
	c.Add("", []string{"a", "b"}, []string{"c"}) // TP 0, FN 2, FP 0, TN 1
	r := c.Result()
	if r.Docs != 2 || r.TP != 2 || r.FN != 3 || r.FP != 2 || r.TN != 2 {
		t.Fatalf("counts %+v", r)
	}
	if !approx(r.Precision, 0.5) || !approx(r.Recall, 0.4) || !approx(r.Accuracy, 4.0/9) || !approx(r.F1, 4.0/9) {
		t.Errorf("scores %+v", r)
	}
	var empty SnippetCorpus
	if r := empty.Result(); r != (SnippetResult{}) {
		t.Errorf("empty: %+v", r)
	}
}

func ExampleCorpus() {
	var c Corpus
	c.Add("Home | News\nThe quick brown fox jumps over the lazy dog.", "The quick brown fox jumps over the lazy dog.")
	c.Add("Nothing relevant here at all", "A completely different gold text")
	r := c.Result()
	fmt.Printf("docs=%d P=%.3f R=%.3f F1=%.3f\n", r.Docs, r.Precision, r.Recall, r.F1)
	// Output:
	// docs=2 P=0.375 R=0.500 F1=0.429
}

func BenchmarkCorpusAdd(b *testing.B) {
	gold := strings.Repeat("the quick brown fox jumps over the lazy dog and runs away ", 200)
	out := "Home News Sport " + gold + " Copyright 2024 all rights reserved"
	b.SetBytes(int64(len(gold) + len(out)))
	b.ReportAllocs()
	var c Corpus
	for b.Loop() {
		c.Add(out, gold)
	}
}
