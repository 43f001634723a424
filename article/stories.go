package article

import (
	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/htmltext"
)

// dropLaterStories drops the kept blocks of the <article> elements inside
// the container c that come after the first, when two or more of them,
// none inside another, each hold an <h1> and an article's worth of kept
// prose: a page that loads the next stories under the one it is for, each
// with its own headline. (Posts on a blog's front page, teasers and
// sections of one story do not each have an <h1>.)
func (t *tree) dropLaterStories(blocks []Block, hb []htmltext.Block, c int32) {
	if c == t.root() || t.nodes[c].Tag == atom.Article {
		return
	}
	// The elements are in document order, a parent before its children,
	// so those inside c follow it, each with its parent among them.
	n := int32(len(t.nodes))
	end := c + 1
	found := false
	for ; end < n && t.nodes[end].Parent >= c; end++ {
		found = found || t.nodes[end].Tag == atom.Article
	}
	if !found {
		return
	}
	// story[i-c] is the outermost <article> inside c that holds element
	// i, or -1; headed[s-c] whether story s holds an <h1>.
	story := make([]int32, end-c)
	headed := make([]bool, end-c)
	story[0] = -1
	for i := c + 1; i < end; i++ {
		s := story[t.nodes[i].Parent-c]
		if s < 0 && t.nodes[i].Tag == atom.Article {
			s = i
		}
		story[i-c] = s
		if s >= 0 && t.nodes[i].Tag == atom.H1 {
			headed[s-c] = true
		}
	}
	words := map[int32]float64{}
	var order []int32
	for i := range blocks {
		if at := hb[i].Node; blocks[i].Keep && at > c && at < end {
			if s := story[at-c]; s >= 0 && headed[s-c] {
				if _, ok := words[s]; !ok {
					order = append(order, s)
				}
				words[s] += t.words[i]
			}
		}
	}
	later := map[int32]bool{}
	for _, s := range order {
		if words[s] >= minArticleWords {
			later[s] = true
		}
	}
	if len(later) < 2 {
		return
	}
	for _, s := range order {
		if later[s] {
			delete(later, s) // the first story stays
			break
		}
	}
	for i := range blocks {
		if at := hb[i].Node; blocks[i].Keep && at > c && at < end && story[at-c] >= 0 && later[story[at-c]] {
			blocks[i].Keep, blocks[i].Reason = false, ReasonRelated
		}
	}
}
