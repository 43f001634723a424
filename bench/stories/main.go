// Command stories measures copydesk's story clustering (package story) at
// scale, on a generated corpus, and prints a Markdown report.
//
// The corpus is -n news articles over a year, reporting events whose
// sizes follow a power law (most are reported once, a few hundred times).
// Words are made up: a background vocabulary of -vocab words drawn with
// Zipf frequencies (so the corpus has its own stop words), and for each
// event a handful of capitalised names and topic words that its reports
// use in their titles and texts, each report in its own mix and order. A
// share of the reports are copies of the event's first report with a word
// in thirty changed. Reports are dated within three days of their event.
//
// Two runs over the same corpus:
//
//  1. End to end as copydesk run --stories does it: the corpus written as
//     copydesk's JSONL output and given to the stories corpus stage (read and
//     observe, stories, rewrite, stories.jsonl), on one core.
//  2. The two phases apart, as a distributed run has them: -workers
//     goroutines each observe a share of the corpus into a State of its
//     own, the States are saved, loaded and merged, and Stories runs on
//     the merged State.
//
// Each run reports its time and the peak RSS of the process; the runs are
// separate processes (the program runs itself), so that each peak is its
// own. The adjusted Rand index against the generated events is printed
// as a check that the stories found are the events, not as a quality
// figure: the made-up reports share far more than real rewrites do.
//
//	cd bench && go run ./stories -n 1000000
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/bench/internal/proc"
	"github.com/copydesk/copydesk/jsonl"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/score"
	"github.com/copydesk/copydesk/stage"
	"github.com/copydesk/copydesk/story"
)

func main() {
	n := flag.Int("n", 1000000, "articles in the generated corpus")
	vocab := flag.Int("vocab", 50000, "words of the background vocabulary")
	workers := flag.Int("workers", 2, "observing goroutines of the two-phase run")
	mode := flag.String("mode", "", "run one part in this process: corpus, merge (used by the program itself)")
	dir := flag.String("dir", "", "with -mode: the working directory")
	flag.Parse()
	var err error
	switch *mode {
	case "":
		err = report(*n, *vocab, *workers)
	case "corpus":
		err = endToEnd(*dir)
	case "merge":
		err = twoPhase(*dir, *workers)
	default:
		err = fmt.Errorf("-mode %q: want corpus or merge", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stories:", err)
		os.Exit(1)
	}
}

// result is what a run in its own process reports.
type result struct {
	Seconds  float64
	CPU      float64 // seconds of CPU time, user and system
	Phases   map[string]float64
	PeakRSS  int64
	Stories  int
	ARI      float64
	Articles int
}

func report(n, vocab, workers int) error {
	tmp, err := os.MkdirTemp("", "copydesk-stories-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	events, size, err := generate(filepath.Join(tmp, "articles.jsonl"), filepath.Join(tmp, "events.json"), n, vocab)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d articles of %d events (%.1f GB) in %.0f s\n", n, events, float64(size)/1e9, time.Since(start).Seconds())
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("Story clustering at scale: %d generated articles (%.2f GB of JSONL) reporting %d events, %s, %d cores, Go %s.\n\n",
		n, float64(size)/1e9, events, "default story.Options", runtime.NumCPU(), runtime.Version())
	fmt.Println("| run | time | CPU time | phases (time) | peak RSS | stories of more than one | ARI against the generated events |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, m := range []struct{ mode, name string }{
		{"corpus", "end to end, the stories corpus stage in the runner (as copydesk run --stories)"},
		{"merge", fmt.Sprintf("two phases: %d workers observe, save, load, merge; Stories", workers)},
	} {
		cmd := exec.Command(exe, "-mode", m.mode, "-dir", tmp, "-workers", fmt.Sprint(workers))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s: %w", m.mode, err)
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			return err
		}
		var phases []string
		for _, p := range []string{"read and observe", "save and load", "merge", "stories", "rewrite and write"} {
			if s, ok := r.Phases[p]; ok {
				phases = append(phases, fmt.Sprintf("%s %.0f s", p, s))
			}
		}
		fmt.Printf("| %s | **%.0f s** | %.0f s | %s | **%.2f GiB** | %d | %.3f |\n", m.name, r.Seconds, r.CPU, strings.Join(phases, ", "),
			float64(r.PeakRSS)/(1<<30), r.Stories, r.ARI)
	}
	return nil
}

