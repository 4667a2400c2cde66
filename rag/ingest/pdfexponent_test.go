package ingest

import (
	"strings"
	"testing"
)

// exponentPDF makes a line with exponents set as small raised digits, as
// eqn and word processors set them (an area in km², a formula's b²), and a
// footnote mark set the same way after a word.
func exponentPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := timesPage()
	x := 72.0
	put := func(s string, size, rise float64) {
		doc.SetFont("Times", "", size)
		doc.Text(x, 100-rise, s)
		x += doc.GetStringWidth(s)
	}
	put("The reservoir covers 120 km", 10, 0)
	put("2", 7, 3)
	put(" and its depth d follows from b", 10, 0)
	put("2", 7, 3)
	put(" - 4ac, as the survey", 10, 0)
	put("3", 7, 3)
	put(" shows.", 10, 0)
	return fpdfBytes(tb, doc)
}

// An exponent raised over a unit or a variable is kept, as an exponent; a
// footnote mark after a word is not text.
func TestPDFExponentsKept(t *testing.T) {
	doc := parseTestPDF(t, "exponent.pdf", exponentPDF(t))
	text := doc.Text()
	if want := "The reservoir covers 120 km² and its depth d follows from b² - 4ac, as the survey shows."; !strings.Contains(text, want) {
		t.Errorf("got %q, want it to hold %q", text, want)
	}
}
