package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// englishText and germanText return n distinct sentences of prose.
func englishText(n int) string {
	subjects := []string{"The council", "The mayor", "A spokesman for the harbour", "Residents of the valley", "The regional water board", "Teachers at the primary school"}
	verbs := []string{"said on Monday that", "warned this week that", "told reporters that", "confirmed in a statement that"}
	objects := []string{"the new bridge would open before the winter", "the budget for the schools had been cut again", "the flood defences along the river needed repairs", "the bus service to the villages would be restored"}
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s %s %s, number %d of the reports. ", subjects[i%len(subjects)], verbs[i/len(subjects)%len(verbs)], objects[i%len(objects)], i+1)
	}
	return strings.TrimSpace(b.String())
}

func germanText(n int) string {
	sentences := []string{
		"Der Stadtrat hat am Montag über den neuen Haushalt für die Schulen beraten.",
		"Die Bürgermeisterin sagte, dass die Brücke noch vor dem Winter eröffnet werden soll.",
		"Viele Anwohner hatten sich über den Lärm der Baustelle beschwert.",
		"Nach Angaben der Verwaltung wird der Busverkehr in die Dörfer bald wieder aufgenommen.",
		"Die Kosten für die Sanierung des Hafens sind im vergangenen Jahr deutlich gestiegen.",
	}
	var b strings.Builder
	for i := range n {
		b.WriteString(sentences[i%len(sentences)])
		fmt.Fprintf(&b, " Das ist der Bericht Nummer %d. ", i+1)
	}
	return strings.TrimSpace(b.String())
}

// writeLines writes v as JSON lines to a file in dir and returns its path.
func writeLines(t *testing.T, dir, name string, lines ...any) string {
	t.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		if s, ok := l.(string); ok {
			b.WriteString(s + "\n")
			continue
		}
		data, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(data, '\n'))
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type jsonRecord struct {
	ID   string `json:"id,omitempty"`
	URL  string `json:"url,omitempty"`
	Date string `json:"date,omitempty"`
	Text string `json:"text"`
}

// filterInput writes six articles that differ in site, language, date
// and length.
func filterInput(t *testing.T, dir string) string {
	return writeLines(t, dir, "news.jsonl",
		jsonRecord{ID: "bbc", URL: "https://www.bbc.co.uk/news/a", Date: "2024-03-05", Text: englishText(4)},
		jsonRecord{ID: "bbc-sub", URL: "https://news.bbc.co.uk/b", Date: "2023-01-01", Text: englishText(5)},
		jsonRecord{ID: "spiegel", URL: "https://spiegel.de/x", Date: "2024-06-01", Text: germanText(4)},
		jsonRecord{ID: "undated", URL: "https://example.com/sport/c", Text: englishText(6)},
		jsonRecord{ID: "long", URL: "https://example.com/news/d", Date: "2024-02-01", Text: englishText(30)},
		jsonRecord{ID: "no-url", Date: "2024-03-01T10:00:00Z", Text: englishText(7)},
	)
}

