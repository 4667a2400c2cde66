package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// figureColumnPDF makes a two-column page whose right column is a figure:
// a frame with a few labels and a two-line caption under it, beside a full
// column of text, under a running header split by the gutter ("Rivers and
// Farms" on the left, "Page 1" on the right). It returns the PDF and the
// lines of the text column.
func figureColumnPDF(tb testing.TB) ([]byte, []string) {
	tb.Helper()
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.SetAutoPageBreak(false, 0)
	doc.AddPage()
	doc.SetFont("Times", "I", 8)
	doc.Text(54, 40, "Rivers and Farms")
	doc.Text(528, 40, "Page 1")
	doc.SetFont("Times", "B", 18)
	doc.Text(54, 90, "Water Shares")
	doc.Rect(325, 120, 223, 520, "D")
	doc.SetFont("Helvetica", "", 7)
	for i, s := range []string{"Inflow", "Gauge A", "Dam", "Spillway", "Farms", "Towns"} {
		doc.Text(335+float64(i%2)*90, 140+float64(i/2)*25, s)
	}
	doc.SetFont("Times", "", 9)
	doc.Text(315, 652, "Figure 1. The river from the hills to the delta, with the dam and the")
	doc.Text(315, 663, "gauges along it.")
	doc.SetFont("Times", "", 10)
	var lines []string
	for i := 0; len(lines) < 50; i++ {
		lines = append(lines,
			fmt.Sprintf("Line %d of the text column tells how the river water", 2*i+1),
			fmt.Sprintf("is shared by the farms and towns of reach %d downstream.", 2*i+2))
	}
	for i, s := range lines {
		doc.Text(54, 122+12*float64(i), s)
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), lines
}

// A column that holds only a figure and its caption is a column: the
// caption's lines are not read into the lines of the text beside them, and
// the page number of the running header stays out of the text though the
// gutter splits the header.
func TestPDFFigureColumn(t *testing.T) {
	data, lines := figureColumnPDF(t)
	doc := parseTestPDF(t, "figure.pdf", data)
	text := doc.Text()
	if want := strings.Join(lines, "\n"); !strings.Contains(text, want) {
		t.Errorf("got text without the text column's lines in order:\n%s", text)
	}
	for _, want := range []string{"\n[caption] Figure 1. The river from the hills to the delta, with the dam and the\n", "\n[caption] gauges along it.\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("got text without the caption line %q:\n%s", want, text)
		}
	}
	if p := passagesText(doc); strings.Contains(p, "Page 1") {
		t.Errorf("got the page number of the running header in the passages:\n%s", p)
	}
}

// captionThenTextPDF makes a page where a centred one-line caption under a
// figure is followed closely by a paragraph in the same font and size, as
// groff's ms sets a .ce caption and the next .PP.
func captionThenTextPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := timesPage()
	y := 72.0
	line := func(x float64, s string) {
		doc.Text(x, y, s)
		y += 12
	}
	line(72, "The lake lies above the farms, and the farms take their water from it through the spring.")
	line(72, "Its level falls through the summer and rises again with the autumn rains each year.")
	doc.Rect(200, y, 200, 120, "D")
	y += 134
	caption := "Figure 2. The lake and the farms."
	line((612-doc.GetStringWidth(caption))/2, caption)
	y += 2
	line(90, "The farms draw most in July, when the lake is at its lowest, and the board then")
	line(72, "limits each farm to a share of the flow that it sets at the start of the month.")
	line(72, "The towns draw the same amount all through the year.")
	return fpdfBytes(tb, doc)
}

// A paragraph right under a one-line caption is text, not the caption's
// continuation.
func TestPDFCaptionEndsAtShortLine(t *testing.T) {
	doc := parseTestPDF(t, "caption.pdf", captionThenTextPDF(t))
	for _, l := range doc.Lines {
		switch {
		case strings.HasPrefix(l.Text, "Figure 2."):
			if l.Kind != Caption {
				t.Errorf("got %q as %v, want a caption", l.Text, l.Kind)
			}
		case l.Text != "" && l.Kind != Body:
			t.Errorf("got %q as %v, want body text", l.Text, l.Kind)
		}
	}
}
