package rag

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"reportbot/rag/ingest"
)

// A model's answer is checked before anyone sees it: its citation markers
// must name passages it was given, and what it puts in quotation marks must
// be in the passage it cites.

// marker is a citation as models write them: [2], [1, 3], [1][2],
// [Passage 2], a range [1-3], and the forms [P1], [source 1], [^1], 【1】.
var marker = regexp.MustCompile(`(?i)\s*(?:\[\^?` + markerList + `\]|【` + markerList + `】)`)

// markerList is what is inside a marker: numbers or ranges, each perhaps
// named ("passage 2", "source: 3", "P1"), joined by commas, semicolons or
// "and".
const (
	markerName = `(?:(?:passages?|sources?|refs?|references?|docs?|documents?|chunks?|excerpts?)\s*[:#]?\s*|p\s*)?`
	markerItem = markerName + `\d+(?:\s*[-–—]\s*` + markerName + `\d+)?`
	markerList = markerItem + `(?:\s*(?:,|;|and|&)\s*` + markerItem + `)*`
)

// markerSoFar matches the start of what may still become a marker, or
// markers that may yet be removed: "[", "[Passage 1, 2 and", "[[9]1",
// "【1", "[source".
var markerSoFar = regexp.MustCompile(`(?i)^[\[【][\d\s,;&:#^\-–—\[\]【】acdefghkmnoprstux]*$`)

// markerNumber finds the numbers and ranges inside a marker.
var markerNumber = regexp.MustCompile(`(\d+)(?:\s*[-–—]\s*\D*?(\d+))?`)

