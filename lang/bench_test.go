package lang

import (
	"strings"
	"testing"
)

// BenchmarkDetect identifies the language of the samples, each repeated to
// a paragraph of about 1 KB; one op is one text.
func BenchmarkDetect(b *testing.B) {
	loadModel()
	var texts []string
	size := 0
	for _, s := range samples {
		t := strings.Repeat(s.text+" ", 1+1024/len(s.text))
		texts = append(texts, t)
		size += len(t)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		Detect(texts[i%len(texts)], "")
		i++
	}
}

// BenchmarkLoad parses the embedded model, as the first Detect does.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseModel(modelData); err != nil {
			b.Fatal(err)
		}
	}
}
