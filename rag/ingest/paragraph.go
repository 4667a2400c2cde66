package ingest

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// paragraph is running text under one section heading, its lines joined.
type paragraph struct {
	section string
	text    string
	pages   []pageMark // where each page starts in text, in order
	rows    bool       // a table: one row a line, cut only between rows
	pre     bool       // preformatted (<pre>, a Markdown code block): code, a command, a program's output, or a drawing
}

// pageMark says that text from byte off on is on page.
type pageMark struct{ off, page int }

// pageAt returns the page of byte off of the paragraph's text.
func (p paragraph) pageAt(off int) int {
	i := sort.Search(len(p.pages), func(i int) bool { return p.pages[i].off > off })
	if i == 0 {
		return p.pages[0].page
	}
	return p.pages[i-1].page
}

// shortLine is the share of a report's typical line length under which a line
// that ends a sentence is taken to end its paragraph.
const shortLine = 0.7

// paragraphs joins body lines into paragraphs. A heading starts a new section;
// a paragraph ends where a line that ends a sentence is followed by a blank
// line or is clearly shorter than the report's typical line, and in plain
// text (without sides) where a short line is followed by a blank line and
// a line opening with a capital or a digit. An item of a list, a bullet's
// or a line's own (Line.Item), is a paragraph of its own. Lines broken
// after a hyphen are joined without a space. Furniture and meta lines are
// skipped: sentences run on across a page break or a figure.
//
// With sides, caption, table and footnote lines become paragraphs of their
// own (a table one row a line, cut only between rows), placed after the body
// paragraph they interrupt; without, captions are skipped too.
func paragraphs(lines []Line, sides bool) []paragraph {
	typical := typicalLength(lines)
	vocab := vocabulary(lines)
	var (
		paras     []paragraph
		pending   []paragraph // side paragraphs waiting for the body paragraph to end
		cur       paraBuilder
		side      paraBuilder
		sideKind  LineKind
		section   string
		blank     bool
		prev      string
		wasItem   bool // the paragraph so far is a list's item
		wholeItem bool // the line before was an item on a line of its own (Line.Item)
		wasApart  bool // the last body line is a paragraph of its own
	)
	flushSide := func() {
		if p, ok := side.build(section); ok {
			p.rows = sideKind == Table
			pending = append(pending, p)
		}
		side = paraBuilder{}
	}
	flush := func() {
		if p, ok := cur.build(section); ok {
			paras = append(paras, p)
		}
		cur = paraBuilder{}
		flushSide()
		paras = append(paras, pending...)
		pending = nil
	}
	lastSide := false
	for _, l := range lines {
		isSide := sides && (l.Kind == Caption || l.Kind == Table || l.Kind == Footnote)
		if lastSide && (!isSide || l.Kind != sideKind) {
			flushSide()
		}
		lastSide = isSide
		switch {
		case isSide:
			sideKind = l.Kind
			if l.Kind == Table {
				side.addRow(l.Text, l.Page)
			} else {
				side.add(l.Text, l.Page, vocab)
			}
		case l.Kind == Heading:
			flush()
			section, blank, prev, wasItem, wholeItem = l.Text, false, "", false, false
		case l.Kind == Blank:
			blank = true
		case l.Kind == Body && isRule(l.Text):
			// "------": a rule drawn in characters, between paragraphs.
			blank = true
		case l.Kind == Body:
			text, item := bulletItem(l.Text)
			if item && !blank && !wasItem && dashBullet(l.Text) && prev != "" && !endsSentence(prev) &&
				float64(utf8.RuneCountInString(prev)) >= shortLine*typical {
				// A full line that ends mid-sentence, then a dash: a dash
				// set between words that the line broke before ("four
				// events" + "– admission, expansion …"), not a list.
				text, item = l.Text, false
			}
			switch {
			case prev != "" && (l.Apart || wasApart):
				flush()
			case (item || l.Item || wholeItem) && prev != "":
				flush() // each item of a list is a paragraph of its own
			case prev != "" && (endsSentence(prev) || blank && (strings.HasSuffix(prev, ":") || wasItem)) && (blank || float64(utf8.RuneCountInString(prev)) < shortLine*typical):
				flush()
			case !sides && prev != "" && blank && float64(utf8.RuneCountInString(prev)) < shortLine*typical && startsNew(text):
				// Plain text: a short line, a blank line, then what reads
				// as a start ("Copyright 2004 Ann Lee" / "Permission is
				// granted"). A full line before the blank is more likely
				// a sentence running on across a page break.
				flush()
			}
			cur.add(text, l.Page, vocab)
			blank, prev, wasItem, wholeItem, wasApart = false, l.Text, item || l.Item || wasItem && !blank, l.Item, l.Apart
		default:
			blank = false
		}
	}
	flush()
	return paras
}

