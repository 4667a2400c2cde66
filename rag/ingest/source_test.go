package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// writeFiles writes files (name -> content) under dir and returns dir.
func writeFiles(tb testing.TB, dir string, files map[string]string) string {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func names(srcs []Source) []string {
	var out []string
	for _, s := range srcs {
		out = append(out, s.Name)
	}
	return out
}

func warningTexts(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out
}

func TestReadPathFolder(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		want      []string // sources read
		warnings  []string // each warning must contain its entry, in order
		wantError string   // "" for none
	}{
		{
			name:  "reports, hidden files and folders",
			files: map[string]string{"b.txt": "Body text.", "sub/a.md": "# A\n\ntext", "page.HTML": "<p>x</p>", ".hidden.txt": "hidden", ".git/x.txt": "x"},
			want:  []string{"b.txt", "page.HTML", "sub/a.md"},
		},
		{
			name:     "an empty file and an unsupported file are skipped, the rest is served",
			files:    map[string]string{"a.txt": "Body text.", "blank.md": "  \n\t", "notes.docx": "PK\x03\x04", "README": "read me"},
			want:     []string{"a.txt"},
			warnings: []string{"skipped README: files without an extension are not read", "skipped blank.md: file is empty", "skipped notes.docx: .docx files are not read (reportbot reads .txt, .md, .markdown, .html, .htm, .pdf)"},
		},
		{
			name:     "binary data in a text file",
			files:    map[string]string{"a.txt": "Body text.", "bin.txt": "a\x00b"},
			want:     []string{"a.txt"},
			warnings: []string{"skipped bin.txt: file is binary, not text"},
		},
		{
			name:     "an empty UTF-16 file",
			files:    map[string]string{"a.txt": "Body text.", "bom.txt": "\xff\xfe \x00\n\x00"},
			want:     []string{"a.txt"},
			warnings: []string{"skipped bom.txt: file is empty"},
		},
		{
			name:     "an HTML page that declares its encoding is read without a warning",
			files:    map[string]string{"ru.html": `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">` + "<p>\xcd\xc0\xc7\xc2\xc0\xcd\xc8\xc5</p>"},
			want:     []string{"ru.html"},
			warnings: []string{},
		},
		{
			name:     "a Windows-1252 file is read with a warning",
			files:    map[string]string{"cafe.txt": "Caf\xe9 au lait."},
			want:     []string{"cafe.txt"},
			warnings: []string{"cafe.txt: not UTF-8: read as Windows-1252"},
		},
		{
			name:      "nothing usable: the error says why for each file",
			files:     map[string]string{"blank.txt": "\n", "x.docx": "PK"},
			warnings:  []string{"skipped blank.txt: file is empty", "skipped x.docx: .docx files are not read"},
			wantError: "no usable reports found: skipped blank.txt: file is empty; skipped x.docx: .docx files are not read",
		},
		{
			name:      "an empty folder",
			files:     map[string]string{".keep": ""},
			wantError: "no usable reports found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), tt.files)
			srcs, warns, err := ReadPath(dir)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) || !errors.Is(err, ErrNoReports) {
					t.Errorf("got error %v, want one wrapping ErrNoReports and saying %q", err, tt.wantError)
				}
			} else if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if got := names(srcs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sources: got %q, want %q", got, tt.want)
			}
			got := warningTexts(warns)
			if len(got) != len(tt.warnings) {
				t.Fatalf("warnings: got %q, want %d like %q", got, len(tt.warnings), tt.warnings)
			}
			for i, w := range tt.warnings {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d: got %q, want it to say %q", i, got[i], w)
				}
			}
		})
	}
}

