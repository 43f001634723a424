package record

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk"
)

var update = flag.Bool("update", false, "rewrite schema.json and the README's schema table from Columns")

// jsonSchema returns the JSON Schema of a record, made from Columns.
func jsonSchema() []byte {
	var b bytes.Buffer
	str := func(s string) string {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		return strings.TrimSuffix(out.String(), "\n")
	}
	cols := Columns()
	var names []string
	for _, c := range cols {
		names = append(names, str(c.Name))
	}
	fmt.Fprintf(&b, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n")
	fmt.Fprintf(&b, "  \"$id\": \"https://github.com/copydesk/copydesk/record/schema.json\",\n")
	fmt.Fprintf(&b, "  \"title\": \"copydesk article record\",\n")
	fmt.Fprintf(&b, "  \"description\": %s,\n", str("One line of articles.jsonl (one row of articles.parquet): every field present, null when unknown. Generated from package record's Record by its tests (go test ./record/ -update)."))
	fmt.Fprintf(&b, "  \"type\": \"object\",\n  \"additionalProperties\": false,\n")
	fmt.Fprintf(&b, "  \"required\": [%s],\n  \"properties\": {\n", strings.Join(names, ", "))
	for i, c := range cols {
		typ := strings.Fields(c.JSONType)[0]
		var fields []string
		switch {
		case typ == "array":
			fields = append(fields, `"type": "array"`, `"items": {"type": "string"}`)
		case c.NullWhen != "":
			fields = append(fields, fmt.Sprintf(`"type": [%s, "null"]`, str(typ)))
		default:
			fields = append(fields, fmt.Sprintf(`"type": %s`, str(typ)))
		}
		if strings.Contains(c.JSONType, "RFC 3339") {
			fields = append(fields, `"format": "date-time"`)
		}
		desc := c.Meaning + "."
		if c.NullWhen != "" && !strings.HasPrefix(c.NullWhen, "never") {
			desc += " Null when " + c.NullWhen + "."
		}
		desc += " Parquet: " + c.ParquetType + "."
		fields = append(fields, `"description": `+str(strings.ReplaceAll(desc, "`", "")))
		sep := ","
		if i == len(cols)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    %s: {%s}%s\n", str(c.Name), strings.Join(fields, ", "), sep)
	}
	b.WriteString("  }\n}\n")
	return b.Bytes()
}

// markdownTable returns the README's table of the record's fields.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("| field | JSON | Parquet | meaning | null when |\n|---|---|---|---|---|\n")
	for _, c := range Columns() {
		null := c.NullWhen
		if null == "" {
			null = "never"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.Name, c.JSONType, c.ParquetType, c.Meaning, null)
	}
	return b.String()
}

const (
	tableBegin = "<!-- record schema: made by go test ./record/ -update -->\n"
	tableEnd   = "<!-- end of record schema -->\n"
)

// TestSchemaFiles checks that schema.json and the README's schema table
// are the ones Columns makes; -update rewrites them.
func TestSchemaFiles(t *testing.T) {
	want := jsonSchema()
	var v any
	if err := json.Unmarshal(want, &v); err != nil {
		t.Fatalf("the schema made is not JSON: %v\n%s", err, want)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := bytes.Cut(readme, []byte(tableBegin))
	_, after, ok2 := bytes.Cut(rest, []byte(tableEnd))
	if !ok1 || !ok2 {
		t.Fatalf("README.md has no schema table between %q and %q", tableBegin, tableEnd)
	}
	newReadme := slices.Concat(before, []byte(tableBegin), []byte(markdownTable()), []byte(tableEnd), after)
	if *update {
		if err := os.WriteFile("schema.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../README.md", newReadme, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := os.ReadFile("schema.json"); !bytes.Equal(got, want) {
		t.Errorf("schema.json is not the one the Record type makes: run go test ./record/ -update and review the diff")
	}
	if !bytes.Equal(readme, newReadme) && !*update {
		t.Errorf("README.md's schema table is not the one the Record type makes: run go test ./record/ -update and review the diff")
	}
}

// TestRecordsMatchSchema checks that records as JSON have every field of
// the schema, of its type, null only where it may be.
func TestRecordsMatchSchema(t *testing.T) {
	var schema struct {
		Required   []string
		Properties map[string]struct {
			Type any
		}
	}
	raw, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	full := &copydesk.Document{ID: "a", URL: "https://example.org/a", Title: "T", Date: "2024-05-06T10:00:00+02:00",
		DateSource: "json-ld", Modified: "2024-05-07T10:00:00Z", Fetched: "2024-05-08T00:00:00Z", Lang: "en", LangScore: 0.9,
		Authors: []string{"A"}, Keywords: []string{"k"}, SiteName: "S", Canonical: "https://example.org/a", Image: "https://example.org/i.jpg",
		Paragraphs: []string{"Text."}, Summary: "Text.", SummaryMethod: "lead", Description: "D", Encoding: "windows-1252",
		ContentType: "text/html", ClusterID: "a", ClusterSize: 2, DuplicateOf: "b", StoryID: "a", StorySize: 3,
		Source: copydesk.Provenance{File: "f", Offset: 1, Format: copydesk.FormatWARC, StoredOffset: 0, StoredLength: 10,
			RecordID: "<urn:uuid:a>", PayloadDigest: "sha1:X", HTTPStatus: 200}}
	for _, d := range []*copydesk.Document{full, {}} {
		b, err := json.Marshal(New(d))
		if err != nil {
			t.Fatal(err)
		}
		var rec map[string]any
		json.Unmarshal(b, &rec)
		if len(rec) != len(schema.Required) {
			t.Errorf("%d fields, the schema %d", len(rec), len(schema.Required))
		}
		for _, name := range schema.Required {
			v, ok := rec[name]
			if !ok {
				t.Errorf("%s missing", name)
				continue
			}
			var types []string
			switch ty := schema.Properties[name].Type.(type) {
			case string:
				types = []string{ty}
			case []any:
				for _, x := range ty {
					types = append(types, x.(string))
				}
			}
			got := "null"
			switch x := v.(type) {
			case string:
				got = "string"
			case float64:
				got = "number"
				if x == float64(int64(x)) && slices.Contains(types, "integer") {
					got = "integer"
				}
			case []any:
				got = "array"
			case bool:
				got = "boolean"
			}
			if !slices.Contains(types, got) {
				t.Errorf("%s = %v: a %s, the schema says %v", name, v, got, types)
			}
			if d == full && got == "null" {
				t.Errorf("%s is null in a record with every field set", name)
			}
		}
	}
}
