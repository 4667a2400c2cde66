package ingest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
	textLines(doc, 72, y, 12, body...)
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
		{"a project's authors", []string{"The Go Authors"}, []string{"The Go Authors"}},
		{"author and email spelled out", []string{"Thomas Leonard", "tal197 at users.example.net"}, []string{"Thomas Leonard"}},
		{"updated by a list of names over two lines", []string{"The Harbour Project, Inc", "Updated for the Board by Ana Ruiz,", "Li Wei, and Samuel Okafor"}, []string{"Ana Ruiz, Li Wei, and Samuel Okafor"}},
		{"series, no author", []string{"Municipal Services Briefing"}, nil},
		{"two authors over their affiliations", []string{"Margarethe Oyelaran-Whitfield", "Northport Transit Authority, Office of Fleet Engineering", "Tomasz Kurowski", "Coastal Energy Institute"}, []string{"Margarethe Oyelaran-Whitfield", "Tomasz Kurowski"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := testParser.Parse(context.Background(), Source{Name: "paper.pdf", Data: titleBlockPDF(t, tc.block)})
			if err != nil {
				t.Fatal(err)
			}
			text := doc.Text()
			for _, s := range tc.block {
				// Kept as text, or as the heading of the abstract.
				if !strings.Contains(text, "\n"+s+"\n") && !(s == "ABSTRACT" && strings.Contains(text, "\n## "+s+"\n")) {
					t.Errorf("got text without the title block's line %q, want it kept:\n%s", s, text)
				}
			}
			if !slices.Equal(doc.Report.Authors, tc.author) {
				t.Errorf("got authors %q, want %q", doc.Report.Authors, tc.author)
			}
		})
	}
}

// specPDF makes a specification as DocBook's print style sets it: on page 1
// a large bold title, centred bold lines under it for the group, the author
// and the author's address, then numbered bold headings; on the pages after,
// the title again as a small italic running header, and a page number.
func specPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	centre := func(y float64, s string) {
		doc.Text((612-doc.GetStringWidth(s))/2, y, s)
	}
	para := []string{
		"Many programs and desktops use the widget system to represent the parts of a window. Frequently, it is",
		"necessary to work out the correct widget type for a control. This is generally done by examining its name",
		"or contents, and looking up the correct widget type in a database kept for the purpose by the desktop.",
	}
	for p := 1; p <= 3; p++ {
		doc.AddPage()
		y := 90.0
		if p == 1 {
			doc.SetFont("Helvetica", "B", 20)
			centre(60, "Shared Widget Database")
			doc.SetFont("Helvetica", "B", 13)
			centre(84, "X Widget Group (http://widgets.example.org)")
			doc.SetFont("Helvetica", "B", 12)
			centre(112, "Thomas Leonard")
			doc.SetFont("Helvetica", "B", 10)
			centre(126, "tal197 at users.example.net")
			y = 170
		} else {
			doc.SetFont("Times", "I", 9)
			doc.Text(540-doc.GetStringWidth("Shared Widget Database"), 40, "Shared Widget Database")
		}
		doc.SetFont("Helvetica", "B", 14)
		doc.Text(72, y, fmt.Sprintf("%d. %s", p, []string{"Introduction", "Unified system", "Directory layout"}[p-1]))
		y += 24
		doc.SetFont("Times", "", 10)
		for k := 0; k < 3; k++ {
			y = textLines(doc, 90, y, 12, para...)
			y += 10
		}
		doc.Text(540, 750, strconv.Itoa(p))
	}
	return fpdfBytes(tb, doc)
}

