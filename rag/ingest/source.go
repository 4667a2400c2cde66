package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// MaxReportBytes bounds the size of one report file. Reports are briefs and
// papers, not corpora; a bigger file is almost certainly the wrong file.
const MaxReportBytes = 32 << 20

// ErrNoReports is returned (wrapped) when a directory holds no report files.
var ErrNoReports = errors.New("no .txt or .md reports found")

// Source is one report file as read from disk or from an embedded file system,
// before any parsing.
type Source struct {
	// Name is the file's path relative to where it was read from, with forward
	// slashes, e.g. "IF10165.txt" or "asia/korea.md".
	Name string
	// Data is the file's content, byte for byte.
	Data []byte
}

// IsReportFile reports whether name has an extension reportbot reads.
func IsReportFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".md", ".markdown":
		return true
	}
	return false
}

// ReadPath reads the report at p, a .txt or .md file, or every such file in
// the directory p and below (hidden files and directories skipped), sorted by
// name. It returns an error naming the path when p does not exist, is not a
// report file, or is a directory without reports (wrapping ErrNoReports).
func ReadPath(p string) ([]Source, error) {
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("report path %q does not exist", p)
	}
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	if info.IsDir() {
		srcs, err := ReadFS(os.DirFS(p))
		if err != nil {
			return nil, fmt.Errorf("read reports in %q: %w", p, err)
		}
		return srcs, nil
	}
	if !IsReportFile(p) {
		return nil, fmt.Errorf("report %q is not a .txt or .md file", p)
	}
	src, err := readOne(os.DirFS(filepath.Dir(p)), filepath.Base(p))
	if err != nil {
		return nil, fmt.Errorf("read report %q: %w", p, err)
	}
	return []Source{src}, nil
}

// ReadFS reads every .txt and .md file in fsys, recursively, sorted by path.
// Hidden files and directories are skipped. It wraps ErrNoReports when there
// are none.
func ReadFS(fsys fs.FS) ([]Source, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && IsReportFile(name) {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	if len(names) == 0 {
		return nil, ErrNoReports
	}
	sort.Strings(names)
	srcs := make([]Source, 0, len(names))
	for _, name := range names {
		src, err := readOne(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read report %q: %w", name, err)
		}
		srcs = append(srcs, src)
	}
	return srcs, nil
}

func readOne(fsys fs.FS, name string) (Source, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Source{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Source{}, err
	}
	if info.Size() > MaxReportBytes {
		return Source{}, fmt.Errorf("file is %d bytes, more than the %d a report may have", info.Size(), MaxReportBytes)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Source{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Source{}, errors.New("file is empty")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return Source{}, errors.New("file is binary, not text")
	}
	return Source{Name: name, Data: data}, nil
}