// markerNumbers returns the passages of 1..given a marker names, in its
// order: a range a-b names those of a to b that were given.
func markerNumbers(m string, given int) []int {
	var out []int
	for _, g := range markerNumber.FindAllStringSubmatch(m, -1) {
		lo, err := strconv.Atoi(g[1])
		if err != nil {
			continue
		}
		hi := lo
		if g[2] != "" {
			if hi, err = strconv.Atoi(g[2]); err != nil {
				continue
			}
		}
		for n := max(lo, 1); n <= min(hi, given); n++ {
			out = append(out, n)
		}
	}
	return out
}

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
		for _, n := range markerNumbers(m, given) {
			b.WriteString("[" + strconv.Itoa(n) + "]")
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
	raw := dropThinking(c.raw.String())
	if i := strings.LastIndexByte(raw, '<'); i >= 0 && isTagStart(raw[i:]) {
		raw = raw[:i] // "<thi" may be a reasoning block opening
	}
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

// unclosed returns the positions of the "["s (and "【"s) of text not closed
// by a "]" (or "】") after them, first first.
func unclosed(text string) []int {
	var open []int
	for i, r := range text {
		switch r {
		case '[', '【':
			open = append(open, i)
		case ']', '】':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	return open
}

// Reasoning models (DeepSeek-R1, Qwen3 and the like, as Ollama and vLLM
// serve them) write their reasoning between <think> and </think> before the
// answer: it is no part of the answer, and its markers cite nothing.
var (
	thinkBlock = regexp.MustCompile(`(?is)<think(?:ing)?>.*?</think(?:ing)?>`)
	thinkOpen  = regexp.MustCompile(`(?i)<think(?:ing)?>`)
)

// dropThinking removes the reasoning blocks of text, and an unclosed one
// with everything after it (a reply cut off while reasoning, or still
// streaming).
func dropThinking(text string) string {
	if !strings.Contains(text, "<") {
		return text
	}
	text = thinkBlock.ReplaceAllString(text, "")
	if loc := thinkOpen.FindStringIndex(text); loc != nil {
		text = text[:loc[0]]
	}
	return text
}

// isTagStart reports whether s, which starts with "<", may still become
// the opening of a reasoning block.
func isTagStart(s string) bool {
	s = strings.ToLower(s)
	return strings.HasPrefix("<thinking>", s) || strings.HasPrefix("<think>", s)
}

// cleanAnswer is a model's reply as it is shown: without its reasoning,
// its markers cleaned (see cleanCitations), trimmed. It returns the
// passages cited too.
func cleanAnswer(text string, given int) (string, []int) {
	out, cited := cleanCitations(strings.TrimSpace(dropThinking(text)), given)
	return strings.TrimSpace(out), cited
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
		out = append(out, markerNumbers(m, given)...)
	}
	sort.Ints(out)
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?](?:\s|$)`)

// declined reports an answer that only says the passages do not answer:
// its first sentence opens with one of the usual ways of saying so ("The
// report doesn't say…", "I don't know", "There is no information about…",
// "The context does not specify…"), goes on to no "but…" other than to
// name the closest passages, and no later sentence sets out to answer
// after all ("However, it says…"). "The report does not give the date,
// but says the talks began in May [2]" answers in part, and is an answer.
func declined(text string) bool {
	text = marker.ReplaceAllString(text, "")
	spans := ingest.Sentences(text)
	if len(spans) == 0 {
		return false
	}
	first := strings.TrimSpace(text[spans[0].Start:spans[0].End])
	loc := declineOpening.FindStringIndex(first)
	if loc == nil {
		return false
	}
	if c := contrast.FindStringIndex(first[loc[1]:]); c != nil && !closest.MatchString(first[loc[1]+c[0]:]) {
		return false
	}
	for _, sp := range spans[1:] {
		if answersAfterAll.MatchString(strings.TrimSpace(text[sp.Start:sp.End])) {
			return false
		}
	}
	return true
}

// Declining, as models word it.
const (
	apos        = `[’']`
	declineLead = `(?:(?:unfortunately|sorry|i` + apos + `m sorry|i am sorry|based (?:only )?on (?:the |these )?(?:provided |given |available )?(?:passages?|report|text|context|information|documents?|excerpts?)(?: provided| given| above)?|according to (?:the )?(?:passages?|report|text|context))\s*,?\s*(?:but\s+)?)?`
	source      = `(?:the |these |this |those )?(?:provided |given |available |quoted |retrieved )?(?:report|passage|text|document|context|source|excerpt|information|data)s?(?: provided| given| above| available)?`
	declineSays = `(?:` +
		// I don't know, I cannot find, I'm unable to determine, I have no information
		`i (?:do not|don` + apos + `t|cannot|can` + apos + `t|can not|could not|couldn` + apos + `t|am unable to|am not able to|was unable to|was not able to) (?:know|find|see|tell|say|determine|answer|locate|identify|confirm|provide|give)` +
		`|i (?:do not|don` + apos + `t) have (?:enough |any |the |sufficient )?(?:information|data|details|answer)` +
		`|i` + apos + `m (?:unable|not able) to|i have no (?:information|data|details)` +
		// The passages provided do not mention this; the context is silent
		`|` + source + ` (?:do(?:es)?n` + apos + `t|do(?:es)? not|never|fails? to|(?:is|are) silent|(?:contains?|gives?|provides?|makes?|offers?|has|have|includes?) no)` +
		// There is no information about that; there's nothing in the report
		`|there(?: is|` + apos + `s| are| was| were) (?:no|nothing)(?: specific| explicit| direct| relevant| clear| such)? ?(?:information|mention|data|details?|indication|answer|reference|record|statement|evidence|figures?|numbers?|in the|about|on)` +
		// This is not stated; the answer is not in the passages
		`|(?:this|that|it|the answer|such information|this information|that information) (?:is|was)(?: not|n` + apos + `t) (?:stated|mentioned|specified|given|covered|said|provided|found|addressed|discussed|included|available|in the|contained|indicated|described|explained)` +
		`|no (?:information|mention|data|details?|answer) (?:is|are|was|were|about|on|regarding|of|in)` +
		`|not (?:stated|mentioned|specified|covered|said|provided|found|addressed|given) in` +
		`|none of the (?:provided |given )?(?:passages|sources|excerpts|documents)` +
		`)`
)

var (
	declineOpening = regexp.MustCompile(`(?i)^` + declineLead + declineSays)
	// contrast opens what an answer says after declining part of it.
	contrast = regexp.MustCompile(`(?i)\b(?:but|however|although|though|yet|except|instead|whereas|only)\b`)
	// closest is a decline naming what the passages are about instead.
	closest = regexp.MustCompile(`(?i)\b(?:closest|nearest|most relevant|related|relevant|most similar)\b`)
	// answersAfterAll opens a sentence that answers after a decline.
	answersAfterAll = regexp.MustCompile(`(?i)^(?:however|but|that said|still|nevertheless|it does|they do|what (?:it|they|the report) (?:does|do) say|instead)\b`)
)
