package warc

import (
	"bytes"
	stdgzip "compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// The differential test writes random archives of plain records, gzip
// members and zstd frames, damages some of their units, and reads each
// with the Reader and with a reference reading of its own, unit by unit
// (the standard library's gzip, zstd's one-shot decoder, and knowing
// where each unit was written). Every record of an intact unit must be
// read, whole; every damaged unit must get one failure (a unit of
// several records in one member: at least one, and no more outcomes than
// records); nothing corrupted may be read as a record.

// A diffUnit is a stretch of the archive as written: plain records, or
// one gzip member or zstd frame holding one or more records.
type diffUnit struct {
	kind   segKind
	recs   []int  // the records it holds
	damage string // "", or how it was damaged
	junk   []byte // written before it
	data   []byte // as written, damaged
	start  int64  // where data starts in the archive
}

// diffCap is the consumer's cap on a block, over which it abandons it.
const diffCap = 1 << 20

// diffArchive is a random archive and the units it was written as.
type diffArchive struct {
	data   []byte
	units  []diffUnit
	bodies [][]byte
}

// recordBytes writes record i with body, claiming a block of body's
// length plus lie.
func recordBytes(i int, body []byte, lie int) []byte {
	return fmt.Appendf(nil, "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:%08d>\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		i, len(body)+lie, body)
}

func randomBody(rng *rand.Rand, i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<html><p>Story %d ", i)
	words := []string{"council", "bridge", "river", "vote", "market", "\n", "station", "debate"}
	for range 5 + rng.IntN(400) {
		b.WriteString(words[rng.IntN(len(words))])
		b.WriteByte(' ')
	}
	b.WriteString("</p></html>")
	return []byte(b.String())
}

// randomJunk returns bytes that hold no magic number and no record
// line, and are not all white space (which is no damage).
func randomJunk(rng *rand.Rand, newline bool) []byte {
	for {
		j := make([]byte, 1+rng.IntN(120))
		for i := range j {
			j[i] = byte(rng.IntN(256))
		}
		if newline {
			j = append(j, '\n')
		}
		if len(bytes.TrimSpace(j)) > 0 && magicIndex(j) < 0 && !bytes.Contains(j, []byte("WARC/")) && !bytes.Contains(j, []byte{0x1f, 0x8b}) {
			return j
		}
	}
}

var diffZstd, _ = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))

func compressUnit(kind segKind, plain []byte) []byte {
	switch kind {
	case segGzip:
		var b bytes.Buffer
		zw := stdgzip.NewWriter(&b)
		zw.Write(plain)
		zw.Close()
		return b.Bytes()
	case segZstd:
		return diffZstd.EncodeAll(plain, nil)
	}
	return plain
}

// unitIntact reports whether the damaged bytes of a compressed unit still
// decode, on their own, to what was written.
func unitIntact(kind segKind, data, plain []byte) bool {
	switch kind {
	case segGzip:
		br := bytes.NewReader(data)
		zr, err := stdgzip.NewReader(br)
		if err != nil {
			return false
		}
		zr.Multistream(false)
		out, err := io.ReadAll(zr)
		return err == nil && br.Len() == 0 && bytes.Equal(out, plain)
	case segZstd:
		d, _ := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		defer d.Close()
		out, err := d.DecodeAll(data, nil)
		return err == nil && bytes.Equal(out, plain)
	}
	return false
}

