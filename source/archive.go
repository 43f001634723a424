package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"sync"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/charset"
	"github.com/copydesk/copydesk/warc"
)

// Reasons an archive record is dropped without being read as an article.
// Every record of an archive is a Document, so the manifest accounts for
// all of them.
const (
	ReasonRequest  = "warc-request"  // a request record
	ReasonMetadata = "warc-metadata" // a metadata record
	ReasonWarcinfo = "warc-warcinfo" // the archive's own description
	ReasonRevisit  = "warc-revisit"  // a revisit: the content is in another record
	ReasonOther    = "warc-other"    // continuation and unknown record types
	ReasonNotHTML  = "not-html"      // a response or resource that is not a web page
	ReasonRedirect = "redirect"      // an HTTP 3xx response
	ReasonStatus   = "http-error"    // an HTTP response other than 2xx and 3xx
)

// WarnDate is the warning of an archive record whose WARC-Date is not a
// date (day 65, a month 13): its Fetched is left empty.
const WarnDate = "bad-warc-date"

// isArchive reports whether the input in br is a web archive: by what
// its buffer holds (see warc.IsArchive, which looks past a damaged
// start).
func isArchive(br *bufio.Reader) bool {
	head, _ := br.Peek(br.Size())
	return warc.IsArchive(head)
}

// readArchive yields one Document per record of a WARC, WET or ARC file.
// Damage in the archive gives a failed Document with its offset, and the
// reading goes on at the next record that can be found.
//
// A record's Document is held back until the next record is read: damage
// that the reader finds to be the record's (bytes after its block where
// it should end, damage in its gzip member found once it was handed out)
// fails that record rather than counting as one more, and where the next
// member (or record) starts, or the input ends, gives the length of the
// record's member as stored (Provenance.StoredLength). A record whose
// Content-Length is over the cap is not read: its length may swallow the
// records after it, so the reader looks for the next record from the end
// of its header.
func readArchive(name string, r io.Reader, opts Options, yield func(*copydesk.Document) bool) bool {
	rd := warc.NewReader(r)
	var held *copydesk.Document
	heldMember := int64(-1)
	heldAlone := false // the only record starting in its member
	prevMember := int64(-1)
	release := func() bool {
		d := held
		held = nil
		return d == nil || yield(d)
	}
	// end records that the held record's member ends at end.
	end := func(end int64) {
		if held != nil && heldAlone && end > heldMember {
			held.Source.StoredOffset, held.Source.StoredLength = heldMember, end-heldMember
		}
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			end(rd.StoredOffset())
			return release()
		}
		if err != nil {
			var pe *warc.ParseError
			offset := rd.Offset()
			if errors.As(err, &pe) {
				offset = pe.Offset
			}
			if pe != nil && pe.Previous && held != nil {
				if held.Release != nil {
					held.Release()
				}
				held = failed(name, held.Source.Offset, copydesk.FormatWARC, archiveError(err))
				continue
			}
			if pe != nil && pe.Compressed {
				end(pe.Offset) // a damaged member starts there
			}
			if !release() || !yield(failed(name, offset, copydesk.FormatWARC, archiveError(err))) {
				return false
			}
			if pe == nil {
				return true
			}
			continue
		}
		end(rec.MemberOffset)
		if !release() {
			return false
		}
		if rec.ContentLength > opts.maxRecord() {
			rd.Abandon()
		}
		held, heldMember = recordDocument(name, rec, opts.maxRecord()), rec.MemberOffset
		heldAlone = rec.MemberOffset >= 0 && rec.MemberOffset != prevMember
		prevMember = rec.MemberOffset
	}
}

// archiveError gives an archive error the sentinel its outcome is
// counted by.
func archiveError(err error) error {
	switch {
	case errors.Is(err, warc.ErrTruncated), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: %w", copydesk.ErrTruncated, err)
	case errors.Is(err, warc.ErrBodyTooLarge):
		return fmt.Errorf("%w: %w", copydesk.ErrTooLarge, err)
	}
	return fmt.Errorf("%w: %w", copydesk.ErrBadRecord, err)
}

