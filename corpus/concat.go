package corpus

import (
	"bufio"
	"io"
	"os"

	"github.com/copydesk/copydesk/internal/atomicfile"
)

// Concat writes the JSONL files parts, in order, to dst as one dataset,
// atomically: dst is whole or absent. It is how the passes over a whole
// corpus run on a resumable run's shards, which are left as they are: a
// later run reads them again, so the passes are never applied twice.
func Concat(dst string, parts []string) error {
	out, err := atomicfile.Create(dst)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	for _, p := range parts {
		if err = appendFile(bw, p); err != nil {
			break
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		out.Discard()
		return err
	}
	return out.Commit()
}

// appendFile copies the file at path to w, ending it with a newline if
// it does not end with one.
func appendFile(w *bufio.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, f); err != nil {
		return err
	}
	if fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
			return err
		}
		if last[0] != '\n' {
			return w.WriteByte('\n')
		}
	}
	return nil
}
