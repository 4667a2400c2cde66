package ingest

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/rag/ingest/pdf"
	"reportbot/rag/lexical"
)

// Thresholds of the PDF line classifier, relative to the body text's font
// size (the size most characters have).
const (
	headingSize  = 1.12 // a heading is this much larger than body text, or bold
	titleSize    = 1.15 // the title is the largest line on page 1, at least this large
	smallSize    = 0.95 // footnotes and figure text are smaller than this
	paraGap      = 1.35 // a gap this many line pitches wide starts a paragraph
	maxHeadWords = 16
)

var sectionNumber = regexp.MustCompile(`^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+`)

// pdfLayout is what layoutPDF finds in a PDF.
type pdfLayout struct {
	title, date string
	authors     []string // the title block's byline
	lines       []Line
}

// layoutPDF turns a PDF's characters into classified lines in reading
// order, with a blank line wherever the geometry shows a paragraph break.
func layoutPDF(doc *pdf.Document) pdfLayout {
	var words [][]pword
	sizes := map[float64]int{}
	for _, p := range doc.Pages {
		ws := pageWords(p)
		for _, w := range ws {
			if !w.marker {
				sizes[w.size] += w.chars
			}
		}
		words = append(words, ws)
	}
	markBold(words)
	body := modeSize(sizes)
	if body <= 0 {
		body = 10
	}
	// Columns: each page's gutters, or the document's for a page that
	// shows none of its own but fits them (a short last page).
	gutters := make([][]gutter, len(words))
	for i, ws := range words {
		gutters[i] = findGutters(rows(ws), body)
	}
	common := docGutters(gutters)
	for i, ws := range words {
		if len(gutters[i]) == 0 && fitsPage(rows(ws), common) {
			gutters[i] = common
		}
	}
	var lines []pline
	pageStart := make([]int, len(words)+1)
	for i, ws := range words {
		pageStart[i] = len(lines)
		lines = append(lines, pageLines(ws, i+1, body, gutters[i])...)
	}
	pageStart[len(words)] = len(lines)
	c := classifier{lines: lines, pages: doc.Pages, pageStart: pageStart, body: body}
	c.pitch = c.linePitch()
	c.markFurniture()
	c.markMargins()
	title := c.markTitle()
	if title == "" {
		title = strings.TrimSpace(doc.Title)
	}
	if title != "" {
		c.markTitleHeaders(title)
	}
	if c.date == "" {
		c.date = c.furnitureDate()
	}
	c.markCaptions()
	c.markTables()
	c.markFootnotes()
	c.markHeadings()
	c.markSmall()
	c.markBreaks()
	c.addRotated()
	out := c.output()
	markContents(out)
	return pdfLayout{title: title, date: c.date, authors: c.authors, lines: out}
}

// addRotated adds each page's text set at an angle after the page's other
// lines, kept apart as caption text; a text that recurs on several pages
// (a watermark, a label up the margin) is furniture.
func (c *classifier) addRotated() {
	texts := make([][]string, len(c.pages))
	count, any := map[string]int{}, false
	for p, pg := range c.pages {
		texts[p] = rotatedTexts(pg)
		seen := map[string]bool{}
		for _, t := range texts[p] {
			if k := furnitureKey(t); !seen[k] {
				seen[k] = true
				count[k]++
			}
			any = true
		}
	}
	if !any {
		return
	}
	out := make([]pline, 0, len(c.lines))
	start := make([]int, len(c.pages)+1)
	for p := range c.pages {
		start[p] = len(out)
		out = append(out, c.lines[c.pageStart[p]:c.pageStart[p+1]]...)
		for _, t := range texts[p] {
			kind := Caption
			if count[furnitureKey(t)] >= 2 {
				kind = Furniture
			}
			out = append(out, pline{text: t, page: p + 1, kind: kind, breakBefore: true})
		}
	}
	start[len(c.pages)] = len(out)
	c.lines, c.pageStart = out, start
}

type classifier struct {
	lines     []pline
	pages     []pdf.Page
	pageStart []int // index of each page's first line
	body      float64
	pitch     float64 // typical distance between baselines of body lines
	date      string
	authors   []string
}

// sameColumn reports whether lines i and j are in one column of one band of
// one page.
func (c *classifier) sameColumn(i, j int) bool {
	a, b := c.lines[i], c.lines[j]
	return a.page == b.page && a.band == b.band && a.col == b.col && a.full == b.full
}

// linePitch is the median distance between the baselines of consecutive
// body-size lines of a column.
func (c *classifier) linePitch() float64 {
	var d []float64
	for i := 1; i < len(c.lines); i++ {
		a, b := c.lines[i-1], c.lines[i]
		if c.sameColumn(i-1, i) && math.Abs(a.size-c.body) < 0.5 && math.Abs(b.size-c.body) < 0.5 {
			if g := b.base - a.base; g > 0.8*c.body && g < 3*c.body {
				d = append(d, g)
			}
		}
	}
	if len(d) == 0 {
		return 1.2 * c.body
	}
	sort.Float64s(d)
	return d[len(d)/2]
}

