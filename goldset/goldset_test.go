package goldset

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// dataDir is where the shared evaluation data lives, relative to this
// package directory (../shared/data relative to the module root).
var dataDir = filepath.Join("..", "..", "shared", "data")

func openShared(t *testing.T, name string) *Set {
	t.Helper()
	dir := filepath.Join(dataDir, name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("gold set %s not present (expected at ../shared/data/%s relative to the module root)", name, name)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// emptyGold lists the pages whose gold text is empty upstream: index
// pages the annotators judged to have no main text.
var emptyGold = map[string]bool{
	"extract-cleaneval-dev/32":                  true,
	"extract-cleanportaleval/bbc.co.uk_news_05": true,
}

func TestSharedSets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format Format
		count  int
	}{
		{"extract-readability-testpages", Readability, 130},
		{"extract-trafilatura-eval-dev", Trafilatura, 485},
		{"extract-cleaneval-dev", CleanEval, 58},
		{"extract-cleanportaleval", CleanEval, 71},
		{"extract-dragnet-train", Dragnet, 966},
		{"date-htmldate-eval-dev", HTMLDate, 387},
		{"extract-fundus-dev", Fundus, 125},
		{"meta-postlight-dev", Postlight, 69},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openShared(t, tc.name)
			if s.Format != tc.format {
				t.Errorf("format %q, want %q", s.Format, tc.format)
			}
			if s.Len() != tc.count {
				t.Errorf("Len() = %d, want %d", s.Len(), tc.count)
			}
			n, withComments, titles := 0, 0, 0
			seen := map[string]bool{}
			for c, err := range s.Cases() {
				if err != nil {
					t.Errorf("case %s: %v", c.ID, err)
					continue
				}
				n++
				if seen[c.ID] {
					t.Errorf("duplicate id %q", c.ID)
				}
				seen[c.ID] = true
				if c.Set != tc.name {
					t.Errorf("case %s: Set = %q", c.ID, c.Set)
				}
				if len(c.HTML) == 0 {
					t.Errorf("case %s: empty HTML", c.ID)
				}
				if tc.format.HasTextGold() {
					if strings.TrimSpace(c.Gold) == "" && !emptyGold[tc.name+"/"+c.ID] {
						t.Errorf("case %s: empty gold text", c.ID)
					}
					if !utf8.ValidString(c.Gold) {
						t.Errorf("case %s: gold is not valid UTF-8", c.ID)
					}
					if strings.Contains(c.Gold, "\n\n") || strings.HasPrefix(c.Gold, "\n") {
						t.Errorf("case %s: gold has empty lines", c.ID)
					}
				}
				switch tc.format {
				case Trafilatura:
					if len(c.With) == 0 || c.URL == "" {
						t.Errorf("case %s: no with-snippets or URL", c.ID)
					}
				case HTMLDate:
					if len(c.Date) != len("2006-01-02") || c.URL == "" {
						t.Errorf("case %s: date %q, URL %q", c.ID, c.Date, c.URL)
					}
				case CleanEval:
					if !strings.HasPrefix(c.URL, "http") {
						t.Errorf("case %s: URL %q", c.ID, c.URL)
					}
					if strings.Contains(c.Gold, "<p>") || strings.Contains(c.Gold, "&#039;") {
						t.Errorf("case %s: markup left in gold", c.ID)
					}
				case Dragnet:
					if c.GoldWithComments != c.Gold {
						withComments++
						if !strings.HasPrefix(c.GoldWithComments, c.Gold) || strings.Contains(c.GoldWithComments, "COMMENTS\n") {
							t.Errorf("case %s: bad comments split", c.ID)
						}
					}
				case Readability:
					if c.Meta.Title != "" {
						titles++
					}
				}
			}
			if n != tc.count {
				t.Errorf("iterated %d cases, want %d", n, tc.count)
			}
			if tc.format == Readability && titles < 120 {
				t.Errorf("only %d cases have a title", titles)
			}
			if tc.format == Dragnet && withComments < 250 {
				t.Errorf("only %d pages have comments split off", withComments)
			}
		})
	}
}

func TestReadabilityCase(t *testing.T) {
	s := openShared(t, "extract-readability-testpages")
	for c, err := range s.Cases() {
		if err != nil {
			t.Fatal(err)
		}
		if c.ID != "001" {
			t.Fatalf("first case is %q, want 001", c.ID)
		}
		if c.Meta.Author != "Nicolas Perriault" || c.Meta.Lang != "en" || c.Meta.Extra["readerable"] != "true" {
			t.Errorf("meta %+v", c.Meta)
		}
		if !strings.HasPrefix(c.Gold, "So finally you're testing your frontend JavaScript code? Great!") {
			t.Errorf("gold starts %.80q", c.Gold)
		}
		break
	}
}

