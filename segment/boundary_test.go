package segment_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/segment"
)

// Boundary scoring on paragraph sets (the UD treebanks' gold splits): each
// paragraph's gold sentences and the segmenter's sentences are turned into
// boundary positions, counted in non-space bytes from the start of the
// paragraph, so that white space around a boundary does not matter. A
// paragraph's end is not a boundary. Precision, recall and F1 are over all
// boundaries of the set.

type paragraph struct {
	ID       string   `json:"id"`
	Genre    string   `json:"genre"`
	Input    string   `json:"input"`
	Expected []string `json:"expected"`
}

func loadParagraphs(t testing.TB, rel string) []paragraph {
	t.Helper()
	f, err := os.Open(filepath.Join(goldenDir, rel))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("paragraph set %s not found (expected in the shared data directory next to the module); skipping", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []paragraph
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var p paragraph
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return out
}

// boundaries returns where in text the sentences (substrings of text, in
// order) end, leaving out the last, as counts of the non-space bytes before
// each end. Text between two sentences that neither holds (a rule of
// dashes, which the segmenter drops) counts as a sentence of its own.
func boundaries(t testing.TB, text string, sents []string) []int {
	var out []int
	off, n := 0, 0
	for i, s := range sents {
		k := strings.Index(text[off:], s)
		if k < 0 {
			t.Fatalf("sentence %q is not in %q after offset %d", s, text, off)
		}
		gap := nonSpace(text[off : off+k])
		if gap > 0 && i > 0 {
			out = append(out, n+gap)
		}
		n += gap + nonSpace(s)
		off += k + len(s)
		out = append(out, n)
	}
	if len(out) > 0 {
		out = out[:len(out)-1]
	}
	return out
}

func nonSpace(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			n++
		}
	}
	return n
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

type prf struct{ tp, fp, fn int }

func (c *prf) add(got, want []int) {
	w := make(map[int]bool, len(want))
	for _, b := range want {
		w[b] = true
	}
	for _, b := range got {
		if w[b] {
			c.tp++
			delete(w, b)
		} else {
			c.fp++
		}
	}
	c.fn += len(w)
}

func (c *prf) merge(d prf) { c.tp, c.fp, c.fn = c.tp+d.tp, c.fp+d.fp, c.fn+d.fn }

func (c prf) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c prf) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c prf) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestBoundaries scores the English segmenter on the UD paragraph sets.
// "even" and "odd" are the paragraphs at even and odd positions of the
// file: rules are tuned on the even ones, so the odd ones show how well
// they carry over. The floors fail the test if quality falls.
func TestBoundaries(t *testing.T) {
	for _, tc := range []struct {
		set            string
		minF1, minPrec float64
	}{
		{"sbd-ud-ewt-train", 0.95, 0.95},
		{"sbd-ud-gum-train", 0.965, 0.95},
	} {
		t.Run(tc.set, func(t *testing.T) {
			paras := loadParagraphs(t, tc.set+"/paragraphs.jsonl")
			seg := segment.New("en")
			var all prf
			var half [2]prf
			var exact int
			for i, p := range paras {
				got := seg.Sentences(p.Input)
				var c prf
				c.add(boundaries(t, p.Input, got), boundaries(t, p.Input, p.Expected))
				all.merge(c)
				half[i%2].merge(c)
				if c.fp == 0 && c.fn == 0 {
					exact++
				} else if testing.Verbose() && os.Getenv("SEGMENT_MISSES") != "" {
					t.Logf("miss %d %s (%s)\n  got:  %q\n  want: %q", i, p.ID, p.Genre, got, p.Expected)
				}
			}
			a := all
			t.Logf("%s: %d paragraphs, %d exact; boundaries P %.4f R %.4f F1 %.4f (tp %d fp %d fn %d)",
				tc.set, len(paras), exact, a.precision(), a.recall(), a.f1(), a.tp, a.fp, a.fn)
			for k, name := range []string{"even", "odd"} {
				h := half[k]
				t.Logf("  %s paragraphs: P %.4f R %.4f F1 %.4f", name, h.precision(), h.recall(), h.f1())
			}
			if a.f1() < tc.minF1 {
				t.Errorf("boundary F1 %.4f is below %.3f", a.f1(), tc.minF1)
			}
			if a.precision() < tc.minPrec {
				t.Errorf("boundary precision %.4f is below %.3f", a.precision(), tc.minPrec)
			}
		})
	}
}

// BenchmarkParagraphs measures the segmenter on real running text: every
// paragraph of the UD web and written-genre sets, one after another.
func BenchmarkParagraphs(b *testing.B) {
	var paras []string
	for _, set := range []string{"sbd-ud-ewt-train", "sbd-ud-gum-train"} {
		for _, p := range loadParagraphs(b, set+"/paragraphs.jsonl") {
			paras = append(paras, p.Input)
		}
	}
	seg := segment.New("en")
	size := 0
	for _, p := range paras {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			seg.Sentences(p)
		}
	}
}