// bullet is a list item's mark at the start of a line: "- ", "* ", "• ".
var bullet = regexp.MustCompile(`^[-*•◦▪‣·–]\s+`)

// bulletItem returns a line without its list item's bullet, and whether it
// had one.
func bulletItem(line string) (string, bool) {
	if m := bullet.FindStringIndex(line); m != nil && m[1] < len(line) {
		return line[m[1]:], true
	}
	return line, false
}

// dashBullet reports whether a line opens with a dash as its bullet: a
// mark that is also punctuation inside a sentence.
func dashBullet(line string) bool {
	return strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "– ")
}

// isRule reports whether a line is a rule drawn in characters: three or
// more of "-", "_", "=", "*", "~" and nothing else but spaces.
func isRule(line string) bool {
	n := 0
	for _, r := range line {
		switch r {
		case '-', '_', '=', '*', '~', '—', '–':
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// paraBuilder accumulates the lines of one paragraph.
type paraBuilder struct {
	buf   []byte
	pages []pageMark
}

func (b *paraBuilder) add(line string, page int, vocab map[string]bool) {
	if len(b.buf) > 0 {
		b.buf = joinLines(b.buf, line, vocab)
	}
	if n := len(b.pages); n == 0 || b.pages[n-1].page != page {
		b.pages = append(b.pages, pageMark{len(b.buf), page})
	}
	b.buf = append(b.buf, line...)
}

// addRow appends a table row on a line of its own.
func (b *paraBuilder) addRow(row string, page int) {
	if len(b.buf) > 0 {
		b.buf = append(b.buf, '\n')
	}
	if n := len(b.pages); n == 0 || b.pages[n-1].page != page {
		b.pages = append(b.pages, pageMark{len(b.buf), page})
	}
	b.buf = append(b.buf, row...)
}

func (b *paraBuilder) build(section string) (paragraph, bool) {
	text := strings.TrimRight(string(b.buf), string(softHyphen))
	if strings.TrimSpace(text) == "" {
		return paragraph{}, false
	}
	return paragraph{section: section, text: text, pages: b.pages}, true
}

// joinLines prepares acc, the paragraph so far, for next to be appended: it
// adds a space between words, but none after a hyphen or dash that breaks the
// line ("U.S.-" + "South Korea"). A typesetter's hyphen inside a word is
// dropped as softBreak decides: by the report's own spelling, then the
// English dictionary ("govern-" + "ment", but "low-" + "income").
func joinLines(acc []byte, next string, vocab map[string]bool) []byte {
	last, size := utf8.DecodeLastRune(acc)
	switch last {
	case softHyphen:
		return acc[:len(acc)-size]
	case '—', '–', '/':
		// A dash or slash set between spaces ("law –" + "something",
		// "Omni /" + "Plymouth") has one after it too; one against its
		// word ("1990–" + "95", "and/" + "or") has none.
		if before, _ := utf8.DecodeLastRune(acc[:len(acc)-size]); before != ' ' {
			return acc
		}
	case '-':
		before, _ := utf8.DecodeLastRune(acc[:len(acc)-size])
		if before == ' ' || before == '-' || before == utf8.RuneError {
			break // a dash between words or a run of dashes, not a broken word
		}
		if softBreak(string(acc[max(0, len(acc)-64):]), next, vocab) {
			return acc[:len(acc)-size]
		}
		if suspendedHyphen(next) {
			break // "short-" + "and long-term": the hyphen's word is left to the next
		}
		return acc
	}
	if closedDash(next) && last != ' ' {
		return acc
	}
	return append(acc, ' ')
}

func trailingLetters(b []byte) string {
	i := len(b)
	for i > 0 {
		r, size := utf8.DecodeLastRune(b[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	return string(b[i:])
}

func leadingLetters(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

// startsNew reports whether a line opens as a paragraph may: with a
// capital letter or a digit.
func startsNew(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

func isLowerStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// vocabulary returns the lowercase words of the report's body lines, with
// their inner hyphens, leaving out the fragments broken at a line's end,
// and their names (see addNames).
func vocabulary(lines []Line) map[string]bool {
	vocab := map[string]bool{}
	for _, l := range lines {
		if l.Kind != Body {
			continue
		}
		words := strings.FieldsFunc(l.Text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
		for i, w := range words {
			if i == len(words)-1 && strings.HasSuffix(l.Text, w) && strings.HasSuffix(w, "-") {
				continue
			}
			w = strings.Trim(w, "-")
			if w != "" {
				vocab[strings.ToLower(w)] = true
			}
		}
		addNames(vocab, l.Text)
	}
	return vocab
}

// sentenceStart reports whether a word after text starts a sentence: text
// is empty, or ends a sentence.
func sentenceStart(text string) bool {
	text = strings.TrimSpace(text)
	return text == "" || endsSentence(text)
}

// addNames adds to vocab the capitalised words of a line that stand inside
// a sentence (not its first word, nor one after a full stop), as written:
// the names a document uses ("Paris", "French"). Lowercase keys are its
// words; a key with a capital is a name.
func addNames(vocab map[string]bool, line string) {
	fields := strings.Fields(line)
	for i := 1; i < len(fields); i++ {
		if endsSentence(fields[i-1]) || i == len(fields)-1 && strings.HasSuffix(fields[i], "-") {
			continue // a sentence's first word, or a fragment broken at the line's end
		}
		w := leadingLetters(strings.TrimLeft(fields[i], "\"'“‘([{"))
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			vocab[w] = true
		}
	}
}

// typicalLength is the median length, in characters, of the body lines.
func typicalLength(lines []Line) float64 {
	var n []int
	for _, l := range lines {
		if l.Kind == Body {
			n = append(n, utf8.RuneCountInString(l.Text))
		}
	}
	if len(n) == 0 {
		return 0
	}
	sort.Ints(n)
	return float64(n[len(n)/2])
}

// endsSentence reports whether t ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(t string) bool {
	t = strings.TrimRight(t, "\"'”’)]")
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':'
}

// suspendedHyphen reports whether a line broken after a hyphen goes on
// with a conjunction standing alone, as a suspended compound does
// ("short-" + "and long-term", "pre-" + "or post-war", "one-" + "to
// two-year"): the hyphen ends a word, and a space follows it, unless the
// two parts make a word ("mi-" + "nor", softBreak decides first). A
// compound that holds the conjunction runs on with a hyphen ("hit-" +
// "and-run").
func suspendedHyphen(next string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(next), " ")
	switch first {
	case "and", "or", "nor", "to":
		return true
	}
	return false
}

// closedDash reports whether a line opens with a dash set against the word
// after it ("—many leaders"): the line broke before a dash that is closed up
// on both sides ("model—many"), as a dash set between spaces is not.
func closedDash(next string) bool {
	r, size := utf8.DecodeRuneInString(next)
	if r != '—' && r != '–' {
		return false
	}
	after, _ := utf8.DecodeRuneInString(next[size:])
	return unicode.IsLetter(after) || unicode.IsDigit(after)
}
