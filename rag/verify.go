package rag

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// A model's answer is checked before anyone sees it: its citation markers
// must name passages it was given, and what it puts in quotation marks must
// be in the passage it cites.

// marker is a citation as models write them: [2], [1, 3], [1][2], [Passage 2].
var marker = regexp.MustCompile(`(?i)\s*\[(?:passages?\s*)?(\d+(?:\s*(?:,|;|and|&)\s*(?:passages?\s*)?\d+)*)\]`)

// markerSoFar matches the start of what may still become a marker, or
// markers that may yet be removed: "[", "[Passage 1, 2 and", "[[9]1".
var markerSoFar = regexp.MustCompile(`(?i)^\[[\dpasgend,;&\s\[\]]*$`)

// markerNumber finds the numbers inside a marker.
var markerNumber = regexp.MustCompile(`\d+`)

// cleanCitations rewrites every marker of text as [n] markers of the
// passages 1..given it names, and removes markers that name none. It
// returns the text and the numbers cited, in order of first appearance.
func cleanCitations(text string, given int) (string, []int) {
	// Removing a marker can make one of what was around it ("[[9]1]"):
	// clean until nothing changes.
	out, cited := cleanOnce(text, given)
	for range 8 {
		again, _ := cleanOnce(out, given)
		if again == out {
			break
		}
		out = again
	}
	return out, cited
}

// cleanOnce is one pass of cleanCitations.
func cleanOnce(text string, given int) (string, []int) {
	var cited []int
	seen := map[int]bool{}
	out := marker.ReplaceAllStringFunc(text, func(m string) string {
		var b strings.Builder
		for _, d := range markerNumber.FindAllString(m, -1) {
			n, err := strconv.Atoi(d)
			if err != nil || n < 1 || n > given {
				continue
			}
			b.WriteString("[" + d + "]")
			if !seen[n] {
				seen[n] = true
				cited = append(cited, n)
			}
		}
		if b.Len() == 0 {
			return "" // no passage of that number was given
		}
		lead := m[:len(m)-len(strings.TrimLeftFunc(m, unicode.IsSpace))]
		if lead != "" {
			lead = " "
		}
		return lead + b.String()
	})
	return out, cited
}

// streamCleaner cleans a streamed answer as it arrives, showing only text
// that can no longer change: a marker still open ("[1") or space that a
// marker removed later would take with it is held back until the next
// piece settles it. What it shows is always a prefix of the final text.
type streamCleaner struct {
	raw   strings.Builder
	given int
	shown string
}

// add takes the next piece and reports the settled text, and whether it
// grew.
func (c *streamCleaner) add(piece string) (string, bool) {
	c.raw.WriteString(piece)
	raw := c.raw.String()
	safe := len(raw)
	for _, open := range unclosed(raw) {
		if markerSoFar.MatchString(raw[open:]) {
			safe = open // "[1, " may yet become a marker, or a marker removed
			break
		}
	}
	safe = len(strings.TrimRightFunc(raw[:safe], unicode.IsSpace))
	text, _ := cleanCitations(raw[:safe], c.given)
	text = strings.TrimLeftFunc(text, unicode.IsSpace) // as the final text is
	if len(text) <= len(c.shown) || !strings.HasPrefix(text, c.shown) {
		return c.shown, false
	}
	c.shown = text
	return text, true
}

// unclosed returns the positions of the "["s of text not closed by a "]"
// after them, first first.
func unclosed(text string) []int {
	var open []int
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '[':
			open = append(open, i)
		case ']':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	return open
}

// quoted finds text a model put in quotation marks, straight or curly.
var quoted = regexp.MustCompile(`“([^”]{8,})”|"([^"]{8,})"`)

// unfoundQuotes returns the quotations of text that are not in the passages
// the sentence holding them cites (or, with no marker in the sentence, in
// any passage given). Whitespace, quote style and case are not held
// against a quotation.
func unfoundQuotes(text string, hits []Hit) []string {
	var missing []string
	for _, loc := range quoted.FindAllStringSubmatchIndex(text, -1) {
		start, end := loc[2], loc[3]
		if start < 0 {
			start, end = loc[4], loc[5]
		}
		q := matchForm(text[start:end])
		cited := citedAfter(text, loc[1], len(hits))
		if len(cited) == 0 {
			for i := range hits {
				cited = append(cited, i+1)
			}
		}
		found := false
		for _, n := range cited {
			if strings.Contains(matchForm(hits[n-1].Passage.Text), q) {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, text[start:end])
		}
	}
	return missing
}

// citedAfter returns the passages cited from position at to the end of its
// sentence.
func citedAfter(text string, at, given int) []int {
	rest := text[at:]
	if end := sentenceEnd.FindStringIndex(rest); end != nil {
		// The markers of a sentence may follow its full stop: "... ." [2]
		tail := rest[end[1]:]
		for {
			m := marker.FindStringIndex(tail)
			if m == nil || m[0] != 0 {
				break
			}
			tail = tail[m[1]:]
		}
		rest = rest[:len(rest)-len(tail)]
	}
	var out []int
	for _, m := range marker.FindAllString(rest, -1) {
		for _, d := range markerNumber.FindAllString(m, -1) {
			if n, err := strconv.Atoi(d); err == nil && n >= 1 && n <= given {
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?](?:\s|$)`)

// declines reports an answer that says the report does not answer.
var declines = regexp.MustCompile(`(?i)\b(?:the )?(?:report|passages?|text|document)s? (?:do(?:es)?n[’']t|do(?:es)? not|never) (?:say|state|cover|mention|address|answer|specify|provide|include|contain)`)
