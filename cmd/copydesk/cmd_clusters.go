package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/stage"
)

const clustersAbout = `
Lists the stories of a run made with --dedup that more than one record
told (DIR/clusters.jsonl): the largest first, with their size, the span of
their publication dates, the number of sites and the canonical copy's
title. With --id, prints one story's timeline instead: its copies by date,
each with its site and URL, the canonical copy first.`

func cmdClusters(ctx context.Context, e *env, args []string) error {
	l := listing{name: "clusters", about: clustersAbout, idUsage: "print the timeline of the cluster with this id (or holding a member with it)", file: "clusters.jsonl", runFlag: "--dedup"}
	cs, top, id, err := readListing(e, args, l, stage.ReadClusters)
	if err != nil {
		return err
	}
	if id != "" {
		for _, c := range cs {
			if !holds(c, id) {
				continue
			}
			fmt.Fprintf(e.stdout, "%s: %d copies, %s\n", c.ClusterID, c.Size, c.Title)
			for i, m := range c.Members {
				mark := " "
				if i == 0 {
					mark = "*"
				}
				fmt.Fprintf(e.stdout, "%s %-25s %-30s %5d words  %s\n", mark, orDash(m.Date), orDash(m.Site), m.Words, m.URL)
			}
			return nil
		}
		return fmt.Errorf("no cluster holds %q", id)
	}
	fmt.Fprintf(e.stdout, "%d stories told more than once\n", len(cs))
	for i, c := range cs {
		if i == top {
			break
		}
		sites := map[string]bool{}
		for _, m := range c.Members {
			sites[m.Site] = true
		}
		kind := "near"
		if c.Exact {
			kind = "exact"
		}
		fmt.Fprintf(e.stdout, "%4d copies (%s) %d sites  %-35s %s  [%s]\n", c.Size, kind, len(sites), span(c.FirstDate, c.LastDate), clip(c.Title, 60), c.ClusterID)
	}
	return nil
}

// listing is what the commands that list a corpus stage's file
// (clusters, stories) are: their name and help, and the file of DIR they
// read, which the run flag runFlag writes.
type listing struct {
	name, about, idUsage string
	file, runFlag        string
}

// readListing parses the flags of a listing command (--top, --id, one
// DIR) and reads DIR's file with read; it returns the lines, --top and
// --id.
func readListing[T any](e *env, args []string, l listing, read func(io.Reader) ([]T, error)) ([]T, int, string, error) {
	flags := newFlags(e, l.name, "[--top N] [--id ID] DIR", l.about)
	top := flags.Int("top", 20, "how many "+l.name+" to list")
	id := flags.String("id", "", l.idUsage)
	dirs, err := parseFlags(flags, args)
	if err != nil {
		return nil, 0, "", err
	}
	if err := checkNumbers(flags, []flagRule{{"top", oneOrMore}}); err != nil {
		return nil, 0, "", err
	}
	if len(dirs) != 1 {
		return nil, 0, "", usagef("want exactly one DIR")
	}
	f, err := os.Open(filepath.Join(dirs[0], l.file))
	if err == nil {
		defer f.Close()
		var lines []T
		if lines, err = read(f); err == nil {
			return lines, *top, *id, nil
		}
	}
	return nil, 0, "", fmt.Errorf("%w (was the run made with %s?)", err, l.runFlag)
}

func holds(c stage.ClusterLine, id string) bool {
	if c.ClusterID == id {
		return true
	}
	for _, m := range c.Members {
		if m.ID == id {
			return true
		}
	}
	return false
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
