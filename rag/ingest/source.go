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

// ErrNoReports is returned (wrapped) when a directory holds no report file
// that can be used.
var ErrNoReports = errors.New("no usable reports found")

// Source is one report file as read from disk or from an embedded file system,
// before any parsing.
type Source struct {
	// Name is the file's path relative to where it was read from, with forward
	// slashes, e.g. "IF10165.txt" or "asia/korea.md".
	Name string
	// Data is the file's content, byte for byte.
	Data []byte
}

// Warning tells the user about one report file that was left out, or read
// only by guessing how it is written.
type Warning struct {
	Name    string `json:"name"`    // the file, as in Source.Name
	Skipped bool   `json:"skipped"` // the file is not among the reports served
	Reason  string `json:"reason"`  // why, e.g. "file is empty"
}

// String renders the warning for people, e.g. "skipped notes.docx: .docx
// files are not read (reportbot reads .txt, .md, .markdown, .html, .htm, .pdf)".
func (w Warning) String() string {
	if w.Skipped {
		return "skipped " + w.Name + ": " + w.Reason
	}
	return w.Name + ": " + w.Reason
}

// ParseWarnings returns what to tell about the report src that Parse
// gave doc and err: that it was skipped and why when err is not nil, else
// doc's warnings.
func ParseWarnings(src Source, doc Document, err error) []Warning {
	if err != nil {
		return []Warning{{Name: src.Name, Skipped: true, Reason: strings.TrimPrefix(err.Error(), "parse "+src.Name+": ")}}
	}
	var out []Warning
	for _, w := range doc.Warnings {
		out = append(out, Warning{Name: src.Name, Reason: w})
	}
	return out
}

// format is how a report file is written, known from its extension.
type format int

const (
	formatText format = iota
	formatMarkdown
	formatHTML
	formatPDF
)

// text reports whether files of the format are text, read through
// decodeText (HTML through decodeHTML); other formats are binary.
func (f format) text() bool {
	switch f {
	case formatText, formatMarkdown, formatHTML:
		return true
	}
	return false
}

// formats lists the extensions reportbot reads, in the order messages name
// them.
var formats = []struct {
	ext string
	format
}{
	{".txt", formatText},
	{".md", formatMarkdown},
	{".markdown", formatMarkdown},
	{".html", formatHTML},
	{".htm", formatHTML},
	{".pdf", formatPDF},
}

// formatOf returns the format of the file name and whether it is one
// reportbot reads.
func formatOf(name string) (format, bool) {
	ext := strings.ToLower(path.Ext(name))
	for _, f := range formats {
		if f.ext == ext {
			return f.format, true
		}
	}
	return 0, false
}

// IsReportFile reports whether name has an extension reportbot reads.
func IsReportFile(name string) bool {
	_, ok := formatOf(name)
	return ok
}

// Extensions returns the file extensions reportbot reads, ".txt" first.
func Extensions() []string {
	exts := make([]string, len(formats))
	for i, f := range formats {
		exts[i] = f.ext
	}
	return exts
}

// supported names the extensions reportbot reads, for messages.
func supported() string { return strings.Join(Extensions(), ", ") }

// unsupported says why a file with another extension is not read.
func unsupported(name string) string {
	what := "files without an extension"
	if ext := path.Ext(name); ext != "" {
		what = strings.ToLower(ext) + " files"
	}
	return fmt.Sprintf("%s are not read (reportbot reads %s)", what, supported())
}