func TestReadPathFile(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"b.txt": "Body text.", "blank.txt": "  \n", "bin.txt": "a\x00b", "x.docx": "PK",
		"latin.txt": "Caf\xe9.", "u16.txt": "\xff\xfeh\x00i\x00", "empty/readme.docx": "PK",
		"c.pdf": "%PDF-1.4\n\x00\x01 binary, as PDFs are",
	})
	tests := []struct {
		path      string
		warnings  int
		wantError string // "" for none
	}{
		{"b.txt", 0, ""},
		{"latin.txt", 1, ""},
		{"u16.txt", 0, ""},
		{"missing.txt", 0, "does not exist"},
		{"empty", 0, "no usable reports found: skipped readme.docx: .docx files are not read"},
		{"blank.txt", 0, "file is empty"},
		{"bin.txt", 0, "binary"},
		{"x.docx", 0, ".docx files are not read"},
		{"c.pdf", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			srcs, warns, err := ReadPath(filepath.Join(dir, tt.path))
			if tt.wantError == "" {
				if err != nil || len(srcs) != 1 || srcs[0].Name != tt.path || len(warns) != tt.warnings {
					t.Errorf("got %q, %q, %v; want %s with %d warning(s)", names(srcs), warningTexts(warns), err, tt.path, tt.warnings)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantError) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("got %v, want an error naming %s and saying %q", err, tt.path, tt.wantError)
			}
		})
	}
}

func TestReadFSFollowsLinksToFiles(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"real/a.txt": "Body text."})
	if err := os.Symlink(filepath.Join(dir, "real", "a.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	srcs, _, err := ReadFS(os.DirFS(dir))
	if got, want := names(srcs), []string{"link.txt", "real/a.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, %v; want %q (a link to a file read, a link to a folder not followed)", got, err, want)
	}
}

func TestReadFSNoReports(t *testing.T) {
	_, warns, err := ReadFS(fstest.MapFS{"a.csv": {Data: []byte("x")}})
	if !errors.Is(err, ErrNoReports) || len(warns) != 1 || !warns[0].Skipped || warns[0].Name != "a.csv" {
		t.Errorf("got %v, %v; want ErrNoReports and a warning about a.csv", err, warns)
	}
}

// decodeCase is an input, the text it decodes to, and what the guess
// about its encoding must say.
type decodeCase struct {
	name, in, want, wantGuess string
}

