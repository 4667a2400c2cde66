package ingest

import (
	"path/filepath"
	"slices"
	"testing"
)

// typesetPDF parses one of the groff-made PDFs in testdata/pdf/typeset.
func typesetPDF(tb testing.TB, name string) Document {
	tb.Helper()
	return parsePDFFile(tb, filepath.Join("testdata/pdf/typeset", name))
}

// Ligatures (groff's Times sets "fi", "fl", "ff") come back as letters
// sharing one box: they stay in their word, so a table cell reads whole.
func TestTypesetLigaturesStayInWords(t *testing.T) {
	doc := typesetPDF(t, "memo.pdf")
	rows := linesOf(doc, Table)
	want := "1. Planning files | 2 Sept - 27 Sept | 11,000"
	if !slices.Contains(rows, want) {
		t.Errorf("got table rows %q, want one %q", rows, want)
	}
}
