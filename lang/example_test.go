package lang_test

import (
	"fmt"

	"github.com/copydesk/copydesk/lang"
)

func ExampleDetect() {
	code, score := lang.Detect("The government presented next year's budget to parliament today.", "")
	fmt.Println(code, score > 0.9)

	// Danish and Norwegian share most words: the page's own language
	// decides a short text...
	code, _ = lang.Detect("Det er en stor dag for alle.", "da-DK")
	fmt.Println(code)
	// ...but not text that is plainly another language.
	code, _ = lang.Detect("Die Regierung hat heute den Haushalt vorgelegt.", "en")
	fmt.Println(code)
	// Output:
	// en true
	// da
	// de
}