// edgeLines returns, for a page, the indexes of its lines ordered from the
// top edge inwards and from the bottom edge inwards, at most three of each,
// with each line's distance to the next line inwards.
func (c *classifier) edgeLines(page int) (top, bottom []int, gap map[int]float64) {
	idx := make([]int, 0, c.pageStart[page+1]-c.pageStart[page])
	for i := c.pageStart[page]; i < c.pageStart[page+1]; i++ {
		idx = append(idx, i)
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.lines[idx[a]].top < c.lines[idx[b]].top })
	// The distance inwards is to the next line below (or above) it, not
	// to a line beside it on the same row (the other half of a running
	// header split by the gutter).
	level := func(a, b pline) bool { return a.top < b.bottom && b.top < a.bottom }
	gap = map[int]float64{}
	for k := 0; k < len(idx) && k < 3; k++ {
		top = append(top, idx[k])
		gap[idx[k]] = math.Inf(1)
		for j := k + 1; j < len(idx); j++ {
			if a, b := c.lines[idx[k]], c.lines[idx[j]]; !level(a, b) {
				gap[idx[k]] = b.top - a.bottom
				break
			}
		}
	}
	for k := len(idx) - 1; k >= 0 && k >= len(idx)-3; k-- {
		bottom = append(bottom, idx[k])
		g := math.Inf(1)
		for j := k - 1; j >= 0; j-- {
			if a, b := c.lines[idx[k]], c.lines[idx[j]]; !level(a, b) {
				g = a.top - b.bottom
				break
			}
		}
		if old, ok := gap[idx[k]]; !ok || g < old {
			gap[idx[k]] = g
		}
	}
	return top, bottom, gap
}

// furnitureKey is how a running header or footer repeats from page to
// page: its words, lowercase, with its numbers (a page's) as "#".
func furnitureKey(t string) string {
	return strings.ToLower(digits.ReplaceAllString(strings.Join(strings.Fields(t), " "), "#"))
}

// markFurniture marks running headers and footers: lines at a page's top or
// bottom edge that are page numbers, that recur at the same place on other
// pages (digits aside), or that are short and carry the page's number. A
// line inside the edge is considered only once the lines outside it are
// furniture, so a heading at the top of a column is never taken.
func (c *classifier) markFurniture() {
	type spot struct {
		page    int
		y, size float64
	}
	edges := make([][2][]int, len(c.pages))
	gaps := make([]map[int]float64, len(c.pages))
	count := map[string][]spot{}
	for p := range c.pages {
		top, bottom, gap := c.edgeLines(p)
		edges[p], gaps[p] = [2][]int{top, bottom}, gap
		for _, side := range edges[p] {
			for k, i := range side {
				if k >= 3 {
					break
				}
				l := c.lines[i]
				// A header's parts, set apart across the page, count
				// on their own too: the gutter splits them into two
				// lines on a page of two columns, not on a page of one.
				keys := []string{furnitureKey(l.text)}
				if parts := lineParts(l); len(parts) > 1 {
					keys = append(keys, parts...)
				}
				for _, key := range keys {
					if n := len(count[key]); n == 0 || count[key][n-1].page != p {
						count[key] = append(count[key], spot{p, l.top, l.size})
					}
				}
			}
		}
	}
	// A running header repeats in the same place at the same size: the
	// title on page 1, set large, is not the header that repeats it small
	// on the pages after.
	recurs := func(l pline, key string) bool {
		n := 0
		for _, s := range count[key] {
			if math.Abs(s.y-l.top) < 0.03*c.pages[l.page-1].Height && math.Abs(s.size-l.size) <= 0.1*l.size {
				n++
			}
		}
		return n >= 2 // on two pages at least
	}
	repeated := func(l pline) bool {
		if recurs(l, furnitureKey(l.text)) {
			return true
		}
		parts := lineParts(l)
		for _, k := range parts {
			if !recurs(l, k) {
				return false
			}
		}
		return len(parts) > 1
	}
	for p := range c.pages {
		for _, side := range edges[p] {
			blocked := -1 // the line that is not furniture, once one is found
			for _, i := range side {
				l := &c.lines[i]
				if blocked >= 0 {
					// Past text, only a line beside it on the same row
					// (the other half of a header the gutter splits).
					if b := c.lines[blocked]; !(l.top < b.bottom && b.top < l.bottom) {
						break
					}
				}
				words := len(strings.Fields(l.text))
				apart := gaps[p][i] > 0.8*c.pitch // set off from the text
				isFurniture := l.text == "" || apart && pageNumber.MatchString(strings.TrimSpace(l.text)) ||
					(repeated(*l) && words <= 20) ||
					(apart && words <= 10 && hasToken(l.text, strconv.Itoa(p+1)) && l.size <= c.body*1.05)
				if !isFurniture {
					if blocked < 0 {
						blocked = i
					}
					continue
				}
				l.kind = Furniture
			}
		}
	}
}

// lineParts returns the furniture keys of a line's parts: its runs of
// words set apart by gaps wider than three ems, as a running header's left
// and right halves are.
func lineParts(l pline) []string {
	var parts []string
	start := 0
	for k := 1; k <= len(l.words); k++ {
		if k == len(l.words) || l.words[k].x0-l.words[k-1].x1 > 3*math.Max(l.words[k].size, l.words[k-1].size) {
			var ws []string
			for _, w := range l.words[start:k] {
				ws = append(ws, w.text)
			}
			parts = append(parts, furnitureKey(strings.Join(ws, " ")))
			start = k
		}
	}
	return parts
}

