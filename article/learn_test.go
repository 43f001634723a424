package article

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/score"
)

var (
	useTrees = flag.Bool("trees", false, "fit boosted trees instead of logistic regressions")
	train    = flag.Bool("train", false, "cross-validate the block classifier on the dev extraction sets, fit it on all of them and write blockmodel.json")
	crossval = flag.Bool("crossval", false, "cross-validate the block classifier on the dev extraction sets")
)

// learnSets are the dev extraction sets the classifier is trained and
// cross-validated on, beside the repository (never copied into it).
var learnSets = []string{
	"extract-readability-testpages", "extract-cleaneval-dev", "extract-cleanportaleval",
	"extract-dragnet-train", "extract-trafilatura-eval-dev", "extract-fundus-dev",
}

const learnData = "../../shared/data"

// sample is one block the classifier may judge.
type sample struct {
	x     blockFeatures
	block int     // index in the page's blocks
	keep  bool    // the rules' decision
	y     float64 // share of the block that is content, from the gold
	known bool    // whether the gold says anything about the block
	w     float64 // training weight
}

// learnPage is one page with what the rules decided and its gold.
type learnPage struct {
	set     int
	texts   []string
	keep    []bool // the rules' decisions
	samples []sample
	gold    string   // text gold
	with    []string // snippet gold
	without []string
	snippet bool
}

// loadLearnPages extracts every page of the sets with the rules alone
// and labels every block the classifier may judge from the gold.
func loadLearnPages(t *testing.T) []learnPage {
	var pages []learnPage
	for si, name := range learnSets {
		dir := filepath.Join(learnData, name)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("evaluation data not found at %s (it lives beside the repository): %v", dir, err)
		}
		set, err := goldset.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		for c, err := range set.Cases() {
			if err != nil {
				t.Fatal(err)
			}
			lp := learnPage{set: si, gold: c.Gold, with: c.With, without: c.Without, snippet: !set.Format.HasTextGold()}
			m := &blockModel{observe: func(i int, x *blockFeatures, keep bool) {
				lp.samples = append(lp.samples, sample{x: *x, block: i, keep: keep})
			}}
			a, err := extract(c.HTML, c.URL, Options{}, m)
			if err != nil {
				t.Fatalf("%s: %s: %v", name, c.ID, err)
			}
			for _, b := range a.Blocks {
				lp.texts = append(lp.texts, b.Text)
				lp.keep = append(lp.keep, b.Keep)
			}
			lp.label()
			pages = append(pages, lp)
		}
	}
	return pages
}

