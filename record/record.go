// Package record is copydesk's output schema: one Record per kept
// article, with flat snake_case fields that pandas, DuckDB and Hugging
// Face datasets load without mapping. Both encodings are made from this
// one type: package jsonl writes it with encoding/json (its json tags),
// package parquet with parquet-go (its parquet tags), so the two cannot
// drift apart. Every field is always present, with "" or 0 when unknown,
// so that readers infer one schema for the whole file.
package record

import (
	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/segment"
)

// Record is one article.
type Record struct {
	ID            string   `json:"id" parquet:"id"`
	URL           string   `json:"url" parquet:"url"`
	Title         string   `json:"title" parquet:"title"`
	Date          string   `json:"date" parquet:"date"`
	Fetched       string   `json:"fetched" parquet:"fetched"`
	Lang          string   `json:"lang" parquet:"lang"`
	LangScore     float64  `json:"lang_score" parquet:"lang_score"` // how sure the language is, 0 to 1 (0: taken from the input or page as stated)
	Authors       []string `json:"authors" parquet:"authors,list"`  // never null: [] when unknown
	SiteName      string   `json:"site_name" parquet:"site_name"`
	CanonicalURL  string   `json:"canonical_url" parquet:"canonical_url"`
	Image         string   `json:"image" parquet:"image"`
	Text          string   `json:"text" parquet:"text"`                     // paragraphs separated by "\n\n"
	Summary       string   `json:"summary" parquet:"summary"`               // the standfirst
	SummaryMethod string   `json:"summary_method" parquet:"summary_method"` // "description" or "lead"
	Description   string   `json:"description" parquet:"description"`       // the publisher's, as given
	Words         int64    `json:"words" parquet:"words"`
	Removed       int64    `json:"removed_blocks" parquet:"removed_blocks"`
	SourceFile    string   `json:"source_file" parquet:"source_file"`
	SourceOffset  int64    `json:"source_offset" parquet:"source_offset"`
	SourceFormat  string   `json:"source_format" parquet:"source_format"`
	Encoding      string   `json:"encoding" parquet:"encoding"`
	// The story cluster, with copydesk run --dedup: the canonical
	// member's id, the number of members, and for a member that is not
	// the canonical one, the canonical's id.
	ClusterID   string `json:"cluster_id" parquet:"cluster_id"`
	ClusterSize int64  `json:"cluster_size" parquet:"cluster_size"`
	DuplicateOf string `json:"duplicate_of" parquet:"duplicate_of"`
}

// New returns the record of d.
func New(d *copydesk.Document) Record {
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
		Words:         int64(segment.CountWords(text)),
		Removed:       int64(len(d.Removed)),
		SourceFile:    d.Source.File,
		SourceOffset:  d.Source.Offset,
		SourceFormat:  string(d.Source.Format),
		Encoding:      d.Encoding,
		ClusterID:     d.ClusterID,
		ClusterSize:   int64(d.ClusterSize),
		DuplicateOf:   d.DuplicateOf,
	}
}
