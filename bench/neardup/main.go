// Command neardup measures copydesk's story clustering (package dedup):
//
//  1. Syndicated copies, end to end. Every page of the dev extraction sets
//     with text gold is kept as it is, and copies of its story are made
//     the way other outlets run it: the gold text in another site's page
//     chrome (navigation, share bars, related stories, footer), trimmed to
//     its first two thirds, extended with an editor's note and a teaser,
//     or lightly edited (a word in thirty changed, a new headline), dated
//     a day or two later. All of them go through copydesk run --dedup mark
//     as one JSONL corpus; the clusters found are scored against the true
//     ones by pairs (precision, recall), and the canonical copy against
//     the original page.
//
//  2. The dev pair sets as they are (MSRP sentence pairs, Clough-Stevenson
//     text reuse): how many labelled pairs fall in one cluster.
//
//  3. Scale: a generated corpus of -scale documents (a tenth of them
//     near-duplicate copies) clustered by the same code copydesk run
//     --dedup uses, with its time and peak memory.
//
//     cd bench && go run ./neardup
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/bench/internal/proc"
	"github.com/copydesk/copydesk/dedup"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/segment"
	"github.com/copydesk/copydesk/stage"
)

var (
	verbose    = new(bool)
	extraFlags = new(string)
)

var textSets = []string{
	"extract-readability-testpages",
	"extract-cleaneval-dev",
	"extract-cleanportaleval",
	"extract-dragnet-train",
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "neardup:", err)
		os.Exit(1)
	}
}

func run() error {
	data := flag.String("data", "../../shared/data", "directory holding the gold sets")
	scale := flag.Int("scale", 1000000, "documents in the scale test (0: skip it)")
	flag.BoolVar(verbose, "v", false, "print the clusters that join different stories")
	flag.StringVar(extraFlags, "flags", "", "more flags for copydesk run (--dedup-bands 20 ...), to try other settings")
	scaleOnly := flag.Bool("scale-only", false, "run the scale test only")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "copydesk-neardup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	fmt.Printf("    cd bench && go run ./neardup\n\n%s, %s/%s, %d CPUs.\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if *scaleOnly {
		return scaleTest(tmp, *scale)
	}
	if err := syndicated(*data, tmp); err != nil {
		return err
	}
	if err := pairSets(*data); err != nil {
		return err
	}
	if *scale > 0 {
		return scaleTest(tmp, *scale)
	}
	return nil
}

// outlet is the page chrome of one made-up site.
type outlet struct {
	host, name string
	top, foot  string
}

var outlets = []outlet{
	{"dailyherald.example", "The Daily Herald",
		`<header><a href="/">The Daily Herald</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header><div class="cookie">We use cookies to give you the best experience. <a href="/privacy">Accept</a></div>`,
		`<aside class="related"><h3>More from the Herald</h3><ul><li><a href="/a">Five things to know this morning</a></li><li><a href="/b">Weather warning for the weekend</a></li></ul></aside><footer><p>© The Daily Herald. All rights reserved.</p><p><a href="/terms">Terms</a> <a href="/privacy">Privacy</a></p></footer>`},
	{"metrowire.example", "Metro Wire",
		`<div class="topbar"><a href="/">Metro Wire</a> | <a href="/subscribe">Subscribe</a> | <a href="/login">Log in</a></div><ul class="share"><li>Share on Facebook</li><li>Share on X</li><li>Email</li></ul>`,
		`<div class="newsletter"><h4>Get the Metro Wire briefing</h4><p>Sign up for our free daily newsletter.</p></div><div class="trending"><h3>Trending</h3><p><a href="/t1">Stocks slide as rates rise</a></p><p><a href="/t2">Club signs new striker</a></p></div><footer>Metro Wire Media Group</footer>`},
	{"valleypost.example", "Valley Post",
		`<nav class="menu"><a href="/">Home</a> <a href="/local">Local</a> <a href="/world">World</a> <a href="/events">Events</a></nav><div class="breadcrumb">Home › News › Region</div>`,
		`<section class="comments"><h3>Comments (4)</h3><p>Sign in to comment.</p></section><footer><p>Valley Post, 12 Mill Lane</p><p>Contact us · Advertise · Careers</p></footer>`},
}

// variant is one copy of a page's story.
type variant struct {
	kind  string
	paras []string
	title string
}

