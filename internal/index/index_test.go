package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/dataset"
	"github.com/copydesk/copydesk/parquet"
	"github.com/copydesk/copydesk/record"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"flood barrier", `"flood" "barrier"`},
		{`"flood barrier" harbour`, `"flood" + "barrier" "harbour"`},
		{"barr*", `"barr"*`},
		{"NEAR(a b) OR c AND NOT d", `"NEAR" "a" "b" "OR" "c" "AND" "NOT" "d"`},
		{`title:x "unclosed`, `"title" "x" "unclosed"`},
		{`'); DROP TABLE docs; --`, `"DROP" "TABLE" "docs"`},
		{"Zürich café", `"Zürich" "café"`},
		{"* - ( ) ^", ""},
		{"", ""},
		{strings.Repeat("a ", 40), strings.TrimSpace(strings.Repeat(`"a" `, MaxTerms))},
	} {
		if got := Match(tc.in); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func writeRecords(t *testing.T, dir string, recs []record.Record) {
	t.Helper()
	if err := dataset.WriteJSONL(filepath.Join(dir, "articles.jsonl"), slices.Values(recs)); err != nil {
		t.Fatal(err)
	}
}

// rec returns the record a run writes for an article with these fields.
func rec(id, url, title, date, lang, summary, text string) record.Record {
	return record.New(&copydesk.Document{ID: id, URL: url, Title: title, Date: date, Lang: lang, Summary: summary, Paragraphs: []string{text}})
}

var records = []record.Record{
	rec("a", "https://one.example/a", "Flood barrier approved", "2024-05-01T07:00:00Z", "en", "The council approved it.", "The council voted to build a flood barrier in the harbour."),
	rec("b", "https://www.two.example/b", "Barrier vote", "2024-05-03", "en", "", "A flood barrier was discussed; the barrier splits the council."),
	rec("c", "https://three.example/c", "Hochwasserschutz", "2024-04-01", "de", "Der Rat stimmte zu.", "Der Rat beschloss ein Sperrwerk gegen Hochwasser im Hafen."),
	rec("d", "https://one.example/d", "Concert hall reopens", "", "en", "", "The orchestra returns to the restored hall after the fire."),
}

func openIndex(t *testing.T, dir string) *Index {
	t.Helper()
	d, err := dataset.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), d, filepath.Join(dir, "index.sqlite"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(hits []Hit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.ID)
	}
	return strings.Join(s, ",")
}

