package ingest

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the generated two-column documents under testdata/interleaved")

// pageLayout describes how a test document is laid out in two columns and
// extracted line by line, as a PDF extractor merges the columns by baseline.
type pageLayout struct {
	widths    [2]int  // characters per line of the left and right columns
	rows      int     // lines per column on a page
	header    string  // running header on every page but the first ("" for none)
	footer    string  // running footer; %d is the page number
	jitter    float64 // share of rows where the right column's line comes first
	hyphenate bool    // break compounds after their hyphen at line ends
	figure    int     // rows of a figure gap in the first page's right column
	blanks    bool    // emit an empty line where both columns are empty
	seed      int64
}

// prose is a test document: a title, then headings and paragraphs.
type prose struct {
	title  string
	blocks []block
}

type block struct {
	heading bool
	text    string
}

func readProse(tb testing.TB, path string) prose {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var p prose
	for _, chunk := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		chunk = strings.TrimSpace(chunk)
		switch {
		case strings.HasPrefix(chunk, "# "):
			p.title = strings.TrimPrefix(chunk, "# ")
		case strings.HasPrefix(chunk, "## "):
			p.blocks = append(p.blocks, block{heading: true, text: strings.TrimPrefix(chunk, "## ")})
		default:
			p.blocks = append(p.blocks, block{text: strings.Join(strings.Fields(chunk), " ")})
		}
	}
	return p
}

// reference is the document's text in reading order, paragraphs apart.
func (p prose) reference() string {
	var parts []string
	for _, b := range p.blocks {
		parts = append(parts, b.text)
	}
	return strings.Join(parts, "\n\n")
}

