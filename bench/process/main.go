// Command process times whole processes the way a user runs them, one
// core each: copydesk run to JSONL over a folder of pages and over the
// same pages packed as a WARC.gz, beside go-trafilatura's and
// go-readability's whole process over the folder (bench/process/peer),
// and x/net/html's tokenizer alone over the same bytes (the floor). Then
// copydesk over the WARC.gz on all cores, against the folder rate per
// core; and, as that figure's ceiling on the machine at hand, one
// one-core folder run per core all at once, against one alone: cores
// that slow each other down when all are busy (shared caches, memory
// bandwidth, a virtual machine's neighbours) cap what any program
// gains from them. Rounds are interleaved and the medians of per-round ratios are
// reported, so that the machine's load, which changes by more than the
// gaps measured, tilts no system; a small set, whose runs take a tenth of
// a second, gets more rounds (-min-seconds), as one busy moment of the
// machine weighs more on a short run. The time against the tokenizer floor is
// also given in CPU time (user and system) of the two processes, which
// other work on a shared machine moves less than wall time.
//
//	cd bench && go run ./process -sets extract-fundus-dev -rounds 5 -min-seconds 2
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/warc"
)

func main() {
	sets := flag.String("sets", "extract-fundus-dev,extract-readability-testpages,extract-cleanportaleval,extract-cleaneval-dev,extract-dragnet-train,extract-trafilatura-eval-dev", "gold sets whose pages are timed")
	rounds := flag.Int("rounds", 5, "interleaved rounds per set, at least")
	minSeconds := flag.Float64("min-seconds", 2, "more rounds, up to 25, for a set until copydesk's folder runs add up to this many seconds: a run of a tenth of a second is mostly the machine's noise")
	data := flag.String("data", filepath.Join("..", "..", "shared", "data"), "directory holding the gold sets")
	flag.Parse()
	if err := run(strings.Split(*sets, ","), *rounds, *minSeconds, *data); err != nil {
		fmt.Fprintln(os.Stderr, "process:", err)
		os.Exit(1)
	}
}

// tool is one whole process to time.
type tool struct {
	name string
	args func(dir, warcPath, out string) []string
	env  []string
	// copies, when over one, is how many of the process run at once,
	// each with an output of its own; the time is until the last ends.
	copies int
}

// maxRounds bounds the rounds -min-seconds adds.
const maxRounds = 25

