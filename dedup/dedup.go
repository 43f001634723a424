// Package dedup finds the same story told more than once in a corpus:
// exact duplicates (the same normalized text) and near duplicates
// (syndicated, re-crawled, trimmed or lightly edited copies), grouped in
// clusters with a canonical member each.
//
// Texts are normalized (letters and digits only, lower case, runs of
// anything else read as one space) and cut into shingles of Shingle
// consecutive words. A MinHash signature of Bands × Rows values estimates
// the Jaccard similarity of two texts' shingle sets; locality-sensitive
// hashing on the bands finds candidate pairs without comparing every pair,
// and a candidate pair is a near duplicate when its estimated Jaccard
// similarity (the share of equal signature values) is at least Threshold,
// or when the shorter text is Containment contained in the longer one (a
// copy cut short, or run with more at its end), estimated from the
// Jaccard similarity and the two texts' numbers of distinct shingles. The
// containment rule needs a shorter text of at least 30 distinct shingles
// (about two sentences): a line found inside a longer page (a quote, a
// notice, placeholder text) is no evidence of the same story, and such
// lines would otherwise chain unrelated pages into one cluster. The defaults (5-word
// shingles, 25 bands of 4 rows, Jaccard 0.5, containment 0.8) make two
// texts with Jaccard similarity 0.5 candidates with probability
// 1-(1-0.5⁴)²⁵ ≈ 0.80, at 0.6 with 0.97 and at 0.7 with 0.9995, while
// pairs under 0.3 seldom are (0.18) and are then checked and rejected: a
// copy trimmed to two thirds of the story (Jaccard about 0.67, containment
// 1) or with a word in thirty edited is found, two stories on one topic
// are not. Shorter shingles would join different stories that share
// phrases; more rows would miss trimmed and edited copies. On the
// syndicated-copies benchmark (BENCHMARKS.md) these defaults find 0.983 of
// the true pairs at a precision of 0.991; 20 bands of 5 rows find 0.967
// at 0.995, 34 bands of 3 rows 0.990 at 0.885.
//
// The work is in three steps that can run on different machines: Observe
// computes a document's Entry; an Index holds entries and merges with
// another Index (Merge; Save and LoadIndex carry one between machines);
// Clusters groups them. An entry takes 4 bytes per
// signature value (400 with the defaults) plus its strings.
//
// The canonical member of a cluster is the earliest published (by Date,
// ISO 8601; undated documents come last), then the most complete (most
// words), then the first observed.
package dedup

import (
	"cmp"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"unicode"

	"github.com/copydesk/copydesk/internal/optcheck"
)

// Options tune the detection. The zero value uses the defaults above.
type Options struct {
	Shingle   int     // words per shingle; default 5
	Bands     int     // LSH bands; default 25
	Rows      int     // signature values per band; default 4
	Threshold float64 // least estimated Jaccard similarity; default 0.5
	// Containment is the least estimated share of the shorter text's
	// shingles found in the longer one that also makes a near duplicate
	// (a copy trimmed or extended); default 0.8.
	Containment float64
}

// Defaults.
const (
	DefaultShingle     = 5
	DefaultBands       = 25
	DefaultRows        = 4
	DefaultThreshold   = 0.5
	DefaultContainment = 0.8
)

// Validate reports whether o is usable; the error names the first field
// that is not, with its value and what it may be.
func (o Options) Validate() error {
	o = o.withDefaults()
	if err := optcheck.First("dedup",
		optcheck.F("Shingle", float64(o.Shingle), o.Shingle >= 1, "1 or more"),
		optcheck.F("Bands", float64(o.Bands), o.Bands >= 1, "1 or more"),
		optcheck.F("Rows", float64(o.Rows), o.Rows >= 1, "1 or more"),
		optcheck.F("Threshold", o.Threshold, o.Threshold > 0 && o.Threshold <= 1, "a number in (0, 1]"),
		optcheck.F("Containment", o.Containment, o.Containment > 0 && o.Containment <= 1, "a number in (0, 1]"),
	); err != nil {
		return err
	}
	if !SignatureFits(o.Bands, o.Rows) {
		return fmt.Errorf("dedup: Bands %d × Rows %d: want at most %d signature values", o.Bands, o.Rows, MaxSignature)
	}
	return nil
}

// MaxSignature is the most values a signature holds (Bands × Rows).
const MaxSignature = 1024

// SignatureFits reports whether bands × rows signature values, each
// count 1 or more, are at most MaxSignature; the product is not formed
// before both are known to be small, so it cannot overflow.
func SignatureFits(bands, rows int) bool {
	return bands <= MaxSignature && rows <= MaxSignature && bands*rows <= MaxSignature
}