func variants(r *rand.Rand, gold []string, title string) []variant {
	// Trimmed: the first paragraphs holding two thirds of the words, as
	// an outlet cuts a story from the bottom. (Two thirds of the
	// paragraphs would leave only the headline of a story whose body is
	// one paragraph.)
	total, trim, kept := 0, 0, 0
	for _, p := range gold {
		total += segment.CountWords(p)
	}
	for trim < len(gold) && 3*kept < 2*total {
		kept += segment.CountWords(gold[trim])
		trim++
	}
	edited := make([]string, len(gold))
	for i, p := range gold {
		w := strings.Fields(p)
		for j := r.IntN(30); j < len(w); j += 30 {
			w[j] = []string{"reportedly", "also", "now", "said", "officials"}[r.IntN(5)]
		}
		edited[i] = strings.Join(w, " ")
	}
	note := []string{
		"This article was first published by our partner newsroom and is republished with permission.",
		"Additional reporting by the regional desk. Editing by the news team.",
		"Read next: what the new rules mean for commuters, and how the changes will be rolled out over the coming months.",
	}
	return []variant{
		{"syndicated", gold, title},
		{"trimmed", gold[:trim], title},
		{"extended", append(append([]string{}, gold...), note...), title},
		{"edited", edited, "Update: " + title},
	}
}

func renderPage(o outlet, v variant) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>%s | %s</title><meta property=\"og:site_name\" content=\"%s\"></head><body>%s<main><article><h1>%s</h1>",
		htmlEscape(v.title), o.name, o.name, o.top, htmlEscape(v.title))
	for _, p := range v.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", htmlEscape(p))
	}
	fmt.Fprintf(&b, "</article></main>%s</body></html>", o.foot)
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// syndicated builds the corpus of originals and copies, runs copydesk on
// it and scores the clusters.
func syndicated(data, tmp string) error {
	corpus := filepath.Join(tmp, "syndicated.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	r := rand.New(rand.NewPCG(1, 2))
	story := map[string]string{} // record id → the original's id
	var origIDs []string
	var origGold []string
	originals, copies := 0, 0
	for _, name := range textSets {
		set, err := goldset.Open(filepath.Join(data, name))
		if err != nil {
			return err
		}
		for c, err := range set.Cases() {
			if err != nil {
				return err
			}
			gold := strings.Split(strings.TrimSpace(c.Gold), "\n")
			if segment.CountWords(c.Gold) < 50 {
				continue // too short to have a story to syndicate
			}
			id := fmt.Sprintf("%s/%s", name, c.ID)
			day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(300))
			enc.Encode(map[string]string{"id": id, "html": string(c.HTML), "url": c.URL, "date": day.Format("2006-01-02")})
			story[id] = id
			origIDs, origGold = append(origIDs, id), append(origGold, c.Gold)
			originals++
			title := firstWords(gold[0], 10)
			vs := variants(r, gold, title)
			r.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
			for k, v := range vs[:2] {
				o := outlets[(originals+k)%len(outlets)]
				vid := fmt.Sprintf("%s#%s@%s", id, v.kind, o.host)
				enc.Encode(map[string]string{"id": vid, "html": renderPage(o, v),
					"url": fmt.Sprintf("https://%s/news/%d-%d", o.host, originals, k), "date": day.AddDate(0, 0, 1+k).Format("2006-01-02")})
				story[vid] = id
				copies++
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	f.Close()
	// The sets hold some pages twice (test pages that share their text,
	// the same story crawled twice): originals whose gold texts are near
	// duplicates by dedup's own definition, computed exactly over their
	// 5-word shingles (Jaccard similarity 0.5 or more, or 0.8 of the
	// shorter's shingles in the longer), are one story.
	merged := mergeSameStories(origIDs, origGold, story)

	out := filepath.Join(tmp, "out")
	args := []string{"run", "github.com/copydesk/copydesk/cmd/copydesk", "run", "--quiet", "--dedup", "mark", "-o", out}
	args = append(append(args, strings.Fields(*extraFlags)...), corpus)
	cmd := exec.Command("go", args...)
	if cmd.Dir, err = proc.ModuleDir(); err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("copydesk run: %w", err)
	}
	elapsed := time.Since(start)

	// Pairs within the found clusters against pairs within true stories,
	// over the records copydesk kept.
	type rec struct{ id, cluster, dupOf string }
	var recs []rec
	rf, err := os.Open(filepath.Join(out, "articles.jsonl"))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(rf)
	for {
		var r struct {
			ID          string `json:"id"`
			ClusterID   string `json:"cluster_id"`
			DuplicateOf string `json:"duplicate_of"`
		}
		if err := dec.Decode(&r); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		recs = append(recs, rec{r.ID, r.ClusterID, r.DuplicateOf})
	}
	rf.Close()
	byCluster, byStory := map[string][]string{}, map[string][]string{}
	for _, r := range recs {
		byCluster[r.cluster] = append(byCluster[r.cluster], r.id)
		byStory[story[r.id]] = append(byStory[story[r.id]], r.id)
	}
	var predicted, truePos, actual int
	wrong := map[string]int{}
	for _, ids := range byCluster {
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				predicted++
				if story[ids[i]] == story[ids[j]] {
					truePos++
				} else {
					wrong[kindOf(ids[i])+"~"+kindOf(ids[j])]++
				}
			}
		}
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "wrong pairs by kind: %v\n", wrong)
	}
	clusterOf := map[string]string{}
	for _, r := range recs {
		clusterOf[r.id] = r.cluster
	}
	missed := map[string]int{}
	for _, ids := range byStory {
		actual += len(ids) * (len(ids) - 1) / 2
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				if clusterOf[ids[i]] != clusterOf[ids[j]] {
					missed[kindOf(ids[i])+"~"+kindOf(ids[j])]++
				}
			}
		}
	}
	if *verbose {
		fmt.Fprintf(os.Stderr, "missed pairs by kind: %v\n", missed)
	}
	canonOK, canonN := 0, 0
	for s, ids := range byStory {
		if len(ids) < 2 {
			continue
		}
		hasOrig := false
		for _, id := range ids {
			hasOrig = hasOrig || id == s
		}
		if !hasOrig {
			continue
		}
		canonN++
		for _, r := range recs {
			if r.id == s && r.dupOf == "" {
				canonOK++
				break
			}
		}
	}
	if *verbose {
		for _, ids := range byCluster {
			stories := map[string]int{}
			for _, id := range ids {
				stories[story[id]]++
			}
			if len(stories) > 1 {
				fmt.Fprintf(os.Stderr, "cluster of %d records from %d stories (records per story %v): %.300v\n", len(ids), len(stories), stories, ids)
			}
		}
	}
	p, rcl := ratio(truePos, predicted), ratio(truePos, actual)
	fmt.Printf("Syndicated copies: %d original pages, %d copies in other outlets' chrome (syndicated as is, trimmed to two thirds, extended, lightly edited; two per page), %d records kept by copydesk (%.1f s for the whole run). %d originals tell the story of another original (their gold texts are near duplicates, computed exactly: Jaccard similarity of 5-word shingles 0.5 or more, or 0.8 of the shorter's in the longer) and count as copies of it.\n\n",
		originals, copies, len(recs), elapsed.Seconds(), merged)
	fmt.Println("| pairs in true stories | pairs in found clusters | true pairs found | precision | recall | canonical is the original |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|")
	fmt.Printf("| %d | %d | %d | %.4f | %.4f | %d of %d |\n\n", actual, predicted, truePos, p, rcl, canonOK, canonN)
	return nil
}

