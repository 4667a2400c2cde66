package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is the half-open byte range [Start, End) of a piece of a text.
type Span struct {
	Start, End int
}

// abbreviations end with a full stop that does not end a sentence
// (lowercase, without the stop).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "vs": true, "no": true, "nos": true, "vol": true,
	"pp": true, "p": true, "fig": true, "figs": true, "sec": true, "approx": true, "est": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "dept": true, "gov": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true, "adm": true, "rep": true,
	"reps": true, "sen": true, "sens": true, "pres": true, "amb": true, "ch": true, "art": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "cf": true, "al": true,
	"viz": true,
}

// lowerAbbreviations end with a full stop that does not end a sentence
// when written in lowercase: "2nd ed. Oxford", not "went to Ed. He".
var lowerAbbreviations = map[string]bool{"ed": true, "eds": true}

// beforeNumbers end with a full stop that does not end a sentence before
// a number: "ca. 2 million", "c. 1500" (circa), "License, v. 2.0", not
// "Los Angeles, CA. It".
var beforeNumbers = map[string]bool{"ca": true, "c": true, "v": true, "ver": true}

// starters are words that commonly open a sentence. After an abbreviation
// with internal stops ("U.S.", "e.g."), a capital starts a new sentence only
// when it opens one of these; "U.S. Relations" stays one sentence.
var starters = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"it": true, "its": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"in": true, "on": true, "at": true, "as": true, "for": true, "from": true, "by": true,
	"with": true, "but": true, "and": true, "or": true, "so": true, "yet": true,
	"however": true, "although": true, "though": true, "because": true, "since": true,
	"while": true, "when": true, "after": true, "before": true, "during": true, "under": true,
	"if": true, "there": true, "their": true, "his": true, "her": true, "our": true,
	"some": true, "many": true, "most": true, "such": true, "according": true, "also": true,
	"another": true, "both": true, "each": true, "other": true, "meanwhile": true,
	"moreover": true, "furthermore": true, "still": true, "despite": true, "today": true,
	"now": true, "then": true, "thus": true, "instead": true, "what": true, "how": true,
	"who": true, "why": true, "officials": true, "congress": true,
}

// Sentences splits text into sentences and returns their spans, trimmed of
// surrounding white space, in order; a blank line always ends one, and so
// does the end of a table's row ("a | b" lines). Every non-space byte of text lies in
// exactly one span.
//
// It is written here rather than taken from a Punkt port because reports are
// full of dotted acronyms ("U.S.-ROK", "U.N.") and initials that need the
// rules above, and because it runs on every passage at index time and must be
// cheap.
func Sentences(text string) []Span {
	var spans []Span
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			// A blank line ends a sentence, stop or none: a list's
			// items, a heading-like line, a label and its value.
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' || tableRowEnds(text, start, i) {
				spans = appendSpan(spans, text, start, i)
				start = j
			}
			i = j
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		// Runs of terminators and closing quotes or brackets belong to the
		// sentence they end.
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if n := footnoteMark(text[end:]); n > 0 {
				end += n // "no more.[citation needed] Next", "fell.[12][13] Next"
				continue
			}
			if !strings.ContainsRune(".!?…\"'”’)]", r2) {
				break
			}
			end += s2
		}
		if end < len(text) && !isSpaceByte(text[end]) {
			i = end
			continue
		}
		next := end
		for next < len(text) && isSpaceByte(text[next]) {
			next++
		}
		// A mark set apart from the stop ("safer. [citation needed] The",
		// a line broken before it) is the sentence's too, when a sentence
		// opens after it; "[The author] said" opens one itself.
		for next < len(text) {
			n := footnoteMark(text[next:])
			if n == 0 || next+1 < len(text) && unicode.IsUpper(rune(text[next+1])) {
				break
			}
			after := next + n
			for after < len(text) && isSpaceByte(text[after]) {
				after++
			}
			if after < len(text) && !opensSentence(text[after:]) {
				break
			}
			end, next = next+n, after
		}
		if next < len(text) && (r != '.' || !continuesAfterStop(text[:i], text[next:]) && !isCaptionLabel(text[start:i])) && opensSentence(text[next:]) {
			spans = appendSpan(spans, text, start, end)
			start = next
		}
		i = end
	}
	return appendSpan(spans, text, start, len(text))
}

// isCaptionLabel reports whether a sentence so far is a caption's label
// (captionLabel). Only a short one can be: the pattern is not run on every
// sentence of every passage an index reads.
func isCaptionLabel(t string) bool {
	return len(t) <= maxCaptionLabel && captionLabel.MatchString(strings.TrimSpace(t))
}

