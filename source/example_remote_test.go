package source_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/copydesk/copydesk/source"
)

// A Common Crawl paths file lists archives relative to the crawl's
// bucket; the base makes them URLs.
func ExampleReadList() {
	dir, _ := os.MkdirTemp("", "list")
	defer os.RemoveAll(dir)
	list := filepath.Join(dir, "warc.paths")
	os.WriteFile(list, []byte("# CC-MAIN-2024-10\ncrawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz\n\n"), 0o644)
	inputs, err := source.ReadList(context.Background(), list, "https://data.commoncrawl.org/", nil)
	fmt.Println(inputs, err)
	// Output: [https://data.commoncrawl.org/crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz] <nil>
}

// Documents reads an input named by URL as it reads a file; a server that
// answers 503 first is asked again after a wait.
func ExampleRemote() {
	var asked atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !asked.Swap(true) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		http.ServeContent(w, r, "", time.Time{}, strings.NewReader(`{"id":"1","text":"One."}`+"\n"+`{"id":"2","text":"Two."}`+"\n"))
	}))
	defer srv.Close()

	remote := source.NewRemote(source.FetchOptions{BackoffBase: time.Millisecond})
	url := srv.URL + "/news.jsonl"
	for d := range source.Documents([]string{url}, nil, source.Options{Remote: remote}) {
		fmt.Println(d.ID, d.Text, d.Err)
	}
	fmt.Println(remote.Fetched(url))
	// Output:
	// 1 One. <nil>
	// 2 Two. <nil>
	// etag "v1" true
}
