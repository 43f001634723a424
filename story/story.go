// Package story groups news articles that report the same event into
// stories: the copies package dedup finds, and also the rewrites of other
// outlets that tell the event in their own words.
//
// A document is a bag of weighted terms. Terms are the words of scripts
// that put spaces between words (lower-cased and cut to Prefix runes, a
// stemmer that needs no language) and the pairs of adjacent characters of
// scripts that do not (Chinese, Japanese, Thai and their neighbours).
// A title's terms count TitleWeight times, a lead's (the publisher's
// description and the first LeadWords words of the text) LeadWeight
// times; a word capitalised inside a sentence (a name, in languages with
// capitals) or holding a digit counts EntityBoost times more. No stop
// list is needed: the weights are multiplied by the terms' inverse
// document frequency in the corpus, and terms in more than MaxShare of
// the documents (and at least 10) are dropped as the corpus's own stop
// words.
//
// The work is in two phases, so that the first can run on many workers
// and machines. Observe turns a document into an Entry (its Terms
// heaviest terms, about 8 bytes each), and a State gathers entries and
// the document frequencies of their terms in a count-min sketch of fixed
// size; States merge (Merge; Save and LoadState carry one between
// machines), as a combiner does. Stories then reads the merged State
// once: it weights each entry by the corpus's frequencies and streams the
// entries in date order through an online clustering, in which a document
// joins the most similar story still open (its cosine similarity to the
// story's centroid at least Threshold for a headline and a summary,
// LongThreshold for a full article, in between for lengths in between)
// or opens a new one. A story is
// open while its last member is at most Window days older than the
// document; candidates come from an inverted index on the stories' top
// terms, not from comparing all pairs, so the time is linear in the
// corpus and memory is the entries (about 400 bytes each with the
// defaults: 32 terms and the id, URL and date) plus the open stories.
//
// A single pass in date order splits a story whose first reports share
// few words (a headline and a summary are a few dozen words), so the
// stories it finds are then merged by agglomerative average-link
// clustering: two stories within the time window of each other whose
// members are, on average, at least Merge similar (LongMerge for full
// articles) become one, the pairs that are each other's most similar
// merging first, in rounds; candidates again come from an inverted index,
// and a round looks again only at the stories that changed or that
// preferred one that changed.
//
// Documents in one copy group (Doc.Copy, such as a dedup cluster) are put
// in one story whatever their terms.
//
// A State is not safe for concurrent use; Options and Observe are.
package story

import (
	"cmp"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/copydesk/copydesk/internal/optcheck"
)

// Options tune the clustering. The zero value uses the defaults below.
type Options struct {
	// Threshold is the least cosine similarity of a short document (a
	// headline and a summary, ShortWords words or fewer) to a story's
	// centroid for the document to join it; default 0.2. LongThreshold is
	// the least for a long one (a full article, LongWords words or more);
	// default 0.25. Between the two lengths the threshold goes from one
	// to the other with the logarithm of the length: the longer two texts
	// of one kind of event are, the more words they share by chance.
	Threshold, LongThreshold float64
	// Window is how many days after its last member a story stays open;
	// default 3. Undated documents are compared with the stories open at
	// the last date.
	Window int
	// Terms is how many terms of a document are kept, the heaviest;
	// default 32.
	Terms int
	// MaxShare drops the terms found in more than this share of the
	// documents (and at least 10); default 0.1.
	MaxShare float64
	// TitleWeight, LeadWeight: how many times a term of the title and of
	// the lead counts; default 10 and 2.
	TitleWeight, LeadWeight float64
	// LeadWords is how many words open the text as its lead; default 50.
	LeadWords int
	// MaxWords bounds the words of a text that are read; default 2000.
	MaxWords int
	// EntityBoost multiplies the weight of names and numbers; default 1.5.
	EntityBoost float64
	// Prefix cuts words to this many runes (0: the default, 6; -1: keep
	// whole words).
	Prefix int
	// CopySimilarity is the least similarity to an earlier member at
	// which a member counts as a copy; default 0.8.
	CopySimilarity float64
	// Merge is the least average-link similarity (the mean cosine
	// similarity of a member of one story to a member of the other) at
	// which two stories of short documents, found by the online
	// clustering within the time window of each other, are merged;
	// default 0.15. LongMerge is the least for stories of long ones;
	// default 0.3. Between the two lengths it goes as the threshold does.
	// -1 for both does not merge; -1 for one alone is an error (the
	// threshold between the lengths would fall below zero). 0 is the
	// default, as for every field.
	Merge, LongMerge float64
	// SketchWidth is the width of each of the two rows of the document
	// frequency sketch, a power of two; default 1<<21 (16 MiB).
	SketchWidth int
}