// maxCaptionLabel is the longest caption label, in bytes, spaces around it
// included: "Diagram 12-10".
const maxCaptionLabel = 24

// captionLabel is a caption's label, all of a sentence before its stop:
// "Figure 1. Monthly availability of the chargers" is one sentence. The
// label is a number, perhaps with a letter ("3b"), or capitals ("A",
// "IV"): after "Map" or "Chart", a word in lowercase is the verb's object
// ("Map it. Then go home.").
var captionLabel = regexp.MustCompile(`^(?i:figure|fig\.?|table|chart|map|exhibit|graph|box|plate|diagram)\s+(?:\d{1,3}[a-z]?|[0-9A-Z]{1,3})(?:[.-]\d{1,2})?$`)

// cellBar separates a table row's cells in a passage's text.
const cellBar = " | "

// tableRowEnds reports whether the line end at i closes a table's row: the
// line before it, from start, and the line after it both hold cells.
func tableRowEnds(text string, start, i int) bool {
	if start > i {
		// The sentence starts past this line end (a stop's spaces ran
		// over it): the line end closes nothing.
		return false
	}
	line := text[start:i]
	if k := strings.LastIndexByte(line, '\n'); k >= 0 {
		line = line[k+1:]
	}
	next, _, _ := strings.Cut(text[i+1:], "\n")
	return strings.Contains(line, cellBar) && strings.Contains(next, cellBar)
}

// footnoteMark returns the length of the footnote mark rest opens with, as
// web pages write them after a sentence's stop ("[12]", "[citation
// needed]"), or 0.
func footnoteMark(rest string) int {
	if !strings.HasPrefix(rest, "[") {
		return 0
	}
	n := strings.IndexAny(rest[1:], "[]\n.!?")
	if n < 0 || n > 40 || rest[1+n] != ']' {
		return 0
	}
	return n + 2
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// appendSpan adds text[start:end], trimmed, unless it is empty.
func appendSpan(spans []Span, text string, start, end int) []Span {
	for start < end && isSpaceByte(text[start]) {
		start++
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if start < end {
		spans = append(spans, Span{start, end})
	}
	return spans
}

// opensSentence reports whether rest starts like a sentence: a capital
// letter or digit, possibly after an opening quote, bracket or currency sign.
func opensSentence(rest string) bool {
	for _, r := range rest {
		switch {
		case strings.ContainsRune("\"'“‘([$£€", r):
			continue
		case unicode.IsUpper(r) || unicode.IsDigit(r):
			return true
		}
		return false
	}
	return false
}

// continuesAfterStop reports whether a full stop at the end of before is part
// of an abbreviation, an initial or a dotted acronym that the text after it
// continues.
func continuesAfterStop(before, after string) bool {
	word := before[strings.LastIndexAny(before, " \n\t(\"“‘")+1:]
	lower := strings.ToLower(word)
	if abbreviations[lower] || lowerAbbreviations[word] {
		return true
	}
	if beforeNumbers[lower] && after != "" && after[0] >= '0' && after[0] <= '9' {
		return true
	}
	if n := utf8.RuneCountInString(word); n == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) // an initial, as in "Mark E. Manyin"
	}
	next := after
	if i := strings.IndexFunc(after, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		next = after[:i]
	}
	if isDotted(word) {
		return !starters[strings.ToLower(next)]
	}
	// A hyphenated initial, "Hans-J. Boehm", "J.-P. Sartre": a name part,
	// a hyphen and one capital. Before a name it is an initial; before a
	// word that opens sentences ("by Hans-J. The rest") it ends one.
	if k := strings.LastIndexByte(word, '-'); k > 0 {
		first, _ := utf8.DecodeRuneInString(word)
		last, n := utf8.DecodeRuneInString(word[k+1:])
		if unicode.IsUpper(first) && unicode.IsUpper(last) && k+1+n == len(word) {
			return !starters[strings.ToLower(next)]
		}
	}
	return false
}

// isDotted reports whether word is single letters joined by dots, like "U.S"
// or "e.g" (the final dot already cut off).
func isDotted(word string) bool {
	rs := []rune(word)
	if len(rs) < 3 || len(rs)%2 == 0 {
		return false
	}
	for i, r := range rs {
		if (i%2 == 0) != unicode.IsLetter(r) || (i%2 == 1 && r != '.') {
			return false
		}
	}
	return true
}
