package warc

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ARC files (the Internet Archive's format before WARC) are read as
// records in WARC terms: the filedesc record is a warcinfo record, and
// every other record is a response (its block holds the HTTP status line
// and headers for http and https URLs) or a resource. An ARC header line
// is "URL IP-address date content-type length" (version 1) or has five
// more fields before the length (version 2); the URL may hold spaces, so
// the line is read from its end.

// arcLine is one ARC record header line.
type arcLine struct {
	url, ip, date, mime string
	length              int64
	version             int
}

// parseARCLine reads an ARC header line.
func parseARCLine(line string) (arcLine, bool) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return arcLine{}, false
	}
	n, err := strconv.ParseInt(f[len(f)-1], 10, 64)
	if err != nil || n < 0 {
		return arcLine{}, false
	}
	// Version 2 has its date eight fields from the end, version 1 three.
	for _, v := range [...]struct{ version, dateAt, urlFields int }{{2, 8, 9}, {1, 3, 4}} {
		if len(f) <= v.urlFields || !isARCDate(f[len(f)-v.dateAt]) {
			continue
		}
		url := strings.Join(f[:len(f)-v.urlFields], " ")
		if !strings.Contains(url, ":") {
			return arcLine{}, false
		}
		return arcLine{url: url, ip: f[len(f)-v.urlFields], date: f[len(f)-v.dateAt],
			mime: f[len(f)-v.dateAt+1], length: n, version: v.version}, true
	}
	return arcLine{}, false
}

func isARCDate(s string) bool {
	if len(s) < 12 || len(s) > 17 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// arcDate converts an ARC date (YYYYMMDDhhmmss) to W3C-ISO8601.
func arcDate(s string) string {
	if len(s) > 14 {
		s = s[:14]
	}
	for len(s) < 14 {
		s += "0"
	}
	t, err := time.Parse("20060102150405", s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// readARCRecord reads the ARC record whose header line is first.
func (r *Reader) readARCRecord(first []byte, start, member int64) (*Record, error) {
	al, ok := parseARCLine(string(first))
	if !ok {
		return nil, &ParseError{Offset: start, Err: fmt.Errorf("%w: bad ARC header %q", ErrBadHeader, clipBytes(first, 40))}
	}
	rec := &Record{Version: "ARC/" + strconv.Itoa(al.version), Offset: start, MemberOffset: member, ContentLength: al.length}
	typ, ctype := TypeResource, al.mime
	switch {
	case strings.HasPrefix(al.url, "filedesc:"):
		typ, ctype = TypeWarcinfo, "text/plain"
	case strings.HasPrefix(al.url, "http:"), strings.HasPrefix(al.url, "https:"):
		typ, ctype = TypeResponse, "application/http; msgtype=response"
	}
	rec.Header = Header{
		{"WARC-Type", typ},
		{"WARC-Target-URI", al.url},
		{"WARC-Date", arcDate(al.date)},
		{"WARC-IP-Address", al.ip},
		{"Content-Type", ctype},
		{"Content-Length", strconv.FormatInt(al.length, 10)},
	}
	r.startBlock(rec)
	return rec, nil
}
