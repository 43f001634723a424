package source

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/warc"
	"github.com/klauspost/compress/gzip"
)

// testArchive writes one record of every kind the source tells apart,
// then a record cut short, and returns the archive with the outcome each
// record should get: "" for a Document to read, a drop reason, or a
// failure sentinel.
func testArchive(t *testing.T, compress bool) ([]byte, []any) {
	t.Helper()
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	page := []byte("<!DOCTYPE html><html><body><p>A page.</p></body></html>")
	http := func(status string, ctype string, body []byte) []byte {
		return append([]byte("HTTP/1.1 "+status+"\r\nContent-Type: "+ctype+"\r\n\r\n"), body...)
	}
	rec := func(typ, ctype string) warc.Header {
		var h warc.Header
		h.Set("WARC-Type", typ)
		h.Set("WARC-Target-URI", "https://example.org/a")
		h.Set("WARC-Date", at.Format(time.RFC3339))
		h.Set("Content-Type", ctype)
		return h
	}
	const msg = "application/http; msgtype=response"
	records := []struct {
		h     warc.Header
		block []byte
		want  any
	}{
		{rec(warc.TypeWarcinfo, "application/warc-fields"), []byte("software: x\r\n"), ReasonWarcinfo},
		{rec(warc.TypeRequest, "application/http; msgtype=request"), []byte("GET /a HTTP/1.1\r\n\r\n"), ReasonRequest},
		{rec(warc.TypeResponse, msg), http("200 OK", "text/html; charset=utf-8", page), ""},
		{rec(warc.TypeResponse, msg), http("301 Moved", "text/html", nil), ReasonRedirect},
		{rec(warc.TypeResponse, msg), http("404 Not Found", "text/html", page), ReasonStatus},
		{rec(warc.TypeResponse, msg), http("200 OK", "image/png", []byte("\x89PNG")), ReasonNotHTML},
		{rec(warc.TypeResponse, msg), http("200 OK", "", page), ""},
		{rec(warc.TypeResponse, "text/dns"), []byte("example.org. 300 IN A 1.2.3.4"), ReasonNotHTML},
		{rec(warc.TypeResponse, msg), []byte("not http at all"), copydesk.ErrBadRecord},
		{rec(warc.TypeResource, "text/html"), page, ""},
		{rec(warc.TypeConversion, "text/plain"), []byte("Plain text of a page."), ""},
		{rec(warc.TypeRevisit, msg), []byte("HTTP/1.1 200 OK\r\n\r\n"), ReasonRevisit},
		{rec(warc.TypeMetadata, "application/warc-fields"), []byte("fetchTimeMs: 5\r\n"), ReasonMetadata},
		{rec("continuation", "text/plain"), []byte("x"), ReasonOther},
		{rec(warc.TypeResponse, msg), http("200 OK", "text/html", page), copydesk.ErrTruncated},
	}
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, compress)
	var want []any
	for _, r := range records {
		if _, err := w.Write(r.h, r.block); err != nil {
			t.Fatal(err)
		}
		want = append(want, r.want)
	}
	data := buf.Bytes()
	if compress {
		// Cut the last member short.
		return data[:len(data)-20], want
	}
	return data[:len(data)-10], want
}