// checkDecodes runs decode over the cases.
func checkDecodes(t *testing.T, decode func([]byte) (string, string), tests []decodeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, guess := decode([]byte(tt.in))
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.wantGuess == "" && guess != "" || !strings.Contains(guess, tt.wantGuess) {
				t.Errorf("guess: got %q, want one saying %q", guess, tt.wantGuess)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	tests := []decodeCase{ // wantGuess: "" when the encoding is known
		{"utf-8", "Café “quoted” — done", "Café “quoted” — done", ""},
		{"utf-8 with bom", "\xef\xbb\xbfCafé", "Café", ""},
		{"utf-16le with bom", "\xff\xfeC\x00a\x00f\x00\xe9\x00\n\x00\x1c\x20x\x00\x1d\x20", "Café\n“x”", ""},
		{"utf-16be with bom", "\xfe\xff\x00C\x00a\x00f\x00\xe9\x00\n\x20\x14", "Café\n—", ""},
		{"utf-16le astral", "\xff\xfe\x3d\xd8\x00\xde", "😀", ""},
		{"utf-16le odd last byte", "\xff\xfeh\x00i", "h\ufffd", ""},
		{"utf-16be unpaired surrogate", "\xfe\xff\xd8\x00\x00i", "\ufffdi", ""},
		{"windows-1252", "Caf\xe9 \x93quoted\x94 \x97 done", "Café “quoted” — done", "Windows-1252"},
		{"latin-1", "na\xefve gar\xe7on", "naïve garçon", "Windows-1252"},
		{"utf-8 with a stray byte", "Café, caffè, \xff and más", "Café, caffè, \ufffd and más", "1 stray byte"},
		{"empty", "", "", ""},
	}
	checkDecodes(t, decodeText, tests)
}

func TestDecodeHTML(t *testing.T) {
	long := "<p>" + strings.Repeat("padding ", 130) + "</p>" // past the 1024 bytes a declaration must lie in
	tests := []decodeCase{                                   // wantGuess: "" when the page reads as it declares
		{"meta charset", "<meta charset=windows-1251><p>\xcd\xc0\xc7\xc2\xc0\xcd\xc8\xc5", "<meta charset=windows-1251><p>НАЗВАНИЕ", ""},
		{"http-equiv content type", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">` + "Caf\xe9", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">Café`, ""},
		{"quoted charset, attributes in any case", `<META CONTENT='text/html; charset="koi8-r"' HTTP-EQUIV=content-type>` + "\xf0\xd2\xc9", `<META CONTENT='text/html; charset="koi8-r"' HTTP-EQUIV=content-type>При`, ""},
		{"a multi-byte encoding", "<meta charset=' Shift_JIS '>\x93\xfa\x96\x7b", "<meta charset=' Shift_JIS '>日本", ""},
		{"declared and valid UTF-8", "<meta charset=utf-8>Café", "<meta charset=utf-8>Café", ""},
		{"pure ASCII declared US-ASCII", "<meta charset=us-ascii>Cafe", "<meta charset=us-ascii>Cafe", ""},
		{"a declared UTF-16 is UTF-8", "<meta charset=utf-16>Café", "<meta charset=utf-16>Café", ""},
		{"declares UTF-8 but is Latin-1", "<meta charset=utf-8>Caf\xe9", "<meta charset=utf-8>Café", "Windows-1252"},
		{"declares Latin-1 but is UTF-8", "<meta charset=iso-8859-1>Café", "<meta charset=iso-8859-1>Café", "declares iso-8859-1 but is UTF-8"},
		{"declares US-ASCII but is not", "<meta charset=US-ASCII>Caf\xe9", "<meta charset=US-ASCII>Café", "declares US-ASCII but holds other bytes"},
		{"bytes the encoding does not define", "<meta charset=windows-1253>\xe1\xaa", "<meta charset=windows-1253>α\ufffd", "1 byte(s) it does not define replaced"},
		{"no declaration: guessed as before", "<p>Caf\xe9", "<p>Café", "Windows-1252"},
		{"a content charset without http-equiv declares nothing", `<meta content="text/html; charset=windows-1251">` + "\xcd", `<meta content="text/html; charset=windows-1251">Í`, "Windows-1252"},
		{"an unknown label declares nothing", "<meta charset=x-no-such>Caf\xe9", "<meta charset=x-no-such>Café", "Windows-1252"},
		{"a refused encoding declares nothing", "<meta charset=iso-2022-kr>Caf\xe9", "<meta charset=iso-2022-kr>Café", "Windows-1252"},
		{"a declaration past 1024 bytes is not read", long + "<meta charset=windows-1251>\xcd", long + "<meta charset=windows-1251>Í", "Windows-1252"},
		{"a byte-order mark wins", "\xef\xbb\xbf<meta charset=windows-1251>Café", "<meta charset=windows-1251>Café", ""},
		{"UTF-16 with a byte-order mark", string(utf16Bytes("<meta charset=windows-1251>Café", false)), "<meta charset=windows-1251>Café", ""},
	}
	checkDecodes(t, decodeHTML, tests)
}

// TestParseEncodings parses one report written in each encoding: the same
// passages come out.
func TestParseEncodings(t *testing.T) {
	const text = "Café Report\n\nThe café’s “best” coffee — strong.\n"
	want, err := Parse(Source{Name: "r.txt", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-8 with bom", append([]byte("\xef\xbb\xbf"), text...)},
		{"utf-16le with bom", utf16Bytes(text, false)},
		{"utf-16be with bom", utf16Bytes(text, true)},
		{"windows-1252", []byte("Caf\xe9 Report\n\nThe caf\xe9\x92s \x93best\x94 coffee \x97 strong.\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(Source{Name: "r.txt", Data: tt.data})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Passages, want.Passages) || got.Report.Title != "Café Report" {
				t.Errorf("got %q %+v, want %+v", got.Report.Title, got.Passages, want.Passages)
			}
		})
	}
}

// utf16Bytes encodes s as UTF-16 with a byte-order mark (s must be in the
// basic multilingual plane).
func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, r := range s {
		hi, lo := byte(r>>8), byte(r)
		if bigEndian {
			out = append(out, hi, lo)
		} else {
			out = append(out, lo, hi)
		}
	}
	return out
}
