package ingest

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading-order repair.
//
// PDF extractors that read a two-column page line by line, top to bottom,
// merge the lines of both columns by baseline: "left 1, right 1, left 2,
// right 2, ...", with runs of one column wherever the other has a gap (a
// paragraph break, a heading's spacing, a figure). reorder separates each
// page's lines into its two columns again and puts the page in reading
// order: the left column, then the right.
//
// Each page is solved as a whole by dynamic programming over the assignment
// of its lines to two streams (the Viterbi path of a two-stream model): the
// cost of a line joining its stream depends on the stream's previous line.
// The evidence, all of it general and none of it about any one document:
//
//   - sentence flow: a line that ends mid-sentence goes on in its own column,
//     with a lowercase word or a proper noun, not "The"; a line that ends a
//     sentence is followed by a capital; a broken compound ("U.S.-") joins a
//     word the document uses with it elsewhere;
//   - the interleaving itself: lines alternate; one column runs alone only
//     while the other is at a gap, which follows a sentence end (or shows as
//     a blank line, caption or figure);
//   - headings sit between a sentence end and a capital, in their column;
//   - the document's own statistics: word pairs seen within lines, words
//     shared with the line before, line widths (greedy line breaking: the next
//     line's first word did not fit), and each column's own width.
//
// A page whose lines read better in the order they came stays as it is, so
// single-column text passes through unchanged.

// Weights of the evidence, in cost units (lower is better).
const (
	costStart        = 0.3 // a stream's first line on a page
	costSwitch       = 0.05
	costRunNoGap     = 2.0 // one column runs on while the other is mid-sentence
	costHeadingMid   = 2.5 // a heading right after a line that ends mid-sentence
	costAfterHeading = 2.5 // a lowercase line right after a heading
	costLowerAfter   = 2.0 // a lowercase line after a sentence end
	costCapitalMid   = 1.5 // a capitalised common word after a mid-sentence end
	costShortMid     = 1.0 // a short line that ends mid-sentence, inside a column
	costCompound     = -1.5
	costBigram       = -0.3
	costOverlap      = -0.25
	costTooWide      = 2.0
	widthSlack       = 10 // characters to spare before greedy breaking counts
	minPageLines     = 6
	// maxColumnWidth is the longest a page's lines may typically be (90th
	// percentile, in characters) for them to be a column of a two-column
	// page; text with a paragraph to a line is left as it is.
	maxColumnWidth = 110
	window         = 64 // how far back the other stream's last line is remembered
)

// reorder puts classified lines into reading order, page by page. Blank
// lines inside a repaired page are dropped (their place between columns is
// meaningless); captions move to the end of their page. Lines of a page that
// is not interleaved are returned as they are.
func reorder(lines []Line) []Line {
	m := newModel(lines)
	out := make([]Line, 0, len(lines))
	var tail *feat
	for start := 0; start < len(lines); {
		end := start
		for end < len(lines) && lines[end].Page == lines[start].Page {
			end++
		}
		page, last := m.reorderPage(lines[start:end], tail)
		out = append(out, page...)
		if last != nil {
			tail = last
		}
		start = end
	}
	return out
}

// feat is what the model needs of one line.
type feat struct {
	line     Line
	n        int    // length in characters
	firstLen int    // length of the first word, in characters
	first    string // first word, lowercase letters and digits
	firstRaw string // first word as written, without leading punctuation
	last     string // last word, lowercase letters and digits
	lastCap  bool   // the last word is capitalised mid-sentence: a name may go on
	ends     tri    // whether the line ends a sentence
	hyphen   bool   // ends with a hyphen that breaks a compound ("U.S.-")
	dash     bool   // ends with a dash
	lower    bool   // starts with a lowercase letter
	upper    bool   // starts with a capital
	heading  bool
	gaps     int      // gap lines before it on the page (a running count)
	terms    []string // content words, sorted
	head     string   // for a line broken after a hyphen: its last word, lowercase
	tail     string   // its first word, lowercase, without trailing punctuation
}