// mergeSameStories joins, in story, the originals whose gold texts are
// near duplicates by dedup's own definition computed exactly over dedup's
// shingles (Jaccard similarity at least 0.5, or at least 0.8 of the
// shorter's shingles in the longer), and returns how many originals were
// joined to another.
func mergeSameStories(ids, gold []string, story map[string]string) int {
	var o dedup.Options
	sets := make([][]uint64, len(gold))
	index := map[uint64][]int{}
	for i, g := range gold {
		sets[i] = o.Shingles(g)
		for _, sh := range sets[i] {
			index[sh] = append(index[sh], i)
		}
	}
	parent := make([]int, len(ids))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	for i := range sets {
		common := map[int]int{}
		for _, sh := range sets[i] {
			for _, j := range index[sh] {
				if j > i {
					common[j]++
				}
			}
		}
		for j, n := range common {
			union := len(sets[i]) + len(sets[j]) - n
			short := min(len(sets[i]), len(sets[j]))
			if float64(n) >= dedup.DefaultThreshold*float64(union) || float64(n) >= dedup.DefaultContainment*float64(short) {
				if a, b := find(i), find(j); a != b {
					parent[b] = a
				}
			}
		}
	}
	merged := 0
	for i, id := range ids {
		if r := find(i); r != i {
			merged++
			root := ids[r]
			for rid, s := range story {
				if s == id {
					story[rid] = root
				}
			}
		}
	}
	return merged
}

