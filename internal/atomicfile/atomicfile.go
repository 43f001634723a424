// Package atomicfile writes files so that a reader sees the old file or
// the whole new one, never a part: the data goes to a temporary file in
// the same directory (named ".tmp-*"), which is synced and renamed into
// place when committed.
package atomicfile

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
)

// TempPattern is the name pattern of the temporary files, for removing
// those a killed process left.
const TempPattern = ".tmp-*"

// File is a file being written; it becomes Path when committed. Exactly
// one of Commit and Discard must be called.
type File struct {
	*os.File
	Path string
}

// Create starts writing path. The file is made readable by all, like
// os.Create's.
func Create(path string) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), TempPattern)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{File: f, Path: path}, nil
}

// Commit syncs and closes the file and renames it to Path; on error the
// temporary file is removed.
func (f *File) Commit() error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.Path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Discard closes and removes the file, leaving Path as it was.
func (f *File) Discard() error {
	f.Close()
	return os.Remove(f.Name())
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte) error {
	return WriteWith(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteWith writes path atomically with what write writes to w (buffered):
// when write fails, path is left as it was and its error returned.
func WriteWith(path string, write func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.Discard()
		return err
	}
	return f.Commit()
}

// WriteJSON writes v as indented JSON, with a final newline, to path
// atomically.
func WriteJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFile(path, append(data, '\n'))
}
