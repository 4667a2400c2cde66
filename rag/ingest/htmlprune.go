package ingest

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pruneHTML removes from a parsed page what is there to move around the
// page or the site, not to be read: permalink marks (an in-page link whose
// whole text is "#", "¶", "§", "🔗", as documentation generators put in
// headings) and navigation blocks (a block of nothing but links to the
// next, previous and parent pages, "Next: Simple Example, Up: Using libffi
// [Index]"; see navBlock) and a page's own table of contents (see
// contentsList), and a site's menu above the page's first heading (see
// menuList).
func pruneHTML(root *html.Node) {
	ids := anchorsOf(root)
	var gone []*html.Node
	headed := false // a heading came before
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (permalink(n) || blockElements[n.DataAtom] && navBlock(n) || contentsList(n, ids) || !headed && menuList(n)) {
			gone = append(gone, n)
			return
		}
		if headingLevel(n) > 0 {
			headed = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	var lists []*html.Node // parents of the contents lists removed
	for _, n := range gone {
		if contentsList(n, ids) {
			lists = append(lists, n.Parent)
		}
		n.Parent.RemoveChild(n)
	}
	for _, p := range lists {
		dropContentsLabel(p)
	}
}

// menuWords is the most words a link of a site's menu has: "Home",
// "Download", "Release notes".
const menuWords = 3

// menuList reports whether n is a site's menu: a list of at least
// minContentsLinks items, each nothing but one link of a few words
// ("Home", "About", "Documentation"). pruneHTML drops one only above the
// page's first heading, where a page sets its menu; under a heading such a
// list is the text's (a reading list, links to the parts of a manual).
func menuList(n *html.Node) bool {
	if n.DataAtom != atom.Ul && n.DataAtom != atom.Ol {
		return false
	}
	items := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == atom.Li:
			if !oneShortLink(c) {
				return false
			}
			items++
		default:
			return false
		}
	}
	return items >= minContentsLinks
}

// oneShortLink reports whether n holds one link of at most menuWords
// words and nothing else but spaces.
func oneShortLink(n *html.Node) bool {
	links := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == atom.A && attr(c, "href") != "":
			w := len(strings.Fields(cleanHTML(textOf(c))))
			if w == 0 || w > menuWords {
				return false
			}
			links++
		default:
			return false
		}
	}
	return links == 1
}

// contentsLabel is the heading of a table of contents or of an index.
// A mark may stand by it: "► Table Of Contents", a box's toggle.
var contentsLabel = regexp.MustCompile(`(?i)^[\p{S}\s]*(?:table of contents|contents|on this page|(?:[\p{L}-]+ )?index)[\p{S}\s]*$`)

// dropContentsLabel removes what labelled a table of contents or an
// index just removed from p: the nearest element around it that still
// holds text, when all that text is such a label ("Table of Contents",
// "Concept index"), which would head nothing.
func dropContentsLabel(p *html.Node) {
	for ; p != nil && p.Type == html.ElementNode; p = p.Parent {
		switch p.DataAtom {
		case atom.Body, atom.Html, atom.Main:
			return
		}
		t := cleanHTML(textOf(p))
		if t == "" {
			continue
		}
		if contentsLabel.MatchString(t) && p.Parent != nil {
			p.Parent.RemoveChild(p)
		}
		return
	}
}

// permalinkMarks are the texts of permalink anchors, with variation
// selectors dropped.
var permalinkMarks = map[string]bool{"#": true, "¶": true, "§": true, "🔗": true, "⚓": true, "🔖": true}

// permalink reports whether n is a permalink: an anchor whose whole text
// is a mark, not words, linking within the page (its href has a fragment)
// to a heading or term it sits in, or to itself or an element around it.
// The same mark linking elsewhere from prose ("see § 3") is text.
func permalink(n *html.Node) bool {
	if n.DataAtom != atom.A {
		return false
	}
	href := attr(n, "href")
	i := strings.IndexByte(href, '#')
	if i < 0 {
		return false
	}
	t := strings.Map(func(r rune) rune {
		if r == '\ufe0e' || r == '\ufe0f' { // text and emoji presentation
			return -1
		}
		return r
	}, cleanHTML(textOf(n)))
	if !permalinkMarks[t] {
		return false
	}
	frag := href[i+1:]
	for p := n; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		if frag != "" && (attr(p, "id") == frag || attr(p, "name") == frag) || labels[p.DataAtom] {
			return true
		}
	}
	return false
}

// labels are the elements that head or name what follows them.
var labels = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Dt: true, atom.Th: true, atom.Caption: true, atom.Summary: true, atom.Figcaption: true, atom.Legend: true,
}

// navRels are the link types (rel) of links between the pages of a
// document: to the next, previous or parent page (true), and to its
// contents or index (false), which go with them.
var navRels = map[string]bool{
	"next": true, "prev": true, "previous": true, "up": true, "first": true, "last": true,
	"start": true, "top": true, "index": false, "contents": false, "toc": false,
}

var (
	// navLabel is a label of a navigation link: "Next:", "Previous:",
	// "Up:".
	navLabel = regexp.MustCompile(`(?i)\b(?:next|prev(?:ious)?|up)\s*:`)
	// navFiller is what a navigation block may hold besides its links:
	// labels, and the brackets and separators around them.
	navFiller = regexp.MustCompile(`(?i)^(?:[\s\x{a0}]|\b(?:next|prev(?:ious)?|up|top|home|contents|index)\b|[\[\](){}|,;:·•«»‹›<>←→↑^-])*$`)
)

