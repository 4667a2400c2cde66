package ingest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// fpdfStyle chooses how fpdfDoc sets a test document.
type fpdfStyle struct {
	body, heading string  // core font families
	size          float64 // body font size
	justify       bool    // justified lines, each word placed on its own; else ragged lines, one string each
	gutter        float64
	midFloat      bool // a figure across both columns in the middle of page 2, splitting the flow into bands
	imagePage     bool // a page with nothing but an image (a scan) after page 1
}

// fpdfDoc lays a test document out with fpdf in two columns, doing its own
// line breaking (with hyphenation of long words) so that it knows the page
// every sentence starts on: a full-width title block, a running header and
// footer with page numbers, bold headings, footnotes at the foot of their
// column with raised marks, tables in a column, figures in a column or
// across the page. It returns the PDF and the page each body sentence
// starts on.
func fpdfDoc(tb testing.TB, d testDoc, st fpdfStyle) ([]byte, []int) {
	tb.Helper()
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.SetCreationDate(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetAutoPageBreak(false, 0)
	pdf.AliasNbPages("{nb}")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	const (
		pageW, pageH = 612.0, 792.0
		margin       = 54.0
		top, bottom  = 72.0, 740.0
	)
	colW := (pageW - 2*margin - st.gutter) / 2
	lead := st.size * 1.2
	l := &flow{pdf: pdf, tr: tr, st: st, colW: colW, lead: lead}
	footer := strings.ReplaceAll(d.footer, "%n", "{nb}")
	newPage := func() {
		pdf.AddPage()
		n := pdf.PageNo()
		pdf.SetFont("Helvetica", "", 8)
		if d.header != "" && n > 1 {
			w := pdf.GetStringWidth(tr(d.header))
			pdf.Text((pageW-w)/2, 44, tr(d.header))
		}
		if footer != "" {
			f := strings.Replace(footer, "%d", fmt.Sprint(n), 1)
			w := pdf.GetStringWidth(tr(f))
			if strings.Contains(f, "{nb}") {
				w = pdf.GetStringWidth(tr(strings.ReplaceAll(f, "{nb}", "9")))
			}
			pdf.Text((pageW-w)/2, 764, tr(f))
		}
		l.regions = nil
		y0 := top
		if n == 1 {
			// Title block across both columns.
			pdf.SetFont(st.heading, "B", st.size*1.8)
			y := top + st.size*1.8
			for _, line := range l.wrap(d.title, pageW-2*margin, st.heading, "B", st.size*1.8) {
				w := pdf.GetStringWidth(tr(line))
				pdf.Text((pageW-w)/2, y, tr(line))
				y += st.size * 2.2
			}
			pdf.SetFont(st.body, "I", st.size)
			for _, line := range []string{d.author, d.date} {
				w := pdf.GetStringWidth(tr(line))
				pdf.Text((pageW-w)/2, y, tr(line))
				y += lead
			}
			y0 = y + lead
		}
		if n == 2 && st.midFloat {
			mid := 330.0
			l.regions = []region{{margin, y0, mid}, {margin + colW + st.gutter, y0, mid},
				{margin, mid + 130, bottom}, {margin + colW + st.gutter, mid + 130, bottom}}
			l.fullFloat = &floatSpot{margin, mid + 10, pageW - 2*margin}
			if l.floatFigure != nil {
				l.drawFullFloat()
			}
		} else {
			l.regions = []region{{margin, y0, bottom}, {margin + colW + st.gutter, y0, bottom}}
		}
		l.region, l.y = 0, l.regions[0].top
		l.notes = nil
	}
	l.newPage = newPage
	if st.midFloat {
		for _, b := range d.blocks {
			if b.kind == "figure" {
				bb := b
				l.floatFigure = &bb
				break
			}
		}
	}
	newPage()
	var pages []int
	for _, b := range d.blocks {
		switch b.kind {
		case "heading":
			l.heading(b.text)
		case "para":
			pages = append(pages, l.paragraph(d, plain(b.text), noteMarker.FindAllStringSubmatch(b.text, -1))...)
		case "table":
			l.table(b)
		case "figure":
			l.figure(b)
		}
		if st.imagePage && pdf.PageNo() == 1 && l.region == 1 && !l.imageDone {
			// A scanned page among text pages: drawn once page 1 is half done.
			l.imageDone = true
			l.pendingImage = true
		}
	}
	l.flushNotes()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), pages
}

