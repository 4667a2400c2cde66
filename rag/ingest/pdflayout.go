package ingest

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/rag/ingest/pdf"
)

// Reading order from a PDF's geometry.
//
// A PDF places characters at positions; it says nothing about lines,
// columns or paragraphs. layoutPDF rebuilds them from the positions alone,
// the way a reader's eye does, with no regard to the order the file happens
// to draw them in:
//
//   - words: characters next to each other on one baseline; a small raised
//     word after a word is a footnote mark;
//   - columns: on each page, vertical strips that no word crosses (gutters)
//     between strips of text;
//   - bands: runs of rows that cross a gutter (a title block, a float across
//     both columns) or do not; the page reads band by band from the top, and
//     a band of columns reads column by column, each from the top;
//   - lines: the words of one column on one baseline, left to right.
//
// Classifying the lines (pdfkinds.go) then finds running headers and
// footers, the title, headings, captions, tables and footnotes.

// wordGap is the narrowest word space, in ems: tight justified lines set
// spaces of 0.2 em, kerning moves letters by less than 0.1 em.
const wordGap = 0.12

// pword is a word on a page: characters next to each other on a baseline.
type pword struct {
	text                string
	x0, x1, top, bottom float64
	base, size          float64
	bold, italic        bool
	boldName            bool // the font's name says bold
	mono                bool // set in a monospaced font: code
	weight              int  // the font's weight, 0 when unknown
	hyphen              bool // ends in a line-end hyphen (PDFium's U+0002)
	marker              bool // a footnote mark: small, raised, short
	spaced              bool // the file draws a space right before it
	chars               int
}

// pline is one line of a column (or of a full-width band) in reading order.
type pline struct {
	words               []pword
	text                string
	page                int // 1-based
	x0, x1, top, bottom float64
	base, size          float64
	bold                bool // every word bold
	band, col           int
	colX0, colX1        float64 // the column's extent on its page
	full                bool    // in a band across the page's columns
	marker              bool    // starts with a footnote mark
	cells               []float64
	kind                LineKind
	breakBefore         bool // a new paragraph starts here
	titleBlock          bool // under the title, centred with it: text, never a heading
}

