package htmltext

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		ct    string
		title string
		text  string
	}{
		{name: "empty", page: "", text: ""},
		{name: "plain text", page: "hello   world", text: "hello world"},
		{name: "paragraphs", page: "<p>One</p><p>Two</p>", text: "One\nTwo"},
		{name: "unclosed paragraphs", page: "<p>One<p>Two", text: "One\nTwo"},
		{name: "inline elements join", page: "<p>a<b>b</b>c <i>d</i> e</p>", text: "abc d e"},
		{name: "br splits", page: "line one<br>line two<br/>line three", text: "line one\nline two\nline three"},
		{name: "end br splits", page: "a</br>b", text: "a\nb"},
		{name: "no empty lines", page: "<div><p>\n\n</p><p> </p><div>x</div><br><br><br>y</div>", text: "x\ny"},
		{name: "whitespace collapse and trim", page: "<p>  a \t\n b  </p>", text: "a b"},
		{name: "nbsp is space", page: "<p>&nbsp;a&nbsp;&nbsp;b\u00a0</p>", text: "a b"},
		{name: "unicode spaces", page: "a\u2003\u3000b", text: "a b"},
		{name: "entities", page: "<p>AT&amp;T &lt;tag&gt; &eacute;t&#233; &#x263a; &copy</p>", text: "AT&T <tag> été ☺ ©"},
		{name: "script and style dropped", page: "<p>a<script>var x = '<p>no</p>';</script>b<style>p{}</style>c</p>", text: "abc"},
		{name: "noscript dropped", page: "<p>a</p><noscript><p>enable js</p></noscript><p>b</p>", text: "a\nb"},
		{name: "template dropped", page: "<p>a</p><template><p>t<template>u</template>v</p></template><p>b</p>", text: "a\nb"},
		{name: "svg dropped", page: "<p>a<svg><text>chart</text><title>t</title><svg>in</svg>x</svg>b</p>", text: "ab"},
		{name: "svg title self-closing", page: "<p>a<svg><title/><path d=\"M0\"/></svg>b</p><p>c</p>", text: "ab\nc"},
		{name: "svg style is not raw", page: "<svg><style>x</style><text>y</text></svg><p>z</p>", text: "z"},
		{name: "self-closing svg", page: "<p>a<svg/>b</p>", text: "ab"},
		{name: "svg broken out by html", page: "<svg><text>chart</text><p>visible</p>", text: "visible"},
		{name: "iframe content dropped", page: "x<iframe><p>fallback</p></iframe>y", text: "xy"},
		{name: "head dropped title kept", page: "<html><head><title> The  Title </title><meta charset=utf-8><style>x</style></head><body><p>Body</p></body></html>", title: "The Title", text: "Body"},
		{name: "first title wins", page: "<title>One</title><title>Two</title>text", title: "One", text: "text"},
		{name: "title in body not text", page: "<body><p>a</p><title>T</title><p>b</p>", title: "T", text: "a\nb"},
		{name: "svg title is not the title", page: "<body><svg><title>icon</title></svg><p>a</p>", title: "", text: "a"},
		{name: "text in head starts body", page: "<head><title>T</title>Hello<p>x", title: "T", text: "Hello\nx"},
		{name: "div in head starts body", page: "<head><div>Hi</div></head>", text: "Hi"},
		{name: "headings and lists", page: "<h1>Head</h1><ul><li>one<li>two</ul><h2>Sub</h2>", text: "Head\none\ntwo\nSub"},
		{name: "table cells", page: "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>", text: "a\nb\nc"},
		{name: "pre keeps newlines", page: "<pre>\nline 1\n  line   2\n\nline 3</pre>after", text: "line 1\nline 2\nline 3\nafter"},
		{name: "textarea", page: "a<textarea>x &amp;\ny</textarea>b", text: "a\nx &\ny\nb"},
		{name: "comments", page: "a<!-- hidden <p>x</p> -->b", text: "ab"},
		{name: "crlf", page: "<p>a\r\nb</p>\r\n<p>c</p>", text: "a b\nc"},
		{name: "controls dropped", page: "a\x01b\x7fc\u0085d\ufeffe", text: "abc de"},
		{name: "select options", page: "<select><option>One<option>Two</select>", text: "One\nTwo"},
		{name: "uppercase tags", page: "<P>One<BR>Two</P><SCRIPT>x</SCRIPT>", text: "One\nTwo"},
		{name: "self-closing script still raw", page: "a<script/>var x;</script>b", text: "ab"},
		{name: "unterminated script", page: "a<script>never closed <p>b", text: "a"},
		{name: "unterminated tag", page: "a<p class=\"x", text: "a"},
		{name: "stray less-than", page: "1 < 2 and 3 <4", text: "1 < 2 and 3 <4"},
		{name: "plaintext", page: "a<plaintext><p>b</p>\nc", text: "a\n<p>b</p>\nc"},
		{name: "invalid utf8 declared", page: "<meta charset=utf-8>a\xffb", text: "a\uFFFDb"},
		{name: "undeclared latin1", page: "caf\xe9 \x80", text: "café €"},
		{name: "meta charset latin1", page: "<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", text: "café"},
		{name: "meta http-equiv", page: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", text: "Привет"},
		{name: "header charset wins over meta", page: "<meta charset=utf-8><p>caf\xe9</p>", ct: "text/html; charset=ISO-8859-1", text: "café"},
		{name: "quoted header charset", page: "caf\xe9", ct: `text/html;charset="latin1"`, text: "café"},
		{name: "bogus header charset ignored", page: "café", ct: "text/html; charset=no-such-thing", text: "café"},
		{name: "utf8 bom", page: "\xef\xbb\xbf<p>x</p>", ct: "text/html; charset=latin1", text: "x"},
		{name: "utf16le bom", page: "\xff\xfe<\x00p\x00>\x00h\x00i\x00", text: "hi"},
		{name: "meta utf-16 means utf-8", page: "<meta charset=utf-16><p>é</p>", text: "é"},
		{name: "stale legacy declaration on utf-8 page", page: "<meta charset=gb2312><p>日本</p>", text: "日本"},
		{name: "shift_jis", page: "<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>", text: "日本"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Extract([]byte(tc.page), tc.ct)
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tc.text {
				t.Errorf("text:\n got %q\nwant %q", d.Text, tc.text)
			}
			if d.Title != tc.title {
				t.Errorf("title: got %q, want %q", d.Title, tc.title)
			}
			checkInvariants(t, d)
		})
	}
}

