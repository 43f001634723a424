// Command pipeline measures copydesk end to end on a web archive: it packs
// every page of the development HTML sets into a WARC (one gzip member
// per record, the pages' own URLs), and a ten times larger one, then runs
// the copydesk binary on them with one and two workers, writing JSONL and
// Parquet, and reports records per second and peak resident memory of
// each run beside the single-core rate of the article extractor alone on
// the same pages, measured in the same process. The configurations take
// turns, round after round, and the extraction rate is measured again at
// the start of each round; the ratios reported (to the extraction rate,
// to one worker on one core) are the medians of each round's ratios, so
// that a change in a shared machine's load between rounds cancels out.
//
//	cd bench && go run ./pipeline
//
// The archives and outputs go to a temporary directory that is removed at
// the end. The evaluation data is read in place.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/bench/internal/proc"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/warc"
)

var sets = []string{
	"extract-readability-testpages",
	"extract-cleaneval-dev",
	"extract-cleanportaleval",
	"extract-dragnet-train",
	"extract-trafilatura-eval-dev",
}

type page struct {
	url  string
	html []byte
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pipeline:", err)
		os.Exit(1)
	}
}

func run() error {
	data := flag.String("data", "../../shared/data", "directory holding the gold sets")
	repeat := flag.Int("repeat", 3, "runs of each configuration; the median is reported (0: only the back-to-back runs of -pairs)")
	scale := flag.Int("scale", 10, "how many times larger the second archive is (0: no second archive)")
	pairs := flag.Int("pairs", 0, "then time, this many times for each output, the extractor alone, one worker and two workers back to back")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "copydesk-pipeline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var pages []page
	for _, s := range sets {
		set, err := goldset.Open(filepath.Join(*data, s))
		if err != nil {
			return err
		}
		for c, err := range set.Cases() {
			if err != nil {
				return err
			}
			pages = append(pages, page{c.URL, c.HTML})
		}
	}
	fmt.Fprintf(os.Stderr, "%d pages from %d sets\n", len(pages), len(sets))

	small, large := filepath.Join(tmp, "dev.warc.gz"), filepath.Join(tmp, fmt.Sprintf("dev-x%d.warc.gz", *scale))
	smallBytes, err := pack(small, pages, 1)
	if err != nil {
		return err
	}
	var largeBytes int64
	if *scale > 0 {
		if largeBytes, err = pack(large, pages, *scale); err != nil {
			return err
		}
	}

	// copydesk is built in its own module, with its own dependencies.
	root, err := proc.ModuleDir()
	if err != nil {
		return err
	}
	exe := filepath.Join(tmp, "copydesk")
	build := exec.Command("go", "build", "-o", exe, "./cmd/copydesk")
	build.Dir = root
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building copydesk: %w", err)
	}

	gc := extractionGC(pages, max(*repeat, 3))
	if *repeat == 0 {
		return scalingPairs(exe, small, tmp, pages, gc, *pairs)
	}
	extractRate, extractCPURate := extractionRate(pages, *repeat, gc)
	fmt.Fprintf(os.Stderr, "article.Extract alone, one core, GOGC=%d: %.0f pages/s, %.0f pages per CPU second\n", gc, extractRate, extractCPURate)

	type cfg struct {
		input   string
		records int
		bytes   int64
		workers int
		procs   int // GOMAXPROCS
		format  string
		repeat  int
	}
	var cfgs []cfg
	for _, format := range []string{"jsonl", "parquet"} {
		cfgs = append(cfgs,
			cfg{small, len(pages), smallBytes, 1, 1, format, *repeat},
			cfg{small, len(pages), smallBytes, 1, 2, format, *repeat},
			cfg{small, len(pages), smallBytes, 2, 2, format, *repeat})
	}
	for _, format := range []string{"jsonl", "parquet"} {
		if *scale == 0 {
			break
		}
		cfgs = append(cfgs,
			cfg{large, len(pages) * *scale, largeBytes, 1, 1, format, 1},
			cfg{large, len(pages) * *scale, largeBytes, 2, 2, format, 1})
	}

	// What two cores give here: two one-worker runs at once, against one
	// alone. On a shared machine it is often well under 2.
	capacity := machineScaling(exe, small, tmp, *repeat)

	fmt.Printf("    cd bench && go run ./pipeline\n\n")
	fmt.Printf("%s, %s/%s, %d CPUs; %d pages packed from the five dev extraction sets; median of %d runs taken in turns (one each for the larger archive).\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), len(pages), *repeat)
	fmt.Printf("Single-core extraction rate (article.Extract on pages in memory, GOGC=%d): **%.0f pages/s**, %.0f pages per CPU second. "+
		"Two one-worker runs at once do %.2f× the work of one alone: what the second core gives on this machine now.\n\n",
		gc, extractRate, extractCPURate, capacity)
	fmt.Println("| input | records | workers | cores | output | records/s | vs extraction, one core (median of the rounds' ratios) | records per CPU second, vs extraction's | vs one worker, one core (median of the rounds' ratios) | MB/s read | peak RSS |")
	fmt.Println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
	// The configurations take turns, round after round, so that a change
	// in the machine's load falls on all of them alike.
	rates := make([][]float64, len(cfgs))
	cpuRates := make([][]float64, len(cfgs)) // records per CPU second
	peaks := make([]int64, len(cfgs))
	rounds := *repeat
	var extractRates, extractCPURates []float64 // the extraction rate, measured again each round
	for round := range rounds {
		wall, cpu := extractionRate(pages, 1, gc)
		extractRates, extractCPURates = append(extractRates, wall), append(extractCPURates, cpu)
		for i, c := range cfgs {
			if round >= c.repeat {
				continue
			}
			out := filepath.Join(tmp, fmt.Sprintf("out-%d-%d", i, round))
			r, err := runCopydesk(exe, c.input, out, c.workers, c.procs, c.format)
			if err != nil {
				return err
			}
			if r.manifest.Records != int64(c.records) {
				return fmt.Errorf("%s: manifest counts %d records, want %d", c.input, r.manifest.Records, c.records)
			}
			rates[i] = append(rates[i], float64(c.records)/r.wall)
			cpuRates[i] = append(cpuRates[i], float64(c.records)/r.cpu)
			peaks[i] = max(peaks[i], r.peak)
			os.RemoveAll(out)
		}
	}
	// The ratio to one worker on one core is taken round by round, each
	// run against the one-worker run of the same round (minutes apart at
	// most), and its median reported: on a shared machine whose load
	// changes from minute to minute that is steadier than a ratio of
	// medians.
	oneWorker := map[string]int{}
	for i, c := range cfgs {
		if c.workers == 1 && c.procs == 1 {
			oneWorker[c.format+filepath.Base(c.input)] = i
		}
	}
	for i, c := range cfgs {
		vsOne := ""
		if base, ok := oneWorker[c.format+filepath.Base(c.input)]; ok {
			var ratios []float64
			for round := range min(len(rates[i]), len(rates[base])) {
				ratios = append(ratios, rates[i][round]/rates[base][round])
			}
			slices.Sort(ratios)
			vsOne = fmt.Sprintf("%.2f×", ratios[len(ratios)/2])
		}
		sorted := slices.Sorted(slices.Values(rates[i]))
		rate := sorted[len(sorted)/2]
		var vsExtract, cpuVsExtract []float64
		for round, r := range rates[i] {
			vsExtract = append(vsExtract, r/extractRates[round])
			cpuVsExtract = append(cpuVsExtract, cpuRates[i][round]/extractCPURates[round])
		}
		slices.Sort(vsExtract)
		slices.Sort(cpuVsExtract)
		mbps := float64(c.bytes) / (float64(c.records) / rate) / 1e6
		fmt.Printf("| %s | %d | %d | %d | %s | %.0f | %.0f%% | %.0f%% | %s | %.1f | %.0f MiB |\n", filepath.Base(c.input), c.records,
			c.workers, c.procs, c.format, rate, 100*vsExtract[len(vsExtract)/2], 100*cpuVsExtract[len(cpuVsExtract)/2], vsOne, mbps, float64(peaks[i])/(1<<20))
	}
	if *pairs > 0 {
		return scalingPairs(exe, small, tmp, pages, gc, *pairs)
	}
	return nil
}