// boldName reports whether a font's name says it is bold.
func boldName(c pdf.Char) bool {
	name := strings.ToLower(c.Font)
	for _, w := range []string{"bold", "black", "heavy", "semibold", "demi", "cmbx", "-bd", "bd-"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// monoName reports whether a font's name says it is monospaced, as code
// is set ("Courier", "NimbusMonL-Regu", "DejaVuSansMono", "CMTT10",
// "SourceCodePro"); "Monotype" names a foundry, not a kind of font.
func monoName(c pdf.Char) bool {
	name := strings.ReplaceAll(strings.ToLower(c.Font), "monotype", "")
	for _, w := range []string{"mono", "courier", "nimbusmon", "consol", "menlo", "monaco", "typewriter", "cmtt", "lmtt", "code", "fixed"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// pageWords groups a page's characters into words.
func pageWords(p pdf.Page) []pword {
	var (
		words  []pword
		cur    []pdf.Char
		spaced bool      // a space the file draws came after the last word
		space  *pdf.Char // that space, until the next character is seen
	)
	flush := func() {
		if len(cur) == 0 {
			return
		}
		w := pword{x0: math.Inf(1), x1: math.Inf(-1), top: math.Inf(1), bottom: math.Inf(-1), spaced: spaced}
		spaced = false
		var b strings.Builder
		sizes := map[float64]int{}
		bold, mono, weights := 0, 0, map[int]int{}
		for i, c := range cur {
			r := c.Rune
			if r == 2 { // PDFium's mark for a hyphen at a line's end
				r = '-'
				if i == len(cur)-1 {
					w.hyphen = true
				}
			}
			if unicode.IsControl(r) || isInvisible(r) {
				continue
			}
			b.WriteRune(r)
			w.x0, w.x1 = math.Min(w.x0, c.X0), math.Max(w.x1, c.X1)
			w.top, w.bottom = math.Min(w.top, c.Y0), math.Max(w.bottom, c.Y1)
			sizes[math.Round(c.Size*2)/2]++
			if boldName(c) {
				bold++
			}
			if monoName(c) {
				mono++
			}
			weights[c.Weight]++
			w.italic = w.italic || c.Italic
		}
		w.text = ligatures.Replace(b.String())
		w.chars = utf8.RuneCountInString(w.text)
		if w.chars > 0 {
			w.size = modeSize(sizes)
			if w.size <= 0 {
				w.size = w.bottom - w.top
			}
			w.base = cur[len(cur)-1].Baseline
			w.boldName = bold*2 > w.chars
			w.mono = mono*2 > w.chars
			for wt, n := range weights {
				if n*2 > w.chars {
					w.weight = wt
				}
			}
			words = append(words, w)
		}
		cur = nil
	}
	for i, c := range p.Chars {
		if c.Rotated {
			flush() // read apart, by rotatedTexts
			continue
		}
		if c.Space {
			flush()
			if !c.Inferred && c.X1 > c.X0 {
				space = &p.Chars[i]
			}
			continue
		}
		// A space the file draws is a word space when the next character
		// starts past most of its width: one under the next letter (as a
		// converter leaves where it split a kerned word) is not.
		if space != nil {
			spaced = spaced || c.X0 >= space.X0+0.3*(space.X1-space.X0)
			space = nil
		}
		if c.X1 < c.X0 || c.Y1 < c.Y0 || c.X1 < 0 || c.X0 > p.Width || c.Y1 < 0 || c.Y0 > p.Height {
			continue // off the page or degenerate: not visible text
		}
		if n := len(cur); n > 0 {
			prev := cur[n-1]
			size := math.Max(math.Max(prev.Size, c.Size), 1)
			// A character that starts well left of the last one's end is
			// text set back over the line, unless it starts where that one
			// starts: the letters of a ligature ("fi" as "f", "i") share
			// its box.
			back := c.X0-prev.X1 < -0.5*size && c.X0 < prev.X0-0.05*size
			if math.Abs(c.Baseline-prev.Baseline) > 0.2*size || c.X0-prev.X1 > wordGap*size || back {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	words = joinExponents(words)
	markFootnoteMarks(words)
	return words
}

// superscripts are the digits set as exponents.
var superscripts = strings.NewReplacer("0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹", "-", "⁻", "−", "⁻")

// unitBase is a word an exponent is raised over: a variable (one letter),
// a unit of length (an area in km², a volume in m³) or a bracket.
var unitBase = regexp.MustCompile(`^(?:\pL|\(?(?:mm|cm|dm|m|km|in|ft|yd|mi)|.*\))$`)

// joinExponents joins a small raised number set right against a variable,
// a unit or a bracket to it, as the exponent it is ("b²", "120 km²"): it
// is not a footnote mark, and it is not lost with them.
func joinExponents(words []pword) []pword {
	out := words[:0]
	for _, w := range words {
		if n := len(out); n > 0 && w.chars <= 2 && isExponentText(w.text) {
			b := &out[n-1]
			gap := w.x0 - b.x1
			raised := b.base-w.base > 0.2*b.size && w.base > b.top
			if w.size < 0.9*b.size && raised && gap > -0.1*b.size && gap < 0.1*b.size && unitBase.MatchString(b.text) {
				b.text += superscripts.Replace(w.text)
				b.chars += w.chars
				b.x1 = math.Max(b.x1, w.x1)
				b.top = math.Min(b.top, w.top)
				b.hyphen = false
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

func isExponentText(t string) bool {
	for i, r := range t {
		if !unicode.IsDigit(r) && !(i == 0 && (r == '-' || r == '−')) {
			return false
		}
	}
	return t != "" && t != "-" && t != "−"
}

// rotatedTexts returns the runs of a page's text set at an angle (a line
// up the margin, a watermark, a table's slanted column heads), each in the
// order the file draws it: the geometry that orders the page's other text
// would take them letter by letter.
func rotatedTexts(p pdf.Page) []string {
	var (
		out  []string
		cur  strings.Builder
		last *pdf.Char
	)
	end := func() {
		if cur.Len() == 0 && last == nil {
			return // an upright character after upright ones: nothing to end
		}
		if t := strings.Join(strings.Fields(ligatures.Replace(cur.String())), " "); utf8.RuneCountInString(t) > 1 {
			out = append(out, t)
		}
		cur.Reset()
		last = nil
	}
	for i, c := range p.Chars {
		switch {
		case c.Space:
			if last != nil {
				cur.WriteByte(' ')
			}
		case !c.Rotated:
			end()
		default:
			if last != nil {
				size := math.Max(math.Max(c.Size, last.Size), 1)
				if math.Hypot((c.X0+c.X1-last.X0-last.X1)/2, (c.Y0+c.Y1-last.Y0-last.Y1)/2) > 3*size {
					end()
				}
			}
			r := c.Rune
			if r == 2 {
				r = '-'
			}
			if !unicode.IsControl(r) && !isInvisible(r) {
				cur.WriteRune(r)
			}
			last = &p.Chars[i]
		}
	}
	end()
	return out
}

// markBold sets which words are bold: by the font's name, or by a weight
// well above the body text's (PDFs report weights loosely: a regular Times
// may say 695 and its bold 816).
func markBold(pages [][]pword) {
	weights := map[int]int{}
	for _, ws := range pages {
		for _, w := range ws {
			weights[w.weight] += w.chars
		}
	}
	body, n := 0, 0
	for wt, k := range weights {
		if k > n {
			body, n = wt, k
		}
	}
	for _, ws := range pages {
		for i := range ws {
			w := &ws[i]
			w.bold = w.boldName || w.weight >= 600 && w.weight >= body+100
		}
	}
}

// modeSize returns the most frequent size.
func modeSize(sizes map[float64]int) float64 {
	best, n := 0.0, 0
	for s, k := range sizes {
		if k > n || (k == n && s > best) {
			best, n = s, k
		}
	}
	return best
}

// markFootnoteMarks marks short words set small and raised right after a
// word, as footnote marks are ("exchange.¹"), or right before one (a
// footnote's own number). Only the words drawn next to it are looked at.
func markFootnoteMarks(words []pword) {
	for i := range words {
		w := &words[i]
		if w.chars > 3 || !isMarkText(w.text) {
			continue
		}
		for j := max(0, i-2); j < len(words) && j <= i+2; j++ {
			o := words[j]
			if j == i || o.size < w.size*1.2 || o.chars < 2 && isMarkText(o.text) {
				continue
			}
			raised := o.base-w.base > 0.2*o.size && w.base > o.top-0.2*o.size
			near := w.x0-o.x1 > -0.1*o.size && w.x0-o.x1 < 0.6*o.size || o.x0-w.x1 > -0.1*o.size && o.x0-w.x1 < 0.8*o.size
			if raised && near {
				w.marker = true
				break
			}
		}
	}
}

func isMarkText(t string) bool {
	for _, r := range t {
		if !unicode.IsDigit(r) && !strings.ContainsRune("*∗†‡§¶#abcdefghij", r) {
			return false
		}
	}
	return t != ""
}

// gutter is an empty vertical strip between columns.
type gutter struct{ x0, x1 float64 }

// findGutters returns the page's gutters, left to right: strips at least
// half a body character wide that only a few rows cross (a title, a float
// across the page, a centred page number), with a column of text on either
// side. cover counts, for each point across the page, the rows with a word
// there: inside a column it is most of the column's rows, in a gutter only
// the rows that span the page. Beside a sparse column (a figure and its
// caption) the strip is measured against that column's own rows.
func findGutters(rs []prow, bodySize float64) []gutter {
	if len(rs) < 8 {
		return nil
	}
	left, right := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		for _, w := range r.words {
			left, right = math.Min(left, w.x0), math.Max(right, w.x1)
		}
	}
	width := int(math.Ceil(right-left)) + 1
	if width < int(16*bodySize) {
		return nil
	}
	cover := make([]int, width)
	seen := make([]int, width) // last row counted at each point, plus one
	for i, r := range rs {
		for _, w := range r.words {
			for x := max(int(w.x0-left), 0); x < int(math.Ceil(w.x1-left)) && x < width; x++ {
				if seen[x] != i+1 {
					seen[x] = i + 1
					cover[x]++
				}
			}
		}
	}
	minWidth := math.Max(0.5*bodySize, 3)
	var runs [][2]int
	for _, run := range lowRuns(cover, 0, width) {
		if run[0] > 0 && run[1] < width {
			runs = append(runs, run)
			continue
		}
		// A strip that reaches the page's edge is a margin, or a sparse
		// column (a figure and its caption beside a column of text) with
		// the gutter at its inner end: look again inside it, each point
		// against the text on either side of it.
		runs = append(runs, sparseRuns(cover, run[0], run[1])...)
	}
	var gs []gutter
	for _, run := range runs {
		start, end := run[0], run[1]
		g := gutter{left + float64(start), left + float64(end)}
		if g.x1-g.x0 < minWidth || float64(start) < 8*bodySize || float64(width-end) < 8*bodySize {
			continue
		}
		if holdsColumns(rs, g, 4) {
			gs = append(gs, g)
		}
	}
	return dropTableGutters(rs, gs)
}

// dropTableGutters leaves out the strips between a table's columns and
// after a list's tags. They are empty too, and on a page that is mostly
// table no prose crosses them; but a table's columns hold cells of a word
// or two, where a column of text holds lines of several words. A column
// of short lines is kept when it is sparse beside its neighbour and its
// rows are not the neighbour's (a figure's labels next to a column of
// text): a table's columns have as many rows as each other, and a list's
// tags (a man page's options) sit on the first rows of their entries.
func dropTableGutters(rs []prow, gs []gutter) []gutter {
	if len(gs) == 0 {
		return gs
	}
	counts := make([][]int, len(gs)+1) // words per row in each region between gutters
	both := make([]int, len(gs))       // rows with text on both sides of each gutter
	for _, r := range rs {
		n := make([]int, len(gs)+1)
		crossing := false
		for _, w := range r.words {
			if w.marker {
				continue
			}
			k := 0
			for k < len(gs) && (w.x0+w.x1)/2 > (gs[k].x0+gs[k].x1)/2 {
				k++
			}
			crossing = crossing || k > 0 && gs[k-1].crosses(w) || k < len(gs) && gs[k].crosses(w)
			n[k]++
		}
		if crossing {
			continue
		}
		for k, c := range n {
			if c > 0 {
				counts[k] = append(counts[k], c)
			}
		}
		for k := range gs {
			if n[k] > 0 && n[k+1] > 0 {
				both[k]++
			}
		}
	}
	cells := func(k, other, shared int) bool {
		c := counts[k]
		sort.Ints(c)
		if len(c) == 0 || c[len(c)/2] >= 3 {
			return false
		}
		return 2*len(c) >= len(counts[other]) || float64(shared) >= 0.8*float64(len(c))
	}
	var out []gutter
	for k, g := range gs {
		if !cells(k, k+1, both[k]) && !cells(k+1, k, both[k]) {
			out = append(out, g)
		}
	}
	return out
}

// sparseRuns returns the runs within [lo, hi), away from the page's edges,
// where cover is at most about a third of its peak on the side that has
// less text: between a column of text and a sparse column beside it.
func sparseRuns(cover []int, lo, hi int) [][2]int {
	leftMax := make([]int, len(cover))
	rightMax := make([]int, len(cover))
	for x, m := 0, 0; x < len(cover); x++ {
		m = max(m, cover[x])
		leftMax[x] = m
	}
	for x, m := len(cover)-1, 0; x >= 0; x-- {
		m = max(m, cover[x])
		rightMax[x] = m
	}
	low := func(x int) bool { return float64(cover[x]) <= 0.35*float64(min(leftMax[x], rightMax[x])) }
	var runs [][2]int
	for x := lo; x < hi; {
		if !low(x) {
			x++
			continue
		}
		start := x
		for x < hi && low(x) {
			x++
		}
		if start > 0 && x < len(cover) {
			runs = append(runs, [2]int{start, x})
		}
	}
	return runs
}

// lowRuns returns the runs [start, end) within [lo, hi) where cover is at
// most about a third of its peak there.
func lowRuns(cover []int, lo, hi int) [][2]int {
	peak := 0
	for _, c := range cover[lo:hi] {
		peak = max(peak, c)
	}
	limit := int(0.35 * float64(peak))
	var runs [][2]int
	for x := lo; x < hi; {
		if cover[x] > limit {
			x++
			continue
		}
		start := x
		for x < hi && cover[x] <= limit {
			x++
		}
		runs = append(runs, [2]int{start, x})
	}
	return runs
}

// holdsColumns reports whether at least n rows that do not cross the gutter
// have text on its left, and n on its right.
func holdsColumns(rs []prow, g gutter, n int) bool {
	nl, nr := 0, 0
	for _, r := range rs {
		crossing, l, rt := false, false, false
		for _, w := range r.words {
			crossing = crossing || g.crosses(w) && !w.marker
			l = l || w.x1 <= g.x0+0.5
			rt = rt || w.x0 >= g.x1-0.5
		}
		if !crossing {
			if l {
				nl++
			}
			if rt {
				nr++
			}
		}
	}
	return nl >= n && nr >= n
}

// docGutters returns the gutters most pages of a document share (the
// columns of its page design), or nil.
func docGutters(pages [][]gutter) []gutter {
	best, count := -1, 0
	for i, gs := range pages {
		if len(gs) == 0 {
			continue
		}
		n := 0
		for _, hs := range pages {
			if sameGutters(gs, hs) {
				n++
			}
		}
		if n > count {
			best, count = i, n
		}
	}
	if best < 0 {
		return nil
	}
	return pages[best]
}

func sameGutters(a, b []gutter) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs((a[i].x0+a[i].x1)/2-(b[i].x0+b[i].x1)/2) > 6 {
			return false
		}
	}
	return true
}

// fitsPage reports whether the document's gutters suit a page that shows
// none of its own (a short last page): no word of a row that does not span
// the page lies in them, and there is text on both sides.
func fitsPage(rs []prow, gs []gutter) bool {
	if len(gs) == 0 || len(rs) < 2 {
		return false
	}
	for _, g := range gs {
		if !holdsColumns(rs, g, 2) {
			return false
		}
		for _, r := range rs {
			if spans(r.words, []gutter{g}) {
				continue
			}
			for _, w := range r.words {
				if g.crosses(w) && !w.marker {
					return false
				}
			}
		}
	}
	return true
}

// crosses reports whether w overlaps the gutter.
func (g gutter) crosses(w pword) bool { return w.x0 < g.x1-0.5 && w.x1 > g.x0+0.5 }

// prow is words on one baseline across the page.
type prow struct {
	words    []pword
	top, bot float64
	base     float64 // the baseline of its largest word: the line's own
	size     float64 // that word's size
	full     bool
}

// rows groups words by baseline, top to bottom. A row's baseline is its
// largest word's, not its first's: a small letter set a little higher (the
// raised "A" of the LaTeX logo) must not pull the row's baseline up so far
// that a letter set a little lower in the same word (its lowered "E") no
// longer reaches it.
func rows(words []pword) []prow {
	ws := append([]pword(nil), words...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].base < ws[j].base })
	var out []prow
	for _, w := range ws {
		if n := len(out); n > 0 && math.Abs(w.base-out[n-1].base) <= 0.25*math.Max(w.size, 1) {
			r := &out[n-1]
			r.words = append(r.words, w)
			r.top, r.bot = math.Min(r.top, w.top), math.Max(r.bot, w.bottom)
			if w.size > r.size {
				r.base, r.size = w.base, w.size
			}
			continue
		}
		out = append(out, prow{words: []pword{w}, top: w.top, bot: w.bottom, base: w.base, size: w.size})
	}
	return out
}

// pageLines puts a page's words in reading order as lines, in the columns
// the page's gutters gs separate (from findGutters, or the document's).
func pageLines(words []pword, page int, bodySize float64, gs []gutter) []pline {
	rs := rows(words)
	for i := range rs {
		rs[i].full = spans(rs[i].words, gs)
	}
	markTopBlock(rs, gs)
	// Column bounds on this page.
	bounds := []float64{math.Inf(-1)}
	for _, g := range gs {
		bounds = append(bounds, (g.x0+g.x1)/2)
	}
	bounds = append(bounds, math.Inf(1))
	colExtent := make([][2]float64, len(bounds)-1)
	for i := range colExtent {
		colExtent[i] = [2]float64{math.Inf(1), math.Inf(-1)}
	}
	for _, r := range rs {
		if r.full {
			continue
		}
		for _, w := range r.words {
			c := column(bounds, w)
			colExtent[c][0] = math.Min(colExtent[c][0], w.x0)
			colExtent[c][1] = math.Max(colExtent[c][1], w.x1)
		}
	}
	var out []pline
	band := 0
	for i := 0; i < len(rs); band++ {
		j := i
		for j < len(rs) && rs[j].full == rs[i].full {
			j++
		}
		if rs[i].full {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, r := range rs[i:j] {
				for _, w := range r.words {
					lo, hi = math.Min(lo, w.x0), math.Max(hi, w.x1)
				}
			}
			for _, r := range rs[i:j] {
				l := makeLine(r.words, page, bodySize)
				l.band, l.full, l.colX0, l.colX1 = band, true, lo, hi
				out = append(out, l)
			}
		} else {
			cols := make([][]pword, len(bounds)-1)
			for _, r := range rs[i:j] {
				for _, w := range r.words {
					c := column(bounds, w)
					cols[c] = append(cols[c], w)
				}
			}
			for c, ws := range cols {
				for _, r := range rows(ws) {
					l := makeLine(r.words, page, bodySize)
					l.band, l.col = band, c
					l.colX0, l.colX1 = colExtent[c][0], colExtent[c][1]
					out = append(out, l)
				}
			}
		}
		i = j
	}
	return attachMarks(out)
}

// spans reports whether a row spans the page's columns: a run of words
// without a wide gap crosses a gutter and reaches well into the columns on
// both sides, or lies largely inside the gutter. A line of one column that
// runs a little into the gutter (a caption wider than its column) does not
// span.
func spans(ws []pword, gs []gutter) bool {
	if len(gs) == 0 {
		return false
	}
	var sorted []pword
	for _, w := range ws {
		if !w.marker { // a footnote mark sits against its word, wherever that is
			sorted = append(sorted, w)
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].x0 < sorted[j].x0 })
	// Word gaps are narrower than a gutter: a gap as wide ends the run
	// (the lines of two columns on one baseline are two runs).
	narrowest := math.Inf(1)
	for _, g := range gs {
		narrowest = math.Min(narrowest, g.x1-g.x0)
	}
	near := func(a, b pword) bool {
		gap := b.x0 - a.x1
		return gap < 1.5*math.Max(a.size, b.size) && gap < 0.7*narrowest
	}
	for i := 0; i < len(sorted); {
		j, x0, x1, size := i, sorted[i].x0, sorted[i].x1, sorted[i].size
		for j+1 < len(sorted) && near(sorted[j], sorted[j+1]) {
			j++
			x1, size = math.Max(x1, sorted[j].x1), math.Max(size, sorted[j].size)
		}
		i = j + 1
		crossed := 0
		for _, g := range gs {
			if x1 <= g.x0+0.5 || x0 >= g.x1-0.5 {
				continue // the run does not reach into this gutter
			}
			crossed++
			// A run reaching well into the columns on both sides spans
			// them; so does a short centred line (a page number, a date)
			// that sits largely in the gutter.
			left, right := g.x0-x0, x1-g.x1
			inside := math.Min(x1, g.x1) - math.Max(x0, g.x0)
			if math.Min(left, right) > 0.2*(x1-x0) || inside >= 0.3*(x1-x0) {
				return true
			}
			// A run that bridges the whole gutter with word spaces, and
			// goes on past it by a word, spans however short that part is
			// (a wide title whose last word ends just over the gutter):
			// the line of one column that a caption or heading is ends
			// before the next column's text.
			if math.Min(left, right) > 2*size {
				return true
			}
		}
		if crossed >= 2 {
			return true
		}
	}
	return false
}

// markTopBlock makes full-width the centred rows at the top of a page that
// stand above the text of every other column: a title block whose lines are
// too narrow to cross a gutter (a centred author line over the middle of
// three columns).
func markTopBlock(rs []prow, gs []gutter) {
	if len(gs) == 0 {
		return
	}
	bounds := []float64{math.Inf(-1)}
	for _, g := range gs {
		bounds = append(bounds, (g.x0+g.x1)/2)
	}
	bounds = append(bounds, math.Inf(1))
	left, right := math.Inf(1), math.Inf(-1)
	colTop := make([]float64, len(bounds)-1)
	for c := range colTop {
		colTop[c] = math.Inf(1)
	}
	for _, r := range rs {
		for _, w := range r.words {
			left, right = math.Min(left, w.x0), math.Max(right, w.x1)
			if !r.full {
				c := column(bounds, w)
				colTop[c] = math.Min(colTop[c], w.top)
			}
		}
	}
	for i, r := range rs {
		if r.full {
			continue
		}
		x0, x1 := math.Inf(1), math.Inf(-1)
		mine := map[int]bool{}
		for _, w := range r.words {
			x0, x1 = math.Min(x0, w.x0), math.Max(x1, w.x1)
			mine[column(bounds, w)] = true
		}
		if len(mine) > 1 || math.Abs((x0+x1)/2-(left+right)/2) > 0.05*(right-left) {
			return
		}
		for c, top := range colTop {
			if !mine[c] && !math.IsInf(top, 1) && r.bot > top-1 {
				return
			}
		}
		rs[i].full = true
	}
}

// attachMarks drops lines that hold only footnote marks (a mark set higher
// than the line it starts), marking the line below in the same column as
// starting with a mark.
func attachMarks(ls []pline) []pline {
	out := ls[:0]
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if len(l.words) == 0 {
			// A mark before the next line's first word starts it (a
			// footnote's number); a mark after a word ends a sentence.
			if n := i + 1; n < len(ls) && ls[n].band == l.band && ls[n].col == l.col && ls[n].top-l.bottom < ls[n].size && l.x1 <= ls[n].x0+0.5*ls[n].size {
				ls[n].marker = true
			}
			continue
		}
		out = append(out, l)
	}
	return out
}

// column returns the index of the column a word's middle falls in.
func column(bounds []float64, w pword) int {
	mid := (w.x0 + w.x1) / 2
	for c := 1; c < len(bounds); c++ {
		if mid < bounds[c] {
			return c - 1
		}
	}
	return len(bounds) - 2
}

// makeLine joins words on one baseline, left to right. Footnote marks are
// left out of the text (a mark at the start is remembered). Where the gap
// between words is wider than a word space could be, a cell boundary is
// recorded, for tables.
func makeLine(ws []pword, page int, bodySize float64) pline {
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].x0 < ws[j].x0 })
	l := pline{page: page, x0: math.Inf(1), x1: math.Inf(-1), top: math.Inf(1), bottom: math.Inf(-1), bold: true}
	// A line's size is its text's: code named in running text is set
	// smaller in a monospaced font to match the text's height, and a line
	// that names much of it is still a line of text, not small print.
	sizes, textSizes := map[float64]int{}, map[float64]int{}
	var b strings.Builder
	var prev *pword
	for i := range ws {
		w := ws[i]
		if w.marker {
			if b.Len() == 0 {
				l.marker = true
			}
			continue
		}
		if prev != nil {
			gap := w.x0 - prev.x1
			size := math.Max(prev.size, w.size)
			// A word space is wider than any kerning: the gap decides, not
			// the spaces PDFium infers, which a kerned pair can fool. A
			// space the file itself draws is one, however narrow the gap
			// the glyphs' boxes leave (an italic letter overhangs it).
			if gap > wordGap*size || w.spaced && gap > -0.5*size {
				b.WriteByte(' ')
			}
			if gap > 1.0*math.Max(size, bodySize*0.8) {
				l.cells = append(l.cells, w.x0)
			}
		}
		b.WriteString(w.text)
		l.words = append(l.words, w)
		l.x0, l.x1 = math.Min(l.x0, w.x0), math.Max(l.x1, w.x1)
		l.top, l.bottom = math.Min(l.top, w.top), math.Max(l.bottom, w.bottom)
		sizes[w.size] += w.chars
		if !w.mono && strings.ContainsFunc(w.text, unicode.IsLetter) {
			textSizes[w.size] += w.chars
		}
		l.bold = l.bold && w.bold
		prev = &ws[i]
	}
	l.text = b.String()
	if justified(l.words) {
		l.cells = nil
	}
	l.size = modeSize(sizes)
	if len(textSizes) > 0 {
		l.size = modeSize(textSizes)
	}
	if len(l.words) > 0 {
		l.base = l.words[0].base
	} else {
		l.bold = false
		for _, w := range ws {
			l.x0, l.x1 = math.Min(l.x0, w.x0), math.Max(l.x1, w.x1)
			l.top, l.bottom = math.Min(l.top, w.top), math.Max(l.bottom, w.bottom)
			l.base = w.base
		}
	}
	return l
}

// hyphenated reports whether the line ends in a hyphen at the line's end.
func (l pline) hyphenated() bool {
	return len(l.words) > 0 && l.words[len(l.words)-1].hyphen
}

// justified reports whether a line's words are set as a justified line of
// prose: words, most of them with lowercase letters, every space between
// them stretched alike. A line of few long words stretched to its column
// leaves gaps as wide as a table's, but a table's cells are not spaced
// alike, their gaps depending on each cell's width.
func justified(ws []pword) bool {
	if len(ws) < 4 {
		return false
	}
	lo, hi, prose := math.Inf(1), math.Inf(-1), 0
	for k, w := range ws {
		if strings.ContainsFunc(w.text, unicode.IsLower) {
			prose++
		}
		if k > 0 {
			gap := w.x0 - ws[k-1].x1
			lo, hi = math.Min(lo, gap), math.Max(hi, gap)
		}
	}
	return 2*prose >= len(ws) && hi-lo <= math.Max(1, 0.04*hi)
}
