// Command none is the baseline of the binary sizes langid reports: it
// reads its input and prints its length, as the others print a language.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
	fmt.Println(len(b))
}
