package htmltext

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
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

// checkRawAttrs compares rawAttrs with the tokenizer on every start tag
// of page, where rawAttrs takes the tag on.
func checkRawAttrs(t *testing.T, page []byte) (fast, all int) {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return fast, all
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		all++
		raw := bytes.Clone(z.Raw())
		got, ok := rawAttrs(raw, nil)
		_, hasAttr := z.TagName()
		want := []Attr(nil)
		if hasAttr {
			want = tagAttrs(z)
		}
		if !ok {
			continue
		}
		fast++
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("tag %q:\nrawAttrs %q\nTagAttr  %q", raw, got, want)
		}
	}
}

func TestRawAttrs(t *testing.T) {
	page := `<html lang=en><body class="a b" id='x' data-x = "1" hidden><div class=one class=two/>` +
		`<a href=/x/y?z title="a>b" =odd  / b/c>t</a><p/ ><img src=x.png alt="">` +
		`<meta name=viewport content="width=device-width"><br/><input disabled value=>` +
		`<span a b c d=e f='g'h=i>x</span><DIV Class=Up>y</DIV><a href="?a=1&amp;b=2">z</a>` +
		`<p style="display:none"	data-tab=1` + "\f" + `data-ff=2>q</p>`
	fast, all := checkRawAttrs(t, []byte(page))
	if fast < all-3 || fast == 0 {
		t.Errorf("rawAttrs took %d of %d tags", fast, all)
	}
	many := "<div " + strings.Repeat("a=1 ", 100000) + "b=2>"
	if got, ok := rawAttrs([]byte(many), nil); !ok || len(got) != 2 {
		t.Errorf("100,000 duplicate attributes: %d kept, ok %v", len(got), ok)
	}
}

func FuzzRawAttrs(f *testing.F) {
	for _, s := range []string{`<a href=x>`, `<p class="a" id='b' c=d/>`, `<a =b c = "d" e/f>`, `<a b="c>`, `<x a=1 a=2 b>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		checkRawAttrs(t, page)
	})
}