func TestCharsetName(t *testing.T) {
	for _, tc := range []struct{ page, ct, want string }{
		{"plain ascii", "", "utf-8"},
		{"caf\xe9", "", "windows-1252"},
		{"<meta charset=latin1>", "", "windows-1252"},
		{"<meta charset=koi8-r>", "", "koi8-r"},
		{"x", "text/html; charset=gb2312", "gbk"},
		{strings.Repeat("<script>var x=1;</script>", 100) + "<meta charset=iso-8859-2>", "", "iso-8859-2"},
		{"<body><meta charset=iso-8859-2>", "", "utf-8"},
		{"<meta charset=iso-8859-2>ascii only", "", "iso-8859-2"},
		{"<meta charset=iso-8859-2>\xc5\x82", "", "utf-8"},
		{"\xc5\x82", "text/html; charset=iso-8859-2", "utf-8"},
	} {
		d, _ := Extract([]byte(tc.page), tc.ct)
		if d.Charset != tc.want {
			t.Errorf("Extract(%.40q, %q).Charset = %q, want %q", tc.page, tc.ct, d.Charset, tc.want)
		}
	}
}

func TestLimits(t *testing.T) {
	t.Run("max line", func(t *testing.T) {
		page := "<p>" + strings.Repeat("abc déf ", 1000) + "</p><p>next</p>"
		d, _ := Options{MaxLineBytes: 100}.Extract([]byte(page), "")
		lines := strings.Split(d.Text, "\n")
		if len(lines) != 2 || lines[1] != "next" {
			t.Fatalf("got %d lines, last %q", len(lines), lines[len(lines)-1])
		}
		if len(lines[0]) > 100 || len(lines[0]) < 90 {
			t.Errorf("first line has %d bytes, want 90..100", len(lines[0]))
		}
		if d.LinesTruncated != 1 {
			t.Errorf("LinesTruncated = %d, want 1", d.LinesTruncated)
		}
		checkInvariants(t, d)
	})
	t.Run("giant text node without spaces", func(t *testing.T) {
		page := "<p>" + strings.Repeat("é", 1<<20) + "</p><p>next</p>"
		d, _ := Options{MaxLineBytes: 1001}.Extract([]byte(page), "")
		if want := strings.Repeat("é", 500) + "\nnext"; d.Text != want {
			t.Errorf("got %d bytes, want %d", len(d.Text), len(want))
		}
		checkInvariants(t, d)
	})
	t.Run("max input", func(t *testing.T) {
		page := "<p>first</p><p>second</p>"
		d, _ := Options{MaxInputBytes: 15}.Extract([]byte(page), "")
		if d.Text != "first" || !d.InputTruncated {
			t.Errorf("got %q truncated=%v", d.Text, d.InputTruncated)
		}
	})
	t.Run("unlimited", func(t *testing.T) {
		page := strings.Repeat("x", 3000)
		d, _ := Options{MaxInputBytes: -1, MaxLineBytes: -1}.Extract([]byte(page), "")
		if d.Text != page || d.InputTruncated || d.LinesTruncated != 0 {
			t.Errorf("got %d bytes", len(d.Text))
		}
	})
	t.Run("long title", func(t *testing.T) {
		d, _ := Extract([]byte("<title>"+strings.Repeat("t", 5000)+"</title>x"), "")
		if len(d.Title) != maxTitleBytes || d.Text != "x" {
			t.Errorf("title %d bytes, text %q", len(d.Title), d.Text)
		}
	})
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	o := Options{}
	for _, p := range []string{"<title>A</title><p>one</p><p>two</p>", "<script>x</script>", "three"} {
		if _, err := o.WriteText(&buf, []byte(p), ""); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := buf.String(), "one\ntwo\nthree\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// checkInvariants verifies the output conventions: valid UTF-8, no empty
// lines, no leading or trailing spaces, no control characters.
func checkInvariants(t *testing.T, d Doc) {
	t.Helper()
	if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
		t.Fatalf("invalid UTF-8 in output")
	}
	if strings.ContainsAny(d.Title, "\n\r\t") {
		t.Fatalf("title %q has line breaks or tabs", d.Title)
	}
	if d.Text == "" {
		return
	}
	for i, line := range strings.Split(d.Text, "\n") {
		if line == "" {
			t.Fatalf("line %d is empty in %q", i, d.Text)
		}
		if strings.TrimSpace(line) != line || strings.Contains(line, "  ") {
			t.Fatalf("line %d %q has untrimmed or doubled spaces", i, line)
		}
		if strings.ContainsAny(line, "\r\t\x00\u00a0") {
			t.Fatalf("line %d %q has control characters", i, line)
		}
	}
}

func Example() {
	page := []byte(`<html><head><title>Hello</title><script>track()</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>A  headline</h1><p>First&nbsp;paragraph, with <b>bold</b> text.</p>
<p>Second<br>paragraph.</p></article></body></html>`)
	d, err := Extract(page, "text/html; charset=utf-8")
	if err != nil {
		panic(err)
	}
	fmt.Printf("title: %s\n%s\n", d.Title, d.Text)
	// Output:
	// title: Hello
	// Home | News
	// A headline
	// First paragraph, with bold text.
	// Second
	// paragraph.
}

func FuzzVisible(f *testing.F) {
	f.Add([]byte("<p>a<b>b</b></p><br>c"), "")
	f.Add([]byte("<html><head><title>t</title></head><body><pre>x\ny</pre></body>"), "text/html; charset=utf-8")
	f.Add([]byte("<svg><p>x<template><script>y</script></template>"), "")
	f.Add([]byte("<meta charset=shift_jis>\x93\xfa\xff"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte("caf\xe9 &amp &#0; &#xD800; \x00"), "text/html; charset=\"x-user-defined\"")
	f.Fuzz(func(t *testing.T, page []byte, ct string) {
		d, err := Options{MaxLineBytes: 200}.Extract(page, ct)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, d)
		if len(d.Text) > 3*len(page)+16 {
			t.Fatalf("output %d bytes for %d input bytes", len(d.Text), len(page))
		}
		for _, line := range strings.Split(d.Text, "\n") {
			if len(line) > 200 {
				t.Fatalf("line of %d bytes exceeds the cap", len(line))
			}
		}
	})
}

// readabilityPages loads the source pages of the readability test set, or
// skips the benchmark when the data is not present.
func readabilityPages(b *testing.B) [][]byte {
	dir := filepath.Join("..", "..", "shared", "data", "extract-readability-testpages", "cases")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "source.html.gz"))
	if len(files) == 0 {
		b.Skip("readability test pages not found in ../shared/data (relative to the module root)")
	}
	var pages [][]byte
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(fn, err)
		}
		p, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			b.Fatal(fn, err)
		}
		pages = append(pages, p)
	}
	return pages
}