type tri int

const (
	no tri = iota
	maybe
	yes
)

// model holds the document's statistics.
type model struct {
	bigrams map[[2]string]int // word pairs seen within lines
	vocab   map[string]bool   // words with their inner hyphens, as written within lines
	proper  map[string]bool   // words written with a capital mid-sentence
	common  map[string]bool   // words written in lowercase mid-sentence more often
}

func newModel(lines []Line) *model {
	m := &model{bigrams: map[[2]string]int{}, vocab: map[string]bool{}, proper: map[string]bool{}, common: map[string]bool{}}
	capital, lower := map[string]int{}, map[string]int{}
	for _, l := range lines {
		if l.Kind != Body {
			continue
		}
		words := strings.Fields(l.Text)
		for i, w := range words {
			core := wordCore(w)
			if core == "" {
				continue
			}
			lw := strings.ToLower(core)
			if i < len(words)-1 || !strings.HasSuffix(w, "-") {
				m.vocab[strings.ToLower(strings.Trim(w, "“”\"'‘’(),;:.!?"))] = true
			}
			if i > 0 {
				prev := words[i-1]
				if p := wordCore(prev); p != "" {
					m.bigrams[[2]string{strings.ToLower(p), lw}]++
				}
				if !endsSentence(prev) {
					if r, _ := utf8.DecodeRuneInString(core); unicode.IsUpper(r) {
						capital[lw]++
					} else {
						lower[lw]++
					}
				}
			}
		}
	}
	for w, n := range capital {
		if n >= lower[w] {
			m.proper[w] = true
		}
	}
	for w, n := range lower {
		if n > capital[w] {
			m.common[w] = true
		}
	}
	return m
}

// wordCore strips a word of surrounding punctuation.
func wordCore(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// stopShort are the common words of four letters or more that say nothing
// of a line's topic (shorter words are not counted at all).
var stopShort = map[string]bool{
	"with": true, "that": true, "this": true, "from": true, "have": true, "were": true, "their": true,
	"which": true, "also": true, "been": true, "into": true, "over": true, "more": true, "than": true,
}

func (m *model) feature(l Line) *feat {
	t := l.Text
	words := strings.Fields(t)
	f := &feat{line: l, n: utf8.RuneCountInString(t), heading: l.Kind == Heading}
	if len(words) == 0 {
		return f
	}
	firstRaw := strings.TrimLeft(words[0], "“\"'‘([")
	f.firstRaw = firstRaw
	f.firstLen = utf8.RuneCountInString(words[0])
	f.first = strings.ToLower(wordCore(words[0]))
	f.last = strings.ToLower(wordCore(words[len(words)-1]))
	if r, _ := utf8.DecodeRuneInString(firstRaw); unicode.IsLower(r) {
		f.lower = true
	} else if unicode.IsUpper(r) {
		f.upper = true
	}
	lastWord := words[len(words)-1]
	if len(words) > 1 && !endsSentence(words[len(words)-2]) {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(lastWord, "“\"'‘("))
		f.lastCap = unicode.IsUpper(r)
	}
	switch {
	case isDotted(strings.TrimRight(lastWord, ".")) || strings.HasSuffix(t, ":"):
		f.ends = maybe // "U.S." may or may not end the sentence
	case endsSentence(t):
		f.ends = yes
	}
	if strings.HasSuffix(t, "-") && !strings.HasSuffix(t, " -") && len(t) > 1 {
		f.hyphen = true
	}
	if strings.HasSuffix(t, "—") || strings.HasSuffix(t, "–") || strings.HasSuffix(t, string(softHyphen)) {
		f.dash = true
	}
	seen := map[string]bool{}
	for _, w := range words {
		c := strings.ToLower(wordCore(w))
		if utf8.RuneCountInString(c) >= 4 && !stopShort[c] && !seen[c] {
			seen[c] = true
			f.terms = append(f.terms, c)
		}
	}
	sort.Strings(f.terms)
	f.head = strings.ToLower(strings.TrimLeft(words[len(words)-1], "“\"'‘("))
	f.tail = strings.ToLower(strings.TrimRight(words[0], "”\"'’),;:.!?"))
	return f
}