func TestArchiveRecords(t *testing.T) {
	for _, compress := range []bool{false, true} {
		name := "plain"
		if compress {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			data, want := testArchive(t, compress)
			path := filepath.Join(t.TempDir(), "crawl.warc")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var docs []*copydesk.Document
			for d := range Documents([]string{path}, nil, Options{}) {
				docs = append(docs, d)
			}
			if len(docs) != len(want) {
				t.Fatalf("%d documents, want %d (one per record)", len(docs), len(want))
			}
			for i, d := range docs {
				switch w := want[i].(type) {
				case string:
					switch {
					case w == "" && (d.Outcome != copydesk.Pending || d.Err != nil):
						t.Errorf("record %d: %v %s %v, want a document", i, d.Outcome, d.Reason, d.Err)
					case w == "" && d.HTML == nil && d.Text == "":
						t.Errorf("record %d: no HTML and no text", i)
					case w != "" && !droppedAs(d, w):
						t.Errorf("record %d: %v %s %v, want dropped as %s", i, d.Outcome, d.Reason, d.Err, w)
					}
				case error:
					var pe *copydesk.ParseError
					if d.Outcome != copydesk.Failed || !errors.Is(d.Err, w) || !errors.As(d.Err, &pe) || pe.File != path {
						t.Errorf("record %d: %v %v, want failed by a ParseError for %v", i, d.Outcome, d.Err, w)
					}
				}
				if d.Source.Format != copydesk.FormatWARC {
					t.Errorf("record %d: format %q", i, d.Source.Format)
				}
			}
			page := docs[2]
			if page.URL != "https://example.org/a" || page.Fetched != "2024-05-06T07:08:09Z" ||
				page.ContentType != "text/html; charset=utf-8" || page.ID == "" || page.Source.Offset == 0 ||
				page.Source.HTTPStatus != 200 || page.Source.RecordID != "<urn:uuid:"+page.ID+">" {
				t.Errorf("page document: %+v", page)
			}
			if docs[10].Text != "Plain text of a page." {
				t.Errorf("conversion record: text %q", docs[10].Text)
			}
		})
	}
}

// TestArchiveOversizedBlock checks that a block beyond MaxRecordBytes
// fails as too large and the next record is still read.
func TestArchiveOversizedBlock(t *testing.T) {
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	h := warc.ResponseHeader("https://example.org/big", time.Now())
	w.Write(h, warc.HTTPBlock("text/html", bytes.Repeat([]byte("<p>big</p>"), 1000)))
	w.Write(h, warc.HTTPBlock("text/html", []byte("<p>small</p>")))
	path := filepath.Join(t.TempDir(), "big.warc.gz")
	os.WriteFile(path, buf.Bytes(), 0o644)
	var docs []*copydesk.Document
	for d := range Documents([]string{path}, nil, Options{MaxRecordBytes: 5000}) {
		docs = append(docs, d)
	}
	if len(docs) != 2 || !errors.Is(docs[0].Err, copydesk.ErrTooLarge) || docs[1].Err != nil || docs[1].HTML == nil {
		t.Fatalf("documents: %+v", docs)
	}
}

// TestArchiveOneOutcomePerRecord: damage found in a record's block or in
// its gzip member fails that record; it is not one more outcome.
func TestArchiveOneOutcomePerRecord(t *testing.T) {
	page := warc.HTTPBlock("text/html", []byte("<html><body><p>A page of its own with words.</p></body></html>"))
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var req warc.Header
	req.Set("WARC-Type", warc.TypeRequest)
	build := func(compress bool) []byte {
		var b bytes.Buffer
		w := warc.NewWriter(&b, compress)
		w.Write(warc.ResponseHeader("https://example.org/a", at), page)
		w.Write(req, bytes.Repeat([]byte("GET / HTTP/1.1\r\nX: y\r\n"), 20))
		return b.Bytes()
	}
	plain := build(false)
	members := build(true)
	// The gzip trailer of the first member: its CRC-32 is the 8 bytes
	// before the second member's magic.
	second := bytes.Index(members[1:], []byte{0x1f, 0x8b, 0x08}) + 1
	badCRC := bytes.Clone(members)
	badCRC[second-8] ^= 0xff
	for _, tc := range []struct {
		name   string
		data   []byte
		want   []string // outcome per record: "ok", a drop reason, or a failure sentinel's reason
		reason []error
	}{
		{"request cut mid-block", plain[:len(plain)-60], []string{"ok", "fail"}, []error{nil, copydesk.ErrTruncated}},
		{"bad checksum of a member", badCRC, []string{"fail", ReasonRequest}, []error{copydesk.ErrBadRecord, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.warc")
			os.WriteFile(path, tc.data, 0o644)
			var docs []*copydesk.Document
			for d := range Documents([]string{path}, nil, Options{}) {
				docs = append(docs, d)
			}
			if len(docs) != len(tc.want) {
				t.Fatalf("%d outcomes for %d records: %+v", len(docs), len(tc.want), docs)
			}
			for i, d := range docs {
				switch w := tc.want[i]; w {
				case "ok":
					if d.Outcome != copydesk.Pending || d.Err != nil {
						t.Errorf("record %d: %v %s %v", i, d.Outcome, d.Reason, d.Err)
					}
				case "fail":
					if d.Outcome != copydesk.Failed || !errors.Is(d.Err, tc.reason[i]) {
						t.Errorf("record %d: %v %v, want failed by %v", i, d.Outcome, d.Err, tc.reason[i])
					}
				default:
					if !droppedAs(d, w) {
						t.Errorf("record %d: %v %s %v, want dropped as %s", i, d.Outcome, d.Reason, d.Err, w)
					}
				}
			}
		})
	}
}

