package dataset

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
	good, _ := json.Marshal(Record{ID: "a", Text: "x", StoryID: "s1"})
	body := string(good) + "\n\n{not json\n"
	if err := os.WriteFile(filepath.Join(dir, "articles.jsonl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = d.Each(func(i int, r *Record) error { got = append(got, r.ID+"/"+r.StoryID); return nil })
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
