package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// tablePagePDF makes a page that is mostly a table, as tbl sets one: a
// paragraph, a table of short cells with wide empty strips between its
// columns, and a short paragraph under it.
func tablePagePDF(tb testing.TB) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.AddPage()
	doc.SetFont("Times", "", 10)
	y := 72.0
	for _, s := range []string{
		"Water use differs widely between the regions of the district. The table below gives",
		"the figures for the last year, in millions of litres, with the share taken by farms.",
	} {
		doc.Text(72, y, s)
		y += 12
	}
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
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// A page that is mostly a table reads row by row, not column by column:
// the strips between a table's columns are not gutters between columns of
// text.
func TestPDFTablePageReadsByRow(t *testing.T) {
	doc, err := testParser.Parse(context.Background(), Source{Name: "table.pdf", Data: tablePagePDF(t)})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range doc.Lines {
		if l.Kind == Table {
			rows = append(rows, l.Text)
		}
	}
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