// ReadPath reads the report at p, one file of a format IsReportFile accepts,
// or every file in the directory p and below (hidden files and directories
// left out), sorted by name.
//
// In a directory, a file that cannot be used (empty, of another format,
// binary where text is expected, too big, unreadable) is skipped with a
// warning saying why, and the rest is returned; a text file whose encoding
// had to be guessed is returned with a warning. The error names the path:
// when p does not exist, when the single file p cannot be used, and when a
// directory holds nothing usable (wrapping ErrNoReports, with the reasons).
func ReadPath(p string) ([]Source, []Warning, error) {
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("report path %q does not exist", p)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read report: %w", err)
	}
	if info.IsDir() {
		srcs, warns, err := ReadFS(os.DirFS(p))
		if err != nil {
			return nil, warns, fmt.Errorf("read reports in %q: %w", p, err)
		}
		return srcs, warns, nil
	}
	if !IsReportFile(p) {
		return nil, nil, fmt.Errorf("report %q: %s", p, unsupported(p))
	}
	src, warn, err := readOne(os.DirFS(filepath.Dir(p)), filepath.Base(p))
	if err != nil {
		return nil, nil, fmt.Errorf("read report %q: %w", p, err)
	}
	return []Source{src}, warn, nil
}

// ReadFS reads every report file in fsys, recursively, sorted by path, as
// ReadPath reads a directory: hidden files and directories are left out,
// files that cannot be used are skipped with a warning. It fails, wrapping
// ErrNoReports and listing the reasons, when nothing usable is left.
func ReadFS(fsys fs.FS) ([]Source, []Warning, error) {
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
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 && isRegular(fsys, name) {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list reports: %w", err)
	}
	sort.Strings(names)
	var (
		srcs  []Source
		warns []Warning
	)
	for _, name := range names {
		if !IsReportFile(name) {
			warns = append(warns, Warning{Name: name, Skipped: true, Reason: unsupported(name)})
			continue
		}
		src, w, err := readOne(fsys, name)
		if err != nil {
			warns = append(warns, Warning{Name: name, Skipped: true, Reason: err.Error()})
			continue
		}
		srcs = append(srcs, src)
		warns = append(warns, w...)
	}
	if len(srcs) == 0 {
		return nil, warns, NoReports(warns)
	}
	return srcs, warns, nil
}

// NoReports returns the error for a set of reports of which nothing is
// usable: ErrNoReports, followed by the skipped files and why, at most ten.
func NoReports(warns []Warning) error {
	var why []string
	for _, w := range warns {
		if w.Skipped {
			why = append(why, w.String())
		}
	}
	if len(why) == 0 {
		return fmt.Errorf("%w (reportbot reads %s files)", ErrNoReports, supported())
	}
	if n := len(why); n > 10 {
		why = append(why[:10], fmt.Sprintf("and %d more", n-10))
	}
	return fmt.Errorf("%w: %s", ErrNoReports, strings.Join(why, "; "))
}

// isRegular reports whether name, a symbolic link, leads to a regular file.
// Links to directories are not followed: they could make a cycle.
func isRegular(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.Mode().IsRegular()
}

// readOne reads one report file and checks that it can be parsed as its
// format. A text file that is not valid UTF-8 is kept, with a warning
// saying how it will be read.
func readOne(fsys fs.FS, name string) (Source, []Warning, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Source{}, nil, unwrapPath(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Source{}, nil, unwrapPath(err)
	}
	limit := int64(MaxReportBytes)
	if IsPDF(name) {
		limit = MaxPDFBytes // images make PDFs much bigger than their text
	}
	if info.Size() > limit {
		return Source{}, nil, fmt.Errorf("file is %d bytes, more than the %d a report may have", info.Size(), limit)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Source{}, nil, unwrapPath(err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Source{}, nil, errEmpty
	}
	var warns []Warning
	if fm, _ := formatOf(name); fm.text() {
		// Decoded first: UTF-16 is full of zero bytes.
		decode := decodeText
		if fm == formatHTML {
			decode = decodeHTML
		}
		text, guess := decode(data)
		if strings.TrimSpace(text) == "" {
			return Source{}, nil, errEmpty
		}
		if strings.IndexByte(text, 0) >= 0 {
			return Source{}, nil, errors.New("file is binary, not text")
		}
		if guess != "" {
			warns = append(warns, Warning{Name: name, Reason: guess})
		}
	}
	return Source{Name: name, Data: data}, warns, nil
}

var errEmpty = errors.New("file is empty")

// unwrapPath drops the operation and path of a *fs.PathError: warnings and
// errors name the file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
