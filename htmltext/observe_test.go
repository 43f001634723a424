package htmltext

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/internal/htmltok"
)

// tagAttrs returns the attributes of the current tag as the tokenizer's
// TagAttr gives them, as readAttrList keeps them.
func tagAttrs(z *html.Tokenizer) []Attr {
	var out []Attr
	for {
		k, v, more := z.TagAttr()
		if len(out) < maxAttrs {
			out = append(out, Attr{bytes.Clone(k), bytes.Clone(v)})
		}
		if !more {
			return out
		}
	}
}

// checkAttrs compares readAttrList with x/net/html's tokenizer on every
// start tag of page.
func checkAttrs(t *testing.T, page []byte) (all int) {
	z := html.NewTokenizer(bytes.NewReader(page))
	ours := htmltok.New(page)
	var got []Attr
	for {
		tt := z.Next()
		if ours.Next() != tt {
			t.Fatalf("token types differ at %q", z.Raw())
		}
		if tt == html.ErrorToken {
			return all
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		all++
		raw := bytes.Clone(z.Raw())
		got = readAttrList(ours, got)
		_, hasAttr := z.TagName()
		want := []Attr(nil)
		if hasAttr {
			want = tagAttrs(z)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", []Attr(want)) {
			t.Fatalf("tag %q:\nreadAttrList %q\nTagAttr      %q", raw, got, want)
		}
	}
}

func TestReadAttrList(t *testing.T) {
	page := `<html lang=en><body class="a b" id='x' data-x = "1" hidden><div class=one class=two/>` +
		`<a href=/x/y?z title="a>b" =odd  / b/c>t</a><p/ ><img src=x.png alt="">` +
		`<meta name=viewport content="width=device-width"><br/><input disabled value=>` +
		`<span a b c d=e f='g'h=i>x</span><DIV Class=Up>y</DIV><a href="?a=1&amp;b=2">z</a>` +
		`<p style="display:none"	data-tab=1` + "\f" + `data-ff=2>q</p><p\r a="b\r\nc" \x00=\x00>`
	if all := checkAttrs(t, []byte(page)); all == 0 {
		t.Error("no tags read")
	}
	many := "<div " + strings.Repeat("a=1 ", 100000) + "b=2>"
	z := htmltok.New([]byte(many))
	z.Next()
	if got := readAttrList(z, nil); len(got) != 2 {
		t.Errorf("100,000 duplicate attributes: %d kept", len(got))
	}
	distinct := "<div"
	for i := range 1000 {
		distinct += fmt.Sprintf(" a%d=%d", i, i)
	}
	z = htmltok.New([]byte(distinct + ">"))
	z.Next()
	if got := readAttrList(z, nil); len(got) != maxAttrs {
		t.Errorf("1,000 attributes: %d kept, want %d", len(got), maxAttrs)
	}
}

func FuzzReadAttrList(f *testing.F) {
	for _, s := range []string{`<a href=x>`, `<p class="a" id='b' c=d/>`, `<a =b c = "d" e/f>`, `<a b="c>`, `<x a=1 a=2 b>`, `<a B=&amp;>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		checkAttrs(t, page)
	})
}
