package ingest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// briefTitle is wide enough that its last word ends just past the gutter.
const briefTitle = "Harbour Dredging at Kelby Point"

// briefParagraphs are the brief's body, in reading order (own prose).
var briefParagraphs = []string{
	"The harbour at Kelby Point has silted steadily since the breakwater was extended, and the channel now admits only the smaller coastal freighters at low water. Dredging would restore a depth of nine metres along the approach and in the turning basin.",
	"The council estimates the first campaign at four million pounds, with smaller campaigns every third year after it to keep the channel open against the drift of sand along the shore.",
	"Fishing crews report that the shoals have moved toward the eastern pier, where the old lifeboat slipway once stood. The pilots keep a chart of the soundings, which they revise after every winter storm, and they warn that the basin will be closed to the larger vessels within two seasons. (A curious note: the basin is named after a schooner, not after any harbour master.) Spoil from the dredging could rebuild the dunes north of the town, which the storms of the last decade have cut back by thirty metres.",
	"Ferry operators have said that they would return a daily service to the islands once the depth is restored, and two of them have offered to share the cost of the survey work that must come before any licence is granted.",
	"Residents of the harbour streets worry most about the noise of the dredgers at night and about the lorries that would carry spoil through the old town, whose lanes were never built for heavy traffic of any kind.",
}

// briefPDF makes a two-page brief laid out as a word processor sets one in
// a two-column section: a small date line above a large title that starts in
// the left column and ends just across the gutter, the author's office right
// under it at the head of the left column, then justified body text in two
// columns, a running header and a footer with a URL and the page number.
func briefPDF(tb testing.TB) []byte {
	tb.Helper()
	const (
		left, gutterL, gutterR, right = 54.0, 297.0, 315.0, 558.0
		pitch                         = 13.3
	)
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.SetFont("Helvetica", "B", 20)
	if x1 := left + doc.GetStringWidth(briefTitle); x1 < gutterR+45 || x1 > gutterR+60 {
		tb.Fatalf("the title ends at %.1f, want it a word past the gutter (%.0f to %.0f)", x1, gutterR+45, gutterR+60)
	}
	doc.SetFont("Times", "", 10)
	var lines [][]string // justified lines; a nil line ends a paragraph
	for _, p := range briefParagraphs {
		var cur []string
		for _, w := range strings.Fields(p) {
			if w == "note:" && len(cur) > 0 {
				lines, cur = append(lines, cur), nil // the author broke the line here
			}
			if len(cur) > 0 && doc.GetStringWidth(strings.Join(append(cur, w), " ")) > gutterL-left {
				lines, cur = append(lines, cur), nil
			}
			cur = append(cur, w)
		}
		lines = append(lines, cur, nil)
	}
	set := func(x, y float64, words []string, justify bool) {
		gap := doc.GetStringWidth(" ")
		if justify && len(words) > 1 {
			w := 0.0
			for _, s := range words {
				w += doc.GetStringWidth(s)
			}
			gap = (gutterL - left - w) / float64(len(words)-1)
		}
		for _, s := range words {
			doc.Text(x, y, s)
			x += doc.GetStringWidth(s) + gap
		}
	}
	page, col, y := 0, 1, 0.0
	newColumn := func() {
		if col == 1 {
			col, y = 0, 88
			page++
			doc.AddPage()
			doc.SetFont("Helvetica", "", 8)
			doc.Text(left, 40, briefTitle)
			doc.Text(left, 760, "https://example.org/briefs")
			doc.Text(right-doc.GetStringWidth("Page "+strconv.Itoa(page)), 760, "Page "+strconv.Itoa(page))
			if page == 1 {
				doc.SetFont("Helvetica", "", 9)
				doc.Text(left, 64, "Updated March 3, 2023")
				doc.SetFont("Helvetica", "B", 20)
				doc.Text(left, 88, briefTitle)
				doc.SetFont("Helvetica", "I", 10)
				doc.Text(left, 106, "Office of Coastal Planning")
				y = 132
			}
			doc.SetFont("Times", "", 10)
		} else {
			col, y = 1, 88
			if page == 1 {
				y = 132
			}
		}
	}
	newColumn()
	for k, l := range lines {
		if l == nil {
			y += 4
			continue
		}
		if y > 250 {
			newColumn()
		}
		x := left
		if col == 1 {
			x = gutterR
		}
		set(x, y, l, k+1 < len(lines) && lines[k+1] != nil)
		y += pitch
	}
	return fpdfBytes(tb, doc)
}

// A brief laid out by a word processor: the title that ends a word past the
// gutter is one line (not a word of the right column), the date above it
// dates the document, the office under it is the title block's, not the
// first sentence's start, and a line that opens with "note:" inside a
// sentence is no caption.
func TestPDFBriefTitleBlock(t *testing.T) {
	doc := parseTestPDF(t, "brief.pdf", briefPDF(t))
	if got := doc.Report.Title; got != briefTitle {
		t.Errorf("title %q, want %q", got, briefTitle)
	}
	if got, want := doc.Report.Date, "March 3, 2023"; got != want {
		t.Errorf("date %q, want %q", got, want)
	}
	if got := linesOf(doc, Caption); len(got) > 0 {
		t.Errorf("caption lines %q, want none", got)
	}
	var sentences []string
	for _, p := range briefParagraphs {
		for _, s := range Sentences(p) {
			sentences = append(sentences, p[s.Start:s.End])
		}
	}
	for _, s := range sentences {
		found := false
		for _, p := range doc.Passages {
			for _, span := range Sentences(p.Text) {
				found = found || p.Text[span.Start:span.End] == s
			}
		}
		if !found {
			t.Errorf("sentence %q is not a sentence of any passage:\n%s", s, doc.Text())
		}
	}
	if text := doc.Text(); !strings.Contains(text, "\nOffice of Coastal Planning\n") {
		t.Errorf("got text without the office as a line of its own:\n%s", text)
	}
}
