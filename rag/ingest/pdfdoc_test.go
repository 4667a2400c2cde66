package ingest

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// testDoc is the content of a test PDF, read from the extended Markdown under
// testdata/pdf/content: a title block, running header and footer, headings,
// paragraphs with footnote markers ([^1]), figures (a caption and the labels
// drawn inside the figure), tables and footnotes. Every test PDF, whichever
// tool lays it out, is made from one of these, and the expected reading order
// is the order of the file.
type testDoc struct {
	name                string
	title, author, date string
	header, footer      string // footer: %d is the page number, %n the page count
	blocks              []testBlock
	notes               map[string]string // footnote texts by marker
	noteOrder           []string
}

type testBlock struct {
	kind   string // "heading", "para", "figure", "table"
	text   string // heading or paragraph text (markers kept), or caption
	labels []string
	rows   [][]string
}

var noteMarker = regexp.MustCompile(`\[\^(\w+)\]`)

func readTestDoc(tb testing.TB, name string) testDoc {
	tb.Helper()
	data, err := os.ReadFile("testdata/pdf/content/" + name + ".md")
	if err != nil {
		tb.Fatal(err)
	}
	d := testDoc{name: name, notes: map[string]string{}}
	for _, chunk := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		lines := strings.Split(strings.TrimSpace(chunk), "\n")
		first := lines[0]
		switch {
		case strings.HasPrefix(first, "# "):
			d.title = strings.TrimPrefix(first, "# ")
		case strings.HasPrefix(first, "author: "):
			for _, l := range lines {
				k, v, _ := strings.Cut(l, ": ")
				switch k {
				case "author":
					d.author = v
				case "date":
					d.date = v
				case "header":
					d.header = v
				case "footer":
					d.footer = v
				}
			}
		case strings.HasPrefix(first, "## "):
			d.blocks = append(d.blocks, testBlock{kind: "heading", text: strings.TrimPrefix(first, "## ")})
		case strings.HasPrefix(first, "Figure: "):
			b := testBlock{kind: "figure", text: strings.TrimPrefix(first, "Figure: ")}
			for _, l := range lines[1:] {
				if v, ok := strings.CutPrefix(l, "labels: "); ok {
					b.labels = strings.Split(v, " | ")
				}
			}
			d.blocks = append(d.blocks, b)
		case strings.HasPrefix(first, "Table: "):
			b := testBlock{kind: "table", text: strings.TrimPrefix(first, "Table: ")}
			for _, l := range lines[1:] {
				l = strings.Trim(l, "| ")
				b.rows = append(b.rows, strings.Split(l, " | "))
			}
			d.blocks = append(d.blocks, b)
		case strings.HasPrefix(first, "[^"):
			for _, l := range lines {
				m := noteMarker.FindStringSubmatch(l)
				d.notes[m[1]] = strings.TrimSpace(strings.TrimPrefix(l, m[0]+":"))
				d.noteOrder = append(d.noteOrder, m[1])
			}
		default:
			d.blocks = append(d.blocks, testBlock{kind: "para", text: strings.Join(strings.Fields(chunk), " ")})
		}
	}
	return d
}

// plain is a paragraph's text without its footnote markers.
func plain(text string) string { return noteMarker.ReplaceAllString(text, "") }

// headings returns the document's section headings.
func (d testDoc) headings() []string {
	var hs []string
	for _, b := range d.blocks {
		if b.kind == "heading" {
			hs = append(hs, b.text)
		}
	}
	return hs
}

// bodySentences returns the sentences of the body paragraphs in reading
// order.
func (d testDoc) bodySentences() []string {
	var out []string
	for _, b := range d.blocks {
		if b.kind != "para" {
			continue
		}
		t := plain(b.text)
		for _, s := range Sentences(t) {
			out = append(out, t[s.Start:s.End])
		}
	}
	return out
}

// fold makes text from a PDF and from the source comparable: typographic
// quotes and dashes as ASCII, ligatures unfolded, one space between words.
var foldReplacer = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "–", "-", "—", "-", "\ufb01", "fi", "\ufb02", "fl", "\ufb00", "ff", "\ufb03", "ffi", "\ufb04", "ffl", "\u00a0", " ")

func fold(s string) string { return strings.Join(strings.Fields(foldReplacer.Replace(s)), " ") }

// squash keeps only letters and digits, lowercased: what survives any
// extractor's spacing and hyphenation, for finding where a sentence starts.
func squash(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
