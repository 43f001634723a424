// Command peer is a peer extractor's whole process, as a user runs one
// over a folder of pages: read each file, extract its main text, write
// one JSON line per page. -system names the extractor: go-trafilatura or
// go-readability.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	readability "github.com/go-shiori/go-readability"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/copydesk/copydesk/bench/internal/pages"
)

func main() {
	system := flag.String("system", "go-trafilatura", "go-trafilatura or go-readability")
	out := flag.String("o", "", "output file (JSON lines)")
	flag.Parse()
	if err := run(*system, flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "peer:", err)
		os.Exit(1)
	}
}

func run(system, dir, out string) error {
	return pages.Each(dir, out, func(name string, b []byte, w *bufio.Writer) error {
		text := ""
		switch system {
		case "go-trafilatura":
			if res, err := trafilatura.Extract(bytes.NewReader(b), trafilatura.Options{}); err == nil && res != nil {
				text = res.ContentText
			}
		case "go-readability":
			if art, err := readability.FromReader(bytes.NewReader(b), nil); err == nil {
				text = art.TextContent
			}
		default:
			return fmt.Errorf("unknown system %q", system)
		}
		return json.NewEncoder(w).Encode(map[string]string{"file": filepath.Base(name), "text": text})
	})
}
