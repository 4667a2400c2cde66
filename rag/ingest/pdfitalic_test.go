package ingest

import (
	"strings"
	"testing"
)

// italicWordsPDF makes a line as groff sets roman and italic words: each
// change of font is a new string, the word space a number at the end of
// the array before it. Times-Italic's f overhangs its advance on both
// sides, into the spaces around it.
func italicWordsPDF() []byte {
	content := "BT /F1 10 Tf 1 0 0 1 72 700 Tm [(Many a ) -0.1 ()] TJ /F2 10 Tf [(of) -250] TJ /F1 10 Tf [(course, sells) -250] TJ " +
		"/F2 10 Tf [(staff) -250] TJ /F1 10 Tf [(lunches; the) -250] TJ /F2 10 Tf [(fjord) -250] TJ /F1 10 Tf [(is named) -250] TJ " +
		"/F3 10 Tf [(--rcfile) -250] TJ /F2 10 Tf [(file.)] TJ ET"
	return textPagePDF(content, "Times-Roman", "Times-Italic", "Times-Bold")
}

// Words next to an italic word keep their spaces, where the italic glyphs
// overhang into them (groff's "ofConfucius", "--rcfilefile").
func TestPDFItalicWordSpaces(t *testing.T) {
	doc := parseTestPDF(t, "italic.pdf", italicWordsPDF())
	text := doc.Text()
	if want := "Many a of course, sells staff lunches; the fjord is named --rcfile file."; !strings.Contains(text, want) {
		t.Errorf("got %q, want it to hold %q", text, want)
	}
}
