package boiler

// applyContext turns the per-block classes into keep decisions.
//
// Short and near-good blocks take their neighbours' side, as in the
// context-sensitive stage of jusText: a short block between prose is a
// subheading or a short paragraph; the same block among chrome is chrome.
// Then the article is the run of blocks with the most prose, net of the
// chrome inside it (a maximum-sum segment): blocks outside it are cut.
func applyContext(blocks []Block, feats []features) {
	n := len(blocks)
	if n == 0 {
		return
	}
	class := make([]Class, n)
	for i := range blocks {
		class[i] = blocks[i].Class
	}
	// Nearest decided neighbour on each side, ignoring short and near-good
	// blocks; the edges of the page count as chrome.
	prevSure := make([]Class, n)
	last := Bad
	for i := range n {
		prevSure[i] = last
		if class[i] == Good || class[i] == Bad {
			last = class[i]
		}
	}
	nextSure := make([]Class, n)
	last = Bad
	for i := n - 1; i >= 0; i-- {
		nextSure[i] = last
		if class[i] == Good || class[i] == Bad {
			last = class[i]
		}
	}
	keep := make([]bool, n)
	for i, c := range class {
		switch c {
		case Good:
			keep[i] = true
		case NearGood:
			keep[i] = prevSure[i] == Good || nextSure[i] == Good
		case Short:
			keep[i] = prevSure[i] == Good && nextSure[i] == Good
		}
	}
	// A short block right before prose that is kept is its heading.
	for i := 0; i+1 < n; i++ {
		if class[i] == Short && !keep[i] && keep[i+1] && class[i+1] == Good && !feats[i].terminal &&
			feats[i].words >= 2 && (i == 0 || !keep[i-1]) {
			keep[i] = true
		}
	}

	start, end := mainRun(blocks, feats, keep)
	for i := range blocks {
		b := &blocks[i]
		switch {
		case !keep[i]:
			b.Keep = false
			if b.Reason == "" {
				b.Reason = ReasonShort
				if class[i] == NearGood {
					b.Reason = ReasonNoProse
				}
			}
		case i < start || i >= end:
			b.Keep, b.Reason = false, ReasonOutside
		default:
			b.Keep, b.Reason = true, ""
		}
	}
}

// mainRun returns the half-open range of blocks [start, end) with the
// largest sum of kept words minus the weight of the chrome inside it.
// Chrome recognised as an insert (galleries, credits, share bars) weighs
// little: articles are often cut by them. Unexplained chrome weighs more.
func mainRun(blocks []Block, feats []features, keep []bool) (int, int) {
	bestSum, best0, best1 := 0.0, 0, 0
	sum, s0 := 0.0, 0
	for i := range blocks {
		sum += weight(&blocks[i], &feats[i], keep[i])
		if sum <= 0 {
			sum, s0 = 0, i+1
			continue
		}
		if sum > bestSum {
			bestSum, best0, best1 = sum, s0, i+1
		}
	}
	return best0, best1
}

func weight(b *Block, f *features, keep bool) float64 {
	w := float64(f.words)
	if keep {
		return w
	}
	switch b.Reason {
	case ReasonCounter, ReasonCredit, ReasonChrome, ReasonDuplicate, ReasonDateline:
		return -1 - 0.1*w
	}
	return -2 - 0.3*w
}