func BenchmarkVisibleReadability(b *testing.B) {
	pages := readabilityPages(b)
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Visible(p, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
}

// TestReleaseReuse checks that a Structure pass reusing a released Page's
// buffers gives what a pass of its own gives, and that strings taken from
// the released Page stay as they were.
func TestReleaseReuse(t *testing.T) {
	big := []byte("<html><body><nav class=menu><a href=/>Home</a></nav><article class=story>" +
		strings.Repeat(`<div class="para x"><p id=p1>A long paragraph of the first page, with words.</p></div>`, 200) + "</article></body></html>")
	small := []byte(`<html><body><main><h1>Title</h1><p class=lead>The second page.</p><ul><li>one<li>two</ul></main></body></html>`)
	var o Options
	want, err := o.Structure(small, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		p, err := o.Structure(big, "")
		if err != nil {
			t.Fatal(err)
		}
		kept := p.Blocks[3].Text
		p.Release()
		got, err := o.Structure(small, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Blocks, want.Blocks) || !reflect.DeepEqual(got.Nodes, want.Nodes) || got.Doc != want.Doc {
			t.Fatalf("after a release:\n got %+v %+v\nwant %+v %+v", got.Blocks, got.Nodes, want.Blocks, want.Nodes)
		}
		if kept != "A long paragraph of the first page, with words." {
			t.Fatalf("a string taken from a released page changed: %q", kept)
		}
		got.Release()
	}
}