func (o Options) withDefaults() Options {
	if o.Shingle == 0 {
		o.Shingle = DefaultShingle
	}
	if o.Bands == 0 {
		o.Bands = DefaultBands
	}
	if o.Rows == 0 {
		o.Rows = DefaultRows
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Containment == 0 {
		o.Containment = DefaultContainment
	}
	return o
}

// Entry is what the index keeps of one document.
type Entry struct {
	Key   int64  // the document's position in the corpus; unique
	ID    string // the document's id
	URL   string
	Date  string // publication date, ISO 8601, or ""
	Words int
	// Shingles is the number of distinct shingles (0 in an index saved
	// before it was kept: Words stands in for it).
	Shingles int
	// Exact is the hash of the normalized text; Sig its MinHash
	// signature (nil for a text without words).
	Exact uint64
	Sig   []uint32
}

// seeds of the MinHash functions: fixed, so that signatures are the same
// on every machine and can be merged.
var mults, adds = func() ([]uint64, []uint64) {
	m, a := make([]uint64, MaxSignature), make([]uint64, MaxSignature)
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // splitmix64
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		return z ^ (z >> 31)
	}
	for i := range m {
		m[i], a[i] = next()|1, next()
	}
	return m, a
}()

// Observe returns the Entry of a document with text. Key must be unique in
// the corpus; it orders the members of a cluster.
func (o Options) Observe(key int64, id, url, date, text string) Entry {
	o = o.withDefaults()
	words := wordHashes(text, nil)
	e := Entry{Key: key, ID: id, URL: url, Date: date, Words: len(words)}
	exact := uint64(14695981039346656037)
	for _, h := range words {
		exact = (exact ^ h) * 1099511628211
	}
	e.Exact = exact
	if len(words) == 0 {
		return e
	}
	n := o.Bands * o.Rows
	mins := make([]uint64, n)
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	shingles := o.shingles(words)
	for _, s := range shingles {
		for j := range mins {
			if v := mults[j]*s + adds[j]; v < mins[j] {
				mins[j] = v
			}
		}
	}
	e.Shingles = len(shingles)
	e.Sig = make([]uint32, n)
	for j, v := range mins {
		e.Sig[j] = uint32(v >> 32)
	}
	return e
}

// Shingles returns the distinct hashes of text's shingles, sorted: the
// set whose Jaccard similarity the signatures of Observe estimate. It is
// for computing that similarity exactly, as a check on the estimate; a
// text with fewer words than a shingle is one shingle of all its words.
func (o Options) Shingles(text string) []uint64 {
	return o.withDefaults().shingles(wordHashes(text, nil))
}

// shingles returns the distinct hashes of the runs of o.Shingle words (of
// all the words, when there are fewer), sorted.
func (o Options) shingles(words []uint64) []uint64 {
	k := min(o.Shingle, len(words))
	if k == 0 {
		return nil
	}
	out := make([]uint64, 0, len(words)-k+1)
	for i := 0; i+k <= len(words); i++ {
		var s uint64
		for _, h := range words[i : i+k] {
			s = bits.RotateLeft64(s, 13) ^ h
			s *= 0xff51afd7ed558ccd
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// wordHashes appends to dst the FNV-1a hash of each word of text: runs of
// letters and digits, in lower case.
func wordHashes(text string, dst []uint64) []uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			r = unicode.ToLower(r)
			for r > 0 {
				h = (h ^ uint64(r&0xff)) * prime
				r >>= 8
			}
			in = true
			continue
		}
		if in {
			dst = append(dst, h)
			h, in = offset, false
		}
	}
	if in {
		dst = append(dst, h)
	}
	return dst
}

// Index holds the entries of a corpus, or of a part of one. It is not
// safe for concurrent use.
type Index struct {
	opts    Options
	entries []Entry
}

// NewIndex returns an empty Index.
func NewIndex(o Options) *Index { return &Index{opts: o.withDefaults()} }

// Add adds an entry.
func (x *Index) Add(e Entry) { x.entries = append(x.entries, e) }

// Len returns the number of entries.
func (x *Index) Len() int { return len(x.entries) }

// Merge adds the entries of other, which must have been observed with the
// same Options and distinct keys. An index observed elsewhere is read with
// LoadIndex.
func (x *Index) Merge(other *Index) { x.entries = append(x.entries, other.entries...) }

// Cluster is a group of documents that tell the same story.
type Cluster struct {
	// Members are the entries, canonical first, then by Date and Key.
	Members []Entry
	// Exact reports whether every member has the same normalized text.
	Exact bool
}

// Canonical returns the cluster's canonical member.
func (c *Cluster) Canonical() Entry { return c.Members[0] }

