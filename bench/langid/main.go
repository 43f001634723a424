// Command langid measures copydesk's language identification (package
// lang) beside two other Go detectors, lingua-go and whatlanggo:
//
//  1. Pages: every page of extract-fundus-dev, its article text as
//     copydesk's extractor gives it (article.Extract), the first
//     lang.MaxBytes of it for every system. Accuracy against the set's
//     language, which is the publisher's, and with the two pages whose
//     text is in another language relabelled (see relabelled). copydesk
//     is run with the page's stated language as the hint, as Clean
//     does, and without it.
//  2. Sentences: the cases of sbd-pragmatic-segmenter-multilingual, one
//     to a few sentences each.
//  3. Speed, on one core: pages and sentences per second of CPU time, and
//     MB/s over the page texts, repeated for at least -mintime.
//  4. Memory: the peak RSS of a process that runs one system, less that
//     of one that reads the same texts and runs none.
//  5. Start: the time of the first call, which loads the models.
//  6. Binary size: a small program per system (size/), less the one that
//     calls none.
//
// Each system runs in a process of its own.
//
//	cd bench && go run ./langid
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/abadojack/whatlanggo"
	"github.com/pemistahl/lingua-go"

	"github.com/copydesk/copydesk/article"
	"github.com/copydesk/copydesk/bench/internal/proc"
	"github.com/copydesk/copydesk/goldset"
	"github.com/copydesk/copydesk/lang"
)

// relabelled are the fundus pages whose gold language, the publisher's
// (fundus records languages per source), is not the language of the
// page's text.
var relabelled = map[string]string{
	"gl_Sermitsiaq_2025_04_16": "da", // a Danish article on a Greenlandic site ("kl")
	"my_MalayMail_2024_11_22":  "en", // Malay Mail writes in English ("ms")
}

// systems are the detectors, by name; each returns an ISO 639-1 code or "".
var systems = map[string]func() func(text, hint string) string{
	"none": func() func(string, string) string {
		return func(string, string) string { return "" }
	},
	"copydesk": func() func(string, string) string {
		return func(text, hint string) string { c, _ := lang.Detect(text, hint); return c }
	},
	"whatlanggo": func() func(string, string) string {
		return func(text, _ string) string {
			return whatlanggo.LangToStringShort(whatlanggo.Detect(text).Lang)
		}
	},
	"lingua-low": func() func(string, string) string {
		return linguaDetector(lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode())
	},
	"lingua-high": func() func(string, string) string {
		return linguaDetector(lingua.NewLanguageDetectorBuilder().FromAllLanguages())
	},
}

func linguaDetector(b lingua.LanguageDetectorBuilder) func(string, string) string {
	d := b.Build()
	return func(text, _ string) string {
		l, ok := d.DetectLanguageOf(text)
		if !ok {
			return ""
		}
		return strings.ToLower(l.IsoCode639_1().String())
	}
}

// page is one fundus page's article text, gold and stated language.
type page struct {
	ID, Gold, Relabelled, Hint, Text string
}

type sentence struct {
	ID, Language, Input string
}

// result is what a child process reports for one system.
type result struct {
	System                string
	Start                 time.Duration
	Pages, PagesHint      [2]int // correct as labelled, relabelled
	NPages                int
	Sentences, NSentences int
	PagesPerSec, MBPerSec float64
	SentencesPerSec       float64
	PeakRSS               int64
	Misses                []string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "langid:", err)
		os.Exit(1)
	}
}

