package ingest

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads an HTML report into lines and paragraphs: the title from
// <title> (else the first <h1>), the date from a line of its own near the top
// (as plain text shows it), a heading line for each of <h1> to <h6>,
// and a paragraph for each block (<p>, <li>, <div>, <blockquote>, ...) whose
// lines are split where the page breaks them (<br>, and the lines of
// <pre>). A data table becomes one paragraph of rows, its cells apart by
// " | "; a table that lays out a page (one holding tables or headings, or a
// single cell) is read as the blocks it holds. When the page marks its main
// content (<main>), only that is read. Scripts, styles, navigation, page
// headers and footers, sidebars, forms' controls and hidden elements are
// left out, and so are permalink marks and blocks of links to the next
// and previous pages (pruneHTML). Every line is on page 1.
func readHTML(data []byte) (layout, []paragraph, error) {
	text, _ := decodeHTML(data)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return layout{}, nil, fmt.Errorf("read HTML: %w", err)
	}
	pruneHTML(root)
	var r htmlReader
	if main := mainOf(root); main != nil {
		// The page's main content: what is around it (banners, cookie
		// notices, sign-up boxes) is not the report.
		if t := find(root, func(n *html.Node) bool { return n.DataAtom == atom.Title }); t != nil {
			r.walk(t)
		}
		root = main
	}
	r.walk(root)
	r.endBlock()
	title := r.title
	if title == "" {
		title = r.firstH1
	}
	if title == "" {
		title = r.leadHeading()
	}
	for i, l := range r.lines {
		if l.Kind == Heading && l.Text == title {
			// The page's title repeated as its top heading says nothing new.
			r.lines[i].Kind = Meta
			break
		}
	}
	return layout{Title: title, Date: r.date, Authors: r.authors, Lines: r.lines}, r.paras, nil
}

// htmlReader accumulates what readHTML finds as it walks the parsed page.
type htmlReader struct {
	title   string   // of <title>
	date    string   // as the page shows it near its top
	authors []string // as the page names them: author headings, a byline
	firstH1 string
	heads   []pageHeading // the page's headings, in order
	section string        // heading the current block falls under
	lines   []Line
	paras   []paragraph
	line    strings.Builder // text of the line being read
	block   []string        // finished lines of the block being read
	terms   []string        // of <dt>s waiting for their <dd>
	label   string          // terms that lead the next paragraph, their <dd>'s
	pre     bool            // the block being ended is preformatted
}

// pageHeading is a heading of the page as readHTML meets it.
type pageHeading struct {
	level      int
	text       string
	textBefore bool // the page showed text above it
}

// hasText reports whether the page has shown running text so far.
func (r *htmlReader) hasText() bool {
	for _, l := range r.lines {
		if l.Kind == Body {
			return true
		}
	}
	return len(r.block) > 0 || strings.TrimSpace(r.line.String()) != ""
}

// leadHeading returns the heading that titles a page with neither
// <title> nor <h1>, or "": the page's first heading, above all its text,
// the only one of its level or higher, over headings of a lower level (a
// README that starts with "## Introduction to the compiler" over "### 1.
// Parsing" …). A page of one section is titled by its file's name.
func (r *htmlReader) leadHeading() string {
	if len(r.heads) < 2 || r.heads[0].textBefore {
		return ""
	}
	for _, h := range r.heads[1:] {
		if h.level <= r.heads[0].level {
			return ""
		}
	}
	return r.heads[0].text
}

