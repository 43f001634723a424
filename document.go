package copydesk

import (
	"errors"
	"fmt"
	"strings"
)

// Format names the kind of input a record was read from.
type Format string

// Input formats.
const (
	FormatSeed  Format = "seed"  // one document per file, optional " date YYYY-MM-DD " header
	FormatText  Format = "text"  // one document per file, plain text
	FormatJSONL Format = "jsonl" // one document per line, a JSON object with a "text" field
	FormatHTML  Format = "html"  // one web page per file
	FormatWARC  Format = "warc"  // web archive (WARC, WET or ARC): one document per record
)

// Provenance says where a record came from.
type Provenance struct {
	File   string // input path as given, "-" for standard input
	Offset int64  // byte offset of the record in the (decompressed) input
	Format Format

	// Where an archive record is in the file as stored, as an index
	// (CDX) gives it: the offset and length of its gzip member, for a
	// file of one member per record, or of the record, for a plain
	// file. StoredLength is 0 when that is not known: a record that
	// shares its member with others, a zstd archive, not an archive.
	StoredOffset  int64
	StoredLength  int64
	RecordID      string // the WARC-Record-ID, as given
	PayloadDigest string // the WARC-Payload-Digest
	HTTPStatus    int    // the status of an HTTP response record, else 0
}

func (p Provenance) String() string {
	return fmt.Sprintf("%s@%d", p.File, p.Offset)
}

// Outcome is how a Document's journey through the pipeline ended.
type Outcome int

// Outcomes. A Document is Pending until its source or a stage drops or
// fails it, or the run keeps it at the end.
const (
	Pending Outcome = iota
	Kept
	Dropped
	Failed
)

