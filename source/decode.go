package source

import (
	"bytes"
	"unicode/utf8"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Decode turns the bytes of a plain-text record into UTF-8. It strips a
// UTF-8 BOM, decodes UTF-16 with a BOM, keeps valid UTF-8 as it is, repairs
// text that charset.ReadsAsUTF8 reads as UTF-8 though it is undeclared and
// not valid (invalid bytes become U+FFFD, encoding "utf-8-repaired") and
// reads the rest as windows-1252, the most common undeclared legacy
// encoding. It returns the encoding it used when that was not plain UTF-8,
// and copydesk.ErrBinary for data that is not text at all (NUL bytes or many
// control characters in its first 8 KiB).
func Decode(data []byte) (text, encoding string, err error) {
	switch name, n := charset.BOM(data); name {
	case "utf-8":
		data = data[n:]
	case "utf-16be", "utf-16le":
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || isBinary(out) {
			// Binary data that happens to start like a UTF-16 BOM (or
			// UTF-32, whose BOM begins with the UTF-16 one).
			return "", "", copydesk.ErrBinary
		}
		return string(out), "utf-16", nil
	}
	if isBinary(data) {
		return "", "", copydesk.ErrBinary
	}
	if utf8.Valid(data) {
		return string(data), "", nil
	}
	if charset.ReadsAsUTF8(data, false) {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), "utf-8-repaired", nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", copydesk.ErrBinary
	}
	return string(out), "windows-1252", nil
}

// isBinary reports whether the head of data holds a NUL byte or more than
// 1% control characters other than whitespace.
func isBinary(data []byte) bool {
	head := data[:min(len(data), 8<<10)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*100 > len(head)
}
