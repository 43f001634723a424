// Package jsonl writes Documents as JSON Lines, one object per kept
// article, with flat snake_case fields that Hugging Face datasets and pandas
// load without mapping. Every field is always present, with "" or 0 when
// unknown, so that readers infer one schema for the whole file.
package jsonl

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/segment"
)

// Record is the output schema, one line per article.
type Record struct {
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Date          string   `json:"date"`
	Fetched       string   `json:"fetched"`
	Lang          string   `json:"lang"`
	LangScore     float64  `json:"lang_score"`
	Authors       []string `json:"authors"` // never null: [] when unknown
	SiteName      string   `json:"site_name"`
	CanonicalURL  string   `json:"canonical_url"`
	Image         string   `json:"image"`
	Text          string   `json:"text"`           // paragraphs separated by "\n\n"
	Summary       string   `json:"summary"`        // the standfirst
	SummaryMethod string   `json:"summary_method"` // "description" or "lead"
	Description   string   `json:"description"`    // the publisher's, as given
	Words         int      `json:"words"`
	Removed       int      `json:"removed_blocks"`
	SourceFile    string   `json:"source_file"`
	SourceOffset  int64    `json:"source_offset"`
	SourceFormat  string   `json:"source_format"`
	Encoding      string   `json:"encoding"`
	// The story cluster, with copydesk run --dedup (see Dedup): the
	// canonical member's id, the number of members, and for a member that
	// is not the canonical one, the canonical's id.
	ClusterID   string `json:"cluster_id"`
	ClusterSize int    `json:"cluster_size"`
	DuplicateOf string `json:"duplicate_of"`
}

// NewRecord returns the output record of d.
func NewRecord(d *copydesk.Document) Record {
	text := d.ArticleText()
	authors := d.Authors
	if authors == nil {
		authors = []string{}
	}
	return Record{
		ID:            d.ID,
		URL:           d.URL,
		Title:         d.Title,
		Date:          d.Date,
		Fetched:       d.Fetched,
		Lang:          d.Lang,
		LangScore:     d.LangScore,
		Authors:       authors,
		SiteName:      d.SiteName,
		CanonicalURL:  d.Canonical,
		Image:         d.Image,
		Text:          text,
		Summary:       d.Summary,
		SummaryMethod: d.SummaryMethod,
		Description:   d.Description,
		Words:         segment.CountWords(text),
		Removed:       len(d.Removed),
		SourceFile:    d.Source.File,
		SourceOffset:  d.Source.Offset,
		SourceFormat:  string(d.Source.Format),
		Encoding:      d.Encoding,
	}
}

// Writer writes one JSON object per line to an io.Writer. It buffers;
// Close flushes but does not close the underlying writer.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Writer{w: bw, enc: enc}
}

// Write writes d's record as one line.
func (w *Writer) Write(d *copydesk.Document) error {
	return w.enc.Encode(NewRecord(d))
}

// Close flushes buffered lines.
func (w *Writer) Close() error { return w.w.Flush() }
