package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalSkipsUnknownLayouts scores a small Postlight-layout set beside
// a directory in no known layout: the set is scored, the other named.
func TestEvalSkipsUnknownLayouts(t *testing.T) {
	root := t.TempDir()
	set := filepath.Join(root, "meta-tiny")
	if err := os.MkdirAll(filepath.Join(set, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	page := `<html lang="en"><head><title>Rain Returns to the Valley | The Courier</title>
<meta property="article:published_time" content="2021-04-02T09:30:00-04:00"></head>
<body><article><h1>Rain Returns to the Valley</h1><p class="byline">By Ana Ruiz</p>
<p>Farmers in the valley woke to steady rain on Friday, the first in months, and said the crops would recover.</p>
<p>The forecast shows more rain over the weekend, with cooler nights to follow.</p></article></body></html>`
	gold := `{"tiny": {"url": "https://example.org/rain", "title": "Rain Returns to the Valley",
"author": "Ana Ruiz", "date": "2021-04-02T13:30:00.000Z", "dek": null, "lead_image_url": null,
"content_first_words": "Farmers in the valley woke", "asserted_fields": ["title", "author", "date_published", "content_first_words"]}}`
	if err := os.WriteFile(filepath.Join(set, "html", "tiny.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(set, "gold.json"), []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	unknown := filepath.Join(root, "notes")
	if err := os.Mkdir(unknown, 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "eval", unknown, set)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"meta-tiny (title)", "meta-tiny (authors)", "meta-tiny (date)", "meta-tiny (first words)", "skipped:", "notes"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "meta-tiny (") && !strings.HasSuffix(strings.TrimSpace(line), "1.0000") {
			t.Errorf("not all right: %s", line)
		}
	}
	if code, _, _ := runCLI(t, "", "eval", unknown); code == exitOK {
		t.Error("eval with no set it knows exited OK")
	}
}

// TestEvalDocs checks that -docs prints, for each page, the scores of the
// article extraction and of the text cleaner apart: a page whose menu the
// article leaves out and the line-by-line cleaner keeps scores differently
// by the two.
func TestEvalDocs(t *testing.T) {
	set := filepath.Join(t.TempDir(), "bodies")
	if err := os.MkdirAll(filepath.Join(set, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	story := "Farmers in the valley woke to steady rain on Friday, the first in months, and said the crops would recover soon. " +
		"The forecast shows more rain over the weekend, with cooler nights to follow and rivers rising slowly."
	var menu strings.Builder
	for _, w := range []string{"Weather alerts and warnings", "Local sports results today", "Opinion columns and letters", "Business markets and money"} {
		menu.WriteString(`<li><a href="/x">` + w + `</a></li>`)
	}
	page := `<html lang="en"><head><title>Rain</title></head><body><nav><ul>` + menu.String() + `</ul></nav>
<article><h1>Rain Returns</h1><p>` + story + `</p></article></body></html>`
	if err := os.WriteFile(filepath.Join(set, "html", "rain.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	gold := `{"rain": {"url": "https://example.org/rain", "articleBody": "` + story + `"}}`
	if err := os.WriteFile(filepath.Join(set, "ground-truth.json"), []byte(gold), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "eval", "-docs", set)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "doc\t") {
			line = l
		}
	}
	if !strings.Contains(line, "\tbodies\train\tarticle P=1.000 R=1.000\ttext P=") || strings.Contains(line, "text P=1.000") {
		t.Errorf("per-page line %q: want the article's perfect scores and the text cleaner's lower precision apart\n%s", line, out)
	}
}
