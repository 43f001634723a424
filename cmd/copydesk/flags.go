package main

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"strconv"
	"strings"
	"time"
)

// durationValue is a flag.Value for a duration that also takes a plain
// number of seconds ("5" is 5s, "0.5" half a second).
type durationValue struct{ d *time.Duration }

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
