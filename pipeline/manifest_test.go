package pipeline

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/copydesk/copydesk"
)

// TestFailureNotesOrderFree checks that the failures a manifest lists do
// not depend on the order the records were settled in, nor on how the
// counts were split and merged (workers, a distributed runner's bundles).
func TestFailureNotesOrderFree(t *testing.T) {
	const maxNotes = 5
	var docs []*copydesk.Document
	for i := range 40 {
		d := &copydesk.Document{Source: copydesk.Provenance{File: fmt.Sprintf("in-%d.warc.gz", i%3), Offset: int64(1000 - i)}}
		d.Settle(copydesk.ErrBadRecord)
		docs = append(docs, d)
	}
	want := NewManifest()
	for _, d := range docs {
		want.Count(d, maxNotes)
	}
	if len(want.Failures) != maxNotes || want.Failures[0].File != "in-0.warc.gz" || want.Failures[0].Offset != 1000-39 {
		t.Fatalf("failures %+v", want.Failures)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
		parts := []*Manifest{NewManifest(), NewManifest(), NewManifest()}
		for _, d := range docs {
			parts[rng.IntN(len(parts))].Count(d, maxNotes)
		}
		got := NewManifest()
		for _, i := range rng.Perm(len(parts)) {
			got.Merge(parts[i], maxNotes)
		}
		if got.Failed != want.Failed || !reflect.DeepEqual(got.Failures, want.Failures) {
			t.Fatalf("merged failures %+v, want %+v", got.Failures, want.Failures)
		}
	}
}
