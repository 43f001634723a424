package article

import (
	"math"
	"slices"
)

// Parameters of the boosted trees.
const (
	boostTrees = 60
	boostDepth = 3
	boostRate  = 0.15
	boostL2    = 1.0
	boostBins  = 32
	boostChild = 0.5 // least hessian weight of a leaf
)

// boost fits a boosted ensemble of complete trees of boostDepth for the
// logistic loss on the samples of pages in sets (a bitmask) on the side
// keep of the rules' decision. Splits are between the quantiles of each
// feature's values; everything is read in page order, so the result is
// deterministic.
func boost(pages []learnPage, sets int, keep bool) []treeModel {
	var xs []*blockFeatures
	var ys, ws []float64
	for _, s := range trainingSamples(pages, sets, keep) {
		xs, ys, ws = append(xs, &s.x), append(ys, s.y), append(ws, s.w)
	}
	if len(xs) == 0 {
		return nil
	}
	// cuts[f] are the split values tried on feature f.
	var cuts [numFeatures][]float64
	for f := 1; f < numFeatures; f++ {
		vals := make([]float64, len(xs))
		for i, x := range xs {
			vals[i] = x[f]
		}
		slices.Sort(vals)
		vals = slices.Compact(vals)
		if len(vals) > boostBins {
			q := make([]float64, 0, boostBins)
			for b := 1; b < boostBins; b++ {
				q = append(q, vals[b*len(vals)/boostBins])
			}
			vals = slices.Compact(q)
		}
		if len(vals) > 0 {
			cuts[f] = vals[1:] // x >= cut goes right
		}
	}
	bins := make([][numFeatures]uint8, len(xs))
	for i, x := range xs {
		for f := 1; f < numFeatures; f++ {
			b, _ := slices.BinarySearch(cuts[f], x[f])
			if b < len(cuts[f]) && cuts[f][b] == x[f] {
				b++
			}
			bins[i][f] = uint8(b)
		}
	}
	sw, sy := 0.0, 0.0
	for i := range ys {
		sw += ws[i]
		sy += ws[i] * ys[i]
	}
	mean := min(max(sy/sw, 1e-6), 1-1e-6)
	base := math.Log(mean / (1 - mean))
	trees := []treeModel{{Value: []float64{base}}}
	z := make([]float64, len(xs))
	for i := range z {
		z[i] = base
	}
	g := make([]float64, len(xs))
	h := make([]float64, len(xs))
	inner := 1<<boostDepth - 1
	for range boostTrees {
		for i := range z {
			p := 1 / (1 + math.Exp(-z[i]))
			g[i] = ws[i] * (p - ys[i])
			h[i] = ws[i] * p * (1 - p)
		}
		tm := treeModel{Feature: make([]int, inner), Below: make([]float64, inner), Value: make([]float64, inner+1)}
		node := make([]int, len(xs)) // node of each sample at the current level
		for level := 0; level < boostDepth; level++ {
			first := 1<<level - 1
			count := 1 << level
			var gh [][numFeatures][boostBins + 1][2]float64
			gh = make([][numFeatures][boostBins + 1][2]float64, count)
			var tot = make([][2]float64, count)
			for i := range xs {
				n := node[i] - first
				tot[n][0] += g[i]
				tot[n][1] += h[i]
				for f := 1; f < numFeatures; f++ {
					b := bins[i][f]
					gh[n][f][b][0] += g[i]
					gh[n][f][b][1] += h[i]
				}
			}
			for n := range count {
				bestGain, bestF, bestCut := 0.0, -1, 0.0
				G, H := tot[n][0], tot[n][1]
				parent := G * G / (H + boostL2)
				for f := 1; f < numFeatures; f++ {
					gl, hl := 0.0, 0.0
					for b := 0; b < len(cuts[f]); b++ {
						gl += gh[n][f][b][0]
						hl += gh[n][f][b][1]
						gr, hr := G-gl, H-hl
						if hl < boostChild || hr < boostChild {
							continue
						}
						if gain := gl*gl/(hl+boostL2) + gr*gr/(hr+boostL2) - parent; gain > bestGain+1e-12 {
							bestGain, bestF, bestCut = gain, f, cuts[f][b]
						}
					}
				}
				tm.Feature[first+n] = bestF
				tm.Below[first+n] = bestCut
			}
			for i, x := range xs {
				n := node[i]
				f := tm.Feature[n]
				if f >= 0 && x[f] >= tm.Below[n] {
					node[i] = 2*n + 2
				} else {
					node[i] = 2*n + 1
				}
			}
		}
		var lg, lh [1 << boostDepth]float64
		for i := range xs {
			l := node[i] - inner
			lg[l] += g[i]
			lh[l] += h[i]
		}
		for l := range tm.Value {
			tm.Value[l] = -boostRate * lg[l] / (lh[l] + boostL2)
		}
		for i := range xs {
			z[i] += tm.Value[node[i]-inner]
		}
		trees = append(trees, tm)
	}
	return trees
}
