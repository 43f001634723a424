package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestVersion checks --version and the version command, and that a
// Parquet dataset names the version that wrote it.
func TestVersion(t *testing.T) {
	_, want, _ := runCLI(t, "", "version")
	if !strings.HasPrefix(want, "copydesk ") || !strings.HasSuffix(want, " "+runtime.Version()+"\n") {
		t.Errorf("version = %q", want)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		out, err := copydeskProcess(t, args...).Output()
		if err != nil || string(out) != want {
			t.Errorf("%v: %q, %v; want %q", args, out, err, want)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--format", "parquet", "-o", out, filepath.Join("..", "..", "testdata", "sample")); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(out, "articles.parquet"))
	module, _ := buildVersion().forData()
	if !bytes.Contains(data, []byte("copydesk version "+module)) {
		t.Errorf("the Parquet file's created_by does not name version %s", module)
	}
}

// TestVersionString checks the version line from what a build records.
func TestVersionString(t *testing.T) {
	tests := []struct {
		name string
		v    version
		want string
		data string
	}{
		{"devel", version{Module: "(devel)", Go: "go1.26.0"}, "copydesk (devel) go1.26.0", "(devel)/"},
		{"release", version{Module: "v1.2.0", Revision: "0123456789abcdef0123", Time: "2026-12-01T10:00:00Z", Go: "go1.26.0"},
			"copydesk v1.2.0 0123456789ab 2026-12-01T10:00:00Z go1.26.0", "v1.2.0/0123456789ab"},
		{"modified", version{Module: "(devel)", Revision: "0123456789abcdef", Modified: true, Go: "go1.26.0"},
			"copydesk (devel) 0123456789ab+modified go1.26.0", "(devel)/0123456789ab+modified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if m, b := tt.v.forData(); m+"/"+b != tt.data {
				t.Errorf("forData() = %q, %q, want %q", m, b, tt.data)
			}
		})
	}
}

// TestHelp checks where help and usage errors go, and their exit codes.
func TestHelp(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // prefix
		stderr     string // prefix
		stderrOnly bool
	}{
		{"help", []string{"help"}, exitOK, "copydesk turns raw", "", false},
		{"--help", []string{"--help"}, exitOK, "copydesk turns raw", "", false},
		{"help help", []string{"help", "help"}, exitOK, "copydesk turns raw", "", false},
		{"--help run", []string{"--help", "run"}, exitOK, "Usage: copydesk run -o DIR", "", false},
		{"help run", []string{"help", "run"}, exitOK, "Usage: copydesk run -o DIR", "", false},
		{"run --help", []string{"run", "--help"}, exitOK, "Usage: copydesk run -o DIR", "", false},
		{"run -h", []string{"run", "-h"}, exitOK, "Usage: copydesk run -o DIR", "", false},
		{"help extract", []string{"help", "extract"}, exitOK, "Usage: copydesk extract", "", false},
		{"help version", []string{"help", "version"}, exitOK, "Usage: copydesk version", "", false},
		{"no command", nil, exitUsage, "", "copydesk turns raw", true},
		{"help unknown", []string{"help", "frobnicate"}, exitUsage, "", `copydesk: unknown command "frobnicate"`, true},
		{"help two", []string{"help", "run", "clean"}, exitUsage, "", "copydesk help: want one command at most", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.HasPrefix(stdout, tt.stdout) || !strings.HasPrefix(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %.80q, stderr %.80q; want exit %d, stdout %q…, stderr %q…", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if tt.stderrOnly && stdout != "" || !tt.stderrOnly && stderr != "" {
				t.Errorf("stdout %.80q, stderr %.80q: help goes to stdout, usage errors to stderr", stdout, stderr)
			}
		})
	}
	if _, stdout, _ := runCLI(t, "", "help", "run"); !strings.Contains(stdout, "  -lang value") || !strings.Contains(stdout, "  -input-lang string") {
		t.Errorf("run's help lists no --lang and --input-lang:\n%s", stdout)
	}
}

// TestWrongFlag checks that a flag the command does not have is one
// line and a pointer to the help, on stderr of the real binary.
func TestWrongFlag(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "-x"}, "copydesk run: flag provided but not defined: -x\nRun 'copydesk run --help' for usage.\n"},
		{[]string{"extract", "--nope", "f.html"}, "copydesk extract: flag provided but not defined: -nope\nRun 'copydesk extract --help' for usage.\n"},
		{[]string{"run", "-o", "x", "--doc-timeout", "5x", "in"}, "copydesk run: --doc-timeout 5x: want a duration like 30s, 2m or 1h30m, or a number of seconds\nRun 'copydesk run --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if stderr := usageProcess(t, tt.args...); stderr != tt.want {
				t.Errorf("stderr %q, want %q", stderr, tt.want)
			}
		})
	}
}

// TestDurationFlags checks that durations take a plain number of seconds.
func TestDurationFlags(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"5", 5 * time.Second, true},
		{"0", 0, true},
		{"0.5", 500 * time.Millisecond, true},
		{"1m30s", 90 * time.Second, true},
		{"250ms", 250 * time.Millisecond, true},
		{"5x", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d time.Duration
			err := durationValue{&d}.Set(tt.in)
			if (err == nil) != tt.ok || tt.ok && d != tt.want {
				t.Errorf("Set(%q) = %v, %v; want %v, ok %v", tt.in, d, err, tt.want, tt.ok)
			}
		})
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI(t, "", "run", "--quiet", "--doc-timeout", "5", "--fetch-timeout", "20", "-o", out, filepath.Join("..", "..", "testdata", "sample")); code != exitOK {
		t.Errorf("--doc-timeout 5: exit %d: %s", code, stderr)
	}
}