// TestRunFilters runs each filter on the same six articles and checks
// what it dropped, with which reason, and that the counts add up.
func TestRunFilters(t *testing.T) {
	dir := t.TempDir()
	in := filterInput(t, dir)
	sites := filepath.Join(dir, "sites.txt")
	if err := os.WriteFile(sites, []byte("bbc.co.uk\n# a comment\n\nSpiegel.de\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		dropped map[string]int64
	}{
		{"none", nil, map[string]int64{}},
		{"lang en", []string{"--lang", "en"}, map[string]int64{"other-lang": 1}},
		{"lang de,fr", []string{"--lang", "de,FR"}, map[string]int64{"other-lang": 5}},
		{"since", []string{"--since", "2024-01-01"}, map[string]int64{"too-old": 1, "undated": 1}},
		{"since keep undated", []string{"--since", "2024-01-01", "--undated", "keep"}, map[string]int64{"too-old": 1}},
		{"until the day", []string{"--until", "2024-03-05"}, map[string]int64{"too-new": 1, "undated": 1}},
		{"since a time", []string{"--since", "2024-03-05T12:00:00Z", "--undated", "keep"}, map[string]int64{"too-old": 3}},
		{"range", []string{"--since", "2024-02-01", "--until", "2024-03-01T12:00:00+02:00"}, map[string]int64{"too-old": 1, "too-new": 2, "undated": 1}},
		{"sites", []string{"--sites", "bbc.co.uk"}, map[string]int64{"site-not-listed": 4}},
		{"sites file", []string{"--sites", "@" + sites}, map[string]int64{"site-not-listed": 3}},
		{"exclude sites", []string{"--exclude-sites", "www.bbc.co.uk,https://spiegel.de/"}, map[string]int64{"site-excluded": 3}},
		{"url match", []string{"--url-match", "/news/"}, map[string]int64{"url-not-matched": 4}},
		{"max words", []string{"--max-words", "200"}, map[string]int64{"too-long": 1}},
		{"together", []string{"--lang", "en", "--exclude-sites", "bbc.co.uk", "--max-words", "200"}, map[string]int64{"other-lang": 1, "site-excluded": 2, "too-long": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCLI(t, "", append([]string{"run", "--quiet", "-o", out, in}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			m := readManifest(t, out)
			if !maps.Equal(m.DroppedBy, tt.dropped) {
				t.Errorf("dropped_by = %v, want %v", m.DroppedBy, tt.dropped)
			}
			var dropped int64
			for _, n := range tt.dropped {
				dropped += n
			}
			if m.Records != 6 || m.Dropped != dropped || m.Failed != 0 || m.Kept != 6-dropped || m.Kept+m.Dropped+m.Failed != m.Records {
				t.Errorf("records %d = kept %d + dropped %d + failed %d, want 6 = %d + %d + 0", m.Records, m.Kept, m.Dropped, m.Failed, 6-dropped, dropped)
			}
			data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
			if n := int64(bytes.Count(data, []byte("\n"))); n != m.Kept {
				t.Errorf("%d articles written, manifest says %d kept", n, m.Kept)
			}
		})
	}
}

// TestRunFilterFlagsRefused checks that a filter given what it cannot
// mean is refused in one clear line.
func TestRunFilterFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	in := filterInput(t, dir)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"language name", []string{"--lang", "english"}, "--lang english: want ISO 639-1 codes"},
		{"bad date", []string{"--since", "2024-13-01"}, "--since 2024-13-01: want YYYY-MM-DD or RFC 3339"},
		{"range backwards", []string{"--since", "2024-02-01", "--until", "2024-01-01"}, "--since 2024-02-01 --until 2024-01-01: the date range ends before it starts"},
		{"undated policy", []string{"--undated", "maybe"}, "--undated maybe: want keep or drop"},
		{"bad regexp", []string{"--url-match", "(news"}, "--url-match: error parsing regexp"},
		{"not a host", []string{"--sites", "bbc.co.uk/news"}, "--sites bbc.co.uk/news: want host names"},
		{"sites file missing", []string{"--sites", "@" + filepath.Join(dir, "none.txt")}, "--sites @" + filepath.Join(dir, "none.txt") + ": open "},
		{"negative limit", []string{"--limit", "-1"}, "--limit -1: want 0 or more"},
		{"negative workers", []string{"--workers", "-1"}, "--workers -1: want 0 or more"},
		{"limit with resume", []string{"--limit", "5", "--resume"}, "--limit 5 with --resume: a limit stops reading part way"},
		{"drops inside the output", []string{"--drops", filepath.Join(dir, "out", "drops.jsonl")}, "outside the output directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", append([]string{"run", "-o", filepath.Join(dir, "out"), in}, tt.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", code, exitUsage, stderr)
			}
			if stdout != "" || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 2 {
				t.Errorf("stderr = %q, want one line with %q and the pointer to --help; stdout = %q", stderr, tt.want, stdout)
			}
		})
	}
}

// TestRunLimit checks that --limit keeps that many articles, stops
// reading, drops what was in flight past it as "limit", and warns.
func TestRunLimit(t *testing.T) {
	dir := t.TempDir()
	var lines []any
	for i := range 300 {
		lines = append(lines, jsonRecord{ID: fmt.Sprintf("r%03d", i), URL: fmt.Sprintf("https://example.com/%d", i), Text: englishText(3 + i%7)})
	}
	in := writeLines(t, dir, "many.jsonl", lines...)
	for _, workers := range []string{"1", "2"} {
		out := filepath.Join(dir, "out"+workers)
		code, _, stderr := runCLI(t, "", "run", "-o", out, "--limit", "3", "--workers", workers, in)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		m := readManifest(t, out)
		if m.Kept != 3 || m.Records >= 300 || m.Dropped != m.DroppedBy["limit"] || m.Records != m.Kept+m.Dropped+m.Failed {
			t.Errorf("workers %s: records %d, kept %d, dropped %v: want 3 kept, the rest dropped as limit, the input not read to its end", workers, m.Records, m.Kept, m.DroppedBy)
		}
		if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], "limit of 3 kept articles") || !strings.Contains(stderr, "warning: the limit of 3") {
			t.Errorf("workers %s: warnings %q, stderr %q", workers, m.Warnings, stderr)
		}
		data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
		if !bytes.HasPrefix(data, []byte(`{"id":"r000"`)) || bytes.Count(data, []byte("\n")) != 3 {
			t.Errorf("workers %s: want the first 3 articles, got\n%.300s", workers, data)
		}
	}
}
