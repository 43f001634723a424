package record

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Column documents one field of Record: the README's schema table and
// schema.json are made from Columns by the package's tests, and fail
// them when they differ.
type Column struct {
	Name        string // the JSON key and the Parquet column
	JSONType    string // "string", "integer", "number", "array of strings", "string (RFC 3339)"
	ParquetType string // "STRING", "INT64", "INT32", "DOUBLE", "LIST<STRING>", "TIMESTAMP(MICROS, UTC)"
	Meaning     string
	// NullWhen says when the field is null; "" for a field that never is.
	NullWhen string
}

// columnDocs gives each field's meaning and when it is null, by name.
var columnDocs = map[string][2]string{
	"id":                      {"the input's id (an archive record's WARC-Record-ID without its `<urn:uuid:…>` wrapping), else the first 16 hex digits of the record's SHA-256", ""},
	"url":                     {"the page's URL: the input's, or an archive record's `WARC-Target-URI`", "the input gives none"},
	"title":                   {"the headline, from the input or the page", "none is found"},
	"date":                    {"the publication date, as a UTC instant; a date without a time of day is its midnight UTC", "no date is given or found, or the input's is not ISO 8601"},
	"date_offset_minutes":     {"the offset from UTC the date was given in, in minutes (`date` shifted by it is the page's local time); 0 also for a time a page gave without a zone, read as UTC", "`date` is null or a day, or an input's time has no offset"},
	"date_precision":          {"`day` (a calendar date) or `second` (a time of day)", "`date` is null"},
	"date_source":             {"the signal the page's date came from (package pubdate): `json-ld`, `meta:article:published_time`, `time-element`, `url`, `text`, … (a modification signal such as `json-ld:dateModified` for a page that states no other)", "`date` is null or the input gave it"},
	"modified":                {"the last modification the page states, as a UTC instant (only one later than `date`)", "the page states none"},
	"modified_offset_minutes": {"the offset from UTC `modified` was given in, in minutes", "`modified` is null or was given without an offset"},
	"fetched":                 {"when the page was fetched: an archive record's `WARC-Date`, UTC by the standard", "not from an archive, or its `WARC-Date` is not a date (counted in the manifest as `bad-warc-date`)"},
	"lang":                    {"the article's language, ISO 639-1, identified from its text; the input's or the page's own when the text has no letters to judge", "unknown"},
	"lang_score":              {"how sure `lang` is, in (0, 1]: the probability the model gives the language times the share of the text's letters in the script it was judged in. 0.97 or more on every page of the fundus dev set; under 0.5 the text is short, mixed, or leaves close languages close, and `lang` is a guess. A language with no model comes out as its nearest modelled neighbour, often with a high score (Aragonese as Spanish)", "`lang` was not judged from the text"},
	"authors":                 {"the article's authors, from the page's metadata or byline; the newsroom the page credits (JSON-LD) when it names no person", "never: `[]` when unknown"},
	"keywords":                {"the page's keywords or tags, from its metadata (`keywords`, `news_keywords`, JSON-LD, `article:tag`)", "never: `[]` when none"},
	"site_name":               {"the publication's name, from the page's metadata", "none is found"},
	"canonical_url":           {"the page's canonical URL, absolute", "none is found"},
	"image":                   {"the main image's URL, absolute", "none is found"},
	"text":                    {"the article: paragraphs separated by a blank line", ""},
	"summary":                 {"the standfirst: the publisher's description, or the lead within the word budget", "no summary could be made"},
	"summary_method":          {"`description` or `lead`", "`summary` is null"},
	"description":             {"the publisher's description, as given", "the page or input has none"},
	"words":                   {"words in `text`", ""},
	"removed_blocks":          {"blocks cut as page chrome", ""},
	"source_file":             {"the input the record came from, as named (`-` for standard input)", ""},
	"source_offset":           {"the record's byte offset in the decompressed input (for an archive, of its `WARC/` line)", ""},
	"source_format":           {"`seed`, `text`, `jsonl`, `html` or `warc`", ""},
	"warc_offset":             {"where the record is stored in `source_file`, as an index (CDX) gives it: the offset of its gzip member (one member per record), or of the record in a plain archive", "not from an archive, a record sharing its gzip member, a zstd archive, a record followed by damage inside a member"},
	"warc_length":             {"the length of that gzip member (or plain record) as stored: reading `warc_length` bytes at `warc_offset` and gunzipping them gives the record", "`warc_offset` is null"},
	"warc_record_id":          {"the record's `WARC-Record-ID`, as given", "not from a WARC"},
	"payload_digest":          {"the record's `WARC-Payload-Digest`, as given", "not from a WARC, or it has none"},
	"http_status":             {"the HTTP status of an archived response", "not an HTTP response record"},
	"content_type":            {"the Content-Type the page was served with (HTTP, or the WARC header of a record without HTTP headers)", "unknown"},
	"encoding":                {"the charset the text was decoded from when it was not UTF-8 (`windows-1252`, `utf-16`, `utf-8-repaired`)", "the input was UTF-8"},
	"cluster_id":              {"with `--dedup`: the story cluster, its canonical copy's id", "not in a cluster of more than one, or no `--dedup`"},
	"cluster_size":            {"with `--dedup`: the number of copies of the story", "`cluster_id` is null"},
	"duplicate_of":            {"with `--dedup`: the canonical copy's id, for a copy that is not the canonical one", "the canonical copy, or not in a cluster"},
	"story_id":                {"with `--stories`: the story (one event, copies and rewrites across outlets): its first member's id", "run without `--stories`"},
	"story_size":              {"with `--stories`: the number of articles in the story", "`story_id` is null"},
}

// Columns returns the fields of Record in order, with their types in
// each encoding, what they mean and when they are null.
func Columns() []Column {
	var cols []Column
	for f := range reflect.TypeFor[Record]().Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		doc, ok := columnDocs[name]
		if !ok {
			panic(fmt.Sprintf("record: field %s has no documentation", name))
		}
		js, pq := types(f.Type)
		cols = append(cols, Column{Name: name, JSONType: js, ParquetType: pq, Meaning: doc[0], NullWhen: doc[1]})
	}
	return cols
}

// types returns the JSON and Parquet types of a field of Go type t.
func types(t reflect.Type) (json, parquet string) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return "string (RFC 3339, UTC)", "TIMESTAMP(MICROS, UTC)"
	case t.Kind() == reflect.String:
		return "string", "STRING"
	case t.Kind() == reflect.Int64:
		return "integer", "INT64"
	case t.Kind() == reflect.Int32:
		return "integer", "INT32"
	case t.Kind() == reflect.Float64:
		return "number", "DOUBLE"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "array of strings", "LIST<STRING>"
	}
	panic("record: no schema type for " + t.String())
}