// generate writes n articles as copydesk's JSONL output to path and the
// event of each (one number per line) to eventsPath, and returns the
// number of events and the file's size.
func generate(path, eventsPath string, n, vocabSize int) (int, int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	ef, err := os.Create(eventsPath)
	if err != nil {
		return 0, 0, err
	}
	defer ef.Close()
	bw, ebw := bufio.NewWriterSize(f, 1<<20), bufio.NewWriterSize(ef, 1<<16)
	r := rand.New(rand.NewPCG(7, 11))
	word := func(capital bool) string {
		syl := []string{"ka", "lo", "mi", "ren", "to", "sa", "vi", "del", "ur", "no", "pe", "gan", "shi", "bo", "ta", "em"}
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		w := b.String()
		if capital {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		return w
	}
	vocab := make([]string, vocabSize)
	for i := range vocab {
		vocab[i] = word(false)
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(vocabSize-1))
	key, events := 0, 0
	for key < n {
		// An event: names and topic words of its own, a day, a size.
		day := r.IntN(365)
		terms := make([]string, 0, 10)
		for range 5 {
			terms = append(terms, word(true))
		}
		for range 5 {
			terms = append(terms, vocab[200+r.IntN(vocabSize-200)])
		}
		size := min(n-key, 1000, int(math.Floor(1/math.Pow(1-r.Float64(), 1/1.2))))
		var first []string
		for k := range size {
			var words []string
			if k > 0 && r.IntN(6) == 0 {
				words = append([]string{}, first...)
				for j := r.IntN(30); j < len(words); j += 30 {
					words[j] = vocab[zipf.Uint64()]
				}
			} else {
				words = make([]string, 6+200+r.IntN(150))
				for j := range words {
					if r.IntN(8) == 0 || j < 6 && r.IntN(2) == 0 {
						words[j] = terms[r.IntN(len(terms))]
					} else {
						words[j] = vocab[zipf.Uint64()]
					}
				}
			}
			if k == 0 {
				first = words
			}
			var text strings.Builder
			for j, w := range words[6:] {
				if j%15 == 0 && j > 0 {
					text.WriteString(". ")
				} else if j > 0 {
					text.WriteByte(' ')
				}
				text.WriteString(w)
			}
			date := time.Date(2024, 1, 1+day+r.IntN(3), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			rec := genRecord{ID: fmt.Sprint(key), URL: fmt.Sprintf("https://site%d.example/%d", r.IntN(2000), key), Date: date,
				Title: strings.Join(words[:6], " "), Text: text.String() + "."}
			b, _ := json.Marshal(rec)
			bw.Write(b)
			bw.WriteByte('\n')
			fmt.Fprintln(ebw, events)
			key++
		}
		events++
	}
	if err := bw.Flush(); err != nil {
		return 0, 0, err
	}
	if err := ebw.Flush(); err != nil {
		return 0, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	return events, fi.Size(), nil
}

// genRecord is one generated article, as a JSONL line (copydesk's input
// and output share these fields).
type genRecord struct {
	ID          string `json:"id"`
	URL         string `json:"url"`
	Date        string `json:"date"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Text        string `json:"text"`
	StoryID     string `json:"story_id"`
}

// endToEnd runs the generated corpus through the runner with the stories
// corpus stage, as copydesk run --stories does (observe on the workers,
// spool, stories, apply, write), and prints its result as JSON.
func endToEnd(dir string) error {
	in := filepath.Join(dir, "articles.jsonl")
	path := filepath.Join(dir, "out.jsonl")
	start := time.Now()
	var readErr error
	docs := func(yield func(*copydesk.Document) bool) {
		readErr = eachLine(in, func(line []byte) error {
			var rec genRecord
			if err := json.Unmarshal(line, &rec); err != nil {
				return err
			}
			d := &copydesk.Document{ID: rec.ID, URL: rec.URL, Date: rec.Date, Title: rec.Title, Description: rec.Description,
				Paragraphs: []string{rec.Text}}
			if !yield(d) {
				return errors.New("stopped")
			}
			return nil
		})
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	st := &stage.Stories{}
	m, err := pipeline.Run(context.Background(), docs, nil, jsonl.NewWriter(out), pipeline.RunOptions{Corpus: []pipeline.CorpusStage{st}, SpoolDir: dir})
	out.Close()
	if err == nil {
		err = readErr
	}
	if err != nil {
		return err
	}
	r := result{Seconds: time.Since(start).Seconds(), CPU: proc.CPUTime().Seconds(), PeakRSS: proc.PeakRSS("self"),
		Stories: len(st.Lines()), Articles: int(m.Kept)}
	labels := map[int64]int{}
	numbers := map[string]int{}
	storyNumber := func(id string) int {
		n, ok := numbers[id]
		if !ok {
			n = len(numbers)
			numbers[id] = n
		}
		return n
	}
	var key int64
	err = eachLine(path, func(line []byte) error {
		var rec genRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return err
		}
		labels[key] = storyNumber(rec.StoryID)
		key++
		return nil
	})
	if err != nil {
		return err
	}
	if r.ARI, err = ariAgainstEvents(dir, labels); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// twoPhase observes the corpus on workers goroutines, each into a State
// of its own, saves and loads the States, merges them and clusters.
func twoPhase(dir string, workers int) error {
	path := filepath.Join(dir, "articles.jsonl")
	r := result{Phases: map[string]float64{}}
	start := time.Now()
	lines := make(chan []byte, 256)
	states := make([]*story.State, workers)
	var wg sync.WaitGroup
	var o story.Options
	for w := range workers {
		states[w] = story.NewState(o)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for line := range lines {
				var rec genRecord
				if json.Unmarshal(line[8:], &rec) != nil {
					continue
				}
				key := int64(0)
				for _, b := range line[:8] {
					key = key<<8 | int64(b)
				}
				states[w].Add(o.Observe(story.Doc{Key: key, ID: rec.ID, URL: rec.URL, Date: rec.Date, Title: rec.Title,
					Lead: rec.Description, Text: rec.Text}))
			}
		}()
	}
	var key int64
	err := eachLine(path, func(line []byte) error {
		buf := make([]byte, 8, 8+len(line))
		for i := range 8 {
			buf[i] = byte(key >> (56 - 8*i))
		}
		lines <- append(buf, line...)
		key++
		return nil
	})
	close(lines)
	wg.Wait()
	if err != nil {
		return err
	}
	r.Phases["read and observe"] = time.Since(start).Seconds()
	t := time.Now()
	for w, s := range states {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("state%d.gob", w)))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := s.Save(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		f.Close()
		states[w] = nil
	}
	runtime.GC()
	for w := range states {
		f, err := os.Open(filepath.Join(dir, fmt.Sprintf("state%d.gob", w)))
		if err != nil {
			return err
		}
		states[w], err = story.LoadState(bufio.NewReaderSize(f, 1<<20))
		f.Close()
		if err != nil {
			return err
		}
	}
	r.Phases["save and load"] = time.Since(t).Seconds()
	t = time.Now()
	merged := states[0]
	for _, s := range states[1:] {
		if err := merged.Merge(s); err != nil {
			return err
		}
	}
	states = nil
	r.Phases["merge"] = time.Since(t).Seconds()
	t = time.Now()
	stories := merged.Stories()
	r.Phases["stories"] = time.Since(t).Seconds()
	r.Seconds = time.Since(start).Seconds()
	r.CPU = proc.CPUTime().Seconds()
	r.PeakRSS = proc.PeakRSS("self")
	labels := map[int64]int{}
	for i, st := range stories {
		if len(st.Members) > 1 {
			r.Stories++
		}
		for _, m := range st.Members {
			labels[m.Key] = i
		}
		r.Articles += len(st.Members)
	}
	if r.ARI, err = ariAgainstEvents(dir, labels); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// ariAgainstEvents returns the adjusted Rand index of the labels (by
// key) against the generated events.
func ariAgainstEvents(dir string, labels map[int64]int) (float64, error) {
	var found, events []int
	err := eachLine(filepath.Join(dir, "events.json"), func(line []byte) error {
		var ev int
		fmt.Sscan(string(line), &ev)
		found = append(found, labels[int64(len(events))])
		events = append(events, ev)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return score.ARI(found, events), nil
}

func eachLine(path string, fn func(line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return err
		}
	}
	return sc.Err()
}
