// Command modelgen writes the language model of package lang from the
// n-gram models of github.com/pemistahl/lingua-go (Apache-2.0): for each
// language, its letter unigrams and bigrams and its most frequent
// trigrams, each with its conditional probability as a quantized cost.
// Run it with go generate in package lang.
package main

import (
	"archive/zip"
	"bytes"
	"cmp"
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
	out := flag.String("o", "model.bin", "output file")
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

	// The file: a header (scale, languages with their scripts), then an
	// open-addressing hash table package lang reads in place: 1<<bits
	// keys (8 bytes, 0 for an empty slot), 1<<bits values (4 bytes: the
	// index of the n-gram's first entry << 8 | its number of entries),
	// then the entries, (language, cost) byte pairs. Little-endian.
	var buf bytes.Buffer
	buf.WriteString("copydesk lang model 2\n")
	uvarint := func(v int) { buf.Write(binary.AppendUvarint(nil, uint64(v))) }
	str := func(s string) { uvarint(len(s)); buf.WriteString(s) }
	uvarint(costScale)
	uvarint(len(langs))
	for _, l := range langs {
		str(l.code)
		str(l.script)
	}
	bits := 1
	for 1<<bits < len(keys)*3/2 {
		bits++
	}
	uvarint(bits)
	slots := make([]uint64, 1<<bits)
	values := make([]uint32, 1<<bits)
	var pairs []byte
	for _, g := range keys {
		var k uint64
		for _, r := range g {
			k = k<<21 | uint64(r)
		}
		es := entries[g]
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.lang, b.lang) })
		i := slot(k, bits)
		for slots[i] != 0 {
			i = (i + 1) & (1<<bits - 1)
		}
		slots[i], values[i] = k, uint32(len(pairs)/2)<<8|uint32(len(es))
		for _, e := range es {
			pairs = append(pairs, e.lang, e.cost)
		}
	}
	for _, k := range slots {
		buf.Write(binary.LittleEndian.AppendUint64(nil, k))
	}
	for _, v := range values {
		buf.Write(binary.LittleEndian.AppendUint32(nil, v))
	}
	buf.Write(pairs)
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d languages, %d n-grams, %d bytes\n", len(langs), len(keys), buf.Len())
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

// slot is the home slot of key k in a table of 1<<bits slots; package
// lang's slot must be the same function.
func slot(k uint64, bits int) int { return int(k * 0x9E3779B97F4A7C15 >> (64 - bits)) }
