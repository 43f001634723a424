package stage

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"sync/atomic"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/pipeline"
)

// ReasonDuplicate is the reason of a Document the Dedup stage dropped as
// a copy of its cluster's canonical member.
const ReasonDuplicate = "duplicate"

// Dedup is the corpus stage that clusters the same story told more than
// once across the kept articles (package dedup) and marks each with its
// cluster (ClusterID, ClusterSize, and DuplicateOf for a member that is
// not the canonical one). With KeepCanonical, the other members are
// dropped as "duplicate", naming their canonical copy.
//
// The state holds one dedup.Entry and the title of each kept article.
// After Prepare, Clusters lists the stories told more than once.
type Dedup struct {
	Options       dedup.Options
	KeepCanonical bool
	clusters      []ClusterLine
	duplicates    atomic.Int64
}

// Clusters returns the clusters of more than one member, largest first,
// once the stage is prepared.
func (s *Dedup) Clusters() []ClusterLine { return s.clusters }

// Duplicates returns the number of members that are not their cluster's
// canonical one.
func (s *Dedup) Duplicates() int { return int(s.duplicates.Load()) }

// Name implements pipeline.CorpusStage.
func (s *Dedup) Name() string { return "dedup" }

// NewState implements pipeline.CorpusStage.
func (s *Dedup) NewState() pipeline.CorpusState {
	return &dedupState{x: dedup.NewIndex(s.Options), titles: map[int64]string{}}
}

// Observe implements pipeline.CorpusStage.
func (s *Dedup) Observe(st pipeline.CorpusState, key int64, d *copydesk.Document) {
	ds := st.(*dedupState)
	ds.x.Add(s.Options.Observe(key, d.ID, d.URL, d.Date, d.ArticleText()))
	ds.titles[key] = d.Title
}

// mark is what Apply writes on one member.
type mark struct {
	cluster   string
	size      int
	duplicate bool
}

// Prepare implements pipeline.CorpusStage: it finds the clusters.
func (s *Dedup) Prepare(st pipeline.CorpusState) error {
	ds := st.(*dedupState)
	ds.marks = make(map[int64]mark, ds.x.Len())
	s.clusters = nil
	for _, c := range ds.x.Clusters() {
		can := c.Canonical()
		for k, m := range c.Members {
			ds.marks[m.Key] = mark{cluster: can.ID, size: len(c.Members), duplicate: k > 0}
		}
		if len(c.Members) < 2 {
			continue
		}
		cl := ClusterLine{ClusterID: can.ID, Size: len(c.Members), Exact: c.Exact, Title: ds.titles[can.Key]}
		for _, m := range c.Members {
			cl.Members = append(cl.Members, ClusterMember{ID: m.ID, URL: m.URL, Site: Host(m.URL), Date: m.Date, Words: m.Words})
			if m.Date != "" && (cl.FirstDate == "" || m.Date < cl.FirstDate) {
				cl.FirstDate = m.Date
			}
			cl.LastDate = max(cl.LastDate, m.Date)
		}
		s.clusters = append(s.clusters, cl)
	}
	sortClusters(s.clusters)
	ds.titles = nil
	return nil
}

// Apply implements pipeline.CorpusStage.
func (s *Dedup) Apply(st pipeline.CorpusState, key int64, d *copydesk.Document) error {
	m, ok := st.(*dedupState).marks[key]
	if !ok {
		return errors.New("stage: dedup: a document that was not observed")
	}
	d.ClusterID, d.ClusterSize = m.cluster, m.size
	if m.duplicate {
		s.duplicates.Add(1)
		d.DuplicateOf = m.cluster
		if s.KeepCanonical {
			// Dropped, still naming its canonical copy.
			return copydesk.Reject(ReasonDuplicate, "a copy of "+m.cluster)
		}
	}
	return nil
}

// dedupState is the Dedup stage's state.
type dedupState struct {
	x      *dedup.Index
	titles map[int64]string
	marks  map[int64]mark // set by Prepare
}

func (s *dedupState) Merge(other pipeline.CorpusState) error {
	o, ok := other.(*dedupState)
	if !ok {
		return errors.New("stage: merging a dedup index with another kind of state")
	}
	s.x.Merge(o.x)
	for k, t := range o.titles {
		s.titles[k] = t
	}
	return nil
}

// dedupFile is what MarshalBinary writes.
type dedupFile struct {
	Index  []byte
	Titles map[int64]string
}

func (s *dedupState) MarshalBinary() ([]byte, error) {
	var x bytes.Buffer
	if err := s.x.Save(&x); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(dedupFile{x.Bytes(), s.titles})
	return b.Bytes(), err
}

func (s *dedupState) UnmarshalBinary(data []byte) error {
	var f dedupFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return err
	}
	x, err := dedup.LoadIndex(bytes.NewReader(f.Index))
	if err != nil {
		return err
	}
	if f.Titles == nil {
		f.Titles = map[int64]string{}
	}
	s.x, s.titles = x, f.Titles
	return nil
}

// ClusterLine is one line of a clusters file: a story told by more than
// one document, its members canonical first, then by date.
type ClusterLine struct {
	ClusterID string          `json:"cluster_id"`
	Size      int             `json:"size"`
	Exact     bool            `json:"exact"` // every member has the same normalized text
	Title     string          `json:"title"` // the canonical member's
	FirstDate string          `json:"first_date"`
	LastDate  string          `json:"last_date"`
	Members   []ClusterMember `json:"members"`
}

// ClusterMember is one document of a cluster.
type ClusterMember struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Site  string `json:"site"` // the URL's host
	Date  string `json:"date"`
	Words int    `json:"words"`
}

// WriteClusters writes clusters as JSON lines.
func WriteClusters(w io.Writer, clusters []ClusterLine) error { return writeLines(w, clusters) }

// ReadClusters reads a clusters file that WriteClusters wrote.
func ReadClusters(r io.Reader) ([]ClusterLine, error) { return readLines[ClusterLine](r) }

// writeLines writes values as JSON lines.
func writeLines[T any](w io.Writer, values []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}

// readLines reads the JSON values writeLines wrote.
func readLines[T any](r io.Reader) ([]T, error) {
	var out []T
	dec := json.NewDecoder(r)
	for {
		var v T
		if err := dec.Decode(&v); err == io.EOF {
			return out, nil
		} else if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

// sortClusters puts the largest first; ties by first date, then id, for
// a stable file.
func sortClusters(lines []ClusterLine) {
	slices.SortStableFunc(lines, func(a, b ClusterLine) int {
		if c := cmp.Compare(b.Size, a.Size); c != 0 {
			return c
		}
		if c := cmp.Compare(a.FirstDate, b.FirstDate); c != 0 {
			return c
		}
		return cmp.Compare(a.ClusterID, b.ClusterID)
	})
}
