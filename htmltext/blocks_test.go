package htmltext

import (
	"slices"
	"strings"
	"testing"
)

func TestBlocksLinks(t *testing.T) {
	page := []byte(`<html><body>
<ul><li><a href="/a">Home</a></li><li><a href="/b">World news</a></li></ul>
<p>The council said on Monday, in a <a href="/x">statement</a>, that the bridge would open.</p>
<div><a href="/open">an anchor left open</div>
<p>Text after the unclosed link.</p>
<div><button type="button"><span>Listen to this article</span></button></div>
<p>Press <button>play</button> to hear it.</p>
<form><select name="edition"><option value="uk">UK edition</option><option value="us">US edition</option></select></form>
<div><span role="button" tabindex="0">Show more</span></div>
<p>The end.</p>
</body></html>`)
	blocks, _, err := Options{}.Blocks(page, "")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Extract(page, "")
	want := []struct {
		text string
		link int
	}{
		{"Home", 4},
		{"World news", 10},
		{"The council said on Monday, in a statement, that the bridge would open.", len(" statement")},
		{"an anchor left open", 19},
		{"Text after the unclosed link.", 0},
		{"Listen to this article", len("Listen to this article")},
		{"Press play to hear it.", len(" play")},
		{"UK edition", len("UK edition")},
		{"US edition", len("US edition")},
		{"Show more", len("Show more")},
		{"The end.", 0},
	}
	if len(blocks) != len(want) {
		t.Fatalf("%d blocks, want %d: %+v", len(blocks), len(want), blocks)
	}
	joined := ""
	for i, w := range want {
		if blocks[i].Text != w.text || blocks[i].LinkBytes != w.link {
			t.Errorf("block %d = %q with %d link bytes, want %q with %d", i, blocks[i].Text, blocks[i].LinkBytes, w.text, w.link)
		}
		if i > 0 {
			joined += "\n"
		}
		joined += blocks[i].Text
	}
	if joined != d.Text {
		t.Errorf("Blocks text differs from Extract text:\n%q\n%q", joined, d.Text)
	}
}

func TestHidingStyle(t *testing.T) {
	for style, want := range map[string]bool{
		"display:none":                    true,
		"color: red; DISPLAY : None ;":    true,
		"visibility:hidden":               true,
		"display: block":                  false,
		"display-mode: none":              false,
		"visibility: visible; top: 0":     false,
		"":                                false,
		"font-size: 2em;display:\tnone  ": true,
	} {
		if got := hidingStyle([]byte(style)); got != want {
			t.Errorf("hidingStyle(%q) = %v, want %v", style, got, want)
		}
	}
}

// TestAriaHidden checks that what aria-hidden keeps from screen readers
// (an icon's label, a player, a pull quote that copies the text) is
// dropped, but not a paragraph under a paywall, which the screen still
// shows.
func TestAriaHidden(t *testing.T) {
	page := []byte(`<html><body>
<p>The council met on Monday. <span aria-hidden="true">★★★</span></p>
<div class="player" aria-hidden="true"><p>00:00 / 02:31</p></div>
<p class="paywall" aria-hidden="TRUE">The vote was close, and the mayor said so.</p>
<div class="callout"><p aria-hidden="true">The council met on Monday.</p></div>
<p aria-hidden="false">The bridge opens in May.</p>
</body></html>`)
	checkBlockTexts(t, page, "The council met on Monday.", "The vote was close, and the mayor said so.", "The bridge opens in May.")
}

