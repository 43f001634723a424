// Command corpusstate measures how the corpus stages' states grow with
// the corpus: the bytes of their MarshalBinary (what a distributed
// runner carries between machines and holds as a side input) and the
// heap they take, after observing N generated articles of news sites,
// so that a user can size a Dataflow job's workers.
//
//	cd bench && go run ./corpusstate -n 1000,10000,100000
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/stage"
)

func main() {
	ns := flag.String("n", "1000,10000,100000", "corpus sizes, comma-separated")
	sites := flag.Int("sites", 500, "sites the articles are spread over")
	flag.Parse()
	fmt.Println("| articles | stage | state bytes | bytes per article | heap MiB |")
	fmt.Println("|---|---|---|---|---|")
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, cs := range []pipeline.CorpusStage{&stage.SiteBoilerplate{}, &stage.Dedup{}} {
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			st := cs.NewState()
			r := rand.New(rand.NewPCG(1, uint64(n)))
			for i := range n {
				cs.Observe(st, int64(i), article(r, i, *sites))
			}
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b, err := st.MarshalBinary()
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Printf("| %d | %s | %d | %.0f | %.1f |\n", n, cs.Name(), len(b), float64(len(b))/float64(n),
				float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20))
			runtime.KeepAlive(st)
		}
	}
}

// article returns a generated news article of about 400 words on one of
// sites, with the site's own recurring paragraphs.
func article(r *rand.Rand, i, sites int) *copydesk.Document {
	site := r.IntN(sites)
	var paras []string
	for range 6 + r.IntN(6) {
		w := make([]string, 30+r.IntN(30))
		for j := range w {
			w[j] = "w" + strconv.FormatUint(uint64(r.IntN(50000)), 36)
		}
		paras = append(paras, strings.Join(w, " ")+".")
	}
	paras = append(paras, fmt.Sprintf("Read more from the newsroom of site %d, every morning in your inbox and on the radio.", site))
	return &copydesk.Document{ID: strconv.Itoa(i), URL: fmt.Sprintf("https://site%d.example/news/%d", site, i),
		Date: fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)), Paragraphs: paras}
}
