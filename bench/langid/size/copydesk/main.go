// Command copydesk prints the language of its input by package lang; its
// size less the baseline's is the detector's share of a binary.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/copydesk/copydesk/lang"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
	fmt.Println(lang.Detect(string(b), ""))
}
