package stage

import (
	"regexp"
	"testing"
	"time"

	"github.com/copydesk/copydesk"
)

func TestFilter(t *testing.T) {
	day := func(s string) time.Time { t, _ := ParseDate(s, false); return t }
	end := func(s string) time.Time { t, _ := ParseDate(s, true); return t }
	article := &copydesk.Document{URL: "https://www.News.Example.com/politics/1", Lang: "en", Date: "2024-03-05",
		Paragraphs: []string{"one two three four five", "six seven eight nine ten"}}
	tests := []struct {
		name   string
		f      Filter
		d      *copydesk.Document
		reason string // "" kept
	}{
		{"zero value", Filter{}, article, ""},
		{"site", Filter{Sites: []string{"example.com"}}, article, ""},
		{"site exact", Filter{Sites: []string{"www.news.example.com."}}, article, ""},
		{"site not a suffix of a label", Filter{Sites: []string{"ws.example.com"}}, article, ReasonSiteNotListed},
		{"site no URL", Filter{Sites: []string{"example.com"}}, &copydesk.Document{}, ReasonSiteNotListed},
		{"exclude", Filter{ExcludeSites: []string{"https://example.com/"}}, article, ReasonSiteExcluded},
		{"exclude other", Filter{ExcludeSites: []string{"example.org"}}, article, ""},
		{"exclude no URL", Filter{ExcludeSites: []string{"example.org"}}, &copydesk.Document{}, ""},
		{"url match", Filter{URLMatch: regexp.MustCompile(`/politics/`)}, article, ""},
		{"url no match", Filter{URLMatch: regexp.MustCompile(`/sport/`)}, article, ReasonURLNotMatched},
		{"lang", Filter{Langs: []string{"de", "en"}}, article, ""},
		{"other lang", Filter{Langs: []string{"de"}}, article, ReasonOtherLang},
		{"since the day", Filter{Since: day("2024-03-05")}, article, ""},
		{"since within the day", Filter{Since: day("2024-03-05T23:00:00Z")}, article, ""},
		{"too old", Filter{Since: day("2024-03-06")}, article, ReasonTooOld},
		{"until the day", Filter{Until: end("2024-03-05")}, article, ""},
		{"too new", Filter{Until: end("2024-03-04")}, article, ReasonTooNew},
		{"time too new", Filter{Until: day("2024-03-05T10:00:00Z")}, &copydesk.Document{Date: "2024-03-05T10:00:01Z"}, ReasonTooNew},
		{"time in range", Filter{Until: day("2024-03-05T10:00:00Z")}, &copydesk.Document{Date: "2024-03-05T12:00:00+02:00"}, ""},
		{"undated", Filter{Since: day("2024-01-01")}, &copydesk.Document{}, ReasonUndated},
		{"unreadable date", Filter{Since: day("2024-01-01")}, &copydesk.Document{Date: "March 2024"}, ReasonUndated},
		{"undated kept", Filter{Since: day("2024-01-01"), KeepUndated: true}, &copydesk.Document{}, ""},
		{"max words", Filter{MaxWords: 10}, article, ""},
		{"too long", Filter{MaxWords: 9}, article, ReasonTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f.Validate(); err != nil {
				t.Fatal(err)
			}
			d := *tt.d
			err := FilterURL(tt.f)(&d)
			if err == nil {
				err = FilterArticle(tt.f)(&d)
			}
			d.Settle(err)
			if d.Reason != tt.reason {
				t.Errorf("reason %q, want %q (error %v)", d.Reason, tt.reason, err)
			}
		})
	}
}

func TestFilterValidate(t *testing.T) {
	tests := []struct {
		name string
		f    Filter
		ok   bool
	}{
		{"zero", Filter{}, true},
		{"languages", Filter{Langs: []string{"en", "nn", "zh"}}, true},
		{"language name", Filter{Langs: []string{"english"}}, false},
		{"host with path", Filter{Sites: []string{"example.com/news"}}, false},
		{"empty host", Filter{ExcludeSites: []string{" "}}, false},
		{"range backwards", Filter{Since: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, false},
		{"negative words", Filter{MaxWords: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
