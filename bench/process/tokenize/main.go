// Command tokenize runs x/net/html's tokenizer over every page of a
// folder and nothing else, writing one line per page: the floor no HTML
// extractor goes under. It imports nothing else, so its start-up costs
// what a Go program's does.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/bench/internal/pages"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: tokenize OUT DIR")
		os.Exit(2)
	}
	if err := run(os.Args[2], os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "tokenize:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	return pages.Each(dir, out, func(name string, b []byte, w *bufio.Writer) error {
		z := html.NewTokenizer(bytes.NewReader(b))
		n := 0
		for z.Next() != html.ErrorToken {
			n++
		}
		if z.Err() != io.EOF {
			return z.Err()
		}
		_, err := fmt.Fprintf(w, "%s\t%d\n", filepath.Base(name), n)
		return err
	})
}
