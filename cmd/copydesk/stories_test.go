package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/pipeline"
)

// storiesInput is a small news day: one event told by three outlets (one
// a copy, one in its own words) and unrelated articles.
var storiesInput = []map[string]string{
	{"id": "a1", "url": "https://a.example/bridge", "date": "2024-05-01", "title": "Council approves new river bridge",
		"text": "The council voted on Tuesday night to approve the new bridge across the river after a debate of more than a decade, and work will start in the spring."},
	{"id": "b1", "url": "https://b.example/news/1", "date": "2024-05-01", "title": "Council approves new river bridge",
		"text": "The council voted on Tuesday night to approve the new bridge across the river after a debate of more than a decade, and work will start in the spring."},
	{"id": "c1", "url": "https://c.example/9", "date": "2024-05-02", "title": "River bridge approved after decade of debate",
		"text": "Councillors approved a new bridge over the river on Tuesday after more than ten years of debate. Construction of the bridge begins in the spring, the council said."},
	{"id": "a2", "url": "https://a.example/storm", "date": "2024-05-02", "title": "Storm shuts the harbour",
		"text": "A storm closed the harbour for two days and the ferries stayed in port until the wind dropped on Thursday morning, the port authority said."},
	{"id": "d1", "url": "https://d.example/museum", "date": "2024-05-02", "title": "Museum shows coastal paintings",
		"text": "The museum shows paintings of the coast from the last century in a new exhibition that opens to visitors next week with free entry for children."},
	{"id": "d2", "url": "https://d.example/harvest", "date": "2024-05-03", "title": "Farmers expect late harvest",
		"text": "Farmers expect a late harvest after the wet summer, and prices of grain may rise in the autumn as stocks run low across the region."},
}

func TestStories(t *testing.T) {
	input := writeStoriesInput(t)
	for _, format := range []string{"jsonl", "parquet"} {
		t.Run(format, func(t *testing.T) {
			out := t.TempDir()
			if code, _, stderr := runCLI(t, "", "run", "--quiet", "--format", format, "--dedup", "mark", "--stories", "-o", out, input); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			m, _ := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
			if m.Kept != 6 || m.Stories != 1 || m.Clusters != 1 {
				t.Errorf("manifest %+v", m)
			}
			if _, err := os.Stat(filepath.Join(out, "articles."+format)); err != nil {
				t.Error(err)
			}
			if format == "jsonl" {
				data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
				for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
					var r struct {
						ID        string `json:"id"`
						StoryID   string `json:"story_id"`
						StorySize int    `json:"story_size"`
					}
					json.Unmarshal([]byte(line), &r)
					want := r.ID
					if strings.HasSuffix(r.ID, "1") && r.ID != "d1" {
						want = "a1"
					}
					if r.StoryID != want || (r.StoryID == "a1") != (r.StorySize == 3) {
						t.Errorf("record %+v, want story %s", r, want)
					}
				}
			}
			code, stdout, _ := runCLI(t, "", "stories", out)
			if code != exitOK || !strings.HasPrefix(stdout, "1 stories reported more than once") ||
				!strings.Contains(stdout, "3 articles   3 sites   1 copies") {
				t.Errorf("stories: exit %d:\n%s", code, stdout)
			}
			code, stdout, _ = runCLI(t, "", "stories", "--id", "c1", out)
			if code != exitOK || !strings.Contains(stdout, "first published by a.example on 2024-05-01") ||
				!strings.Contains(stdout, "\ncopy ") || !strings.Contains(stdout, "\nrewrite ") {
				t.Errorf("stories --id: exit %d:\n%s", code, stdout)
			}
			if code, _, _ := runCLI(t, "", "stories", "--id", "nothing", out); code != exitError {
				t.Errorf("stories --id of no story: exit %d", code)
			}
		})
	}
}

// TestStoriesFlags checks that the thresholds reach the stage: at a
// threshold of 1 with no merging, the rewrite stays a story of its own,
// and the copy still joins its original (dedup's cluster); a threshold
// out of range is a usage error.
func TestStoriesFlags(t *testing.T) {
	input := writeStoriesInput(t)
	out := t.TempDir()
	strict := []string{"--stories-threshold", "1", "--stories-long-threshold", "1", "--stories-merge", "-1", "--stories-long-merge", "-1"}
	args := append([]string{"run", "--quiet", "--dedup", "mark", "--stories", "-o", out}, strict...)
	if code, _, stderr := runCLI(t, "", append(args, input)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, "articles.jsonl"))
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			ID        string `json:"id"`
			StorySize int    `json:"story_size"`
		}
		json.Unmarshal([]byte(line), &r)
		want := 1
		if r.ID == "a1" || r.ID == "b1" {
			want = 2
		}
		if r.StorySize != want {
			t.Errorf("record %s: story of %d, want %d", r.ID, r.StorySize, want)
		}
	}
	for _, bad := range [][]string{
		{"--stories-merge", "2"}, {"--stories-merge", "0"}, {"--stories-long-merge", "0"}, {"--stories-merge", "-1"},
		{"--stories-threshold", "0"}, {"--stories-long-threshold", "0"}, {"--stories-window", "0"},
	} {
		if code, _, stderr := runCLI(t, "", append(append([]string{"run", "--quiet", "--stories", "-o", t.TempDir()}, bad...), input)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", bad, code, exitUsage, stderr)
		}
	}
}

// writeStoriesInput writes storiesInput as a JSONL file and returns its path.
func writeStoriesInput(t *testing.T) string {
	t.Helper()
	var in strings.Builder
	for _, r := range storiesInput {
		b, _ := json.Marshal(r)
		in.Write(b)
		in.WriteByte('\n')
	}
	input := filepath.Join(t.TempDir(), "news.jsonl")
	if err := os.WriteFile(input, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return input
}
