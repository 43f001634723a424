package article

import (
	_ "embed"
	"encoding/json"
	"math"
	"sync"

	"golang.org/x/net/html/atom"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
)

// The block classifier is a second opinion on the rules' decisions: two
// logistic regressions over what the rules already know of a block (its
// length, links and cleaner verdict, its place against the container and
// the kept blocks, its element's kind), one that may keep a block the
// rules dropped (among the article's kept blocks), one that may drop a
// block they kept. Each acts only past its threshold, where it is surer
// than the rules. The weights are trained on the dev extraction sets by
// `go test -run TestTrain -train` (learn_test.go), which also scores the
// model against the rules on held-out sets and turns it on only when it
// beats them there. The shipped weights are turned off: see BENCHMARKS.md,
// "A learned block classifier".

// Features of a block, in the order of the weights.
const (
	fBias = iota
	fWords
	fLinks
	fShort
	fNearGood
	fGood
	fOutside
	fShortContext
	fNoProse
	fLinkList
	fPhrase
	fDuplicate
	fComments
	fMarkup
	fInContainer
	fBetween
	fBefore
	fAfter
	fPrevKept
	fNextKept
	fDistance
	fHeading
	fItem
	fQuote
	fCell
	fTerminal
	fAmongProse
	fRootContainer
	fPosition
	fUnderContent
	fInLink
	fUnderNav
	fUnderRelated
	fUnderComments
	fUnderCaption
	fSiblingKept
	fDepth
	fGoodInContainer
	fShortBetween
	numFeatures
)

// featureNames name the features in the weight file, which must list
// them in this order.
var featureNames = [numFeatures]string{
	"bias", "log-words", "link-share", "short", "near-good", "good",
	"outside", "short-context", "not-prose", "links", "chrome-phrase", "duplicate", "comments", "markup-chrome",
	"in-container", "between-kept", "before-kept", "after-kept", "prev-kept", "next-kept", "log-distance",
	"heading", "item", "quote-pre", "cell", "terminal", "among-prose", "root-container", "position",
	"under-content", "in-link", "under-nav", "under-related", "under-comments", "under-caption",
	"sibling-kept", "log-depth", "good-in-container", "short-between",
}

type blockFeatures [numFeatures]float64

// classifier says how likely a block is content: σ(w·x + Σ trees(x)),
// a logistic regression, a boosted ensemble of small trees, or both.
type classifier struct {
	W     []float64   `json:"w,omitempty"`
	Trees []treeModel `json:"trees,omitempty"`
	// Threshold is the probability past which the model overrules the
	// rules: above it for Rescue, below 1-Threshold for Drop.
	Threshold float64 `json:"threshold"`
}

// treeModel is a complete binary tree of depth d: Feature and Below
// hold its 2^d-1 splits in breadth-first order (x[Feature] < Below goes
// left), Value its 2^d leaves.
type treeModel struct {
	Feature []int     `json:"f"`
	Below   []float64 `json:"t"`
	Value   []float64 `json:"v"`
}

func (tm *treeModel) eval(x *blockFeatures) float64 {
	i := 0
	for i < len(tm.Feature) {
		f := tm.Feature[i]
		if f >= 0 && f < numFeatures && x[f] >= tm.Below[i] {
			i = 2*i + 2
		} else {
			i = 2*i + 1
		}
	}
	if j := i - len(tm.Feature); j < len(tm.Value) {
		return tm.Value[j]
	}
	return 0
}

func (l *classifier) prob(x *blockFeatures) float64 {
	s := 0.0
	if len(l.W) == numFeatures {
		for i, w := range l.W {
			s += w * x[i]
		}
	}
	for i := range l.Trees {
		s += l.Trees[i].eval(x)
	}
	return 1 / (1 + math.Exp(-s))
}

