package warc

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// The cases of "nothing lost, nothing counted twice": damage inside a
// record fails that record and adds no outcome, and the reading goes on
// at the next record found. Each reads an archive as the source package
// does (readOutcomes) and counts its outcomes: one per record written.

// storyRecords returns n response records, uncompressed, each a page of
// its own.
func storyRecords(n int) [][]byte {
	var recs [][]byte
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		var b bytes.Buffer
		page := fmt.Sprintf("<html><body><h1>Story %d</h1><p>The council met on day %d to decide on a bridge across the river.</p>%s</body></html>",
			i, i, bytes.Repeat([]byte("<p>Residents said they had waited for years for a crossing.</p>\n"), 1+i%7))
		NewWriter(&b, false).Write(ResponseHeader(fmt.Sprintf("https://news.example/%d", i), at), HTTPBlock("text/html", []byte(page)))
		recs = append(recs, b.Bytes())
	}
	return recs
}

var contentLength = regexp.MustCompile(`Content-Length: (\d+)\r\n\r\n`)

// withLength returns rec with its (WARC) Content-Length changed by delta.
func withLength(rec []byte, delta int) []byte {
	m := contentLength.FindSubmatchIndex(rec)
	n, _ := strconv.Atoi(string(rec[m[2]:m[3]]))
	return slices.Concat(rec[:m[2]], []byte(strconv.Itoa(n+delta)), rec[m[3]:])
}

// members compresses each record into a unit of its own.
func members(kind segKind, recs [][]byte) [][]byte {
	var out [][]byte
	for _, r := range recs {
		out = append(out, compressUnit(kind, r))
	}
	return out
}

// tally counts outcomes: records read whole, and all outcomes. Every
// block read must be the block of one of recs.
func tally(t *testing.T, data []byte, recs [][]byte) (kept, outcomes int) {
	t.Helper()
	for _, o := range readOutcomes(t, data) {
		outcomes++
		if o.err != nil {
			t.Logf("failed: %v", o.err)
			continue
		}
		found := false
		for _, r := range recs {
			_, block, _ := bytes.Cut(r, []byte("\r\n\r\n"))
			found = found || bytes.Equal(o.block, block[:len(block)-4])
		}
		if !found {
			t.Errorf("a block read is no record's: %.80q", o.block)
		}
		kept++
	}
	return kept, outcomes
}

func checkTally(t *testing.T, data []byte, recs [][]byte, kept, outcomes int) {
	t.Helper()
	k, o := tally(t, data, recs)
	if k != kept || o != outcomes {
		t.Errorf("%d read and %d outcomes, want %d and %d", k, o, kept, outcomes)
	}
}

// TestBitFlipInMember (case 2) flips one bit at a time in the DEFLATE
// data of a file of 20 one-record gzip members, 40 times: each gives 20
// outcomes, and no block read is corrupted. A flip that changes the
// member's decompressed length used to leave bytes that were read as a
// record of their own, before the member's checksum was checked.
func TestBitFlipInMember(t *testing.T) {
	recs := storyRecords(20)
	ms := members(segGzip, recs)
	rng := rand.New(rand.NewPCG(2, 20))
	lengthChanged := 0
	for flip := range 40 {
		m := rng.IntN(len(ms))
		damaged := bytes.Clone(ms[m])
		i := 10 + rng.IntN(len(damaged)-18) // the DEFLATE data, between header and trailer
		damaged[i] ^= 1 << rng.IntN(8)
		if out, _ := gunzipLoose(damaged); len(out) != len(recs[m]) {
			lengthChanged++
		}
		data := slices.Concat(slices.Concat(ms[:m]...), damaged, slices.Concat(ms[m+1:]...))
		kept := 19
		if unitIntact(segGzip, damaged, recs[m]) {
			kept = 20 // a flip that changes nothing decoded
		}
		t.Run(fmt.Sprintf("flip %d member %d byte %d", flip, m, i), func(t *testing.T) { checkTally(t, data, recs, kept, 20) })
	}
	t.Logf("%d of 40 flips change the decompressed length", lengthChanged)
}

// TestLengthOverCap (case 3): a Content-Length of 20 MB, over the
// consumer's cap, on the second of five records fails that record, and
// the three after it are read: with one gzip member per record, plain,
// and in an ARC file.
func TestLengthOverCap(t *testing.T) {
	recs := storyRecords(5)
	lying := slices.Concat(recs[0], withLength(recs[1], 20<<20), recs[2], recs[3], recs[4])
	gz := members(segGzip, [][]byte{recs[0], withLength(recs[1], 20<<20), recs[2], recs[3], recs[4]})
	arc := arcFile(recs, 1, 20<<20)
	for name, data := range map[string][]byte{"gzip": slices.Concat(gz...), "plain": lying} {
		t.Run(name, func(t *testing.T) { checkTally(t, data, recs, 4, 5) })
	}
	// The filedesc record is one more.
	t.Run("arc", func(t *testing.T) { checkTally(t, arc, append(recs, []byte("\r\n\r\n"+arcDesc+"\r\n\r\n")), 5, 6) })
}

