package seedtext

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/source"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *copydesk.Document
		want string
	}{
		{
			"paragraphs and summary",
			&copydesk.Document{Paragraphs: []string{"First paragraph.", "Second paragraph."}, Summary: "The summary."},
			"First paragraph.\n\nSecond paragraph.|||\n\nThe summary.",
		},
		{
			"one paragraph",
			&copydesk.Document{Paragraphs: []string{"Only paragraph."}, Summary: "Only paragraph."},
			"Only paragraph.|||\n\nOnly paragraph.",
		},
		{
			"non-ascii",
			&copydesk.Document{Paragraphs: []string{"Größere Straßen.", "東京の天気。"}, Summary: "Größere Straßen."},
			"Größere Straßen.\n\n東京の天気。|||\n\nGrößere Straßen.",
		},
		{
			"other fields not written",
			&copydesk.Document{ID: "x", Title: "Title", Date: "2024-01-02", Description: "D.", Text: "raw", Paragraphs: []string{"P."}, Summary: "S."},
			"P.|||\n\nS.",
		},
		{
			"no paragraphs",
			&copydesk.Document{Summary: "S."},
			"|||\n\nS.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Format(tc.doc)
			if got != tc.want {
				t.Errorf("Format =\n%q\nwant\n%q", got, tc.want)
			}
			if strings.HasSuffix(got, "\n") {
				t.Errorf("Format ends with a newline: %q", got)
			}
			var buf bytes.Buffer
			if err := Write(&buf, tc.doc); err != nil || buf.String() != tc.want {
				t.Errorf("Write = %q, %v; want %q", buf.String(), err, tc.want)
			}
		})
	}
}

// TestReadBack checks that the seed reader gives back the article and the
// summary that Format wrote.
func TestReadBack(t *testing.T) {
	d := &copydesk.Document{
		Paragraphs: []string{"The bridge reopened on Monday.", "Tolls stay suspended."},
		Summary:    "The bridge reopened on Monday.",
	}
	path := filepath.Join(t.TempDir(), "doc.txt")
	if err := os.WriteFile(path, []byte(Format(d)), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []*copydesk.Document
	for doc := range source.Documents([]string{path}, nil, source.Options{Format: copydesk.FormatSeed}) {
		got = append(got, doc)
	}
	if len(got) != 1 || got[0].Err != nil {
		t.Fatalf("read back %+v", got)
	}
	if got[0].Text != d.ArticleText() || got[0].Description != d.Summary {
		t.Errorf("read back text %q, description %q; want %q, %q", got[0].Text, got[0].Description, d.ArticleText(), d.Summary)
	}
}

func TestDirWriter(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("abcdefghij", 10)
	docs := []struct {
		id, file string
	}{
		{"a1", "000000_a1.txt"},
		{"../x", "000001____x.txt"},
		{"", "000002_doc.txt"},
		{"../../etc/passwd", "000003_______etc_passwd.txt"},
		{`sub/dir\name:1`, "000004_sub_dir_name_1.txt"},
		{"Größe-2024_05", "000005_Gr__e-2024_05.txt"},
		{long, "000006_" + long[:64] + ".txt"},
		{"..", "000007___.txt"},
		{"a1", "000008_a1.txt"},
	}
	w := NewDirWriter(dir)
	for i, tc := range docs {
		d := &copydesk.Document{ID: tc.id, Paragraphs: []string{fmt.Sprintf("Paragraph %d.", i)}, Summary: "S."}
		if err := w.Write(d); err != nil {
			t.Fatalf("Write(%q): %v", tc.id, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for _, tc := range docs {
		want = append(want, tc.file)
	}
	if !slices.Equal(names, want) {
		t.Errorf("files =\n%q\nwant\n%q", names, want)
	}
	for i, tc := range docs {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("Paragraph %d.|||\n\nS.", i); string(data) != want {
				t.Errorf("content = %q, want %q", data, want)
			}
		})
	}
	// Nothing escaped the directory.
	entries, err = os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Errorf("parent directory holds %v, want only out", entries)
	}
}

func TestDirWriterErrors(t *testing.T) {
	t.Run("missing directory", func(t *testing.T) {
		parent := t.TempDir()
		w := NewDirWriter(filepath.Join(parent, "missing"))
		if err := w.Write(&copydesk.Document{ID: "a"}); err == nil {
			t.Error("Write to a missing directory: no error")
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("parent directory holds %v", entries)
		}
	})
	t.Run("rename fails", func(t *testing.T) {
		dir := t.TempDir()
		// A non-empty directory where the file should go makes the rename fail.
		if err := os.MkdirAll(filepath.Join(dir, "000000_a.txt", "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		w := NewDirWriter(dir)
		if err := w.Write(&copydesk.Document{ID: "a", Paragraphs: []string{"P."}, Summary: "S."}); err == nil {
			t.Fatal("Write over a directory: no error")
		}
		matches, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
		if len(matches) != 0 {
			t.Errorf("temporary files left behind: %q", matches)
		}
		// The next document still gets its own, next name.
		if err := w.Write(&copydesk.Document{ID: "b", Paragraphs: []string{"P."}, Summary: "S."}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "000001_b.txt")); err != nil {
			t.Error(err)
		}
	})
}

func ExampleFormat() {
	d := &copydesk.Document{
		Paragraphs: []string{"The bridge reopened on Monday.", "Tolls stay suspended."},
		Summary:    "The bridge reopened on Monday.",
	}
	fmt.Printf("%q\n", Format(d))
	// Output:
	// "The bridge reopened on Monday.\n\nTolls stay suspended.|||\n\nThe bridge reopened on Monday."
}
