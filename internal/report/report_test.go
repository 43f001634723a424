package report

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/chart"
)

func labels(items []chart.Item) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Label+"="+chart.Number(it.Value))
	}
	return strings.Join(s, " ")
}

func TestMonths(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   map[string]int
		want string
	}{
		{"none", nil, ""},
		{"gaps filled", map[string]int{"2024-01": 2, "2024-04": 1}, "2024-01=2 2024-02=0 2024-03=0 2024-04=1"},
		{"by year past 20 years", map[string]int{"1999-05": 1, "2024-01": 2, "2024-07": 3}, "1999=1 2000=0"},
		{"not a month", map[string]int{"20xx-01": 1, "2024-02": 1}, "2024-02=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := labels(months(tc.in)); !strings.HasPrefix(got, tc.want) || (tc.want == "" && got != "") {
				t.Errorf("months = %q, want it to start with %q", got, tc.want)
			}
		})
	}
}

func TestBuckets(t *testing.T) {
	for _, tc := range []struct {
		n, want int
		label   string
	}{
		{0, 0, "<50"}, {49, 0, "<50"}, {50, 1, "50–99"}, {4999, 11, "3000–4999"}, {5000, 12, "≥5000"}, {1 << 30, 12, "≥5000"},
	} {
		if got := bucket(WordBuckets, tc.n); got != tc.want || bucketLabel(WordBuckets, got) != tc.label {
			t.Errorf("bucket(%d) = %d %q, want %d %q", tc.n, got, bucketLabel(WordBuckets, got), tc.want, tc.label)
		}
	}
}
