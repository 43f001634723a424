package story

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/score"
)

// synthetic returns the ECB+ dev articles with, for each, a copy and a
// rewrite made from it, as outlets run a story:
//
//   - a copy keeps the title and the text, with its last sentence cut and
//     a word in thirty replaced by a word of another article;
//   - a rewrite has the article's first sentence of text as its title and
//     keeps half of the text's sentences, at least two, in a shuffled
//     order.
//
// Its limits: a rewrite here reorders and drops the original's sentences
// but keeps their words, where a real rewrite says the same in other
// words, so rewrites are easier to find here than in the wild; and the
// set is English and undated, so neither tokenization of other scripts
// nor the time window is tried. What it does try is that copies and
// partial rewrites land in their original's story, beside the sister
// event of each topic, which shares its vocabulary.
func synthetic(topics []topic) (docs []Doc, event []int, origin []int) {
	r := rand.New(rand.NewPCG(1, 2))
	var all []Doc
	var labels []int
	for _, tp := range topics {
		all = append(all, tp.docs...)
		labels = append(labels, tp.golds[0]...)
	}
	key := int64(0)
	add := func(d Doc, ev, from int) {
		d.Key = key
		key++
		docs = append(docs, d)
		event = append(event, ev)
		origin = append(origin, from)
	}
	for i, d := range all {
		add(d, labels[i], i)
	}
	for i, d := range all {
		sents := strings.Split(d.Text, "\n")
		// The copy.
		c := d
		c.ID, c.URL = d.ID+"-copy", fmt.Sprintf("https://copy.example/%d", i)
		cs := sents
		if len(cs) > 2 {
			cs = cs[:len(cs)-1]
		}
		words := strings.Fields(strings.Join(cs, "\n"))
		other := strings.Fields(all[r.IntN(len(all))].Text)
		for j := r.IntN(30); j < len(words) && len(other) > 0; j += 30 {
			words[j] = other[r.IntN(len(other))]
		}
		c.Text = strings.Join(words, " ")
		add(c, labels[i], i)
		// The rewrite.
		if len(sents) < 3 {
			continue
		}
		w := d
		w.ID, w.URL = d.ID+"-rewrite", fmt.Sprintf("https://rewrite.example/%d", i)
		w.Title = sents[0]
		rest := append([]string{}, sents[1:]...)
		r.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
		w.Text = strings.Join(rest[:max(2, len(rest)/2)], "\n")
		add(w, labels[i], i)
	}
	return docs, event, origin
}

// TestSynthetic checks that copies and rewrites made from the ECB+ dev
// articles join their original's story, and that the stories still match
// the events.
func TestSynthetic(t *testing.T) {
	docs, event, origin := synthetic(loadECB(t))
	s := NewState(Options{})
	for _, d := range docs {
		s.Add(s.opts.Observe(d))
	}
	story := map[int64]int{}
	for n, st := range s.Stories() {
		for _, m := range st.Members {
			story[m.Key] = n
		}
	}
	labels := make([]int, len(docs))
	var copies, copiesIn, rewrites, rewritesIn int
	for i, d := range docs {
		labels[i] = story[d.Key]
		same := story[d.Key] == story[docs[origin[i]].Key]
		switch {
		case strings.HasSuffix(d.ID, "-copy"):
			copies++
			if same {
				copiesIn++
			}
		case strings.HasSuffix(d.ID, "-rewrite"):
			rewrites++
			if same {
				rewritesIn++
			}
		}
	}
	a := score.ARI(labels, event)
	t.Logf("%d articles: %d/%d copies and %d/%d rewrites in their original's story; ARI against the events %.3f",
		len(docs), copiesIn, copies, rewritesIn, rewrites, a)
	if float64(copiesIn) < 0.98*float64(copies) || float64(rewritesIn) < 0.8*float64(rewrites) || a < 0.6 {
		t.Errorf("below the floors: copies 0.98, rewrites 0.8, ARI 0.6")
	}
}