// furnitureDate returns the date a running header or footer gives on two
// pages or more (ms puts the date in the middle of the foot), or "".
func (c *classifier) furnitureDate() string {
	pages := map[string]map[int]bool{}
	var order []string
	for _, l := range c.lines {
		if l.kind != Furniture {
			continue
		}
		for _, m := range anyDate.FindAllStringSubmatch(l.text, -1) {
			d := strings.Join(strings.Fields(m[1]), " ")
			if pages[d] == nil {
				pages[d] = map[int]bool{}
				order = append(order, d)
			}
			pages[d][l.page] = true
		}
	}
	for _, d := range order {
		if len(pages[d]) >= 2 {
			return d
		}
	}
	return ""
}

// markMargins marks a line that sits alone in a page's top or bottom
// margin, beyond the text of every other page: a running header or footer
// that appears once (on page 2 of a two-page report, say). It must be set
// off from the page's text and not be larger or bolder than the body.
func (c *classifier) markMargins() {
	if len(c.pages) < 2 {
		return
	}
	type edge struct{ first, last int }
	edges := make([]edge, len(c.pages))
	for p := range c.pages {
		edges[p] = edge{-1, -1}
		for i := c.pageStart[p]; i < c.pageStart[p+1]; i++ {
			if c.lines[i].kind == Furniture {
				continue
			}
			if e := &edges[p]; e.first < 0 || c.lines[i].top < c.lines[e.first].top {
				e.first = i
			}
			if e := &edges[p]; e.last < 0 || c.lines[i].bottom > c.lines[e.last].bottom {
				e.last = i
			}
		}
	}
	plain := func(l pline) bool {
		return l.size <= c.body*1.02 && !l.bold && len(strings.Fields(l.text)) <= 12 && !endsSentence(l.text)
	}
	for p := range c.pages {
		e := edges[p]
		if e.first < 0 {
			continue
		}
		above, below := math.Inf(1), math.Inf(-1)
		for q := range c.pages {
			if q != p && edges[q].first >= 0 {
				above = math.Min(above, c.lines[edges[q].first].top)
				below = math.Max(below, c.lines[edges[q].last].bottom)
			}
		}
		for _, i := range []int{e.first, e.last} {
			l := &c.lines[i]
			// The nearest other line of the page.
			near := math.Inf(1)
			for j := c.pageStart[p]; j < c.pageStart[p+1]; j++ {
				if j != i && c.lines[j].kind != Furniture {
					near = math.Min(near, math.Max(c.lines[j].top-l.bottom, l.top-c.lines[j].bottom))
				}
			}
			if !plain(*l) || near < 1.5*c.pitch {
				continue
			}
			if i == e.first && l.bottom < above-0.5*c.pitch || i == e.last && l.top > below+0.5*c.pitch {
				l.kind = Furniture
			}
		}
	}
}

func hasToken(t, tok string) bool {
	for _, f := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if f == tok {
			return true
		}
	}
	return false
}

// markTitle finds the title: the largest lines in the top half of page 1,
// set clearly larger than the body. The short lines right below it in the
// same band (author, affiliation, date) stay text, but a date line is Meta
// and sets the date, and the first name among them is the byline
// (c.authors). It returns the title, or "".
func (c *classifier) markTitle() string {
	if len(c.pages) == 0 {
		return ""
	}
	best := 0.0
	h := c.pages[0].Height
	for i := c.pageStart[0]; i < c.pageStart[1]; i++ {
		l := c.lines[i]
		if l.kind == Body && l.size >= titleSize*c.body && (h == 0 || l.top < h/2) && l.size > best && utf8.RuneCountInString(l.text) > 2 {
			best = l.size
		}
	}
	if best == 0 {
		return ""
	}
	var parts []string
	first, last := -1, -1
	for i := c.pageStart[0]; i < c.pageStart[1]; i++ {
		l := &c.lines[i]
		if l.kind != Body {
			continue
		}
		if last < 0 {
			if math.Abs(l.size-best) < 0.5 {
				parts = append(parts, l.text)
				l.kind = Meta
				first, last = i, i
			}
			continue
		}
		if math.Abs(l.size-best) < 0.5 && l.top-c.lines[last].bottom < l.size {
			parts = append(parts, l.text)
			l.kind = Meta
			last = i
			continue
		}
		break
	}
	title := strings.Join(parts, " ")
	// Author, affiliation and date lines under the title: short lines of
	// the same band (or the first column's right under a title across the
	// columns), before any heading or paragraph. They are content (who
	// wrote the document, where) and stay in the text; only a date line is
	// taken out, as the document's date. The first that reads as a name is
	// the byline.
	for i, n, prev := last+1, 0, last; i < c.pageStart[1] && n < 6; i++ {
		l := &c.lines[i]
		if l.kind != Body {
			continue
		}
		// A line that ends a sentence starts the text, unless it is
		// centred under the title as the block's lines are ("©
		// Copyright 1995, The Team." over "All rights reserved.").
		if l.band != c.lines[prev].band && !c.rightUnder(i, prev) || len(strings.Fields(l.text)) > 14 || endsSentence(l.text) && !dateLine.MatchString(l.text) && !c.centredUnder(i, last) {
			break
		}
		prev = i
		if l.bold && !c.centredUnder(i, last) {
			break // a heading: the document's text starts here
		}
		if !l.full && fillsColumn(*l) {
			break // a paragraph's line, wrapped at the column's edges
		}
		l.titleBlock = true
		n++
		d := dateIn(l.text)
		if d == "" && monthYear.MatchString(strings.TrimSpace(l.text)) {
			// Alone under a title, a month and year are its date.
			d = strings.TrimSpace(l.text)
		}
		if d != "" {
			if c.date == "" {
				c.date = d
			}
			if !eventDate.MatchString(l.text) {
				l.kind = Meta
			}
			continue
		}
		// A subtitle that ends with the date ("for version 4.19.0,
		// 18 August 2022") dates the document, and stays text.
		if m := endDate.FindStringSubmatch(l.text); m != nil && c.date == "" {
			c.date = m[1]
		}
		// Every author of a block of several (each over an
		// affiliation) is one; a line naming a place of work after
		// the first is an affiliation, not an author.
		if len(c.authors) > 0 && affiliation.MatchString(l.text) {
			continue
		}
		next := ""
		if i+1 < c.pageStart[1] && c.lines[i+1].band == l.band {
			next = c.lines[i+1].text
		}
		if name := bylineName(l.text, next); name != "" {
			c.authors = append(c.authors, name)
		}
	}
	c.markAboveTitle(first)
	c.markTitlePageAuthors(last)
	return title
}