// checkBlockTexts checks that the blocks of page are want, in order.
func checkBlockTexts(t *testing.T, page []byte, want ...string) {
	t.Helper()
	p, err := Options{}.Structure(page, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range p.Blocks {
		got = append(got, b.Text)
	}
	if !slices.Equal(got, want) {
		t.Errorf("blocks %q, want %q", got, want)
	}
}

// TestScreenReaderText checks that text a style sheet keeps off the
// screen for screen readers is dropped, as a browser shows none of it,
// while classes that only look alike keep their text, and a heading keeps
// the punctuation it holds for screen readers.
func TestScreenReaderText(t *testing.T) {
	page := []byte(`<html><body>
<div class="box"><span class="icon"><span class="expand-icon__a11y h-offscreen">Open the box</span></span>The box holds the figures.</div>
<h2 class="sr-only">Article</h2>
<p>The council met <span class="visually-hidden">Published:</span>on Monday.</p>
<p class="srcset sr-only-focusable-x screen">Visible text.</p>
<h1><span class="kicker">Minority</span><span class="sr-only">:</span> Heading read whole</h1>
</body></html>`)
	checkBlockTexts(t, page, "The box holds the figures.", "The council met on Monday.", "Visible text.", "Minority: Heading read whole")
}

// TestControlsAndUnclosedMarkup checks the cases where a control's label
// or a screen-reader span must not take the text around it: a block an
// ARIA role calls a tab, a span left open before the next paragraph, a
// button opened inside a button, an accordion's question in a heading,
// and spans tracked past the depth bound.
func TestControlsAndUnclosedMarkup(t *testing.T) {
	// <html>, <body>, the divs, <p> and <a> fill the tracked stack; the
	// span is past it.
	deep := strings.Repeat("<div>", DefaultMaxDepth-3)
	for _, c := range []struct {
		name, page, text string
		link             int
	}{
		{"role on a block", `<div role="tab"><article><p>The council voted to build the bridge.</p></article></div>`,
			"The council voted to build the bridge.", 0},
		{"screen-reader span left open", `<p>Intro <span class="visually-hidden">Advertisement<p>The council voted to build the bridge.</p>`,
			"The council voted to build the bridge.", 0},
		{"button inside a button", `<p><button>play<button>pause</button> Then the story goes on.</p>`,
			"playpause Then the story goes on.", len("playpause")},
		{"accordion question", `<h2><button aria-expanded="false">What happens to the old ferry?</button></h2>`,
			"What happens to the old ferry?", 0},
		{"spans past the depth bound", deep + `<p><a href="/x">Link <span class="sr-only">x</span></a> Prose after the link.</p>`,
			"Link x Prose after the link.", len("Link x")},
	} {
		p, err := Options{}.Structure([]byte("<html><body>"+c.page+"</body></html>"), "")
		if err != nil {
			t.Fatal(err)
		}
		var got *Block
		for i := range p.Blocks {
			if p.Blocks[i].Text == c.text {
				got = &p.Blocks[i]
			}
		}
		switch {
		case got == nil:
			t.Errorf("%s: no block %q in %+v", c.name, c.text, p.Blocks)
		case got.LinkBytes != c.link:
			t.Errorf("%s: %q has %d link bytes, want %d", c.name, c.text, got.LinkBytes, c.link)
		}
	}
}

// TestLinkCount checks that a block counts the links and controls whose
// text begins in it, once each, however their text is split.
func TestLinkCount(t *testing.T) {
	for _, c := range []struct {
		page  string
		links int32
	}{
		{`<p>No links here.</p>`, 0},
		{`<p>Towns: <a href="/a">Takanabe</a>, <a href="/b">Shintomi</a> and <a href="/c">Kushima</a></p>`, 3},
		{`<p><a href="/a">One <b>link</b> <span class="x">in parts</span></a></p>`, 1},
		{`<p><a href="/a"><img src="a.jpg"></a>Text after an empty link, <a href="/b">then one</a></p>`, 1},
		{`<p><a href="/a">Outer <button>play</button> link</a> and <button>a button</button></p>`, 2},
		{`<p>Towns: <button>Takanabe<button>Shintomi</button></p>`, 2},
	} {
		p, err := Options{}.Structure([]byte("<html><body>"+c.page+"</body></html>"), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Blocks) != 1 || p.Blocks[0].Links != c.links {
			t.Errorf("%s: blocks %+v, want one with %d links", c.page, p.Blocks, c.links)
		}
	}
}

// FuzzStructure checks what every block of any page promises: its link
// bytes are bytes of its text, each link it counts wrote some of them,
// and its element is one of the page's nodes or none.
func FuzzStructure(f *testing.F) {
	f.Add([]byte(`<p>Towns: <a href="/a">Takanabe</a>, <a href="/b">Shintomi</a></p><a><div>x</div>y</a>`))
	f.Add([]byte(`<p aria-hidden="true"><a><img></a>a<button>b<button>c</button></button></p><div aria-hidden=true>d</div>`))
	f.Add([]byte(`<a href=x><p>one<p>two</a><li><a>three`))
	f.Fuzz(func(t *testing.T, page []byte) {
		p, err := Options{MaxDepth: 8, MaxLineBytes: 64}.Structure(page, "")
		if err != nil {
			return
		}
		for i, b := range p.Blocks {
			switch {
			case b.LinkBytes < 0 || b.LinkBytes > len(b.Text):
				t.Fatalf("block %d %q: %d link bytes", i, b.Text, b.LinkBytes)
			case b.Links < 0 || int(b.Links) > b.LinkBytes:
				t.Fatalf("block %d %q: %d links in %d link bytes", i, b.Text, b.Links, b.LinkBytes)
			case b.Node < -1 || int(b.Node) >= len(p.Nodes):
				t.Fatalf("block %d: node %d of %d", i, b.Node, len(p.Nodes))
			}
		}
	})
}