// Defaults.
const (
	DefaultThreshold     = 0.2
	DefaultLongThreshold = 0.25
	DefaultWindow        = 3
	// MaxWindow is the longest Window, a hundred years: the days a
	// story is open are counted in 32 bits.
	MaxWindow             = 36525
	DefaultTerms          = 32
	DefaultMaxShare       = 0.1
	DefaultTitleWeight    = 10
	DefaultLeadWeight     = 2
	DefaultLeadWords      = 50
	DefaultMaxWords       = 2000
	DefaultEntityBoost    = 1.5
	DefaultPrefix         = 6
	DefaultCopySimilarity = 0.8
	DefaultSketchWidth    = 1 << 21
	DefaultMerge          = 0.15
	DefaultLongMerge      = 0.3
)

func (o Options) withDefaults() Options {
	set(&o.Threshold, DefaultThreshold)
	set(&o.LongThreshold, DefaultLongThreshold)
	set(&o.Window, DefaultWindow)
	set(&o.Terms, DefaultTerms)
	set(&o.MaxShare, DefaultMaxShare)
	set(&o.TitleWeight, DefaultTitleWeight)
	set(&o.LeadWeight, DefaultLeadWeight)
	set(&o.LeadWords, DefaultLeadWords)
	set(&o.MaxWords, DefaultMaxWords)
	set(&o.EntityBoost, DefaultEntityBoost)
	set(&o.Prefix, DefaultPrefix)
	set(&o.CopySimilarity, DefaultCopySimilarity)
	set(&o.SketchWidth, DefaultSketchWidth)
	set(&o.Merge, DefaultMerge)
	set(&o.LongMerge, DefaultLongMerge)
	return o
}

// set sets *p to d when it is zero.
func set[T int | float64](p *T, d T) {
	if *p == 0 {
		*p = d
	}
}

// Validate reports whether o is usable; the error names the first field
// that is not, with its value and what it may be.
func (o Options) Validate() error {
	o = o.withDefaults()
	if err := optcheck.First("story",
		optcheck.F("Threshold", o.Threshold, o.Threshold >= 0 && o.Threshold <= 1, "a number in [0, 1]"),
		optcheck.F("LongThreshold", o.LongThreshold, o.LongThreshold >= 0 && o.LongThreshold <= 1, "a number in [0, 1]"),
		optcheck.F("Merge", o.Merge, o.Merge == -1 || o.Merge > 0 && o.Merge <= 1, "a number in (0, 1], or -1 (no merging)"),
		optcheck.F("LongMerge", o.LongMerge, o.LongMerge == -1 || o.LongMerge > 0 && o.LongMerge <= 1, "a number in (0, 1], or -1 (no merging)"),
		optcheck.F("Window", float64(o.Window), o.Window >= 0 && o.Window <= MaxWindow, fmt.Sprintf("a whole number of days in 0..%d", MaxWindow)),
		optcheck.F("Terms", float64(o.Terms), o.Terms >= 1 && o.Terms <= 1024, "a whole number in 1..1024"),
		optcheck.F("MaxShare", o.MaxShare, o.MaxShare > 0 && o.MaxShare <= 1, "a number in (0, 1]"),
		optcheck.F("TitleWeight", o.TitleWeight, o.TitleWeight >= 0, "0 or more"),
		optcheck.F("LeadWeight", o.LeadWeight, o.LeadWeight >= 0, "0 or more"),
		optcheck.F("LeadWords", float64(o.LeadWords), o.LeadWords >= 0, "0 or more"),
		optcheck.F("MaxWords", float64(o.MaxWords), o.MaxWords >= 1, "1 or more"),
		optcheck.F("EntityBoost", o.EntityBoost, o.EntityBoost > 0, "a number above 0"),
		optcheck.F("CopySimilarity", o.CopySimilarity, o.CopySimilarity > 0 && o.CopySimilarity <= 1, "a number in (0, 1]"),
		optcheck.F("SketchWidth", float64(o.SketchWidth), o.SketchWidth >= 1024 && o.SketchWidth&(o.SketchWidth-1) == 0, "a power of two of at least 1024"),
	); err != nil {
		return err
	}
	if (o.Merge < 0) != (o.LongMerge < 0) {
		return fmt.Errorf("story: Merge %v and LongMerge %v: -1 (no merging) is for both or neither", o.Merge, o.LongMerge)
	}
	return nil
}

