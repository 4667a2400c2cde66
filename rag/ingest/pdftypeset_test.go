package ingest

import (
	"path/filepath"
	"slices"
	"strings"
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

// A manual page's section headings are short bold lines over text set in
// under them, even when that text starts with a lowercase command name.
func TestTypesetManPageHeadings(t *testing.T) {
	doc := typesetPDF(t, "tidewatch.pdf")
	got := linesOf(doc, Heading)
	want := []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "BUGS", "AUTHOR"}
	if !slices.Equal(got, want) {
		t.Errorf("got headings %q, want %q", got, want)
	}
	if text := doc.Text(); !strings.Contains(text, "\ntidewatch - print tide predictions for a harbour station\n") {
		t.Errorf("got text without the NAME line on a line of its own:\n%s", text)
	}
}

// passageText joins a document's passages, as the index holds them.
func passageText(doc Document) string {
	var b strings.Builder
	for _, p := range doc.Passages {
		b.WriteString(p.Text)
		b.WriteString("\n\n")
	}
	return b.String()
}

// A running header with a left and a right half is furniture whether a
// page's gutter splits it into two lines (a page of two columns) or not (a
// last page of one): it never lands in a sentence running over the page.
func TestTypesetRunningHeadSplitByGutter(t *testing.T) {
	text := passageText(typesetPDF(t, "ferry.pdf"))
	for _, furniture := range []string{"Harbour Ferry Review", "TR-2023-07", "Page 2"} {
		if strings.Contains(text, furniture) {
			t.Errorf("got passages with the running head or foot %q:\n%s", furniture, text)
		}
	}
	for _, want := range []string{"connects the vessel to a 2.4 megawatt charger", "the authority estimates net operating savings"} {
		if !strings.Contains(text, want) {
			t.Errorf("got passages without %q:\n%s", want, text)
		}
	}
}

// A report whose date is only in its running foot (ms sets .DA there) is
// dated by it.
func TestTypesetDateInRunningFoot(t *testing.T) {
	doc := typesetPDF(t, "ferry.pdf")
	if got, want := doc.Report.Date, "14 March 2023"; got != want {
		t.Errorf("got date %q, want %q", got, want)
	}
	if got, want := doc.Report.Authors, []string{"Margarethe Oyelaran-Whitfield", "Tomasz Kurowski"}; !slices.Equal(got, want) {
		t.Errorf("got authors %q, want %q", got, want)
	}
}

// The lines of a title block (authors, affiliations) are paragraphs of
// their own, and the abstract's label heads the abstract: its first
// sentence is the abstract's, not the byline run into it.
func TestTypesetTitleBlockApartFromAbstract(t *testing.T) {
	doc := typesetPDF(t, "ferry.pdf")
	var abstract *Passage
	for i, p := range doc.Passages {
		if strings.Contains(p.Text, "converted four of its seven harbour ferries") {
			abstract = &doc.Passages[i]
			break
		}
	}
	if abstract == nil {
		t.Fatalf("got no passage with the abstract")
	}
	if got, want := abstract.Section, "ABSTRACT"; got != want {
		t.Errorf("got the abstract in section %q, want %q", got, want)
	}
	if !strings.HasPrefix(abstract.Text, "The Northport Transit Authority converted") {
		t.Errorf("got the abstract's passage %q, want it to start with its first sentence", abstract.Text)
	}
	if text := passageText(doc); !strings.Contains(text, "Margarethe Oyelaran-Whitfield\n\nNorthport Transit Authority, Office of Fleet Engineering\n") {
		t.Errorf("got the title block's lines run together:\n%s", text)
	}
}

// mm sets its numbered headings in italic at the body's size: a numbered
// italic line set apart from the text is a heading.
func TestTypesetItalicNumberedHeadings(t *testing.T) {
	got := linesOf(typesetPDF(t, "memo.pdf"), Heading)
	for _, want := range []string{"1. Scope of the move", "2. Timetable", "2.1 Staffing", "3. Risks"} {
		if !slices.Contains(got, want) {
			t.Errorf("got headings %q, want one %q", got, want)
		}
	}
}