// label sets y, known and w of every sample of p. A block of text gold
// is content by the share of its word 4-grams found in the gold, the
// blocks the rules kept taking their share first (a block of fewer than
// four words is content when the gold has it as a line, or, for three
// words, anywhere); a block of snippet gold is content when it holds or
// lies in a snippet that must be found and that the rules' output lacks,
// chrome when it holds or lies in one that must not, unknown otherwise.
// A block's weight is its words over those of the rules' output on its
// page (at least 50): about what keeping or dropping it moves the page's
// score, which is what the sets average.
func (p *learnPage) label() {
	if p.snippet {
		// A snippet the rules' output already holds is found whatever
		// is done with another block that holds it.
		var kept []string
		for i, t := range p.texts {
			if p.keep[i] {
				kept = append(kept, t)
			}
		}
		out := " " + strings.Join(score.Tokens(strings.Join(kept, "\n")), " ") + " "
		var with []string
		for _, w := range normalizeAll(p.with) {
			if !strings.Contains(out, " "+w+" ") {
				with = append(with, w)
			}
		}
		without := normalizeAll(p.without)
		for i := range p.samples {
			s := &p.samples[i]
			text := strings.Join(score.Tokens(p.texts[s.block]), " ")
			switch {
			case overlaps(text, with):
				s.y, s.known = 1, true
			case overlaps(text, without):
				s.y, s.known = 0, true
			case s.keep && overlaps(text, normalizeAll(p.with)):
				s.y, s.known = 1, true
			}
		}
	} else {
		gold := score.Tokens(p.gold)
		shingles := map[string]int{}
		for i := 0; i+4 <= len(gold); i++ {
			shingles[strings.Join(gold[i:i+4], " ")]++
		}
		lines := map[string]int{}
		for _, l := range strings.Split(p.gold, "\n") {
			lines[strings.Join(score.Tokens(l), " ")]++
		}
		joined := " " + strings.Join(gold, " ") + " "
		// The gold says each piece of text as often as the page does:
		// the blocks the rules kept take their share of it first, then
		// the others in page order, so a repeated block is content only
		// as often as the gold repeats it.
		order := make([]int, 0, len(p.samples))
		for i := range p.samples {
			if p.samples[i].keep {
				order = append(order, i)
			}
		}
		for i := range p.samples {
			if !p.samples[i].keep {
				order = append(order, i)
			}
		}
		for _, i := range order {
			s := &p.samples[i]
			toks := score.Tokens(p.texts[s.block])
			s.known = len(toks) > 0
			line := strings.Join(toks, " ")
			switch {
			case len(toks) >= 4:
				hit := 0
				for j := 0; j+4 <= len(toks); j++ {
					if k := strings.Join(toks[j:j+4], " "); shingles[k] > 0 {
						shingles[k]--
						hit++
					}
				}
				s.y = float64(hit) / float64(len(toks)-3)
			case lines[line] > 0:
				lines[line]--
				s.y = 1
			case len(toks) == 3 && strings.Contains(joined, " "+line+" "):
				s.y = 1
			}
		}
	}
	out := 0.0
	for i := range p.samples {
		if p.samples[i].keep {
			out += math.Expm1(p.samples[i].x[fWords])
		}
	}
	for i := range p.samples {
		if s := &p.samples[i]; s.known {
			s.w = math.Expm1(s.x[fWords]) / max(out, 50)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func normalizeAll(snippets []string) []string {
	var out []string
	for _, s := range snippets {
		if t := strings.Join(score.Tokens(s), " "); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// overlaps reports whether text holds one of snippets or, being three
// words or more, lies in one.
func overlaps(text string, snippets []string) bool {
	if text == "" {
		return false
	}
	for _, s := range snippets {
		if strings.Contains(" "+text+" ", " "+s+" ") ||
			strings.Count(text, " ") >= 2 && strings.Contains(" "+s+" ", " "+text+" ") {
			return true
		}
	}
	return false
}

// fit trains one logistic regression by Newton's method with an L2
// penalty on the samples of pages in sets (a bitmask) on the side keep
// of the rules' decision. It is deterministic: the samples are read in
// page order.
func fit(pages []learnPage, sets int, keep bool, l2 float64) []float64 {
	samples := trainingSamples(pages, sets, keep)
	w := make([]float64, numFeatures)
	for iter := 0; iter < 15; iter++ {
		var grad [numFeatures]float64
		var hess [numFeatures][numFeatures]float64
		for _, s := range samples {
			z := 0.0
			for k := range w {
				z += w[k] * s.x[k]
			}
			pr := 1 / (1 + math.Exp(-z))
			g := s.w * (pr - s.y)
			h := s.w * pr * (1 - pr)
			for k := range w {
				if s.x[k] == 0 {
					continue
				}
				grad[k] += g * s.x[k]
				for l := range w {
					hess[k][l] += h * s.x[k] * s.x[l]
				}
			}
		}
		for k := range w {
			if k != fBias {
				grad[k] += l2 * w[k]
				hess[k][k] += l2
			}
			hess[k][k] += 1e-9
		}
		step := solve(hess, grad)
		change := 0.0
		for k := range w {
			w[k] -= step[k]
			change = max(change, math.Abs(step[k]))
		}
		if change < 1e-7 {
			break
		}
	}
	return w
}

// trainingSamples returns the samples a model is trained on, in page
// order: those of pages in sets (a bitmask) on the side keep of the rules'
// decision that the gold says something about and that the model would
// judge.
func trainingSamples(pages []learnPage, sets int, keep bool) []*sample {
	var out []*sample
	for pi := range pages {
		p := &pages[pi]
		if sets&(1<<p.set) == 0 {
			continue
		}
		for si := range p.samples {
			s := &p.samples[si]
			if s.keep == keep && s.w > 0 && (keep || rescueCandidate(&s.x)) {
				out = append(out, s)
			}
		}
	}
	return out
}

// solve returns x with a x = b, by Gaussian elimination with partial
// pivoting.
func solve(a [numFeatures][numFeatures]float64, b [numFeatures]float64) [numFeatures]float64 {
	n := numFeatures
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	var x [numFeatures]float64
	for r := n - 1; r >= 0; r-- {
		if a[r][r] == 0 {
			continue
		}
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// setScore is a set's P, R and F1 as copydesk eval computes them.
type setScore struct{ P, R, F1 float64 }

// scorer scores the pages' outputs under a model, rescoring only the
// text-gold pages the model changes.
type scorer struct {
	pages []learnPage
	base  []score.Doc // the rules' score of each text-gold page
}

func newScorer(pages []learnPage) *scorer {
	s := &scorer{pages: pages, base: make([]score.Doc, len(pages))}
	for i := range pages {
		if !pages[i].snippet {
			s.base[i] = score.Compare(pages[i].output(nil), pages[i].gold)
		}
	}
	return s
}

// output returns the text of p under the decisions keep (the rules'
// when nil), as Article.Text does.
func (p *learnPage) output(keep []bool) string {
	if keep == nil {
		keep = p.keep
	}
	var parts []string
	for j, t := range p.texts {
		if keep[j] {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n\n")
}

// decide returns the decisions of page p under m, or nil when m changes
// none.
func decide(p *learnPage, m *blockModel) []bool {
	var keep []bool
	for _, smp := range p.samples {
		var flip bool
		if smp.keep {
			flip = m.Drop.Threshold > 0 && m.Drop.prob(&smp.x) < 1-m.Drop.Threshold
		} else {
			flip = m.Rescue.Threshold > 0 && rescueCandidate(&smp.x) && m.Rescue.prob(&smp.x) > m.Rescue.Threshold
		}
		if flip {
			if keep == nil {
				keep = slices.Clone(p.keep)
			}
			keep[smp.block] = !smp.keep
		}
	}
	return keep
}

// scores returns the score of every set under m (the rules when nil).
func (s *scorer) scores(m *blockModel) []setScore {
	text := make([]score.Corpus, len(learnSets))
	snippets := make([]score.SnippetCorpus, len(learnSets))
	for i := range s.pages {
		p := &s.pages[i]
		var keep []bool
		if m != nil {
			keep = decide(p, m)
		}
		switch {
		case p.snippet:
			snippets[p.set].Add(p.output(keep), p.with, p.without)
		case keep == nil:
			text[p.set].AddDoc(s.base[i])
		default:
			text[p.set].AddDoc(score.Compare(p.output(keep), p.gold))
		}
	}
	out := make([]setScore, len(learnSets))
	for i := range out {
		if r := snippets[i].Result(); r.Docs > 0 {
			out[i] = setScore{r.Precision, r.Recall, r.F1}
		} else {
			r := text[i].Result()
			out[i] = setScore{r.Precision, r.Recall, r.F1}
		}
	}
	return out
}

// thresholds tried, from most to least sure; 0 is off.
var thresholds = []float64{0, 0.98, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5}

// learnL2 is the penalty of the weights.
const learnL2 = 1e-3

// Limits of the threshold choice: on no training set may the model
// lose more F1 or precision than these.
const (
	maxF1Loss        = 0.0005
	maxPrecisionLoss = 0.001
)

// trainModel fits both models on the sets in the bitmask and picks their
// thresholds for the best summed F1 over those sets, among thresholds
// that lose on none of them more F1 or precision than the limits: the
// rescue model's first, then the drop model's with it. A threshold is
// taken only when it gains, so a model that does not help stays off.
func trainModel(s *scorer, sets int, rules []setScore) *blockModel {
	m := &blockModel{Features: featureNames[:]}
	if *useTrees {
		m.Rescue.Trees = boost(s.pages, sets, false)
		m.Drop.Trees = boost(s.pages, sets, true)
	} else {
		m.Rescue.W = fit(s.pages, sets, false, learnL2)
		m.Drop.W = fit(s.pages, sets, true, learnL2)
	}
	gain := func() float64 {
		g := 0.0
		for i, r := range s.scores(m) {
			if sets&(1<<i) == 0 {
				continue
			}
			if r.F1 < rules[i].F1-maxF1Loss || r.P < rules[i].P-maxPrecisionLoss {
				return math.Inf(-1)
			}
			g += r.F1 - rules[i].F1
		}
		return g
	}
	for _, th := range []*float64{&m.Rescue.Threshold, &m.Drop.Threshold} {
		best, bestGain := 0.0, 0.0
		for _, v := range thresholds[1:] {
			*th = v
			if g := gain(); g > bestGain+1e-6 {
				best, bestGain = v, g
			}
		}
		*th = best
	}
	return m
}

// maxHeldOutLoss is the most F1 the classifier may lose on a held-out
// set and still be shipped on; it must also lose no precision there.
const maxHeldOutLoss = 0.003

// TestTrain (with -crossval or -train) cross-validates the block
// classifier by leaving one set out (trained on five sets, scored on the
// sixth against the rules alone):
// both models, the rescue model alone and the drop model alone. With
// -train it fits the classifier on all six sets and writes
// blockmodel.json, turned on only when, on every held-out set, it lost
// no precision and at most maxHeldOutLoss F1, and it gained in all.
func TestTrain(t *testing.T) {
	if !*train && !*crossval {
		t.Skip("fits the classifier seven times on the whole dev sets (a minute): run with -crossval or -train")
	}
	pages := loadLearnPages(t)
	s := newScorer(pages)
	rules := s.scores(nil)
	all := 1<<len(learnSets) - 1
	var report strings.Builder
	fmt.Fprintf(&report, "| held-out set | rules P | R | F1 | classifier P | R | F1 | rescue only P | F1 | drop only P | F1 | thresholds |\n")
	fmt.Fprintf(&report, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	pass, gain := true, 0.0
	for i, name := range learnSets {
		m := trainModel(s, all&^(1<<i), rules)
		both := s.scores(m)[i]
		rescue, drop := m.Rescue.Threshold, m.Drop.Threshold
		m.Drop.Threshold = 0
		ro := s.scores(m)[i]
		m.Drop.Threshold, m.Rescue.Threshold = drop, 0
		do := s.scores(m)[i]
		r := rules[i]
		fmt.Fprintf(&report, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f / %.2f |\n", name,
			r.P, r.R, r.F1, both.P, both.R, both.F1, ro.P, ro.F1, do.P, do.F1, rescue, drop)
		pass = pass && both.P >= r.P && both.F1 >= r.F1-maxHeldOutLoss
		gain += both.F1 - r.F1
	}
	t.Logf("leave one set out:\n%s", report.String())
	t.Logf("headroom:\n%s", headroom(s, rules))
	m := trainModel(s, all, rules)
	var fitted strings.Builder
	for i, r := range s.scores(m) {
		fmt.Fprintf(&fitted, "%s: P %.4f → %.4f, R %.4f → %.4f, F1 %.4f → %.4f\n", learnSets[i],
			rules[i].P, r.P, rules[i].R, r.R, rules[i].F1, r.F1)
	}
	t.Logf("trained on all six (thresholds %.2f / %.2f):\n%s", m.Rescue.Threshold, m.Drop.Threshold, fitted.String())
	if !pass || gain <= 0 {
		t.Logf("the classifier does not beat the rules on the held-out sets (summed F1 change %+.4f): it is written turned off", gain)
		m.Rescue.Threshold, m.Drop.Threshold = 0, 0
	}
	if !*train {
		return
	}
	for _, l := range []*classifier{&m.Rescue, &m.Drop} {
		for k := range l.W {
			l.W[k] = math.Round(l.W[k]*1e4) / 1e4
		}
		for k := range l.Trees {
			for j, v := range l.Trees[k].Below {
				l.Trees[k].Below[j] = math.Round(v*1e4) / 1e4
			}
			for j, v := range l.Trees[k].Value {
				l.Trees[k].Value[j] = math.Round(v*1e4) / 1e4
			}
		}
	}
	out, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("blockmodel.json", append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// headroom reports what flipping blocks by their labels instead of a
// model would gain (an oracle): rescuing the dropped blocks the rescue
// model judges, or every dropped block, that are mostly in the gold. It
// then tallies the dropped blocks by where they stand and why the rules
// dropped them, as content : chrome weight per set (each block weighted
// as in training), which shows where the sets' gold disagree.
func headroom(s *scorer, rules []setScore) string {
	var b strings.Builder
	for _, all := range []bool{false, true} {
		o := &scorer{pages: make([]learnPage, len(s.pages)), base: s.base}
		for i, p := range s.pages {
			keep := slices.Clone(p.keep)
			for _, smp := range p.samples {
				if !smp.keep && smp.known && smp.y >= 0.5 && (all || rescueCandidate(&smp.x)) {
					keep[smp.block] = true
				}
			}
			o.pages[i] = p
			o.pages[i].keep = keep
			if !p.snippet {
				o.base[i] = score.Compare(o.pages[i].output(nil), p.gold)
			}
		}
		fmt.Fprintf(&b, "oracle rescue (all dropped blocks: %v):", all)
		for i, r := range o.scores(nil) {
			fmt.Fprintf(&b, " %s R %+.4f F1 %+.4f;", learnSets[i], r.R-rules[i].R, r.F1-rules[i].F1)
		}
		b.WriteString("\n")
	}
	for i, p := range s.pages {
		if !p.snippet {
			s.base[i] = score.Compare(p.output(nil), p.gold)
		}
	}
	type tally [6][2]float64
	groups := map[string]*tally{}
	for _, p := range s.pages {
		for _, smp := range p.samples {
			if smp.keep || !smp.known {
				continue
			}
			x := &smp.x
			where := "far"
			switch {
			case rescueCandidate(x):
				where = "between"
			case x[fInContainer] == 1:
				where = "container"
			case x[fDistance] <= math.Log1p(2):
				where = "near"
			}
			why := "kept by the cleaner"
			for _, f := range []int{fOutside, fShortContext, fNoProse, fLinkList, fPhrase, fDuplicate, fComments} {
				if x[f] == 1 {
					why = featureNames[f]
				}
			}
			if x[fMarkup] == 1 {
				why += ", markup chrome"
			}
			k := where + ": " + why
			if groups[k] == nil {
				groups[k] = &tally{}
			}
			groups[k][p.set][b2i(smp.y < 0.5)] += smp.w
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%-45s", k)
		for _, c := range groups[k] {
			fmt.Fprintf(&b, " %7.2f : %-7.2f", c[0], c[1])
		}
		b.WriteString("\n")
	}
	return b.String()
}