// rightUnder reports whether line i, the first of its band, opens the
// first column right under line p of a band across the page: a line's
// height away at most.
func (c *classifier) rightUnder(i, p int) bool {
	l, a := c.lines[i], c.lines[p]
	return a.full && !l.full && l.col == 0 && l.page == a.page && i > 0 && c.lines[i-1].band != l.band &&
		l.top-a.bottom < 1.5*math.Max(a.size, l.size)
}

// markAboveTitle reads the few short lines set just above the title (line
// t) on page 1, as a brief's "Updated May 18, 2021" or a series name is:
// a date line dates the document (unless the title block under the title
// did), and the others are the title block's text, each a paragraph of its
// own in its place, not small print.
func (c *classifier) markAboveTitle(t int) {
	for i, n := t-1, 0; i >= c.pageStart[0] && n < 3; i-- {
		l := &c.lines[i]
		if l.kind == Furniture || l.text == "" {
			continue
		}
		if l.kind != Body || t-i > 6 || c.lines[t].top-l.bottom > 4*c.lines[t].size ||
			len(strings.Fields(l.text)) > 14 || endsSentence(l.text) && !dateLine.MatchString(l.text) {
			return
		}
		n++
		l.titleBlock = true
		if d := dateIn(l.text); d != "" && c.date == "" {
			c.date, l.kind = d, Meta
		}
	}
}

// monthYear is a month and a year: "November 2010".
var monthYear = regexp.MustCompile(`^(?i)` + month + `\s+\d{4}$`)

// titleAddress is an address after an author's name on a title page:
// "(help@example.org)", "<a@b.org>".
var titleAddress = regexp.MustCompile(`\s*(?:\([^()]*@[^()]*\)|<[^<>]*@[^<>]*>)$`)

// markTitlePageAuthors finds the authors of a title page: page 1 holding
// the title and nothing but short lines that end no sentence (a manual's
// title page, its authors at the foot). The lines after the title block
// (line last) that are only names, perhaps with an address, are its
// authors, and are no headings.
func (c *classifier) markTitlePageAuthors(last int) {
	if last < 0 || len(c.authors) > 0 || len(c.pages) < 2 {
		return
	}
	var at []int
	var names []string
	for i := last + 1; i < c.pageStart[1]; i++ {
		l := c.lines[i]
		if l.kind == Furniture || l.titleBlock || l.text == "" {
			continue
		}
		if len(strings.Fields(l.text)) > 10 || endsSentence(l.text) {
			return // a page of text, not a title page
		}
		if m := nameLine.FindStringSubmatch(titleAddress.ReplaceAllString(strings.TrimSpace(l.text), "")); m != nil {
			at, names = append(at, i), append(names, m[1])
		}
	}
	for _, i := range at {
		c.lines[i].titleBlock = true
	}
	c.authors = append(c.authors, names...)
}

// centredUnder reports whether line i is centred under line t on the
// page, as a title block's subtitle and authors are under its title, and
// not set at the left of its column, as a heading is.
func (c *classifier) centredUnder(i, t int) bool {
	l, title := c.lines[i], c.lines[t]
	w := c.pages[l.page-1].Width
	indent := l.x0 - l.colX0
	return w > 0 && math.Abs((l.x0+l.x1)/2-(title.x0+title.x1)/2) < 0.03*w && indent > 0.05*w
}

// nameLine is a line that is only a name: two to six capitalised words or
// initials ("Eric P. Allman", "Debian Project"), perhaps with a footnote
// mark after it.
var nameLine = regexp.MustCompile(`^((?:[\p{Lu}][\p{L}'’\-]+|[\p{Lu}]\.)(?: (?:[\p{Lu}][\p{L}'’\-]+|[\p{Lu}]\.|de|van|von|da|di|del|le|la|bin)){1,5})([*†‡§¹²³\d]*)$`)

