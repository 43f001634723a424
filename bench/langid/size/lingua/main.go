// Command lingua prints the language of its input by lingua-go, low
// accuracy mode, all languages.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pemistahl/lingua-go"
)

func main() {
	b, _ := io.ReadAll(os.Stdin)
	d := lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode().Build()
	fmt.Println(d.DetectLanguageOf(string(b)))
}
