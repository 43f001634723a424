// Package index is the full-text index copydesk serve searches: an SQLite
// database with an FTS5 table over the articles' titles, authors and
// text, ranked by BM25, kept in one file beside the dataset.
//
// It is the only package that imports modernc.org/sqlite (SQLite compiled
// to Go: no cgo, so the binary stays one static file).
//
// Open builds the index when it is missing or was built from other data
// (the dataset's Fingerprint is stored in it) and opens it read-only.
// A build writes a temporary file and renames it into place, so readers
// of the old index are never shown a half-built one. An *Index is safe
// for concurrent use.
package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/record"
)

// schema versions the layout below and the encoding of the records in
// it (record.Record's JSON since version 3); an index of another version
// is rebuilt.
const schema = "3"

// Limits of a Query.
const (
	MaxQueryBytes = 512 // longer query texts are refused
	MaxTerms      = 16  // terms after the 16th are ignored
	MaxPerPage    = 100
	MaxOffset     = 10000 // results deeper than this are not paged to
)

// Errors.
var (
	ErrQueryTooLong = errors.New("index: query too long")
	ErrNotFound     = errors.New("index: no such article")
)

// Doc is one article of the index: its record and its position in the
// dataset (0-based).
type Doc struct {
	record.Record
	N int
}

// Index is an open, read-only index.
type Index struct {
	db   *sql.DB
	Path string
	// Built says whether Open built the index (else it was up to date).
	Built bool
	// BuildTime is how long the build took, when Built.
	BuildTime time.Duration
}

// Options tune Open. The zero value works.
type Options struct {
	// Observe, when set, is called with every record while the index is
	// built (to compute figures in the same pass).
	Observe func(r *record.Record)
	// Meta, when set, is called once the records are in; its entries are
	// stored in the index and read back with Index.Meta.
	Meta func() (map[string]string, error)
	// Force rebuilds the index even when it is up to date.
	Force bool
}

// Open returns the index of d kept at path, building it first when it is
// missing, stale or of another schema.
func Open(ctx context.Context, d *dataset.Dataset, path string, o Options) (*Index, error) {
	fp, err := d.Fingerprint()
	if err != nil {
		return nil, err
	}
	if !o.Force {
		if ix, err := openRO(path); err == nil {
			if v, _ := ix.Meta("fingerprint"); v == fp {
				if s, _ := ix.Meta("schema"); s == schema {
					return ix, nil
				}
			}
			ix.Close()
		}
	}
	start := time.Now()
	if err := build(ctx, d, path, fp, o); err != nil {
		return nil, err
	}
	ix, err := openRO(path)
	if err != nil {
		return nil, err
	}
	ix.Built, ix.BuildTime = true, time.Since(start)
	return ix, nil
}

// Current reports whether the index is still that of d as it is on disk.
func (ix *Index) Current(d *dataset.Dataset) bool {
	fp, err := d.Fingerprint()
	if err != nil {
		return false
	}
	v, err := ix.Meta("fingerprint")
	return err == nil && v == fp
}

func openRO(path string) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	ix := &Index{db: db, Path: path}
	if _, err := ix.Meta("schema"); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// Meta returns a value stored at build time.
func (ix *Index) Meta(key string) (string, error) {
	var v string
	err := ix.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	return v, err
}

