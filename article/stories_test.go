package article

import (
	"fmt"
	"strings"
	"testing"
)

// storiesPage is a page whose main element holds a story under its own
// <h1> and, below it, the next story loaded under it, with an <h1> when
// headed.
func storiesPage(headed bool) string {
	story := func(name string) string {
		var b strings.Builder
		for i := range 5 {
			fmt.Fprintf(&b, "<p>The %s story goes on in paragraph %d, with the council and the mayor arguing over the new bridge across the river for another decade.</p>", name, i)
		}
		return b.String()
	}
	head := "<h2>Next</h2>"
	if headed {
		head = "<h1>The next story</h1>"
	}
	return `<html><head><title>The first story</title></head><body><main><article class="story"><h1>The first story</h1>` +
		story("first") + `</article><div class="below"><article class="story">` + head + story("second") +
		`</article></div></main></body></html>`
}

func TestDropLaterStories(t *testing.T) {
	for _, c := range []struct {
		name       string
		headed     bool
		secondKept bool
	}{
		{"next story with its headline", true, false},
		// Sections of one story, or posts, without their own <h1>.
		{"no headline of its own", false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkKept(t, storiesPage(c.headed), "The first story goes on in paragraph 4", "The second story goes on", c.secondKept)
		})
	}
}