func run() error {
	data := flag.String("data", "../../shared/data", "directory holding the gold sets")
	which := flag.String("systems", "copydesk,lingua-low,whatlanggo", "comma list of systems: copydesk, lingua-low, lingua-high (all models in memory: 2 GB), whatlanggo")
	minTime := flag.Duration("mintime", 2*time.Second, "least timed time per system and set")
	child := flag.String("child", "", "run one system on the texts in -texts and print its result (used by the command itself)")
	texts := flag.String("texts", "", "the texts file of -child")
	verbose := flag.Bool("v", false, "list each system's misses")
	flag.Parse()
	if *child != "" {
		return runChild(*child, *texts, *minTime)
	}
	tmp, err := os.MkdirTemp("", "copydesk-langid-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	textsFile := filepath.Join(tmp, "texts.json")
	if err := writeTexts(*data, textsFile); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	names := append([]string{"none"}, strings.Split(*which, ",")...)
	var results []result
	for _, name := range names {
		if systems[name] == nil {
			return fmt.Errorf("unknown system %q", name)
		}
		fmt.Fprintln(os.Stderr, "langid:", name)
		cmd := exec.Command(self, "-child", name, "-texts", textsFile, "-mintime", minTime.String())
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		results = append(results, r)
	}
	sizes, err := binarySizes(tmp, names)
	if err != nil {
		return err
	}
	report(results, sizes, *verbose)
	return nil
}

// writeTexts extracts the fundus pages' article texts and writes them,
// with the sentence cases, to path, for the child processes.
func writeTexts(data, path string) error {
	dir := filepath.Join(data, "extract-fundus-dev")
	b, err := os.ReadFile(filepath.Join(dir, "gold.json"))
	if err != nil {
		return err
	}
	var gold map[string]struct{ URL, Language string }
	if err := json.Unmarshal(b, &gold); err != nil {
		return err
	}
	var all struct {
		Pages     []page
		Sentences []sentence
	}
	for id, g := range gold {
		html, err := goldset.ReadFile(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return err
		}
		a, err := article.Extract(html, g.URL, article.Options{})
		if err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		p := page{ID: id, Gold: g.Language, Relabelled: g.Language, Hint: a.Meta.Lang, Text: a.Text()}
		if l, ok := relabelled[id]; ok {
			p.Relabelled = l
		}
		if len(p.Text) > lang.MaxBytes {
			p.Text = strings.ToValidUTF8(p.Text[:lang.MaxBytes], "")
		}
		all.Pages = append(all.Pages, p)
	}
	slices.SortFunc(all.Pages, func(a, b page) int { return strings.Compare(a.ID, b.ID) })
	b, err = os.ReadFile(filepath.Join(data, "sbd-pragmatic-segmenter-multilingual", "pragmatic_segmenter_multilingual_cases.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &all.Sentences); err != nil {
		return err
	}
	out, err := json.Marshal(all)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}

// norm maps Norwegian Bokmål to "no", the set's code for it.
func norm(code string) string {
	if code == "nb" {
		return "no"
	}
	return code
}

func runChild(name, textsFile string, minTime time.Duration) error {
	runtime.GOMAXPROCS(1)
	b, err := os.ReadFile(textsFile)
	if err != nil {
		return err
	}
	var all struct {
		Pages     []page
		Sentences []sentence
	}
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	b = nil
	r := result{System: name, NPages: len(all.Pages), NSentences: len(all.Sentences)}
	start := time.Now()
	detect := systems[name]()
	detect("Warm-up text.", "")
	r.Start = time.Since(start)
	for _, p := range all.Pages {
		got := norm(detect(p.Text, ""))
		r.Pages[0] += b2i(got == p.Gold)
		r.Pages[1] += b2i(got == p.Relabelled)
		if got != p.Relabelled {
			r.Misses = append(r.Misses, fmt.Sprintf("%s: %q, want %q", p.ID, got, p.Relabelled))
		}
		got = norm(detect(p.Text, p.Hint))
		r.PagesHint[0] += b2i(got == p.Gold)
		r.PagesHint[1] += b2i(got == p.Relabelled)
	}
	for _, s := range all.Sentences {
		got := norm(detect(s.Input, ""))
		r.Sentences += b2i(got == s.Language)
		if got != s.Language {
			r.Misses = append(r.Misses, fmt.Sprintf("%s: %q, want %q: %.40q", s.ID, got, s.Language, s.Input))
		}
	}
	size := 0
	for _, p := range all.Pages {
		size += len(p.Text)
	}
	n, el := timed(minTime, func() int {
		for _, p := range all.Pages {
			detect(p.Text, p.Hint)
		}
		return len(all.Pages)
	})
	r.PagesPerSec = float64(n) / el.Seconds()
	r.MBPerSec = float64(n) / float64(len(all.Pages)) * float64(size) / 1e6 / el.Seconds()
	n, el = timed(minTime, func() int {
		for _, s := range all.Sentences {
			detect(s.Input, "")
		}
		return len(all.Sentences)
	})
	r.SentencesPerSec = float64(n) / el.Seconds()
	r.PeakRSS = proc.PeakRSS("self")
	return json.NewEncoder(os.Stdout).Encode(r)
}

// timed runs pass until minTime has gone by and returns the items done
// and the CPU time taken: on a machine shared with other work, the CPU
// time is what other processes change least.
func timed(minTime time.Duration, pass func() int) (int, time.Duration) {
	n := 0
	start, cpu := time.Now(), proc.CPUTime()
	for time.Since(start) < minTime {
		n += pass()
	}
	return n, proc.CPUTime() - cpu
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// binarySizes builds the programs of size/ and returns their sizes in
// bytes, by system.
func binarySizes(tmp string, names []string) (map[string]int64, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(filepath.Dir(strings.TrimSpace(string(out))), "langid", "size")
	sizes := map[string]int64{}
	for _, name := range names {
		src := strings.TrimSuffix(strings.TrimSuffix(name, "-low"), "-high")
		if _, ok := sizes[src]; ok {
			sizes[name] = sizes[src]
			continue
		}
		bin := filepath.Join(tmp, src)
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = filepath.Join(dir, src)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("building size/%s: %w", src, err)
		}
		fi, err := os.Stat(bin)
		if err != nil {
			return nil, err
		}
		sizes[name], sizes[src] = fi.Size(), fi.Size()
	}
	return sizes, nil
}

func report(results []result, sizes map[string]int64, verbose bool) {
	var base result
	fmt.Printf("    cd bench && go run ./langid\n\n%s, %s/%s, %d CPUs; speed on one core, per second of CPU time.\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	var buf bytes.Buffer
	buf.WriteString("| system | pages, as labelled | pages, relabelled | with the page's language as hint (as labelled, relabelled) | sentences | pages/s | MB/s | sentences/s | first call | peak RSS over none | binary over none |\n")
	buf.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		if r.System == "none" {
			base = r
			continue
		}
		hint := "(no hint)"
		if r.System == "copydesk" {
			hint = fmt.Sprintf("%.3f, %.3f", ratio(r.PagesHint[0], r.NPages), ratio(r.PagesHint[1], r.NPages))
		}
		fmt.Fprintf(&buf, "| %s | %.3f (%d/%d) | %.3f | %s | %.3f (%d/%d) | %.0f | %.2f | %.0f | %s | %.1f MiB | %.1f MiB |\n",
			r.System, ratio(r.Pages[0], r.NPages), r.Pages[0], r.NPages, ratio(r.Pages[1], r.NPages), hint,
			ratio(r.Sentences, r.NSentences), r.Sentences, r.NSentences,
			r.PagesPerSec, r.MBPerSec, r.SentencesPerSec, r.Start.Round(time.Millisecond),
			float64(r.PeakRSS-base.PeakRSS)/(1<<20), float64(sizes[r.System]-sizes["none"])/(1<<20))
	}
	os.Stdout.Write(buf.Bytes())
	fmt.Printf("\nThe baseline process (reading the texts, no detector) peaked at %.1f MiB; its binary is %.1f MiB.\n",
		float64(base.PeakRSS)/(1<<20), float64(sizes["none"])/(1<<20))
	if verbose {
		for _, r := range results {
			if len(r.Misses) > 0 {
				fmt.Printf("\n%s misses:\n\n", r.System)
				for _, m := range r.Misses {
					fmt.Println("    " + m)
				}
			}
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