// The filters' columns are in docs, a narrow table, and the text in
// bodies: a filter that reads docs row by row (a common word matches
// most of the articles) then reads a few pages, not every article's text.
const ddl = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
	rowid INTEGER PRIMARY KEY,
	id TEXT NOT NULL,
	date TEXT NOT NULL,
	lang TEXT NOT NULL,
	site TEXT NOT NULL,
	has_summary INTEGER NOT NULL,
	cluster_id TEXT NOT NULL,
	story_id TEXT NOT NULL
);
CREATE TABLE bodies(
	rowid INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	authors TEXT NOT NULL,
	text TEXT NOT NULL,
	rec TEXT NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(title, authors, text, content='bodies', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
`

const indexes = `
CREATE INDEX docs_id ON docs(id);
CREATE INDEX docs_date ON docs(date);
CREATE INDEX docs_site ON docs(site);
CREATE INDEX docs_cluster ON docs(cluster_id) WHERE cluster_id <> '';
CREATE INDEX docs_story ON docs(story_id) WHERE story_id <> '';
INSERT INTO fts(fts) VALUES('rebuild');
INSERT INTO fts(fts) VALUES('optimize');
`

func build(ctx context.Context, d *dataset.Dataset, path, fp string, o Options) error {
	// A temporary name of its own, so that two processes building the
	// same index do not write one file.
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	tmp := f.Name()
	f.Close()
	db, err := sql.Open("sqlite", "file:"+tmp+"?_pragma=journal_mode(off)&_pragma=synchronous(off)&_pragma=cache_size(-65536)")
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	fail := func(err error) error {
		db.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return fail(fmt.Errorf("index: %w", err))
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs(rowid, id, date, lang, site, has_summary, cluster_id, story_id) VALUES(?,?,?,?,?,?,?,?)`)
	if err != nil {
		tx.Rollback()
		return fail(err)
	}
	insBody, err := tx.PrepareContext(ctx, `INSERT INTO bodies(rowid, title, authors, text, rec) VALUES(?,?,?,?,?)`)
	if err != nil {
		ins.Close()
		tx.Rollback()
		return fail(err)
	}
	err = d.Each(func(i int, r *record.Record) error {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if o.Observe != nil {
			o.Observe(r)
		}
		text := r.Text
		r.Text = ""
		rec, err := json.Marshal(r)
		r.Text = text
		if err != nil {
			return err
		}
		hasSummary := 0
		if dataset.Value(r.Summary) != "" {
			hasSummary = 1
		}
		if _, err := ins.ExecContext(ctx, i+1, r.ID, dataset.Time(r.Date), dataset.Value(r.Lang), dataset.Site(dataset.Value(r.URL)),
			hasSummary, dataset.Value(r.ClusterID), dataset.Value(r.StoryID)); err != nil {
			return err
		}
		_, err = insBody.ExecContext(ctx, i+1, dataset.Value(r.Title), strings.Join(r.Authors, "; "), text, string(rec))
		return err
	})
	ins.Close()
	insBody.Close()
	if err != nil {
		tx.Rollback()
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	if _, err := db.ExecContext(ctx, indexes); err != nil {
		return fail(fmt.Errorf("index: %w", err))
	}
	meta := map[string]string{"fingerprint": fp, "schema": schema, "built": time.Now().UTC().Format(time.RFC3339)}
	if o.Meta != nil {
		extra, err := o.Meta()
		if err != nil {
			return fail(err)
		}
		for k, v := range extra {
			meta[k] = v
		}
	}
	for k, v := range meta {
		if _, err := db.ExecContext(ctx, `INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, k, v); err != nil {
			return fail(err)
		}
	}
	if err := db.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// Query is a search: words to match (empty: every article) and filters.
type Query struct {
	Text       string
	Site       string // the URL's host, as dataset.Site returns it
	Lang       string
	From, To   string // publication dates, YYYY-MM-DD, inclusive; either leaves out undated articles
	HasSummary bool
	ByDate     bool // newest first, else by relevance (by date when Text is empty)
	Offset     int
	Limit      int // 0: 20; at most MaxPerPage
}

// Segment is a piece of a snippet; Hit marks a matched term.
type Segment struct {
	Text string
	Hit  bool
}

// Hit is one search result.
type Hit struct {
	Doc
	Snippet []Segment
	Score   float64 // BM25 (lower is better, as SQLite gives it); 0 without Text
}

// Result is a page of hits and the number of all matches, counted up
// to MaxOffset+PerPage at most (More says the count stopped there).
type Result struct {
	Total int
	More  bool
	Hits  []Hit
}

// maxCount bounds the matches counted: a page deeper than MaxOffset is
// never shown, and counting every match of a common word costs more
// than ranking a page of them.
const maxCount = MaxOffset + MaxPerPage

// Match returns the FTS5 expression for a user's query text: each word
// (letters and digits) quoted as a term, "quoted phrases" kept as
// phrases, a trailing * a prefix; every term must match. FTS5 operators
// typed by the user are words like any other, so no text is a syntax
// error. It returns "" when the text holds no word.
func Match(q string) string {
	var terms []string
	inPhrase := false
	var phrase []string
	word := strings.Builder{}
	flush := func(prefix bool) {
		if word.Len() == 0 {
			return
		}
		w := `"` + word.String() + `"`
		word.Reset()
		if inPhrase {
			phrase = append(phrase, w)
			return
		}
		if prefix {
			w += "*"
		}
		terms = append(terms, w)
	}
	for _, r := range q {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			word.WriteRune(r)
		case r == '*':
			flush(true)
		case r == '"':
			flush(false)
			if inPhrase && len(phrase) > 0 {
				terms = append(terms, strings.Join(phrase, " + "))
			}
			inPhrase, phrase = !inPhrase, nil
		default:
			flush(false)
		}
	}
	flush(false)
	if len(phrase) > 0 {
		terms = append(terms, strings.Join(phrase, " + "))
	}
	if len(terms) > MaxTerms {
		terms = terms[:MaxTerms]
	}
	return strings.Join(terms, " ")
}

// Search runs q.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if len(q.Text) > MaxQueryBytes {
		return nil, ErrQueryTooLong
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	q.Limit = min(q.Limit, MaxPerPage)
	q.Offset = min(max(q.Offset, 0), MaxOffset)
	var where []string
	var args []any
	match := Match(q.Text)
	from := "docs d"
	if match != "" {
		// CROSS JOIN keeps the full-text match the outer loop: a filter
		// column's index must never make SQLite test the match row by row.
		from = "fts CROSS JOIN docs d ON d.rowid = fts.rowid"
		where = append(where, "fts MATCH ?")
		args = append(args, match)
	}
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if q.Site != "" {
		add("d.site = ?", q.Site)
	}
	if q.Lang != "" {
		add("d.lang = ?", q.Lang)
	}
	if q.From != "" {
		add("d.date >= ?", q.From)
	}
	if q.To != "" {
		add("d.date <> '' AND d.date < ?", q.To+"~") // every time of day of q.To sorts before "~"
	}
	if q.HasSummary {
		where = append(where, "d.has_summary = 1")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	res := &Result{}
	if err := ix.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+from+cond+" LIMIT ?)", append(args, maxCount+1)...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	if res.Total > maxCount {
		res.Total, res.More = maxCount, true
	}
	// The page's rows are chosen from docs and the match alone; the
	// bodies and snippets of those rows only are read after (a function
	// in the ranked query would run on every match, not on the page).
	cols, order := "d.rowid, 0", " ORDER BY d.date DESC, d.rowid"
	if match != "" {
		cols = "d.rowid, bm25(fts, 10.0, 4.0, 1.0)"
		if !q.ByDate {
			order = " ORDER BY bm25(fts, 10.0, 4.0, 1.0), d.rowid"
		}
	}
	rows, err := ix.db.QueryContext(ctx, "SELECT "+cols+" FROM "+from+cond+order+" LIMIT ? OFFSET ?",
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.N, &h.Score); err != nil {
			rows.Close()
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		var rec, snip string
		var err error
		if match != "" {
			err = ix.db.QueryRowContext(ctx, `SELECT b.rec, snippet(fts, 2, char(2), char(3), '…', 32) FROM fts CROSS JOIN bodies b ON b.rowid = fts.rowid WHERE fts MATCH ? AND fts.rowid = ?`,
				match, h.N).Scan(&rec, &snip)
		} else {
			err = ix.db.QueryRowContext(ctx, `SELECT rec, text FROM bodies WHERE rowid = ?`, h.N).Scan(&rec, &snip)
		}
		if err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		h.N--
		if err := json.Unmarshal([]byte(rec), &h.Record); err != nil {
			return nil, err
		}
		if match == "" {
			snip = lead(dataset.Value(h.Summary), snip, 240)
		}
		h.Snippet = segments(snip)
	}
	return res, nil
}

// lead is the summary, or else the text's first n bytes (whole runes).
func lead(summary, text string, n int) string {
	if summary != "" {
		text = summary
	}
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8Start(text[n]) {
		n--
	}
	return text[:n] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// segments splits a snippet marked with \x02…\x03 around hits.
func segments(s string) []Segment {
	var out []Segment
	for s != "" {
		i := strings.IndexByte(s, 2)
		if i < 0 {
			out = append(out, Segment{Text: s})
			break
		}
		if i > 0 {
			out = append(out, Segment{Text: s[:i]})
		}
		s = s[i+1:]
		j := strings.IndexByte(s, 3)
		if j < 0 {
			j = len(s)
		}
		out = append(out, Segment{Text: s[:j], Hit: true})
		s = s[min(j+1, len(s)):]
	}
	return out
}

// Get returns the articles with id, in dataset order (ids repeat when a
// page was crawled more than once).
func (ix *Index) Get(ctx context.Context, id string) ([]Doc, error) {
	docs, err := ix.docs(ctx, `SELECT d.rowid, b.rec, b.text FROM docs d CROSS JOIN bodies b ON b.rowid = d.rowid WHERE d.id = ? ORDER BY d.rowid LIMIT 100`, id)
	if err == nil && len(docs) == 0 {
		err = ErrNotFound
	}
	return docs, err
}

// Story returns the members of a story, in dataset order: the articles
// whose story_id is id, else those whose cluster_id is id. At most limit
// are returned (0: 1,000).
func (ix *Index) Story(ctx context.Context, id string, limit int) ([]Doc, error) {
	if limit <= 0 {
		limit = 1000
	}
	docs, err := ix.docs(ctx, `SELECT d.rowid, b.rec, b.text FROM docs d CROSS JOIN bodies b ON b.rowid = d.rowid WHERE d.story_id = ? ORDER BY d.rowid LIMIT ?`, id, limit)
	if err != nil || len(docs) > 0 {
		return docs, err
	}
	return ix.docs(ctx, `SELECT d.rowid, b.rec, b.text FROM docs d CROSS JOIN bodies b ON b.rowid = d.rowid WHERE d.cluster_id = ? ORDER BY d.rowid LIMIT ?`, id, limit)
}

func (ix *Index) docs(ctx context.Context, query string, args ...any) ([]Doc, error) {
	rows, err := ix.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	defer rows.Close()
	var out []Doc
	for rows.Next() {
		var d Doc
		var rec, text string
		if err := rows.Scan(&d.N, &rec, &text); err != nil {
			return nil, err
		}
		d.N--
		if err := json.Unmarshal([]byte(rec), &d.Record); err != nil {
			return nil, err
		}
		d.Text = text
		out = append(out, d)
	}
	return out, rows.Err()
}

// Facet is one value of a filter and how many articles have it.
type Facet struct {
	Value string
	Count int
}

// Facets returns the most common values of a column ("site" or "lang"),
// at most limit of them.
func (ix *Index) Facets(ctx context.Context, column string, limit int) ([]Facet, error) {
	if column != "site" && column != "lang" {
		return nil, fmt.Errorf("index: no facet %q", column)
	}
	rows, err := ix.db.QueryContext(ctx, `SELECT `+column+`, count(*) FROM docs WHERE `+column+` <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Facet
	for rows.Next() {
		var f Facet
		if err := rows.Scan(&f.Value, &f.Count); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Count returns the number of articles.
func (ix *Index) Count(ctx context.Context) (int, error) {
	var n int
	err := ix.db.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&n)
	return n, err
}
