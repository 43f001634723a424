package pipeline

import (
	"github.com/copydesk/copydesk"
)

// A CorpusStage is a step that needs the whole corpus before it can judge
// one Document: text that recurs on many pages of a site, the copies of
// one story. It runs in two phases, so that its work can be spread over
// workers and machines:
//
//  1. Observe: every kept Document is observed into a CorpusState. Each
//     worker (or machine) observes into a state of its own; the states
//     are then merged into one. Observing is cheap and the state is small
//     next to the corpus (a few bytes per Document or per distinct
//     paragraph), so a merged state fits in memory where the corpus does
//     not.
//  2. Apply: Prepare is called once on the merged state, then Apply with
//     every kept Document, which it may change or drop (by returning a
//     *copydesk.Rejection: the Document is then dropped with that reason
//     and counted as such).
//
// The key given to Observe and Apply is the same for one Document: it
// orders the kept Documents as the input does and is unique among them
// (the local runner uses the Document's place in the input; a distributed
// runner may use the input's place in the input list and the record's
// offset). A stage may use it to break ties, never as a count. Apply must
// be safe for concurrent use once Prepare has returned.
type CorpusStage interface {
	// Name names the stage in progress reports and errors.
	Name() string
	// NewState returns an empty state.
	NewState() CorpusState
	// Observe adds d to st, which only the calling goroutine uses.
	Observe(st CorpusState, key int64, d *copydesk.Document)
	// Prepare makes the merged state ready for Apply.
	Prepare(st CorpusState) error
	// Apply changes d by what st says of the corpus, or drops it.
	Apply(st CorpusState, key int64, d *copydesk.Document) error
}

// A CorpusState is what a CorpusStage learned from the Documents it
// observed. Merge adds another state of the same stage to it (the order
// of merges does not change the result). MarshalBinary and
// UnmarshalBinary carry a state between machines.
type CorpusState interface {
	Merge(other CorpusState) error
	MarshalBinary() ([]byte, error)
	UnmarshalBinary(data []byte) error
}
