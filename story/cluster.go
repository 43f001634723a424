package story

import (
	"math"
	"slices"
)

// Bounds of the online clustering. They keep the work per document
// constant: a term shared by many open stories is looked up in its most
// recent ones only, and only the stories that share the most weight with
// a document have their similarity computed.
const (
	centroidTerms = 128 // terms kept of a story's centroid, the heaviest
	indexTerms    = 16  // a story's heaviest terms that are indexed
	maxIndexed    = 48  // terms a story is indexed under, at most
	maxPostings   = 64  // open stories kept per indexed term, the latest
	maxCandidates = 8   // stories a document is compared with
)

// open is a story of the clustering.
type open struct {
	centroid []Term // sum of the members' terms, sorted by hash
	norm     float64
	rest     float64 // squared weight of the terms not in centroid
	closed   bool
	last     int32 // day of the latest dated member
	indexed  []uint32
}

// cluster assigns each entry, in the entries' order, to a story and
// returns the story numbers.
func (s *State) cluster() []int32 {
	o := s.opts
	es := s.entries
	assign := make([]int32, len(es))
	var (
		stories  []open
		postings = map[uint32][]int32{}
		copies   = map[string]int32{}
		score    []float32
		stamp    []int32
		active   []int32 // stories not yet closed
		today    = int32(NoDay)
		cands    []int32
	)
	for i := range es {
		e := &es[i]
		if e.Day != NoDay && e.Day != today {
			today = e.Day
			still := active[:0]
			for _, c := range active {
				if stories[c].last != NoDay && stories[c].last < today-int32(o.Window) {
					stories[c] = open{closed: true}
					continue
				}
				still = append(still, c)
			}
			active = still
		}
		best, bestSim := int32(-1), o.threshold(e.Words)
		if c, ok := copies[e.Copy]; ok && e.Copy != "" {
			best = c
		} else {
			cands = cands[:0]
			for _, t := range e.Terms {
				ps := postings[t.Hash]
				live := ps[:0]
				for _, c := range ps {
					if stories[c].closed {
						continue
					}
					live = append(live, c)
					if stamp[c] != int32(i) {
						stamp[c], score[c] = int32(i), 0
						cands = append(cands, c)
					}
					score[c] += t.Weight
				}
				if len(live) < len(ps) {
					postings[t.Hash] = live
				}
			}
			cands = topCandidates(cands, score, maxCandidates)
			for _, c := range cands {
				st := &stories[c]
				if sim := cosine(e.Terms, st.centroid) / st.norm; sim >= bestSim {
					if sim > bestSim || best < 0 || c < best {
						best, bestSim = c, sim
					}
				}
			}
		}
		if best < 0 {
			best = int32(len(stories))
			stories = append(stories, open{last: NoDay})
			score = append(score, 0)
			stamp = append(stamp, -1)
			active = append(active, best)
		}
		if e.Copy != "" {
			if _, ok := copies[e.Copy]; !ok {
				copies[e.Copy] = best
			}
		}
		assign[i] = best
		st := &stories[best]
		if e.Day != NoDay && (st.last == NoDay || e.Day > st.last) {
			st.last = e.Day
		}
		if st.closed {
			continue // a copy joining a closed story
		}
		// The entries' terms are parts of unit vectors whose other terms
		// (those no other entry has) cannot match; they count in the
		// centroid's length all the same.
		st.rest += max(0, 1-sumSquares(e.Terms))
		var cut float64
		st.centroid, cut = addTerms(st.centroid, e.Terms)
		st.rest += cut
		st.norm = math.Sqrt(sumSquares(st.centroid) + st.rest)
		if st.norm == 0 {
			st.norm = 1
		}
		for _, h := range newIndexTerms(&st.indexed, st.centroid) {
			ps := append(postings[h], best)
			if len(ps) > maxPostings {
				ps = append(ps[:0], ps[len(ps)-maxPostings:]...)
			}
			postings[h] = ps
		}
	}
	return assign
}

// topCandidates returns the k candidates of greatest score (of the
// earliest story on a tie), moved to the front of cands.
func topCandidates(cands []int32, score []float32, k int) []int32 {
	if len(cands) <= k {
		return cands
	}
	for i := range k {
		m := i
		for j := i + 1; j < len(cands); j++ {
			a, b := cands[j], cands[m]
			if score[a] > score[b] || score[a] == score[b] && a < b {
				m = j
			}
		}
		cands[i], cands[m] = cands[m], cands[i]
	}
	return cands[:k]
}

// sumSquares returns the sum of the squared weights.
func sumSquares(ts []Term) float64 {
	var s float64
	for _, t := range ts {
		s += float64(t.Weight) * float64(t.Weight)
	}
	return s
}

// addTerms returns the sum of two term lists sorted by hash, keeping the
// centroidTerms heaviest, and the sum of the squared weights cut.
func addTerms(a, b []Term) ([]Term, float64) {
	out := make([]Term, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].Hash < b[j].Hash):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].Hash < a[i].Hash:
			out = append(out, b[j])
			j++
		default:
			out = append(out, Term{a[i].Hash, a[i].Weight + b[j].Weight})
			i++
			j++
		}
	}
	var cut float64
	if len(out) > centroidTerms {
		slices.SortFunc(out, byWeight)
		cut = sumSquares(out[centroidTerms:])
		out = out[:centroidTerms]
		slices.SortFunc(out, byHash)
	}
	return slices.Clip(out), cut
}

// newIndexTerms returns the heaviest terms of a story (at most
// indexTerms) that it is not yet indexed under, and adds them to
// *indexed, which holds maxIndexed terms at most.
func newIndexTerms(indexed *[]uint32, ts []Term) []uint32 {
	var out []uint32
	for _, h := range topHashes(ts, indexTerms) {
		if len(*indexed) >= maxIndexed {
			break
		}
		if !slices.Contains(*indexed, h) {
			*indexed = append(*indexed, h)
			out = append(out, h)
		}
	}
	return out
}

// topHashes returns the hashes of the n heaviest terms.
func topHashes(ts []Term, n int) []uint32 {
	c := heaviest(ts, n)
	out := make([]uint32, len(c))
	for i, t := range c {
		out[i] = t.Hash
	}
	return out
}
