package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/warc"
)

const packAbout = `
Builds a WARC file from web pages: every HTML input (files, directories,
.html.gz, JSONL records with an "html" field) becomes a response record
holding the page as an HTTP 200 response; plain-text inputs become
conversion records, as in WET files. Each record is a gzip member of its
own when FILE ends in .gz. The record's URL is the input's own (JSONL
"url") or --base-url joined with the file's path inside the directory
given, with its spaces and control characters percent-encoded (a line
break in a header would write fields or records of its own); its date
is the input's fetch time, else --date.
Records that cannot be read, and an archive's records that hold no page
(requests, redirects, ...), are reported and left out.`

func cmdPack(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "pack", "-o FILE.warc[.gz] INPUT...", packAbout)
	out := fs.String("o", "", "the WARC file to write (required)")
	base := fs.String("base-url", "http://localhost/", "URL the paths of inputs without a URL are resolved against")
	date := fs.String("date", "", "WARC-Date of the records, RFC 3339 (default: now)")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" || len(inputs) == 0 {
		return usagef("want -o FILE and at least one INPUT")
	}
	baseURL, err := url.Parse(*base)
	if err != nil || !baseURL.IsAbs() {
		return usagef("--base-url %s: want an absolute URL (https://example.com/)", *base)
	}
	when := time.Now().UTC().Truncate(time.Second)
	if *date != "" {
		if when, err = time.Parse(time.RFC3339, *date); err != nil {
			return usagef("--date %s: want RFC 3339 (2024-03-05T14:00:00Z)", *date)
		}
	}
	// Each file's URL path is its path inside the input that named it.
	var files []string
	root := map[string]string{}
	for _, in := range inputs {
		found, err := source.Expand([]string{in})
		if err != nil {
			return err
		}
		for _, f := range found {
			root[f] = in
		}
		files = append(files, found...)
	}

	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := warc.NewWriter(bw, strings.HasSuffix(*out, ".gz"))
	records, skipped := 0, 0
	for d := range source.Documents(files, e.stdin, source.Options{}) {
		if ctx.Err() != nil {
			f.Close()
			return ctx.Err()
		}
		err := d.Err
		if d.Outcome == copydesk.Dropped {
			err = notAPage(d)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "copydesk pack: skipped: %v\n", err)
			skipped++
			continue
		}
		uri := escapeControls(d.URL)
		if uri == "" {
			uri = fileURL(baseURL, root[d.Source.File], d.Source.File)
		}
		at := when
		if t, err := time.Parse(time.RFC3339, d.Fetched); err == nil {
			at = t
		}
		var h warc.Header
		var block []byte
		switch {
		case d.HTML != nil:
			ct := d.ContentType
			if ct == "" {
				ct = "text/html"
			}
			h, block = warc.ResponseHeader(uri, at), warc.HTTPBlock(ct, d.HTML)
		default:
			h, block = warc.ConversionHeader(uri, at), []byte(d.Text)
		}
		if _, err := w.Write(h, block); errors.Is(err, warc.ErrBadHeader) {
			fmt.Fprintf(e.stderr, "copydesk pack: skipped: %s: offset %d: %v\n", d.Source.File, d.Source.Offset, err)
			skipped++
			continue
		} else if err != nil {
			f.Close()
			return err
		}
		records++
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s: %d records written, %d inputs skipped\n", *out, records, skipped)
	return nil
}

// escapeControls percent-encodes the control characters and spaces of a
// URL, which a URL cannot hold raw and which in a WARC header would end
// the field (a CR/LF would write a field, or a record, of its own).
func escapeControls(u string) string {
	if !strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return u
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		if c := u[i]; c <= ' ' || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fileURL resolves the path of file inside the input root that named it
// against base; a .gz suffix is dropped.
func fileURL(base *url.URL, root, file string) string {
	rel := filepath.Base(file)
	if info, err := os.Stat(root); err == nil && info.IsDir() {
		if r, err := filepath.Rel(root, file); err == nil {
			rel = r
		}
	}
	if file == source.Stdin {
		rel = "stdin"
	}
	rel = strings.TrimSuffix(filepath.ToSlash(rel), ".gz")
	return base.ResolveReference(&url.URL{Path: rel}).String()
}
