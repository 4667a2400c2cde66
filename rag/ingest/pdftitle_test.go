package ingest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// titleBlockPDF makes a paper's first page as troff's -me and -ms macros set
// it: a large title, then centred lines at body size for the author, the
// author's affiliation and address, then the running text.
func titleBlockPDF(tb testing.TB, block []string) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.AddPage()
	centre := func(y float64, s string) {
		doc.Text((612-doc.GetStringWidth(s))/2, y, s)
	}
	doc.SetFont("Times", "B", 14)
	centre(80, "Writing Papers with a Text Formatter")
	doc.SetFont("Times", "", 10)
	y := 110.0
	for _, s := range block {
		centre(y, s)
		y += 12
	}
	y += 30
	body := []string{
		"This document describes the text processing facilities available on the operating system via the formatter and",
		"the macro package. It is assumed that the reader already is generally familiar with the operating system and a",
		"text editor. This is intended to be a casual introduction, and as such not all material is covered here.",
		"The formatter reads an input file prepared by the user and outputs a formatted paper suitable for publication.",
		"The input consists of text, or words to be printed, and requests, which give instructions to the program.",
	}
	for _, s := range body {
		doc.Text(72, y, s)
		y += 12
	}
	return fpdfBytes(tb, doc)
}

// A title block's author and affiliation lines are the document's text, and
// its author is the report's byline.
func TestPDFTitleBlockKept(t *testing.T) {
	for _, tc := range []struct {
		name   string
		block  []string
		author []string
	}{
		{"author with an initial and a mark", []string{"Eric P. Allman*", "Project INGRES", "Electronics Research Laboratory", "University of California, Berkeley", "Berkeley, California 94720"}, []string{"Eric P. Allman"}},
		{"author and email", []string{"Eric Raymond", "<esr@example.org>", "ABSTRACT"}, []string{"Eric Raymond"}},
		{"group", []string{"Debian Project"}, []string{"Debian Project"}},
		{"series, no author", []string{"Municipal Services Briefing"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := testParser.Parse(context.Background(), Source{Name: "paper.pdf", Data: titleBlockPDF(t, tc.block)})
			if err != nil {
				t.Fatal(err)
			}
			text := doc.Text()
			for _, s := range tc.block {
				if !strings.Contains(text, "\n"+s+"\n") {
					t.Errorf("got text without the title block's line %q, want it kept:\n%s", s, text)
				}
			}
			if !slices.Equal(doc.Report.Authors, tc.author) {
				t.Errorf("got authors %q, want %q", doc.Report.Authors, tc.author)
			}
		})
	}
}
