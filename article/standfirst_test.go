package article

import (
	"fmt"
	"strings"
	"testing"
)

func TestKeepStandfirst(t *testing.T) {
	const dek = "The town will get its bridge after ten years of argument, and the ferry will stop next spring."
	page := func(description string) string {
		return standfirstPage(description, dek)
	}
	checkKept(t, page(dek), "paragraph 5 of the story", dek, true)
	checkKept(t, page("A page about bridges."), "paragraph 5 of the story", dek, false)
	// A standfirst without a full stop above a byline, which the cleaner
	// takes for the headline (the nearest line of a few words above the
	// story).
	const open = "Town gets its new bridge and loses its old ferry next spring"
	checkKept(t, standfirstPage(open+".", open+`</p><p class="byline">By Jane Roe`), "paragraph 5 of the story", open, true)
	// Share buttons, a date and a prompt to log in between the standfirst
	// and the story do not put it out of reach.
	var chrome strings.Builder
	for _, s := range []string{"Share", "Copy link", "Facebook", "X", "WhatsApp", "Email", "02/12/2024", "Updated 20:56", "Log in", "Subscribe"} {
		chrome.WriteString(`</p><p class="tool">` + s)
	}
	checkKept(t, standfirstPage(dek, dek+chrome.String()), "paragraph 5 of the story", dek, true)
	// The story's first paragraph cut short as a teaser above it is no
	// standfirst.
	const lead = "The council voted on Tuesday night to approve the new bridge across the river, paragraph 0 of the story... Read More"
	checkKept(t, standfirstPage(lead, lead), "paragraph 5 of the story", "Read More", false)
}

// standfirstPage is a story with the standfirst dek under its headline
// and the page description description.
func standfirstPage(description, dek string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><title>River bridge approved</title><meta name="description" content="%s"></head><body>`, description)
	fmt.Fprintf(&b, `<header class="top"><h1>River bridge approved</h1><p class="dek">%s</p></header><article>`, dek)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>The council voted on Tuesday night to approve the new bridge across the river, paragraph %d of the story, after a debate that lasted more than a decade.</p>", i)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}
