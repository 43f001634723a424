package source

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxListLine bounds one line of an inputs list.
const MaxListLine = 64 << 10

// ReadList returns the inputs listed in the file name, a path or a URL
// (fetched through remote, which may be nil for the defaults), perhaps
// gzip-compressed: one path or URL per line, spaces around it trimmed,
// blank lines and lines starting with "#" skipped.
//
// When base is not empty, a line that is not a URL is joined to it: base
// is a URL (https://data.commoncrawl.org/ for the paths Common Crawl's
// warc.paths.gz lists) or a directory, and a line's leading "/" is
// dropped when base is a URL. Without base, paths are as given, relative
// ones to the current directory. The inputs are in the list's order; a
// line longer than MaxListLine is an error.
func ReadList(ctx context.Context, name, base string, remote *Remote) ([]string, error) {
	var raw io.Reader
	if IsURL(name) {
		if remote == nil {
			remote = NewRemote(FetchOptions{})
		}
		b, err := remote.open(ctx, name)
		if err != nil {
			return nil, err
		}
		defer b.Close()
		raw = b
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
		defer f.Close()
		raw = f
	}
	br := bufio.NewReader(raw)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("source: %s: %w", name, err)
		}
		defer zr.Close()
		raw = zr
	} else {
		raw = br
	}
	sc := bufio.NewScanner(raw)
	sc.Buffer(make([]byte, 4096), MaxListLine)
	var inputs []string
	n := 1
	for ; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		inputs = append(inputs, joinBase(base, line))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("source: %s: line %d: %w", name, n, err)
	}
	return inputs, nil
}

// joinBase joins a listed path to the list's base.
func joinBase(base, line string) string {
	switch {
	case base == "" || IsURL(line):
		return line
	case IsURL(base):
		return strings.TrimSuffix(base, "/") + "/" + strings.TrimLeft(line, "/")
	case filepath.IsAbs(line):
		return line
	}
	return filepath.Join(base, line)
}