var (
	// preparedBy is a byline with its verb: "Prepared by the Analysis Unit",
	// "Updated for X.Org by Keith Packard,".
	preparedBy = regexp.MustCompile(`^(?i:(?:prepared|written|compiled|edited|updated|revised|maintained)(?: for [^,]{1,40}?)? by) (\S.{2,80})$`)
	// nameList is a line of names: "Kevin E. Martin, and Alan Coopersmith".
	nameList = regexp.MustCompile(`^(?:(?:and )?[\p{Lu}][\p{L}.'’\-]*(?: [\p{Lu}][\p{L}.'’\-]*){0,3},? )*(?:and )?[\p{Lu}][\p{L}.'’\-]*(?: [\p{Lu}][\p{L}.'’\-]*){0,3}$`)
	// initial is a name's initial: "P." in "Eric P. Allman".
	initial = regexp.MustCompile(`(?:^| )\p{Lu}\.(?: |$)`)
	// affiliation is a line naming where an author works, or how to
	// reach them.
	affiliation = regexp.MustCompile(`(?i)\b(?:universit|laborator|institut|college|school|department|faculty|inc\b|ltd\b|corporation|company|foundation|project|centre|center|authority|agency|ministry|office of)|\S@\S+\.\S|^\S+ (?:at|\[at\]|\(at\)) \S+\.\S+$`)
	// orgName ends the name of a group that writes documents.
	orgName = regexp.MustCompile(`\b(?:Project|Team|Foundation|Group|Institute|Society|Association|Committee|Consortium|Working Group|Authors|Developers|Contributors)$`)
)

// bylineName returns the author a title block's line names, or "": a
// "By ..." line, or a line that is only a name and reads as a person's
// or a group's (an initial, a footnote mark pointing to an address, an
// affiliation or email on the next line, a group's name).
func bylineName(t, next string) string {
	t = strings.TrimSpace(t)
	if m := byline.FindStringSubmatch(t); m != nil {
		return m[1]
	}
	if m := preparedBy.FindStringSubmatch(t); m != nil {
		name := m[1]
		// A list of names run on to the next line: "Keith Packard," over
		// "Kevin E. Martin, and Alan Coopersmith".
		if strings.HasSuffix(name, ",") && nameList.MatchString(strings.TrimSpace(next)) {
			name += " " + strings.TrimSpace(next)
		}
		return strings.TrimSuffix(strings.TrimSuffix(name, "."), ",")
	}
	m := nameLine.FindStringSubmatch(t)
	if m == nil {
		return ""
	}
	if m[2] != "" || initial.MatchString(m[1]) || orgName.MatchString(m[1]) || next != "" && affiliation.MatchString(next) {
		return m[1]
	}
	return ""
}

// markTitleHeaders marks as running headers the edge lines that repeat the
// title or its start.
func (c *classifier) markTitleHeaders(title string) {
	t := strings.ToLower(strings.Join(strings.Fields(title), " "))
	for p := range c.pages {
		top, bottom, _ := c.edgeLines(p)
		for _, side := range [][]int{top, bottom} {
			for _, i := range side {
				l := &c.lines[i]
				if l.kind == Furniture {
					continue
				}
				s := strings.ToLower(strings.Join(strings.Fields(l.text), " "))
				if l.kind == Body && len(strings.Fields(s)) >= 2 && strings.HasPrefix(t, s) && l.size <= c.body*1.05 {
					if r, _ := utf8.DecodeRuneInString(t[len(s):]); len(s) == len(t) || strings.ContainsRune(":—–-,( ", r) {
						l.kind = Furniture
					}
				}
				break
			}
		}
	}
}

// markCaptions marks figure and table captions and the lines that carry
// them on: same column, same size and style, no paragraph gap.
func (c *classifier) markCaptions() {
	for i := 0; i < len(c.lines); i++ {
		l := &c.lines[i]
		if l.kind != Body || !captionLine.MatchString(l.text) || c.continues(i) {
			continue
		}
		l.kind = Caption
		for j := i + 1; j < len(c.lines) && c.sameColumn(j-1, j); j++ {
			n, p := &c.lines[j], c.lines[j-1]
			if n.kind != Body || math.Abs(n.size-l.size) > 0.5 || n.bold != l.bold || n.base-p.base > 1.3*math.Max(p.size, n.size)*1.2 || captionLine.MatchString(n.text) {
				break
			}
			if len(n.words) > 0 && len(l.words) > 0 && n.words[0].italic != l.words[0].italic {
				break
			}
			// A caption ends with a short line that ends a sentence (a
			// centred one-line caption): the paragraph under it is text.
			if p.x1 < p.colX1-3*c.body && endsSentence(p.text) {
				break
			}
			n.kind = Caption
			i = j
		}
	}
}

// continues reports whether line i goes on with the sentence of the line
// above it: a line of the same column right above, filling the column and
// ending no sentence ("… via X.25/X.75 gateways. (Interesting" + "note:
// Tymnet was not named …"). A caption's label never starts such a line.
func (c *classifier) continues(i int) bool {
	if i == 0 || !c.sameColumn(i-1, i) {
		return false
	}
	p, l := c.lines[i-1], c.lines[i]
	return p.kind == Body && l.base-p.base < 1.3*c.pitch && fillsColumn(p) && !endsSentence(p.text)
}