func TestSearch(t *testing.T) {
	for _, format := range []string{"jsonl", "parquet"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			writeRecords(t, dir, records)
			if format == "parquet" {
				src := filepath.Join(dir, "articles.jsonl")
				if err := parquet.FromJSONL(src, filepath.Join(dir, "articles.parquet")); err != nil {
					t.Fatal(err)
				}
				os.Remove(src)
			}
			ix := openIndex(t, dir)
			for _, tc := range []struct {
				name string
				q    Query
				want string // ids in order
				n    int    // total
			}{
				{"words, by relevance: the title weighs more", Query{Text: "flood barrier"}, "a,b", 2},
				{"words, by date", Query{Text: "flood barrier", ByDate: true}, "b,a", 2},
				{"prefix", Query{Text: "orchest*"}, "d", 1},
				{"diacritics and case", Query{Text: "HOCHWASSER"}, "c", 1},
				{"no words: all, newest first", Query{}, "b,a,c,d", 4},
				{"site", Query{Site: "one.example"}, "a,d", 2},
				{"www. is not part of the site", Query{Site: "two.example"}, "b", 1},
				{"language", Query{Lang: "de"}, "c", 1},
				{"from", Query{From: "2024-05-01"}, "b,a", 2},
				{"to takes the whole day", Query{To: "2024-05-01"}, "a,c", 2},
				{"has summary", Query{HasSummary: true, Text: "barrier"}, "a", 1},
				{"paging", Query{Limit: 2, Offset: 2}, "c,d", 4},
				{"operators are words", Query{Text: "barrier OR orchestra"}, "", 0},
			} {
				t.Run(tc.name, func(t *testing.T) {
					res, err := ix.Search(context.Background(), tc.q)
					if err != nil {
						t.Fatal(err)
					}
					if got := ids(res.Hits); got != tc.want || res.Total != tc.n {
						t.Errorf("hits %q of %d, want %q of %d", got, res.Total, tc.want, tc.n)
					}
				})
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	dir := t.TempDir()
	writeRecords(t, dir, records)
	res, err := openIndex(t, dir).Search(context.Background(), Query{Text: "harbour"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%v, %d hits", err, len(res.Hits))
	}
	var marked []string
	for _, s := range res.Hits[0].Snippet {
		if s.Hit {
			marked = append(marked, s.Text)
		}
	}
	if strings.Join(marked, ",") != "harbour" {
		t.Errorf("marked %q in %+v", marked, res.Hits[0].Snippet)
	}
}

func TestQueryTooLong(t *testing.T) {
	dir := t.TempDir()
	writeRecords(t, dir, records)
	_, err := openIndex(t, dir).Search(context.Background(), Query{Text: strings.Repeat("x", MaxQueryBytes+1)})
	if err != ErrQueryTooLong {
		t.Errorf("err %v, want ErrQueryTooLong", err)
	}
}

func TestRebuildOnChange(t *testing.T) {
	dir := t.TempDir()
	writeRecords(t, dir, records)
	path := filepath.Join(dir, "index.sqlite")
	open := func() *Index {
		d, err := dataset.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Open(context.Background(), d, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := open()
	if !ix.Built {
		t.Error("first Open did not build the index")
	}
	ix.Close()
	ix = open()
	if ix.Built {
		t.Error("second Open rebuilt an index that was up to date")
	}
	ix.Close()

	writeRecords(t, dir, append(records[:1:1], rec("z", "https://z.example/", "Zebra crossing", "2024-06-01", "en", "", "A new zebra crossing.")))
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "articles.jsonl"), later, later)
	d, _ := dataset.Open(dir)
	old, err := openRO(path)
	if err != nil {
		t.Fatal(err)
	}
	if old.Current(d) {
		t.Error("Current: true after the dataset changed")
	}
	old.Close()
	ix = open()
	defer ix.Close()
	if !ix.Built {
		t.Error("Open after a change did not rebuild")
	}
	res, err := ix.Search(context.Background(), Query{Text: "zebra"})
	if err != nil || res.Total != 1 {
		t.Errorf("zebra after the rebuild: %v, %d hits", err, res.Total)
	}
	if n, _ := ix.Count(context.Background()); n != 2 {
		t.Errorf("%d articles after the rebuild, want 2", n)
	}
}

func TestStoryAndGet(t *testing.T) {
	dir := t.TempDir()
	rs := append([]record.Record{}, records...)
	a, s9 := "a", "s9"
	rs[0].ClusterID, rs[1].ClusterID = &a, &a
	rs[2].StoryID, rs[3].StoryID = &s9, &s9
	writeRecords(t, dir, rs)
	ix := openIndex(t, dir)
	ctx := context.Background()
	for id, want := range map[string]int{"a": 2, "s9": 2, "nope": 0} {
		docs, err := ix.Story(ctx, id, 0)
		if err != nil || len(docs) != want {
			t.Errorf("Story(%q): %d docs, %v; want %d", id, len(docs), err, want)
		}
	}
	docs, err := ix.Get(ctx, "c")
	if err != nil || len(docs) != 1 || docs[0].Text != rs[2].Text || docs[0].N != 2 {
		t.Errorf("Get(c) = %+v, %v", docs, err)
	}
	if _, err := ix.Get(ctx, "nope"); err != ErrNotFound {
		t.Errorf("Get(nope): %v, want ErrNotFound", err)
	}
}

// FuzzSearch checks that no query text is an error: whatever a user
// types, Match makes an expression FTS5 accepts.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"flood barrier", `"flood barrier" harbour`, "barr*", "NEAR(a b)", `a:b "c`, `'); DROP TABLE docs; --`,
		"* ^ - + ( ) { } [ ] ,", "Zürich café", "\x00\xff\xfe", "a\u0301", `"""`, "OR OR OR", "10.5%"} {
		f.Add(s)
	}
	dir := f.TempDir()
	if err := dataset.WriteJSONL(filepath.Join(dir, "articles.jsonl"), slices.Values(records)); err != nil {
		f.Fatal(err)
	}
	d, err := dataset.Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	ix, err := Open(context.Background(), d, filepath.Join(dir, "index.sqlite"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	f.Fuzz(func(t *testing.T, q string) {
		if len(q) > MaxQueryBytes {
			return
		}
		if _, err := ix.Search(context.Background(), Query{Text: q}); err != nil {
			t.Errorf("Search(%q) (match %q): %v", q, Match(q), err)
		}
	})
}
