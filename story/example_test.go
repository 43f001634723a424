package story_test

import (
	"fmt"

	"github.com/copydesk/copydesk/story"
)

// Two workers observe their share of a day's news into States of their
// own; the States are merged where the stories are made.
func Example() {
	docs := []story.Doc{
		{Key: 1, ID: "a", Date: "2024-03-01", Title: "Senate passes budget bill", Text: "The Senate passed the budget bill by 61 votes to 39 on Friday."},
		{Key: 2, ID: "b", Date: "2024-03-01", Title: "Storm closes the harbour", Text: "A storm closed the harbour for two days."},
		{Key: 3, ID: "c", Date: "2024-03-02", Title: "Budget bill clears Senate", Text: "The Senate approved the budget bill 61 to 39 after a night of debate."},
		{Key: 4, ID: "d", Date: "2024-03-02", Title: "Museum opens new wing", Text: "The museum opened a wing of coastal paintings."},
	}
	var o story.Options
	workers := []*story.State{story.NewState(o), story.NewState(o)}
	for i, d := range docs {
		workers[i%2].Add(o.Observe(d))
	}
	all := workers[0]
	if err := all.Merge(workers[1]); err != nil {
		panic(err)
	}
	for _, st := range all.Stories() {
		fmt.Print(st.ID, ":")
		for _, m := range st.Members {
			fmt.Print(" ", m.ID)
		}
		fmt.Println()
	}
	// Output:
	// a: a c
	// b: b
	// d: d
}
