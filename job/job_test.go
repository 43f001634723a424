package job

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/record"
	"github.com/copydesk/copydesk/segment"
	"github.com/copydesk/copydesk/stage"
	"github.com/copydesk/copydesk/summarize"
)

// syndicated writes a JSONL corpus of news from a few sites: each site's
// pages end with the site's own sign-off paragraph, and some stories are
// run again by other sites, whole or cut short.
func syndicated(t *testing.T, path string, seed uint64) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 9))
	words := strings.Fields("council bridge river vote budget school mayor police harbour station market train festival museum hospital road weather election court farmers")
	sentence := func() string {
		n := 12 + r.IntN(10)
		w := make([]string, n)
		for i := range w {
			w[i] = words[r.IntN(len(words))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + " said the town's officials on Tuesday."
	}
	var stories [][]string
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	for i := range 120 {
		site := fmt.Sprintf("site%d.example", r.IntN(4))
		var paras []string
		switch {
		case len(stories) > 0 && r.IntN(4) == 0:
			paras = append(paras, stories[r.IntN(len(stories))]...)
			if r.IntN(2) == 0 {
				paras = paras[:len(paras)*2/3+1]
			}
		default:
			for range 4 + r.IntN(4) {
				paras = append(paras, sentence()+" "+sentence())
			}
			stories = append(stories, paras)
		}
		if site < "site2" {
			// A header these sites start every page with.
			paras = append([]string{"From the newsroom of " + site + ", the stories that matter to the people of the valley, checked and told in full every day."}, paras...)
		}
		paras = append(paras, "The reporters of "+site+" have covered the towns along the river since 1921, and the paper is owned by its readers through a cooperative.")
		rec := map[string]string{"id": fmt.Sprint("a", i), "url": fmt.Sprintf("https://%s/news/%d", site, i),
			"date": fmt.Sprintf("2024-05-%02d", 1+r.IntN(28)), "text": strings.Join(paras, "\n\n")}
		b, _ := json.Marshal(rec)
		bw.Write(append(b, '\n'))
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

func readRecords(t *testing.T, path string) []record.Record {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []record.Record
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var r record.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// referenceSite cuts site boilerplate from finished records, the way the
// passes over the output file did before the corpus stages: observe every
// record, then rewrite each.
func referenceSite(recs []record.Record, o boiler.SiteOptions, so summarize.Options) int {
	x := boiler.NewSiteIndex(o)
	for _, r := range recs {
		x.Observe(stage.Host(r.URL), strings.Split(r.Text, "\n\n"))
	}
	cut := 0
	for i := range recs {
		r := &recs[i]
		paras := strings.Split(r.Text, "\n\n")
		chrome := x.Chrome(stage.Host(r.URL), paras)
		var keep []string
		for j, p := range paras {
			if chrome[j] {
				cut++
				r.Removed++
				continue
			}
			keep = append(keep, p)
		}
		if len(keep) < len(paras) {
			r.Text = strings.Join(keep, "\n\n")
			r.Words = int64(segment.CountWords(r.Text))
			s := so
			s.Lang = r.Lang
			sum := summarize.Summarize(keep, r.Description, s)
			r.Summary, r.SummaryMethod = sum.Text, sum.Method
		}
	}
	return cut
}

// referenceDedup marks (or, keeping the canonical copies, leaves out) the
// records of the same story, as the pass over the output file did.
func referenceDedup(recs []record.Record, o dedup.Options, keepCanonical bool) []record.Record {
	x := dedup.NewIndex(o)
	for i, r := range recs {
		x.Add(o.Observe(int64(i), r.ID, r.URL, r.Date, r.Text))
	}
	type mark struct {
		id   string
		size int
		dup  bool
	}
	marks := map[int64]mark{}
	for _, c := range x.Clusters() {
		for k, m := range c.Members {
			marks[m.Key] = mark{c.Canonical().ID, len(c.Members), k > 0}
		}
	}
	var out []record.Record
	for i, r := range recs {
		m := marks[int64(i)]
		if m.dup && keepCanonical {
			continue
		}
		r.ClusterID, r.ClusterSize = m.id, int64(m.size)
		if m.dup {
			r.DuplicateOf = m.id
		}
		out = append(out, r)
	}
	return out
}

// TestCorpusStagesMatchPasses runs the corpus stages inside the runner
// and checks the dataset against the passes applied to a plain run's
// output: the same records, byte for byte once encoded, and every record
// a stage drops counted with its reason. The resumable run gives the
// same dataset, and nothing is left in the output directory but the
// dataset, its manifest and clusters (and the shards).
func TestCorpusStagesMatchPasses(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{filepath.Join(dir, "news.jsonl"), filepath.Join("..", "testdata", "sample")}
	syndicated(t, inputs[0], 1)
	if dev := filepath.Join("..", "..", "shared", "data", "warc-samples-dev"); dirExists(dev) {
		inputs = append(inputs, dev)
	}
	ctx := context.Background()
	plain := filepath.Join(dir, "plain")
	mp, err := Run(ctx, Config{Out: plain, Inputs: inputs, MinWords: 15})
	if err != nil {
		t.Fatal(err)
	}
	siteOpts := boiler.SiteOptions{MinPages: 5}
	for _, tc := range []struct {
		name      string
		site      bool
		policy    string
		resumable bool
	}{
		{"site", true, "", false},
		{"mark", false, DedupMark, false},
		{"site+canonical", true, DedupCanonical, false},
		{"site+canonical resumed", true, DedupCanonical, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := readRecords(t, filepath.Join(plain, "articles.jsonl"))
			wantCut := 0
			if tc.site {
				wantCut = referenceSite(want, siteOpts, summarize.Options{})
			}
			if tc.policy != "" {
				want = referenceDedup(want, dedup.Options{}, tc.policy == DedupCanonical)
			}
			out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			c := Config{Out: out, Inputs: inputs, MinWords: 15, Dedup: tc.policy, Resume: tc.resumable}
			if tc.site {
				c.SiteBoilerplate = &siteOpts
			}
			m, err := Run(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			got := readRecords(t, filepath.Join(out, "articles.jsonl"))
			if len(got) != len(want) {
				t.Fatalf("%d records, the passes give %d", len(got), len(want))
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("record %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
			if m.Records != mp.Records || m.Kept != int64(len(want)) || m.Kept+m.Dropped+m.Failed != m.Records ||
				m.DroppedBy[stage.ReasonDuplicate] != mp.Kept-m.Kept || m.SiteBlocks != wantCut {
				t.Errorf("manifest %+v\nplain run %+v, %d cut by the passes", m, mp, wantCut)
			}
			if tc.site && wantCut == 0 || tc.policy != "" && m.Clusters == 0 {
				t.Errorf("the corpus has nothing for the stages to do: %d cut, %d clusters", wantCut, m.Clusters)
			}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				switch e.Name() {
				case "articles.jsonl", "manifest.json", "clusters.jsonl", "shards":
				default:
					t.Errorf("left in the output directory: %s", e.Name())
				}
			}
		})
	}
}
