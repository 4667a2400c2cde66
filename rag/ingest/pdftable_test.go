package ingest

import (
	"strings"
	"testing"
)

// tablePagePDF makes a page that is mostly a table, as tbl sets one: a
// paragraph, a table of short cells with wide empty strips between its
// columns, and a short paragraph under it.
func tablePagePDF(tb testing.TB) []byte {
	tb.Helper()
	doc := timesPage()
	y := 72.0
	y = textLines(doc, 72, y, 12,
		"Water use differs widely between the regions of the district. The table below gives",
		"the figures for the last year, in millions of litres, with the share taken by farms.",
	)
	y += 12
	for _, r := range [][]string{
		{"Region", "Use", "Farms"}, {"North Valley", "1,240", "62%"}, {"Lake Shore", "870", "41%"},
		{"Hill Country", "455", "23%"}, {"River Delta", "2,010", "75%"}, {"Old Town", "310", "2%"},
		{"Forest Edge", "128", "30%"}, {"Salt Flats", "95", "12%"}, {"Total", "5,108", "51%"},
	} {
		for k, c := range r {
			doc.Text(150+float64(k)*110, y, c)
		}
		y += 12
	}
	doc.Text(72, y+12, "The delta takes the most water by far, mostly for rice.")
	return fpdfBytes(tb, doc)
}

// A page that is mostly a table reads row by row, not column by column:
// the strips between a table's columns are not gutters between columns of
// text.
func TestPDFTablePageReadsByRow(t *testing.T) {
	doc := parseTestPDF(t, "table.pdf", tablePagePDF(t))
	rows := linesOf(doc, Table)
	want := []string{"North Valley | 1,240 | 62%", "Total | 5,108 | 51%"}
	got := strings.Join(rows, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("got table rows %q, want one %q", rows, w)
		}
	}
	text := doc.Text()
	if i, j := strings.Index(text, "Salt Flats"), strings.Index(text, "The delta takes"); i < 0 || j < i {
		t.Errorf("got the paragraph under the table before the table's last row:\n%s", text)
	}
}

// optionListPDF makes a page of a man page's option list: each option, a
// word in bold, on the first row of its description, which runs on
// indented under it.
func optionListPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := timesPage()
	doc.Text(72, 72, "The following options are set with the set builtin command and cleared with a plus sign.")
	y := 96.0
	for _, o := range []struct{ tag, first, more string }{
		{"-a", "Each variable or function that is created or modified is", "given the export attribute and marked for export."},
		{"-b", "Report the status of terminated background jobs at once,", "rather than before the next primary prompt."},
		{"-e", "Exit at once if a pipeline, which may consist of a single", "simple command, exits with a non-zero status."},
		{"-f", "Disable pathname expansion.", ""},
		{"-h", "Remember the location of commands as they are looked up", "for execution. This is enabled by default."},
		{"-k", "All arguments in the form of assignment statements are", "placed in the environment for a command."},
	} {
		doc.SetFont("Times", "B", 10)
		doc.Text(160, y, o.tag)
		doc.SetFont("Times", "", 10)
		doc.Text(196, y, o.first)
		if o.more != "" {
			y += 12
			doc.Text(196, y, o.more)
		}
		y += 16
	}
	return fpdfBytes(tb, doc)
}

// An option list reads option by option: the strip between the options
// and their descriptions is not a gutter.
func TestPDFOptionListReadsByRow(t *testing.T) {
	doc := parseTestPDF(t, "options.pdf", optionListPDF(t))
	// Read as a list or as a table of two columns, each option stays on
	// its description's first row.
	text := strings.NewReplacer("[table] ", "", " | ", " ").Replace(doc.Text())
	for _, want := range []string{"\n-a Each variable or function", "\n-f Disable pathname expansion.\n", "\n-k All arguments in the form"} {
		if !strings.Contains(text, want) {
			t.Errorf("got text without %q:\n%s", want, text)
		}
	}
}

// A justified line of few long words has gaps as wide as a table's, but
// spaced alike: it is prose, with no cells. A table's row of words, its
// gaps set by its cells' widths, keeps its cells.
func TestJustifiedLineHasNoCells(t *testing.T) {
	at := func(spec ...any) []pword {
		var ws []pword
		for k := 0; k < len(spec); k += 3 {
			ws = append(ws, pword{text: spec[k].(string), x0: spec[k+1].(float64), x1: spec[k+2].(float64), size: 10, base: 100})
		}
		return ws
	}
	for _, tc := range []struct {
		name  string
		words []pword
		cells int
	}{
		// LibreOffice's justified line of a two-column Harvard article.
		{"justified prose", at("Education", 315.1, 355.6, "categories:", 370.8, 414.1, "Aesthetic", 428.7, 466.4, "and", 481.6, 496.0, "Interpretive", 511.2, 557.8), 0},
		{"justified prose, seven words", at("high", 315.1, 332.9, "level", 344.3, 363.6, "of", 375.0, 383.4, "coexistence", 394.7, 441.3, "between", 452.8, 486.0, "graduate", 497.4, 531.8, "and", 543.2, 557.7), 0},
		{"a table's header", at("Program", 51.2, 78.7, "Years", 171.2, 189.0, "Amount", 291.2, 317.4, "Method", 411.2, 436.1), 3},
		{"a row of numbers spaced alike", at("2019", 100.0, 120.0, "2020", 140.0, 160.0, "2021", 180.0, 200.0, "2022", 220.0, 240.0), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(makeLine(tc.words, 1, 10).cells); got != tc.cells {
				t.Errorf("got %d cells, want %d", got, tc.cells)
			}
		})
	}
}
