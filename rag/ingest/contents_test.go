package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// A report's table of contents, with dot leaders or as a table's rows, is
// left out with its label; a list of lines that end with numbers but name
// no headings stays text.
func TestMarkContents(t *testing.T) {
	body := func(ts ...string) []Line {
		var ls []Line
		for _, t := range ts {
			ls = append(ls, Line{Text: t, Kind: Body})
		}
		return ls
	}
	heading := func(t string) Line { return Line{Text: t, Kind: Heading} }
	sections := []Line{heading("1. Module Versions"), {Text: "Each module has its own version number.", Kind: Body},
		heading("2. Releases and Branches"), {Text: "X.Org has two release branches.", Kind: Body},
		heading("2.1 Development Branch"), {Text: "The trunk of the repository.", Kind: Body},
		heading("Finding the Server Version From a Client"), {Text: "Servers report their version.", Kind: Body}}
	for _, tc := range []struct {
		name    string
		entries []Line
		dropped bool
	}{
		{"dot leaders", body("Module Versions ..................... 3", "Releases and Branches ........ 3", "Development Branch . . . . . . . 4", "Finding the Server Version From a Client ..... 5"), true},
		{"table rows", []Line{{Text: "1 Module Versions | 1", Kind: Table}, {Text: "2 Releases and Branches | 2", Kind: Table}, {Text: "2.1 Development Branch | 2", Kind: Table}}, true},
		{"an entry over two lines", body("Module Versions ........ 3", "Releases and Branches ........ 3", "Finding the Server Version", "From a Client ........ iv"), true},
		{"prices", body("Module licence 30", "Support contract 120", "Training day 450"), false},
		{"two headings only", body("Module Versions ........ 3", "Releases and Branches ........ 3", "Prices ........ 9", "Terms ........ 12"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := append([]Line{heading("Table of Contents")}, tc.entries...)
			lines = append(lines, sections...)
			markContents(lines)
			for i, l := range lines[:len(tc.entries)+1] {
				if dropped := l.Kind == Furniture; dropped != tc.dropped {
					t.Errorf("line %d %q: got kind %s, want dropped %v", i, l.Text, l.Kind, tc.dropped)
				}
			}
			for _, l := range lines[len(tc.entries)+1:] {
				if l.Kind == Furniture {
					t.Errorf("got section line %q dropped", l.Text)
				}
			}
		})
	}
}

// The contents page of a PDF, its entries set with dot leaders, is no
// passage: a question about a section finds the section.
func TestPDFContentsLeftOut(t *testing.T) {
	doc := fpdf.New("P", "pt", "A4", "")
	doc.AddPage()
	doc.SetFont("Helvetica", "B", 14)
	doc.Text(72, 80, "Table of Contents")
	doc.SetFont("Helvetica", "", 10)
	for i, e := range []string{"Harbour Dues", "Pilotage", "Berth Allocation"} {
		doc.Text(72, 110+float64(i)*14, e+" "+strings.Repeat(".", 60)+" 2")
	}
	doc.AddPage()
	for i, s := range []string{"Harbour Dues", "Pilotage", "Berth Allocation"} {
		y := 80 + float64(i)*90
		doc.SetFont("Helvetica", "B", 14)
		doc.Text(72, y, s)
		doc.SetFont("Helvetica", "", 10)
		textLines(doc, 72, y+20, 12, "Every ship that enters the harbour pays the dues its tonnage sets, and the",
			"harbour master publishes them each spring for the season that follows it.")
	}
	d, err := testParser.Parse(context.Background(), Source{Name: "harbour.pdf", Data: fpdfBytes(t, doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Passages {
		if strings.Contains(p.Text, "....") || strings.Contains(p.Text, "Table of Contents") {
			t.Errorf("got passage %q, want the contents left out", p.Text)
		}
	}
	if got := linesOf(d, Heading); len(got) != 3 {
		t.Errorf("got headings %q, want the three sections", got)
	}
}
