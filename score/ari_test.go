package score

import (
	"math"
	"testing"
)

func TestARI(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []int
		want float64
	}{
		{"identical", []int{0, 0, 1, 1, 2}, []int{0, 0, 1, 1, 2}, 1},
		{"renamed labels", []int{0, 0, 1, 1}, []int{5, 5, 3, 3}, 1},
		// By hand: sum C(nij,2)=C(2,2)+C(1,2)+C(1,2)=1,
		// sum C(ai,2)=1+1=2, sum C(bj,2)=C(3,2)+0=3, C(4,2)=6,
		// expected=2·3/6=1, max=(2+3)/2=2.5, ARI=(1-1)/(2.5-1)=0.
		{"chance level", []int{0, 0, 1, 1}, []int{0, 0, 0, 1}, 0},
		// a={0,0,0,1,1,1} b={0,0,1,1,2,2}: nij 2,1,1,2 → 1+0+0+1=2;
		// rows 3+3=6; cols 1+1+1=3; total 15; expected 6·3/15=1.2;
		// max 4.5; ARI=(2-1.2)/(4.5-1.2)=0.8/3.3.
		{"split", []int{0, 0, 0, 1, 1, 1}, []int{0, 0, 1, 1, 2, 2}, 0.8 / 3.3},
		// The classic example: worse than chance is negative.
		{"negative", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
		{"all singletons both", []int{0, 1, 2}, []int{3, 4, 5}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ARI(tc.a, tc.b); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("ari = %v, want %v", got, tc.want)
			}
			if got := ARI(tc.b, tc.a); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("ari swapped = %v, want %v", got, tc.want)
			}
		})
	}
}
