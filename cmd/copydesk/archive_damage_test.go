package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/pipeline"
	"github.com/copydesk/copydesk/warc"
	"github.com/klauspost/compress/zstd"
)

// Damaged web archives, run as a user runs them: every record ends in
// exactly one outcome (kept, dropped, or failed with its offset), damage
// inside a record fails that record and adds no outcome, and the reading
// goes on at the next record found. Each case writes down its records
// and what must be kept; the manifest must count one outcome per record,
// and nothing kept may be text no record holds.

// damagePage is the page of record i: an article of its own.
func damagePage(i int) []byte {
	return fmt.Appendf(nil, `<html><head><title>Story %d</title></head><body><article><h1>Story %d: the bridge vote</h1>
<p>The council voted on day %d to approve plans for a new bridge across the river, ending a debate that has run for more than a decade in the town.</p>
<p>The bridge, number %d of its kind, will link the railway station with the market square; it is expected to cost about four million pounds and should open in the spring.</p>
</article></body></html>`, i, i, i, i)
}

// damageRecords returns n response records, uncompressed, one a page.
func damageRecords(n int) [][]byte {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var recs [][]byte
	for i := range n {
		var b bytes.Buffer
		warc.NewWriter(&b, false).Write(warc.ResponseHeader(fmt.Sprintf("https://news.example/story/%d", i), at), warc.HTTPBlock("text/html", damagePage(i)))
		recs = append(recs, b.Bytes())
	}
	return recs
}

// gzipEach and zstdEach compress each record into a member or frame of
// its own.
func gzipEach(recs [][]byte) [][]byte {
	var out [][]byte
	for _, r := range recs {
		out = append(out, gzipped(r))
	}
	return out
}

func zstdEach(recs [][]byte) [][]byte {
	enc, _ := zstd.NewWriter(nil)
	defer enc.Close()
	var out [][]byte
	for _, r := range recs {
		out = append(out, enc.EncodeAll(r, nil))
	}
	return out
}

var warcLength = regexp.MustCompile(`\r\nContent-Length: (\d+)\r\n\r\nHTTP`)

// lengthBy returns rec with its WARC Content-Length changed by delta.
func lengthBy(rec []byte, delta int) []byte {
	m := warcLength.FindSubmatchIndex(rec)
	n, _ := strconv.Atoi(string(rec[m[2]:m[3]]))
	return slices.Concat(rec[:m[2]], []byte(strconv.Itoa(n+delta)), rec[m[3]:])
}

// arcOf writes the pages of records 0 to n-1 as an ARC file; record lie
// claims delta bytes more than it has.
func arcOf(n, lie, delta int) []byte {
	desc := "1 0 copydesk\nURL IP-address Archive-date Content-type Archive-length\n"
	out := fmt.Appendf(nil, "filedesc://news.arc 0.0.0.0 20260101000000 text/plain %d\n%s\n", len(desc), desc)
	for i := range n {
		block := warc.HTTPBlock("text/html", damagePage(i))
		size := len(block)
		if i == lie {
			size += delta
		}
		out = fmt.Appendf(out, "https://news.example/story/%d 192.0.2.1 20260101000000 text/html %d\n%s\n", i, size, block)
	}
	return out
}

// runDamaged runs copydesk on data, written as file, and returns the
// manifest and the text of each article kept.
func runDamaged(t *testing.T, file string, data []byte) (*pipeline.Manifest, []string) {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, file), filepath.Join(dir, "out")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", "run", "--quiet", "--workers", "1", "-o", out, in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, a.Text)
	}
	return m, texts
}

// intactTexts runs the intact archive of n records once and returns the
// texts it keeps: whatever a damaged one keeps must be among them.
func intactTexts(t *testing.T, n int) map[string]bool {
	t.Helper()
	_, texts := runDamaged(t, "intact.warc", slices.Concat(damageRecords(n)...))
	if len(texts) != n {
		t.Fatalf("the intact archive keeps %d of %d", len(texts), n)
	}
	set := map[string]bool{}
	for _, s := range texts {
		set[s] = true
	}
	return set
}