// randomArchive writes a random archive from rng.
func randomArchive(rng *rand.Rand) diffArchive {
	var a diffArchive
	n := 1 + rng.IntN(10)
	for u := range n {
		kind := []segKind{segPlain, segGzip, segZstd}[rng.IntN(3)]
		unit := diffUnit{kind: kind}
		recs := 1
		if kind != segPlain && rng.IntN(4) == 0 {
			recs = 2 + rng.IntN(2)
		}
		lie := 0
		if rng.IntN(3) == 0 {
			// Damage, of a kind the unit can have.
			kinds := []string{"junk", "short", "huge"}
			if kind != segPlain {
				kinds = append(kinds, "flip", "cut", "trailer")
				if recs == 1 {
					kinds = append(kinds, "long")
				}
			}
			if u == n-1 {
				kinds = append(kinds, "end")
			}
			if u == 0 {
				kinds = append(kinds, "inside")
			}
			unit.damage = kinds[rng.IntN(len(kinds))]
			if recs > 1 && (unit.damage == "short" || unit.damage == "huge") {
				unit.damage = "junk"
			}
		}
		var plain []byte
		for range recs {
			i := len(a.bodies)
			body := randomBody(rng, i)
			a.bodies = append(a.bodies, body)
			unit.recs = append(unit.recs, i)
			if len(unit.recs) == 1 {
				switch unit.damage {
				case "short":
					lie = -1 - rng.IntN(len(body))
				case "long":
					lie = 1 + rng.IntN(500)
				case "huge":
					lie = 20 << 20
				}
			}
			plain = append(plain, recordBytes(i, body, lie)...)
			lie = 0
		}
		data := compressUnit(kind, plain)
		magic := 4 // bytes the damage leaves alone
		switch unit.damage {
		case "junk":
			// Before a plain record, junk ends in a line end or does
			// not: the record is found either way.
			unit.junk = randomJunk(rng, rng.IntN(2) == 0)
		case "flip":
			for {
				d := slices.Clone(data)
				i := magic + rng.IntN(len(d)-magic)
				if kind == segZstd && i == magic {
					// The frame header's descriptor: a flip there can
					// turn off the frame's checksum, and the frame is
					// then read unchecked, which no reader can tell
					// from the original (see the README).
					continue
				}
				d[i] ^= 1 << rng.IntN(8)
				if !unitIntact(kind, d, plain) {
					data = d
					break
				}
			}
		case "cut":
			i := magic + rng.IntN(len(data)-magic)
			data = append(data[:i:i], data[min(len(data), i+1+rng.IntN(8)):]...)
		case "trailer":
			data = data[:len(data)-4] // gzip's size, or zstd's checksum
		case "end":
			end := len(data)
			if kind == segPlain {
				// Losing the line ends after the block is no damage,
				// and a cut before the end of the first line leaves
				// junk, which damage before it may take in.
				end -= 4
				magic = len("WARC/1.1\r\n")
			}
			data = data[:magic+rng.IntN(end-magic)]
		case "inside":
			end := len(data) - 1
			if kind == segPlain {
				end -= 4 // leaving some of the record, not only its line ends
			}
			data = data[1+rng.IntN(end):]
		}
		if from := 1; kind != segPlain && slices.Contains([]string{"flip", "cut", "trailer", "end", "inside"}, unit.damage) {
			if unit.damage == "inside" {
				from = 0
			}
			if magicIndex(data[min(from, len(data)):]) >= 0 {
				// Bytes of the damaged member that read as a magic
				// number would start a member of their own, and give
				// one more failure (see the README): no damage here.
				unit.damage, data = "", compressUnit(kind, plain)
			}
		}
		unit.data = data
		a.units = append(a.units, unit)
	}
	for i := range a.units {
		u := &a.units[i]
		a.data = append(a.data, u.junk...)
		u.start = int64(len(a.data))
		a.data = append(a.data, u.data...)
	}
	return a
}

// A diffOutcome is what the Reader gave for one record, as the source
// package counts it.
type diffOutcome struct {
	block []byte // the block of a record read whole; nil for a failure
	err   error
}

// readOutcomes reads data as a consumer that reads every block, abandons
// those over diffCap, and fails the record before a Previous error.
func readOutcomes(t testing.TB, data []byte) []diffOutcome {
	rd := NewReader(bytes.NewReader(data))
	var out []diffOutcome
	for range 10000 {
		rec, err := rd.Next()
		if err == io.EOF {
			return out
		}
		var pe *ParseError
		switch {
		case err != nil && !errors.As(err, &pe):
			t.Fatalf("sticky error %v", err)
		case err != nil && pe.Previous:
			if len(out) == 0 || out[len(out)-1].err != nil {
				t.Fatalf("%v fails no record read", err)
			}
			out[len(out)-1] = diffOutcome{err: err}
		case err != nil:
			out = append(out, diffOutcome{err: err})
		case rec.ContentLength > diffCap:
			rd.Abandon()
			out = append(out, diffOutcome{err: fmt.Errorf("block of %d bytes", rec.ContentLength)})
		default:
			block, err := io.ReadAll(rec.Block)
			if err != nil {
				out = append(out, diffOutcome{err: err})
			} else {
				out = append(out, diffOutcome{block: block})
			}
		}
	}
	t.Fatal("no end")
	return nil
}

// A diffSlot is the outcome, or outcomes, the reference expects.
type diffSlot struct {
	bodies [][]byte // read whole: one of these (one, unless flex)
	fail   bool     // a failure
	flex   bool     // 1 to len(bodies) outcomes, at least one a failure
	unit   int
}

