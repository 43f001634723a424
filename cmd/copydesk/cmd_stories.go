package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/stage"
)

const storiesAbout = `
Lists the stories of a run made with --stories that more than one record
reported (DIR/stories.jsonl): the largest first, with their number of
articles, sites and copies, the span of their publication dates and the
first report's title. With --id, prints one story's timeline instead:
the outlets that reported it, the first publisher, and each article by
date, marked as a copy of an earlier one (the same dedup cluster, or
nearly the same terms) or a rewrite in the outlet's own words.`

func cmdStories(ctx context.Context, e *env, args []string) error {
	l := listing{name: "stories", about: storiesAbout, idUsage: "print the timeline of the story with this id (or holding an article with it)", file: "stories.jsonl", runFlag: "--stories"}
	ls, top, id, err := readListing(e, args, l, stage.ReadStories)
	if err != nil {
		return err
	}
	if id != "" {
		for _, l := range ls {
			if l.StoryID == id || slices.ContainsFunc(l.Members, func(m stage.StoryMember) bool { return m.ID == id }) {
				printTimeline(e, l)
				return nil
			}
		}
		return fmt.Errorf("no story of more than one article holds %q", id)
	}
	fmt.Fprintf(e.stdout, "%d stories reported more than once\n", len(ls))
	for i, l := range ls {
		if i == top {
			break
		}
		fmt.Fprintf(e.stdout, "%4d articles %3d sites %3d copies  %-23s %s  [%s]\n",
			l.Size, l.Sites, l.Copies, span(l.FirstDate, l.LastDate), clip(l.Title, 60), l.StoryID)
	}
	return nil
}

// printTimeline prints one story: its outlets, first publisher and
// articles by date.
func printTimeline(e *env, l stage.StoryLine) {
	first := l.Members[0]
	fmt.Fprintf(e.stdout, "%s: %d articles from %d sites, %d copies and %d rewrites, %s\n",
		l.StoryID, l.Size, l.Sites, l.Copies, l.Size-1-l.Copies, span(l.FirstDate, l.LastDate))
	fmt.Fprintf(e.stdout, "first published by %s on %s: %s\n", orDash(first.Site), orDash(first.Date), first.Title)
	count := map[string]int{}
	for _, m := range l.Members {
		count[m.Site]++
	}
	sites := make([]string, 0, len(count))
	for s := range count {
		sites = append(sites, s)
	}
	slices.SortFunc(sites, func(a, b string) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var b strings.Builder
	for i, s := range sites {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%d)", orDash(s), count[s])
	}
	fmt.Fprintf(e.stdout, "outlets: %s\n\n", b.String())
	for i, m := range l.Members {
		kind := "rewrite"
		switch {
		case i == 0:
			kind = "first"
		case m.Copy:
			kind = "copy"
		}
		fmt.Fprintf(e.stdout, "%-7s %-10s %-28s %4.2f  %-50s %s\n", kind, orDash(m.Date), clip(orDash(m.Site), 28),
			m.Similarity, clip(m.Title, 50), m.URL)
	}
}

// span returns "first … last", or one date when they are the same.
func span(first, last string) string {
	s := orDash(first)
	if last != "" && last != first {
		s += " … " + last
	}
	return s
}