// checkDamaged runs data and checks its outcomes: outcomes in all (one
// per record), kept, and the failures by reason.
func checkDamaged(t *testing.T, file string, data []byte, outcomes, kept int64, failed map[string]int64, intact map[string]bool) {
	t.Helper()
	m, texts := runDamaged(t, file, data)
	if m.Records != outcomes || m.Kept != kept || m.Kept+m.Dropped+m.Failed != m.Records {
		t.Errorf("%d outcomes, %d kept; want %d and %d (dropped %v, failed %v %+v)", m.Records, m.Kept, outcomes, kept, m.DroppedBy, m.FailedBy, m.Failures)
	}
	for r, n := range failed {
		if m.FailedBy[r] != n {
			t.Errorf("failed %v, want %s: %d", m.FailedBy, r, n)
		}
	}
	for _, s := range texts {
		if !intact[s] {
			t.Errorf("kept text no record holds: %.200q", s)
		}
	}
}

// TestArchiveBitFlips (case 2): one bit flipped in the DEFLATE data of
// one of 20 one-record gzip members, 40 times: 20 outcomes each, 19
// kept (20 when the flip changes nothing decoded), nothing garbled kept.
func TestArchiveBitFlips(t *testing.T) {
	recs := damageRecords(20)
	intact := intactTexts(t, 20)
	ms := gzipEach(recs)
	rng := rand.New(rand.NewPCG(2, 40))
	for flip := range 40 {
		m := rng.IntN(len(ms))
		damaged := bytes.Clone(ms[m])
		i := 10 + rng.IntN(len(damaged)-18)
		damaged[i] ^= 1 << rng.IntN(8)
		kept := int64(19)
		if gunzips(damaged, recs[m]) {
			kept = 20
		}
		data := withMember(ms, m, damaged)
		t.Run(fmt.Sprintf("flip %d member %d byte %d", flip, m, i), func(t *testing.T) {
			checkDamaged(t, "flip.warc.gz", data, 20, kept, nil, intact)
		})
	}
}

// TestArchiveLengtheningFlips (case 2): the flips in one member whose
// output is longer by a line or more, with its headers intact, found only
// by the checksum at the member's end. The bytes past the block were read as a record of their
// own before the checksum was checked, and the garbled page was kept.
func TestArchiveLengtheningFlips(t *testing.T) {
	recs := damageRecords(20)
	intact := intactTexts(t, 20)
	ms := gzipEach(recs)
	const m = 5
	found := 0
	for i := 10; i < len(ms[m])-8 && found < 6; i++ {
		for bit := range 8 {
			damaged := bytes.Clone(ms[m])
			damaged[i] ^= 1 << bit
			zr, err := gzip.NewReader(bytes.NewReader(damaged))
			if err != nil {
				continue
			}
			out, err := io.ReadAll(zr)
			head := recs[m][:bytes.Index(recs[m], []byte("<html>"))]
			if err != gzip.ErrChecksum || len(out) < len(recs[m])+16 || !bytes.HasPrefix(out, head) {
				continue // the headers are intact: the page is garbled
			}
			found++
			data := withMember(ms, m, damaged)
			t.Run(fmt.Sprintf("byte %d bit %d, %d bytes longer", i, bit, len(out)-len(recs[m])), func(t *testing.T) {
				checkDamaged(t, "flip.warc.gz", data, 20, 19, map[string]int64{"bad-record": 1}, intact)
			})
		}
	}
	if found == 0 {
		t.Fatal("no flip lengthens the member")
	}
}

// withMember returns the members ms, member m replaced by member.
func withMember(ms [][]byte, m int, member []byte) []byte {
	return slices.Concat(slices.Concat(ms[:m]...), member, slices.Concat(ms[m+1:]...))
}

// gunzips reports whether member decodes, checksum and all, to want.
func gunzips(member, want []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		return false
	}
	got, err := io.ReadAll(zr)
	return err == nil && bytes.Equal(got, want)
}

