package copydesk

import (
	"strings"

	"github.com/copydesk/copydesk/boiler"
	"github.com/copydesk/copydesk/htmltext"
	"github.com/copydesk/copydesk/summarize"
)

// CleanOptions tune the Clean stage. The zero value works.
type CleanOptions struct {
	Boiler boiler.Options
	// MinWords drops articles with fewer words after cleaning, with reason
	// "too-short". Zero means 15; negative keeps any non-empty article.
	MinWords int
}

func (o CleanOptions) minWords() int {
	if o.MinWords == 0 {
		return 15
	}
	return max(o.MinWords, 1)
}

// Clean returns the stage that cuts page chrome from a Document and sets
// its Paragraphs and Removed. HTML input is first turned into visible text,
// one line per block. Documents with no text are dropped as "empty", those
// whose article is shorter than MinWords as "too-short". HTML is cleaned
// by CleanHTML.
func Clean(opts CleanOptions) Stage {
	return func(d *Document) error {
		bo := opts.Boiler
		if bo.Lang == "" {
			bo.Lang = d.Lang
		}
		var res *boiler.Result
		if d.HTML != nil {
			r, title, err := CleanHTML(d.HTML, bo)
			if err != nil {
				return err
			}
			if d.Title == "" {
				d.Title = title
			}
			res = r
		} else {
			if strings.TrimSpace(d.Text) == "" {
				return Reject("empty", "no text")
			}
			res = boiler.Clean(d.Text, bo)
		}
		if len(res.Blocks) == 0 {
			return Reject("empty", "no text")
		}
		if d.Lang == "" {
			d.Lang = res.Lang
		}
		if d.Title == "" {
			d.Title = res.Title
		}
		d.Paragraphs = d.Paragraphs[:0]
		d.Removed = d.Removed[:0]
		words := 0
		for i, b := range res.Blocks {
			if b.Keep {
				d.Paragraphs = append(d.Paragraphs, b.Text)
				words += len(strings.Fields(b.Text))
			} else {
				d.Removed = append(d.Removed, Removal{Index: i, Text: b.Text, Reason: b.Reason})
			}
		}
		if len(d.Paragraphs) == 0 {
			return Reject("no-article", "every block was page chrome")
		}
		if words < opts.minWords() {
			return Reject("too-short", "")
		}
		return nil
	}
}

// CleanHTML cleans a web page: its visible text, one block per line, is
// classified by boiler with the share of each block that is link text as a
// hint. It returns the result and the page's <title>.
func CleanHTML(page []byte, opts boiler.Options) (*boiler.Result, string, error) {
	blocks, doc, err := htmltext.Options{}.Blocks(page, "")
	if err != nil {
		return nil, "", err
	}
	lines := make([]string, len(blocks))
	hints := make([]boiler.Hints, len(blocks))
	for i, b := range blocks {
		lines[i] = b.Text
		if len(b.Text) > 0 {
			hints[i].Links = float64(b.LinkBytes) / float64(len(b.Text))
		}
	}
	return boiler.CleanBlocks(lines, hints, opts), doc.Title, nil
}

// Summarize returns the stage that sets a Document's Summary from its
// description or its lead.
func Summarize(opts summarize.Options) Stage {
	return func(d *Document) error {
		o := opts
		if o.Lang == "" {
			o.Lang = d.Lang
		}
		s := summarize.Summarize(d.Paragraphs, d.Description, o)
		d.Summary, d.SummaryMethod = s.Text, s.Method
		return nil
	}
}

// ArticleText returns the Document's article: paragraphs separated by a
// blank line.
func (d *Document) ArticleText() string {
	return strings.Join(d.Paragraphs, "\n\n")
}
