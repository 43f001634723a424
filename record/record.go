// Package record is copydesk's output schema: one Record per kept
// article, with flat snake_case fields that pandas, DuckDB and Hugging
// Face datasets load without mapping. Both encodings are made from this
// one type: package jsonl writes it with encoding/json (its json tags),
// package parquet with parquet-go (its parquet tags), so the two cannot
// drift apart. Every field is always present, null when unknown (a nil
// pointer, an optional Parquet column), never "" or 0 in its place, and
// of one type in every record, so that readers infer one schema for the
// whole file. Dates are instants in UTC (RFC 3339 in JSON, a Parquet
// TIMESTAMP(MICROS, UTC)), with the offset from UTC the page gave beside
// them. Columns documents each field; schema.json is its JSON Schema.
package record

import (
	"reflect"
	"strings"
	"time"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/segment"
)

// Record is one article. The meaning of each field, and when it is
// null, is in Columns.
type Record struct {
	ID                    string     `json:"id" parquet:"id"`
	URL                   *string    `json:"url" parquet:"url,optional"`
	Title                 *string    `json:"title" parquet:"title,optional"`
	Date                  *time.Time `json:"date" parquet:"date,optional,timestamp(microsecond:utc)"`
	DateOffsetMinutes     *int32     `json:"date_offset_minutes" parquet:"date_offset_minutes,optional"`
	DatePrecision         *string    `json:"date_precision" parquet:"date_precision,optional"`
	DateSource            *string    `json:"date_source" parquet:"date_source,optional"`
	Modified              *time.Time `json:"modified" parquet:"modified,optional,timestamp(microsecond:utc)"`
	ModifiedOffsetMinutes *int32     `json:"modified_offset_minutes" parquet:"modified_offset_minutes,optional"`
	Fetched               *time.Time `json:"fetched" parquet:"fetched,optional,timestamp(microsecond:utc)"`
	Lang                  *string    `json:"lang" parquet:"lang,optional"`
	LangScore             *float64   `json:"lang_score" parquet:"lang_score,optional"`
	Authors               []string   `json:"authors" parquet:"authors,list"`
	Keywords              []string   `json:"keywords" parquet:"keywords,list"`
	SiteName              *string    `json:"site_name" parquet:"site_name,optional"`
	CanonicalURL          *string    `json:"canonical_url" parquet:"canonical_url,optional"`
	Image                 *string    `json:"image" parquet:"image,optional"`
	Text                  string     `json:"text" parquet:"text"`
	Summary               *string    `json:"summary" parquet:"summary,optional"`
	SummaryMethod         *string    `json:"summary_method" parquet:"summary_method,optional"`
	Description           *string    `json:"description" parquet:"description,optional"`
	Words                 int64      `json:"words" parquet:"words"`
	Removed               int64      `json:"removed_blocks" parquet:"removed_blocks"`
	SourceFile            string     `json:"source_file" parquet:"source_file"`
	SourceOffset          int64      `json:"source_offset" parquet:"source_offset"`
	SourceFormat          string     `json:"source_format" parquet:"source_format"`
	WARCOffset            *int64     `json:"warc_offset" parquet:"warc_offset,optional"`
	WARCLength            *int64     `json:"warc_length" parquet:"warc_length,optional"`
	WARCRecordID          *string    `json:"warc_record_id" parquet:"warc_record_id,optional"`
	PayloadDigest         *string    `json:"payload_digest" parquet:"payload_digest,optional"`
	HTTPStatus            *int32     `json:"http_status" parquet:"http_status,optional"`
	ContentType           *string    `json:"content_type" parquet:"content_type,optional"`
	Encoding              *string    `json:"encoding" parquet:"encoding,optional"`
	ClusterID             *string    `json:"cluster_id" parquet:"cluster_id,optional"`
	ClusterSize           *int64     `json:"cluster_size" parquet:"cluster_size,optional"`
	DuplicateOf           *string    `json:"duplicate_of" parquet:"duplicate_of,optional"`
	StoryID               *string    `json:"story_id" parquet:"story_id,optional"`
	StorySize             *int64     `json:"story_size" parquet:"story_size,optional"`
}