// recordDocument turns one archive record into a Document: a web page
// for 2xx HTML responses and for the records that hold a page without
// HTTP headers (a response block that is the page itself, a resource, a
// conversion to HTML), plain text for other conversion records (WET),
// and a dropped Document for the rest.
func recordDocument(name string, rec *warc.Record, max int64) *copydesk.Document {
	d := &copydesk.Document{
		ID: recordID(rec.ID()),
		Source: copydesk.Provenance{File: name, Offset: rec.Offset, Format: copydesk.FormatWARC,
			RecordID: strings.TrimSpace(rec.ID()), PayloadDigest: strings.TrimSpace(rec.Header.Get("WARC-Payload-Digest"))},
		URL: rec.TargetURI(),
	}
	fail := func(err error) *copydesk.Document {
		f := failed(name, rec.Offset, copydesk.FormatWARC, err)
		f.Source = d.Source
		return f
	}
	if t, ok := rec.Date(); ok {
		d.Fetched = t.UTC().Format(time.RFC3339Nano)
	} else if strings.TrimSpace(rec.Header.Get("WARC-Date")) != "" {
		d.Warnings = append(d.Warnings, WarnDate)
	}
	// Every block is read to its end, also when it is not wanted, so
	// that damage in it is this record's outcome, not another one.
	drop := func(reason string) *copydesk.Document {
		if _, err := io.Copy(io.Discard, rec.Block); err != nil {
			return fail(archiveError(err))
		}
		d.Settle(copydesk.Reject(reason, rec.Type()))
		return d
	}
	typ := strings.ToLower(rec.Type())
	switch typ {
	case warc.TypeResponse, warc.TypeResource, warc.TypeConversion:
	case warc.TypeRequest:
		return drop(ReasonRequest)
	case warc.TypeMetadata:
		return drop(ReasonMetadata)
	case warc.TypeWarcinfo:
		return drop(ReasonWarcinfo)
	case warc.TypeRevisit:
		return drop(ReasonRevisit)
	default:
		return drop(ReasonOther)
	}
	ctype := mediaType(rec.ContentType())
	if typ != warc.TypeConversion && !mayHoldPage(ctype) {
		// DNS, images, PDFs, ...
		return drop(ReasonNotHTML)
	}
	if rec.ContentLength > max {
		io.Copy(io.Discard, rec.Block) // damage in it is this failure too
		return fail(fmt.Errorf("%w: record block of %d bytes, more than %d", copydesk.ErrTooLarge, rec.ContentLength, max))
	}
	buf := getBlock(int(rec.ContentLength))
	handed := false // to a Document, which gives it back through Release
	defer func() {
		if !handed {
			putBlock(buf)
		}
	}()
	block := *buf
	n, err := io.ReadFull(rec.Block, block)
	block = block[:n]
	if err != nil {
		return fail(archiveError(err))
	}
	hand := func(html []byte) {
		d.HTML, handed = html, true
		d.Release = func() { putBlock(buf) }
	}
	if d.ID == "" {
		d.ID = contentID(block)
	}
	markup := looksHTML(bytes.TrimLeft(charset.TrimUTF8BOM(block), " \t\r\n"))
	isHTTP := typ != warc.TypeConversion && bytes.HasPrefix(block, []byte("HTTP/"))
	switch {
	case isHTTP, typ == warc.TypeResponse && ctype == "application/http" && !markup:
		// An HTTP response; or damage, when it is neither that nor a page.
	case isHTMLType(ctype), markup && !(typ == warc.TypeConversion && ctype == "text/plain"):
		// A page stored without HTTP headers.
		hand(block)
		if isHTMLType(ctype) {
			d.ContentType = rec.ContentType()
		}
		return d
	case typ == warc.TypeConversion:
		text, enc, err := Decode(block)
		if err != nil {
			return fail(err)
		}
		d.Text, d.Encoding = text, enc
		return d
	default:
		return drop(ReasonNotHTML)
	}
	resp, err := warc.ParseHTTP(block, max)
	if err != nil {
		return fail(archiveError(err))
	}
	d.Source.HTTPStatus = resp.StatusCode
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return drop(ReasonRedirect)
	case resp.StatusCode < 200 || resp.StatusCode >= 300:
		return drop(ReasonStatus)
	}
	ht := mediaType(resp.ContentType())
	if !isHTMLType(ht) && !isGenericType(ht) {
		return drop(ReasonNotHTML)
	}
	if !isHTMLType(ht) && !looksHTML(bytes.TrimLeft(charset.TrimUTF8BOM(resp.Body), " \t\r\n")) {
		// No type, or a generic one: only markup is read as a page.
		return drop(ReasonNotHTML)
	}
	hand(resp.Body)
	d.ContentType = resp.ContentType()
	return d
}