// shared counts the content words two lines have in common.
func shared(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// join is the cost of line b following line a in the same column, whose
// width is w characters.
func (m *model) join(a, b *feat, w float64) float64 {
	return m.joinAcross(a, b, w, w)
}

// joinAcross is the cost of line b, in a column wb wide, following line a,
// in a column wa wide: the text of one column going on in the next.
func (m *model) joinAcross(a, b *feat, wa, wb float64) float64 {
	w := wa
	cost := 0.0
	if float64(b.n) > wb+4 && !b.heading {
		cost += costTooWide + (float64(b.n)-wb)/10
	}
	switch {
	case b.heading:
		if a.heading {
			return cost + 1
		}
		if a.ends != yes {
			cost += costHeadingMid
		}
		return cost
	case a.heading:
		if b.lower {
			cost += costAfterHeading
		}
		return cost
	}
	full := float64(a.n) >= 0.8*w
	switch a.ends {
	case yes:
		if b.lower {
			cost += costLowerAfter
		}
	case no:
		if !full && !a.hyphen && !a.dash {
			cost += costShortMid
		}
		// Mid-sentence, a capital starts a name, not a common word ("The").
		if b.upper && !a.hyphen && !isAcronym(b.firstRaw) {
			switch {
			case m.common[b.first]:
				cost += costCapitalMid
			case !m.proper[b.first] && !a.lastCap:
				cost += costCapitalMid / 2
			}
		}
	}
	if a.ends != yes || full {
		// Greedy line breaking: had b's first word fitted on a, it would be there.
		room := w - float64(a.n) - 1
		if a.hyphen || a.dash {
			room++
		}
		if slack := room - float64(b.firstLen); slack > widthSlack {
			cost += math.Min(3, (slack-widthSlack)/5)
		}
	}
	if a.hyphen && m.compound(a, b) {
		cost += costCompound
	}
	if n := m.bigrams[[2]string{a.last, b.first}]; n > 0 && a.ends != yes {
		cost += costBigram * math.Min(2, math.Log1p(float64(n)))
	}
	return cost + costOverlap*math.Min(3, float64(shared(a.terms, b.terms)))
}

// compound reports whether the document writes a's broken word joined to b's
// first word elsewhere ("U.S.-" + "South" as "U.S.-South", or "govern-" +
// "ment" as "government").
func (m *model) compound(a, b *feat) bool {
	return m.vocab[a.head+b.tail] || m.vocab[strings.TrimSuffix(a.head, "-")+b.tail]
}

func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// reorderPage repairs one page. tail is the last text line before the page
// in reading order (nil at the start). It returns the page's lines in reading
// order and its last text line.
func (m *model) reorderPage(page []Line, tail *feat) ([]Line, *feat) {
	var nodes []*feat
	var nodeAt []int
	gap, gaps := false, 0
	for i, l := range page {
		if l.Kind == Body || l.Kind == Heading {
			f := m.feature(l)
			if gap {
				gaps++
			}
			f.gaps = gaps
			nodes = append(nodes, f)
			nodeAt = append(nodeAt, i)
			gap = false
		} else if len(nodes) > 0 {
			gap = true
		}
	}
	if len(nodes) == 0 {
		return page, nil
	}
	last := nodes[len(nodes)-1]
	if len(nodes) < minPageLines {
		return page, last
	}
	width := pageWidth(nodes)
	if width > maxColumnWidth {
		return page, last // lines this long are whole paragraphs, not a column's
	}
	markLabels(nodes, width)
	widths := [2]float64{width, width}
	streams, twoCost := m.assign(nodes, widths)
	// Columns of different widths show as two clusters of full lines: try
	// them as the streams' widths, and keep whichever reads better.
	if narrow, ok := narrowColumn(nodes, width); ok {
		w2 := [2]float64{narrow, width}
		if s2, c2 := m.assign(nodes, w2); c2 < twoCost {
			streams, twoCost, widths = s2, c2, w2
		}
	}
	oneCost := m.single(nodes, width)
	switches := 0
	for i := 1; i < len(streams); i++ {
		// Only a switch inside a block of lines counts: a split that
		// switches only at blank lines reads whole paragraphs in another
		// order, as single-column text with a blank line between
		// paragraphs can always be read.
		if streams[i] != streams[i-1] && nodes[i].gaps == nodes[i-1].gaps {
			switches++
		}
	}
	// Interleaved columns alternate line by line; a split that reads a
	// little better but rarely switches is single-column text reshuffled.
	n := float64(len(nodes))
	if oneCost-twoCost < math.Max(3, 0.15*n) || float64(switches) < math.Max(3, 0.3*n) {
		return page, last
	}
	var cols [2][]*feat
	for i, s := range streams {
		cols[s] = append(cols[s], nodes[i])
	}
	if len(cols[0]) == 0 || len(cols[1]) == 0 {
		return page, last
	}
	first, second := cols[0], cols[1]
	if m.orderCost(tail, cols[1], cols[0], widths[1], widths[0]) < m.orderCost(tail, cols[0], cols[1], widths[0], widths[1]) {
		first, second = second, first
	}

	out := append(make([]Line, 0, len(page)), page[:nodeAt[0]]...)
	for _, f := range first {
		out = append(out, f.line)
	}
	for _, f := range second {
		out = append(out, f.line)
	}
	for _, l := range page[nodeAt[0]:] {
		if l.Kind != Body && l.Kind != Heading && l.Kind != Blank {
			out = append(out, l)
		}
	}
	return out, second[len(second)-1]
}

// markLabels reads as headings the labels that open a block of lines: a
// line after a gap, under half the page's width, that ends no sentence and
// is followed by a capital, as a manual sets each option above what it does
// ("-q --quiet" / "Suppress all warnings."). A column's text does not break
// that way: its short lines end paragraphs, with a sentence.
func markLabels(nodes []*feat, width float64) {
	for i := 0; i+1 < len(nodes); i++ {
		f := nodes[i]
		opens := i == 0 || f.gaps > nodes[i-1].gaps
		if opens && !f.heading && f.ends != yes && float64(f.n) < width/2 && nodes[i+1].upper && nodes[i+1].gaps == f.gaps {
			f.heading = true
		}
	}
}

// orderCost is the cost of reading column x (wx wide), then column y (wy
// wide): the joins from the text before the page into x, and from x's end
// into y's start.
func (m *model) orderCost(tail *feat, x, y []*feat, wx, wy float64) float64 {
	c := m.joinAcross(x[len(x)-1], y[0], wx, wy)
	if tail != nil {
		c += m.joinAcross(tail, x[0], wx, wx)
	} else if x[0].lower {
		c += costLowerAfter // a document does not start mid-sentence
	}
	return c
}

// pageWidth is the width of the page's text lines: a high percentile of their
// lengths, so that a stray long line does not set it.
func pageWidth(nodes []*feat) float64 {
	var n []int
	for _, f := range nodes {
		if !f.heading {
			n = append(n, f.n)
		}
	}
	if len(n) == 0 {
		return 0
	}
	sort.Ints(n)
	return float64(n[len(n)*9/10])
}

// narrowColumn looks for a second, narrower column width: a cluster of
// lines that stop well short of the page width (full lines of a narrow
// column) holding at least a fifth of the lines. It returns the cluster's
// top, the narrow column's width.
func narrowColumn(nodes []*feat, width float64) (float64, bool) {
	hist := map[int]int{}
	total := 0
	for _, f := range nodes {
		if !f.heading {
			hist[f.n]++
			total++
		}
	}
	best, bestTop := 0, 0
	for top := int(0.4 * width); top <= int(0.8*width); top++ {
		c := 0
		for n := top - 7; n <= top; n++ {
			c += hist[n]
		}
		// Prefer the highest top among equal counts: a column's full lines
		// reach its width.
		if c >= best {
			best, bestTop = c, top
		}
	}
	if best*5 < total {
		return 0, false
	}
	// The narrow column's own lines lie just under its width; shrink the
	// window's top to the longest line actually there.
	for bestTop > 0 && hist[bestTop] == 0 {
		bestTop--
	}
	return float64(bestTop), true
}

// single is the cost of reading the nodes in the order they came.
func (m *model) single(nodes []*feat, w float64) float64 {
	c := costStart
	for i := 1; i < len(nodes); i++ {
		c += m.join(nodes[i-1], nodes[i], w)
	}
	return c
}

// assign finds the cheapest split of the nodes into two streams. A state
// after node i is the stream s of i and how far back (d+1 nodes) the other
// stream's last node is (d == window: none, or too far back to matter). It
// returns each node's stream and the total cost. Time and memory grow as
// nodes × window.
func (m *model) assign(nodes []*feat, widths [2]float64) ([]int, float64) {
	n := len(nodes)
	const none = window
	dp := make([][window + 1][2]cell, n)
	dp[0][none][0] = cell{cost: costStart, filled: true, prevD: -1}
	dp[0][none][1] = cell{cost: costStart + 1e-9, filled: true, prevD: -1}
	for i := 0; i+1 < n; i++ {
		b := nodes[i+1]
		stayJoin := [2]float64{m.join(nodes[i], b, widths[0]), m.join(nodes[i], b, widths[1])}
		for d := 0; d <= none; d++ {
			for s := 0; s < 2; s++ {
				c := dp[i][d][s]
				if !c.filled {
					continue
				}
				k := -1
				if d < none {
					k = i - 1 - d
				}
				// b stays in i's stream; the other stream's last node is one further back.
				stay := c.cost + stayJoin[s] + m.runCost(nodes, k, i+1, widths[1-s])
				nd := none
				if d < none && d+1 < window {
					nd = d + 1
				}
				relax(&dp[i+1][nd][s], stay, d, s)
				// b switches to the other stream, after its last node k.
				sw := c.cost + costSwitch
				if k >= 0 {
					sw += m.join(nodes[k], b, widths[1-s])
				} else {
					sw += costStart
				}
				relax(&dp[i+1][0][1-s], sw, d, s)
			}
		}
	}
	best, bd, bs := math.Inf(1), 0, 0
	for d := 0; d <= none; d++ {
		for s := 0; s < 2; s++ {
			if c := dp[n-1][d][s]; c.filled && c.cost < best {
				best, bd, bs = c.cost, d, s
			}
		}
	}
	streams := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		streams[i] = bs
		c := dp[i][bd][bs]
		bd, bs = int(c.prevD), int(c.prevS)
	}
	return streams, best
}

// cell is one state of the assignment: the cheapest cost to reach it and
// the state it came from.
type cell struct {
	cost   float64
	prevD  int16
	prevS  int8
	filled bool
}

func relax(c *cell, cost float64, d, s int) {
	if !c.filled || cost < c.cost {
		*c = cell{cost: cost, prevD: int16(d), prevS: int8(s), filled: true}
	}
}

// runCost is the cost of node j continuing the current stream while the
// other stream's last node is k (in a column w wide): one column runs alone
// only while the other is at a gap.
func (m *model) runCost(nodes []*feat, k, j int, w float64) float64 {
	if k < 0 {
		return 0
	}
	if nodes[j].gaps > nodes[k].gaps {
		return 0 // a gap line came between
	}
	// A column is at a gap after its paragraph ends: a sentence end on a line
	// that stops short. A full line ending a sentence only may end one.
	k0 := nodes[k]
	short := float64(k0.n) < 0.85*w
	switch {
	case k0.ends == yes && short && !k0.heading:
		return 0
	case k0.ends == yes || (k0.ends == maybe && short):
		return costRunNoGap / 2
	}
	return costRunNoGap
}
