package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestProgressLog runs copydesk with stderr a pipe and input that comes
// slowly, and checks the progress lines and the corpus stages' lines.
func TestProgressLog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for a second")
	}
	dir := t.TempDir()
	cmd := copydeskProcess(t, "run", "-o", filepath.Join(dir, "out"), "--progress-every", "50ms", "--site-boilerplate", "--dedup", "mark", "-")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		line, _ := json.Marshal(jsonRecord{ID: fmt.Sprint(i), URL: fmt.Sprintf("https://example.com/%d", i), Text: englishText(4 + i)})
		stdin.Write(append(line, '\n'))
		if i == 2 {
			time.Sleep(400 * time.Millisecond)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	out := stderr.String()
	logLine := regexp.MustCompile(`(?m)^copydesk run: \d+s: (\d+) records \(\d+/s\), [0-9.]+ [KMG]?i?B read; kept \d+, dropped \d+, failed \d+$`)
	lines := logLine.FindAllStringSubmatch(out, -1)
	if len(lines) < 2 {
		t.Fatalf("want progress lines every 50ms over 400ms, got:\n%s", out)
	}
	if strings.Contains(out, "\r") || strings.Contains(out, "\x1b[") {
		t.Errorf("terminal codes in a pipe:\n%q", out)
	}
	for _, want := range []string{
		"copydesk run: site-boilerplate: applying to 6 kept articles\n",
		"copydesk run: dedup: applying to 6 kept articles\n",
		"records 6: kept 6",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`copydesk run: dedup: done in [0-9.]+[µnm]?s\n`).MatchString(out) {
		t.Errorf("no end of the dedup stage in:\n%s", out)
	}
	// --quiet: nothing.
	code, _, errOut := runCLI(t, "", "run", "--quiet", "--progress-every", "1ms", "-o", filepath.Join(dir, "quiet"), filepath.Join("..", "..", "testdata", "sample"))
	if code != exitOK || errOut != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, errOut)
	}
}