// mayHoldPage reports whether a response or resource record of WARC
// Content-Type t may hold a web page: an HTTP message, HTML, or a type
// that says nothing (the block is sniffed).
func mayHoldPage(t string) bool {
	return t == "application/http" || isHTMLType(t) || isGenericType(t)
}

// isGenericType reports whether t is a type that says nothing of the
// content: no type, plain text or bytes.
func isGenericType(t string) bool {
	return t == "" || t == "text/plain" || t == "application/octet-stream"
}

// blockPools recycle the buffers records are read into: a page's HTML is
// (most often a part of) its record's block, given back by Run through
// Document.Release once the page is extracted. A buffer's capacity is a
// power of two from minPooledBlock to maxPooledBlock, and each capacity
// has its own pool, so that a buffer taken serves the block asked for
// and none is thrown away for being too small: a modern news page of a
// few hundred kilobytes then costs no fresh allocation, which Go would
// clear byte by byte. The pools hold about as many buffers as are in
// flight between the reader and the workers; blocks over maxPooledBlock
// are left to the garbage collector.
var blockPools [blockClasses]sync.Pool // of *[]byte

const (
	minPooledBlock = 64 << 10
	maxPooledBlock = 4 << 20
	blockClasses   = 7 // 64 KiB, 128 KiB, ... 4 MiB
)

// blockClass returns the pool of the smallest pooled capacity that holds
// n bytes, and that capacity; ok is false when n is over maxPooledBlock.
func blockClass(n int) (class, capacity int, ok bool) {
	if n > maxPooledBlock {
		return 0, 0, false
	}
	capacity = minPooledBlock
	for capacity < n {
		capacity *= 2
		class++
	}
	return class, capacity, capacity <= maxPooledBlock
}

// getBlock returns a buffer of n bytes.
func getBlock(n int) *[]byte {
	class, c, ok := blockClass(n)
	if !ok {
		b := make([]byte, n)
		return &b
	}
	if b, ok := blockPools[class].Get().(*[]byte); ok {
		*b = (*b)[:n]
		return b
	}
	b := make([]byte, n, c)
	return &b
}

// putBlock gives back a buffer getBlock returned.
func putBlock(b *[]byte) {
	if class, c, ok := blockClass(cap(*b)); ok && c == cap(*b) {
		blockPools[class].Put(b)
	}
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	if t, _, err := mime.ParseMediaType(ct); err == nil {
		return t
	}
	t, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

func isHTMLType(t string) bool {
	return t == "text/html" || t == "application/xhtml+xml" || t == "application/xml+html"
}

// recordID is a WARC-Record-ID without its "<urn:uuid:" wrapping.
func recordID(id string) string {
	id = strings.TrimSpace(id)
	id = strings.TrimPrefix(strings.TrimSuffix(id, ">"), "<")
	return strings.TrimPrefix(id, "urn:uuid:")
}
