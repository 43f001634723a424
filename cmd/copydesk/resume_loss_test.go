package main

import (
	"bytes"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/shard"
)

// jsonlArticles returns n JSONL records, each a distinct article long
// enough to be kept.
func jsonlArticles(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"s%d","url":"https://stdin.example/%d","text":"Record %d of standard input tells a story of its own. The council met on Tuesday and voted to keep the library open for another year, after a long debate about its costs and the people who use it every day."}`+"\n", i, i, i)
	}
	return b.String()
}

// datasetOf returns the kept articles of a --resume run's shards, by
// input, and the run's manifest.
func datasetOf(t *testing.T, out string, inputs []string) (map[string]string, *pipeline.Manifest) {
	t.Helper()
	data := map[string]string{}
	for _, in := range inputs {
		info, err := shard.ReadInfo(filepath.Join(out, shard.Subdir, shard.Key(in)+".manifest.json"))
		if err != nil {
			t.Fatalf("no final shard of %s: %v", in, err)
		}
		b, err := os.ReadFile(filepath.Join(out, shard.Subdir, info.Data))
		if err != nil {
			t.Fatal(err)
		}
		data[in] = string(b)
	}
	m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data, m
}

// TestResumeStdin: standard input is read by every resumed run, and its
// shard holds its articles (it was once replaced by an empty one).
func TestResumeStdin(t *testing.T) {
	out := t.TempDir()
	in := jsonlArticles(7)
	for run := range 2 {
		if code, _, stderr := runCLI(t, in, "run", "--resume", "--quiet", "-o", out, "-"); code != exitOK {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
		data, m := datasetOf(t, out, []string{"-"})
		if n := strings.Count(data["-"], "\n"); n != 7 || m.Kept != 7 || m.Records != 7 {
			t.Errorf("run %d: %d articles in the shard of standard input, manifest %d kept of %d; want 7", run, n, m.Kept, m.Records)
		}
	}
}

// TestResumeProperty interrupts resumable runs at random points (kill
// -9), changes inputs between and during runs, and reads standard input
// in every run: once a run ends without a warning, its dataset is that
// of an uninterrupted run over the inputs as they are; a run that ends
// with a warning names the input it could not finish, and the next run
// finishes it.
func TestResumeProperty(t *testing.T) {
	if testing.Short() {
		t.Skip("runs copydesk a dozen times over generated crawls")
	}
	stdin := jsonlArticles(5)
	for trial := range 8 {
		t.Run(fmt.Sprint(trial), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(trial), 20))
			dir := t.TempDir()
			inputs := writeCrawl(t, dir, 2+rng.IntN(3), 40+rng.IntN(80))
			all := append(slices.Clone(inputs), "-")
			out := filepath.Join(dir, "out")
			args := func(out string) []string {
				return append([]string{"run", "--resume", "--quiet", "--workers", "2", "-o", out}, all...)
			}

			// A run killed at a random point.
			cmd := copydeskProcess(t, args(out)...)
			cmd.Stdin = strings.NewReader(stdin)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Kill it once a random number of shards are final, or
			// before any is.
			waitShards(out, rng.IntN(len(inputs)), cmd)
			time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
			cmd.Process.Kill()
			cmd.Wait()
			infos, _ := shard.List(out)
			t.Logf("killed with %d of %d shards final", len(infos), len(all))

			// An input rewritten between runs, with other pages.
			if rng.IntN(2) == 0 {
				victim := inputs[rng.IntN(len(inputs))]
				fresh := writeCrawl(t, t.TempDir(), 1, 5+rng.IntN(20))[0]
				b, err := os.ReadFile(fresh)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(victim, b, 0o644); err != nil {
					t.Fatal(err)
				}
				later := time.Now().Add(2 * time.Second)
				os.Chtimes(victim, later, later)
			}

			// The resumed run, with an input touched while it runs.
			touched := inputs[rng.IntN(len(inputs))]
			finish := func(touch bool) *pipeline.Manifest {
				cmd := copydeskProcess(t, args(out)...)
				cmd.Stdin = strings.NewReader(stdin)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				if touch {
					waitShards(out, rng.IntN(len(inputs)), cmd)
					later := time.Now().Add(time.Hour)
					os.Chtimes(touched, later, later)
				}
				if err := cmd.Wait(); err != nil {
					t.Fatalf("resumed run: %v: %s", err, stderr.String())
				}
				m, err := pipeline.ReadManifest(filepath.Join(out, "manifest.json"))
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range m.Warnings {
					if !strings.Contains(stderr.String(), w) {
						t.Errorf("warning %q in the manifest, not on stderr", w)
					}
				}
				return m
			}
			m := finish(rng.IntN(2) == 0)
			t.Logf("warnings: %q", m.Warnings)
			for _, w := range m.Warnings {
				if !strings.Contains(w, touched) {
					t.Errorf("warning names no changed input: %q", w)
				}
			}
			if len(m.Warnings) > 0 {
				if m = finish(false); len(m.Warnings) > 0 {
					t.Fatalf("a run over unchanged inputs warns: %q", m.Warnings)
				}
			}

			// The uninterrupted run over the inputs as they are now.
			whole := filepath.Join(dir, "whole")
			cmd = copydeskProcess(t, args(whole)...)
			cmd.Stdin = strings.NewReader(stdin)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("uninterrupted run: %v: %s", err, b)
			}
			want, mw := datasetOf(t, whole, all)
			got, mg := datasetOf(t, out, all)
			for _, in := range all {
				if got[in] != want[in] || want[in] == "" {
					t.Errorf("%s: %d bytes of articles after resuming, %d uninterrupted", in, len(got[in]), len(want[in]))
				}
			}
			if mg.Records != mw.Records || mg.Kept != mw.Kept || mg.Kept+mg.Dropped+mg.Failed != mg.Records {
				t.Errorf("manifest after resuming %+v, uninterrupted %+v", mg, mw)
			}
		})
	}
}

// waitShards waits until n shards in out are final or cmd has exited.
func waitShards(out string, n int, cmd *exec.Cmd) {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if infos, _ := shard.List(out); len(infos) >= n {
			return
		}
		if cmd.ProcessState != nil || cmd.Process.Signal(syscall.Signal(0)) != nil {
			return
		}
	}
}
