// Command modelgen writes the language model of package lang from the
// n-gram models of github.com/pemistahl/lingua-go (Apache-2.0): for each
// language, its letter unigrams and bigrams and its most frequent
// trigrams, each with its conditional probability as a quantized cost.
// Run it with go generate in package lang.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go/serialization"
	"google.golang.org/protobuf/proto"
)

// linguaModule is the module whose models are read; go.mod pins its
// version.
const linguaModule = "github.com/pemistahl/lingua-go"

// costScale is the number of cost units per nat: a cost is
// round(-ln(p) * costScale), capped at 255.
const costScale = 8

func main() {
	out := flag.String("o", "model.bin.gz", "output file")
	trigrams := flag.Int("trigrams", 4000, "trigrams kept per language, the most frequent")
	flag.Parse()
	dir, err := moduleDir(linguaModule)
	if err != nil {
		log.Fatal(err)
	}
	root := filepath.Join(dir, "language-models")
	ents, err := os.ReadDir(root)
	if err != nil {
		log.Fatal(err)
	}
	type lang struct {
		code, script string
		uni, bi, tri map[string]float64
	}
	var langs []lang
	for _, e := range ents {
		l := lang{code: e.Name()}
		if l.uni, err = load(filepath.Join(root, l.code, "unigrams.pb.bin.zip")); err != nil {
			log.Fatal(err)
		}
		if l.bi, err = load(filepath.Join(root, l.code, "bigrams.pb.bin.zip")); err != nil && !os.IsNotExist(err) {
			log.Fatal(err)
		}
		if l.tri, err = load(filepath.Join(root, l.code, "trigrams.pb.bin.zip")); err != nil && !os.IsNotExist(err) {
			log.Fatal(err)
		}
		l.script = mainScript(l.uni)
		if l.bi == nil {
			// A language alone in its script (Greek, Hangul...): package
			// lang decides it by script, with no n-grams.
			l.uni = nil
		}
		langs = append(langs, l)
	}
	// entries[ngram] lists (language, cost) pairs.
	type entry struct{ lang, cost uint8 }
	entries := map[string][]entry{}
	add := func(i int, m map[string]float64) {
		for g, p := range m {
			c := math.Round(-math.Log(p) * costScale)
			entries[g] = append(entries[g], entry{uint8(i), uint8(min(c, 255))})
		}
	}
	for i, l := range langs {
		add(i, l.uni)
		add(i, l.bi)
		// The trigrams kept are the most frequent in running text:
		// P(abc) = P(a) P(b|a) P(c|ab).
		type scored struct {
			g string
			p float64
		}
		var all []scored
		for g, p := range l.tri {
			r := []rune(g)
			all = append(all, scored{g, l.uni[string(r[0])] * l.bi[string(r[:2])] * p})
		}
		slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.p, a.p), strings.Compare(a.g, b.g)) })
		kept := map[string]float64{}
		for _, s := range all[:min(len(all), *trigrams)] {
			kept[s.g] = l.tri[s.g]
		}
		add(i, kept)
	}
	keys := make([]string, 0, len(entries))
	for g := range entries {
		keys = append(keys, g)
	}
	slices.Sort(keys)

	var buf bytes.Buffer
	buf.WriteString("copydesk lang model 1\n")
	uvarint := func(v int) { buf.Write(binary.AppendUvarint(nil, uint64(v))) }
	str := func(s string) { uvarint(len(s)); buf.WriteString(s) }
	uvarint(costScale)
	uvarint(len(langs))
	for _, l := range langs {
		str(l.code)
		str(l.script)
	}
	uvarint(len(keys))
	for _, g := range keys {
		str(g)
		es := entries[g]
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.lang, b.lang) })
		uvarint(len(es))
		for _, e := range es {
			buf.WriteByte(e.lang)
			buf.WriteByte(e.cost)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	if _, err := zw.Write(buf.Bytes()); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d languages, %d n-grams, %d bytes (%d compressed)\n", len(langs), len(keys), buf.Len(), fileSize(*out))
}

// moduleDir returns the directory of module path in the module cache,
// downloading it if needed.
func moduleDir(path string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %w", path, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		if err := exec.Command("go", "mod", "download", path).Run(); err != nil {
			return "", fmt.Errorf("go mod download %s: %w", path, err)
		}
		return moduleDir(path)
	}
	return dir, nil
}

// load reads one zipped protobuf n-gram model: n-gram to probability.
func load(path string) (map[string]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(z.File) != 1 {
		return nil, fmt.Errorf("%s: %d files, want 1", path, len(z.File))
	}
	r, err := z.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var m serialization.SerializableLanguageModel
	if err := proto.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	probs := make(map[string]float64, m.TotalNgrams)
	for _, set := range m.NgramSets {
		for _, g := range set.Ngrams {
			if utf8.ValidString(g) {
				probs[g] = set.Probability
			}
		}
	}
	return probs, nil
}

// mainScript returns the name of the Unicode script that holds most of
// a unigram model's probability.
func mainScript(uni map[string]float64) string {
	mass := map[string]float64{}
	for g, p := range uni {
		r, _ := utf8.DecodeRuneInString(g)
		for name, t := range unicode.Scripts {
			if unicode.Is(t, r) {
				mass[name] += p
				break
			}
		}
	}
	best := ""
	for name, m := range mass {
		if best == "" || m > mass[best] || m == mass[best] && name < best {
			best = name
		}
	}
	return best
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