// Clusters groups the entries. Every entry is in exactly one cluster;
// singletons are clusters of one. Clusters are in the order of their
// canonical members' keys.
func (x *Index) Clusters() []Cluster {
	es := x.entries
	slices.SortFunc(es, func(a, b Entry) int { return cmp.Compare(a.Key, b.Key) })
	parent := make([]int32, len(es))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(i int32) int32
	find = func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra != rb {
			if ra > rb {
				ra, rb = rb, ra
			}
			parent[rb] = ra
		}
	}
	// Exact duplicates.
	first := make(map[uint64]int32, len(es))
	for i, e := range es {
		if e.Words == 0 {
			continue
		}
		if j, ok := first[e.Exact]; ok {
			union(j, int32(i))
		} else {
			first[e.Exact] = int32(i)
		}
	}
	// Near duplicates: within each band's bucket, every member is checked
	// against the bucket's first few members of other clusters, which
	// keeps the work linear in a bucket that many entries share; the other
	// bands catch what that misses.
	o := x.opts
	for b := range o.Bands {
		bucket := make(map[uint64][]int32, len(es))
		for i, e := range es {
			if e.Sig == nil {
				continue
			}
			h := uint64(14695981039346656037)
			for _, v := range e.Sig[b*o.Rows : (b+1)*o.Rows] {
				h = (h ^ uint64(v)) * 1099511628211
			}
			reps := bucket[h]
			for _, j := range reps {
				if find(j) != find(int32(i)) && o.near(&es[j], &e) {
					union(j, int32(i))
				}
			}
			if len(reps) < maxReps {
				bucket[h] = append(reps, int32(i))
			}
		}
	}
	groups := map[int32][]int32{}
	var roots []int32
	for i := range es {
		r := find(int32(i))
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], int32(i))
	}
	out := make([]Cluster, 0, len(roots))
	for _, r := range roots {
		idx := groups[r]
		c := Cluster{Members: make([]Entry, len(idx)), Exact: true}
		for k, i := range idx {
			c.Members[k] = es[i]
			if es[i].Exact != es[idx[0]].Exact {
				c.Exact = false
			}
		}
		slices.SortStableFunc(c.Members, canonicalOrder)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Cluster) int { return cmp.Compare(a.Members[0].Key, b.Members[0].Key) })
	return out
}

// canonicalOrder puts the earliest published first, then the longest,
// then the first observed.
func canonicalOrder(a, b Entry) int {
	switch {
	case a.Date != "" && b.Date == "":
		return -1
	case a.Date == "" && b.Date != "":
		return 1
	case a.Date != b.Date:
		// ISO 8601 dates in one form sort as strings.
		return cmp.Compare(a.Date, b.Date)
	case a.Words != b.Words:
		return b.Words - a.Words
	}
	return cmp.Compare(a.Key, b.Key)
}

// maxReps bounds the members of a bucket each entry is checked against.
const maxReps = 8

// near reports whether two candidates are near duplicates: their
// estimated Jaccard similarity J is at least Threshold, or the shorter's
// estimated containment in the longer, J·(a+b)/((1+J)·min(a, b)) with a
// and b their numbers of distinct shingles, is at least Containment.
// (Counting words instead would overrate a text that repeats itself: a
// paragraph printed five times is one paragraph's shingles.)
func (o Options) near(a, b *Entry) bool {
	j := float64(equalValues(a.Sig, b.Sig)) / float64(len(a.Sig))
	if j >= o.Threshold {
		return true
	}
	na, nb := a.shingleCount(), b.shingleCount()
	short := min(na, nb)
	if short < minContained || j == 0 {
		return false
	}
	return j*float64(na+nb)/((1+j)*float64(short)) >= o.Containment
}

// minContained is the fewest distinct shingles a text needs to be judged
// a near duplicate by containment.
const minContained = 30

func (e *Entry) shingleCount() int {
	if e.Shingles > 0 {
		return e.Shingles
	}
	return e.Words
}

func equalValues(a, b []uint32) int {
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return n
}

// indexFile is what Save writes.
type indexFile struct {
	Options Options
	Entries []Entry
}

// Save writes the index (its options and entries) to w, so that an index
// observed on one machine can be loaded and merged on another.
func (x *Index) Save(w io.Writer) error {
	return gob.NewEncoder(w).Encode(indexFile{x.opts, x.entries})
}

// LoadIndex reads an index written by Save.
func LoadIndex(r io.Reader) (*Index, error) {
	var f indexFile
	if err := gob.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("dedup: reading an index: %w", err)
	}
	if err := f.Options.Validate(); err != nil {
		return nil, err
	}
	for _, e := range f.Entries {
		if e.Sig != nil && len(e.Sig) != f.Options.Bands*f.Options.Rows {
			return nil, errors.New("dedup: reading an index: a signature of the wrong length")
		}
	}
	return &Index{opts: f.Options.withDefaults(), entries: f.Entries}, nil
}