// TestArchivePageWithoutHTTP checks that a page is found in every record
// that may hold one, also without HTTP headers, and that a WARC-Date
// that is not a date gives a warning.
func TestArchivePageWithoutHTTP(t *testing.T) {
	page := []byte("\r\n<!DOCTYPE html><html><body><p>A page.</p></body></html>")
	tests := []struct {
		name, typ, ctype string
		date             string
		block            []byte
		want             string // "html", "text" or a drop reason
		warn             string
	}{
		{"response-html", warc.TypeResponse, "text/html; charset=utf-8", "", page, "html", ""},
		{"response-no-type", warc.TypeResponse, "", "", page, "html", ""},
		{"response-http-type-headerless", warc.TypeResponse, "application/http; msgtype=response", "", page, "html", ""},
		{"response-octet-stream", warc.TypeResponse, "application/octet-stream", "", page, "html", ""},
		{"response-html-type-with-http", warc.TypeResponse, "text/html", "", append([]byte("HTTP/1.1 404 Not Found\r\n\r\n"), page...), ReasonStatus, ""},
		{"response-plain-text", warc.TypeResponse, "text/plain", "", []byte("just words"), ReasonNotHTML, ""},
		{"response-image", warc.TypeResponse, "image/png", "", []byte("\x89PNG"), ReasonNotHTML, ""},
		{"resource-plain-type-markup", warc.TypeResource, "text/plain", "", page, "html", ""},
		{"resource-pdf", warc.TypeResource, "application/pdf", "", []byte("%PDF-1.4"), ReasonNotHTML, ""},
		{"conversion-html", warc.TypeConversion, "text/html", "", page, "html", ""},
		{"conversion-text", warc.TypeConversion, "text/plain", "", []byte("<p> is a tag."), "text", ""},
		{"bad-date", warc.TypeResponse, "text/html", "2024-02-65T10:00:00Z", page, "html", WarnDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h warc.Header
			h.Set("WARC-Type", tt.typ)
			h.Set("WARC-Target-URI", "https://example.org/a")
			h.Set("WARC-Date", cmp.Or(tt.date, "2024-05-06T07:08:09Z"))
			h.Set("Content-Type", tt.ctype)
			var buf bytes.Buffer
			if _, err := warc.NewWriter(&buf, true).Write(h, tt.block); err != nil {
				t.Fatal(err)
			}
			var docs []*copydesk.Document
			for d := range Documents([]string{"-"}, &buf, Options{}) {
				docs = append(docs, d)
			}
			if len(docs) != 1 {
				t.Fatalf("%d documents, want 1", len(docs))
			}
			d := docs[0]
			pending := d.Outcome == copydesk.Pending && d.Err == nil
			switch {
			case tt.want == "html" && (!pending || !bytes.Contains(d.HTML, []byte("<p>A page."))):
				t.Errorf("HTML %q, %v %s %v: want the page", d.HTML, d.Outcome, d.Reason, d.Err)
			case tt.want == "text" && (!pending || d.Text != string(tt.block)):
				t.Errorf("text %q, %v %s %v: want the block as text", d.Text, d.Outcome, d.Reason, d.Err)
			case tt.want != "html" && tt.want != "text" && !droppedAs(d, tt.want):
				t.Errorf("%v %s %v, want dropped as %s", d.Outcome, d.Reason, d.Err, tt.want)
			}
			if got := strings.Join(d.Warnings, ","); got != tt.warn {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
			if tt.warn != "" && d.Fetched != "" {
				t.Errorf("fetched %q from a bad date", d.Fetched)
			}
		})
	}
}

