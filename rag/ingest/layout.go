package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LineKind says what a line of a report is for.
type LineKind int

// The kinds of line classify recognises. Body lines make the running text
// of passages; Heading lines name the section of the passages below them.
// In a PDF, captions, tables and footnotes become passages of their own,
// kept apart from the sentences they interrupt; in text input captions are
// left out.
const (
	Body      LineKind = iota // running text
	Blank                     // empty line: a possible paragraph break
	Heading                   // section heading
	Caption                   // figure or table caption, "Source:" or "Note:" line
	Furniture                 // running header or footer, page number, page break
	Meta                      // title, date or document number
	Table                     // a row of a table, or its caption (PDF input)
	Footnote                  // a line of a footnote (PDF input)
)

var kindNames = [...]string{"body", "blank", "heading", "caption", "furniture", "meta", "table", "footnote"}

// String returns the kind's lowercase name, e.g. "heading".
func (k LineKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Line is one cleaned line of a report.
type Line struct {
	Text string
	Page int // 1-based page the line is on
	Kind LineKind
	// Apart is a body line that is a paragraph of its own, whatever its
	// shape: a line of a PDF's title block (an author, an affiliation).
	Apart bool
	// Item marks a line of plain text that is an item of a list or a
	// field of a record ("Author: Philip A. Nelson"): a paragraph of its
	// own, however it ends.
	Item bool
}

// layout is what classify finds in a report's lines.
type layout struct {
	Title   string   // "" when the report shows none
	Date    string   // "" when the report shows none
	Authors []string // as signed, e.g. "Mark E. Manyin, Specialist in Asian Affairs"
	Lines   []Line
}

var (
	urlLine     = regexp.MustCompile(`^(?i)(https?://|www\.)\S+(\s*[|·•–—-].{0,80})?$`)
	pageNumber  = regexp.MustCompile(`^(?i)(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$`)
	captionLine = regexp.MustCompile(`^(?i)(?:(?:figure|fig\.|table|chart|map|exhibit|graph)\s+[0-9A-Z]{1,3}[.:]|(?:sources?|notes?)\s*:)`)
	docNumber   = regexp.MustCompile(`^[A-Z]{1,4}\d{3,6}$`)
	// endDate is a full date ending a line after a comma: "for version
	// 4.19.0, 18 August 2022".
	endDate = regexp.MustCompile(`(?i),\s+(` + fullDate + `)$`)
	// anyDate is a full date anywhere in a line, "Northport Transit
	// Authority 14 March 2023 Page 1".
	anyDate = regexp.MustCompile(`(?i)\b(` + fullDate + `)\b`)
	digits  = regexp.MustCompile(`\d+`)
)

// A date line is a line that dates the document: a date ("May 18, 2021",
// "18 May 2021", "2021-05-18"), alone or after the words that introduce
// one ("Updated", "Version of", "Last updated:", "Date:"); after such words
// a month and year are enough ("Last revised: March 2023"), while a month
// and year alone may be a heading.
const (
	month      = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`
	fullDate   = month + `\s+\d{1,2}(?:st|nd|rd|th)?,\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+` + month + `\s+\d{4}|\d{4}-\d{2}-\d{2}`
	datePrefix = `(?:(?:last\s+)?(?:updated|modified|revised)(?:\s+on)?|(?:(?:version|release)\s+v?\d[\w.\-]*\s+)?(?:ratified|adopted|approved|enacted|signed)(?:\s+on)?|published(?:\s+on)?|released(?:\s+on)?|issued(?:\s+on)?|dated?|as\s+of|(?:version|release)\s+(?:v?\d[\w.\-]*\s+)?of|effective(?:\s+date)?)\s*:?\s*`
)

// dateLine matches a date line; dateIn returns its date.
var dateLine = regexp.MustCompile(`^(?i)(?:` + datePrefix + `)?(` + fullDate + `)\.?$|^(?i)` + datePrefix + `(` + month + `\s+\d{4})\.?$`)

// eventDate is a date line that says what happened at the date ("Version
// 1.9 ratified on March 26th, 2022."): it dates the document and stays
// its text, which a question may ask about.
var eventDate = regexp.MustCompile(`(?i)^(?:version|release)\s|\b(?:ratified|adopted|approved|enacted|signed)\b`)

// dateIn returns the date that line t gives the document, as written, or
// "" when t is no date line.
func dateIn(t string) string {
	m := dateLine.FindStringSubmatch(t)
	if m == nil {
		return ""
	}
	return m[1] + m[2]
}

var (
	// signature is an author's line, "Name, Specialist in Asian Affairs":
	// a name of two to five words, then a post.
	signature = regexp.MustCompile(`^(?:[\p{Lu}][\p{L}'’\-]+|[\p{Lu}]\.)(?: (?:[\p{Lu}][\p{L}'’\-]+|[\p{Lu}]\.|de|van|von|da|di|del|le|la|bin)){1,4}, (?:(?:Senior|Principal|Chief|Associate|Assistant|Acting|Research|Legislative|Visiting|Deputy) )*(?:Specialist|Analyst|Attorney|Economist|Professor|Director|Fellow|Researcher|Coordinator|Editor|Scientist|Lecturer|Consultant|Advis[eo]r|Officer|Manager|Engineer|Historian|Librarian)\b`)
	// byline is "By Jane Doe and John Roe" near the top.
	byline = regexp.MustCompile(`^(?i:by) ((?:[\p{Lu}][\p{L}'’.\-]*)(?:,? (?:and |& )?(?:[\p{Lu}][\p{L}'’.\-]*|de|van|von))+)$`)
)

// signedBy marks line i, an author's signature, as Meta and returns it,
// joined with a short next line it runs on to ("Specialist in
// International Trade and" / "Finance").
func signedBy(lines []Line, i int) string {
	lines[i].Kind = Meta
	t := lines[i].Text
	words := strings.Fields(t)
	if !continuers[strings.ToLower(words[len(words)-1])] && words[len(words)-1] != "in" {
		return t
	}
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		switch lines[j].Kind {
		case Blank, Furniture:
			continue
		case Body:
			if n := len(strings.Fields(lines[j].Text)); n <= 4 && looksLikeHeading(lines[j].Text) {
				lines[j].Kind = Meta
				return t + " " + lines[j].Text
			}
		}
		break
	}
	return t
}

// topLines is how many non-blank lines at the start of a report may hold its
// title and date.
const topLines = 5

// classify decides the kind and page of every line. It recognises page breaks
// (form feeds, or clusters of running headers and footers), running headers
// and footers (URL lines, page numbers, short lines repeated at page edges),
// the title and date at the top, captions and section headings.
func classify(raw []string) layout {
	lines := make([]Line, len(raw))
	urls, numbers := map[string][]int{}, 0 // where each address stands
	for i, t := range raw {
		lines[i].Text = t
		switch {
		case t == pageBreakLine:
			lines[i].Kind = Furniture
		case t == "":
			lines[i].Kind = Blank
		case urlLine.MatchString(t):
			a := strings.Fields(t)[0]
			urls[a] = append(urls[a], i)
		case pageNumber.MatchString(t):
			numbers++
		}
	}
	var lay layout
	paginated := false
	for i := range lines {
		t := lines[i].Text
		// A URL or number line is furniture only when it recurs, as page
		// furniture does: the same address at every page's foot ("https://…
		// | IF10165 · VERSION 28"), page numbers; a single one, links to
		// different places, or one address cited twice, are the text's.
		if urlLine.MatchString(t) && likePages(urls[strings.Fields(t)[0]], len(lines)) || (numbers >= 2 && pageNumber.MatchString(t)) || t == pageBreakLine {
			lines[i].Kind = Furniture
			paginated = true
		}
	}
	name := markFramedHeads(lines)
	if paginated {
		lay.Title = markRepeated(lines)
	} else {
		markRunningHeads(lines)
	}
	if name != "" {
		// The running head stood where a title would: the document names
		// itself in its first section or in the head's own words.
		lay.Title = framedTitle(lines, name)
	}
	lay.Date = markTop(lines, &lay.Title, name == "")
	markUnderlined(lines)
	if paginated && lay.Title != "" {
		markTitleHeaders(lines, lay.Title)
	}
	for i := range lines {
		if lines[i].Kind != Body {
			continue
		}
		t := lines[i].Text
		switch {
		case captionLine.MatchString(t):
			lines[i].Kind = Caption
		case docNumber.MatchString(t):
			lines[i].Kind = Meta
		case signature.MatchString(t):
			lay.Authors = append(lay.Authors, signedBy(lines, i))
		case i < topIndex(lines) && byline.MatchString(t):
			lines[i].Kind = Meta
			lay.Authors = append(lay.Authors, byline.FindStringSubmatch(t)[1])
		case numbered(t):
			if numberedHeading(lines, i) {
				lines[i].Kind = Heading
			}
		case looksLikeHeading(t) && !continues(lines, i):
			lines[i].Kind = Heading
		}
	}
	demoteTitleBlock(lines)
	assignPages(lines)
	lay.Lines = lines
	return lay
}

// maxPageLines is the most lines a page of text holds.
const maxPageLines = 200

// likePages reports whether lines at, in a text of n lines, stand where
// the same furniture stands on every page: from the first page to the
// last, a page apart (pageSpacing to maxPageLines lines; the last page
// may be shorter). An address a changelog cites twice in one entry, or a
// README gives at its top and its foot, is no page furniture.
func likePages(at []int, n int) bool {
	if len(at) < 2 || at[0] > maxPageLines || n-1-at[len(at)-1] > maxPageLines {
		return false
	}
	for k := 1; k < len(at); k++ {
		gap := at[k] - at[k-1]
		if gap > maxPageLines || gap < pageSpacing && (k < len(at)-1 || k == 1) {
			return false
		}
	}
	return true
}

// markUnderlined marks the headings plain text underlines, setext and
// reStructuredText style: a line over a rule (isRule) about as long as it (from
// two thirds of it to half again), which no shape of its own need confirm
// ("Before reporting a bug, please" over "------"). Every rule reads as
// a blank line, under a heading or not.
func markUnderlined(lines []Line) {
	for i, l := range lines {
		if l.Kind != Body || !isRule(l.Text) {
			continue
		}
		lines[i].Kind = Blank // not Furniture, which marks a page's edge
		if i == 0 || lines[i-1].Kind != Body {
			continue
		}
		above, rule := utf8.RuneCountInString(lines[i-1].Text), utf8.RuneCountInString(strings.TrimSpace(l.Text))
		if above <= maxUnderlined && 3*rule >= 2*above && 2*rule <= 3*above+2 {
			lines[i-1].Kind = Heading
		}
	}
}

// maxUnderlined is the longest line, in characters, read as an underlined
// heading.
const maxUnderlined = 100

// readText lays out a plain-text report: its lines classified, put in
// reading order, and the lines that only looked like headings read as text.
func readText(data []byte) layout {
	lay := classify(normalizeLines(data))
	lay.Lines = reorder(lay.Lines)
	markContents(lay.Lines)
	markItems(lay.Lines)
	return lay
}

// demoteTitleBlock reads as text the lines of a title block that look like
// headings but head nothing: before the report's first line of text, a
// heading followed by another ("Eric P. Allman" / "Project INGRES" /
// "Electronics Research Laboratory") is an author or an affiliation, and
// as a heading with no text under it, it would be lost. Numbered headings
// keep their place.
func demoteTitleBlock(lines []Line) {
	prev := -1 // the last heading of the block so far
	for i := range lines {
		switch lines[i].Kind {
		case Blank, Furniture, Meta, Caption:
			continue
		case Heading:
			if prev >= 0 && !numbered(lines[prev].Text) {
				lines[prev].Kind = Body
			}
			prev = i
			continue
		}
		return
	}
}

// pageSpacing is the fewest lines between the repeats of a line that counts
// as a page's running header or footer: a numbered list ("Step 1", "Step
// 2") repeats closer together.
const pageSpacing = 20

// markRunningHeads marks the running heads of a text whose pages have
// neither a form feed nor a page-number line of their own: a short line
// standing alone that recurs at least three times with a different number
// each time, far apart, and reads like a title ("USING GROFF AND −ME 14",
// as nroff heads its pages) or counts the pages ("local 2", "local 3").
// Other repeated lines are kept: without pages to be sure of, a line twice
// at an edge is as likely a repeated example. A line that starts with a
// section's number of two levels or more ("3.1. Powers", "4.1. Powers")
// is a heading that recurs under each section, never a page's head.
func markRunningHeads(lines []Line) {
	type seen struct {
		last, n int   // where it was last counted, how often
		at      []int // everywhere it stands
		nums    map[string]bool
		title   bool   // every repeat reads like a title
		count   bool   // its number counted up by one at every repeat
		prev    string // the number it had last
	}
	runs := map[string]*seen{}
	var keys []string
	for i, l := range lines {
		if l.Kind != Body || utf8.RuneCountInString(l.Text) > 60 || !digits.MatchString(l.Text) || !alone(lines, i) || subsectionNumber.MatchString(l.Text) {
			continue
		}
		k := strings.ToLower(digits.ReplaceAllString(l.Text, "#"))
		r := runs[k]
		if r == nil {
			r = &seen{last: -pageSpacing, nums: map[string]bool{}, title: true, count: true}
			runs[k] = r
			keys = append(keys, k)
		}
		r.at = append(r.at, i)
		if i-r.last < pageSpacing || r.nums[l.Text] {
			continue // too close, or the same number again
		}
		num := strings.Join(digits.FindAllString(l.Text, -1), " ")
		if r.n > 0 {
			p, _ := strconv.Atoi(r.prev)
			if n, err := strconv.Atoi(num); err != nil || n != p+1 {
				r.count = false
			}
		}
		r.title = r.title && looksLikeTitle(l.Text)
		r.last, r.n, r.nums[l.Text], r.prev = i, r.n+1, true, num
	}
	for _, k := range keys {
		// A foot in lowercase ("local 2") is furniture too when its
		// number counts the pages.
		if r := runs[k]; r.n >= 3 && (r.title || r.count) {
			for _, i := range r.at {
				lines[i].Kind = Furniture
			}
		}
	}
}

// subsectionNumber starts a line with a section's number of two levels or
// more, then its title: "3.1. Powers", "2.4 Methods".
var subsectionNumber = regexp.MustCompile(`^\s*\d{1,3}(?:\.\d{1,3})+\.?\s+\pL`)

// markFramedHeads marks the running heads framed by the same name at both
// ends, as nroff heads the pages of a manual ("GZIP(1) General Commands
// Manual GZIP(1)"), wherever they stand alone, and the feet that end on that
// name ("local GZIP(1)", "gzip 1.12 2022-04-07 GZIP(1)"). A frame heads
// pages when it recurs, or when it opens the text, as on a manual laid out
// as one long page; once inside the text it is a line of the text. It
// returns the framing name, or "" when there is none.
func markFramedHeads(lines []Line) (name string) {
	framed := map[string][]int{}
	var order []string // the frames in the order they first appear
	first := ""        // the frame of the text's first line, if any
	seen := false
	for i, l := range lines {
		if l.Kind == Blank || l.Kind == Furniture {
			continue
		}
		n := ""
		if l.Kind == Body && alone(lines, i) {
			n = frame(l.Text)
		}
		if !seen {
			first, seen = n, true
		}
		if n != "" {
			if framed[n] == nil {
				order = append(order, n)
			}
			framed[n] = append(framed[n], i)
		}
	}
	for _, n := range order {
		if at := framed[n]; (n == first || len(at) >= 2) && (name == "" || n == first || len(at) > len(framed[name])) {
			name = n
		}
	}
	if name == "" {
		return ""
	}
	for _, i := range framed[name] {
		lines[i].Kind = Furniture
	}
	for i, l := range lines {
		words := strings.Fields(l.Text)
		if l.Kind == Body && alone(lines, i) && len(words) > 0 && len(words) <= 8 && (words[0] == name || words[len(words)-1] == name) {
			lines[i].Kind = Furniture
		}
	}
	return name
}

// frame returns the word a running head starts and ends with, when it has
// one: at least three words, the outer two the same name, written with a
// digit or in capitals of two letters or more, so that no phrase ("Go West,
// young man, go", "I said I") is taken for one.
func frame(t string) string {
	words := strings.Fields(t)
	if len(words) < 3 || len(words) > 12 || words[0] != words[len(words)-1] {
		return ""
	}
	w := words[0]
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 || !strings.ContainsFunc(w, unicode.IsDigit) && (letters < 2 || strings.ContainsFunc(w, unicode.IsLower)) {
		return ""
	}
	return w
}

// framedTitle is the title of a document whose pages are headed by name:
// the one short line of its first section when the document opens with a
// heading over such a line (a manual's NAME: "gzip, gunzip, zcat - compress
// or expand files"), else the name itself.
func framedTitle(lines []Line, name string) string {
	var first []int // the first non-blank lines that are not furniture
	for i, l := range lines {
		if l.Kind == Blank || l.Kind == Furniture {
			continue
		}
		if first = append(first, i); len(first) == 3 {
			break
		}
	}
	if len(first) == 3 && looksLikeHeading(lines[first[0]].Text) && looksLikeHeading(lines[first[2]].Text) {
		t := lines[first[1]].Text
		if n := len(strings.Fields(t)); n >= 2 && n <= 16 && !strings.HasSuffix(t, ".") && !looksLikeHeading(t) {
			return t
		}
	}
	return name
}

// markRepeated marks running headers and footers: short lines that recur
// (digits ignored) and, away from the top of the report, always sit at a page
// edge, next to a blank line, other furniture or the end of the text. It
// returns the most frequent such line that reads like a title: running
// headers usually repeat the report's title.
func markRepeated(lines []Line) (title string) {
	key := func(t string) string { return strings.ToLower(digits.ReplaceAllString(t, "#")) }
	where := map[string][]int{}
	var keys []string
	for i, l := range lines {
		if l.Kind == Body && utf8.RuneCountInString(l.Text) <= 100 {
			k := key(l.Text)
			if where[k] == nil {
				keys = append(keys, k)
			}
			where[k] = append(where[k], i)
		}
	}
	top := topIndex(lines)
	best := 0
	for _, k := range keys {
		at := where[k]
		n := len(at)
		if n < 2 {
			continue
		}
		ok, edges := true, 0
		for _, i := range at {
			if i < top {
				continue
			}
			if !atEdge(lines, i) {
				ok = false
				break
			}
			edges++
		}
		if !ok || edges == 0 || sameNeighbour(lines, at) {
			continue
		}
		for _, i := range at {
			lines[i].Kind = Furniture
		}
		t := lines[at[0]].Text
		// A header that carries its page's number ("USING GROFF 14")
		// is a running head, not the title written out.
		if (n > best || (n == best && t < title)) && looksLikeTitle(t) && !strings.Contains(k, "#") {
			best, title = n, t
		}
	}
	return title
}

// sameNeighbour reports whether the lines at repeat with the same text
// next to them, prose in one of the two: on one side (blank lines
// skipped), every one of them has the same line, content written twice (a
// manual's "TAR_SUBCOMMAND" over its description, the description's last
// line under its first, "GNU tar version number." under "TAR_VERSION").
// A running head has each page's own text next to it, or the other line
// of a head of two, both heading-shaped ("Northport Transit Authority"
// over "Annual Review of the Port").
func sameNeighbour(lines []Line, at []int) bool {
	prose := !looksLikeHeading(lines[at[0]].Text)
	for _, step := range []int{-1, +1} {
		if near, ok := sameSide(lines, at, step); ok && (prose || !looksLikeHeading(near)) {
			return true
		}
	}
	return false
}

// sameSide returns the nearest non-blank line step away from each of the
// lines at, and whether it is the same line of text for all of them.
func sameSide(lines []Line, at []int, step int) (string, bool) {
	near := ""
	for n, i := range at {
		j := i + step
		for j >= 0 && j < len(lines) && lines[j].Kind == Blank {
			j += step
		}
		if j < 0 || j >= len(lines) || lines[j].Kind != Body || n > 0 && lines[j].Text != near {
			return "", false
		}
		near = lines[j].Text
	}
	return near, true
}

// markTitleHeaders marks as running headers the lines at a page edge that
// repeat the title or its start ("Urban Water Systems" for "Urban Water
// Systems: Aging Pipes"), even when they appear once.
func markTitleHeaders(lines []Line, title string) {
	t := strings.ToLower(title)
	for i := range lines {
		l := strings.ToLower(lines[i].Text)
		if lines[i].Kind != Body || len(strings.Fields(l)) < 2 || !strings.HasPrefix(t, l) || !atEdge(lines, i) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t[len(l):]); len(l) == len(t) || strings.ContainsRune(":—–-,( ", r) {
			lines[i].Kind = Furniture
		}
	}
}

// topIndex returns the index just past the first topLines non-blank lines.
func topIndex(lines []Line) int {
	seen := 0
	for i, l := range lines {
		if l.Kind != Blank {
			seen++
			if seen > topLines {
				return i
			}
		}
	}
	return len(lines)
}

// alone reports whether line i has a blank line, furniture or an end of
// the text on both sides.
func alone(lines []Line, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(lines) && lines[j].Kind != Blank && lines[j].Kind != Furniture {
			return false
		}
	}
	return true
}

// atEdge reports whether line i borders a blank line, furniture or either end
// of the text.
func atEdge(lines []Line, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(lines) || lines[j].Kind == Blank || lines[j].Kind == Furniture {
			return true
		}
	}
	return false
}

// markTop marks the date and, when pick is set, the title among the first
// lines of the report: the line that repeats *title, or the first that
// looks like one when *title is still unknown. A title found elsewhere
// (pick unset) stays in the text it names. It returns the date as
// written, or "".
func markTop(lines []Line, title *string, pick bool) (date string) {
	seen := 0
	for i := range lines {
		l := &lines[i]
		if l.Kind == Blank {
			continue
		}
		if seen++; seen > topLines {
			break
		}
		if l.Kind != Body && !(l.Kind == Furniture && l.Text == *title) {
			continue
		}
		if d := dateIn(l.Text); d != "" && date == "" {
			date = d
			if !eventDate.MatchString(l.Text) {
				l.Kind = Meta
			}
			continue
		}
		if pick && l.Text == *title {
			l.Kind = Meta
			continue
		}
		if pick && *title == "" && looksLikeTitle(l.Text) && !captionLine.MatchString(l.Text) {
			*title = l.Text
			l.Kind = Meta
		}
	}
	return date
}

// looksLikeTitle reports whether t could be a document title: short, with no
// sentence-final full stop and starting with a capital or digit.
func looksLikeTitle(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 16 || strings.HasSuffix(t, ".") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// minorWords stay lowercase in title-case headings.
var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "nor": true, "but": true,
	"of": true, "in": true, "on": true, "at": true, "to": true, "for": true, "from": true,
	"by": true, "with": true, "without": true, "as": true, "vs": true, "vs.": true, "via": true,
	"into": true, "over": true, "under": true, "about": true, "after": true, "before": true,
	"between": true, "among": true, "against": true, "during": true, "through": true,
	"per": true, "than": true, "its": true, "their": true, "is": true, "are": true,
}

// looksLikeHeading reports whether a line has the shape of a section heading:
// a short phrase in title case with no sentence punctuation.
func looksLikeHeading(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 10 || utf8.RuneCountInString(t) > 80 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first)) || strings.ContainsRune(".,;:!-–—(\u00ad", last) {
		return false
	}
	if strings.ContainsAny(t, ",;") || len(Sentences(t)) > 1 {
		return false
	}
	content, capital := 0, 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		if i > 0 && minorWords[strings.ToLower(w)] {
			continue
		}
		content++
		if unicode.IsUpper(r) {
			capital++
		}
	}
	return content > 0 && capital*4 >= content*3
}

var (
	// numberedLine is a line that starts with a section number: "1.",
	// "2.3", "2.3.1." or "IV.", or an appendix's "A.1.", then its title.
	numberedLine = regexp.MustCompile(`^((?:[A-Z]\.)?(?:\d{1,2}\.)*(\d{1,2})\.|(?:\d{1,2}\.)+(\d{1,2})|([IVX]{1,5})\.)\s+(\S.*)$`)
	// keywordLine is a line that names a numbered part of a document:
	// "Section 1: The harbour programme", "Chapter 4", "Part II — Costs",
	// "Appendix A. Data".
	keywordLine = regexp.MustCompile(`^(Section|Chapter|Part|Appendix|Annex|Article|SECTION|CHAPTER|PART|APPENDIX|ANNEX|ARTICLE)\s+(?:\d{1,3}\.)*(\d{1,3}|[IVXLC]{1,7}|[A-Z])(?:\s*[:.—–-]\s*(\S.*))?$`)
)

// numbering returns the numbering scheme of a line that starts like a
// numbered heading, e.g. "section", "1." (one number and a stop), "2" (two
// numbers), "I." (roman), or "" when it does not; and the values its number
// may have in its scheme (its last part: 3 for "2.3" or "III", 3 or 100 for
// "C").
func numbering(t string) (scheme string, n []int) {
	if m := keywordLine.FindStringSubmatch(t); m != nil {
		return strings.ToLower(m[1]), ordinals(m[2])
	}
	m := numberedLine.FindStringSubmatch(t)
	switch {
	case m == nil:
		return "", nil
	case m[4] != "":
		return "I.", ordinals(m[4])
	case m[2] != "":
		return strconv.Itoa(strings.Count(m[1], ".")) + ".", ordinals(m[2])
	}
	return strconv.Itoa(strings.Count(m[1], ".") + 1), ordinals(m[3])
}

// numbered reports whether t starts like a numbered heading.
func numbered(t string) bool {
	s, _ := numbering(t)
	return s != ""
}

// ordinals returns the values a section number may have: as a decimal, a
// capital letter, a roman numeral.
func ordinals(s string) []int {
	if n, err := strconv.Atoi(s); err == nil {
		return []int{n}
	}
	var out []int
	if len(s) == 1 {
		out = append(out, int(s[0]-'A')+1)
	}
	values := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	n := 0
	for i := 0; i < len(s); i++ {
		v := values[s[i]]
		if v == 0 {
			return out
		}
		if i+1 < len(s) && values[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	return append(out, n)
}

// succeeds reports whether one of the values b may have comes right after
// one of a's.
func succeeds(a, b []int) bool {
	for _, x := range a {
		for _, y := range b {
			if x+1 == y {
				return true
			}
		}
	}
	return false
}

// headingTitle returns the title that follows a heading's number ("" for
// "Chapter 4" alone).
func headingTitle(t string) string {
	if m := keywordLine.FindStringSubmatch(t); m != nil {
		return m[3]
	}
	if m := numberedLine.FindStringSubmatch(t); m != nil {
		return m[5]
	}
	return ""
}

// numberedHeading reports whether line i, which starts like a numbered
// heading (numbering), is one: its title is a short phrase in sentence or
// title case, with no sentence punctuation ("1. Introduction", "2.3 Methods
// and data", "Section 1: The harbour programme"); it stands apart from the
// text before it (a blank line, a page break or a heading); the line after
// it does not carry on its text; the line before does not end with a colon,
// as a list's introduction does; and it is not an item of a list
// (inNumberedList).
func numberedHeading(lines []Line, i int) bool {
	t := lines[i].Text
	if title := headingTitle(t); title != "" && !headingPhrase(title) {
		return false
	}
	if i > 0 && (lines[i-1].Kind == Body || lines[i-1].Kind == Caption) {
		return false
	}
	if i+1 < len(lines) && lines[i+1].Kind == Body && isLowerStart(lines[i+1].Text) {
		return false
	}
	if p := neighbour(lines, i, -1); p >= 0 && strings.HasSuffix(lines[p].Text, ":") {
		return false
	}
	return !inNumberedList(lines, i)
}

// inNumberedList reports whether line i is an item of a numbered list (or of
// a table of contents): the nearest line of text after it carries the next
// number of its scheme, or the nearest one before it the previous number,
// spaced as that line's own list is: items one a line and then a blank
// line are a list that has ended ("1. Check the records", "2. Ask the
// owners", blank, "3. Findings" is a list, then a heading).
func inNumberedList(lines []Line, i int) bool {
	follows := func(a, b int) bool { // line b carries the number after line a's
		sa, na := numbering(lines[a].Text)
		sb, nb := numbering(lines[b].Text)
		return sa == sb && succeeds(na, nb)
	}
	if next := neighbour(lines, i, 1); next >= 0 && follows(i, next) {
		return true
	}
	prev := neighbour(lines, i, -1)
	if prev < 0 || !follows(prev, i) {
		return false
	}
	if prev+1 == i {
		return true // one a line
	}
	// A blank line parts them: the same list only if its items are apart too.
	before := neighbour(lines, prev, -1)
	return before < 0 || !follows(before, prev) || before+1 < prev
}

// neighbour returns the index of the nearest line before (step -1) or after
// (step 1) line i that holds text (not blank, not furniture), or -1.
func neighbour(lines []Line, i, step int) int {
	for j := i + step; j >= 0 && j < len(lines); j += step {
		if k := lines[j].Kind; k != Blank && k != Furniture {
			return j
		}
	}
	return -1
}

// headingPhrase reports whether t could be the title of a numbered heading:
// a short phrase starting with a capital or a digit, in any case after that,
// with no sentence punctuation.
func headingPhrase(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 12 || utf8.RuneCountInString(t) > 90 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	last, _ := utf8.DecodeLastRuneInString(t)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first)) || strings.ContainsRune(".,;:!-–—(\u00ad", last) {
		return false
	}
	return !strings.ContainsAny(t, ",;") && len(Sentences(t)) <= 1
}

// markItems finds, once the lines are in reading order, the lines of a
// plain text that are pieces of the text around them though they have a
// heading's shape. The items of a list and the fields of a record
// (listLines, fieldOfRecord) are marked Item, each a paragraph of its own,
// and are no headings; neither is a connective standing alone ("Then"), a
// line that runs on into the next (runsOn), a line with an address in it,
// or a copyright notice. It runs after reorder, so that the lines next to
// each other are the ones read together, and so that the reading order is
// found from the same headings as before: a heading on a page is evidence
// of where its columns break.
func markItems(lines []Line) {
	width := textWidth(lines)
	items := listLines(lines, width)
	for i := range lines {
		l := &lines[i]
		if !isText(*l) {
			continue
		}
		item := items[i] || fieldOfRecord(lines, i)
		if l.Kind == Heading && item && !fieldLine.MatchString(l.Text) && (i == 0 || !items[i-1]) && i+1 < len(lines) && !looksLikeHeading(lines[i+1].Text) {
			// The first line of a list that reads unlike its items
			// heads it: a manual's "SYNOPSIS" over its command lines.
			item = false
		}
		if l.Kind == Heading && !headsSection(lines, i, width, item) {
			l.Kind = Body
		}
		l.Item = item && l.Kind == Body
	}
}

// headsSection reports whether heading line i, an item of a list or not,
// still heads a section once the lines around it are known: a heading
// neither runs on into the next line nor holds an address or a copyright
// notice, and unless numbered ("2. Scope", one of a run of numbered
// headings) it is neither an item nor a connective.
func headsSection(lines []Line, i, width int, item bool) bool {
	t := lines[i].Text
	if runsOn(lines, i, width) || address.MatchString(t) || IsCopyrightNotice(t) {
		return false
	}
	return numbered(t) || !item && !connectives[strings.ToLower(t)]
}

// isText reports whether a line is running text or a heading: a line that
// is read with the ones next to it.
func isText(l Line) bool { return l.Kind == Body || l.Kind == Heading }

// textWidth is the length, in characters, that the report's lines of text
// run to: the 90th percentile of their lengths, so that the short last
// lines of paragraphs and a few overlong ones do not count.
func textWidth(lines []Line) int {
	var n []int
	for _, l := range lines {
		if isText(l) {
			n = append(n, utf8.RuneCountInString(l.Text))
		}
	}
	if len(n) == 0 {
		return 0
	}
	slices.Sort(n)
	return n[len(n)*9/10]
}

// listLines reports, for every line, whether it is an item of a list or a
// field of a record: a run of three or more short lines with no blank line
// and no line of prose between them ("BSD4.3 (VAX 11)", "MINIX 1.5
// (pc532)", "UTS (Amdahl)"; "Program: GNU bc", "Author: Philip A.
// Nelson"). Such lines are text of the section they are in, however much
// they look like headings.
func listLines(lines []Line, width int) []bool {
	items := make([]bool, len(lines))
	// An item is short (at most three quarters of the text's width) and
	// no piece of a wrapped sentence: it neither starts in lowercase nor
	// breaks off mid-phrase, as the lines of two columns read across do
	// ("vulnerable to storms, erosion and neglect.", "Early History").
	item := func(i int) bool {
		t := lines[i].Text
		if !isText(lines[i]) || utf8.RuneCountInString(t)*4 > width*3 || isLowerStart(t) || captionLine.MatchString(t) {
			return false
		}
		words := strings.Fields(t)
		last := words[len(words)-1]
		return !minorWords[strings.ToLower(last)] && !strings.HasSuffix(last, ",") && !strings.HasSuffix(last, "-")
	}
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && item(j) {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				items[k] = true
			}
		}
		i = max(j, i+1)
	}
	return items
}

// fieldLine is a line that gives a field of a record: a label of one to
// three words, a colon, then the value or nothing ("Author: Philip A.
// Nelson", "When: 1.17.x", "names: LISTofSTRING8", "Why:").
var fieldLine = regexp.MustCompile(`^\p{L}[\p{L}\p{N}'’&/.\-]*(?: [\p{L}\p{N}'’&/.\-]+){0,2}:(?:\s|$)`)

// fieldOfRecord reports whether line i is a field of a record: it and a
// line right next to it (no blank line between) are both field lines. A
// "Label: value" line standing alone may still be a heading ("Appendix: How
// to Apply These Terms").
func fieldOfRecord(lines []Line, i int) bool {
	if !fieldLine.MatchString(lines[i].Text) {
		return false
	}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(lines) && isText(lines[j]) && fieldLine.MatchString(lines[j].Text) {
			return true
		}
	}
	return false
}

// connectives are words that join or point within sentences: standing
// alone on a line (a manual's "Then" between two examples), such a word is
// a piece of the text around it, never a heading.
var connectives = map[string]bool{
	"and": true, "or": true, "but": true, "nor": true, "so": true, "then": true, "also": true,
	"else": true, "otherwise": true, "thus": true, "hence": true, "therefore": true,
	"however": true, "instead": true, "meanwhile": true, "here": true, "there": true,
	"now": true, "again": true, "still": true, "yet": true, "too": true, "either": true,
	"neither": true, "if": true, "when": true, "where": true, "while": true, "because": true,
	"since": true, "until": true, "unless": true, "although": true, "though": true,
	"whereas": true, "this": true, "that": true, "these": true, "those": true, "it": true,
	"which": true, "who": true, "the": true, "a": true, "an": true,
}

// runsOn reports whether line i is a line of a paragraph that runs on into
// the next, not a heading: it breaks off mid-phrase ("… (or any work based
// on the", "… HOLDERS AND/OR"); or it fills the text's width and the line
// right under it carries on its sentence in lowercase; or it fills the
// width with a sentence's worth of words between two lines of text, as the
// lines of a paragraph in capitals do.
func runsOn(lines []Line, i, width int) bool {
	words := strings.Fields(lines[i].Text)
	last := strings.ToLower(words[len(words)-1])
	if continuers[last] || continuers[last[strings.LastIndexByte(last, '/')+1:]] {
		return true
	}
	n := utf8.RuneCountInString(lines[i].Text)
	prev, next := i-1, i+1
	if next >= len(lines) || !isText(lines[next]) {
		return false
	}
	if isLowerStart(lines[next].Text) && len(words) >= 6 && n*5 >= width*4 {
		return true
	}
	return prev >= 0 && isText(lines[prev]) && len(words) >= 8 && n*20 >= width*17
}

// address is an e-mail address or a web address: a line that holds one
// signs, credits or links ("Author: Jane Doe <jane@example.org>"), and
// never heads a section.
var address = regexp.MustCompile(`[\w.+-]@[\w-]+\.\w|://|\bwww\.\w`)

// continuers end a line whose text must go on: a heading cannot follow them.
var continuers = map[string]bool{"and": true, "or": true, "of": true, "the": true, "a": true, "an": true}

// continues reports whether line i carries on the text of the body line
// before it, which ends mid-phrase (hyphen, comma, conjunction or article).
func continues(lines []Line, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch lines[j].Kind {
		case Blank, Furniture:
			continue
		case Body:
			t := lines[j].Text
			last, _ := utf8.DecodeLastRuneInString(t)
			if strings.ContainsRune("-,:\u00ad", last) {
				return true // "…, and" or "the following ports:"
			}
			words := strings.Fields(t)
			return continuers[strings.ToLower(words[len(words)-1])]
		}
		return false
	}
	return false
}

// assignPages numbers pages. A form feed, or the first line of a cluster of
// furniture (footer, blank lines, header) after some text, starts a new page.
func assignPages(lines []Line) {
	page, text, inFurniture := 1, false, false
	for i := range lines {
		switch lines[i].Kind {
		case Furniture:
			if !inFurniture && text {
				page++
				text = false
			}
			inFurniture = true
		case Blank:
		case Meta:
			inFurniture = false
		default:
			inFurniture = false
			text = true
		}
		lines[i].Page = page
	}
}
