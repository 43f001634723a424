package goldset

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// metaEntry is one page of a Fundus or Postlight gold.json. Fields that
// only one of the two layouts has are left empty by the other.
type metaEntry struct {
	URL                string   `json:"url"`
	Title              *string  `json:"title"`
	Authors            []string `json:"authors"`
	Author             *string  `json:"author"`
	Date               *string  `json:"date"`
	Body               *string  `json:"body"`
	BodyWithoutSummary *string  `json:"body_without_summary"`
	Summary            []string `json:"summary"`
	Language           string   `json:"language"`
	Publisher          string   `json:"publisher_name"`
	Dek                *string  `json:"dek"`
	LeadImage          *string  `json:"lead_image_url"`
	FirstWords         *string  `json:"content_first_words"`
	Asserted           []string `json:"asserted_fields"`
	Topics             []string `json:"topics"`
}

// metaIndexFormat tells whether dir/gold.json indexes a Fundus or Postlight
// set, and which ("" for neither): a Fundus entry has a body, a Postlight entry the list
// of the fields its gold asserts.
func metaIndexFormat(dir string) Format {
	b, err := readFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		return ""
	}
	var index map[string]json.RawMessage
	if json.Unmarshal(b, &index) != nil {
		return ""
	}
	for _, raw := range index {
		var probe map[string]json.RawMessage
		if json.Unmarshal(raw, &probe) != nil {
			return ""
		}
		if _, ok := probe["body_without_summary"]; ok {
			return Fundus
		}
		if _, ok := probe["asserted_fields"]; ok {
			return Postlight
		}
		return ""
	}
	return ""
}

func (s *Set) openMetaIndex() error {
	path := filepath.Join(s.Dir, "gold.json")
	b, err := readFile(path)
	if err != nil {
		return err
	}
	var index map[string]*metaEntry
	if err := json.Unmarshal(b, &index); err != nil {
		return fmt.Errorf("goldset: %s: %w", path, err)
	}
	for id, m := range index {
		if m == nil || strings.ContainsAny(id, `/\`) || id == "." || id == ".." || id == "" {
			return fmt.Errorf("goldset: %s: bad entry %q", path, id)
		}
		html := filepath.Join(s.Dir, "html", id+".html.gz")
		if !exists(html) {
			html = filepath.Join(s.Dir, "html", id+".html")
		}
		s.entries = append(s.entries, entry{id: id, url: m.URL, htmlPath: html, meta: m})
	}
	if len(s.entries) == 0 {
		return fmt.Errorf("goldset: %s: no entries", path)
	}
	return nil
}

// loadMeta fills a Fundus or Postlight case from its index entry.
func loadMeta(c *Case, m *metaEntry) {
	author := strings.Join(m.Authors, "; ")
	if m.Author != nil && len(m.Authors) == 0 {
		author = *m.Author
	}
	c.Meta = Meta{
		Title:       str(m.Title),
		Author:      author,
		Authors:     m.Authors,
		Description: str(m.Dek),
		SiteName:    m.Publisher,
		Date:        str(m.Date),
		Lang:        m.Language,
		Image:       str(m.LeadImage),
		Tags:        m.Topics,
		Asserted:    m.Asserted,
	}
	c.Date = c.Meta.Date
	if m.Body != nil {
		c.Gold = normalizeLines(*m.Body)
	}
	if m.BodyWithoutSummary != nil {
		c.GoldWithoutSummary = normalizeLines(*m.BodyWithoutSummary)
	}
	c.FirstWords = str(m.FirstWords)
}
