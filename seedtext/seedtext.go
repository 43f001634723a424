// Package seedtext writes Documents in the seed text form: one file per
// article, holding its paragraphs separated by a blank line, then "|||", a
// blank line, and the summary. No newline ends the file.
package seedtext

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk"
)

// Format returns d in seed text form.
func Format(d *copydesk.Document) string {
	var b strings.Builder
	b.WriteString(d.ArticleText())
	b.WriteString("|||\n\n")
	b.WriteString(d.Summary)
	return b.String()
}

// Write writes d in seed text form to w.
func Write(w io.Writer, d *copydesk.Document) error {
	_, err := io.WriteString(w, Format(d))
	return err
}

// DirWriter writes each Document to its own file in a directory, named
// NNNNNN_<id>.txt by its position among the kept Documents, so that names
// are the same on every run over the same input. Files are written to a
// temporary name and renamed, so a file that exists is complete.
type DirWriter struct {
	dir string
	n   int
}

// NewDirWriter returns a DirWriter on dir, which must exist.
func NewDirWriter(dir string) *DirWriter { return &DirWriter{dir: dir} }

// Write writes d to the next file.
func (w *DirWriter) Write(d *copydesk.Document) error {
	name := fmt.Sprintf("%06d_%s.txt", w.n, safeID(d.ID))
	w.n++
	path := filepath.Join(w.dir, name)
	tmp := path + ".tmp"
	err := os.WriteFile(tmp, []byte(Format(d)), 0o644)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp) // leave no partial file behind
	}
	return err
}

// Close does nothing: every file is complete when Write returns.
func (w *DirWriter) Close() error { return nil }

// safeID keeps an id usable in a file name.
func safeID(id string) string {
	if id == "" {
		return "doc"
	}
	var b strings.Builder
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		if b.Len() >= 64 {
			break
		}
	}
	return b.String()
}