// markTables finds tables: runs of lines of one column whose words fall into
// cells that line up from row to row. A caption right above or below joins
// the table.
func (c *classifier) markTables() {
	for i := 0; i < len(c.lines); {
		if len(c.lines[i].cells) == 0 || c.lines[i].kind != Body {
			i++
			continue
		}
		// Grow a run of rows with cells, allowing lines without cells in
		// between (a cell's text wrapped onto a line of its own).
		j, last, rowsWithCells := i+1, i, 1
		for j < len(c.lines) && c.sameColumn(j-1, j) && c.lines[j].kind == Body && c.lines[j].base-c.lines[j-1].base < 2.5*math.Max(c.lines[j].size, c.body) {
			if len(c.lines[j].cells) > 0 {
				if !aligned(c.lines[last], c.lines[j]) {
					break
				}
				last, rowsWithCells = j, rowsWithCells+1
			}
			j++
		}
		if rowsWithCells < 3 || !shortCells(c.lines[i:last+1]) {
			i++
			continue
		}
		for k := i; k <= last; k++ {
			c.lines[k].kind = Table
		}
		c.alignCells(i, last)
		// A caption just above or below belongs to the table.
		if k := i - 1; k >= 0 && c.sameColumnOrNear(k, i) && c.lines[k].kind == Caption {
			for ; k >= 0 && c.lines[k].kind == Caption && c.sameColumnOrNear(k, i); k-- {
				c.lines[k].kind = Table
			}
		} else if k := last + 1; k < len(c.lines) && c.sameColumnOrNear(last, k) && c.lines[k].kind == Caption {
			for ; k < len(c.lines) && c.lines[k].kind == Caption; k++ {
				c.lines[k].kind = Table
			}
		}
		i = last + 1
	}
}

// alignCells gives every row of the table in lines[i:last+1] the cell
// boundaries of its columns: a word that starts where a column of the
// table starts opens a cell, even when the gap before it is narrow (a long
// cell nearly touching the next).
func (c *classifier) alignCells(i, last int) {
	var starts []float64
	for k := i; k <= last; k++ {
		for _, x := range c.lines[k].cells {
			known := false
			for _, s := range starts {
				known = known || math.Abs(s-x) < 2.5
			}
			if !known {
				starts = append(starts, x)
			}
		}
	}
	for k := i; k <= last; k++ {
		l := &c.lines[k]
		l.cells = l.cells[:0]
		for n, w := range l.words {
			for _, s := range starts {
				if n > 0 && math.Abs(w.x0-s) < 2.5 && w.x0-l.words[n-1].x1 > 0.15*w.size {
					l.cells = append(l.cells, w.x0)
					break
				}
			}
		}
	}
}

// shortCells reports whether table rows hold short cells, as tables do, not
// runs of prose (the lines of two columns read as one).
func shortCells(rows []pline) bool {
	cells, words := 0, 0
	for _, r := range rows {
		cells += len(r.cells) + 1
		words += len(r.words)
	}
	return cells > 0 && float64(words)/float64(cells) <= 5
}

// sameColumnOrNear reports whether lines i and j are in one column, or on
// one page within a few lines of each other (a caption centred over a table
// may span a gutter the table does not).
func (c *classifier) sameColumnOrNear(i, j int) bool {
	a, b := c.lines[i], c.lines[j]
	if c.sameColumn(i, j) {
		return math.Abs(b.top-a.bottom) < 3*c.pitch
	}
	return a.page == b.page && math.Abs(b.top-a.bottom) < 3*c.pitch && a.x1 > b.x0 && b.x1 > a.x0
}

// aligned reports whether two table rows share a cell edge.
func aligned(a, b pline) bool {
	for _, x := range a.cells {
		for _, y := range b.cells {
			if math.Abs(x-y) < 2.5 {
				return true
			}
		}
	}
	// Right-aligned cells: the words before the boundaries end together.
	ends := func(l pline) []float64 {
		var e []float64
		for k := 1; k < len(l.words); k++ {
			for _, x := range l.cells {
				if l.words[k].x0 == x {
					e = append(e, l.words[k-1].x1)
				}
			}
		}
		return e
	}
	for _, x := range ends(a) {
		for _, y := range ends(b) {
			if math.Abs(x-y) < 2.5 {
				return true
			}
		}
	}
	return false
}

// markFootnotes marks small lines at the bottom of a column, below its last
// line of body text, as footnotes.
func (c *classifier) markFootnotes() {
	for i := len(c.lines) - 1; i >= 0; i-- {
		l := c.lines[i]
		if l.kind != Body || l.size >= smallSize*c.body {
			continue
		}
		// The run of small lines ending here must end the column (only
		// furniture after it) ...
		end := i + 1
		for end < len(c.lines) && c.sameColumn(i, end) && c.lines[end].kind == Furniture {
			end++
		}
		if end < len(c.lines) && c.sameColumn(i, end) {
			continue
		}
		start := i
		for start > 0 && c.sameColumn(start-1, i) && c.lines[start-1].kind == Body && c.lines[start-1].size < smallSize*c.body {
			start--
		}
		// ... sit below text of body size, in the lower part of the page,
		// and start with a mark or a number.
		h := c.pages[l.page-1].Height
		first := c.lines[start]
		if start == 0 || !c.sameColumn(start-1, start) || (h > 0 && first.top < 0.4*h) {
			continue
		}
		if !first.marker && !startsWithNumber(first.text) {
			continue
		}
		for k := start; k <= i; k++ {
			c.lines[k].kind = Footnote
			if k > start && (c.lines[k].marker || startsWithNumber(c.lines[k].text) && c.lines[k].x0 < first.x0+1) {
				c.lines[k].breakBefore = true
			}
		}
		i = start
	}
}

func startsWithNumber(t string) bool {
	f := strings.Fields(t)
	if len(f) < 2 {
		return false
	}
	n := strings.TrimRight(f[0], ".)")
	_, err := strconv.Atoi(n)
	return err == nil && len(n) <= 3 || n == "*" || n == "†"
}