// scalingPairs times, n times over for each output format, a pass of
// the extractor alone, then one worker on one core, two workers on two
// cores, and two one-worker runs at once, back to back on the smaller
// archive. It prints the median and range of each pass's ratios: one
// worker against the extraction pass just before it, two workers (and
// the two runs at once) against the one worker just before. Seconds
// apart, they share the machine's load of the moment, which on a shared
// machine changes from minute to minute by more than the differences
// measured. The two runs at once are what the machine's second core
// gives at that moment; the two workers' ratio over theirs is what the
// runner makes of it. And as the load only ever slows a run, the fastest
// pass of each kind is near what the machine does unloaded: their
// ratios are printed too.
func scalingPairs(exe, input, tmp string, pages []page, gc, n int) error {
	fmt.Printf("\nBack to back, %d times for each output (`-pairs %d`): the extractor alone, one worker on one core, two workers on two cores, two one-worker runs at once.\n\n", n, n)
	type row struct {
		vsExtract, shares, scaling, machine, ofMachine []float64
		bestExtract, bestOne, bestTwo                  float64
	}
	rows := map[string]*row{}
	formats := []string{"jsonl", "parquet"}
	for _, format := range formats {
		r := &row{bestOne: math.Inf(1), bestTwo: math.Inf(1)}
		rows[format] = r
		for i := range n {
			out := func(kind string) string { return filepath.Join(tmp, fmt.Sprintf("pair-%s-%d-%s", format, i, kind)) }
			extract, _ := extractionRate(pages, 1, gc)
			one, err := runCopydesk(exe, input, out("1"), 1, 1, format)
			if err != nil {
				return err
			}
			two, err := runCopydesk(exe, input, out("2"), 2, 2, format)
			if err != nil {
				return err
			}
			both, err := twoAtOnce(exe, input, out("both"), format)
			if err != nil {
				return err
			}
			share, err := extractShare(exe, input, out("p"), format)
			if err != nil {
				return err
			}
			r.vsExtract = append(r.vsExtract, float64(len(pages))/one.wall/extract)
			r.shares = append(r.shares, share)
			r.scaling = append(r.scaling, one.wall/two.wall)
			r.machine = append(r.machine, 2*one.wall/both)
			r.ofMachine = append(r.ofMachine, (one.wall/two.wall)/(2*one.wall/both))
			r.bestExtract = max(r.bestExtract, extract)
			r.bestOne, r.bestTwo = min(r.bestOne, one.wall), min(r.bestTwo, two.wall)
		}
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	fmt.Println("| output | one worker vs extraction: median | lowest | highest | fastest vs fastest | share of one worker's time in article.Extract: median | lowest | highest |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, format := range formats {
		r := rows[format]
		m := median(r.vsExtract)
		ms := median(r.shares)
		fmt.Printf("| %s | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% |\n", format,
			100*m, 100*r.vsExtract[0], 100*r.vsExtract[n-1], 100*float64(len(pages))/r.bestOne/r.bestExtract,
			100*ms, 100*r.shares[0], 100*r.shares[n-1])
	}
	fmt.Println()
	fmt.Println("| output | two workers vs one: median | lowest | highest | fastest vs fastest | two one-worker runs at once vs one: median | two workers over that: median | lowest | highest |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, format := range formats {
		r := rows[format]
		m, mm, mo := median(r.scaling), median(r.machine), median(r.ofMachine)
		fmt.Printf("| %s | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× | %.0f%% | %.0f%% | %.0f%% |\n", format,
			m, r.scaling[0], r.scaling[n-1], r.bestOne/r.bestTwo, mm, 100*mo, 100*r.ofMachine[0], 100*r.ofMachine[n-1])
	}
	return nil
}

// twoAtOnce runs two one-worker, one-core runs at once and returns the
// wall time of the slower.
func twoAtOnce(exe, input, out, format string) (float64, error) {
	type result struct {
		wall float64
		err  error
	}
	done := make(chan result, 2)
	for k := range 2 {
		go func() {
			r, err := runCopydesk(exe, input, fmt.Sprintf("%s-%d", out, k), 1, 1, format)
			done <- result{r.wall, err}
		}()
	}
	a, b := <-done, <-done
	if a.err != nil {
		return 0, a.err
	}
	return max(a.wall, b.wall), b.err
}

// extractShare runs one worker on one core with a CPU profile and
// returns the share of its samples spent in article.Extract: the one
// worker's rate against that of its own extraction, measured in one run,
// which a change in the machine's load cannot tilt as it can a ratio of
// two runs.
func extractShare(exe, input, out, format string) (float64, error) {
	prof := out + ".prof"
	cmd := exec.Command(exe, "run", "--quiet", "--workers", "1", "--format", format, "--cpuprofile", prof, "-o", out, input)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("copydesk run: %w", err)
	}
	top, err := exec.Command("go", "tool", "pprof", "-top", "-cum", "-unit", "ms", exe, prof).Output()
	if err != nil {
		return 0, fmt.Errorf("go tool pprof: %w", err)
	}
	return profileShare(string(top), "github.com/copydesk/copydesk/article.Extract")
}

