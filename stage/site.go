package stage

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/summarize"
)

// ReasonSiteBoilerplate is the reason of a paragraph the SiteBoilerplate
// stage cut.
const ReasonSiteBoilerplate = "site-boilerplate"

// SiteBoilerplate is the corpus stage that cuts from each kept article
// the paragraphs that recur across many pages of its site (the URL's
// host; boiler.SiteIndex has the rules), and makes its summary again
// from what is left (with Summarize) where a paragraph went.
type SiteBoilerplate struct {
	Options   boiler.SiteOptions
	Summarize summarize.Options
	cut       atomic.Int64
}

// Cut returns the number of paragraphs the stage has cut.
func (s *SiteBoilerplate) Cut() int { return int(s.cut.Load()) }

// Name implements pipeline.CorpusStage.
func (s *SiteBoilerplate) Name() string { return "site-boilerplate" }

// NewState implements pipeline.CorpusStage.
func (s *SiteBoilerplate) NewState() pipeline.CorpusState {
	return &siteState{boiler.NewSiteIndex(s.Options)}
}

// Observe implements pipeline.CorpusStage.
func (s *SiteBoilerplate) Observe(st pipeline.CorpusState, _ int64, d *copydesk.Document) {
	st.(*siteState).x.Observe(Host(d.URL), d.Paragraphs)
}

// Prepare implements pipeline.CorpusStage.
func (s *SiteBoilerplate) Prepare(pipeline.CorpusState) error { return nil }

// Apply implements pipeline.CorpusStage.
func (s *SiteBoilerplate) Apply(st pipeline.CorpusState, _ int64, d *copydesk.Document) error {
	chrome := st.(*siteState).x.Chrome(Host(d.URL), d.Paragraphs)
	cut := 0
	for _, c := range chrome {
		if c {
			cut++
		}
	}
	if cut == 0 {
		return nil
	}
	s.cut.Add(int64(cut))
	// The paragraphs' places among all the page's blocks, which the
	// removed ones keep.
	removedAt := make(map[int]bool, len(d.Removed))
	for _, r := range d.Removed {
		removedAt[r.Index] = true
	}
	keep := make([]string, 0, len(d.Paragraphs)-cut)
	at := 0
	for i, p := range d.Paragraphs {
		for removedAt[at] {
			at++
		}
		if chrome[i] {
			d.Removed = append(d.Removed, copydesk.Removal{Index: at, Text: p, Reason: ReasonSiteBoilerplate})
		} else {
			keep = append(keep, p)
		}
		at++
	}
	d.Paragraphs = keep
	o := s.Summarize
	if o.Lang == "" {
		o.Lang = d.Lang
	}
	sum := summarize.Summarize(keep, d.Description, o)
	d.Summary, d.SummaryMethod = sum.Text, sum.Method
	return nil
}

// siteState is the SiteBoilerplate stage's state: a site index.
type siteState struct{ x *boiler.SiteIndex }

func (s *siteState) Merge(other pipeline.CorpusState) error {
	o, ok := other.(*siteState)
	if !ok {
		return errors.New("stage: merging a site index with another kind of state")
	}
	s.x.Merge(o.x)
	return nil
}

func (s *siteState) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	err := s.x.Save(&b)
	return b.Bytes(), err
}

func (s *siteState) UnmarshalBinary(data []byte) error {
	x, err := boiler.LoadSiteIndex(bytes.NewReader(data))
	if err == nil {
		s.x = x
	}
	return err
}

// Host returns the site of a URL: its host name, lower case, without a
// leading "www.".
func Host(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}
