package job

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/copydesk/copydesk"
	"github.com/copydesk/copydesk/internal/atomicfile"
	"github.com/copydesk/copydesk/seedtext"
	"github.com/copydesk/copydesk/shard"
)

// ErrOutputNotEmpty is the error of a run whose output directory holds
// files that copydesk did not write, without Config.Overwrite.
var ErrOutputNotEmpty = errors.New("job: the output directory holds files copydesk did not write")

// The files of a dataset in its output directory.
const (
	manifestName = "manifest.json"
	clustersName = "clusters.jsonl"
	storiesName  = "stories.jsonl"
)

// textName matches the files of the text format (seedtext.DirWriter).
var textName = regexp.MustCompile(`^[0-9]{6}_.*\.txt$`)

// ours reports whether a name in an output directory is one copydesk
// writes: the dataset's files, its shards, its temporary files, and the
// files the commands that read a dataset keep beside it (an index, a
// report).
func ours(name string) bool {
	switch {
	case name == manifestName, name == clustersName, name == storiesName, name == shard.Subdir,
		strings.HasPrefix(name, "articles."),
		strings.HasPrefix(name, ".tmp-"),
		strings.HasPrefix(name, "index."), name == "report.html",
		textName.MatchString(name):
		return true
	}
	return false
}

// prepareOut makes the output directory ready for a run: it creates it,
// removes the temporary files an interrupted run left, and refuses a
// directory that holds files copydesk did not write unless overwrite.
// A directory that holds a dataset is fine: the new one replaces it once
// the run has finished (commitOut).
func prepareOut(dir string, overwrite bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var foreign []string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasPrefix(name, ".tmp-"):
			os.RemoveAll(filepath.Join(dir, name))
		case !ours(name):
			foreign = append(foreign, name)
		}
	}
	if len(foreign) > 0 && !overwrite {
		if len(foreign) > 5 {
			foreign = append(foreign[:5], fmt.Sprintf("and %d more", len(foreign)-5))
		}
		return fmt.Errorf("%w (%s): give another directory, or --overwrite to write the dataset there anyway (those files are left as they are)",
			ErrOutputNotEmpty, strings.Join(foreign, ", "))
	}
	if d := filepath.Join(dir, shard.Subdir); dirExists(d) {
		// Stale temporary shards are the shard package's to remove.
		stale, _ := filepath.Glob(filepath.Join(d, atomicfile.TempPattern))
		for _, p := range stale {
			os.Remove(p)
		}
	}
	return nil
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// staged is a dataset being written beside the one in the output
// directory: it replaces it only once the run has finished (commitOut),
// so an interrupted run leaves the previous dataset as it was.
type staged interface {
	// files returns the staged files and the names they take.
	files() map[string]string
	discard()
}

// stagedFile is a sink that writes one file (articles.jsonl,
// articles.parquet) to a temporary name in the output directory.
type stagedFile struct {
	f    *atomicfile.File
	enc  shard.Encoder
	done bool
}

func newStagedFile(path string, newEncoder func(io.Writer) (shard.Encoder, error)) (*stagedFile, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, err
	}
	enc, err := newEncoder(f)
	if err != nil {
		f.Discard()
		return nil, err
	}
	return &stagedFile{f: f, enc: enc}, nil
}

func (s *stagedFile) Write(d *copydesk.Document) error { return s.enc.Write(d) }

// Close finishes the file and syncs it; it keeps its temporary name.
func (s *stagedFile) Close() error {
	err := s.enc.Close()
	if err == nil {
		err = s.f.Sync()
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.done = err == nil
	return err
}

// Abort discards the file.
func (s *stagedFile) Abort() error {
	s.enc.Close()
	return s.f.Discard()
}

func (s *stagedFile) files() map[string]string {
	return map[string]string{s.f.Name(): filepath.Base(s.f.Path)}
}

func (s *stagedFile) discard() { os.Remove(s.f.Name()) }

// stagedText is the text format's sink: one file per article, written to
// a temporary directory inside the output directory.
type stagedText struct {
	tmp string
	*seedtext.DirWriter
}

func newStagedText(dir string) (*stagedText, error) {
	tmp, err := os.MkdirTemp(dir, ".tmp-text-*")
	if err != nil {
		return nil, err
	}
	return &stagedText{tmp: tmp, DirWriter: seedtext.NewDirWriter(tmp)}, nil
}

// Abort discards the files.
func (s *stagedText) Abort() error { return os.RemoveAll(s.tmp) }

func (s *stagedText) files() map[string]string {
	out := map[string]string{}
	entries, _ := os.ReadDir(s.tmp)
	for _, e := range entries {
		out[filepath.Join(s.tmp, e.Name())] = e.Name()
	}
	return out
}

func (s *stagedText) discard() { os.RemoveAll(s.tmp) }

// commitOut replaces the dataset in dir with the staged files (nil for a
// run whose dataset is its shards) and writes the manifest, in an order
// that never leaves a manifest beside files it does not describe: the
// old manifest goes first, then the old dataset's files that the new one
// does not replace, then the new files take their names, and the new
// manifest comes last. A directory without a manifest holds no finished
// dataset.
func commitOut(dir string, s staged, extra map[string]string, writeManifest func(path string) error) error {
	if err := os.Remove(filepath.Join(dir, manifestName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	moves := map[string]string{}
	if s != nil {
		moves = s.files()
	}
	for from, to := range extra {
		moves[from] = to
	}
	keep := map[string]bool{}
	for _, to := range moves {
		keep[to] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if keep[name] || !(name == clustersName || name == storiesName || strings.HasPrefix(name, "articles.") || textName.MatchString(name)) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	froms := make([]string, 0, len(moves))
	for from := range moves {
		froms = append(froms, from)
	}
	slices.Sort(froms)
	for _, from := range froms {
		if err := os.Rename(from, filepath.Join(dir, moves[from])); err != nil {
			return err
		}
	}
	if s != nil {
		s.discard()
	}
	return writeManifest(filepath.Join(dir, manifestName))
}
