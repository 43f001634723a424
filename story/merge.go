package story

import (
	"slices"
	"sort"
)

// Bounds of the merging of stories. They keep the work of a round
// proportional to the stories that changed in the one before.
const (
	mergeQuery  = 16 // a story's heaviest terms that look for partners
	mergeRounds = 32 // rounds of merging, at most
)

// group is a story of the merging step: the sum of its members' unit
// vectors (the centroidTerms heaviest terms, sorted by hash), its size,
// its members' words and the days of its first and last dated members
// (NoDay when it has none).
type group struct {
	sum         []Term
	n           int
	words       int64
	first, last int32
	indexed     []uint32 // the terms it is indexed under
}

// near reports whether two groups, the days of whose first and last
// dated members are given, are within window days of each other. Groups
// with no dated member are near each other only.
func near(first1, last1, first2, last2, window int32) bool {
	if first1 == NoDay || first2 == NoDay {
		return first1 == first2
	}
	return first1 <= last2+window && first2 <= last1+window
}

// link returns the average-link similarity of two groups: the mean
// cosine similarity of a member of one to a member of the other, which
// for unit vectors is the dot product of the sums over the product of
// the sizes.
func link(g, h *group) float64 {
	return cosine(g.sum, h.sum) / float64(g.n*h.n)
}

// merge joins the stories of the online clustering (assign, by entry, in
// the entries' order) whose average-link similarity is at least the
// merging threshold for their length and whose members are within the
// time window of each other, by agglomerative average-link clustering
// over the stories: in each round every story that changed (and every
// story that a changed one now prefers) finds its most similar partner
// among the stories that share its heaviest terms, and the pairs that
// find each other merge. It returns the new story of each entry,
// numbered from 0 in the entries' order.
func (s *State) merge(assign []int32) []int32 {
	o := s.opts
	es := s.entries
	var gs []group
	for i, c := range assign {
		for int(c) >= len(gs) {
			gs = append(gs, group{first: NoDay, last: NoDay})
		}
		g := &gs[c]
		g.sum, _ = addTerms(g.sum, es[i].Terms)
		g.n++
		g.words += int64(es[i].Words)
		if d := es[i].Day; d != NoDay {
			g.first = min(g.first, d) // NoDay is the greatest day
			if g.last == NoDay || d > g.last {
				g.last = d
			}
		}
	}
	// The stories are numbered as they open in date order, so that a
	// posting list, in the stories' order, is in the order of their first
	// days (the undated last).
	postings := map[uint32][]int32{}
	index := func(c int32) {
		g := &gs[c]
		for _, h := range newIndexTerms(&g.indexed, g.sum) {
			ps := postings[h]
			i, _ := slices.BinarySearch(ps, c)
			postings[h] = slices.Insert(ps, i, c)
		}
	}
	// parent[c] is the story that c was merged into, or c.
	parent := make([]int32, len(gs))
	dirty := make([]int32, len(gs))
	for i := range gs {
		parent[i] = int32(i)
		dirty[i] = int32(i)
		index(int32(i))
	}
	window := int32(o.Window)
	// The days of each story's first and last members, apart from the
	// stories, for the scans of the postings.
	first, last := make([]int32, len(gs)), make([]int32, len(gs))
	for i := range gs {
		first[i], last[i] = gs[i].first, gs[i].last
	}
	best := make([]int32, len(gs))
	for i := range best {
		best[i] = -1
	}
	score := make([]float32, len(gs))
	stamp := make([]int32, len(gs))
	for i := range stamp {
		stamp[i] = -1
	}
	mark := make([]int32, len(gs))    // the round a story was last put in next
	changed := make([]int32, len(gs)) // the round a story last grew
	var cands, next []int32
	for round := range int32(mergeRounds) {
		if len(dirty) == 0 {
			break
		}
		for _, g := range dirty {
			x := &gs[g]
			best[g] = -1
			var bestSim float64
			cands = cands[:0]
			for _, t := range heaviest(x.sum, mergeQuery) {
				ps := postings[t.Hash]
				// The stories that open after x's window closes are
				// past the end; the maxPostings latest before it are
				// looked at.
				end := len(ps)
				if x.first != NoDay {
					end = sort.Search(len(ps), func(j int) bool { return first[ps[j]] > x.last+window })
				}
				for j := end - 1; j >= 0 && j >= end-maxPostings; j-- {
					c := ps[j]
					if c == g || parent[c] != c || !near(x.first, x.last, first[c], last[c], window) {
						continue
					}
					if stamp[c] != g {
						stamp[c], score[c] = g, 0
						cands = append(cands, c)
					}
					score[c] += t.Weight
				}
			}
			for _, c := range cands {
				stamp[c] = -1
			}
			cands = topCandidates(cands, score, maxCandidates)
			for _, c := range cands {
				y := &gs[c]
				least := o.merging(int32((x.words + y.words) / int64(x.n+y.n)))
				if sim := link(x, y); sim >= least && (best[g] < 0 || sim > bestSim || sim == bestSim && c < best[g]) {
					best[g], bestSim = c, sim
				}
			}
		}
		// The pairs that chose each other merge, into the earlier.
		next = next[:0]
		add := func(c int32) {
			if mark[c] != round+1 {
				mark[c] = round + 1
				next = append(next, c)
			}
		}
		merged := false
		for _, g := range dirty {
			b := best[g]
			if b < 0 || best[b] != g || parent[g] != g || parent[b] != b {
				if b >= 0 {
					add(b) // b is asked again whether it prefers g
				}
				continue
			}
			a, z := min(g, b), max(g, b)
			x, y := &gs[a], &gs[z]
			x.sum, _ = addTerms(x.sum, y.sum)
			x.n += y.n
			x.words += y.words
			x.first = min(x.first, y.first)
			if y.last != NoDay && (x.last == NoDay || y.last > x.last) {
				x.last = y.last
			}
			*y = group{}
			first[a], last[a] = x.first, x.last
			parent[z] = a
			index(a)
			add(a)
			changed[a] = round + 1
			merged = true
		}
		if !merged {
			break
		}
		// The stories that preferred one that has changed choose again.
		for c := range gs {
			if b := best[c]; parent[c] == int32(c) && b >= 0 && (parent[b] != b || changed[b] == round+1) {
				add(int32(c))
			}
		}
		dirty, next = next, dirty
		slices.Sort(dirty)
	}
	// Number the merged stories in the entries' order.
	root := func(c int32) int32 {
		for parent[c] != c {
			c = parent[c]
		}
		return c
	}
	number := make([]int32, len(gs))
	for i := range number {
		number[i] = -1
	}
	out := make([]int32, len(assign))
	n := int32(0)
	for i, c := range assign {
		r := root(c)
		if number[r] < 0 {
			number[r] = n
			n++
		}
		out[i] = number[r]
	}
	return out
}

// heaviest returns the n heaviest terms.
func heaviest(ts []Term, n int) []Term {
	c := slices.Clone(ts)
	slices.SortFunc(c, byWeight)
	if len(c) > n {
		c = c[:n]
	}
	return c
}
