package metadata

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/htmltext"
	"golang.org/x/net/html/atom"
)

// TestUseJSONLD checks that an offered value takes the place of the
// script's own decoding when the collector's reading of the script is
// whole, and is passed over when a string was cut or the sizes differ.
func TestUseJSONLD(t *testing.T) {
	offered := map[string]any{"@type": "NewsArticle", "headline": "Offered"}
	for _, tc := range []struct {
		script string
		size   int // of the offer; -1 for the script's
		want   string
	}{
		{`{"@type":"NewsArticle","headline":"Own"}`, -1, "Offered"},
		{`{"@type":"NewsArticle","headline":"Own"}`, 3, "Own"},
		{`{"@type":"NewsArticle","headline":"Own","articleBody":"` + strings.Repeat("x", MaxJSONString) + `"}`, -1, "Own"},
	} {
		var c Collector
		o := c.Observer()
		o.StartTag(atom.Script, []htmltext.Attr{{Key: []byte("type"), Val: []byte("application/ld+json")}}, false)
		o.Text([]byte(tc.script), atom.Script)
		size := tc.size
		if size < 0 {
			size = len(tc.script)
		}
		c.UseJSONLD(offered, size)
		o.EndTag(atom.Script)
		if got := jsonLDInfo(c.ents).headline; got != tc.want {
			t.Errorf("script %.40q, size %d: headline %q, want %q", tc.script, tc.size, got, tc.want)
		}
		if c.shared != nil {
			t.Errorf("offer kept after the end tag")
		}
	}
}
