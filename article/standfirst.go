package article

import "github.com/copydesk/copydesk/segment"

// Bounds of keepStandfirst.
const (
	// standfirstWords is the least words of a standfirst.
	standfirstWords = 6
	// standfirstReach is how many blocks of standfirstWords or more
	// above the article's first kept block a standfirst may stand (a
	// byline, a picture's caption, a prompt to log in may come between;
	// the share buttons, dates and labels among them do not count).
	standfirstReach = 6
	// standfirstMatch is the share of the block's word 4-grams that the
	// description must hold, or of the description's that the block must
	// hold.
	standfirstMatch = 0.8
)

// keepStandfirst keeps the standfirst that the rules dropped right above
// the article's first kept block: the nearest block there that says what
// the page's description (its description meta, Open Graph or JSON-LD)
// says. Publishers write the one as the other, in every language.
func keepStandfirst(a *Article) {
	desc := a.Meta.Description
	if desc == "" || len(a.Paragraphs) == 0 {
		return
	}
	first := -1
	for i := range a.Blocks {
		if a.Blocks[i].Keep {
			first = i
			break
		}
	}
	var set grams // the description's, read for the first candidate
	nDesc := 0
	reach := 0
	for i := first - 1; i >= 0 && reach < standfirstReach; i-- {
		b := &a.Blocks[i]
		if segment.CountWords(b.Text) < standfirstWords {
			continue
		}
		reach++
		// The cleaner may have taken a standfirst set in large type for
		// the headline; the headline itself is the title.
		if b.Text == a.Title {
			continue
		}
		if set == nil {
			set = grams{}
			nDesc = set.add(desc)
		}
		n, in := set.share(b.Text)
		// The block is the description, or the description is the block
		// cut short; and it is no teaser of the story's first paragraph
		// ("We've mentioned before how… Read More" above the paragraph
		// that begins so).
		if (float64(in) >= standfirstMatch*float64(n) || float64(in) >= standfirstMatch*float64(nDesc) && n <= 2*nDesc) &&
			!leadTeaser(b.Text, a.Paragraphs[0].Text) {
			b.Keep, b.Reason = true, ""
			a.Paragraphs = append([]Paragraph{{Text: b.Text, Kind: Text}}, a.Paragraphs...)
			return
		}
	}
}

// leadTeaser reports whether block says again what the story's first
// paragraph, lead, says: most of its word 4-grams are the lead's.
func leadTeaser(block, lead string) bool {
	set := grams{}
	set.add(lead)
	n, in := set.share(block)
	return n > 0 && float64(in) >= standfirstMatch*float64(n)
}