// walk reads n and its descendants in document order. The parser rejects
// pages nested deeper than 512 elements, which bounds the recursion.
func (r *htmlReader) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.line.WriteString(n.Data)
		return
	case html.DocumentNode:
		r.walkChildren(n)
		return
	case html.ElementNode:
		// read below
	default:
		return // comments, doctype
	}
	if dropped(n) {
		if blockElements[n.DataAtom] {
			r.endBlock() // what is around it is not one paragraph
		}
		return
	}
	switch n.DataAtom {
	case atom.Title:
		if r.title == "" {
			r.title = cleanHTML(textOf(n))
		}
		return
	case atom.Br:
		r.breakLine()
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		r.endBlock()
		if authorHeading(n) {
			// DocBook's title page heads each author's name: a byline,
			// not a section.
			if t := cleanHTML(textOf(n)); t != "" {
				r.addAuthor(t)
				r.lines = append(r.lines, Line{Text: "By " + t, Page: 1, Kind: Meta})
			}
			return
		}
		if t := cleanHTML(textOf(n)); t != "" {
			if n.DataAtom == atom.H1 && r.firstH1 == "" {
				r.firstH1 = t
			}
			r.heads = append(r.heads, pageHeading{level: headingLevel(n), text: t, textBefore: r.hasText()})
			r.lines = append(r.lines, Line{Text: t, Page: 1, Kind: Heading})
			r.section = t
		}
		return
	case atom.Pre:
		r.endBlock()
		for _, l := range strings.Split(rawText(n), "\n") {
			r.line.WriteString(l)
			r.breakLine()
		}
		r.pre = true
		r.endBlock()
		r.pre = false
		return
	case atom.Dt:
		r.endBlock()
		r.flushLabel() // a term whose <dd> held no text
		if t := cleanHTML(textOf(n)); t != "" {
			r.terms = append(r.terms, t)
		}
		if next := nextElement(n); next == nil || next.DataAtom != atom.Dt && next.DataAtom != atom.Dd {
			r.flushTerms()
		}
		return
	case atom.Dd:
		r.endBlock()
		r.flushLabel()
		r.label = strings.Join(r.terms, ", ")
		r.terms = nil
		r.walkChildren(n)
		r.endBlock()
		r.flushLabel()
		return
	case atom.Table:
		if rows := dataTable(n); rows != nil {
			r.endBlock()
			r.block = rows
			r.endTable()
			return
		}
	}
	if blockElements[n.DataAtom] {
		r.endBlock()
		r.walkChildren(n)
		r.endBlock()
		return
	}
	r.walkChildren(n)
}

func (r *htmlReader) walkChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
}

// breakLine ends the line being read.
func (r *htmlReader) breakLine() {
	if t := cleanHTML(r.line.String()); t != "" {
		r.block = append(r.block, t)
	}
	r.line.Reset()
}

// endBlock ends the block being read: its lines become a paragraph.
func (r *htmlReader) endBlock() { r.emit(false) }

// endTable ends a table, whose rows are in r.block.
func (r *htmlReader) endTable() { r.emit(true) }

func (r *htmlReader) emit(rows bool) {
	r.breakLine()
	if len(r.block) == 0 {
		return
	}
	if r.label != "" {
		// A definition's first paragraph starts with its term; a table
		// cannot, so the term goes before it.
		if rows {
			block := r.block
			r.block = nil
			r.flushLabel()
			r.block = block
		} else {
			r.block[0] = leadWith(r.label, r.block[0])
			r.label = ""
		}
	}
	top := len(r.block) == 1 && !rows && topIndex(r.lines) == len(r.lines)
	if d := dateIn(r.block[0]); d != "" && top && r.date == "" {
		// A date line near the top dates the report, as in plain text.
		r.date = d
		r.lines = append(r.lines, Line{Text: r.block[0], Page: 1, Kind: Meta}, Line{Page: 1, Kind: Blank})
		r.block = nil
		return
	}
	if top && byline.MatchString(r.block[0]) {
		// So does a byline name its authors.
		r.addAuthor(byline.FindStringSubmatch(r.block[0])[1])
		r.lines = append(r.lines, Line{Text: r.block[0], Page: 1, Kind: Meta}, Line{Page: 1, Kind: Blank})
		r.block = nil
		return
	}
	for _, l := range r.block {
		r.lines = append(r.lines, Line{Text: l, Page: 1, Kind: Body})
	}
	r.lines = append(r.lines, Line{Page: 1, Kind: Blank})
	r.paras = append(r.paras, paragraph{
		section: r.section,
		text:    strings.Join(r.block, "\n"),
		pages:   []pageMark{{0, 1}},
		rows:    rows,
		pre:     r.pre,
	})
	r.block = nil
}

// flushTerms makes each term waiting for a definition a paragraph of its
// own: a <dl> of terms alone (a table of contents) is a list.
func (r *htmlReader) flushTerms() {
	terms := r.terms
	r.terms = nil
	for _, t := range terms {
		r.block = []string{t}
		r.endBlock()
	}
}

// flushLabel makes the terms of a definition that led no paragraph a
// paragraph of their own.
func (r *htmlReader) flushLabel() {
	if r.label == "" {
		return
	}
	r.block = []string{r.label}
	r.label = ""
	r.endBlock()
}

// leadWith starts line with the term it defines: "mail: Mailboxes...", or
// "Note: text" when the term ends in a colon already.
func leadWith(term, line string) string {
	if strings.HasSuffix(term, ":") {
		return term + " " + line
	}
	return term + ": " + line
}

// addAuthor adds name to the page's authors once.
func (r *htmlReader) addAuthor(name string) {
	for _, a := range r.authors {
		if a == name {
			return
		}
	}
	r.authors = append(r.authors, name)
}

// authorClasses are the classes of an author's name and of what holds it
// (DocBook's title page: <div class="authorgroup"><h3 class="author">).
var authorClasses = map[string]bool{"author": true, "authorgroup": true, "corpauthor": true, "byline": true}

