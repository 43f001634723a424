package article_test

import (
	"fmt"

	"github.com/copydesk/copydesk/article"
)

func ExampleExtract() {
	page := []byte(`<html><head><title>Storm closes coast road | Daily Tide</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Storm closes coast road</h1>
<p>The coast road was closed on Friday after high waves washed stones and seaweed across both lanes near the harbour.</p>
<p>Police said it would stay shut until the tide turned and council workers had cleared the debris from the carriageway.</p>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
</article>
<footer>© Daily Tide</footer>
</body></html>`)
	a, err := article.Extract(page, "https://tide.example/news/2024/02/09/storm", article.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Title)
	fmt.Println(a.Date.Published.Format("2006-01-02"), a.Date.Source)
	for _, p := range a.Paragraphs {
		fmt.Println(p.Kind, "|", p.Text)
	}
	// Output:
	// Storm closes coast road
	// 2024-02-09 url
	// text | The coast road was closed on Friday after high waves washed stones and seaweed across both lanes near the harbour.
	// text | Police said it would stay shut until the tide turned and council workers had cleared the debris from the carriageway.
}