func (o Outcome) String() string {
	switch o {
	case Pending:
		return "pending"
	case Kept:
		return "kept"
	case Dropped:
		return "dropped"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Document is the record that flows through every stage.
//
// Fields are filled progressively: a source sets Source, ID and the raw
// input fields; cleaning sets Paragraphs and Removed; summarizing sets
// Summary. Stages must not retain a Document after returning.
type Document struct {
	ID     string // stable identifier: the input's own id, else derived from content
	Source Provenance

	// Raw input. Exactly one of Text and HTML is set by a source.
	Text string // plain text as read (UTF-8)
	HTML []byte // page bytes as read, any charset
	// ContentType is the HTTP Content-Type the page was served with,
	// when known: its charset parameter decides how HTML is decoded.
	ContentType string
	// Release, when set, gives HTML's buffer back to the source that
	// read it. Run calls it, and clears HTML, once the Document's stages
	// are done (never for a Document whose stages ran past their time
	// budget: they may still be reading it). Whoever reads Documents
	// without Run may call it when done with HTML, or leave the buffer
	// to the garbage collector.
	Release func()

	// Metadata, from the input or extracted.
	URL         string
	Title       string
	Description string // the publisher's own summary, when the input has one
	Date        string // publication date, ISO 8601 (YYYY-MM-DD or RFC 3339)
	// DateSource names the signal the page's Date came from (package
	// pubdate: "json-ld", "meta:article:published_time", "url", ...);
	// "" when the input gave the date, or there is none.
	DateSource string
	// Modified is the last modification date the page states, RFC 3339.
	Modified  string
	Fetched   string // when the page was fetched (an archive's WARC-Date), RFC 3339
	Lang      string // ISO 639-1 code when known
	Encoding  string // charset the input was decoded from, when not UTF-8
	Authors   []string
	Keywords  []string // the page's keywords or tags, from its metadata
	SiteName  string   // the publication's name
	Canonical string   // the page's canonical URL, absolute
	Image     string   // the main image's URL, absolute
	// LangScore is how sure Lang is, in [0, 1], when Clean judged it from
	// the text (package lang); 0 when Lang is the input's or the page's
	// own, or unknown.
	LangScore float64

	// Cleaning output.
	Paragraphs []string  // the article, one paragraph per element
	Removed    []Removal // what cleaning cut, and why

	// Summary output.
	Summary       string
	SummaryMethod string // "description" or "lead"

	// Story cluster, set by the dedup corpus stage: the canonical
	// member's id, the number of members, and for a member that is not
	// the canonical one, the canonical's id.
	ClusterID   string
	ClusterSize int
	DuplicateOf string

	// Story, set by the stories corpus stage: the story (one event,
	// copies and rewrites across outlets) and its number of articles.
	StoryID   string
	StorySize int

	// Warnings are short stable tokens for what was wrong with the
	// record but did not stop it, e.g. "bad-warc-date"; the manifest
	// counts them.
	Warnings []string

	// Outcome is where the Document's journey ended, Pending while it
	// goes on. A source hands on a record it reads as Pending, and
	// settles the others itself (see Settle): a record it leaves out on
	// purpose (an archive's request record, a redirect) is Dropped, one
	// it could not read is Failed. Run skips the stages of a Document
	// that arrives settled, and settles the rest.
	Outcome Outcome
	Reason  string // why the Document was dropped or failed; a short stable token
	// Err is the error of a Failed Document, and nil for any other: a
	// drop is an Outcome and a Reason, not an error.
	Err error
}

// ArticleText returns the Document's article: paragraphs separated by a
// blank line.
func (d *Document) ArticleText() string {
	return strings.Join(d.Paragraphs, "\n\n")
}

// Removal is one block that cleaning cut from a Document.
type Removal struct {
	Index  int    `json:"index"` // position among all blocks, kept and removed
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Rejection is the error a stage returns to drop a Document on purpose.
// Any other error fails the Document.
type Rejection struct {
	Reason string // short stable token, e.g. "too-short"; counted in the manifest
	Detail string // human-readable detail, optional
}

func (r *Rejection) Error() string {
	if r.Detail == "" {
		return "copydesk: dropped: " + r.Reason
	}
	return "copydesk: dropped: " + r.Reason + ": " + r.Detail
}

// Reject returns a *Rejection error for reason.
func Reject(reason, detail string) error {
	return &Rejection{Reason: reason, Detail: detail}
}

// ParseError is an input record that could not be read. It names the file
// and the byte offset where the problem starts.
type ParseError struct {
	File   string
	Offset int64
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s: offset %d: %v", e.File, e.Offset, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors a Document can fail with.
var (
	ErrTooLarge    = errors.New("copydesk: record exceeds size limit")
	ErrBinary      = errors.New("copydesk: input is binary, not text")
	ErrBadJSON     = errors.New("copydesk: line is not a JSON object")
	ErrNoText      = errors.New("copydesk: record has no text or html field")
	ErrUnsupported = errors.New("copydesk: unsupported input format")
	ErrBadRecord   = errors.New("copydesk: damaged archive record")
	ErrTruncated   = errors.New("copydesk: input ends inside a record")
	// ErrTimeout is the error of a Document whose stages ran past their
	// time budget.
	ErrTimeout = errors.New("copydesk: document took longer than its time budget")
	// ErrPanic wraps a panic raised by a stage: one bad page never stops
	// a run.
	ErrPanic = errors.New("copydesk: stage panicked")
	// ErrFetch is the error of an input named by URL that could not be
	// read, or not to its end.
	ErrFetch = errors.New("copydesk: input could not be fetched")
)

// Settle records err on d as its outcome: a *Rejection drops it (Err is
// then nil), any other non-nil error fails it (Err is err); nil leaves d
// as it is. Sources and stages settle Documents through it alone, so that
// Reason is the token the manifest counts and Err is set only on a Failed
// Document.
func (d *Document) Settle(err error) {
	if err == nil {
		return
	}
	var rej *Rejection
	if errors.As(err, &rej) {
		d.Outcome, d.Reason, d.Err = Dropped, rej.Reason, nil
		return
	}
	d.Outcome, d.Reason, d.Err = Failed, failureReason(err), err
}

// failureReason maps an error to the short token the manifest counts it by.
func failureReason(err error) string {
	switch {
	case errors.Is(err, ErrFetch):
		// First: the error that cut a fetch may match another one.
		return "fetch-failed"
	case errors.Is(err, ErrTooLarge):
		return "too-large"
	case errors.Is(err, ErrBinary):
		return "binary"
	case errors.Is(err, ErrBadJSON):
		return "bad-json"
	case errors.Is(err, ErrNoText):
		return "no-text"
	case errors.Is(err, ErrUnsupported):
		return "unsupported-format"
	case errors.Is(err, ErrTimeout):
		return "timeout"
	case errors.Is(err, ErrTruncated):
		return "truncated"
	case errors.Is(err, ErrBadRecord):
		return "bad-record"
	}
	return "error"
}