// Doc is what a document gives to Observe.
type Doc struct {
	Key   int64  // the document's position in the corpus; unique, breaks ties of date
	ID    string // the document's id
	URL   string
	Date  string // publication date, ISO 8601 (its first ten characters are read), or ""
	Title string
	Lead  string // the publisher's description or summary, if any
	Text  string
	// Copy names the document's copy group (a dedup cluster id), or "":
	// the documents of one group are put in one story.
	Copy string
}

// Entry is what a State keeps of one document.
type Entry struct {
	Key     int64
	ID, URL string
	Date    string
	Day     int32 // days since 1970-01-01, or NoDay
	Words   int32 // the tokens of the title, lead and text read
	Copy    string
	// Terms are the document's heaviest terms, sorted by hash; Stories
	// turns their weights into unit-length TF-IDF weights.
	Terms []Term
}

// NoDay is the Day of an undated entry.
const NoDay = math.MaxInt32

// Observe returns the Entry of a document.
func (o Options) Observe(d Doc) Entry {
	o = o.withDefaults()
	c := counter{o: &o, weight: map[uint32]float32{}, entity: map[uint32]bool{}}
	c.add(d.Title, fieldTitle)
	c.add(d.Lead, fieldLead)
	c.add(d.Text, fieldBody)
	return Entry{Key: d.Key, ID: d.ID, URL: d.URL, Date: d.Date, Day: Day(d.Date), Words: int32(c.tokens), Copy: d.Copy, Terms: c.terms()}
}

// Day returns the day of an ISO 8601 date (days since 1970-01-01), or
// NoDay when date does not start with one.
func Day(date string) int32 {
	if len(date) < 10 {
		return NoDay
	}
	t, err := time.Parse("2006-01-02", date[:10])
	if err != nil {
		return NoDay
	}
	return int32(t.Unix() / 86400)
}

// State gathers the entries of a corpus, or of a part of one, and the
// document frequencies of their terms.
type State struct {
	opts    Options
	docs    int64
	sketch  [2][]uint32
	entries []Entry
}

// NewState returns an empty State.
func NewState(o Options) *State {
	o = o.withDefaults()
	return &State{opts: o, sketch: [2][]uint32{make([]uint32, o.SketchWidth), make([]uint32, o.SketchWidth)}}
}

// sketch rows index a term by two hashes of its hash.
func (s *State) slots(h uint32) (uint32, uint32) {
	mask := uint32(len(s.sketch[0]) - 1)
	a := h * 0x9E3779B1
	b := (h ^ 0x5bd1e995) * 0x85EBCA77
	return (a ^ a>>15) & mask, (b ^ b>>13) & mask
}

// Add adds an entry and counts its terms.
func (s *State) Add(e Entry) {
	s.docs++
	for _, t := range e.Terms {
		i, j := s.slots(t.Hash)
		s.sketch[0][i]++
		s.sketch[1][j]++
	}
	s.entries = append(s.entries, e)
}

