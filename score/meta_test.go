package score

import (
	"testing"
	"time"
)

func TestSameField(t *testing.T) {
	for _, c := range []struct {
		got, gold string
		want      bool
	}{
		{"Town votes on 'new' bridge", "Town votes on ‘new’ bridge", true},
		{"  Rain  returns\u00a0", "rain returns", true},
		{"Rain returns | The Courier", "Rain returns", false},
		{"", "", true},
	} {
		if got := SameField(c.got, c.gold); got != c.want {
			t.Errorf("SameField(%q, %q) = %v", c.got, c.gold, got)
		}
	}
}

func TestAuthors(t *testing.T) {
	for _, c := range []struct {
		got, gold string
		same      bool
		f1        float64
	}{
		{"By Ana Ruiz and Li Wei", "Li Wei; Ana Ruiz", true, 1},
		{"Ana Ruiz", "Ana Ruiz, Li Wei", false, 2 * 1 * 0.5 / 1.5},
		{"Ana Ruiz, Staff Writer", "Ana Ruiz", false, 2 * 0.5 * 1 / 1.5},
		{"", "Ana Ruiz", false, 0},
		{"", "", true, 1},
	} {
		if got := SameAuthors(c.got, c.gold); got != c.same {
			t.Errorf("SameAuthors(%q, %q) = %v", c.got, c.gold, got)
		}
		if got := AuthorTokenF1(c.got, c.gold); got < c.f1-1e-9 || got > c.f1+1e-9 {
			t.Errorf("AuthorTokenF1(%q, %q) = %.3f, want %.3f", c.got, c.gold, got, c.f1)
		}
	}
}

func TestSameDay(t *testing.T) {
	late := time.Date(2021, 4, 2, 23, 30, 0, 0, time.FixedZone("", -4*3600)) // 03:30 UTC on the 3rd
	for _, c := range []struct {
		t       time.Time
		hasTime bool
		gold    string
		want    bool
	}{
		{late, true, "2021-04-02T23:30:00-04:00", true},
		{late, true, "2021-04-03T03:30:00Z", true},
		{late, true, "2021-04-02", true},
		{late, false, "2021-04-03T03:30:00Z", false},
		{late.UTC(), true, "2021-04-02T20:00:00-07:00", true},
		{time.Date(2021, 4, 3, 0, 0, 0, 0, time.UTC), false, "2021-04-03T03:30:00Z", true},
		{time.Time{}, false, "2021-04-03", false},
	} {
		if got := SameDay(c.t, c.hasTime, c.gold); got != c.want {
			t.Errorf("SameDay(%v, %v, %q) = %v", c.t, c.hasTime, c.gold, got)
		}
	}
}

func TestFirstWordsMatch(t *testing.T) {
	text := "Farmers in the valley woke to “steady” rain on Friday."
	if !FirstWordsMatch(text, "Farmers in the  valley woke to \"steady\"") {
		t.Error("prefix not matched")
	}
	if FirstWordsMatch(text, "Farmers in a valley") || FirstWordsMatch(text, "") {
		t.Error("non-prefix matched")
	}
}
