package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/source"
	"github.com/copydesk/copydesk/story"
)

// durationValue is a flag.Value for a duration that also takes a plain
// number of seconds ("5" is 5s, "0.5" half a second).
type durationValue struct{ d *time.Duration }

// maxDurationSeconds is the longest duration a number of seconds may
// give: about 292 years, what a time.Duration holds.
const maxDurationSeconds = float64(math.MaxInt64 / int64(time.Second))

func durationFlag(fs *flag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	fs.Var(durationValue{p}, name, usage+" (a duration: 30s, 2m, 1h30m, or a number of seconds)")
}

func (v durationValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

func (v durationValue) Set(s string) error {
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(secs) || math.IsInf(secs, 0) || math.Abs(secs) > maxDurationSeconds {
			return errors.New("want a duration like 30s, 2m or 1h30m, or a number of seconds")
		}
		*v.d = time.Duration(secs * float64(time.Second))
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a duration like 30s, 2m or 1h30m, or a number of seconds")
	}
	*v.d = d
	return nil
}

// listValue is a flag.Value for a comma-separated list, or, given as
// @FILE, the lines of FILE (blank lines and # comments skipped). Given
// again, the flag adds to the list.
type listValue struct{ list *[]string }

func (v listValue) String() string {
	if v.list == nil {
		return ""
	}
	return strings.Join(*v.list, ",")
}

func (v listValue) Set(s string) error {
	if name, ok := strings.CutPrefix(s, "@"); ok {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line != "" && !strings.HasPrefix(line, "#") {
				*v.list = append(*v.list, line)
			}
		}
		return sc.Err()
	}
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*v.list = append(*v.list, item)
		}
	}
	return nil
}

func (v durationValue) Get() any { return *v.d }

// numberRule is what a numeric flag takes: ok reports whether a value
// is allowed, want says which are, in the message that refuses one.
type numberRule struct {
	ok   func(float64) bool
	want string
}

var (
	oneOrMore     = numberRule{func(v float64) bool { return v >= 1 }, "want a whole number of 1 or more"}
	windowDays    = numberRule{func(v float64) bool { return v >= 1 && v <= story.MaxWindow }, fmt.Sprintf("want a whole number of days in 1..%d", story.MaxWindow)}
	zeroOrMore    = numberRule{func(v float64) bool { return v >= 0 }, "want 0 or more"}
	fraction      = numberRule{func(v float64) bool { return v > 0 && v <= 1 }, "want a number in (0, 1]"}
	positiveSpan  = numberRule{func(v float64) bool { return v > 0 }, "want a duration above 0"}
	zeroOrMoreDur = numberRule{func(v float64) bool { return v >= 0 }, "want a duration of 0 or more (0: none)"}
)

// checkNumbers refuses the first flag of rules (in its order) whose
// value is not one its rule allows, in one line that names the flag and
// its value: "--dedup-threshold 2: want a number in (0, 1]".
func checkNumbers(fs *flag.FlagSet, rules []flagRule) error {
	for _, r := range rules {
		f := fs.Lookup(r.name)
		var v float64
		switch x := f.Value.(flag.Getter).Get().(type) {
		case int:
			v = float64(x)
		case int64:
			v = float64(x)
		case float64:
			v = x
		case time.Duration:
			v = x.Seconds()
		default:
			panic("checkNumbers: --" + r.name + " is not a number")
		}
		if !r.ok(v) {
			return usagef("--%s %s: %s", r.name, f.Value, r.want)
		}
	}
	return nil
}

// flagRule is a numeric flag, by name, and its rule.
type flagRule struct {
	name string
	numberRule
}

// inputFormatFlag refuses an --input-format that is not a format.
func inputFormatFlag(format string) error {
	if err := (source.Options{Format: copydesk.Format(format)}).Validate(); err != nil {
		return usagef("--input-format %s: want seed, text, jsonl, html or warc (or none, to sniff each input)", format)
	}
	return nil
}

// langHintFlag refuses a language hint (--input-lang, eval's --lang)
// that is not an ISO 639-1 code, two letters, and lowercases one that is.
func langHintFlag(name string, code *string) error {
	if *code == "" {
		return nil
	}
	lower := strings.ToLower(*code)
	if len(lower) != 2 || strings.Trim(lower, "abcdefghijklmnopqrstuvwxyz") != "" {
		return usagef("--%s %s: want an ISO 639-1 code, two letters (en, de, fr)", name, *code)
	}
	*code = lower
	return nil
}