// df returns the estimated number of documents that have term h.
func (s *State) df(h uint32) uint32 {
	i, j := s.slots(h)
	return min(s.sketch[0][i], s.sketch[1][j])
}

// Len returns the number of entries.
func (s *State) Len() int { return len(s.entries) }

// ErrOptions is returned when merging States of different Options.
var ErrOptions = errors.New("story: states observed with different options")

// Merge adds other's entries and frequencies to s. The two must have been
// observed with the same Options, and their keys must be distinct.
func (s *State) Merge(other *State) error {
	if s.opts != other.opts {
		return ErrOptions
	}
	s.docs += other.docs
	for r := range s.sketch {
		for i, v := range other.sketch[r] {
			s.sketch[r][i] += v
		}
	}
	s.entries = append(s.entries, other.entries...)
	return nil
}

// stateHeader is what Save writes first; the entries follow in batches
// of at most saveBatch, so that neither Save nor LoadState holds the
// encoding of a whole state.
type stateHeader struct {
	Options Options
	Docs    int64
	Sketch  [2][]uint32
	Entries int
}

const saveBatch = 4096

// Save writes the state to w, so that a state observed on one machine can
// be loaded and merged on another.
func (s *State) Save(w io.Writer) error {
	enc := gob.NewEncoder(w)
	if err := enc.Encode(stateHeader{s.opts, s.docs, s.sketch, len(s.entries)}); err != nil {
		return err
	}
	for i := 0; i < len(s.entries); i += saveBatch {
		if err := enc.Encode(s.entries[i:min(i+saveBatch, len(s.entries))]); err != nil {
			return err
		}
	}
	return nil
}

// LoadState reads a state written by Save.
func LoadState(r io.Reader) (*State, error) {
	dec := gob.NewDecoder(r)
	var h stateHeader
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("story: reading a state: %w", err)
	}
	if err := h.Options.Validate(); err != nil {
		return nil, err
	}
	if len(h.Sketch[0]) != h.Options.SketchWidth || len(h.Sketch[1]) != h.Options.SketchWidth || h.Entries < 0 {
		return nil, errors.New("story: reading a state: a sketch of the wrong size")
	}
	s := &State{opts: h.Options, docs: h.Docs, sketch: h.Sketch, entries: make([]Entry, 0, min(h.Entries, 1<<20))}
	for len(s.entries) < h.Entries {
		var batch []Entry
		if err := dec.Decode(&batch); err != nil {
			return nil, fmt.Errorf("story: reading a state: %w", err)
		}
		if len(batch) == 0 || len(s.entries)+len(batch) > h.Entries {
			return nil, errors.New("story: reading a state: entries do not match the count")
		}
		for _, e := range batch {
			if len(e.Terms) > h.Options.Terms {
				return nil, errors.New("story: reading a state: an entry with too many terms")
			}
		}
		s.entries = append(s.entries, batch...)
	}
	return s, nil
}

// Story is a group of documents that report the same event.
type Story struct {
	// ID is the id of the story's first member.
	ID string
	// Members are in date order (by day; undated last), then by key.
	Members []Member
}

// Member is one document of a story.
type Member struct {
	Key     int64
	ID, URL string
	Date    string
	// Similarity is the greatest cosine similarity of the member's terms
	// to those of an earlier member (0 for the first), and Of that
	// member's id.
	Similarity float64
	Of         string
	// Copy reports whether the member is a copy of an earlier one: in its
	// copy group, or at least CopySimilarity similar.
	Copy bool
}