type region struct{ x, top, bottom float64 }

type floatSpot struct{ x, y, w float64 }

// flow places lines in the regions of a page (columns, or parts of columns
// above and below a float), in reading order.
type flow struct {
	pdf          *fpdf.Fpdf
	tr           func(string) string
	st           fpdfStyle
	colW, lead   float64
	regions      []region
	region       int
	y            float64
	notes        []string // footnotes of the current region
	noteLines    int
	newPage      func()
	fullFloat    *floatSpot // where the figure across the page goes
	floatFigure  *testBlock // the figure across the page, if any
	imageDone    bool
	pendingImage bool
}

func (l *flow) bottom() float64 {
	return l.regions[l.region].bottom - float64(l.noteLines)*l.st.size*0.8*1.2 - 4
}

// room moves to the next region (and page) unless h more points fit.
func (l *flow) room(h float64) {
	if l.y+h <= l.bottom() {
		return
	}
	l.flushNotes()
	l.region++
	if l.region >= len(l.regions) {
		l.newPage()
		if l.pendingImage {
			l.pendingImage = false
			l.imagePage()
			l.newPage()
		}
		return
	}
	l.y = l.regions[l.region].top
}

// imagePage fills the current page with an image and no text, as a scan.
func (l *flow) imagePage() {
	img := image.NewGray(image.Rect(0, 0, 40, 60))
	for k := range img.Pix {
		img.Pix[k] = uint8(100 + k%150)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	l.pdf.RegisterImageOptionsReader("scan", opt, &buf)
	l.pdf.ImageOptions("scan", 54, 72, 504, 660, false, opt, 0, "")
}

func (l *flow) flushNotes() {
	if len(l.notes) == 0 {
		return
	}
	r := l.regions[l.region]
	size := l.st.size * 0.8
	// At the column's foot, or below its last line when that line (the
	// one with the mark) took the room the note needed.
	y := math.Max(r.bottom-float64(l.noteLines)*size*1.2+size, l.y+l.lead+size)
	l.pdf.Line(r.x, y-size*1.1, r.x+40, y-size*1.1)
	for _, n := range l.notes {
		num, text, _ := strings.Cut(n, " ")
		l.pdf.SetFont(l.st.body, "", size*0.7)
		l.pdf.Text(r.x, y-size*0.35, num)
		for _, line := range l.wrap(text, l.colW-8, l.st.body, "", size) {
			l.pdf.SetFont(l.st.body, "", size)
			l.pdf.Text(r.x+6, y, l.tr(line))
			y += size * 1.2
		}
	}
	l.notes, l.noteLines = nil, 0
}

// wrap breaks text into lines of at most w points.
func (l *flow) wrap(text string, w float64, family, style string, size float64) []string {
	l.pdf.SetFont(family, style, size)
	var lines []string
	cur := ""
	for _, word := range strings.Fields(text) {
		next := strings.TrimSpace(cur + " " + word)
		if cur == "" || l.pdf.GetStringWidth(l.tr(next)) <= w {
			cur = next
			continue
		}
		lines = append(lines, cur)
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func (l *flow) heading(text string) {
	size := l.st.size * 1.2
	l.room(l.lead*3.5 + size)
	l.y += l.lead * 0.8
	l.pdf.SetFont(l.st.heading, "B", size)
	for _, line := range l.wrap(text, l.colW, l.st.heading, "B", size) {
		l.y += size * 1.2
		l.pdf.Text(l.regions[l.region].x, l.y, l.tr(line))
	}
	l.y += l.lead * 0.4
}

// paragraph sets a paragraph with a first-line indent, justified or ragged,
// hyphenating long words that do not fit, with raised footnote marks after
// the sentences that carry them. It returns the page each sentence starts
// on.
func (l *flow) paragraph(d testDoc, text string, marks [][]string) []int {
	var words []fword
	starts := map[int]bool{}
	for _, s := range Sentences(text) {
		starts[s.Start] = true
	}
	// Footnote marks follow the sentence that ends before them in the
	// source; find each mark's sentence by its position in the raw text.
	noteAfter := map[string]string{}
	for _, m := range marks {
		noteAfter[m[1]] = d.notes[m[1]]
	}
	raw := d.rawParagraph(text)
	off := 0
	for _, f := range strings.Fields(text) {
		i := strings.Index(text[off:], f) + off
		w := fword{text: f, start: starts[i]}
		off = i + len(f)
		if m := raw[f]; m != "" {
			w.note = m
			delete(raw, f)
		}
		words = append(words, w)
	}
	var pages []int
	indent := l.st.size * 1.5
	l.y += l.lead * 0.3
	for i := 0; i < len(words); {
		l.room(l.lead)
		l.y += l.lead
		x0 := l.regions[l.region].x + indent
		width := l.colW - indent
		indent = 0
		// Fill the line.
		j, used := i, 0.0
		l.pdf.SetFont(l.st.body, "", l.st.size)
		space := l.pdf.GetStringWidth(" ")
		var hyphenTail string
		for j < len(words) {
			w := l.pdf.GetStringWidth(l.tr(words[j].text))
			if j > i {
				w += space
			}
			if used+w > width {
				// Hyphenate a long word whose head fits.
				t := words[j].text
				if n := len([]rune(t)); n >= 8 && !strings.ContainsAny(t, "-") && isLowerStart(t) {
					for k := n - 3; k >= 4; k-- {
						head := string([]rune(t)[:k]) + "-"
						hw := l.pdf.GetStringWidth(l.tr(head)) + space
						if used+hw <= width {
							hyphenTail = string([]rune(t)[k:])
							words[j].text = head
							j++
							break
						}
					}
				}
				break
			}
			used += w
			j++
		}
		if j == i {
			j = i + 1
		}
		line := words[i:j]
		for _, w := range line {
			if w.start {
				pages = append(pages, l.pdf.PageNo())
			}
		}
		last := j >= len(words) && hyphenTail == ""
		l.setLine(line, x0, width, last)
		// Footnotes of this line go to the foot of this region.
		for _, w := range line {
			if w.note != "" {
				l.notes = append(l.notes, fmt.Sprintf("%d %s", len(l.notes)+1, w.note))
				l.noteLines += len(l.wrap(w.note, l.colW-8, l.st.body, "", l.st.size*0.8)) + 1
			}
		}
		if hyphenTail != "" {
			j--
			words[j] = fword{text: hyphenTail}
		}
		i = j
	}
	return pages
}

// rawParagraph maps each word of the paragraph that carries a footnote mark
// in the source to the footnote's text.
func (d testDoc) rawParagraph(text string) map[string]string {
	out := map[string]string{}
	for _, b := range d.blocks {
		if b.kind == "para" && plain(b.text) == text {
			for _, f := range strings.Fields(b.text) {
				if m := noteMarker.FindStringSubmatch(f); m != nil {
					out[noteMarker.ReplaceAllString(f, "")] = d.notes[m[1]]
				}
			}
		}
	}
	return out
}

// fword is a word of a paragraph on its way to a line.
type fword struct {
	text  string
	start bool   // starts a sentence
	note  string // footnote whose mark follows the word
}

// setLine draws a line of words at the current y: justified, each word
// placed on its own, or ragged, as one string. A raised mark follows each
// word with a footnote.
func (l *flow) setLine(line []fword, x0, width float64, last bool) {
	pdf, size := l.pdf, l.st.size
	pdf.SetFont(l.st.body, "", size)
	space := pdf.GetStringWidth(" ")
	mark := len(l.notes)
	drawMark := func(x float64, w fword) float64 {
		if w.note == "" {
			return 0
		}
		mark++
		pdf.SetFont(l.st.body, "", size*0.6)
		m := fmt.Sprint(mark)
		pdf.Text(x, l.y-size*0.4, m)
		mw := pdf.GetStringWidth(m)
		pdf.SetFont(l.st.body, "", size)
		return mw
	}
	if !l.st.justify {
		x := x0
		var run []string
		flush := func() {
			if len(run) > 0 {
				t := l.tr(strings.Join(run, " "))
				pdf.Text(x, l.y, t)
				x += pdf.GetStringWidth(t)
				run = nil
			}
		}
		for _, w := range line {
			run = append(run, w.text)
			if w.note != "" {
				flush()
				x += drawMark(x, w) + space
			}
		}
		flush()
		return
	}
	total := 0.0
	for _, w := range line {
		total += pdf.GetStringWidth(l.tr(w.text))
	}
	gap := space
	if !last && len(line) > 1 {
		gap = (width - total) / float64(len(line)-1)
	}
	x := x0
	for _, w := range line {
		pdf.Text(x, l.y, l.tr(w.text))
		x += pdf.GetStringWidth(l.tr(w.text))
		x += drawMark(x, w)
		x += gap
	}
}

func (l *flow) table(b testBlock) {
	size := l.st.size * 0.85
	rows := len(b.rows) + 2
	l.room(float64(rows) * size * 1.3)
	l.y += l.lead
	l.pdf.SetFont(l.st.body, "B", size)
	for _, line := range l.wrap(b.text, l.colW, l.st.body, "B", size) {
		l.y += size * 1.3
		l.pdf.Text(l.regions[l.region].x, l.y, l.tr(line))
	}
	cols := len(b.rows[0])
	colW := l.colW / float64(cols)
	l.pdf.SetFont(l.st.body, "", size)
	for _, r := range b.rows {
		l.y += size * 1.3
		for k, c := range r {
			l.pdf.Text(l.regions[l.region].x+float64(k)*colW, l.y, l.tr(c))
		}
	}
	l.y += l.lead * 0.5
}

// figure draws a figure in the current column, unless it is the figure
// set across the page.
func (l *flow) figure(b testBlock) {
	if l.floatFigure != nil && l.floatFigure.text == b.text {
		return
	}
	size := l.st.size * 0.8
	l.room(90)
	x := l.regions[l.region].x
	l.y += l.lead * 0.5
	l.pdf.Rect(x, l.y, l.colW, 50, "D")
	l.pdf.SetFont("Helvetica", "", size*0.9)
	lx := x + 4
	for _, lab := range b.labels {
		l.pdf.Text(lx, l.y+28, l.tr(lab))
		lx += l.pdf.GetStringWidth(l.tr(lab)) + 10
	}
	l.y += 50
	l.pdf.SetFont(l.st.body, "I", size)
	for _, line := range l.wrap(b.text, l.colW, l.st.body, "I", size) {
		l.y += size * 1.3
		l.pdf.Text(x, l.y, l.tr(line))
	}
	l.y += l.lead * 0.5
}

// drawFullFloat draws the figure set across both columns, at its fixed
// place in the middle of the page.
func (l *flow) drawFullFloat() {
	f, b := l.fullFloat, l.floatFigure
	l.pdf.Rect(f.x, f.y, f.w, 80, "D")
	l.pdf.SetFont("Helvetica", "", l.st.size*0.75)
	x := f.x + 20
	for _, lab := range b.labels {
		l.pdf.Text(x, f.y+45, l.tr(lab))
		x += f.w / float64(len(b.labels)+1)
	}
	l.pdf.SetFont(l.st.body, "I", l.st.size*0.9)
	w := l.pdf.GetStringWidth(l.tr(b.text))
	l.pdf.Text(f.x+(f.w-w)/2, f.y+98, l.tr(b.text))
}