func TestCasesStopEarly(t *testing.T) {
	s := openShared(t, "extract-cleaneval-dev")
	n := 0
	for range s.Cases() {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatal(n)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "unrecognized") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("missing dir: no error")
	}

	// A CleanEval-layout set whose gold file is missing and whose page is
	// not gzip: errors name the file, and iteration goes on.
	dir := t.TempDir()
	for _, d := range []string{"input", "gold"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeGz(t, filepath.Join(dir, "input", "1.html.gz"), "<p>one</p>")
	if err := os.WriteFile(filepath.Join(dir, "gold", "1.txt"), []byte("URL: http://x/\n<p>one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "input", "2.html.gz"), []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeGz(t, filepath.Join(dir, "input", "10.html.gz"), "<p>ten</p>")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != CleanEval || strings.Join(s.IDs(), ",") != "1,2,10" {
		t.Fatalf("format %q ids %v", s.Format, s.IDs())
	}
	var got []string
	for c, err := range s.Cases() {
		if err != nil {
			got = append(got, c.ID+" error")
			if !strings.Contains(err.Error(), filepath.Join(dir, "")) {
				t.Errorf("error does not name the file: %v", err)
			}
			continue
		}
		got = append(got, c.ID+" "+c.URL+" "+c.Gold)
	}
	if want := "1 http://x/ one|2 error|10 error"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func writeGz(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestCleanEvalText(t *testing.T) {
	tests := []struct {
		name, in, url, text string
	}{
		{
			name: "url line and wrapped paragraphs",
			in:   "URL: http://example.com/a\n\n<p>First paragraph is\nwrapped over\n  three lines.\n<h>A heading\n<p>Second.\n",
			url:  "http://example.com/a",
			text: "First paragraph is wrapped over three lines.\nA heading\nSecond.",
		},
		{
			name: "leading blank line and crlf",
			in:   "\r\nURL: http://example.com/b\r\n<p>One\r\n two\r\n\r\n<l>item\r\n",
			url:  "http://example.com/b",
			text: "One two\nitem",
		},
		{
			name: "untagged text after blank line starts a paragraph",
			in:   "URL: u\n<p>Tagged\n\n   Untagged text\ncontinues\n",
			url:  "u",
			text: "Tagged\nUntagged text continues",
		},
		{
			name: "tags mid line and upper case",
			in:   "<h>Alpha   <h>Beta\n<P>Gamma</p> delta\n",
			text: "Alpha\nBeta\nGamma delta",
		},
		{
			name: "entities decoded after tags",
			in:   "<p>the BBC&#039;s &#8220;best&#8221; &amp; &lt;p&gt; tag\n",
			text: "the BBC's “best” & <p> tag",
		},
		{
			name: "other angle brackets kept",
			in:   "<p><nick> said <> hi\n",
			text: "<nick> said <> hi",
		},
		{
			name: "no markup",
			in:   "just text\n",
			text: "just text",
		},
		{
			name: "url on the next line",
			in:   "URL: \nhttp://example.com/c\n\n<h>Head\n",
			url:  "http://example.com/c",
			text: "Head",
		},
		{name: "empty", in: "", text: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url, text := CleanEvalText(tc.in)
			if url != tc.url || text != tc.text {
				t.Errorf("got (%q, %q), want (%q, %q)", url, text, tc.url, tc.text)
			}
		})
	}
}

func TestDragnetText(t *testing.T) {
	tests := []struct {
		name, in, article, with string
	}{
		{"no comments", "Title\r\n\r\n  Body   text\r\n", "Title\nBody text", "Title\nBody text"},
		{"comments", "Title\nBody\n!@#$%^&*()  COMMENTS\nnice post\n\nme too\n", "Title\nBody", "Title\nBody\nnice post\nme too"},
		{"marker variant", "Body\n!@ $%^&*()  COMMENTS\r\nc1\n", "Body", "Body\nc1"},
		{"marker with tab", "Body\n!@#$%^&*()  \tCOMMENTS\nc1\n", "Body", "Body\nc1"},
		{"empty comments", "Body\n!@#$%^&*() COMMENTS\n\n", "Body", "Body"},
		{"word COMMENTS in text", "Read the COMMENTS\nBody\n", "Read the COMMENTS\nBody", "Read the COMMENTS\nBody"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, w := DragnetText(tc.in)
			if a != tc.article || w != tc.with {
				t.Errorf("got (%q, %q), want (%q, %q)", a, w, tc.article, tc.with)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\xef\xbb\xbfbom", "bom"},
		{"people\x92s \x97 caf\xe9", "people’s — café"},
		{"\xff\xfeh\x00\xe9\x00\n\x00", "hé\n"},
		{"\xfe\xff\x00h\x00\xe9", "hé"},
		{"vis-\xc3 -vis \xc3\xa9t\xc3\xa9 \xc3\xa0", "vis-\uFFFD -vis été à"},
	} {
		if got := decodeText([]byte(tc.in)); got != tc.want {
			t.Errorf("decodeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestArticleBody(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	index := `{"b2": {"articleBody": "Second  page.\n\nIts body.", "url": "https://b.example/2"},
		"a1": {"articleBody": "First page.", "url": "https://a.example/1"}}`
	if err := os.WriteFile(filepath.Join(dir, "ground-truth.json"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<p>First page.</p>"))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "html", "a1.html.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "html", "b2.html"), []byte("<p>Second page.</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != ArticleBody || !s.Format.HasTextGold() || s.Len() != 2 {
		t.Fatalf("Open: format %q, %d cases", s.Format, s.Len())
	}
	var got []string
	for c, err := range s.Cases() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.ID+"|"+c.URL+"|"+string(c.HTML)+"|"+c.Gold)
	}
	want := []string{
		"a1|https://a.example/1|<p>First page.</p>|First page.",
		"b2|https://b.example/2|<p>Second page.</p>|Second page.\nIts body.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("cases:\n%q\nwant\n%q", got, want)
	}
}
