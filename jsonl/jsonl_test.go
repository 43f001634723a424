package jsonl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/copydesk/copydesk/record"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
)

// write returns what a Writer writes for docs.
func write(t *testing.T, docs ...*copydesk.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, d := range docs {
		if err := w.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	full := &copydesk.Document{
		ID:            "a1",
		Source:        copydesk.Provenance{File: "in/news.jsonl", Offset: 1234, Format: copydesk.FormatJSONL},
		Text:          "raw input is not written",
		URL:           "https://example.org/a?x=1&y=2",
		Title:         "Café <b>owners</b> & staff",
		Description:   "Owners say the café will reopen.",
		Date:          "2024-05-06",
		DateSource:    "meta:article:published_time",
		Modified:      "2024-05-06T11:30:00+02:00",
		Fetched:       "2024-05-07T08:09:10Z",
		Keywords:      []string{"café", "reopening"},
		Lang:          "fr",
		LangScore:     0.875,
		Encoding:      "windows-1252",
		Authors:       []string{"Marie Curie", "Jean Dupont"},
		SiteName:      "Le Exemple",
		Canonical:     "https://example.org/a",
		Image:         "https://example.org/a.jpg",
		Paragraphs:    []string{"Le café rouvre lundi.", "Les clients\tsont ravis."},
		Removed:       []copydesk.Removal{{Index: 0, Text: "Menu", Reason: "chrome"}, {Index: 3, Text: "Share", Reason: "chrome"}},
		Summary:       "Le café rouvre lundi.",
		SummaryMethod: "lead",
		Outcome:       copydesk.Kept,
	}
	for _, tc := range []struct {
		name string
		doc  *copydesk.Document
		want record.Record
	}{
		{"full", full, record.Record{
			ID:                    "a1",
			URL:                   str("https://example.org/a?x=1&y=2"),
			Title:                 str("Café <b>owners</b> & staff"),
			Date:                  at(time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)),
			DatePrecision:         str("day"),
			DateSource:            str("meta:article:published_time"),
			Modified:              at(time.Date(2024, 5, 6, 9, 30, 0, 0, time.UTC)),
			ModifiedOffsetMinutes: num(int32(120)),
			Fetched:               at(time.Date(2024, 5, 7, 8, 9, 10, 0, time.UTC)),
			Lang:                  str("fr"),
			LangScore:             num(0.875),
			Authors:               []string{"Marie Curie", "Jean Dupont"},
			Keywords:              []string{"café", "reopening"},
			SiteName:              str("Le Exemple"),
			CanonicalURL:          str("https://example.org/a"),
			Image:                 str("https://example.org/a.jpg"),
			Text:                  "Le café rouvre lundi.\n\nLes clients\tsont ravis.",
			Summary:               str("Le café rouvre lundi."),
			SummaryMethod:         str("lead"),
			Description:           str("Owners say the café will reopen."),
			Words:                 8,
			Removed:               2,
			SourceFile:            "in/news.jsonl",
			SourceOffset:          1234,
			SourceFormat:          "jsonl",
			Encoding:              str("windows-1252"),
		}},
		{"empty", &copydesk.Document{}, record.Record{Authors: []string{}, Keywords: []string{}}},
		{"words across white space", &copydesk.Document{Paragraphs: []string{" one  two\r\nthree ", "", "four"}}, record.Record{
			Authors:  []string{},
			Keywords: []string{},
			Text:     " one  two\r\nthree \n\n\n\nfour",
			Words:    4,
		}},
		{"unicode white space", &copydesk.Document{Paragraphs: []string{"one two threefourfive"}}, record.Record{
			Authors:  []string{},
			Keywords: []string{},
			Text:     "one\u00a0two\u2003three\vfour\ffive",
			Words:    5,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := write(t, tc.doc)
			var got record.Record
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("output %q: %v", out, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("round trip =\n%+v\nwant\n%+v", got, tc.want)
			}
			if rec := record.New(tc.doc); !reflect.DeepEqual(rec, tc.want) {
				t.Errorf("record.New =\n%+v\nwant\n%+v", rec, tc.want)
			}
		})
	}
}