// singleColumn lays the document out in one column of the given width.
func (p prose) singleColumn(width int) string {
	var b strings.Builder
	b.WriteString(p.title + "\n\n")
	for _, bl := range p.blocks {
		if bl.heading {
			b.WriteString(bl.text + "\n\n")
			continue
		}
		for _, l := range wrapWords(strings.Fields(bl.text), func(int) int { return width }, false) {
			b.WriteString(l + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// wrapWords breaks words into lines greedily; width gives the width of each
// line by its index. With hyphenate, a compound that does not fit may break
// after one of its hyphens.
func wrapWords(words []string, width func(int) int, hyphenate bool) []string {
	var lines []string
	cur := ""
	for i := 0; i < len(words); i++ {
		w := words[i]
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if utf8.RuneCountInString(next) <= width(len(lines)) || cur == "" && utf8.RuneCountInString(w) > width(len(lines)) {
			cur = next
			continue
		}
		if hyphenate {
			if j := strings.LastIndex(w, "-"); j > 0 && j < len(w)-1 {
				head := w[:j+1]
				if utf8.RuneCountInString(cur+" "+head) <= width(len(lines)) {
					lines = append(lines, cur+" "+head)
					cur = ""
					words[i] = w[j+1:]
					i--
					continue
				}
			}
		}
		lines = append(lines, cur)
		cur = w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// twoColumns lays the document out in two columns per page and merges the
// columns' lines by baseline, the way a PDF extractor reads the page.
func (p prose) twoColumns(l pageLayout) string {
	rng := rand.New(rand.NewSource(l.seed))
	type page [2][]string
	var pages []page
	cur := page{make([]string, l.rows), make([]string, l.rows)}
	col, row := 0, 0
	advance := func() {
		row++
		if row < l.rows {
			return
		}
		row = 0
		if col == 0 {
			col = 1
		} else {
			pages = append(pages, cur)
			cur = page{make([]string, l.rows), make([]string, l.rows)}
			col = 0
		}
	}
	skipFigure := func() {
		if len(pages) == 0 && col == 1 && row == l.rows/3 && l.figure > 0 {
			for n := 0; n < l.figure; n++ {
				advance()
			}
			cur[1][row] = "Figure 1. An illustration of the topic"
			advance()
		}
	}
	put := func(s string) {
		skipFigure()
		cur[col][row] = s
		advance()
	}
	gap := func() {
		if row > 0 {
			skipFigure()
			advance()
		}
	}
	for _, b := range p.blocks {
		if b.heading {
			gap()
			if row == l.rows-1 {
				advance()
			}
			put(b.text)
			continue
		}
		gap()
		words := strings.Fields(b.text)
		// Wrap line by line, since the width changes with the column.
		for len(words) > 0 {
			skipFigure()
			line := wrapWords(append([]string(nil), words...), func(int) int { return l.widths[col] }, l.hyphenate)[0]
			put(line)
			used := len(strings.Fields(line))
			var rest []string
			if strings.HasSuffix(line, "-") && !strings.HasSuffix(words[used-1], "-") {
				// The last word was split after a hyphen: keep its tail.
				tail := words[used-1][strings.LastIndex(line, " ")+1:]
				if i := strings.LastIndex(line, " "); i < 0 {
					tail = line
				}
				rest = append([]string{strings.TrimPrefix(words[used-1], tail)}, words[used:]...)
			} else {
				rest = words[used:]
			}
			words = rest
		}
	}
	if row > 0 || col > 0 {
		pages = append(pages, cur)
	}
	var out strings.Builder
	out.WriteString(p.title + "\n")
	for n, pg := range pages {
		if n > 0 && l.header != "" {
			out.WriteString(l.header + "\n")
		}
		for r := 0; r < l.rows; r++ {
			left, right := pg[0][r], pg[1][r]
			order := []string{left, right}
			if rng.Float64() < l.jitter {
				order = []string{right, left}
			}
			if left == "" && right == "" {
				if l.blanks {
					out.WriteString("\n")
				}
				continue
			}
			for _, s := range order {
				if s != "" {
					out.WriteString(s + "\n")
				}
			}
		}
		if l.footer != "" {
			out.WriteString(fmt.Sprintf(l.footer, n+1) + "\n\n")
		}
	}
	return out.String()
}

// interleaved are the test documents: our own prose, laid out in two
// columns in different ways.
var interleaved = []struct {
	name, prose string
	pageLayout  pageLayout
}{
	{"lighthouses", "lighthouses.md", pageLayout{widths: [2]int{58, 58}, rows: 48, header: "Atlantic Lighthouses: Background and Issues",
		footer: "Page %d", hyphenate: true, seed: 1}},
	{"water", "water.md", pageLayout{widths: [2]int{44, 70}, rows: 40, header: "Urban Water Systems",
		footer: "https://www.example.org/reports/water-systems", jitter: 0.2, figure: 7, blanks: true, seed: 2}},
	{"lighthouses-narrow", "lighthouses.md", pageLayout{widths: [2]int{38, 38}, rows: 60, footer: "- %d -", seed: 3}},
}

func TestInterleavedDocuments(t *testing.T) {
	for _, d := range interleaved {
		t.Run(d.name, func(t *testing.T) {
			p := readProse(t, filepath.Join("../../testdata/prose", d.prose))
			text := p.twoColumns(d.pageLayout)
			golden := filepath.Join("../../testdata/interleaved", d.name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, []byte(text)) {
				t.Fatalf("%s is out of date; run go test ./rag/ingest -run TestInterleaved -update", golden)
			}
			doc, err := Parse(Source{Name: d.name + ".txt", Data: want})
			if err != nil {
				t.Fatal(err)
			}
			before, _ := SentenceIntegrity(p.reference(), unrepaired(t, want))
			share, missing := SentenceIntegrity(p.reference(), doc.Passages)
			t.Logf("sentence integrity, %s: %.3f repaired (%.3f without repair)", d.name, share, before)
			for _, m := range missing {
				t.Logf("  missing: %s", m)
			}
			if share < 0.90 {
				t.Errorf("sentence integrity %.3f, want at least 0.90", share)
			}
			if doc.Report.Title != p.title {
				t.Errorf("title %q, want %q", doc.Report.Title, p.title)
			}
		})
	}
}

// unrepaired parses data with the columns left interleaved.
func unrepaired(tb testing.TB, data []byte) []Passage {
	tb.Helper()
	lay := classify(normalizeLines(data))
	return chunk("x", paragraphs(lay.Lines, false))
}

func TestSingleColumnPassesThrough(t *testing.T) {
	for _, name := range []string{"lighthouses.md", "water.md"} {
		p := readProse(t, filepath.Join("../../testdata/prose", name))
		for _, width := range []int{50, 72, 100} {
			lay := classify(normalizeLines([]byte(p.singleColumn(width))))
			if got := reorder(lay.Lines); !reflect.DeepEqual(got, lay.Lines) {
				t.Errorf("%s at width %d: single-column text was reordered", name, width)
			}
		}
	}
	ref, err := os.ReadFile("../../testdata/IF10165-reading-order.txt")
	if err != nil {
		t.Fatal(err)
	}
	lay := classify(normalizeLines(ref))
	if got := reorder(lay.Lines); !reflect.DeepEqual(got, lay.Lines) {
		t.Error("the bundled report's reading-order text was reordered")
	}
}

// TestWrittenTextKeepsItsOrder checks that Markdown, and plain text with a
// paragraph to a line, come out in the order written: every passage under
// the heading it follows in the file.
func TestWrittenTextKeepsItsOrder(t *testing.T) {
	for _, name := range []string{"lighthouses.md", "water.md"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "prose", name))
		if err != nil {
			t.Fatal(err)
		}
		plain := regexp.MustCompile(`(?m)^#+ `).ReplaceAll(data, nil)
		for _, src := range []Source{{Name: name, Data: data}, {Name: strings.TrimSuffix(name, ".md") + ".txt", Data: plain}} {
			doc, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			at := 0
			for _, p := range doc.Passages {
				first := strings.Fields(p.Text)[0:4]
				i := strings.Index(string(src.Data[at:]), strings.Join(first, " "))
				if i < 0 {
					t.Errorf("%s: passage %.40q is out of the order written", src.Name, p.Text)
					continue
				}
				at += i
			}
		}
	}
}