// authorHeading reports whether heading n names an author: it, or an
// element around it, has an author's class.
func authorHeading(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		for _, c := range strings.Fields(strings.ToLower(attr(p, "class"))) {
			if authorClasses[c] {
				return true
			}
		}
	}
	return false
}

// nextElement returns the element after n among its siblings, nil when
// there is none.
func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// cleanHTML cleans the characters of a line of HTML text as normalizeLines
// does those of plain text. A soft hyphen means nothing at a line's end
// here: HTML lines are not broken by a typesetter.
func cleanHTML(s string) string {
	return strings.TrimSuffix(normalizeLine(ligatures.Replace(s)), string(softHyphen))
}

// blockElements start and end a block of text: what comes before and after
// them is not one paragraph with what is in them.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.Header: true,
	atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Legend: true, atom.Li: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Td: true,
	atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true,
}

// droppedElements hold no text of the report: code, styling, navigation,
// embedded objects and form controls.
var droppedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Aside: true, atom.Svg: true, atom.Math: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
	atom.Button: true, atom.Select: true, atom.Datalist: true, atom.Textarea: true,
}

// droppedRoles are the ARIA roles of page furniture.
var droppedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "search": true,
}

// mainOf returns the page's main content, its <main> element (or one with
// the role "main") outside any dropped element, or nil.
func mainOf(root *html.Node) *html.Node {
	return find(root, func(n *html.Node) bool {
		isMain := n.DataAtom == atom.Main
		for _, a := range n.Attr {
			if strings.EqualFold(a.Key, "role") && strings.EqualFold(strings.TrimSpace(a.Val), "main") {
				isMain = true
			}
		}
		return isMain && !dropped(n) && !underDropped(n, nil)
	})
}

// find returns the first element under root, in document order, for which
// match is true, or nil.
func find(root *html.Node, match func(*html.Node) bool) *html.Node {
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			return n
		}
	}
	return nil
}

// dropped reports whether element n and what it holds are left out: an
// element of droppedElements, one that is hidden or has the role of page
// furniture, and a <header> or <footer> of the page itself (not one of an
// <article>, <section> or <main>, which belongs to the text).
func dropped(n *html.Node) bool {
	if droppedElements[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "role":
			if droppedRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		}
	}
	if n.DataAtom == atom.Header || n.DataAtom == atom.Footer {
		for p := n.Parent; p != nil; p = p.Parent {
			switch p.DataAtom {
			case atom.Article, atom.Section, atom.Main:
				return false
			}
		}
		return true
	}
	return false
}

// textOf returns the text n holds, with dropped elements left out and a
// space where a line breaks or a block starts or ends.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		}
		split := n.DataAtom == atom.Br || blockElements[n.DataAtom]
		if split {
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && dropped(n) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if split {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return b.String()
}

// rawText returns the text n holds with its line breaks, for <pre>: the
// text's own, and a break where a line breaks or a block starts or ends.
func rawText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Br || blockElements[c.DataAtom] && dropped(c):
				b.WriteByte('\n')
			case dropped(c):
			case blockElements[c.DataAtom]:
				b.WriteByte('\n')
				walk(c)
				b.WriteByte('\n')
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// underDropped reports whether d lies inside a dropped element below top.
func underDropped(d, top *html.Node) bool {
	for p := d.Parent; p != nil && p != top; p = p.Parent {
		if p.Type == html.ElementNode && dropped(p) {
			return true
		}
	}
	return false
}

// dataTable returns the lines of table t, a data table: its caption, then
// one line per row with the cells' text apart by " | ". It returns nil for
// a table that lays out a page (it holds another table or a heading, or
// fewer than two cells) or holds no text.
func dataTable(t *html.Node) []string {
	var lines []string
	cells := 0
	for d := range t.Descendants() {
		if d.Type != html.ElementNode {
			continue
		}
		switch d.DataAtom {
		case atom.Table, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return nil
		case atom.Td, atom.Th:
			cells++
		}
	}
	if cells < 2 {
		return nil
	}
	for d := range t.Descendants() {
		if d.Type != html.ElementNode || underDropped(d, t) {
			continue
		}
		switch d.DataAtom {
		case atom.Caption:
			if c := cleanHTML(textOf(d)); c != "" {
				lines = append(lines, c)
			}
		case atom.Tr:
			var row []string
			for c := d.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom != atom.Td && c.DataAtom != atom.Th || dropped(c) {
					continue
				}
				if s := cleanHTML(textOf(c)); s != "" {
					row = append(row, s)
				}
			}
			if len(row) > 0 {
				lines = append(lines, strings.Join(row, " | "))
			}
		}
	}
	return lines
}