// markHeadings marks section headings: short lines set larger than the body
// or in bold, shaped like a heading. A heading set on two lines becomes one.
func (c *classifier) markHeadings() {
	for i := 0; i < len(c.lines); i++ {
		l := &c.lines[i]
		// An abstract's label heads it however it is set (ms sets it
		// in italic capitals, centred in the title block).
		if l.kind == Body && strings.EqualFold(strings.TrimSpace(l.text), "abstract") {
			l.kind = Heading
			continue
		}
		if l.kind != Body || l.titleBlock {
			continue
		}
		if !c.headingStyle(*l) {
			// A numbered line all in italic at body size, set apart
			// (mm's default heading style): "1. Scope of the move".
			if italicLine(*l) && sectionNumber.MatchString(l.text) && looksLikePDFHeading(l.text) && !endsSentence(l.text) && c.standsApart(i, i+1) {
				l.kind = Heading
			}
			continue
		}
		text := l.text
		j := i + 1
		for j < len(c.lines) && c.sameColumn(i, j) && c.lines[j].kind == Body && math.Abs(c.lines[j].size-l.size) < 0.5 && c.lines[j].bold == l.bold &&
			c.headingStyle(c.lines[j]) && c.lines[j].top-c.lines[j-1].bottom < 0.8*l.size {
			text += " " + c.lines[j].text
			j++
		}
		if !looksLikePDFHeading(text) && !(isLowerStart(text) && looksLikePDFHeading(capitalise(text)) && c.standsApart(i, j)) {
			continue
		}
		// A bold line that runs on into a paragraph is the paragraph's
		// first line, not a heading. It fills its column and the next
		// line goes on under it: a short line with the next set in under
		// it (a manual's "NAME" over "tidewatch - print tides") stands
		// apart.
		if l.size < headingSize*c.body && j < len(c.lines) && c.sameColumn(i, j) && c.lines[j].kind == Body && !endsHeadingLine(text) && isLowerStart(c.lines[j].text) && c.runsOn(j-1, j) {
			continue
		}
		l.kind, l.text = Heading, text
		for k := i + 1; k < j; k++ {
			c.lines[k].kind = Blank
		}
		i = j - 1
	}
}

// italicLine reports whether every word of a line is italic.
func italicLine(l pline) bool {
	for _, w := range l.words {
		if !w.italic {
			return false
		}
	}
	return len(l.words) > 0
}

// runsOn reports whether line j carries on the text of line i as the next
// line of one paragraph: i fills most of its column and j starts under its
// start, not indented past it.
func (c *classifier) runsOn(i, j int) bool {
	a, b := c.lines[i], c.lines[j]
	return a.x1 > a.colX0+0.6*(a.colX1-a.colX0) && b.x0 < a.x0+c.body
}

// standsApart reports whether lines[i:j] are set apart as a heading is,
// whatever their case (a house style of lowercase headings): set off by a
// wider gap from a line above that ends a sentence, and followed in the
// column by a line that starts one.
func (c *classifier) standsApart(i, j int) bool {
	if j >= len(c.lines) || !c.sameColumn(i, j) || c.lines[j].kind != Body || isLowerStart(c.lines[j].text) {
		return false
	}
	if i == 0 || !c.sameColumn(i-1, i) {
		return true
	}
	p := c.lines[i-1]
	return (p.kind != Body || endsSentence(p.text)) && c.lines[i].base-p.base > paraGap*c.pitch
}

// capitalise returns t with its first letter upper case.
func capitalise(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

func endsHeadingLine(t string) bool {
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == ':' || r == '?'
}

// headingStyle reports whether a line is set like a heading.
func (c *classifier) headingStyle(l pline) bool {
	if l.size >= headingSize*c.body && l.size < 4*c.body {
		return true
	}
	return l.bold && l.size >= smallSize*c.body
}

// looksLikePDFHeading reports whether text has a heading's shape: a short
// phrase that starts with a capital or a section number and does not end
// like a sentence or a clause.
func looksLikePDFHeading(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > maxHeadWords || utf8.RuneCountInString(t) > 140 || captionLine.MatchString(t) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first)) || strings.ContainsRune(",;-–—(", last) {
		return false
	}
	if last == '.' && !sectionNumber.MatchString(t+" ") {
		return false
	}
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// markSmall keeps small text that is neither a footnote nor part of a
// table (labels inside a figure, a sidebar) apart from the body: it becomes
// caption text.
func (c *classifier) markSmall() {
	for i := range c.lines {
		l := &c.lines[i]
		if l.kind == Body && l.size < smallSize*c.body && !l.titleBlock {
			l.kind = Caption
		}
	}
}

// markBreaks marks where paragraphs start: after a wide gap, at an indented
// line under a flush one, or after a short line that ends a sentence.
func (c *classifier) markBreaks() {
	prev := -1
	for i := range c.lines {
		l := &c.lines[i]
		if l.kind != Body {
			if l.kind == Heading {
				prev = -1
			}
			continue
		}
		if prev < 0 {
			prev = i
			continue
		}
		p := c.lines[prev]
		indent := func(x pline) float64 { return x.x0 - x.colX0 }
		short := p.x1 < p.colX1-3*c.body && endsSentence(p.text)
		switch {
		case c.sameColumn(prev, i) && prev == i-1:
			if l.base-p.base > paraGap*c.pitch || indent(*l) > 0.8*c.body && indent(p) < 0.5*c.body && endsSentence(p.text) || short {
				l.breakBefore = true
			}
		default:
			// A new column, page or band: the paragraph goes on unless
			// the new line is indented or the old one ended short.
			if indent(*l) > 0.8*c.body && endsSentence(p.text) || short {
				l.breakBefore = true
			}
		}
		prev = i
	}
}

