package lang

import (
	"math"
	"slices"
	"testing"
)

// FuzzDetect checks that Detect never panics, returns a code it lists or
// "", and a score in [0, 1] (0 with no code).
func FuzzDetect(f *testing.F) {
	for _, s := range samples {
		f.Add(s.text, s.code)
	}
	f.Add("", "")
	f.Add("\xff\xfeA\u0301\u200d", "zh-Hant")
	f.Add("ок ok の 한 ა", "nb_NO")
	langs := Languages()
	f.Fuzz(func(t *testing.T, text, hint string) {
		code, score := Detect(text, hint)
		if code != "" {
			if _, ok := slices.BinarySearch(langs, code); !ok {
				t.Errorf("Detect(%q, %q) = %q, not among Languages()", text, hint, code)
			}
		} else if score != 0 {
			t.Errorf("Detect(%q, %q) = \"\" with score %v", text, hint, score)
		}
		if math.IsNaN(score) || score < 0 || score > 1 {
			t.Errorf("Detect(%q, %q) score %v outside [0, 1]", text, hint, score)
		}
	})
}
