package stage

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"errors"
	"io"
	"slices"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/story"
)

// Stories is the corpus stage that groups the kept articles into stories
// (package story): the same event told by several outlets, in their own
// words or as copies, within a time window. Each article gets its
// StoryID and StorySize; articles of one dedup cluster (run Dedup first)
// are put in one story. After Prepare, Lines lists the stories of more
// than one article, largest first.
//
// The state holds one story.Entry (a few dozen weighted terms) and the
// title of each kept article, and merges across workers and machines.
type Stories struct {
	Options story.Options
	lines   []StoryLine
}

// Lines returns the stories of more than one article, largest first,
// once the stage is prepared.
func (s *Stories) Lines() []StoryLine { return s.lines }

// Name implements pipeline.CorpusStage.
func (s *Stories) Name() string { return "stories" }

// NewState implements pipeline.CorpusStage.
func (s *Stories) NewState() pipeline.CorpusState {
	return &storyState{s: story.NewState(s.Options), titles: map[int64]string{}}
}

// Observe implements pipeline.CorpusStage.
func (s *Stories) Observe(st pipeline.CorpusState, key int64, d *copydesk.Document) {
	ss := st.(*storyState)
	doc := story.Doc{Key: key, ID: d.ID, URL: d.URL, Date: d.Date, Title: d.Title, Lead: d.Description, Text: d.ArticleText()}
	if d.ClusterSize > 1 {
		doc.Copy = d.ClusterID
	}
	ss.s.Add(s.Options.Observe(doc))
	ss.titles[key] = d.Title
}

// storyMark is what Apply writes on one article.
type storyMark struct {
	id   string
	size int
}

// Prepare implements pipeline.CorpusStage: it finds the stories.
func (s *Stories) Prepare(st pipeline.CorpusState) error {
	ss := st.(*storyState)
	ss.marks = make(map[int64]storyMark, ss.s.Len())
	s.lines = nil
	for _, story := range ss.s.Stories() {
		for _, m := range story.Members {
			ss.marks[m.Key] = storyMark{story.ID, len(story.Members)}
		}
		if len(story.Members) < 2 {
			continue
		}
		l := StoryLine{StoryID: story.ID, Size: len(story.Members)}
		sites := map[string]bool{}
		for _, m := range story.Members {
			sm := StoryMember{ID: m.ID, URL: m.URL, Site: Host(m.URL), Date: m.Date, Title: ss.titles[m.Key], Copy: m.Copy,
				Similarity: float64(float32(m.Similarity)), Of: m.Of}
			l.Members = append(l.Members, sm)
			sites[sm.Site] = true
			if m.Copy {
				l.Copies++
			}
			if m.Date != "" && (l.FirstDate == "" || m.Date < l.FirstDate) {
				l.FirstDate = m.Date
			}
			l.LastDate = max(l.LastDate, m.Date)
		}
		l.Sites, l.Title = len(sites), l.Members[0].Title
		s.lines = append(s.lines, l)
	}
	slices.SortStableFunc(s.lines, func(a, b StoryLine) int {
		if c := cmp.Compare(b.Size, a.Size); c != 0 {
			return c
		}
		if c := cmp.Compare(a.FirstDate, b.FirstDate); c != 0 {
			return c
		}
		return cmp.Compare(a.StoryID, b.StoryID)
	})
	ss.titles = nil
	return nil
}

// Apply implements pipeline.CorpusStage.
func (s *Stories) Apply(st pipeline.CorpusState, key int64, d *copydesk.Document) error {
	m, ok := st.(*storyState).marks[key]
	if !ok {
		return errors.New("stage: stories: a document that was not observed")
	}
	d.StoryID, d.StorySize = m.id, m.size
	return nil
}

// storyState is the Stories stage's state.
type storyState struct {
	s      *story.State
	titles map[int64]string
	marks  map[int64]storyMark // set by Prepare
}

func (s *storyState) Merge(other pipeline.CorpusState) error {
	o, ok := other.(*storyState)
	if !ok {
		return errors.New("stage: merging a story state with another kind of state")
	}
	if err := s.s.Merge(o.s); err != nil {
		return err
	}
	for k, t := range o.titles {
		s.titles[k] = t
	}
	return nil
}

// storyFile is what MarshalBinary writes.
type storyFile struct {
	State  []byte
	Titles map[int64]string
}

func (s *storyState) MarshalBinary() ([]byte, error) {
	var x bytes.Buffer
	if err := s.s.Save(&x); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(storyFile{x.Bytes(), s.titles})
	return b.Bytes(), err
}

func (s *storyState) UnmarshalBinary(data []byte) error {
	var f storyFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return err
	}
	st, err := story.LoadState(bytes.NewReader(f.State))
	if err != nil {
		return err
	}
	if f.Titles == nil {
		f.Titles = map[int64]string{}
	}
	s.s, s.titles = st, f.Titles
	return nil
}

// StoryLine is one line of a stories file: an event reported by more than
// one article, its members in date order.
type StoryLine struct {
	StoryID   string        `json:"story_id"` // the first member's id
	Size      int           `json:"size"`
	Copies    int           `json:"copies"` // members that are copies of an earlier one
	Sites     int           `json:"sites"`  // distinct sites (URL hosts)
	Title     string        `json:"title"`  // the first member's
	FirstDate string        `json:"first_date"`
	LastDate  string        `json:"last_date"`
	Members   []StoryMember `json:"members"`
}

// StoryMember is one article of a story.
type StoryMember struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Site  string `json:"site"`
	Date  string `json:"date"`
	Title string `json:"title"`
	// Copy reports whether the article copies an earlier member (the
	// same dedup cluster, or nearly the same terms); otherwise it is a
	// rewrite, or the first report.
	Copy bool `json:"copy"`
	// Similarity is the greatest cosine similarity of its terms to an
	// earlier member's, and Of that member's id.
	Similarity float64 `json:"similarity"`
	Of         string  `json:"of,omitempty"`
}

// WriteStories writes stories as JSON lines.
func WriteStories(w io.Writer, lines []StoryLine) error { return writeLines(w, lines) }

// ReadStories reads a stories file that WriteStories wrote.
func ReadStories(r io.Reader) ([]StoryLine, error) { return readLines[StoryLine](r) }
