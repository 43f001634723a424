package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/summarize"
)

func writeDataset(t *testing.T, recs []jsonl.Record) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	var b strings.Builder
	for _, r := range recs {
		data, _ := json.Marshal(r)
		b.Write(data)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readDataset(t *testing.T, path string) []jsonl.Record {
	t.Helper()
	var out []jsonl.Record
	if err := eachRecord(path, func(_ int64, r *jsonl.Record) error { out = append(out, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

const body = "The council voted on Tuesday night to approve the new bridge across the river after a debate of more than a decade, and work will start in the spring."

func TestDedup(t *testing.T) {
	recs := []jsonl.Record{
		{ID: "late", URL: "https://b.example/1", Date: "2024-05-03", Text: body},
		{ID: "first", URL: "https://a.example/1", Date: "2024-05-01", Text: body + " More."},
		{ID: "other", URL: "https://a.example/2", Date: "2024-05-02", Text: "A storm closed the harbour for two days and the ferries stayed in port until the wind dropped."},
	}
	for _, canonical := range []bool{false, true} {
		path := writeDataset(t, recs)
		clusters := filepath.Join(filepath.Dir(path), "clusters.jsonl")
		res, err := Dedup(path, clusters, dedup.Options{}, canonical)
		if err != nil {
			t.Fatal(err)
		}
		got := readDataset(t, path)
		if res.Clusters != 1 || res.Duplicates != 1 {
			t.Errorf("result %+v", res)
		}
		if canonical {
			if len(got) != 2 || res.Removed != 1 || got[0].ID != "first" {
				t.Errorf("canonical: %+v", got)
			}
			continue
		}
		if len(got) != 3 || got[0].DuplicateOf != "first" || got[1].DuplicateOf != "" || got[1].ClusterSize != 2 || got[2].ClusterSize != 1 {
			t.Errorf("mark: %+v", got)
		}
		cs, err := ReadClusters(clusters)
		if err != nil || len(cs) != 1 || cs[0].Members[0].ID != "first" || cs[0].Members[1].Site != "b.example" || cs[0].FirstDate != "2024-05-01" {
			t.Errorf("clusters %+v, %v", cs, err)
		}
	}
}

func TestCutSiteBoilerplate(t *testing.T) {
	const pitch = "Support independent local reporting today from as little as one pound a month."
	places := []string{"harbour", "station", "library", "market", "bridge", "school"}
	var recs []jsonl.Record
	for i, p := range places {
		text := fmt.Sprintf("Work on the %s began on Monday, the council said.\n\nResidents near the %s were told at a meeting.\n\n%s", p, p, pitch)
		recs = append(recs, jsonl.Record{ID: p, URL: fmt.Sprintf("https://valley.example/%d", i), Text: text, Summary: text, SummaryMethod: "lead"})
	}
	path := writeDataset(t, recs)
	res, err := CutSiteBoilerplate(path, boiler.SiteOptions{}, summarize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := readDataset(t, path)
	if res.Cut != 6 || res.Changed != 6 || res.Sites != 1 {
		t.Errorf("result %+v", res)
	}
	for _, r := range got {
		if strings.Contains(r.Text, pitch) || strings.Contains(r.Summary, pitch) || !strings.Contains(r.Text, "were told") || r.Removed != 1 {
			t.Errorf("record %+v", r)
		}
	}
}