// The title of page 1 is the document's title, not a running header, though
// the pages after repeat it at their top; the centred bold lines under it
// are its title block (text, its author the byline), not headings.
func TestPDFTitleRepeatedAsHeader(t *testing.T) {
	doc := parseTestPDF(t, "spec.pdf", specPDF(t))
	if got, want := doc.Report.Title, "Shared Widget Database"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got, want := doc.Report.Authors, []string{"Thomas Leonard"}; !slices.Equal(got, want) {
		t.Errorf("authors %q, want %q", got, want)
	}
	if got, want := linesOf(doc, Heading), []string{"1. Introduction", "2. Unified system", "3. Directory layout"}; !slices.Equal(got, want) {
		t.Errorf("headings %q, want %q", got, want)
	}
	text := doc.Text()
	for _, s := range []string{"X Widget Group (http://widgets.example.org)", "Thomas Leonard", "tal197 at users.example.net"} {
		if !strings.Contains(text, "\n"+s+"\n") {
			t.Errorf("the text lacks the title block's line %q:\n%s", s, text)
		}
	}
}

// manualPDF makes a manual as Texinfo sets it: a title page with the title
// and subtitle at the top and the authors, in bold, at its foot; the text
// starts on the next page.
func manualPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.AddPage()
	doc.SetFont("Helvetica", "B", 20)
	doc.Text(90, 216, "Tidelog")
	doc.SetFont("Times", "", 11)
	doc.Text(196, 242, "A library for reading and writing tide gauge records")
	doc.Text(359, 255, "for version 2.1, 3 May 2023")
	doc.SetFont("Helvetica", "B", 14)
	doc.Text(90, 635, "Ana Ruiz")
	doc.Text(90, 652, "Li Wei")
	doc.Text(90, 669, "Samuel Okafor (bugs@tidelog.example.org)")
	doc.AddPage()
	doc.SetFont("Helvetica", "B", 17)
	doc.Text(90, 96, "1 Introduction")
	doc.SetFont("Times", "", 11)
	textLines(doc, 90, 130, 13,
		"This document describes the Tidelog library, which reads and writes the records of tide gauges in the",
		"formats used by harbour authorities. It is free software, and anybody can use, modify and redistribute it",
		"under the terms of its licence. The library itself should be portable to any system with a C compiler.",
	)
	return fpdfBytes(tb, doc)
}

// The names at the foot of a title page are the manual's authors, kept as
// its text, not headings; the date ending its subtitle is its date.
func TestPDFTitlePageAuthors(t *testing.T) {
	doc := parseTestPDF(t, "manual.pdf", manualPDF(t))
	if got, want := doc.Report.Authors, []string{"Ana Ruiz", "Li Wei", "Samuel Okafor"}; !slices.Equal(got, want) {
		t.Errorf("got authors %q, want %q", got, want)
	}
	if got, want := doc.Report.Date, "3 May 2023"; got != want {
		t.Errorf("got date %q, want %q (the subtitle's)", got, want)
	}
	if got, want := linesOf(doc, Heading), []string{"1 Introduction"}; !slices.Equal(got, want) {
		t.Errorf("got headings %q, want %q", got, want)
	}
	if text := doc.Text(); !strings.Contains(text, "\nLi Wei\n") {
		t.Errorf("got text without the author's line %q:\n%s", "Li Wei", text)
	}
}

// A title block's centred lines may end a sentence ("© Copyright 1995, The
// Harbour Team." over "All rights reserved.", as LaTeX's \author sets a
// notice): the block goes on to the date under them, which dates the
// document, and so does a month and year alone under the title.
func TestPDFTitleBlockDateAfterNotice(t *testing.T) {
	for _, tc := range []struct {
		name  string
		block []string
		date  string
	}{
		{"notice, then the date", []string{"© Copyright 1995, The Harbour Team.", "All rights reserved.", "12 December 1995"}, "12 December 1995"},
		{"a month and a year", []string{"The Harbour Team", "November 2010"}, "November 2010"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := testParser.Parse(context.Background(), Source{Name: "paper.pdf", Data: titleBlockPDF(t, tc.block)})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Report.Date != tc.date {
				t.Errorf("got date %q, want %q", doc.Report.Date, tc.date)
			}
			if got := linesOf(doc, Heading); len(got) > 0 {
				t.Errorf("got headings %q, want none (the title block is no section)", got)
			}
		})
	}
}
