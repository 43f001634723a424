package htmltok

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNumericRef checks the decoding of numeric character references
// against x/net/html's, in an attribute value, over every code point up
// to U+3000 and a stride of the rest, in the four forms, and over long
// and odd digit runs.
func TestNumericRef(t *testing.T) {
	xnet := func(ref string) string {
		z := html.NewTokenizer(strings.NewReader(`<a b="` + ref + `">`))
		z.Next()
		_, val, _ := z.TagAttr()
		return string(val)
	}
	var refs []string
	for cp := 0; cp < 0x110010; cp++ {
		if cp > 0x3000 && cp%97 != 0 && !(0xD7F0 <= cp && cp <= 0xE010) && cp < 0x10FFF0 {
			continue
		}
		refs = append(refs, fmt.Sprintf("&#%d;", cp), fmt.Sprintf("&#x%x;", cp), fmt.Sprintf("&#%d", cp), fmt.Sprintf("&#X%X", cp))
	}
	refs = append(refs, "&#", "&#;", "&#x", "&#x;", "&#X;", "&#0000000065;", "&#x00000041",
		"&#99999999999999999999;", "&#xFFFFFFFFFFFFFFFF;", "&#1114112;", "&#x110000", "&#4294967361;", "&#x100000041;")
	for _, ref := range refs {
		want := xnet(ref)
		got, ok := numericRef([]byte(ref))
		if !ok {
			got = ref
		}
		if got != want {
			t.Errorf("%q: %q, x/net/html %q", ref, got, want)
		}
	}
}