const arcDesc = "1 0 copydesk\nURL IP-address Archive-date Content-type Archive-length\n"

// arcFile writes the blocks of recs as an ARC file, the record at lie
// claiming delta bytes more than it has.
func arcFile(recs [][]byte, lie, delta int) []byte {
	out := fmt.Appendf(nil, "filedesc://test.arc 0.0.0.0 20260101000000 text/plain %d\n%s\n", len(arcDesc), arcDesc)
	for i, r := range recs {
		_, block, _ := bytes.Cut(r, []byte("\r\n\r\n"))
		block = block[:len(block)-4]
		n := len(block)
		if i == lie {
			n += delta
		}
		out = fmt.Appendf(out, "https://news.example/%d 192.0.2.1 20260101000000 text/html %d\n%s\n", i, n, block)
	}
	return out
}

// TestMixedCompression (case 4): plain records followed by gzip members
// or zstd frames, and the reverse, are all read.
func TestMixedCompression(t *testing.T) {
	recs := storyRecords(6)
	plain, gz, zs := slices.Concat(recs[:3]...), members(segGzip, recs[3:]), members(segZstd, recs[3:])
	for name, data := range map[string][]byte{
		"plain then gzip": slices.Concat(plain, slices.Concat(gz...)),
		"gzip then plain": slices.Concat(slices.Concat(gz...), plain),
		"plain then zstd": slices.Concat(plain, slices.Concat(zs...)),
		"zstd then plain": slices.Concat(slices.Concat(zs...), plain),
		"gzip then zstd":  slices.Concat(slices.Concat(members(segGzip, recs[:3])...), slices.Concat(zs...)),
		"alternating":     slices.Concat(recs[0], gz[0], recs[1], zs[1], recs[2], gz[2]),
	} {
		t.Run(name, func(t *testing.T) { checkTally(t, data, recs, 6, 6) })
	}
}

// TestDamagedStart (case 5): junk before the first gzip member, a file
// that starts inside a member, a plain file whose first line is junk:
// the damage is one outcome, and every record after it is read; a byte
// order mark before the first record is no damage. IsArchive says each
// is an archive.
func TestDamagedStart(t *testing.T) {
	recs := storyRecords(5)
	gz := slices.Concat(members(segGzip, recs)...)
	first := len(compressUnit(segGzip, recs[0]))
	for _, tc := range []struct {
		name           string
		data           []byte
		kept, outcomes int
	}{
		{"junk before the first member", slices.Concat([]byte("\x00\x01junk from a bad fetch\xff\xfe"), gz), 5, 6},
		{"starts inside a member", gz[first/2:], 4, 5},
		{"junk first line", slices.Concat([]byte("HTTP/1.1 206 Partial Content\r\n"), slices.Concat(recs...)), 5, 6},
		{"byte order mark", slices.Concat([]byte("\xef\xbb\xbf"), slices.Concat(recs...)), 5, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !IsArchive(tc.data) {
				t.Error("IsArchive = false")
			}
			checkTally(t, tc.data, recs, tc.kept, tc.outcomes)
		})
	}
}

// TestDamageInsideMember (case 6): damage inside one member is one
// outcome: a gzip trailer cut short (mid-file, and at the end of the
// file), a Content-Length too short or too long inside its own member.
func TestDamageInsideMember(t *testing.T) {
	recs := storyRecords(6)
	ms := members(segGzip, recs)
	cut := func(m, n int) []byte { // member m loses its last n bytes
		return slices.Concat(slices.Concat(ms[:m]...), ms[m][:len(ms[m])-n], slices.Concat(ms[m+1:]...))
	}
	lie := func(m, delta int) []byte {
		return slices.Concat(slices.Concat(ms[:m]...), compressUnit(segGzip, withLength(recs[m], delta)), slices.Concat(ms[m+1:]...))
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"trailer cut mid-file", cut(2, 4)},
		{"trailer cut at the end", cut(5, 4)},
		{"Content-Length too short", lie(2, -100)},
		{"Content-Length too long", lie(2, 100)},
		{"Content-Length too long, last record", lie(5, 100)},
	} {
		t.Run(tc.name, func(t *testing.T) { checkTally(t, tc.data, recs, 5, 6) })
	}
}

// TestIsArchiveZstd (case 9, in part): a zstd input is an archive when
// its content starts one, not for being zstd.
func TestIsArchiveZstd(t *testing.T) {
	page := compressUnit(segZstd, []byte("<!doctype html><html><body><p>A page.</p></body></html>"))
	archive := slices.Concat(members(segZstd, storyRecords(2))...)
	if IsArchive(page) || !IsArchive(archive) {
		t.Errorf("IsArchive: page %v, archive %v; want false and true", IsArchive(page), IsArchive(archive))
	}
}

// gunzipLoose decodes what a gzip member gives before any error.
func gunzipLoose(b []byte) ([]byte, error) {
	zr, err := stdgzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
