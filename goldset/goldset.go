// Package goldset loads the development gold sets used to evaluate text
// extraction and date detection. Each set is a directory in one of a few
// layouts; Open recognizes the layout and Set.Cases reads the pages lazily,
// one case at a time.
//
// Supported layouts (see each set's README.md under ../shared/data/<set>,
// relative to the module root):
//
//   - Readability: cases/<case>/source.html.gz, expected.html (the
//     expected article HTML, turned into plain text with htmltext) and
//     expected-metadata.json.
//   - Trafilatura: evaldata.json ({url: {file, with, without, author,
//     title, date, ...}}) and html/<file>.gz. Gold is snippets only.
//   - CleanEval: input/<id>.html.gz and gold/<id>.txt.gz or gold/<id>.txt
//     in CleanEval markup (a "URL: ..." line, <p>/<h>/<l> paragraph tags,
//     hard-wrapped lines, sometimes HTML entities). Both extract-cleaneval-dev
//     and extract-cleanportaleval use it.
//   - Dragnet: html/<id>.html.gz and corrected/<id>.html.corrected.txt.gz,
//     where the text after a line like "!@#$%^&*()  COMMENTS" is user
//     comments.
//   - HTMLDate: eval_default.json ({url: {file, date}}) and html/<file>.gz.
//   - Fundus: gold.json ({id: {url, title, authors, date, body,
//     body_without_summary, summary, language, ...}}) and
//     html/<id>.html.gz: modern multilingual news with body, title,
//     authors and date gold (extract-fundus-dev).
//   - Postlight: gold.json ({id: {url, title, author, authors,
//     date_published, dek, lead_image_url, content_first_words,
//     asserted_fields, ...}}) and html/<id>.html.gz: metadata gold and
//     the first words of the body (meta-postlight-dev).
//   - ArticleBody: one JSON file ({id: {articleBody, url}}, such as
//     ground-truth.json) and html/<id>.html.gz (or .html): the layout of
//     article-extraction benchmarks whose gold is the article's plain text.
//
// HTML is returned as raw bytes: decoding the page's charset is the
// consumer's job. Gold text files starting with a UTF-16 byte order mark
// are read as UTF-16; other gold text files that are not valid UTF-8 are read as
// windows-1252 (unless they are nearly all valid UTF-8, in which case the
// few bad bytes become U+FFFD). Plain gold text has one paragraph per line,
// white space collapsed within lines, no empty lines.
package goldset

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/segment"
	"github.com/copydesk/copydesk/source"

	"github.com/copydesk/copydesk/htmltext"
)

// ErrLayout reports a directory in none of the layouts Open knows, or
// no directory at all.
var ErrLayout = errors.New("goldset: not a gold set in a known layout")

// Format identifies the layout of a gold set directory.
type Format string

// The supported formats.
const (
	Readability Format = "readability"
	Trafilatura Format = "trafilatura"
	CleanEval   Format = "cleaneval"
	Dragnet     Format = "dragnet"
	HTMLDate    Format = "htmldate"
	ArticleBody Format = "articlebody"
	Fundus      Format = "fundus"
	Postlight   Format = "postlight"
)

// HasTextGold reports whether cases of this format carry plain gold text
// in Case.Gold (as opposed to snippets or a date only).
func (f Format) HasTextGold() bool {
	return f == Readability || f == CleanEval || f == Dragnet || f == ArticleBody || f == Fundus
}

// Case is one gold page. Which fields are set depends on the format.
type Case struct {
	// Set is the name of the set (the base name of its directory).
	Set string
	// ID identifies the case within the set: the case directory name
	// (Readability), the page file name (Trafilatura, HTMLDate) or the
	// numeric or named id of the page (CleanEval, Dragnet).
	ID string
	// URL is the page's address when the set records it (Trafilatura,
	// HTMLDate, CleanEval). Readability cases get the base URL the
	// upstream tests resolve links against, http://fakehost/test/page.html.
	URL string
	// HTML is the raw page, in whatever charset it was served.
	HTML []byte
	// Gold is the plain gold main text, one paragraph per line
	// (Readability, CleanEval, Dragnet). For Dragnet it excludes the
	// user comments.
	Gold string
	// GoldWithoutSummary is, for Fundus, the gold text without the
	// standfirst (summary) paragraphs that Gold starts with.
	GoldWithoutSummary string
	// FirstWords is, for Postlight, the first words of the article text
	// as the set's gold gives them (a prefix, by white-space tokens).
	FirstWords string
	// GoldWithComments is, for Dragnet, the gold text followed by the
	// user comments; it equals Gold when the page has none.
	GoldWithComments string
	// With and Without are snippets that must and must not appear in the
	// extracted text (Trafilatura).
	With, Without []string
	// Comments are snippets of user comments (Trafilatura), which belong
	// neither in the main text gold nor in Without.
	Comments []string
	// Date is the gold publication date as the set gives it: YYYY-MM-DD
	// for HTMLDate and Trafilatura, an ISO 8601 timestamp
	// (publishedTime) for Readability; "" when unknown.
	Date string
	// Meta holds the metadata gold of Readability and Trafilatura cases.
	Meta Meta
}

