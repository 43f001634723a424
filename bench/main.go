// Command bench runs copydesk's HTML extraction side by side with the Go
// peers (go-trafilatura, go-readability) and the keep-all baseline on the
// development gold sets, optionally copydesk's date finder beside
// go-htmldate on the date gold set, and optionally the titles, authors and
// site names of copydesk and the peers on the sets with metadata gold. It
// prints Markdown tables of quality (the project's shingle or snippet
// metric, date or metadata accuracy) and speed (pages per second on one
// core, timing only the extraction calls on pages held in memory).
//
// It lives in its own module so that the product never depends on its
// rivals. See README.md for how to run it.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// setAliases maps short names accepted by -sets to set directory names.
var setAliases = map[string]string{
	"readability":     "extract-readability-testpages",
	"trafilatura":     "extract-trafilatura-eval-dev",
	"cleaneval":       "extract-cleaneval-dev",
	"cleanportaleval": "extract-cleanportaleval",
	"dragnet":         "extract-dragnet-train",
	"fundus":          "extract-fundus-dev",
}

// allSets is the set list of "-sets all", in table order.
var allSets = []string{
	"extract-readability-testpages",
	"extract-cleaneval-dev",
	"extract-cleanportaleval",
	"extract-dragnet-train",
	"extract-trafilatura-eval-dev",
	"extract-fundus-dev",
}

// config is the parsed command line.
type config struct {
	data     string
	sets     []string
	systems  map[string]bool
	dates    bool
	meta     bool
	repeat   int
	minTime  time.Duration
	timeout  time.Duration
	procs    int
	docsFile string
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "../../shared/data", "directory holding the gold sets")
	sets := fs.String("sets", "all", `comma-separated extraction sets (directory names or readability, trafilatura, cleaneval, cleanportaleval, dragnet, fundus), "all", or "none"`)
	systems := fs.String("systems", "all", "comma-separated systems: copydesk, go-trafilatura, go-readability, keep-all (extraction); copydesk, go-htmldate (dates); copydesk, go-trafilatura, go-readability (metadata); or all")
	dates := fs.Bool("dates", false, "also score publication dates on "+strings.Join(dateSets, ", "))
	meta := fs.Bool("meta", false, "also score titles, authors and site names on "+strings.Join(metaSets, ", "))
	repeat := fs.Int("repeat", 0, "timed passes over each set per system; 0 repeats until -mintime is reached (the scored pass counts as the first)")
	minTime := fs.Duration("mintime", 2*time.Second, "with -repeat 0, the least extraction time to accumulate per system and set")
	timeout := fs.Duration("timeout", time.Minute, "per-page time limit; a page over it counts as empty output and leaves the timing (0: none)")
	procs := fs.Int("procs", 1, "GOMAXPROCS for the run")
	docsFile := fs.String("docs", "", "write per-page scores (TSV) to this file")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run . [flags]\n\nRuns copydesk and its Go peers side by side on the gold sets under -data.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	cfg := config{
		data: *data, dates: *dates, meta: *meta, repeat: *repeat, minTime: *minTime,
		timeout: *timeout, procs: *procs, docsFile: *docsFile,
	}
	var err error
	if cfg.sets, err = parseSets(*sets); err != nil {
		return err
	}
	if cfg.systems, err = parseSystems(*systems); err != nil {
		return err
	}
	if len(cfg.sets) == 0 && !cfg.dates && !cfg.meta {
		return fmt.Errorf("nothing to do: no sets, no -dates and no -meta")
	}
	if cfg.repeat < 0 || cfg.procs < 1 {
		return fmt.Errorf("-repeat must be >= 0 and -procs >= 1")
	}
	runtime.GOMAXPROCS(cfg.procs)

	var docs io.Writer = io.Discard
	if cfg.docsFile != "" {
		f, err := os.Create(cfg.docsFile)
		if err != nil {
			return err
		}
		defer f.Close()
		docs = f
		fmt.Fprintln(docs, "set\tsystem\tpage\toutcome\tP\tR\tfound\twanted\tleaked\tunwanted\tdate\tgold")
	}

	start := time.Now()
	var rows []row
	var notes []string
	for _, name := range cfg.sets {
		r, n, err := benchSet(cfg, name, docs, stderr)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
		notes = append(notes, n...)
	}
	var drows []dateRow
	if cfg.dates {
		r, n, err := benchDates(cfg, docs, stderr)
		if err != nil {
			return err
		}
		drows = r
		notes = append(notes, n...)
	}
	// Metadata last: it is not timed, and running it after the timed
	// passes leaves their conditions as they were.
	var mrows []metaRow
	if cfg.meta {
		r, n, err := benchMeta(cfg, stderr)
		if err != nil {
			return err
		}
		mrows = r
		notes = append(notes, n...)
	}
	wall := time.Since(start)

	fmt.Fprintf(stdout, "    go run . %s\n\n", quoteArgs(args))
	fmt.Fprintf(stdout, "%s, %s/%s, GOMAXPROCS=%d, %d CPUs; wall time %s.\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(), wall.Round(time.Second))
	if v := peerVersions(); v != "" {
		fmt.Fprintf(stdout, "Peers: %s.\n", v)
	}
	if len(rows) > 0 {
		fmt.Fprintln(stdout)
		writeTable(stdout, rows)
	}
	if len(drows) > 0 {
		fmt.Fprintln(stdout)
		writeDateTable(stdout, drows)
	}
	if len(mrows) > 0 {
		fmt.Fprintln(stdout)
		writeMetaTable(stdout, mrows)
	}
	fmt.Fprintln(stdout)
	if len(notes) == 0 {
		fmt.Fprintln(stdout, "No page panicked, failed or timed out in any system.")
	} else {
		for _, n := range notes {
			fmt.Fprintln(stdout, "- "+n)
		}
	}
	return nil
}

func parseSets(s string) ([]string, error) {
	switch strings.TrimSpace(s) {
	case "all":
		return slices.Clone(allSets), nil
	case "", "none":
		return nil, nil
	}
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if full, ok := setAliases[name]; ok {
			name = full
		}
		if name == "" || strings.ContainsAny(name, `/\`) {
			return nil, fmt.Errorf("-sets: bad set name %q", name)
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

func parseSystems(s string) (map[string]bool, error) {
	known := map[string]bool{}
	for _, sys := range allSystems {
		known[sys.name] = true
	}
	for _, sys := range dateSystems {
		known[sys.name] = true
	}
	out := map[string]bool{}
	if strings.TrimSpace(s) == "all" {
		return known, nil
	}
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !known[name] {
			return nil, fmt.Errorf("-systems: unknown system %q", name)
		}
		out[name] = true
	}
	return out, nil
}

// quoteArgs renders the arguments as they would be typed in a shell.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// peerVersions lists the module versions of the peers compiled in.
func peerVersions() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	want := []string{
		"github.com/markusmobius/go-trafilatura",
		"github.com/go-shiori/go-readability",
		"github.com/markusmobius/go-htmldate",
	}
	var out []string
	for _, d := range bi.Deps {
		if slices.Contains(want, d.Path) {
			v := d.Version
			if d.Replace != nil {
				v += " => " + d.Replace.Path + " " + d.Replace.Version
			}
			out = append(out, d.Path+" "+v)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Compare(a, b)
	})
	return strings.Join(out, ", ")
}