// kindOf names what a record is: "original" or the kind of copy.
func kindOf(id string) string {
	if _, after, ok := strings.Cut(id, "#"); ok {
		kind, _, _ := strings.Cut(after, "@")
		return kind
	}
	return "original"
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// samePair reports whether two texts fall in one cluster.
func samePair(o dedup.Options, a, b string) bool {
	x := dedup.NewIndex(o)
	x.Add(o.Observe(0, "a", "", "", a))
	x.Add(o.Observe(1, "b", "", "", b))
	return len(x.Clusters()) == 1
}

// pairSets scores the dev pair sets as they are.
func pairSets(data string) error {
	var o dedup.Options
	fmt.Println("Dev pair sets as they are (a pair is \"found\" when its two texts fall in one cluster at the default settings):")
	fmt.Println()
	fmt.Println("| set | label | pairs | found |")
	fmt.Println("|---|---|---:|---:|")
	raw, err := os.ReadFile(filepath.Join(data, "neardup-msrp-train", "pairs.tsv"))
	if err != nil {
		return err
	}
	// Tab-separated without quoting: the sentences hold quote marks.
	counts := map[string][2]int{}
	for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		row := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if i == 0 || len(row) < 5 {
			continue
		}
		c := counts[row[0]]
		c[0]++
		if samePair(o, row[3], row[4]) {
			c[1]++
		}
		counts[row[0]] = c
	}
	for _, l := range []string{"1", "0"} {
		name := map[string]string{"1": "paraphrase", "0": "not paraphrase"}[l]
		fmt.Printf("| msrp-train | %s | %d | %d |\n", name, counts[l][0], counts[l][1])
	}
	dir := filepath.Join(data, "neardup-clough-stevenson-reuse")
	pf, err := os.Open(filepath.Join(dir, "pairs.jsonl"))
	if err != nil {
		return err
	}
	defer pf.Close()
	byLabel := map[string][2]int{}
	var labels []string
	dec := json.NewDecoder(pf)
	for {
		var p struct{ Doc, Source, Label string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		a, err1 := os.ReadFile(filepath.Join(dir, "docs", p.Doc))
		b, err2 := os.ReadFile(filepath.Join(dir, "docs", p.Source))
		if err1 != nil || err2 != nil {
			continue
		}
		c, seen := byLabel[p.Label]
		if !seen {
			labels = append(labels, p.Label)
		}
		c[0]++
		if samePair(o, string(a), string(b)) {
			c[1]++
		}
		byLabel[p.Label] = c
	}
	for _, l := range labels {
		fmt.Printf("| clough-stevenson | %s | %d | %d |\n", l, byLabel[l][0], byLabel[l][1])
	}
	fmt.Println()
	return nil
}

// scaleTest runs n generated articles through the runner with the dedup
// corpus stage, as copydesk run --dedup does (observe on the workers,
// spool, clusters, apply, written once as JSONL).
func scaleTest(tmp string, n int) error {
	r := rand.New(rand.NewPCG(3, 4))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", r.Uint32()%0xfffff)
	}
	docs := func(yield func(*copydesk.Document) bool) {
		var last []string
		for i := range n {
			var words []string
			if i > 0 && r.IntN(10) == 0 {
				// A copy of the previous story with a word in thirty changed.
				words = append([]string{}, last...)
				for j := r.IntN(30); j < len(words); j += 30 {
					words[j] = vocab[r.IntN(len(vocab))]
				}
			} else {
				words = make([]string, 250+r.IntN(200))
				for j := range words {
					words[j] = vocab[r.IntN(len(vocab))]
				}
			}
			last = words
			d := &copydesk.Document{ID: fmt.Sprint(i), URL: fmt.Sprintf("https://site%d.example/%d", r.IntN(500), i),
				Date: fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)), Paragraphs: []string{strings.Join(words, " ")}}
			if !yield(d) {
				return
			}
		}
	}
	path := filepath.Join(tmp, "articles.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dd := &stage.Dedup{}
	runtime.GC()
	start := time.Now()
	m, err := pipeline.Run(context.Background(), docs, nil, jsonl.NewWriter(f), pipeline.RunOptions{Corpus: []pipeline.CorpusStage{dd}, SpoolDir: tmp})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	fi, _ := os.Stat(path)
	fmt.Printf("Scale: %d generated articles (%.1f GB of JSONL out, a tenth of them copies of the one before with a word in thirty changed), run with the dedup corpus stage as copydesk run --dedup does (observe on the workers, spool, clusters, apply, write): **%.0f s**, %d kept, %d clusters of more than one, %d duplicates, peak RSS of the whole benchmark process **%s**.\n",
		n, float64(fi.Size())/1e9, elapsed.Seconds(), m.Kept, len(dd.Clusters()), dd.Duplicates(), fmt.Sprintf("%.2f GiB", float64(proc.PeakRSS("self"))/(1<<30)))
	return nil
}
