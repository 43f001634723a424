package chart

import (
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {7, "7"}, {1234, "1,234"}, {-1234567, "-1,234,567"}, {2.5, "2.5"}, {0.125, "0.12"}, {1234.5, "1234"},
	} {
		if got := Number(tc.in); got != tc.want {
			t.Errorf("Number(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Labels come from the pages processed: they must never be markup.
func TestLabelsEscaped(t *testing.T) {
	evil := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	items := []Item{{Label: evil, Value: 3, Note: evil}, {Label: "b", Value: 1}}
	for name, svg := range map[string]string{
		"Bars":     string(Bars(evil, items, 0)),
		"Columns":  string(Columns(evil, items, 0)),
		"Timeline": string(Timeline(evil, []Row{{Label: evil, Points: []Point{{At: 1, Label: evil, Href: evil}}}}, []Point{{At: 1, Label: evil}}, 0)),
	} {
		t.Run(name, func(t *testing.T) {
			if strings.Contains(svg, "<script") || strings.Contains(svg, "<img") || strings.Contains(svg, `"><img`) {
				t.Errorf("unescaped label in %s", svg)
			}
			if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
				t.Errorf("not one svg element: %.80s", svg)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	for name, svg := range map[string]string{
		"Bars": string(Bars("t", nil, 0)), "Columns": string(Columns("t", nil, 0)), "Timeline": string(Timeline("t", nil, nil, 0)),
	} {
		if !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("%s of nothing: %s", name, svg)
		}
	}
}
