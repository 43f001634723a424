package article

import (
	"math"
	"testing"
)

// TestShippedModel checks that the embedded weights fit the features of
// this code: a feature added or reordered without retraining would
// otherwise turn the classifier off unnoticed.
func TestShippedModel(t *testing.T) {
	m := shippedModel()
	if m == nil {
		t.Fatal("blockmodel.json does not parse or does not list the features in order; rerun go test -run TestTrain -train")
	}
	for _, c := range []classifier{m.Rescue, m.Drop} {
		if c.Threshold != 0 && len(c.W) != numFeatures && len(c.Trees) == 0 {
			t.Errorf("a classifier is turned on without weights: %+v", c)
		}
	}
}

func TestModelFits(t *testing.T) {
	good := blockModel{Features: featureNames[:]}
	if !good.fits() {
		t.Error("a model with this code's features does not fit")
	}
	reordered := blockModel{Features: append([]string{featureNames[1], featureNames[0]}, featureNames[2:]...)}
	if reordered.fits() {
		t.Error("a model with its features out of order fits")
	}
	broken := blockModel{Features: featureNames[:]}
	broken.Rescue.Trees = []treeModel{{Feature: []int{fWords}, Below: []float64{1}, Value: []float64{0}}}
	if broken.fits() {
		t.Error("a model with a tree short of leaves fits")
	}
}

func TestClassifierProb(t *testing.T) {
	var x blockFeatures
	x[fBias], x[fWords] = 1, 2
	for _, tc := range []struct {
		name string
		c    classifier
		want float64
	}{
		{"empty", classifier{}, 0},
		{"linear", classifier{W: append([]float64{1, -0.25}, make([]float64, numFeatures-2)...)}, 0.5},
		{"constant tree", classifier{Trees: []treeModel{{Value: []float64{0.7}}}}, 0.7},
		// x[fWords] = 2 is not below 1.5: right, then x[fLinks] = 0 is
		// below 0.5: left, leaf 2.
		{"tree", classifier{Trees: []treeModel{{
			Feature: []int{fWords, fLinks, fLinks},
			Below:   []float64{1.5, 0.5, 0.5},
			Value:   []float64{-1, -2, 3, -4},
		}}}, 3},
		{"linear and tree", classifier{
			W:     append([]float64{1, -0.25}, make([]float64, numFeatures-2)...),
			Trees: []treeModel{{Value: []float64{-1}}},
		}, -0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := 1 / (1 + math.Exp(-tc.want))
			if got := tc.c.prob(&x); math.Abs(got-want) > 1e-12 {
				t.Errorf("prob = %v, want %v", got, want)
			}
		})
	}
}
