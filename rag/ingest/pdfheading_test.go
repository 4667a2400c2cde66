package ingest

import (
	"slices"
	"testing"
)

// lowercaseHeadingsPDF makes a page of short articles, each under a large
// title, with section headings in bold lower case (a newsletter's house
// style, or groff's .SH with lowercase text), set off by a gap.
func lowercaseHeadingsPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := timesPage()
	y := 72.0
	body := func(lines ...string) {
		doc.SetFont("Times", "", 10)
		y = textLines(doc, 72, y, 12, lines...)
	}
	heading := func(style string, size float64, s string) {
		y += 10
		doc.SetFont("Times", style, size)
		doc.Text(72, y, s)
		y += 14
	}
	for _, a := range []struct{ title, first, second string }{
		{"The Road Levy", "how the levy works", "who pays and when"},
		{"Bridges Under Repair", "the north bridge", "work still to do"},
	} {
		heading("B", 14, a.title)
		body("The levy is paid by every household in the district, and the money goes to the repair",
			"of roads, bridges and drains that the council keeps in good order each year.")
		heading("B", 10, a.first)
		body("Each household pays a share set by the council in the spring, by the size of its plot.",
			"The money is kept apart from the council's other funds and spent only on the roads.")
		heading("B", 10, a.second)
		body("Households pay in two parts, in April and in October, at the council office or by post.")
	}
	return fpdfBytes(tb, doc)
}

// Bold headings in lower case, set off from the text, are headings.
func TestPDFLowercaseHeadings(t *testing.T) {
	doc := parseTestPDF(t, "levy.pdf", lowercaseHeadingsPDF(t))
	got := linesOf(doc, Heading)
	want := []string{"how the levy works", "who pays and when", "Bridges Under Repair", "the north bridge", "work still to do"}
	if !slices.Equal(got, want) {
		t.Errorf("got headings %q, want %q", got, want)
	}
}
