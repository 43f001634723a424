// Command copydesk-beam runs copydesk's stages as an Apache Beam pipeline
// (package beamjob) on the runner its flags name: prism (the default, in
// process), dataflow, flink or spark through their job services. Inputs
// are file patterns (local paths, gs://, s3://); the output directory
// gets shards of articles, manifest.json and, with --dedup,
// clusters.jsonl.
//
//	copydesk-beam --input 'gs://bucket/crawl/*.warc.gz' --out gs://bucket/out \
//	    --dedup mark --site_boilerplate \
//	    --runner dataflow --project P --region R --staging_location gs://bucket/staging
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	beamjob "github.com/copydesk/copydesk/beam"
	"github.com/copydesk/copydesk/dedup"
)

func main() {
	var o beamjob.Options
	input := flag.String("input", "", "comma-separated input patterns: files, directories (local), globs, gs:// or s3:// globs")
	flag.StringVar(&o.Out, "out", "", "output directory: a local path, gs://bucket/dir or s3://bucket/dir")
	flag.StringVar(&o.Format, "format", "jsonl", "output format: jsonl or parquet")
	flag.IntVar(&o.MinWords, "min_words", 15, "drop articles shorter than this (0: keep any length)")
	flag.IntVar(&o.SummaryWords, "summary_words", 60, "word budget of the lead summary")
	flag.StringVar(&o.Lang, "lang", "", "language of the inputs, ISO 639-1 (default: detect)")
	flag.BoolVar(&o.SiteBoilerplate, "site_boilerplate", false, "cut paragraphs that recur across many pages of a site")
	flag.IntVar(&o.SiteMinPages, "site_min_pages", 5, "pages of a site a paragraph must recur on")
	flag.StringVar(&o.Dedup, "dedup", "", "mark or canonical: cluster the same story across records")
	flag.DurationVar(&o.DocTimeout, "doc_timeout", 30*time.Second, "time budget of one document's stages; past it the document fails as timeout and the pipeline goes on (0: none)")
	flag.Parse()
	beam.Init()
	if err := run(context.Background(), *input, o); err != nil {
		fmt.Fprintln(os.Stderr, "copydesk-beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, input string, o beamjob.Options) error {
	if input == "" || o.Out == "" {
		return fmt.Errorf("want --input and --out")
	}
	o.DedupOptions = dedup.Options{}
	files, err := beamjob.Inputs(ctx, strings.Split(input, ","))
	if err != nil {
		return err
	}
	if err := beamjob.PrepareOut(ctx, o.Out); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	if err := beamjob.Build(s, files, o); err != nil {
		return err
	}
	return beamx.Run(ctx, p)
}
