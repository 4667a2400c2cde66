package ingest

import (
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// rotatedPDF makes two pages of text with a large watermark across each
// and, on the first, a label set up the left margin.
func rotatedPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	for page := 0; page < 2; page++ {
		doc.AddPage()
		doc.SetFont("Times", "", 10)
		y := 100.0
		y = textLines(doc, 72, y, 12,
			"The harbour was dredged in the spring, and the larger boats can now reach the inner quay at",
			"any state of the tide. The work took eleven weeks and cost less than the board had planned.",
			"The spoil was taken out to sea and dumped beyond the outer bank, as the licence required.",
		)
		if page == 0 {
			doc.TransformBegin()
			doc.TransformRotate(90, 40, 400)
			doc.SetFont("Helvetica", "B", 9)
			doc.Text(40, 400, "DRAFT FOR THE HARBOUR BOARD ONLY")
			doc.TransformEnd()
		}
		doc.TransformBegin()
		doc.TransformRotate(45, 200, 500)
		doc.SetFont("Helvetica", "", 40)
		doc.Text(200, 500, "CONFIDENTIAL")
		doc.TransformEnd()
	}
	return fpdfBytes(tb, doc)
}

// Text set at an angle is read whole, apart from the page's lines, and a
// watermark on every page is furniture: neither comes letter by letter,
// nor makes a title of its large letters.
func TestPDFRotatedText(t *testing.T) {
	doc := parseTestPDF(t, "harbour.pdf", rotatedPDF(t))
	text := doc.Text()
	if want := "\n[caption] DRAFT FOR THE HARBOUR BOARD ONLY\n"; !strings.Contains(text, want) {
		t.Errorf("got text without %q:\n%s", want, text)
	}
	if p := passagesText(doc); strings.Contains(p, "CONFIDENTIAL") {
		t.Errorf("got the watermark in the passages:\n%s", p)
	}
	for _, l := range doc.Lines {
		if len(strings.TrimSpace(l.Text)) == 1 {
			t.Errorf("got a line of one letter %q (%v)", l.Text, l.Kind)
		}
	}
	if doc.Report.Title != "harbour" {
		t.Errorf("got title %q, want the file's name", doc.Report.Title)
	}
}
