package score

import (
	"strings"

	"github.com/copydesk/copydesk/segment"
)

// Snippets checks snippet gold of the kind trafilatura's evaluation uses:
// every snippet in with should appear in the output, none in without
// should. Containment is tested on whitespace-normalized text (every run
// of Unicode white space becomes one space and both ends are trimmed), so
// line breaks in the output do not hide a snippet. It returns how many
// with-snippets were found out of wanted = len(with), and how many
// without-snippets leaked out of unwanted = len(without). A snippet that
// is empty after normalization is contained in any text, as with plain
// substring tests.
func Snippets(output string, with, without []string) (found, wanted, leaked, unwanted int) {
	out := segment.NormalizeSpace(output)
	for _, s := range with {
		if strings.Contains(out, segment.NormalizeSpace(s)) {
			found++
		}
	}
	for _, s := range without {
		if strings.Contains(out, segment.NormalizeSpace(s)) {
			leaked++
		}
	}
	return found, len(with), leaked, len(without)
}

// SnippetResult is the aggregate of snippet checks over a corpus, with the
// confusion counts of trafilatura's evaluation: a with-snippet found is a
// true positive, one missing a false negative, a without-snippet present a
// false positive and one absent a true negative.
type SnippetResult struct {
	Docs           int
	TP, FN, FP, TN int
	// Precision = TP/(TP+FP), Recall = TP/(TP+FN),
	// Accuracy = (TP+TN)/(TP+FN+FP+TN), F1 = 2TP/(2TP+FP+FN); each is 0
	// when its denominator is 0.
	Precision, Recall, Accuracy, F1 float64
}

// SnippetCorpus accumulates snippet checks. The zero value is ready to
// use.
type SnippetCorpus struct {
	docs           int
	tp, fn, fp, tn int
}

// Add checks one document's output against its snippets and returns the
// counts as Snippets does.
func (c *SnippetCorpus) Add(output string, with, without []string) (found, wanted, leaked, unwanted int) {
	found, wanted, leaked, unwanted = Snippets(output, with, without)
	c.docs++
	c.tp += found
	c.fn += wanted - found
	c.fp += leaked
	c.tn += unwanted - leaked
	return found, wanted, leaked, unwanted
}

// Result returns the pooled (micro-averaged) scores so far.
func (c *SnippetCorpus) Result() SnippetResult {
	r := SnippetResult{Docs: c.docs, TP: c.tp, FN: c.fn, FP: c.fp, TN: c.tn}
	r.Precision = ratio(c.tp, c.tp+c.fp)
	r.Recall = ratio(c.tp, c.tp+c.fn)
	r.Accuracy = ratio(c.tp+c.tn, c.tp+c.fn+c.fp+c.tn)
	r.F1 = ratio(2*c.tp, 2*c.tp+c.fp+c.fn)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