// expected lists the outcomes the reference reading expects of a.
func (a diffArchive) expected() []diffSlot {
	var slots []diffSlot
	for i, u := range a.units {
		prev := ""
		if i > 0 {
			prev = a.units[i-1].damage
		}
		prevPlainLie := i > 0 && a.units[i-1].kind == segPlain && (prev == "short" || prev == "huge")
		prevRemains := prev == "inside" || i > 0 && a.units[i-1].kind != segPlain && (prev == "flip" || prev == "cut" || prev == "trailer")
		if u.junk != nil && !prevPlainLie && !prevRemains {
			// Junk is an outcome, unless the damage before it swallows
			// it: a plain record whose length is wrong, a damaged
			// member.
			slots = append(slots, diffSlot{fail: true, unit: i})
		}
		var bodies [][]byte
		for _, r := range u.recs {
			bodies = append(bodies, recordBytes(r, a.bodies[r], 0))
		}
		switch {
		case u.damage == "" || u.damage == "junk":
			for _, b := range bodies {
				slots = append(slots, diffSlot{bodies: [][]byte{blockOf(b)}, unit: i})
			}
		case len(u.recs) > 1:
			var blocks [][]byte
			for _, b := range bodies {
				blocks = append(blocks, blockOf(b))
			}
			slots = append(slots, diffSlot{bodies: blocks, flex: true, unit: i})
		default:
			slots = append(slots, diffSlot{fail: true, unit: i})
		}
	}
	return slots
}

// blockOf returns the block of a record as recordBytes writes it.
func blockOf(rec []byte) []byte {
	_, rest, _ := bytes.Cut(rec, []byte("\r\n\r\n"))
	return rest[:len(rest)-4]
}

// matchOutcomes reports whether got is what slots expect.
func matchOutcomes(got []diffOutcome, slots []diffSlot) bool {
	if len(slots) == 0 {
		return len(got) == 0
	}
	s := slots[0]
	if !s.flex {
		if len(got) == 0 {
			return false
		}
		g := got[0]
		ok := s.fail && g.err != nil || !s.fail && g.err == nil && bytes.Equal(g.block, s.bodies[0])
		return ok && matchOutcomes(got[1:], slots[1:])
	}
	failed := false
	for n := 1; n <= len(s.bodies) && n <= len(got); n++ {
		g := got[n-1]
		if g.err == nil && !slices.ContainsFunc(s.bodies, func(b []byte) bool { return bytes.Equal(b, g.block) }) {
			return false
		}
		failed = failed || g.err != nil
		if failed && matchOutcomes(got[n:], slots[1:]) {
			return true
		}
	}
	return false
}

// checkArchive reads a and compares with the reference.
func checkArchive(t testing.TB, a diffArchive) {
	got := readOutcomes(t, a.data)
	want := a.expected()
	if matchOutcomes(got, want) {
		// A failure in a member names where the member starts.
		for _, g := range got {
			var pe *ParseError
			if errors.As(g.err, &pe) && pe.Compressed && !slices.ContainsFunc(a.units, func(u diffUnit) bool { return u.start == pe.Offset }) {
				t.Errorf("%v: no unit starts there", g.err)
			}
		}
		return
	}
	var b strings.Builder
	for i, u := range a.units {
		fmt.Fprintf(&b, "unit %d: kind %d at %d, records %v, damage %q, junk %d bytes\n", i, u.kind, u.start, u.recs, u.damage, len(u.junk))
	}
	for _, g := range got {
		if g.err != nil {
			fmt.Fprintf(&b, "  failed: %v\n", g.err)
		} else {
			fmt.Fprintf(&b, "  read: %.30q\n", g.block)
		}
	}
	for _, s := range want {
		fmt.Fprintf(&b, "  want unit %d: fail %v flex %v\n", s.unit, s.fail, s.flex)
	}
	t.Fatalf("outcomes differ from the reference:\n%s", b.String())
}

// TestDifferential reads random damaged archives for a few seconds.
func TestDifferential(t *testing.T) {
	budget := 3 * time.Second
	if testing.Short() {
		budget = 300 * time.Millisecond
	}
	start := time.Now()
	n := 0
	for seed := uint64(1); time.Since(start) < budget; seed++ {
		a := randomArchive(rand.New(rand.NewPCG(seed, 20)))
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkArchive(t, a) })
		if t.Failed() {
			return
		}
		n++
	}
	t.Logf("%d archives", n)
}

// FuzzDifferential is TestDifferential with the fuzzer choosing the
// archives.
func FuzzDifferential(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, seed*7+1)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) {
		checkArchive(t, randomArchive(rand.New(rand.NewPCG(a, b))))
	})
}
