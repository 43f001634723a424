package charset

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16 without a byte order mark.
func utf16Bytes(s string, bigEndian bool) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	return b.String()
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, page, contentType, want, charset string
	}{
		{"plain utf-8", "<p>café</p>", "", "<p>café</p>", "utf-8"},
		{"undeclared latin-1 falls back to windows-1252", "<p>caf\xe9 \x93q\x94</p>", "", "<p>café “q”</p>", "windows-1252"},
		{"utf-8 bom dropped", "\xef\xbb\xbfx", "text/html; charset=latin1", "x", "utf-8"},
		{"utf-16le bom", "\xff\xfex\x00\xe9\x00", "", "xé", "utf-16le"},
		{"header wins over meta", "<meta charset=utf-8>caf\xe9", "text/html; charset=ISO-8859-1", "<meta charset=utf-8>café", "windows-1252"},
		{"meta http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">` + "\xcf\xf0", "", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">` + "Пр", "windows-1251"},
		{"meta utf-16 read as utf-8", "<meta charset=utf-16>é", "", "<meta charset=utf-16>é", "utf-8"},
		{"stale legacy label on utf-8 bytes", "<meta charset=gb2312>日本", "", "<meta charset=gb2312>日本", "utf-8"},
		{"unknown label ignored", "café", "text/html; charset=no-such-thing", "café", "utf-8"},
		{"utf-16le without bom", utf16Bytes("<html><body><p>Café au lait</p></body></html>", false), "text/html; charset=utf-8",
			"<html><body><p>Café au lait</p></body></html>", "utf-16le"},
		{"utf-16be without bom", utf16Bytes("<html><body><p>Café au lait</p></body></html>", true), "",
			"<html><body><p>Café au lait</p></body></html>", "utf-16be"},
		{"a few NULs are not utf-16", "<p>one\x00two three four five six seven eight</p>", "", "<p>one\x00two three four five six seven eight</p>", "utf-8"},
		{"utf-8 label on windows-1252 bytes", "<meta charset=utf-8><p>caf\xe9 cr\xe8me</p>", "", "<meta charset=utf-8><p>café crème</p>", "windows-1252"},
		{"utf-8 header on windows-1252 bytes", "<p>caf\xe9 cr\xe8me</p>", "text/html; charset=UTF-8", "<p>café crème</p>", "windows-1252"},
		{"one bad byte says too little", "<p>caf\xe9</p>", "text/html; charset=UTF-8", "<p>caf\xe9</p>", "utf-8"},
		{"utf-8 with a stray byte stays utf-8", "<meta charset=utf-8><p>café crème brûlée \xff</p>", "", "<meta charset=utf-8><p>café crème brûlée \xff</p>", "utf-8"},
		{"declaration after body ignored", "<body><meta charset=windows-1251>caf\xe9", "", "<body><meta charset=windows-1251>café", "windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, name := Decode([]byte(tt.page), tt.contentType)
			if string(got) != tt.want || name != tt.charset {
				t.Errorf("Decode(%q, %q) = %q, %q; want %q, %q", tt.page, tt.contentType, got, name, tt.want, tt.charset)
			}
		})
	}
}

// TestReadsAsUTF8 pins the two readings of ReadsAsUTF8 where they part:
// a tie and a lone stray byte go to the declaration.
func TestReadsAsUTF8(t *testing.T) {
	for _, tc := range []struct {
		text                 string
		declared, undeclared bool
	}{
		{"", true, true},
		{"plain ascii", true, true},
		{"café crème", true, true},
		{"caf\xe9", true, false},                     // one stray byte, nothing else
		{"café \xff", true, false},                   // a tie
		{"café crème \xff", true, true},              // more UTF-8 than stray bytes
		{"caf\xe9 cr\xe8me", false, false},           // windows-1252
		{"café cr\xe8me br\xfbl\xe9e", false, false}, // more stray bytes than UTF-8
	} {
		if got := ReadsAsUTF8([]byte(tc.text), true); got != tc.declared {
			t.Errorf("ReadsAsUTF8(%q, true) = %v, want %v", tc.text, got, tc.declared)
		}
		if got := ReadsAsUTF8([]byte(tc.text), false); got != tc.undeclared {
			t.Errorf("ReadsAsUTF8(%q, false) = %v, want %v", tc.text, got, tc.undeclared)
		}
	}
}

func TestBOM(t *testing.T) {
	for in, want := range map[string]struct {
		name string
		n    int
	}{
		"\xef\xbb\xbf<p>": {"utf-8", 3}, "\xfe\xff\x00<": {"utf-16be", 2}, "\xff\xfe<\x00": {"utf-16le", 2},
		"<p>": {"", 0}, "\xef\xbb": {"", 0}, "": {"", 0},
	} {
		if name, n := BOM([]byte(in)); name != want.name || n != want.n {
			t.Errorf("BOM(%q) = %q, %d; want %q, %d", in, name, n, want.name, want.n)
		}
	}
	if got := string(TrimUTF8BOM([]byte("\xef\xbb\xbfWARC/1.0"))); got != "WARC/1.0" {
		t.Errorf("TrimUTF8BOM = %q", got)
	}
	if got := string(TrimUTF8BOM([]byte("\xff\xfe<\x00"))); got != "\xff\xfe<\x00" {
		t.Errorf("TrimUTF8BOM cut a UTF-16 mark: %q", got)
	}
}
