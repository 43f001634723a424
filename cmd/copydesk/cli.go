package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Exit codes.
const (
	exitOK     = 0 // success; dropped and failed records are counted, not fatal
	exitError  = 1 // the run stopped: unreadable input list, output error, interrupted
	exitUsage  = 2 // bad command line
	exitFailed = 3 // with --strict: the run finished but some records failed
)

// env is what a command may touch: its arguments and standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "clean, summarize and write a dataset from inputs", cmdRun},
		{"clean", "print the cleaned text of one input (--explain: what was cut and why)", cmdClean},
		{"extract", "print the article of one web page (--json: the whole record)", cmdExtract},
		{"clusters", "list the stories a --dedup run found told more than once, or one story's timeline", cmdClusters},
		{"stories", "list the stories a --stories run found (copies and rewrites of one event), or one story's timeline", cmdStories},
		{"serve", "serve a run's output in the browser: search, articles, story timelines, explain", cmdServe},
		{"report", "write a run's figures and charts as one static HTML file", cmdReport},
		{"stats", "print the manifest of a run's output directory", cmdStats},
		{"pack", "build a WARC file from web pages (benchmark corpora, fixtures)", cmdPack},
		{"wet", "print the visible text of an HTML page, one line per block (WET-like)", cmdWET},
		{"eval", "score extraction, dates and metadata on gold sets", cmdEval},
		{"version", "print the version of this binary (module, VCS revision and time, Go)", cmdVersion},
	}
}

// usageError is a bad command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// errSomeFailed is returned with --strict when records failed.
var errSomeFailed = errors.New("some records failed")

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	switch {
	case len(args) == 0:
		printUsage(stderr)
		return exitUsage
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
		switch {
		case len(args) == 1 || args[1] == "help":
			printUsage(stdout)
			return exitOK
		case len(args) > 2:
			fmt.Fprintln(stderr, "copydesk help: want one command at most")
			return exitUsage
		}
		// "copydesk help CMD" is "copydesk CMD --help".
		args = []string{args[1], "--help"}
	case args[0] == "--version" || args[0] == "-version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue *usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "copydesk %s: %v\nRun 'copydesk %s --help' for usage.\n", c.name, err, c.name)
			return exitUsage
		case errors.Is(err, errSomeFailed):
			fmt.Fprintf(stderr, "copydesk %s: %v\n", c.name, err)
			return exitFailed
		default:
			fmt.Fprintf(stderr, "copydesk %s: %v\n", c.name, err)
			return exitError
		}
	}
	fmt.Fprintf(stderr, "copydesk: unknown command %q\n", args[0])
	printUsage(stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "copydesk turns raw crawled news into clean, dated, summarized article datasets.")
	fmt.Fprintln(w, "\nUsage: copydesk <command> [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'copydesk help <command>' (or 'copydesk <command> --help') for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 error, 2 usage, 3 records failed or an archive mostly dropped as not pages (run --strict).")
}

// newFlags returns a FlagSet that reports errors instead of exiting and
// prints nothing itself: parseFlags prints the help asked for to
// e.stdout, and the caller reports an error in one line on e.stderr.
func newFlags(e *env, name, argsUsage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: copydesk %s %s\n\n%s\n", name, argsUsage, strings.TrimSpace(about))
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprint(e.stdout, "\nFlags:\n")
			fs.SetOutput(e.stdout)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments, and
// turns flag errors into usage errors. Asked for help (-h, --help), it
// prints the command's help and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package calls Usage on errors too; the help is printed
	// here, when it was asked for, and nowhere else.
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, err
			}
			return nil, &usageError{flagError(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// badValue matches the flag package's error for a value a flag refuses.
var badValue = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([^:]+): (.*)$`)

// flagError is the message of err, an error of fs.Parse, in the form of
// the commands' other refusals: "--NAME VALUE: want ...", where the flag
// package says `invalid value "VALUE" for flag -NAME: parse error`.
func flagError(fs *flag.FlagSet, err error) string {
	m := badValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	value, name, why := m[1], m[2], m[3]
	if v, err := strconv.Unquote(value); err == nil {
		value = v
	}
	if why == "parse error" || why == "value out of range" {
		switch fs.Lookup(name).Value.(flag.Getter).Get().(type) {
		case int, int64:
			why = "want a whole number"
		case float64:
			why = "want a number"
		case bool:
			why = "want true or false"
		}
	}
	return fmt.Sprintf("--%s %s: %s", name, value, why)
}