// blockModel is the classifier: Rescue judges the blocks the rules
// dropped, Drop those they kept. A zero threshold turns a model off.
type blockModel struct {
	Features []string   `json:"features"`
	Rescue   classifier `json:"rescue"`
	Drop     classifier `json:"drop"`

	// observe, when set, is given every block's features and the rules'
	// decision before the model acts (for training).
	observe func(i int, x *blockFeatures, keep bool)
}

//go:embed blockmodel.json
var blockModelJSON []byte

// shippedModel is the embedded classifier, or nil when the weight file
// does not fit the features of this code.
var shippedModel = sync.OnceValue(func() *blockModel {
	var m blockModel
	if err := json.Unmarshal(blockModelJSON, &m); err != nil || !m.fits() {
		return nil
	}
	return &m
})

// fits reports whether m's features are this code's, in order, and its
// trees are whole.
func (m *blockModel) fits() bool {
	if len(m.Features) != numFeatures {
		return false
	}
	for i, f := range m.Features {
		if f != featureNames[i] {
			return false
		}
	}
	for _, c := range []*classifier{&m.Rescue, &m.Drop} {
		for _, tm := range c.Trees {
			if len(tm.Below) != len(tm.Feature) || len(tm.Value) != len(tm.Feature)+1 {
				return false
			}
		}
	}
	return true
}