// Meta is the metadata gold of a case. Missing values are "" or nil.
type Meta struct {
	Title       string
	Author      string   // Readability byline; Trafilatura author (several joined by "; ")
	Authors     []string // Fundus and Postlight: the authors one by one
	Description string   // Readability excerpt; Trafilatura description
	SiteName    string
	Date        string // Readability publishedTime; Trafilatura date
	Lang        string // Readability lang; Fundus language
	Image       string // Postlight lead image URL
	// Asserted lists, for Postlight, the fields the gold really holds
	// (an asserted empty value means the field must be empty).
	Asserted   []string
	Categories []string
	Tags       []string
	License    string
	Region     string
	// Extra holds the remaining scalar fields under their upstream
	// names: Readability "dir" and "readerable".
	Extra map[string]string
}

// Set is an opened gold set. Its case list is read by Open; the pages and
// gold files are read by Cases.
type Set struct {
	Name    string
	Dir     string
	Format  Format
	entries []entry
}

// entry is what Open learns about a case without reading its files.
type entry struct {
	id, url   string
	htmlPath  string
	goldPath  string
	traf      *trafEntry
	dateValue string
	body      string // ArticleBody gold
	meta      *metaEntry
}

// Len returns the number of cases.
func (s *Set) Len() int { return len(s.entries) }

// IDs returns the case ids in iteration order.
func (s *Set) IDs() []string {
	ids := make([]string, len(s.entries))
	for i, e := range s.entries {
		ids[i] = e.id
	}
	return ids
}

// Open recognizes the layout of the gold set in dir and lists its cases.
func Open(dir string) (*Set, error) {
	s := &Set{Name: filepath.Base(filepath.Clean(dir)), Dir: dir}
	var err error
	switch {
	case exists(filepath.Join(dir, "evaldata.json")):
		s.Format = Trafilatura
		err = s.openJSONIndex(filepath.Join(dir, "evaldata.json"))
	case exists(filepath.Join(dir, "eval_default.json")):
		s.Format = HTMLDate
		err = s.openJSONIndex(filepath.Join(dir, "eval_default.json"))
	case isDir(filepath.Join(dir, "cases")):
		s.Format = Readability
		err = s.openReadability()
	case isDir(filepath.Join(dir, "corrected")) && isDir(filepath.Join(dir, "html")):
		s.Format = Dragnet
		err = s.openPaired("html", ".html.gz", func(id string) string {
			return filepath.Join(dir, "corrected", id+".html.corrected.txt.gz")
		})
	case isDir(filepath.Join(dir, "html")) && metaIndexFormat(dir) != "":
		s.Format = metaIndexFormat(dir)
		err = s.openMetaIndex()
	case isDir(filepath.Join(dir, "html")) && articleBodyIndex(dir) != "":
		s.Format = ArticleBody
		err = s.openArticleBody(articleBodyIndex(dir))
	case isDir(filepath.Join(dir, "input")) && isDir(filepath.Join(dir, "gold")):
		s.Format = CleanEval
		err = s.openPaired("input", ".html.gz", func(id string) string {
			p := filepath.Join(dir, "gold", id+".txt.gz")
			if !exists(p) {
				p = filepath.Join(dir, "gold", id+".txt")
			}
			return p
		})
	default:
		if !isDir(dir) {
			return nil, fmt.Errorf("%w: %s: not a directory", ErrLayout, dir)
		}
		return nil, fmt.Errorf("%w: %s: unrecognized layout", ErrLayout, dir)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(s.entries, func(a, b entry) int { return compareIDs(a.id, b.id) })
	return s, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// compareIDs orders ids numerically when both are decimal numbers and
// lexically otherwise.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	if errA == nil && errB == nil && na != nb {
		if na < nb {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func (s *Set) openReadability() error {
	casesDir := filepath.Join(s.Dir, "cases")
	des, err := os.ReadDir(casesDir)
	if err != nil {
		return fmt.Errorf("goldset: %w", err)
	}
	for _, de := range des {
		if !de.IsDir() {
			continue
		}
		src := filepath.Join(casesDir, de.Name(), "source.html.gz")
		if !exists(src) {
			continue
		}
		s.entries = append(s.entries, entry{
			id:       de.Name(),
			url:      "http://fakehost/test/page.html",
			htmlPath: src,
			goldPath: filepath.Join(casesDir, de.Name(), "expected.html"),
		})
	}
	if len(s.entries) == 0 {
		return fmt.Errorf("goldset: %s: no cases/*/source.html.gz", casesDir)
	}
	return nil
}

// openPaired lists sub/<id><suffix> pages and pairs each with goldPath(id).
func (s *Set) openPaired(sub, suffix string, goldPath func(id string) string) error {
	dir := filepath.Join(s.Dir, sub)
	des, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("goldset: %w", err)
	}
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, suffix) {
			continue
		}
		id := strings.TrimSuffix(name, suffix)
		s.entries = append(s.entries, entry{
			id:       id,
			htmlPath: filepath.Join(dir, name),
			goldPath: goldPath(id),
		})
	}
	if len(s.entries) == 0 {
		return fmt.Errorf("goldset: %s: no *%s pages", dir, suffix)
	}
	return nil
}

