// Package chart draws the few charts copydesk's report and server show,
// as inline SVG that needs no script and no style sheet: colours are
// presentation attributes, so a page whose Content-Security-Policy
// forbids inline styles shows them as drawn.
//
// Every label is escaped: callers may pass text from the pages they
// processed. The functions return template.HTML so that html/template
// embeds the drawing as it is; nothing else they return is markup.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// Item is one bar: a label and its value; Note, when set, is shown
// beside the value.
type Item struct {
	Label string
	Value float64
	Note  string
}

// Colours of the drawings.
const (
	barColour   = "#3b6ea5"
	accent      = "#c0392b"
	axisColour  = "#888"
	textColour  = "#222"
	fontFamily  = "system-ui, sans-serif"
	labelMaxLen = 40
)

// Bars draws one horizontal bar per item, top to bottom, with its label
// on the left and its value on the right. Width is the drawing's width
// in pixels (0: 640).
func Bars(title string, items []Item, width int) template.HTML {
	if width <= 0 {
		width = 640
	}
	const row, top = 22, 8
	labelW := width * 2 / 5
	valueW := 90
	plotW := width - labelW - valueW
	h := top*2 + row*max(len(items), 1)
	var b strings.Builder
	open(&b, title, width, h)
	maxV := 0.0
	for _, it := range items {
		maxV = math.Max(maxV, it.Value)
	}
	if len(items) == 0 {
		text(&b, 4, top+15, "start", "no data")
	}
	for i, it := range items {
		y := top + i*row
		w := 0.0
		if maxV > 0 {
			w = float64(plotW) * it.Value / maxV
		}
		text(&b, labelW-6, y+15, "end", clip(it.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %s</title></rect>`,
			labelW, y+3, math.Max(w, 1), row-6, barColour, esc(it.Label), esc(Number(it.Value)))
		v := Number(it.Value)
		if it.Note != "" {
			v += " " + it.Note
		}
		text(&b, labelW+int(w)+4, y+15, "start", v)
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// Columns draws one vertical column per item, left to right: a
// histogram or a series over time. Labels are shown under every column
// when they fit, else under evenly spaced ones.
func Columns(title string, items []Item, width int) template.HTML {
	if width <= 0 {
		width = 640
	}
	const h, left, bottom, top = 220, 56, 40, 12
	plotW, plotH := width-left-10, h-bottom-top
	var b strings.Builder
	open(&b, title, width, h)
	maxV := 0.0
	for _, it := range items {
		maxV = math.Max(maxV, it.Value)
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, left, top+plotH, left+plotW, top+plotH, axisColour)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, left, top, left, top+plotH, axisColour)
	text(&b, left-4, top+8, "end", Number(maxV))
	text(&b, left-4, top+plotH, "end", "0")
	if len(items) == 0 {
		text(&b, left+8, top+plotH/2, "start", "no data")
		b.WriteString("</svg>")
		return template.HTML(b.String())
	}
	colW := float64(plotW) / float64(len(items))
	every := int(math.Ceil(float64(len(items)) * 70 / float64(plotW)))
	for i, it := range items {
		x := float64(left) + colW*float64(i)
		ch := 0.0
		if maxV > 0 {
			ch = float64(plotH) * it.Value / maxV
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
			x+colW*0.1, float64(top+plotH)-ch, math.Max(colW*0.8, 0.5), ch, barColour, esc(it.Label), esc(Number(it.Value)))
		if i%every == 0 {
			text(&b, int(x+colW/2), top+plotH+16, "middle", clip(it.Label))
		}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// Point is one item on a timeline row.
type Point struct {
	At    float64 // position on the time axis, in any unit (Unix seconds)
	Label string  // shown on hover
	Href  string  // a link, built by the caller from trusted parts; "" for none
	First bool    // drawn as the first publisher
	Copy  bool    // a verbatim copy (filled), else a rewrite (hollow)
}

// Row is one line of a timeline: a site and what it published.
type Row struct {
	Label  string
	Points []Point
}

// Timeline draws rows of points on a shared time axis, with Ticks (At,
// label) on the axis. A row's points are links when they have an Href.
func Timeline(title string, rows []Row, ticks []Point, width int) template.HTML {
	if width <= 0 {
		width = 760
	}
	const row, top, bottom = 26, 10, 30
	labelW := width / 4
	plotW := width - labelW - 50 // room for the last tick's label
	h := top + bottom + row*max(len(rows), 1)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		for _, p := range r.Points {
			lo, hi = math.Min(lo, p.At), math.Max(hi, p.At)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	xOf := func(at float64) float64 { return float64(labelW) + 10 + float64(plotW-20)*(at-lo)/(hi-lo) }
	var b strings.Builder
	open(&b, title, width, h)
	axisY := top + row*len(rows) + 4
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, labelW, axisY, labelW+plotW, axisY, axisColour)
	for _, t := range ticks {
		if t.At < lo || t.At > hi {
			continue
		}
		x := xOf(t.At)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-dasharray="2,3"/>`, x, top, x, axisY, axisColour)
		text(&b, int(x), axisY+16, "middle", t.Label)
	}
	for i, r := range rows {
		y := top + i*row + row/2
		text(&b, labelW-8, y+4, "end", clip(r.Label))
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#ddd"/>`, labelW, y, labelW+plotW, y)
		for _, p := range r.Points {
			x := xOf(p.At)
			if p.Href != "" {
				fmt.Fprintf(&b, `<a href="%s">`, esc(p.Href))
			}
			fill, stroke, rad := barColour, barColour, 6
			if !p.Copy {
				fill = "#fff"
			}
			if p.First {
				stroke, rad = accent, 8
				if p.Copy {
					fill = accent
				}
			}
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="%d" fill="%s" stroke="%s" stroke-width="2"><title>%s</title></circle>`,
				x, y, rad, fill, stroke, esc(p.Label))
			if p.Href != "" {
				b.WriteString("</a>")
			}
		}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// Number formats a count or a measure briefly: 1234 → "1,234", 2.5 → "2.5".
func Number(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e15 {
		if math.Abs(v) >= 100 {
			return fmt.Sprintf("%.0f", v)
		}
		return fmt.Sprintf("%.2g", v)
	}
	s := fmt.Sprintf("%d", int64(math.Abs(v)))
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if v < 0 {
		return "-" + string(out)
	}
	return string(out)
}

func open(b *strings.Builder, title string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" font-family="%s" font-size="12" fill="%s"><title>%s</title>`,
		w, h, w, h, esc(title), fontFamily, textColour, esc(title))
}

func text(b *strings.Builder, x, y int, anchor, s string) {
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="%s">%s</text>`, x, y, anchor, esc(s))
}

func esc(s string) string { return html.EscapeString(s) }

func clip(s string) string {
	if r := []rune(s); len(r) > labelMaxLen {
		return string(r[:labelMaxLen-1]) + "…"
	}
	return s
}
