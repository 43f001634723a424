package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagValueRefused checks, on the real binary, that each flag given
// a value it cannot take is refused in one line that names the flag and
// the value, and what it takes, with a pointer to the help and exit 2.
func TestFlagValueRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	sample := filepath.Join("..", "..", "testdata", "sample")
	archive := filepath.Join(sample, "crawl.warc.gz")
	tests := []struct {
		args []string
		want string // the first line of stderr, after "copydesk CMD: "
	}{
		{[]string{"--workers", "-1"}, "--workers -1: want 0 or more"},
		{[]string{"--workers", "two"}, "--workers two: want a whole number"},
		{[]string{"--max-record-bytes", "0"}, "--max-record-bytes 0: want a whole number of 1 or more"},
		{[]string{"--max-depth", "-3"}, "--max-depth -3: want a whole number of 1 or more"},
		{[]string{"--doc-timeout", "-5"}, "--doc-timeout -5s: want a duration of 0 or more (0: none)"},
		{[]string{"--doc-timeout", "NaN"}, "--doc-timeout NaN: want a duration like 30s, 2m or 1h30m, or a number of seconds"},
		{[]string{"--stories-window", "3000000000"}, "--stories-window 3000000000: want a whole number of days in 1..36525"},
		{[]string{"--stories-threshold", "NaN"}, "--stories-threshold NaN: want a number in (0, 1]"},
		{[]string{"--min-words", "-1"}, "--min-words -1: want 0 or more"},
		{[]string{"--summary-words", "0"}, "--summary-words 0: want a whole number of 1 or more"},
		{[]string{"--max-words", "-10"}, "--max-words -10: want 0 or more"},
		{[]string{"--limit", "-1"}, "--limit -1: want 0 or more"},
		{[]string{"--progress-every", "-1s"}, "--progress-every -1s: want a duration of 0 or more (0: none)"},
		{[]string{"--site-boilerplate", "--site-min-pages", "0"}, "--site-min-pages 0: want a whole number of 1 or more"},
		{[]string{"--dedup", "mark", "--dedup-shingle", "0"}, "--dedup-shingle 0: want a whole number of 1 or more"},
		{[]string{"--dedup", "mark", "--dedup-bands", "-1"}, "--dedup-bands -1: want a whole number of 1 or more"},
		{[]string{"--dedup", "mark", "--dedup-rows", "0"}, "--dedup-rows 0: want a whole number of 1 or more"},
		{[]string{"--dedup", "mark", "--dedup-bands", "100", "--dedup-rows", "20"}, "--dedup-bands 100 --dedup-rows 20: want at most 1024 signature values (bands × rows)"},
		// The product of these wraps to 0 in 64 bits.
		{[]string{"--dedup", "mark", "--dedup-bands", "4294967296", "--dedup-rows", "4294967296"}, "--dedup-bands 4294967296 --dedup-rows 4294967296: want at most 1024 signature values (bands × rows)"},
		{[]string{"--dedup", "mark", "--dedup-threshold", "2"}, "--dedup-threshold 2: want a number in (0, 1]"},
		{[]string{"--dedup", "mark", "--dedup-threshold", "half"}, "--dedup-threshold half: want a number"},
		{[]string{"--dedup", "mark", "--dedup-containment", "0"}, "--dedup-containment 0: want a number in (0, 1]"},
		{[]string{"--dedup", "maybe"}, "--dedup maybe: want mark or canonical"},
		{[]string{"--stories", "--stories-threshold", "5"}, "--stories-threshold 5: want a number in (0, 1]"},
		{[]string{"--stories", "--stories-long-threshold", "-0.5"}, "--stories-long-threshold -0.5: want a number in (0, 1]"},
		{[]string{"--stories", "--stories-merge", "2"}, "--stories-merge 2: want a number in (0, 1], or -1 (with -1 for both --stories-merge and --stories-long-merge) for no merging"},
		{[]string{"--stories", "--stories-long-merge", "0"}, "--stories-long-merge 0: want a number in (0, 1], or -1 (with -1 for both --stories-merge and --stories-long-merge) for no merging"},
		{[]string{"--stories", "--stories-merge", "-1"}, "--stories-merge -1 --stories-long-merge 0.3: -1 (no merging) is for both or neither"},
		{[]string{"--stories", "--stories-window", "0"}, "--stories-window 0: want a whole number of days in 1..36525"},
		{[]string{"--fetch-retries", "-1"}, "--fetch-retries -1: want 0 or more"},
		{[]string{"--fetch-timeout", "0"}, "--fetch-timeout 0s: want a duration above 0"},
		{[]string{"--fetch-deadline", "-1m"}, "--fetch-deadline -1m0s: want a duration of 0 or more (0: none)"},
		{[]string{"--inputs-base", "https://example.com/"}, "--inputs-base https://example.com/: give it with --inputs-from FILE, whose relative paths it is joined to"},
		{[]string{"--format", "xml"}, "--format xml: want jsonl, parquet or text"},
		{[]string{"--input-format", "pdf"}, "--input-format pdf: want seed, text, jsonl, html or warc (or none, to sniff each input)"},
		{[]string{"--input-lang", "english"}, "--input-lang english: want an ISO 639-1 code, two letters (en, de, fr)"},
		{[]string{"--strict=maybe"}, "--strict maybe: want true or false"},
		{[]string{"--limit", "5", "--resume"}, "--limit 5 with --resume: a limit stops reading part way"},
		{[]string{"--format", "text", "--resume"}, "--format text with --resume: resuming writes shards of JSONL or Parquet"},
		{[]string{"--sites", "example.com/news"}, "--sites example.com/news: want host names (bbc.co.uk), comma-separated, or @FILE with one a line"},
		{[]string{"--exclude-sites", "a b"}, "--exclude-sites a b: want host names"},
		{[]string{"--since", "2024-02-01", "--until", "2024-01-01"}, "--since 2024-02-01 --until 2024-01-01: the date range ends before it starts"},
	}
	for i := range tests {
		tests[i].args = append(append([]string{"run", "-o", out}, tests[i].args...), sample)
	}
	tests = append(tests, []struct {
		args []string
		want string
	}{
		{[]string{"clean", "--offset", "-5", archive}, "--offset -5: want a byte offset, 0 or more (a record's source_offset)"},
		{[]string{"extract", "--offset", "x", archive}, "--offset x: want a byte offset, 0 or more (a record's source_offset)"},
		{[]string{"wet", "--offset", "-1", archive}, "--offset -1: want a byte offset, 0 or more (a record's source_offset)"},
		{[]string{"clean", "--input-format", "pdf", archive}, "--input-format pdf: want seed, text, jsonl, html or warc"},
		{[]string{"clean", "--input-lang", "deutsch", archive}, "--input-lang deutsch: want an ISO 639-1 code, two letters (en, de, fr)"},
		{[]string{"eval", "--lang", "e1", dir}, "--lang e1: want an ISO 639-1 code, two letters (en, de, fr)"},
		{[]string{"clusters", "--top", "0", dir}, "--top 0: want a whole number of 1 or more"},
		{[]string{"stories", "--top", "-2", dir}, "--top -2: want a whole number of 1 or more"},
		{[]string{"serve", "--addr", "8080", dir}, "--addr 8080: want HOST:PORT (127.0.0.1:8080, or :8080 for every address)"},
		{[]string{"serve", "--addr", "127.0.0.1:99999", dir}, "--addr 127.0.0.1:99999: want HOST:PORT"},
		{[]string{"serve", "--sources", filepath.Join(dir, "none"), dir}, "--sources " + filepath.Join(dir, "none") + ": want a directory"},
		{[]string{"pack", "-o", filepath.Join(dir, "p.warc.gz"), "--date", "yesterday", sample}, "--date yesterday: want RFC 3339 (2024-03-05T14:00:00Z)"},
		{[]string{"pack", "-o", filepath.Join(dir, "p.warc.gz"), "--base-url", "example.com", sample}, "--base-url example.com: want an absolute URL (https://example.com/)"},
	}...)
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			stderr := usageProcess(t, tt.args...)
			name := tt.args[0]
			first, rest, _ := strings.Cut(stderr, "\n")
			if !strings.HasPrefix(first, "copydesk "+name+": "+tt.want) || rest != "Run 'copydesk "+name+" --help' for usage.\n" {
				t.Errorf("stderr %q; want one line starting %q and the pointer to the help", stderr, "copydesk "+name+": "+tt.want)
			}
		})
	}
}

// usageProcess runs the binary with args, checks that it exits with the
// usage code and prints nothing on stdout, and returns its stderr.
func usageProcess(t *testing.T, args ...string) string {
	t.Helper()
	cmd := copydeskProcess(t, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitUsage {
		t.Errorf("exit %d (%v), want %d", code, err, exitUsage)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
	return stderr.String()
}
