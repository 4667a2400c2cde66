package ingest

import (
	"strings"
	"testing"
)

// groffLinePDF makes a page with a line set as groff's PDF output sets one:
// the word space before a change of font is a number before an empty
// string at the end of a TJ array, and the line is positioned again (Td)
// in the middle of a word. Helvetica's widths place "wing" right after
// "follo".
func groffLinePDF() []byte {
	content := "BT /F1 10 Tf 1 0 0 1 72 700 Tm [(In) -250 (addition,) -250 ()] TJ /F2 10 Tf [(bash) -250 ()] TJ " +
		"/F1 10 Tf [(reads) -250 (the) -250 (follo)] TJ 139.23 0 Td [(wing options.)] TJ ET"
	return textPagePDF(content, "Helvetica", "Helvetica-Bold")
}

// Words keep their spaces at a change of font, and stay whole where the
// line is positioned again, in a PDF that writes word spaces as groff does.
func TestPDFGroffWordSpaces(t *testing.T) {
	doc := parseTestPDF(t, "groff.pdf", groffLinePDF())
	text := doc.Text()
	if want := "In addition, bash reads the following options."; !strings.Contains(text, want) {
		t.Errorf("got %q, want it to hold %q", text, want)
	}
}
