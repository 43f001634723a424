// Command whatlanggo prints the language of its input by whatlanggo.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/abadojack/whatlanggo"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
	fmt.Println(whatlanggo.Detect(string(b)).Lang)
}
