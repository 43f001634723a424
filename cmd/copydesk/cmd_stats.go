package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/copydesk/copydesk/pipeline"
	"io/fs"
	"path/filepath"

	"github.com/copydesk/copydesk/shard"
)

const statsAbout = `
Prints the manifest of a run's output directory: records read, kept,
dropped and failed with their reasons, the first failures with file and
offset, input bytes and rates. For a run made with --resume, also the
shards: with --shards one line per input; when the run was interrupted
(there are shards but no manifest yet) the counts of the finished shards.`

func cmdStats(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "stats", "[--shards] DIR", statsAbout)
	perShard := flags.Bool("shards", false, "print one line per shard")
	dirs, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		return usagef("want exactly one DIR")
	}
	dir := dirs[0]
	infos, err := shard.List(dir)
	if err != nil {
		return err
	}
	m, err := pipeline.ReadManifest(filepath.Join(dir, "manifest.json"))
	switch {
	case errors.Is(err, fs.ErrNotExist) && len(infos) > 0:
		fmt.Fprintf(e.stdout, "%s: no manifest: the run did not end; %d shards are finished:\n", dir, len(infos))
		m = pipeline.NewManifest()
		for _, info := range infos {
			m.Merge(info.Counts, pipeline.DefaultFailureNotes)
		}
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no finished dataset in %s: it has no manifest.json (a run that did not finish leaves none)", dir)
	case err != nil:
		return err
	}
	if err := m.Summary(e.stdout); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "input %s", byteSize(m.InputBytes))
	if m.Seconds > 0 && m.BytesPerSec > 0 {
		fmt.Fprintf(e.stdout, " in %.1f s (%s/s read)", m.Seconds, byteSize(int64(m.BytesPerSec)))
	}
	if m.Resumed > 0 {
		fmt.Fprintf(e.stdout, "; %d inputs finished by an earlier run", m.Resumed)
	}
	fmt.Fprintln(e.stdout)
	if len(infos) > 0 {
		fmt.Fprintf(e.stdout, "shards: %d finished in %s\n", len(infos), filepath.Join(dir, shard.Subdir))
	}
	if *perShard {
		for _, info := range infos {
			c := info.Counts
			fmt.Fprintf(e.stdout, "  %s: records %d, kept %d, dropped %d, failed %d (%s)\n",
				info.Input, c.Records, c.Kept, c.Dropped, c.Failed, info.Data)
		}
	}
	return nil
}

// byteSize formats n bytes with a binary unit.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
