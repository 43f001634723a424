package metadata_test

import (
	"fmt"

	"github.com/copydesk/copydesk/metadata"
)

func ExampleExtract() {
	page := []byte(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<title>Storm closes the harbour | The Coast Gazette</title>
<meta property="og:site_name" content="The Coast Gazette">
<meta name="description" content="Ferries stay in port as winds reach 90 km/h.">
<link rel="canonical" href="/2024/03/storm-harbour">
<meta property="og:image" content="/img/storm.jpg">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Storm closes the harbour",
 "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Ravi Rao"}],
 "keywords": "weather, ferries"}
</script>
</head>
<body><h1>Storm closes the harbour</h1><p class="byline">By Ann Lee and Ravi Rao</p></body>
</html>`)
	m := metadata.Extract(page, "https://gazette.example/news/", "text/html; charset=utf-8")
	fmt.Println(m.Title)
	fmt.Println(m.Authors)
	fmt.Println(m.SiteName, m.Lang, m.Type)
	fmt.Println(m.Canonical)
	fmt.Println(m.Image)
	fmt.Println(m.Keywords)
	// Output:
	// Storm closes the harbour
	// [Ann Lee Ravi Rao]
	// The Coast Gazette en NewsArticle
	// https://gazette.example/2024/03/storm-harbour
	// https://gazette.example/img/storm.jpg
	// [weather ferries]
}