// output renders the classified lines for the paragraph stage: a blank line
// before each new paragraph and between footnotes, and the hyphens at line
// ends resolved.
func (c *classifier) output() []Line {
	// The document's words, leaving out both halves of every word broken
	// at a line's end.
	vocab := map[string]bool{}
	broken := false
	for _, l := range c.lines {
		if l.kind != Body && l.kind != Footnote && l.kind != Caption {
			continue
		}
		words := strings.FieldsFunc(l.text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
		for k, w := range words {
			if k == len(words)-1 && l.hyphenated() || k == 0 && broken {
				continue
			}
			vocab[strings.ToLower(w)] = true
		}
		broken = l.hyphenated()
		addNames(vocab, l.text)
	}
	out := make([]Line, 0, len(c.lines))
	for i, l := range c.lines {
		if l.kind == Blank {
			continue
		}
		text := l.text
		if l.kind == Table {
			text = tableRow(l)
		}
		if l.hyphenated() && strings.HasSuffix(text, "-") && i+1 < len(c.lines) {
			if next := c.nextOfKind(i); next >= 0 && softBreak(text, c.lines[next].text, vocab) {
				text = strings.TrimSuffix(text, "-") + string(softHyphen)
			}
		}
		if l.breakBefore {
			out = append(out, Line{Page: l.page, Kind: Blank})
		}
		// Each line of a title block (an author, an affiliation) is a
		// paragraph of its own.
		out = append(out, Line{Text: text, Page: l.page, Kind: l.kind, Apart: l.titleBlock && l.kind == Body})
	}
	return out
}

// nextOfKind returns the next line of the same kind as line i, or -1.
func (c *classifier) nextOfKind(i int) int {
	for j := i + 1; j < len(c.lines); j++ {
		if c.lines[j].kind == c.lines[i].kind {
			return j
		}
		if c.lines[j].kind == Heading {
			return -1
		}
	}
	return -1
}

// softBreak decides whether a hyphen at a line's end only breaks a word
// ("govern-" + "ment") rather than joining a compound ("low-" + "income").
// The document's own spelling decides first (the compound written with its
// hyphen elsewhere, or the word written whole), then the English
// dictionary: a whole word is a broken one, two words are a compound.
// A capitalised part before the break, inside a sentence, that the
// document never writes alone is a broken name ("Nor-" + "way", "Liver-" +
// "pool"), whatever English makes of its pieces; one it does write
// ("French-" + "speaking") is judged as any other.
// Anything else (names, technical terms) is taken as broken, as
// typesetters break far more words than compounds. A part after the break
// that starts with a capital or a digit ("U.S.-" + "China") is joined only
// to make a word the document writes whole ("AUST-" + "PAC", AUSTPAC;
// "Vendor-" + "Release" of a text that names VendorRelease).
// vocab is the document's words, lowercase, and its names (see addNames).
func softBreak(line, next string, vocab map[string]bool) bool {
	before := strings.TrimSuffix(line, "-")
	written := trailingLetters([]byte(before))
	head := strings.ToLower(written)
	tail := leadingLetters(next)
	// A typesetter leaves two letters at least on the next line.
	if head == "" || utf8.RuneCountInString(tail) < 2 {
		return false
	}
	upper := !isLowerStart(tail)
	tail = strings.ToLower(tail)
	if upper {
		// "AUST-" + "PAC" of a document that writes AUSTPAC.
		return vocab[head+tail] && !vocab[head+"-"+tail]
	}
	switch {
	case vocab[head+"-"+tail]:
		return false
	case vocab[head+tail], lexical.IsEnglish(head + tail), suffixes[tail]:
		return true // "mi-" + "nor amendments" too
	case suspendedHyphen(next):
		return false
	case written != head && !vocab[written] && !sentenceStart(before[:len(before)-len(written)]):
		return true
	case (vocab[head] || lexical.IsEnglish(head)) && (vocab[tail] || lexical.IsEnglish(tail)):
		return false
	}
	return true
}

// suffixes are words that mostly end other words ("afford-" + "ability"):
// after a break they make a broken word, not a compound.
var suffixes = map[string]bool{"ability": true, "abilities": true, "able": true, "ably": true, "ally": true,
	"ion": true, "ions": true, "ism": true, "isms": true, "ist": true, "ists": true, "ity": true, "ities": true}

// tableRow renders a table row with " | " between its cells.
func tableRow(l pline) string {
	if len(l.cells) == 0 {
		return l.text
	}
	var b strings.Builder
	for k, w := range l.words {
		if k > 0 {
			cell := false
			for _, x := range l.cells {
				if w.x0 == x {
					cell = true
				}
			}
			if cell {
				b.WriteString(" | ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// fillsColumn reports whether a line runs from its column's left edge to
// its right one, as the lines of a paragraph do but a title block's
// author, affiliation and date lines (short, or centred) do not.
func fillsColumn(l pline) bool {
	return l.x0 <= l.colX0+0.5*l.size && l.x1 >= l.colX1-1.5*l.size
}