// samplesDir holds the archive samples, beside the repository; they are
// read in place, never copied.
const samplesDir = "../../shared/data/warc-samples-dev"

// checkLocations checks that the stored location of every Document read
// from the archive at path, where it has one, holds a record with the
// Document's WARC-Record-ID: what a reader of an index (CDX) does. It
// returns how many Documents have a location.
func checkLocations(t *testing.T, path string) (located, docs int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for d := range Documents([]string{path}, nil, Options{}) {
		docs++
		p := d.Source
		if p.StoredLength == 0 {
			continue
		}
		located++
		if p.StoredOffset < 0 || p.StoredOffset+p.StoredLength > int64(len(data)) {
			t.Errorf("%s: record %s at %d+%d, beyond the file's %d bytes", path, p.RecordID, p.StoredOffset, p.StoredLength, len(data))
			continue
		}
		member := data[p.StoredOffset : p.StoredOffset+p.StoredLength]
		if errors.Is(d.Err, copydesk.ErrTruncated) {
			continue // the record's member is cut short
		}
		if bytes.HasPrefix(member, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(bytes.NewReader(member))
			if err != nil {
				t.Errorf("%s: record at %d: %v", path, p.StoredOffset, err)
				continue
			}
			if member, err = io.ReadAll(zr); err != nil {
				t.Errorf("%s: record at %d+%d: gunzip: %v", path, p.StoredOffset, p.StoredLength, err)
				continue
			}
		}
		if p.RecordID == "" {
			// An ARC record: its header line starts with its URL.
			url, _, _ := strings.Cut(d.URL, " ")
			if d.Err == nil && (url == "" || !bytes.HasPrefix(member, []byte(url))) {
				t.Errorf("%s: at %d+%d %.40q, want the record of %s", path, p.StoredOffset, p.StoredLength, member, d.URL)
			}
			continue
		}
		rec, err := warc.NewReader(bytes.NewReader(member)).Next()
		if err != nil {
			t.Errorf("%s: record at %d+%d: %v", path, p.StoredOffset, p.StoredLength, err)
			continue
		}
		if rec.ID() != p.RecordID {
			t.Errorf("%s: at %d+%d the record %q, want %q", path, p.StoredOffset, p.StoredLength, rec.ID(), p.RecordID)
		}
	}
	return located, docs
}

// TestArchiveLocations checks the stored offset and length of records,
// as an index gives them, on archives of one gzip member per record, on
// plain ones, and on the real archive samples.
func TestArchiveLocations(t *testing.T) {
	for _, compress := range []bool{true, false} {
		t.Run(fmt.Sprintf("generated-gzip-%v", compress), func(t *testing.T) {
			data, want := testArchive(t, compress)
			path := filepath.Join(t.TempDir(), "crawl.warc")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			// The last record is cut short: it has a location all the
			// same, to the end of the file.
			if located, docs := checkLocations(t, path); docs != len(want) || located != docs {
				t.Errorf("%d of %d records located, want all", located, docs)
			}
		})
	}
	t.Run("one-member", func(t *testing.T) {
		// Records that share a gzip member have no location of their own.
		data, _ := testArchive(t, false)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		path := filepath.Join(t.TempDir(), "crawl.warc.gz")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if located, _ := checkLocations(t, path); located != 0 {
			t.Errorf("%d records located in one shared member", located)
		}
	})
	for _, dir := range []string{"real", "edgecases"} {
		files, _ := filepath.Glob(filepath.Join(samplesDir, dir, "*"))
		if len(files) == 0 {
			t.Skipf("archive samples not found at %s (they live beside the repository)", samplesDir)
		}
		for _, f := range files {
			t.Run(dir+"/"+filepath.Base(f), func(t *testing.T) {
				located, docs := checkLocations(t, f)
				t.Logf("%d of %d records located", located, docs)
				if dir == "real" && strings.HasSuffix(f, ".warc.gz") && located < docs-1 {
					t.Errorf("%d of %d records located", located, docs)
				}
			})
		}
	}
}

// droppedAs reports whether its source dropped d for reason: settled, with
// no error.
func droppedAs(d *copydesk.Document, reason string) bool {
	return d.Outcome == copydesk.Dropped && d.Reason == reason && d.Err == nil
}