// refine lets m overrule the rules' decisions on blocks. in and below
// are as in judge, c the container.
func (t *tree) refine(m *blockModel, blocks []Block, hb []htmltext.Block, rb []boiler.Block, in []bool, below []signal, c int32) {
	if m == nil || (m.Rescue.Threshold == 0 && m.Drop.Threshold == 0 && m.observe == nil) {
		return
	}
	first, last := -1, -1
	for i := range blocks {
		if blocks[i].Keep {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return // no article to refine
	}
	// nextKept[i] is the first block from i on that the rules kept (-1
	// for none); with the last kept block before i, it gives the
	// distance to the nearest kept block.
	n := len(blocks)
	nextKept := make([]int, n+1)
	nextKept[n] = -1
	for i := n - 1; i >= 0; i-- {
		nextKept[i] = nextKept[i+1]
		if blocks[i].Keep {
			nextKept[i] = i
		}
	}
	// keptBeside counts, by element, the kept blocks in it or in its
	// children.
	keptBeside := make([]int32, len(t.nodes)+1)
	for i := range blocks {
		if blocks[i].Keep {
			at := t.index(hb[i].Node)
			keptBeside[at]++
			if at != t.root() {
				keptBeside[t.index(t.nodes[at].Parent)]++
			}
		}
	}
	var x blockFeatures
	prevKept := -1
	flips := make([]bool, n)
	for i := range blocks {
		b := &blocks[i]
		if b.Reason == boiler.ReasonHeadline {
			continue
		}
		at := t.index(hb[i].Node)
		next := nextKept[min(i+1, n)]
		t.features(&x, i, n, b, hb[i], &rb[i], at, in, below, c, first, last, prevKept, next)
		if at != t.root() {
			own := int32(0)
			if b.Keep {
				own = 1
			}
			x[fSiblingKept] = math.Log1p(float64(max(keptBeside[at]-own, keptBeside[t.index(t.nodes[at].Parent)]-own)))
		}
		if m.observe != nil {
			m.observe(i, &x, b.Keep)
		}
		switch {
		case b.Keep && m.Drop.Threshold > 0:
			flips[i] = m.Drop.prob(&x) < 1-m.Drop.Threshold
		case !b.Keep && m.Rescue.Threshold > 0 && rescueCandidate(&x):
			flips[i] = m.Rescue.prob(&x) > m.Rescue.Threshold
		}
		if b.Keep {
			prevKept = i
		}
	}
	for i, f := range flips {
		if !f {
			continue
		}
		b := &blocks[i]
		if b.Keep {
			b.Keep, b.Reason = false, ReasonLearned
		} else {
			b.Keep, b.Reason = true, ""
		}
	}
}

// rescueCandidate reports whether a block the rules dropped is near
// enough to the article for the rescue model to judge it: inside the
// container or a few blocks from a kept one. Chrome far from the article
// is never rescued, and does not crowd the model's training.
func rescueCandidate(x *blockFeatures) bool {
	return x[fInContainer] == 1 && x[fBetween] == 1
}

// rescueReach is how many blocks from a kept block the rescue model
// looks outside the container.
const rescueReach = 2

// ReasonLearned is given to a block the rules kept and the block
// classifier dropped.
const ReasonLearned = "learned"

// features fills x for block i of n, b its decision by the rules.
func (t *tree) features(x *blockFeatures, i, n int, b *Block, hb htmltext.Block, rb *boiler.Block, at int32,
	in []bool, below []signal, c int32, first, last, prev, next int) {
	clear(x[:])
	flag := func(f int, v bool) {
		if v {
			x[f] = 1
		}
	}
	x[fBias] = 1
	x[fWords] = math.Log1p(t.words[i])
	if len(hb.Text) > 0 {
		x[fLinks] = float64(hb.LinkBytes) / float64(len(hb.Text))
	}
	flag(fShort, rb.Class == boiler.Short)
	flag(fNearGood, rb.Class == boiler.NearGood)
	flag(fGood, rb.Class == boiler.Good)
	switch rb.Reason {
	case boiler.ReasonOutside:
		x[fOutside] = 1
	case boiler.ReasonShort:
		x[fShortContext] = 1
	case boiler.ReasonNoProse, boiler.ReasonSymbols:
		x[fNoProse] = 1
	case boiler.ReasonLinks:
		x[fLinkList] = 1
	case boiler.ReasonChrome, boiler.ReasonCounter, boiler.ReasonCredit, boiler.ReasonByline, boiler.ReasonDateline:
		x[fPhrase] = 1
	case boiler.ReasonDuplicate:
		x[fDuplicate] = 1
	case boiler.ReasonComments:
		x[fComments] = 1
	}
	flag(fMarkup, in[at] && below[at] != 0)
	flag(fInContainer, in[at])
	flag(fBetween, i > first && i < last)
	flag(fBefore, i < first)
	flag(fAfter, i > last)
	flag(fPrevKept, prev == i-1 && prev >= 0)
	flag(fNextKept, next == i+1)
	d := n
	if prev >= 0 {
		d = i - prev
	}
	if next >= 0 {
		d = min(d, next-i)
	}
	x[fDistance] = math.Log1p(float64(d))
	switch t.kind(at) {
	case Heading:
		x[fHeading] = 1
	case Item:
		x[fItem] = 1
	case Quote, Pre:
		x[fQuote] = 1
	case Cell:
		x[fCell] = 1
	}
	flag(fTerminal, boiler.EndsSentence(b.Text))
	flag(fAmongProse, t.amongProse(at))
	flag(fRootContainer, c == t.root())
	x[fPosition] = float64(i) / float64(n)
	var up signal
	depth := 0
	for j := at; j != t.root(); j = t.index(t.nodes[j].Parent) {
		up |= t.signal(j)
		if j == c {
			depth = -depth
		}
		if depth >= 0 {
			depth++
		}
	}
	flag(fUnderContent, up&sigContent != 0)
	flag(fUnderNav, up&(sigNav|sigAside|sigFooter|sigHeader) != 0)
	flag(fUnderRelated, up&(sigRelated|sigShare|sigPromo) != 0)
	flag(fUnderComments, up&sigComments != 0)
	flag(fUnderCaption, up&(sigCaption|sigMeta|sigForm) != 0)
	if depth < 0 {
		x[fDepth] = math.Log1p(float64(-depth))
	}
	flag(fInLink, t.hasTag(at, atom.A))
	x[fGoodInContainer] = x[fGood] * x[fInContainer]
	x[fShortBetween] = (x[fShort] + x[fShortContext]) * x[fBetween]
}
