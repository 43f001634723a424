package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/record"
)

func TestOpen(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  error
	}{
		{"empty directory", nil, ErrNotFound},
		{"no articles, a manifest", map[string]string{"manifest.json": "{}"}, ErrNotFound},
		{"broken manifest", map[string]string{"articles.jsonl": "", "manifest.json": "{"}, ErrBroken},
		{"broken clusters", map[string]string{"articles.jsonl": "", "clusters.jsonl": "[1,"}, ErrBroken},
		{"articles alone", map[string]string{"articles.jsonl": ""}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Open(dir)
			if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
				t.Fatalf("Open: %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open of a missing directory: %v, want ErrNotFound", err)
	}
}

func TestEachBrokenLine(t *testing.T) {
	dir := t.TempDir()
	s1 := "s1"
	good, _ := json.Marshal(record.Record{ID: "a", Text: "x", StoryID: &s1})
	body := string(good) + "\n\n{not json\n"
	if err := os.WriteFile(filepath.Join(dir, "articles.jsonl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = d.Each(func(i int, r *record.Record) error { got = append(got, r.ID+"/"+Value(r.StoryID)); return nil })
	if !errors.Is(err, ErrBroken) {
		t.Errorf("Each: %v, want ErrBroken", err)
	}
	if len(got) != 1 || got[0] != "a/s1" {
		t.Errorf("records before the broken line: %v", got)
	}
}

func TestSite(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Example.org/a": "example.org",
		"http://news.example:8080/": "news.example",
		"javascript:alert(1)":       "",
		"":                          "",
		"%zz":                       "",
	} {
		if got := Site(in); got != want {
			t.Errorf("Site(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTime checks that Time gives a record's dates back as the JSONL
// writer wrote them, whatever offset and fraction of a second the input
// gave, and "" for a null one.
func TestTime(t *testing.T) {
	var buf bytes.Buffer
	w := jsonl.NewWriter(&buf)
	dates := []string{"2024-05-06", "2024-05-06T07:08:09+02:00", "2024-05-06T07:08:09.123456-05:30", "2024-05-06T07:08:09.5Z", ""}
	for i, date := range dates {
		if err := w.Write(&copydesk.Document{ID: string(rune('a' + i)), Date: date}); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "articles.jsonl"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	err = d.Each(func(i int, r *record.Record) error {
		var raw struct{ Date *string }
		if err := json.Unmarshal(lines[i], &raw); err != nil {
			return err
		}
		if got, want := Time(r.Date), Value(raw.Date); got != want {
			t.Errorf("%s: Time = %q, want %q as written", dates[i], got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEachBadDate checks that a record whose date is not a timestamp (a
// dataset not written by copydesk, or edited by hand) is a broken line,
// named by its number, not a record shown with a wrong date.
func TestEachBadDate(t *testing.T) {
	dir := t.TempDir()
	good, _ := json.Marshal(record.Record{ID: "a", Text: "x"})
	body := string(good) + "\n" + `{"id":"b","text":"y","date":"yesterday"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "articles.jsonl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = d.Each(func(int, *record.Record) error { n++; return nil })
	if !errors.Is(err, ErrBroken) || !strings.Contains(err.Error(), "line 2") || n != 1 {
		t.Errorf("Each: %v after %d records, want ErrBroken at line 2 after 1", err, n)
	}
}