// New returns the record of d.
func New(d *copydesk.Document) Record {
	text := d.ArticleText()
	r := Record{
		ID:            d.ID,
		URL:           str(d.URL),
		Title:         str(d.Title),
		DateSource:    str(d.DateSource),
		Lang:          str(d.Lang),
		Authors:       list(d.Authors),
		Keywords:      list(d.Keywords),
		SiteName:      str(d.SiteName),
		CanonicalURL:  str(d.Canonical),
		Image:         str(d.Image),
		Text:          text,
		Summary:       str(d.Summary),
		SummaryMethod: str(d.SummaryMethod),
		Description:   str(d.Description),
		Words:         int64(segment.CountWords(text)),
		Removed:       int64(len(d.Removed)),
		SourceFile:    d.Source.File,
		SourceOffset:  d.Source.Offset,
		SourceFormat:  string(d.Source.Format),
		WARCRecordID:  str(d.Source.RecordID),
		PayloadDigest: str(d.Source.PayloadDigest),
		ContentType:   str(d.ContentType),
		Encoding:      str(d.Encoding),
		ClusterID:     str(d.ClusterID),
		DuplicateOf:   str(d.DuplicateOf),
		StoryID:       str(d.StoryID),
	}
	var precision string
	r.Date, r.DateOffsetMinutes, precision = Timestamp(d.Date)
	r.DatePrecision = str(precision)
	r.Modified, r.ModifiedOffsetMinutes, _ = Timestamp(d.Modified)
	r.Fetched, _, _ = Timestamp(d.Fetched)
	if d.LangScore > 0 {
		r.LangScore = ptr(d.LangScore)
	}
	if p := d.Source; p.StoredLength > 0 {
		r.WARCOffset, r.WARCLength = ptr(p.StoredOffset), ptr(p.StoredLength)
	}
	if s := d.Source.HTTPStatus; s > 0 {
		r.HTTPStatus = ptr(int32(s))
	}
	if d.StorySize > 0 {
		r.StorySize = ptr(int64(d.StorySize))
	}
	if d.ClusterSize > 0 {
		r.ClusterSize = ptr(int64(d.ClusterSize))
	}
	return r
}

// Equal reports whether a and b hold the same values, as two readings of
// one record do: an empty list and a nil one are the same, and times are
// compared as instants, whatever their location.
func Equal(a, b Record) bool {
	for _, r := range []*Record{&a, &b} {
		for _, l := range []*[]string{&r.Authors, &r.Keywords} {
			if len(*l) == 0 {
				*l = nil
			}
		}
		for _, t := range []**time.Time{&r.Date, &r.Modified, &r.Fetched} {
			if *t != nil {
				u := (*t).UTC()
				*t = &u
			}
		}
	}
	return reflect.DeepEqual(a, b)
}

// Date precisions.
const (
	PrecisionDay    = "day"    // a calendar date, no time of day: the instant is its midnight UTC
	PrecisionSecond = "second" // a time of day, to the second or finer
)

// timeLayouts are the forms of the Document's dates, ISO 8601.
var timeLayouts = [...]string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"}

// Timestamp reads an ISO 8601 date or date and time: the instant in UTC,
// to the microsecond (Parquet's unit), the offset from UTC in minutes the
// value gave (nil for a date without a time, or a time without an
// offset), and the precision (PrecisionDay or PrecisionSecond). A value
// that is empty or not a date gives nil and "".
func Timestamp(s string) (*time.Time, *int32, string) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return &t, nil, PrecisionDay
	}
	for _, layout := range timeLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		var off *int32
		if strings.Contains(layout, "Z07") {
			_, secs := t.Zone()
			off = ptr(int32(secs / 60))
		}
		u := t.UTC().Truncate(time.Microsecond)
		return &u, off, PrecisionSecond
	}
	return nil, nil, ""
}

// str is s, or nil when s is empty.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func ptr[T any](v T) *T { return &v }

// list is l, or an empty list for nil: a list column is never null.
func list(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
