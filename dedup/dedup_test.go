package dedup

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// story returns a made-up news story of n sentences, different for each
// seed.
func story(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 3))
	subjects := []string{"The council", "Residents", "The minister", "Police", "The company", "Local traders", "The court", "Doctors", "The school", "Campaigners"}
	verbs := []string{"said", "warned", "announced", "confirmed", "denied", "argued", "reported", "agreed", "asked", "decided"}
	objects := []string{"the bridge would open in spring", "prices had risen again", "the plan was delayed", "the road would close", "more staff were needed",
		"the vote was postponed", "the budget was cut", "talks would resume", "the site was unsafe", "the results were clear"}
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %s on %s that %s, %d people were affected. ", subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))],
			[]string{"Monday", "Tuesday", "Friday"}[r.IntN(3)], objects[r.IntN(len(objects))], r.IntN(900)+i)
	}
	return b.String()
}

func clusterOf(cs []Cluster, id string) int {
	for i, c := range cs {
		for _, m := range c.Members {
			if m.ID == id {
				return i
			}
		}
	}
	return -1
}

func TestClusters(t *testing.T) {
	var o Options
	base := story(1, 30)
	words := strings.Fields(base)
	edited := slices.Clone(words)
	for i := 7; i < len(edited); i += 20 {
		edited[i] = "changed"
	}
	docs := []struct{ id, date, text string }{
		{"orig", "2024-05-02", base},
		{"exact", "2024-05-01", strings.ToUpper(base) + " "},                       // same normalized text, earlier
		{"trimmed", "2024-05-03", strings.Join(words[:len(words)*3/4], " ")},       // the first three quarters
		{"edited", "2024-05-03", strings.Join(edited, " ")},                        // a word in twenty changed
		{"extended", "", base + story(99, 6)},                                      // more at the end, undated
		{"other", "2024-05-02", story(2, 30)},                                      // another story
		{"empty", "", "!!! ..."},                                                   // no words
		{"short", "2024-05-02", "Council approves bridge."},                        // fewer words than a shingle
		{"short copy", "2024-05-04", "COUNCIL approves bridge"},                    // the same normalized
		{"other short", "2024-05-04", "Storm closes the harbour for two days now"}, // unrelated
	}
	x := NewIndex(o)
	for i, d := range docs {
		x.Add(o.Observe(int64(i), d.id, "", d.date, d.text))
	}
	cs := x.Clusters()
	same := func(a, b string) bool { return clusterOf(cs, a) == clusterOf(cs, b) }
	for _, id := range []string{"exact", "trimmed", "edited", "extended"} {
		if !same("orig", id) {
			t.Errorf("%s is not in the story's cluster", id)
		}
	}
	for _, id := range []string{"other", "empty", "short", "other short"} {
		if same("orig", id) {
			t.Errorf("%s is in the story's cluster", id)
		}
	}
	if !same("short", "short copy") || same("short", "other short") {
		t.Error("short texts clustered wrongly")
	}
	c := cs[clusterOf(cs, "orig")]
	if c.Canonical().ID != "exact" || c.Exact || len(c.Members) != 5 {
		t.Errorf("cluster: canonical %q, exact %v, %d members", c.Canonical().ID, c.Exact, len(c.Members))
	}
	// Undated members come last.
	if c.Members[len(c.Members)-1].ID != "extended" {
		t.Errorf("members %v", ids(c))
	}
	n := 0
	for _, c := range cs {
		n += len(c.Members)
	}
	if n != len(docs) {
		t.Errorf("%d entries in clusters, want %d", n, len(docs))
	}
}

func ids(c Cluster) []string {
	var out []string
	for _, m := range c.Members {
		out = append(out, m.ID)
	}
	return out
}

// TestCanonicalOrder: earliest, then longest, then first observed.
func TestCanonicalOrder(t *testing.T) {
	var o Options
	text := story(5, 10)
	x := NewIndex(o)
	x.Add(o.Observe(0, "later", "", "2024-01-02", text))
	x.Add(o.Observe(1, "short", "", "2024-01-01", text))
	x.Add(o.Observe(2, "long", "", "2024-01-01", text+" "+text[:40]))
	x.Add(o.Observe(3, "long too", "", "2024-01-01", text+" "+text[:40]))
	cs := x.Clusters()
	if len(cs) != 1 || !slices.Equal(ids(cs[0]), []string{"long", "long too", "short", "later"}) {
		t.Errorf("clusters %v", cs)
	}
}