// navBlock reports whether block n is made only of links to the next,
// previous or parent page, "Next: Simple Example, Up: Using libffi
// [Index]": outside its links nothing but labels and separators
// (navFiller), every link marked as one by its rel (navRels) or a label
// before it ("Next:", "Up:"), and at least one of them to the next,
// previous or parent page. A list of links with no such marks (a table of
// contents, a menu) is not one.
func navBlock(n *html.Node) bool {
	labelled, moves := false, false
	ok := true
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				if !navFiller.MatchString(c.Data) {
					ok = false
				} else if navLabel.MatchString(c.Data) {
					labelled = true
				}
			case c.Type != html.ElementNode || dropped(c):
			case c.DataAtom == atom.A && attr(c, "href") != "":
				marked := labelled
				moves = moves || labelled
				labelled = false
				for _, rel := range strings.Fields(strings.ToLower(attr(c, "rel"))) {
					if move, known := navRels[rel]; known {
						marked = true
						moves = moves || move
					}
				}
				ok = marked
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return ok && moves
}

// attr returns the value of n's attribute key, "" when it has none.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// anchorsOf returns the ids and names of the page's elements: where its
// in-page links may lead.
func anchorsOf(root *html.Node) map[string]bool {
	ids := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if (a.Key == "id" || a.Key == "name") && a.Val != "" {
					ids[a.Val] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return ids
}

// minContentsLinks is the fewest links a list needs to be taken for a
// table of contents.
const minContentsLinks = 3

// contentsNumber is what a table of contents may hold outside its links:
// section numbers and the separators between them.
var contentsNumber = regexp.MustCompile(`^[\s\x{a0}\d.·•|–-]*$`)

// indexFiller is what a cell of a page's index may hold outside its
// links: the separators after an entry ("bug reporting:") and spaces.
var indexFiller = regexp.MustCompile(`^[\s\x{a0}\d.·•|–:,;-]*$`)

// contentsList reports whether n is a list (<ul>, <ol>, <dl> as DocBook
// writes them, or a <div> of <div>s, one a line, as SQLite's pages do) of
// links to the page's own places and nothing else
// (section numbers aside), at least minContentsLinks of them, each to an
// element the page has: the page's table of contents ("1 History", "2
// Geography", each a link to its heading), which repeats the headings and
// says nothing of its own. A list of links to other pages is text (a
// reading list, a site's index). In a box the page marks as its contents
// (DocBook's <div class="toc">) one such link is enough: a chapter's
// contents may list two sections.
//
// A table is the page's index (Texinfo's "Concept index", its "Jump to: B
// C F" letters) when its data cells hold nothing but such links and the
// separators after them (indexFiller); its header cells may label them
// ("Index Entry", "Jump to:", the letter "B").
//
// A link names its place as "#id", or as "file.html#id" where the page is
// file.html (DocBook, Sphinx): the page's name is unknown here, so any
// relative file counts when the page has that id.
func contentsList(n *html.Node, ids map[string]bool) bool {
	table := n.DataAtom == atom.Table
	if n.DataAtom != atom.Ul && n.DataAtom != atom.Ol && n.DataAtom != atom.Dl && n.DataAtom != atom.Div && !table {
		return false
	}
	links, ok := 0, true
	var walk func(n *html.Node, filler *regexp.Regexp)
	walk = func(n *html.Node, filler *regexp.Regexp) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				ok = filler == nil || filler.MatchString(c.Data)
			case c.Type != html.ElementNode || dropped(c):
			case c.DataAtom == atom.A:
				ok = ids[ownFragment(attr(c, "href"))]
				links++
			case table && c.DataAtom == atom.Th:
				walk(c, nil)
			case table && c.DataAtom == atom.Caption:
				// a label, like a header cell
				walk(c, nil)
			case table && c.DataAtom == atom.Td:
				walk(c, indexFiller)
			default:
				walk(c, filler)
			}
		}
	}
	first := contentsNumber
	if table {
		// Text outside the cells is the parser's whitespace.
		first = indexFiller
	}
	walk(n, first)
	least := minContentsLinks
	if !table && inContentsBox(n) {
		least = 1
	}
	return ok && links >= least
}

// contentsClasses are the classes of a box that holds a page's (or a
// chapter's) table of contents.
var contentsClasses = map[string]bool{"toc": true, "table-of-contents": true, "toctree-wrapper": true}

// inContentsBox reports whether n sits in an element whose class marks a
// table of contents.
func inContentsBox(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, c := range strings.Fields(strings.ToLower(attr(p, "class"))) {
			if contentsClasses[c] {
				return true
			}
		}
	}
	return false
}

// ownFragment returns the place a link names in a page like this one: the
// fragment of "#id" or of a relative "file.html#id", "" for any other link.
func ownFragment(href string) string {
	path, frag, ok := strings.Cut(href, "#")
	if !ok || strings.Contains(path, ":") || strings.HasPrefix(path, "/") || strings.Contains(path, "/") {
		return ""
	}
	return frag
}

// headingLevel returns 1 to 6 for an <h1> to <h6>, 0 for anything else.
func headingLevel(n *html.Node) int {
	if n.Type != html.ElementNode {
		return 0
	}
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}
