package article

import "testing"

func TestHiddenClasses(t *testing.T) {
	for names, want := range map[string]bool{
		"intro-body__premium hidden": true,
		"visually-hidden":            true,
		"box d-none":                 true,
		"hidden-xs col-md-6":         false, // hidden on small screens only
		"hide-on-mobile":             false,
		"story-body":                 false,
	} {
		if got := namesSignal(names)&sigHidden != 0; got != want {
			t.Errorf("namesSignal(%q) hidden: %v, want %v", names, got, want)
		}
	}
}
