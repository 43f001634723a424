package corpus

import (
	"io"
	"os"

	"github.com/copydesk/copydesk/internal/atomicfile"
)

// Concat writes the JSONL files parts, in order, to dst as one dataset,
// atomically: dst is whole or absent. It is how the passes over a whole
// corpus run on a resumable run's shards, which are left as they are: a
// later run reads them again, so the passes are never applied twice.
func Concat(dst string, parts []string) error {
	return atomicfile.WriteWith(dst, func(w io.Writer) error {
		for _, p := range parts {
			if err := appendFile(w, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// appendFile copies the file at path to w, ending it with a newline if
// it does not end with one.
func appendFile(w io.Writer, path string) error {
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
			_, err := w.Write([]byte{'\n'})
			return err
		}
	}
	return nil
}
