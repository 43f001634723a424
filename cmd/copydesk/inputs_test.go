package main

import (
	"bytes"
	"github.com/copydesk/copydesk/pipeline"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samplePage is a web page of the shipped sample: one article.
func samplePage(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "valley-bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustWriteFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readManifest(t *testing.T, dir string) *pipeline.Manifest {
	t.Helper()
	m, err := pipeline.ReadManifest(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kept+m.Dropped+m.Failed != m.Records {
		t.Errorf("outcomes %d+%d+%d are not the %d records", m.Kept, m.Dropped, m.Failed, m.Records)
	}
	return m
}

// TestInputDirectory: a directory of pages with its README and LICENSE,
// a link to a page elsewhere, the same page named twice, and the run's
// output directory inside it: every page is read once, the rest is
// passed over with a warning, and a second run reads what the first did.
func TestInputDirectory(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "pages")
	page := samplePage(t)
	mustWriteFile(t, filepath.Join(in, "a.html"), page)
	mustWriteFile(t, filepath.Join(in, "README.md"), []byte("# Pages of the crawl\n\nCollected for a study of local news.\n"))
	mustWriteFile(t, filepath.Join(in, "LICENSE"), []byte("Permission is hereby granted, free of charge, to any person obtaining a copy.\n"))
	mustWriteFile(t, filepath.Join(dir, "elsewhere", "b.html"), bytes.Replace(page, []byte("bridge"), []byte("tunnel"), -1))
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(in, "linked")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	out := filepath.Join(in, "out")
	for run := range 2 {
		code, _, stderr := runCLI(t, "", "run", "-o", out, in, filepath.Join(in, ".", "a.html"))
		if code != exitOK {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
		m := readManifest(t, out)
		if m.Records != 2 || m.Kept != 2 {
			t.Errorf("run %d: %d records, %d kept; want the two pages once each", run, m.Records, m.Kept)
		}
		warnings := strings.Join(m.Warnings, "\n")
		for _, skipped := range []string{"README.md", "LICENSE"} {
			if !strings.Contains(warnings, skipped) || !strings.Contains(stderr, skipped) {
				t.Errorf("run %d: no warning that %s was skipped: %q", run, skipped, warnings)
			}
		}
	}
}

// TestPackHeaderInjection: a URL with a line break cannot write WARC
// header fields or records of its own.
func TestPackHeaderInjection(t *testing.T) {
	dir := t.TempDir()
	page := strings.ReplaceAll(string(samplePage(t)), "\n", " ")
	quote := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
	jsonl := `{"url":"https://a.example/one\r\nWARC-Type: warcinfo\r\n\r\nWARC/1.0\r\nWARC-Type: response","html":"` + quote(page) + `"}` + "\n" +
		`{"url":"https://a.example/two","html":"` + quote(page) + `"}` + "\n"
	pages := filepath.Join(dir, "pages.jsonl")
	mustWriteFile(t, pages, []byte(jsonl))
	archive := filepath.Join(dir, "pages.warc.gz")
	if code, _, stderr := runCLI(t, "", "pack", "-o", archive, pages); code != exitOK {
		t.Fatalf("pack: exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "-o", out, archive); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if m := readManifest(t, out); m.Records != 2 || m.Kept != 2 {
		t.Errorf("%d records, %d kept from an archive of two pages: %+v", m.Records, m.Kept, m)
	}
	data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
	if !strings.Contains(string(data), `https://a.example/one%0D%0AWARC-Type:%20warcinfo`) {
		t.Errorf("the URL's line break is not percent-encoded:\n%s", data)
	}
}

// TestNumericFlags: zero means what it says (--min-words 0 keeps a short
// article) or is refused; a record cap above the default is the page
// cap too, so a big page is read whole.
func TestNumericFlags(t *testing.T) {
	dir := t.TempDir()
	// An article of 14 words, and a line that is not JSON.
	const shortText = `{"text":"The town council voted on Tuesday to build a new bridge over the river."}`
	short := filepath.Join(dir, "short.jsonl")
	mustWriteFile(t, short, []byte(shortText+"\n"+`{"text":"The council met.",}`+"\n"))
	for _, tc := range []struct {
		minWords string
		kept     int64
	}{{"0", 1}, {"15", 0}, {"14", 1}} {
		out := filepath.Join(dir, "min-"+tc.minWords)
		if code, _, stderr := runCLI(t, "", "run", "--quiet", "--min-words", tc.minWords, "-o", out, short); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m := readManifest(t, out)
		if m.Kept != tc.kept || m.Records != 2 {
			t.Errorf("--min-words %s: kept %d of %d, want %d of 2", tc.minWords, m.Kept, m.Records, tc.kept)
		}
		// The bad line's offset is the line's own.
		if len(m.Failures) != 1 || m.Failures[0].Offset != int64(len(shortText)+1) {
			t.Errorf("failures %+v, want the second line at its start", m.Failures)
		}
	}
	for _, flag := range []string{"--max-record-bytes", "--summary-words", "--max-depth", "--site-min-pages", "--dedup-bands"} {
		if code, _, _ := runCLI(t, "", "run", flag, "0", "-o", filepath.Join(dir, "zero"), short); code != exitUsage {
			t.Errorf("%s 0: exit %d, want a usage error", flag, code)
		}
	}

	// A page of 20 MiB whose article comes after 17 MiB of markup.
	page := samplePage(t)
	at := bytes.Index(page, []byte("<body"))
	big := append(append(append([]byte{}, page[:at]...), []byte("<body><!-- "+strings.Repeat("x", 17<<20)+" -->")...), page[at+len("<body>"):]...)
	bigPath := filepath.Join(dir, "big.html")
	mustWriteFile(t, bigPath, big)
	out := filepath.Join(dir, "big")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--max-record-bytes", "30000000", "-o", out, bigPath); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if m := readManifest(t, out); m.Kept != 1 {
		t.Errorf("a 20 MiB page under a 30 MB record cap: %+v, want it kept", m)
	}
}
