package article

import "github.com/copydesk/copydesk/segment"

// Bounds of keepStandfirst.
const (
	// standfirstWords is the least words of a standfirst.
	standfirstWords = 6
	// standfirstReach is how many blocks above the article's first kept
	// block a standfirst may stand (a byline, a date, a picture and its
	// caption may come between).
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
	for i := first - 1; i >= 0 && i >= first-standfirstReach; i-- {
		b := &a.Blocks[i]
		// The cleaner may have taken a standfirst set in large type for
		// the headline; the headline itself is the title.
		if b.Text == a.Title || segment.CountWords(b.Text) < standfirstWords {
			continue
		}
		if set == nil {
			set = grams{}
			nDesc = set.add(desc)
		}
		n, in := set.share(b.Text)
		// The block is the description, or the description is the block
		// cut short.
		if float64(in) >= standfirstMatch*float64(n) || float64(in) >= standfirstMatch*float64(nDesc) && n <= 2*nDesc {
			b.Keep, b.Reason = true, ""
			a.Paragraphs = append([]Paragraph{{Text: b.Text, Kind: Text}}, a.Paragraphs...)
			return
		}
	}
}
