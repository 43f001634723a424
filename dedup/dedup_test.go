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
	for _, o := range []Options{{Shingle: -1}, {Bands: 100, Rows: 100}, {Threshold: 2}} {
		if o.Validate() == nil {
			t.Errorf("%+v is valid", o)
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