func TestEveryFieldPresent(t *testing.T) {
	var want []string
	nullable := map[string]bool{}
	for f := range reflect.TypeFor[record.Record]().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		want = append(want, name)
		nullable[name] = f.Type.Kind() == reflect.Pointer
	}
	slices.Sort(want)
	for _, tc := range []struct {
		name string
		doc  *copydesk.Document
	}{
		{"zero document", &copydesk.Document{}},
		{"empty paragraphs", &copydesk.Document{ID: "x", Paragraphs: []string{}}},
		{"some fields", &copydesk.Document{Title: "T", Paragraphs: []string{"P."}, Source: copydesk.Provenance{File: "-"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(write(t, tc.doc), &raw); err != nil {
				t.Fatal(err)
			}
			var keys []string
			for k, v := range raw {
				keys = append(keys, k)
				if string(v) == "null" && !nullable[k] {
					t.Errorf("%s is null, want a value", k)
				}
			}
			slices.Sort(keys)
			if !slices.Equal(keys, want) {
				t.Errorf("keys = %q\nwant %q", keys, want)
			}
		})
	}
}

func TestUnescaped(t *testing.T) {
	for _, tc := range []struct {
		name, title string
		want        string // as it must appear in the raw output
	}{
		{"html characters", "Fish <&> chips", `"title":"Fish <&> chips"`},
		{"accented latin", "Größere Straßen für Köln", `"title":"Größere Straßen für Köln"`},
		{"cjk", "東京の天気", `"title":"東京の天気"`},
		{"emoji", "Goal ⚽ in extra time", `"title":"Goal ⚽ in extra time"`},
		{"quote and backslash", `He said "no" \ left`, `"title":"He said \"no\" \\ left"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := write(t, &copydesk.Document{Title: tc.title})
			if !bytes.Contains(out, []byte(tc.want)) {
				t.Errorf("output %s\ndoes not contain %s", out, tc.want)
			}
		})
	}
}

func TestOneLinePerRecord(t *testing.T) {
	docs := []*copydesk.Document{
		{ID: "1", Paragraphs: []string{"First paragraph.", "Second\nparagraph with a line break."}, Summary: "First paragraph."},
		{ID: "2"},
		{ID: "3", Title: "Line\u2028separator\r\nand CRLF", Paragraphs: []string{"Text."}},
	}
	out := write(t, docs...)
	if !bytes.HasSuffix(out, []byte("\n")) {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(docs) {
		t.Fatalf("%d lines for %d records:\n%s", len(lines), len(docs), out)
	}
	for i, line := range lines {
		if strings.ContainsAny(line, "\r\u2028\u2029") {
			t.Errorf("line %d holds a raw line break: %q", i, line)
		}
		var rec record.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("line %d: %v", i, err)
			continue
		}
		if rec.ID != docs[i].ID || rec.Text != docs[i].ArticleText() || !reflect.DeepEqual(rec.Title, record.New(docs[i]).Title) {
			t.Errorf("line %d = %+v, want record of %+v", i, rec, docs[i])
		}
	}
}

func TestWriterBuffersUntilClose(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Write(&copydesk.Document{ID: "x"}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written before Close", buf.Len())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() == 0 {
		t.Error("nothing written after Close")
	}
}

func ExampleWriter() {
	w := NewWriter(os.Stdout)
	w.Write(&copydesk.Document{
		ID:            "42",
		Title:         "Bridge & tunnel <update>",
		Date:          "2024-05-06T09:30:00+02:00",
		Paragraphs:    []string{"The bridge reopened.", "Tolls are suspended."},
		Summary:       "The bridge reopened.",
		SummaryMethod: "lead",
		Source:        copydesk.Provenance{File: "news.jsonl", Offset: 0, Format: copydesk.FormatJSONL},
	})
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"id":"42","url":null,"title":"Bridge & tunnel <update>","date":"2024-05-06T07:30:00Z","date_offset_minutes":120,"date_precision":"second","date_source":null,"modified":null,"modified_offset_minutes":null,"fetched":null,"lang":null,"lang_score":null,"authors":[],"keywords":[],"site_name":null,"canonical_url":null,"image":null,"text":"The bridge reopened.\n\nTolls are suspended.","summary":"The bridge reopened.","summary_method":"lead","description":null,"words":6,"removed_blocks":0,"source_file":"news.jsonl","source_offset":0,"source_format":"jsonl","warc_offset":null,"warc_length":null,"warc_record_id":null,"payload_digest":null,"http_status":null,"content_type":null,"encoding":null,"cluster_id":null,"cluster_size":null,"duplicate_of":null,"story_id":null,"story_size":null}
}

func str(s string) *string      { return &s }
func num[T any](v T) *T         { return &v }
func at(t time.Time) *time.Time { return &t }