// Stories groups the entries into stories and returns them in the order
// of their first members' keys; every entry is in exactly one story. It
// rewrites the entries' weights, so it is called once, when every part
// of the corpus has been merged.
func (s *State) Stories() []Story {
	o := s.opts
	s.weigh()
	es := s.entries
	slices.SortFunc(es, func(a, b Entry) int {
		if c := cmp.Compare(a.Day, b.Day); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	assign := s.cluster()
	if o.Merge > 0 || o.LongMerge > 0 {
		assign = s.merge(assign)
	}
	// Gather each story's members, in the entries' order.
	var first []int32
	next := make([]int32, len(es))
	var last []int32 // by story number; stories are numbered from 0 as they open
	for i := range es {
		next[i] = -1
		c := assign[i]
		if int(c) < len(last) {
			next[last[c]] = int32(i)
			last[c] = int32(i)
		} else {
			first = append(first, int32(i))
			last = append(last, int32(i))
		}
	}
	out := make([]Story, 0, len(first))
	for _, f := range first {
		var idx []int32
		for i := f; i >= 0; i = next[i] {
			idx = append(idx, i)
		}
		st := Story{ID: es[f].ID, Members: make([]Member, len(idx))}
		for k, i := range idx {
			e := &es[i]
			m := Member{Key: e.Key, ID: e.ID, URL: e.URL, Date: e.Date}
			for _, j := range idx[max(0, k-maxCompared):k] {
				if sim := cosine(e.Terms, es[j].Terms); sim > m.Similarity {
					m.Similarity, m.Of = sim, es[j].ID
				}
				if e.Copy != "" && e.Copy == es[j].Copy {
					m.Copy = true
				}
			}
			m.Copy = m.Copy || (k > 0 && m.Similarity >= o.CopySimilarity)
			st.Members[k] = m
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b Story) int { return cmp.Compare(a.Members[0].Key, b.Members[0].Key) })
	return out
}

// maxCompared bounds the earlier members a member is compared with to
// tell a copy from a rewrite.
const maxCompared = 200

// minStop is the fewest documents a stop word is in: in a small corpus
// the inverse document frequency alone weighs the common words down.
const minStop = 10

// weigh turns each entry's term weights into TF-IDF weights of unit
// length, dropping the corpus's stop words and the terms no other entry
// has (which count in the length but cannot match).
func (s *State) weigh() {
	n := float64(s.docs)
	maxDF := uint32(max(minStop, s.opts.MaxShare*n))
	for k := range s.entries {
		ts := s.entries[k].Terms
		var norm float64
		kept := ts[:0]
		for _, t := range ts {
			df := s.df(t.Hash)
			if df > maxDF {
				continue
			}
			w := float64(t.Weight) * math.Log((n+1)/float64(df+1))
			norm += w * w
			if df > 1 && w > 0 {
				kept = append(kept, Term{t.Hash, float32(w)})
			}
		}
		if norm > 0 {
			inv := float32(1 / math.Sqrt(norm))
			for i := range kept {
				kept[i].Weight *= inv
			}
		}
		s.entries[k].Terms = slices.Clip(kept)
	}
}

// cosine returns the dot product of two term lists sorted by hash.
func cosine(a, b []Term) float64 {
	var dot float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Hash < b[j].Hash:
			i++
		case a[i].Hash > b[j].Hash:
			j++
		default:
			dot += float64(a[i].Weight) * float64(b[j].Weight)
			i++
			j++
		}
	}
	return dot
}

// Lengths of a short and a long document, in words, for the thresholds.
const (
	ShortWords = 50
	LongWords  = 200
)

// threshold returns the least similarity for a document of the given
// length to join a story.
func (o *Options) threshold(words int32) float64 {
	return byLength(o.Threshold, o.LongThreshold, words)
}

// merging returns the least similarity for two stories whose members
// have the given mean length to merge.
func (o *Options) merging(words int32) float64 {
	return byLength(o.Merge, o.LongMerge, words)
}

// byLength returns short for a text of ShortWords or fewer, long for one
// of LongWords or more, and between the two in proportion to the
// logarithm of the length.
func byLength(short, long float64, words int32) float64 {
	f := math.Log(float64(words)/ShortWords) / math.Log(LongWords/ShortWords)
	return short + max(0, min(1, f))*(long-short)
}

// FormatDay returns the ISO 8601 date of a Day.
func FormatDay(d int32) string {
	if d == NoDay {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}