// TestMerge checks that indexes built apart and merged give the clusters
// of one index built over everything.
func TestMerge(t *testing.T) {
	var o Options
	var texts []string
	for i := range 40 {
		texts = append(texts, story(uint64(i%13), 12))
	}
	whole, a, b := NewIndex(o), NewIndex(o), NewIndex(o)
	for i, s := range texts {
		e := o.Observe(int64(i), fmt.Sprint(i), "", "", s)
		whole.Add(e)
		if i%2 == 0 {
			a.Add(e)
		} else {
			b.Add(e)
		}
	}
	// a goes through a file, as from another machine.
	var file bytes.Buffer
	if err := a.Save(&file); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadIndex(&file)
	if err != nil {
		t.Fatal(err)
	}
	b.Merge(loaded)
	got, want := b.Clusters(), whole.Clusters()
	if fmt.Sprint(got) != fmt.Sprint(want) || len(want) != 13 {
		t.Errorf("merged %d clusters, whole %d (want 13)", len(got), len(want))
	}
}

func TestValidate(t *testing.T) {
	if err := (Options{}).Validate(); err != nil {
		t.Error(err)
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Shingle: -1}, "dedup: Shingle -1: want 1 or more"},
		{Options{Bands: 100, Rows: 100}, "dedup: Bands 100 × Rows 100: want at most 1024 signature values"},
		{Options{Bands: 1 << 32, Rows: 1 << 32}, "dedup: Bands 4294967296 × Rows 4294967296: want at most 1024 signature values"},
		{Options{Threshold: 2, Containment: 3}, "dedup: Threshold 2: want a number in (0, 1]"},
		{Options{Containment: -0.5}, "dedup: Containment -0.5: want a number in (0, 1]"},
	} {
		if err := tc.o.Validate(); err == nil || err.Error() != tc.want {
			t.Errorf("Validate(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
}

func BenchmarkObserve(b *testing.B) {
	var o Options
	text := story(1, 40)
	b.SetBytes(int64(len(text)))
	for i := 0; b.Loop(); i++ {
		o.Observe(int64(i), "x", "", "", text)
	}
}

// TestShingles checks that Shingles reads text as Observe does (case and
// punctuation do not count) and that the signature estimates the Jaccard
// similarity of the shingle sets it returns.
func TestShingles(t *testing.T) {
	var o Options
	base := story(5, 40)
	if a, b := o.Shingles(base), o.Shingles(strings.ToUpper(strings.ReplaceAll(base, ",", " ; "))); !slices.Equal(a, b) {
		t.Fatalf("case and punctuation changed the shingles")
	}
	if got := o.Shingles("two words"); len(got) != 1 {
		t.Fatalf("a text shorter than a shingle gave %d shingles, want 1", len(got))
	}
	if got := o.Shingles(" ... "); len(got) != 0 {
		t.Fatalf("a text without words gave %d shingles", len(got))
	}
	words := strings.Fields(base)
	half := strings.Join(words[:len(words)*6/10], " ")
	a, b := o.Shingles(base), o.Shingles(half)
	common := 0
	for _, h := range b {
		if _, ok := slices.BinarySearch(a, h); ok {
			common++
		}
	}
	exact := float64(common) / float64(len(a)+len(b)-common)
	ea, eb := o.Observe(0, "a", "", "", base), o.Observe(1, "b", "", "", half)
	est := float64(equalValues(ea.Sig, eb.Sig)) / float64(len(ea.Sig))
	if d := est - exact; d < -0.15 || d > 0.15 {
		t.Fatalf("signature estimate %.2f, exact Jaccard %.2f", est, exact)
	}
}

// TestContainment checks the containment rule: it counts distinct
// shingles, so a text that repeats itself is judged by what it holds, and
// it needs a text of at least minContained shingles, so a line or two
// found inside a longer page joins nothing.
func TestContainment(t *testing.T) {
	o := Options{}.withDefaults()
	para := story(7, 3) // about 40 words
	// A page printing the paragraph ten times, and a text that shares its
	// first 19 words and goes on with another story: under half of the
	// page's distinct shingles are in the text.
	repeated := strings.Repeat(para+" ", 10)
	shares := strings.Join(strings.Fields(para)[:19], " ") + " " + story(8, 3)
	a, b := o.Observe(0, "a", "", "", repeated), o.Observe(1, "b", "", "", shares)
	if o.near(&a, &b) {
		t.Errorf("a paragraph printed ten times was joined to a text holding a third of it")
	}
	// A 20-word line of a 40-word paragraph: Jaccard similarity under
	// the threshold, contained, but too short to judge by containment.
	short := strings.Join(strings.Fields(para)[:20], " ")
	a, b = o.Observe(0, "a", "", "", short), o.Observe(1, "b", "", "", para)
	if o.near(&a, &b) {
		t.Errorf("a 20-word line inside a 40-word paragraph was judged a near duplicate")
	}
	long := story(10, 12) // about 150 words
	if !samePair(o, long, long+" "+story(11, 4)) {
		t.Errorf("a story with more after it was not joined to it")
	}
}

func samePair(o Options, a, b string) bool {
	x := NewIndex(o)
	x.Add(o.Observe(0, "a", "", "", a))
	x.Add(o.Observe(1, "b", "", "", b))
	return len(x.Clusters()) == 1
}
