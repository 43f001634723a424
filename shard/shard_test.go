package shard

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
)

// lines writes each kept Document's ID on a line.
type lines struct{ w io.Writer }

func (l lines) Write(d *copydesk.Document) error {
	_, err := io.WriteString(l.w, d.ID+"\n")
	return err
}
func (lines) Close() error { return nil }

func newLines(w io.Writer) (Encoder, error) { return lines{w}, nil }

func doc(file, id string, o copydesk.Outcome) *copydesk.Document {
	d := &copydesk.Document{ID: id, Source: copydesk.Provenance{File: file}, Outcome: o}
	if o == copydesk.Dropped {
		d.Reason = "too-short"
	}
	return d
}

func TestWriter(t *testing.T) {
	dir := t.TempDir()
	a, b, empty := filepath.Join(dir, "a.warc"), filepath.Join(dir, "b.warc"), filepath.Join(dir, "empty.warc")
	for _, p := range []string{a, b, empty} {
		os.WriteFile(p, []byte(p), 0o644)
	}
	out := filepath.Join(dir, "out")
	w, err := NewWriter(Options{Dir: out, Ext: "txt", NewEncoder: newLines})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*copydesk.Document{doc(a, "a1", copydesk.Kept), doc(a, "a2", copydesk.Dropped),
		doc(a, "a3", copydesk.Kept), doc(b, "b1", copydesk.Kept)} {
		if err := w.Settled(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := Done(out, a, "txt"); !ok {
		t.Error("a is not done once b has started")
	}
	if _, ok := Done(out, b, "txt"); ok {
		t.Error("b is done before its end")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Finish([]string{a, b, empty}); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{a: "a1\na3\n", b: "b1\n", empty: ""} {
		info, ok := Done(out, in, "txt")
		if !ok {
			t.Fatalf("%s not done", in)
		}
		data, _ := os.ReadFile(filepath.Join(out, Subdir, info.Data))
		if string(data) != want {
			t.Errorf("%s: shard %q, want %q", in, data, want)
		}
	}
	info, _ := Done(out, a, "txt")
	if info.Counts.Records != 3 || info.Counts.Kept != 2 || info.Counts.DroppedBy["too-short"] != 1 {
		t.Errorf("a's counts: %+v", info.Counts)
	}

	if _, ok := Done(out, a, "parquet"); ok {
		t.Error("a's shard is done in another format")
	}
	// An input that now gives no record gets an empty shard in place of
	// its old one.
	os.WriteFile(b, nil, 0o644)
	later := time.Now().Add(2 * time.Hour)
	os.Chtimes(b, later, later)
	w2, _ := NewWriter(Options{Dir: out, Ext: "txt", NewEncoder: newLines})
	if err := w2.Finish([]string{b}); err != nil {
		t.Fatal(err)
	}
	if info, ok := Done(out, b, "txt"); !ok {
		t.Error("emptied b is not done")
	} else if data, _ := os.ReadFile(filepath.Join(out, Subdir, info.Data)); len(data) != 0 {
		t.Errorf("emptied b's shard holds %q", data)
	}

	// A changed input is not done any more.
	later = time.Now().Add(time.Hour)
	os.Chtimes(a, later, later)
	if _, ok := Done(out, a, "txt"); ok {
		t.Error("a is done after it changed")
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	w, _ := NewWriter(Options{Dir: out, Ext: "txt", NewEncoder: newLines})
	w.Settled(doc("x.warc", "x1", copydesk.Kept))
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(out, Subdir))
	if len(entries) != 0 {
		t.Errorf("files left after Abort: %v", entries)
	}
	// Temporary files of a killed run are removed by the next one.
	os.WriteFile(filepath.Join(out, Subdir, ".tmp-123"), []byte("partial"), 0o644)
	if _, err := NewWriter(Options{Dir: out, Ext: "txt", NewEncoder: newLines}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(out, Subdir)); len(entries) != 0 {
		t.Errorf("stale files kept: %v", entries)
	}
}

func TestKey(t *testing.T) {
	k1, k2 := Key("crawl/CC-MAIN-1.warc.gz"), Key("other/CC-MAIN-1.warc.gz")
	if k1 == k2 || Key("crawl/./CC-MAIN-1.warc.gz") != k1 {
		t.Errorf("keys %q %q", k1, k2)
	}
	if !bytes.HasPrefix([]byte(k1), []byte("CC-MAIN-1.warc.gz-")) {
		t.Errorf("key %q does not start with the base name", k1)
	}
	if k := Key("we ird/na me?.txt"); k[:8] != "na_me_.t" {
		t.Errorf("key %q", k)
	}
}

// TestChangedAndStdin: a shard made final in a run is never replaced by
// Finish, neither standard input's (never done) nor that of an input
// that changed while it was read, whose shard keeps what was read and
// is read again by the next resumed run.
func TestChangedAndStdin(t *testing.T) {
	dir := t.TempDir()
	growing := filepath.Join(dir, "growing.warc")
	if err := os.WriteFile(growing, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	w, err := NewWriter(Options{Dir: out, Ext: "txt", NewEncoder: newLines})
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"-", growing}
	w.Snapshot(inputs)
	for _, d := range []*copydesk.Document{doc("-", "s1", copydesk.Kept), doc("-", "s2", copydesk.Kept), doc(growing, "g1", copydesk.Kept)} {
		if err := w.Settled(d); err != nil {
			t.Fatal(err)
		}
	}
	// A crawler appends to the file while it is read.
	if err := os.WriteFile(growing, []byte("first and more"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(inputs); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"-": "s1\ns2\n", growing: "g1\n"} {
		info, err := ReadInfo(manifestPath(out, Key(in)))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		data, err := os.ReadFile(filepath.Join(out, Subdir, info.Data))
		if err != nil || string(data) != want {
			t.Errorf("%s: shard %q (%v), want %q", in, data, err, want)
		}
		if _, ok := Done(out, in, "txt"); ok {
			t.Errorf("%s is done: a resumed run would not read it again", in)
		}
	}
	if got := w.Changed(); len(got) != 1 || got[0] != growing {
		t.Errorf("Changed() = %q, want [%s]", got, growing)
	}
}
