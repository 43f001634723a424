// Command beambench times the same run on the local runner and as the
// Beam pipeline on Prism, in process, each in a process of its own (so
// that each has its own peak RSS), with site boilerplate and dedup on:
// records per second and peak RSS, side by side.
//
//	cd beam && go run ./cmd/beambench -rounds 3 ../testdata/sample ../../shared/data/warc-samples-dev DEV.warc.gz
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	beamjob "github.com/copydesk/copydesk/beam"
	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/job"
)

// result is what one timed run reports.
type result struct {
	Runner  string
	Records int64
	Seconds float64
	PeakRSS int64 // bytes
}

func main() {
	mode := flag.String("mode", "", "local or prism: run once and print the result (used by the parent)")
	rounds := flag.Int("rounds", 3, "runs of each runner, alternating")
	flag.Parse()
	beam.Init()
	if *mode != "" {
		r, err := runOnce(*mode, flag.Args())
		if err != nil {
			fmt.Fprintln(os.Stderr, "beambench:", err)
			os.Exit(1)
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	exe, _ := os.Executable()
	best := map[string]result{}
	for range *rounds {
		for _, m := range []string{"local", "prism"} {
			out, err := exec.Command(exe, append([]string{"-mode", m}, flag.Args()...)...).Output()
			if err != nil {
				fmt.Fprintln(os.Stderr, "beambench:", m, err)
				os.Exit(1)
			}
			var r result
			if err := json.Unmarshal(out, &r); err != nil {
				fmt.Fprintln(os.Stderr, "beambench:", err)
				os.Exit(1)
			}
			if b, ok := best[m]; !ok || r.Seconds < b.Seconds {
				best[m] = r
			}
		}
	}
	fmt.Printf("Command: `cd beam && go run ./cmd/beambench -rounds %d %s` (%s, %d cores; the fastest of the rounds)\n\n", *rounds, strings.Join(flag.Args(), " "), runtime.Version(), runtime.NumCPU())
	fmt.Println("| runner | records | seconds | records/s | peak RSS |")
	fmt.Println("|---|---|---|---|---|")
	for _, m := range []string{"local", "prism"} {
		r := best[m]
		fmt.Printf("| %s | %d | %.1f | %.0f | %.0f MiB |\n", r.Runner, r.Records, r.Seconds, float64(r.Records)/r.Seconds, float64(r.PeakRSS)/(1<<20))
	}
}

func runOnce(mode string, inputs []string) (result, error) {
	out, err := os.MkdirTemp("", "beambench-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(out)
	site := boiler.SiteOptions{MinPages: 5}
	start := time.Now()
	var records int64
	switch mode {
	case "local":
		m, err := job.Run(context.Background(), job.Config{Out: out, Inputs: inputs, MinWords: 15, SiteBoilerplate: &site, Dedup: job.DedupMark})
		if err != nil {
			return result{}, err
		}
		records = m.Records
	case "prism":
		files, err := beamjob.Inputs(context.Background(), inputs)
		if err != nil {
			return result{}, err
		}
		p, s := beam.NewPipelineWithRoot()
		if err := beamjob.Build(s, files, beamjob.Options{Out: out, MinWords: 15, SiteBoilerplate: true, SiteMinPages: 5, Dedup: job.DedupMark}); err != nil {
			return result{}, err
		}
		if _, err := prism.Execute(context.Background(), p); err != nil {
			return result{}, err
		}
		data, err := os.ReadFile(out + "/manifest.json")
		if err != nil {
			return result{}, err
		}
		var m struct{ Records int64 }
		json.Unmarshal(data, &m)
		records = m.Records
	default:
		return result{}, fmt.Errorf("mode %q: want local or prism", mode)
	}
	return result{Runner: mode, Records: records, Seconds: time.Since(start).Seconds(), PeakRSS: peakRSS()}, nil
}

// peakRSS reads the process's peak resident set (VmHWM), 0 where
// /proc is not there.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
