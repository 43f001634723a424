package main

import (
	"bytes"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/warc"
)

// randomCorpus writes a random mixture of inputs to dir: good and empty
// pages, JSONL with good, duplicate, malformed and text-less lines, binary
// files, and WARC files with every kind of record, some damaged. It
// returns how many outcomes the inputs must give in all.
func randomCorpus(t *testing.T, dir string, seed uint64) int {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	page := func(i int) string {
		return fmt.Sprintf("<html><body><h1>Story %d</h1><p>The council met on day %d to decide on a bridge across the river, and the vote was close after a long debate in the town hall.</p><p>Residents said they had waited for years.</p></body></html>", i, i)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outcomes := 0
	for f := range 12 + r.IntN(8) {
		switch r.IntN(5) {
		case 0: // a page, sometimes empty
			body := page(r.IntN(5))
			if r.IntN(4) == 0 {
				body = "<html><body></body></html>"
			}
			write(fmt.Sprintf("p%02d.html", f), []byte(body))
			outcomes++
		case 1: // JSONL lines of every kind; blank lines are no record
			var b strings.Builder
			for range 1 + r.IntN(6) {
				switch r.IntN(5) {
				case 0:
					b.WriteString("{not json\n")
				case 1:
					b.WriteString(`{"id":"x","url":"u"}` + "\n")
				case 2:
					b.WriteString("\n")
					continue
				default: // duplicates are likely: few distinct texts
					fmt.Fprintf(&b, `{"html":%q}`+"\n", page(r.IntN(3)))
				}
				outcomes++
			}
			write(fmt.Sprintf("j%02d.jsonl", f), []byte(b.String()))
		case 2: // binary, named as text (so the walk takes it) or not
			bin := make([]byte, 200)
			for i := range bin {
				bin[i] = byte(r.IntN(32))
			}
			if r.IntN(2) == 0 {
				write(fmt.Sprintf("b%02d.bin", f), bin) // passed over: not an input
				break
			}
			write(fmt.Sprintf("b%02d.txt", f), bin)
			outcomes++
		default: // a WARC, per-record gzip or plain, maybe damaged
			var b bytes.Buffer
			w := warc.NewWriter(&b, r.IntN(2) == 0)
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			n := 1 + r.IntN(6)
			for i := range n {
				var h warc.Header
				var block []byte
				switch r.IntN(4) {
				case 0:
					h, block = warc.Header{{Name: "WARC-Type", Value: warc.TypeRequest}}, []byte("GET / HTTP/1.1\r\n\r\n")
				case 1:
					h, block = warc.ResponseHeader(fmt.Sprintf("https://x.example/%d", i), at), []byte("HTTP/1.1 301 Moved\r\n\r\n")
				default:
					h, block = warc.ResponseHeader(fmt.Sprintf("https://x.example/%d", i), at), warc.HTTPBlock("text/html", []byte(page(r.IntN(4))))
				}
				w.Write(h, block)
			}
			data := b.Bytes()
			outcomes += n
			if r.IntN(3) == 0 {
				// Garbage after the last record: one failed outcome.
				data = append(data, "garbage that is no record\r\n"...)
				outcomes++
			}
			write(fmt.Sprintf("w%02d.warc", f), data)
		}
	}
	return outcomes
}

// TestNoLoss runs random mixtures of inputs with several worker counts:
// every record gets exactly one outcome, the manifest adds up to the
// number of records written, and the output is the same bytes whatever
// the number of workers.
func TestNoLoss(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			in := t.TempDir()
			want := randomCorpus(t, in, seed)
			var first []byte
			for _, workers := range []string{"1", "2", "5"} {
				out := t.TempDir()
				code, _, stderr := runCLI(t, "", "run", "--quiet", "--workers", workers, "-o", out, in)
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
				if err != nil {
					t.Fatal(err)
				}
				if m.Records != int64(want) || m.Kept+m.Dropped+m.Failed != m.Records {
					t.Fatalf("workers %s: manifest %+v, want %d records", workers, m, want)
				}
				data, err := os.ReadFile(filepath.Join(out, "articles.jsonl"))
				if err != nil {
					t.Fatal(err)
				}
				if n := int64(bytes.Count(data, []byte("\n"))); n != m.Kept {
					t.Errorf("workers %s: %d lines, %d kept", workers, n, m.Kept)
				}
				if first == nil {
					t.Logf("%d records: kept %d, dropped %v, failed %v", m.Records, m.Kept, m.DroppedBy, m.FailedBy)
					first = data
				} else if !bytes.Equal(data, first) {
					t.Errorf("workers %s: output differs from one worker's", workers)
				}
			}
		})
	}
}