// profileShare reads, from the text of "go tool pprof -top -cum -unit
// ms", the share of all samples under fn.
func profileShare(top, fn string) (float64, error) {
	var total, cum float64
	for line := range strings.Lines(top) {
		if _, rest, ok := strings.Cut(line, "Total samples = "); ok {
			fmt.Sscanf(rest, "%fms", &total)
		}
		if f := strings.Fields(line); len(f) == 6 && f[5] == fn {
			fmt.Sscanf(f[3], "%fms", &cum)
		}
	}
	if total == 0 || cum == 0 {
		return 0, fmt.Errorf("no samples of %s in the profile", fn)
	}
	return cum / total, nil
}

// machineScaling returns the work two one-worker, one-core runs do at
// once over what one does alone.
func machineScaling(exe, input, tmp string, repeat int) float64 {
	var ratios []float64
	for i := range repeat {
		alone, err := runCopydesk(exe, input, filepath.Join(tmp, fmt.Sprintf("cap-a-%d", i)), 1, 1, "jsonl")
		if err != nil {
			return 0
		}
		both, err := twoAtOnce(exe, input, filepath.Join(tmp, fmt.Sprintf("cap-%d", i)), "jsonl")
		if err != nil {
			return 0
		}
		ratios = append(ratios, 2*alone.wall/both)
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

// pack writes the pages to a WARC, times copies each with its own URL,
// and returns its size.
func pack(path string, pages []page, times int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := warc.NewWriter(bw, true)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range times {
		for i, p := range pages {
			uri := p.url
			if uri == "" {
				uri = fmt.Sprintf("http://localhost/page/%d", i)
			}
			if k > 0 {
				uri += fmt.Sprintf("#copy%d", k)
			}
			if _, err := w.Write(warc.ResponseHeader(uri, at), warc.HTTPBlock("text/html", p.html)); err != nil {
				f.Close()
				return 0, err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// extractionGC returns the collector setting, Go's default or 400 (the
// highest target the copydesk command sets), at which article.Extract is
// the faster here, by the median of repeat passes at each; with all the
// pages held in memory, the higher setting can be the slower. It is
// chosen once: taking the faster of two settings pass by pass would
// take the luckier of two timings, and lift the reference by the noise.
func extractionGC(pages []page, repeat int) int {
	best, bestRate := 100, 0.0
	for _, gc := range []int{100, 400} {
		if rate, _ := extractionRate(pages, repeat, gc); rate > bestRate {
			best, bestRate = gc, rate
		}
	}
	return best
}

// extractionRate times article.Extract over the pages on one core, with
// the collector at gc: the median of repeat passes, in pages per second
// of wall time and of the process's CPU time.
func extractionRate(pages []page, repeat, gc int) (wall, cpu float64) {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	old := debug.SetGCPercent(gc)
	defer debug.SetGCPercent(old)
	var rates, cpuRates []float64
	for range repeat {
		runtime.GC()
		start, startCPU := time.Now(), proc.CPUTime()
		for _, p := range pages {
			article.Extract(p.html, p.url, article.Options{})
		}
		rates = append(rates, float64(len(pages))/time.Since(start).Seconds())
		cpuRates = append(cpuRates, float64(len(pages))/(proc.CPUTime()-startCPU).Seconds())
	}
	slices.Sort(rates)
	slices.Sort(cpuRates)
	return rates[len(rates)/2], cpuRates[len(cpuRates)/2]
}

// An outcome is what one copydesk run took and wrote.
type outcome struct {
	wall, cpu float64 // seconds; cpu is user and system time
	peak      int64   // peak resident memory, bytes
	manifest  *pipeline.Manifest
}

// runCopydesk runs copydesk on input with workers and GOMAXPROCS procs,
// and returns the wall and CPU time, the peak resident memory and the
// run's manifest. The peak is the process's VmHWM, read from /proc while
// it runs (rusage's maxrss would include the parent's memory, which the
// child inherits at exec on Linux); 0 where /proc is missing.
func runCopydesk(exe, input, out string, workers, procs int, format string) (outcome, error) {
	cmd := exec.Command(exe, "run", "--quiet", "--workers", fmt.Sprint(workers), "--format", format, "-o", out, input)
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", procs))
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return outcome{}, err
	}
	var peak atomic.Int64
	stop := make(chan struct{})
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		pid := fmt.Sprint(cmd.Process.Pid)
		for {
			if hwm := proc.PeakRSS(pid); hwm > peak.Load() {
				peak.Store(hwm)
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	secs := time.Since(start).Seconds()
	close(stop)
	<-polled
	if err != nil {
		return outcome{}, fmt.Errorf("copydesk run: %w", err)
	}
	cpu := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	return outcome{wall: secs, cpu: cpu, peak: peak.Load(), manifest: m}, err
}