func run(sets []string, minRounds int, minSeconds float64, data string) error {
	tmp, err := os.MkdirTemp("", "copydesk-process-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	copydesk, peer, tokenize := filepath.Join(tmp, "copydesk"), filepath.Join(tmp, "peer"), filepath.Join(tmp, "tokenize")
	// copydesk is built in its own module, the peer in this one.
	for _, b := range []struct{ dir, out, pkg string }{{"..", copydesk, "./cmd/copydesk"}, {".", peer, "./process/peer"}, {".", tokenize, "./process/tokenize"}} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Dir = b.dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v: %s", b.pkg, err, out)
		}
	}
	one := []string{"GOMAXPROCS=1"}
	folder := func(dir, _, out string) []string {
		return []string{copydesk, "run", "--quiet", "--overwrite", "--workers", "1", "-o", out, dir}
	}
	tools := []tool{
		{"copydesk (folder)", folder, one, 0},
		{"copydesk (WARC.gz)", func(_, w, out string) []string {
			return []string{copydesk, "run", "--quiet", "--overwrite", "--workers", "1", "-o", out, w}
		}, one, 0},
		{"go-trafilatura", func(dir, _, out string) []string {
			return []string{peer, "-system", "go-trafilatura", "-o", out + ".jsonl", dir}
		}, one, 0},
		{"go-readability", func(dir, _, out string) []string {
			return []string{peer, "-system", "go-readability", "-o", out + ".jsonl", dir}
		}, one, 0},
		{"tokenizer only", func(dir, _, out string) []string {
			return []string{tokenize, out + ".txt", dir}
		}, one, 0},
		{"copydesk (WARC.gz, all cores)", func(_, w, out string) []string {
			return []string{copydesk, "run", "--quiet", "--overwrite", "-o", out, w}
		}, nil, 0},
		{"copydesk (folder), one per core at once", folder, one, runtime.NumCPU()},
	}
	fmt.Printf("Command: `cd bench && go run ./process -sets %s -rounds %d -min-seconds %g` (%s, %d cores; medians of interleaved rounds, at least %d and more for small sets until copydesk's folder runs add up to %g s)\n\n",
		strings.Join(sets, ","), minRounds, minSeconds, runtime.Version(), runtime.NumCPU(), minRounds, minSeconds)
	fmt.Println("| set | pages | MB | rounds | copydesk pages/s (1 core) | × go-trafilatura | × go-readability | copydesk time / tokenizer floor | the same in CPU time | WARC.gz vs folder (1 core) | WARC.gz all cores per core vs folder | ceiling: one folder run per core at once, vs one alone |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, name := range sets {
		dir := filepath.Join(tmp, name)
		n, size, err := writePages(filepath.Join(data, name), dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "process: %s: %v (skipped)\n", name, err)
			continue
		}
		warcPath := filepath.Join(tmp, name+".warc.gz")
		if err := packWARC(dir, warcPath); err != nil {
			return err
		}
		times, cpu := map[string][]float64{}, map[string][]float64{}
		rounds := minRounds
		for r := 0; r < rounds; r++ {
			for _, t := range tools {
				out := filepath.Join(tmp, "out-"+strings.NewReplacer(" ", "", "(", "", ")", "", ",", "", ".", "").Replace(t.name))
				wall, used, err := runCopies(t, dir, warcPath, out)
				if err != nil {
					return err
				}
				times[t.name] = append(times[t.name], wall)
				cpu[t.name] = append(cpu[t.name], used)
			}
			if r == 0 {
				if t := times["copydesk (folder)"][0]; t > 0 {
					rounds = min(max(rounds, int(minSeconds/t)+1), max(maxRounds, minRounds))
				}
			}
			fmt.Fprintf(os.Stderr, "%s: round %d of %d\n", name, r+1, rounds)
		}
		ratioOf := func(times map[string][]float64, a, b string) float64 {
			var rs []float64
			for i := range times[a] {
				rs = append(rs, times[a][i]/times[b][i])
			}
			return median(rs)
		}
		ratio := func(a, b string) float64 { return ratioOf(times, a, b) }
		cores := float64(runtime.NumCPU())
		fmt.Printf("| %s | %d | %.1f | %d | %.0f | %.2f× | %.2f× | %.2f | %.2f | %.0f%% | %.0f%% | %.0f%% |\n", name, n, float64(size)/1e6, rounds,
			float64(n)/median(times["copydesk (folder)"]),
			ratio("go-trafilatura", "copydesk (folder)"), ratio("go-readability", "copydesk (folder)"),
			ratio("copydesk (folder)", "tokenizer only"), ratioOf(cpu, "copydesk (folder)", "tokenizer only"),
			100*ratio("copydesk (folder)", "copydesk (WARC.gz)"),
			100*ratio("copydesk (folder)", "copydesk (WARC.gz, all cores)")/cores,
			100*ratio("copydesk (folder)", "copydesk (folder), one per core at once"))
	}
	return nil
}

// runCopies runs t's process (t.copies of it at once, each writing to
// an output of its own, when over one) and returns the wall time until
// the last ended and the CPU time (user and system) of them all.
func runCopies(t tool, dir, warcPath, out string) (wall, used float64, err error) {
	cmds := make([]*exec.Cmd, max(t.copies, 1))
	stderr := make([]bytes.Buffer, len(cmds))
	for i := range cmds {
		o := out
		if i > 0 {
			o = fmt.Sprintf("%s-%d", out, i)
		}
		args := t.args(dir, warcPath, o)
		cmds[i] = exec.Command(args[0], args[1:]...)
		cmds[i].Env = append(os.Environ(), t.env...)
		cmds[i].Stderr = &stderr[i]
	}
	start := time.Now()
	for i, cmd := range cmds {
		if err := cmd.Start(); err != nil {
			for _, c := range cmds[:i] {
				c.Wait()
			}
			return 0, 0, fmt.Errorf("%s: %v", t.name, err)
		}
	}
	for i, cmd := range cmds {
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = fmt.Errorf("%s: %v: %s", t.name, werr, stderr[i].String())
		}
		used += (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	return time.Since(start).Seconds(), used, err
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// writePages writes the pages of the gold set in setDir to dir as
// NNNNN.html files, as served, and returns their number and size.
func writePages(setDir, dir string) (int, int64, error) {
	set, err := goldset.Open(setDir)
	if err != nil {
		return 0, 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	n, size := 0, int64(0)
	for c, err := range set.Cases() {
		if err != nil {
			return 0, 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.html", n)), c.HTML, 0o644); err != nil {
			return 0, 0, err
		}
		n++
		size += int64(len(c.HTML))
	}
	return n, size, nil
}

// packWARC writes the pages of dir as a WARC.gz, one gzip member per
// response record, as Common Crawl writes them.
func packWARC(dir, path string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := warc.NewWriter(f, true)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := w.Write(warc.ResponseHeader("https://pages.example/"+filepath.Base(p), at), warc.HTTPBlock("text/html", b)); err != nil {
			return err
		}
	}
	return w.Close()
}