// TestArchiveLengthOverCap (case 3): a Content-Length of 20 MB on the
// second of five records fails it as too-large, and the three records
// after it are kept: one gzip member per record, plain WARC, ARC.
func TestArchiveLengthOverCap(t *testing.T) {
	recs := damageRecords(5)
	intact := intactTexts(t, 5)
	lying := slices.Concat(recs[:1], [][]byte{lengthBy(recs[1], 20<<20)}, recs[2:])
	too := map[string]int64{"too-large": 1}
	checkDamaged(t, "lie.warc.gz", slices.Concat(gzipEach(lying)...), 5, 4, too, intact)
	checkDamaged(t, "lie.warc", slices.Concat(lying...), 5, 4, too, intact)
	// The ARC file's filedesc record is one more outcome: dropped.
	checkDamaged(t, "lie.arc", arcOf(5, 1, 20<<20), 6, 4, too, intact)
}

// TestArchiveMixedCompression (case 4): plain records then gzip members
// or zstd frames, and the reverse: all six kept.
func TestArchiveMixedCompression(t *testing.T) {
	recs := damageRecords(6)
	intact := intactTexts(t, 6)
	plain := slices.Concat(recs[:3]...)
	for name, data := range map[string][]byte{
		"plain then gzip": slices.Concat(plain, slices.Concat(gzipEach(recs[3:])...)),
		"gzip then plain": slices.Concat(slices.Concat(gzipEach(recs[3:])...), plain),
		"plain then zstd": slices.Concat(plain, slices.Concat(zstdEach(recs[3:])...)),
		"zstd then gzip":  slices.Concat(slices.Concat(zstdEach(recs[:3])...), slices.Concat(gzipEach(recs[3:])...)),
	} {
		t.Run(name, func(t *testing.T) { checkDamaged(t, "mixed.warc", data, 6, 6, nil, intact) })
	}
}

// TestArchiveDamagedStart (case 5): junk before the first gzip member,
// a file that starts inside a member (a bad byte-range fetch), a plain
// WARC whose first line is junk: the damage is one bad-record outcome
// and every intact record is kept. A byte order mark before WARC/1.0 is
// no damage.
func TestArchiveDamagedStart(t *testing.T) {
	recs := damageRecords(5)
	intact := intactTexts(t, 5)
	gz := slices.Concat(gzipEach(recs)...)
	first := len(gzipped(recs[0]))
	bad := map[string]int64{"bad-record": 1}
	for _, tc := range []struct {
		name           string
		data           []byte
		outcomes, kept int64
		failed         map[string]int64
	}{
		{"junk before the first member", slices.Concat([]byte("\x00\x01\x02junk\xff"), gz), 6, 5, bad},
		{"starts inside a member", gz[first/2:], 5, 4, bad},
		{"junk first line", slices.Concat([]byte("HTTP/1.1 206 Partial Content\r\n"), slices.Concat(recs...)), 6, 5, bad},
		{"byte order mark", slices.Concat([]byte("\xef\xbb\xbf"), slices.Concat(recs...)), 5, 5, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { checkDamaged(t, "start.warc", tc.data, tc.outcomes, tc.kept, tc.failed, intact) })
	}
}

// TestArchiveDamageInsideMember (case 6): damage inside one member of
// six is one outcome: the gzip trailer cut short (mid-file and at the
// end), a Content-Length too short or too long in its own member.
func TestArchiveDamageInsideMember(t *testing.T) {
	recs := damageRecords(6)
	intact := intactTexts(t, 6)
	ms := gzipEach(recs)
	cases := []struct {
		name   string
		m      int
		member []byte
	}{
		{"trailer cut mid-file", 2, ms[2][:len(ms[2])-4]},
		{"trailer cut at the end", 5, ms[5][:len(ms[5])-4]},
		{"Content-Length too short", 2, gzipped(lengthBy(recs[2], -100))},
		{"Content-Length too long", 3, gzipped(lengthBy(recs[3], 100))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkDamaged(t, "inside.warc.gz", withMember(ms, c.m, c.member), 6, 5, nil, intact)
		})
	}
}

// TestArchiveSniffZstd (case 9, in part): a zstd-compressed page is a
// page, not an archive.
func TestArchiveSniffZstd(t *testing.T) {
	page := zstdEach([][]byte{damagePage(3)})[0]
	m, texts := runDamaged(t, "page.html.zst", page)
	if m.Records != 1 || m.Kept != 1 || len(texts) != 1 || !strings.Contains(texts[0], "bridge") {
		t.Errorf("%d outcomes, %d kept (%v %v), want the page kept", m.Records, m.Kept, m.FailedBy, m.DroppedBy)
	}
}
