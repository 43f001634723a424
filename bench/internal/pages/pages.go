// Package pages is the loop of the whole-process programs of bench/process:
// every page of a folder read and handed over, one output file written. It
// imports nothing but the standard library, so a program built on it
// starts as fast as any Go program.
package pages

import (
	"bufio"
	"os"
	"path/filepath"
)

// Each calls fn with the name and bytes of every *.html page in dir, in
// lexical order, and a writer on the file out, which it flushes.
func Each(dir, out string, fn func(name string, page []byte, w *bufio.Writer) error) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if err := fn(name, b, w); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