// trafEntry is one value of evaldata.json or eval_default.json.
type trafEntry struct {
	File        string          `json:"file"`
	With        []string        `json:"with"`
	Without     []string        `json:"without"`
	Comments    []string        `json:"comments"`
	Author      json.RawMessage `json:"author"` // a string or a list of strings
	Title       string          `json:"title"`
	Date        string          `json:"date"`
	Description string          `json:"description"`
	SiteName    string          `json:"sitename"`
	Categories  []string        `json:"categories"`
	Tags        []string        `json:"tags"`
	License     string          `json:"license"`
	Region      string          `json:"region"`
}

func (s *Set) openJSONIndex(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("goldset: %w", err)
	}
	var index map[string]*trafEntry
	if err := json.Unmarshal(b, &index); err != nil {
		return fmt.Errorf("goldset: %s: %w", path, err)
	}
	for url, e := range index {
		if e == nil || e.File == "" {
			return fmt.Errorf("goldset: %s: entry %q has no file", path, url)
		}
		if strings.ContainsAny(e.File, `/\`) || e.File == "." || e.File == ".." {
			return fmt.Errorf("goldset: %s: entry %q: bad file name %q", path, url, e.File)
		}
		s.entries = append(s.entries, entry{
			id:        e.File,
			url:       url,
			htmlPath:  filepath.Join(s.Dir, "html", e.File+".gz"),
			traf:      e,
			dateValue: e.Date,
		})
	}
	if len(s.entries) == 0 {
		return fmt.Errorf("goldset: %s: no entries", path)
	}
	return nil
}

// articleBodyEntry is one page of an ArticleBody index.
type articleBodyEntry struct {
	ArticleBody *string `json:"articleBody"`
	URL         string  `json:"url"`
}

// articleBodyIndex returns the JSON file of dir that indexes an
// ArticleBody set (ground-truth.json when present, else the only .json
// file whose first entry has an articleBody), or "".
func articleBodyIndex(dir string) string {
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	slices.SortFunc(names, func(a, b string) int {
		ga, gb := filepath.Base(a) == "ground-truth.json", filepath.Base(b) == "ground-truth.json"
		switch {
		case ga && !gb:
			return -1
		case gb && !ga:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		var index map[string]articleBodyEntry
		err = json.NewDecoder(io.LimitReader(f, maxFileBytes)).Decode(&index)
		f.Close()
		if err != nil {
			continue
		}
		for _, e := range index {
			if e.ArticleBody != nil {
				return name
			}
			break
		}
	}
	return ""
}

func (s *Set) openArticleBody(path string) error {
	b, err := readFile(path)
	if err != nil {
		return err
	}
	var index map[string]articleBodyEntry
	if err := json.Unmarshal(b, &index); err != nil {
		return fmt.Errorf("goldset: %s: %w", path, err)
	}
	for id, e := range index {
		if strings.ContainsAny(id, `/\`) || id == "." || id == ".." || id == "" {
			return fmt.Errorf("goldset: %s: bad id %q", path, id)
		}
		html := filepath.Join(s.Dir, "html", id+".html.gz")
		if !exists(html) {
			html = filepath.Join(s.Dir, "html", id+".html")
		}
		body := ""
		if e.ArticleBody != nil {
			body = *e.ArticleBody
		}
		s.entries = append(s.entries, entry{id: id, url: e.URL, htmlPath: html, body: body})
	}
	if len(s.entries) == 0 {
		return fmt.Errorf("goldset: %s: no entries", path)
	}
	return nil
}

// Cases returns an iterator over the cases in order. Each page and gold
// file is read when its case is reached. A case that cannot be read yields
// a Case with only Set and ID filled in and an error naming the file;
// iteration then goes on with the next case unless the loop stops.
func (s *Set) Cases() iter.Seq2[Case, error] {
	return func(yield func(Case, error) bool) {
		for _, e := range s.entries {
			c, err := s.load(e)
			if err != nil {
				c = Case{Set: s.Name, ID: e.id}
			}
			if !yield(c, err) {
				return
			}
		}
	}
}

func (s *Set) load(e entry) (Case, error) {
	c := Case{Set: s.Name, ID: e.id, URL: e.url}
	html, err := readFile(e.htmlPath)
	if err != nil {
		return c, err
	}
	c.HTML = html
	switch s.Format {
	case Readability:
		err = loadReadability(&c, e)
	case CleanEval:
		var b []byte
		if b, err = readFile(e.goldPath); err == nil {
			c.URL, c.Gold = CleanEvalText(decodeText(b))
		}
	case Dragnet:
		var b []byte
		if b, err = readFile(e.goldPath); err == nil {
			c.Gold, c.GoldWithComments = DragnetText(decodeText(b))
		}
	case Trafilatura:
		t := e.traf
		c.With, c.Without, c.Comments = t.With, t.Without, t.Comments
		c.Date = t.Date
		c.Meta = Meta{
			Title:       t.Title,
			Author:      authorString(t.Author),
			Description: t.Description,
			SiteName:    t.SiteName,
			Date:        t.Date,
			Categories:  t.Categories,
			Tags:        t.Tags,
			License:     t.License,
			Region:      t.Region,
		}
	case HTMLDate:
		c.Date = e.dateValue
	case ArticleBody:
		c.Gold = normalizeLines(e.body)
	case Fundus, Postlight:
		loadMeta(&c, e.meta)
	}
	return c, err
}

// authorString turns a JSON string or list of strings into one string.
func authorString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return ""
}

// readabilityMeta is expected-metadata.json; nulls decode as nil.
type readabilityMeta struct {
	Title         *string `json:"title"`
	Byline        *string `json:"byline"`
	Dir           *string `json:"dir"`
	Lang          *string `json:"lang"`
	Excerpt       *string `json:"excerpt"`
	SiteName      *string `json:"siteName"`
	PublishedTime *string `json:"publishedTime"`
	Readerable    *bool   `json:"readerable"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func loadReadability(c *Case, e entry) error {
	expected, err := readFile(e.goldPath)
	if err != nil {
		return err
	}
	gold, err := htmltext.Visible(expected, "text/html; charset=utf-8")
	if err != nil {
		return fmt.Errorf("goldset: %s: %w", e.goldPath, err)
	}
	c.Gold = gold
	metaPath := filepath.Join(filepath.Dir(e.goldPath), "expected-metadata.json")
	b, err := os.ReadFile(metaPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("goldset: %w", err)
	}
	var m readabilityMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("goldset: %s: %w", metaPath, err)
	}
	c.Meta = Meta{
		Title:       str(m.Title),
		Author:      str(m.Byline),
		Description: str(m.Excerpt),
		SiteName:    str(m.SiteName),
		Date:        str(m.PublishedTime),
		Lang:        str(m.Lang),
	}
	c.Date = c.Meta.Date
	extra := map[string]string{}
	if m.Dir != nil {
		extra["dir"] = *m.Dir
	}
	if m.Readerable != nil {
		extra["readerable"] = strconv.FormatBool(*m.Readerable)
	}
	if len(extra) > 0 {
		c.Meta.Extra = extra
	}
	return nil
}

// maxFileBytes guards against corrupt or hostile compressed files.
const maxFileBytes = 256 << 20

// ReadFile reads a file of a gold set, gunzipping it if its name ends in
// ".gz", for the sets Open does not recognize. Errors name the file.
func ReadFile(path string) ([]byte, error) { return readFile(path) }

// readFile reads path, gunzipping it if its name ends in ".gz". Errors name
// the file.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("goldset: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("goldset: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	b, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("goldset: %s: %w", path, err)
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("goldset: %s: larger than %d bytes", path, maxFileBytes)
	}
	return b, nil
}

// decodeText converts a gold text file to a string by the rules of
// source.Decode (byte order marks, UTF-8 repaired when mostly valid, else
// windows-1252); bytes it cannot read become U+FFFD.
func decodeText(b []byte) string {
	text, _, err := source.Decode(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return text
}

// normalizeLines collapses white space within each line of s, trims the
// lines, drops empty ones and joins the rest with "\n".
func normalizeLines(s string) string {
	var sb strings.Builder
	for line := range strings.Lines(s) {
		line = segment.NormalizeSpace(line)
		if line == "" {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(line)
	}
	return sb.String()
}
