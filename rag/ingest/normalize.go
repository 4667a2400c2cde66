package ingest

import (
	"strings"
	"unicode"
)

// pageBreakLine stands for a form feed in the line stream: PDF extractors
// write one between pages.
const pageBreakLine = "\f"

// softHyphen marks a word broken at the end of a line by the typesetter; it is
// kept only at a line's end so that paragraph assembly can join the halves.
const softHyphen = '\u00ad'

// ligatures folds the typographic ligatures PDF extractors leave in text.
var ligatures = strings.NewReplacer(
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi",
	"\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st",
)

// normalizeLines splits raw report bytes into lines with consistent
// characters: decoded to UTF-8 (decodeText), no byte-order mark, LF line
// ends, one space between words, no zero-width or bidirectional control
// characters, ligatures unfolded, a typewriter's overstrikes (nroff's
// bold and underline) undone, Unicode's hyphens as "-". Typographic quotes and dashes are kept as
// the report has them; the lexical analyser folds them when it matches words.
// A form feed becomes a line of its own (pageBreakLine).
func normalizeLines(data []byte) []string {
	s, _ := decodeText(data)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\f", "\n"+pageBreakLine+"\n")
	s = ligatures.Replace(s)
	if strings.ContainsRune(s, '\b') {
		s = unOverstrike(s)
	}
	raw := strings.Split(s, "\n")
	lines := make([]string, 0, len(raw))
	for _, l := range raw {
		if l == pageBreakLine {
			lines = append(lines, l)
			continue
		}
		lines = append(lines, normalizeLine(l))
	}
	return lines
}

// normalizeLine cleans the characters of one line and trims it.
func normalizeLine(l string) string {
	var b strings.Builder
	b.Grow(len(l))
	space := false
	for _, r := range l {
		switch {
		case r == softHyphen:
			// Only a line-final soft hyphen inside a word means anything;
			// decided below. One after a space is in no word.
			if !space {
				b.WriteRune(r)
			}
		case isInvisible(r):
			// dropped
		case r == '\u2010' || r == '\u2011':
			// Unicode's hyphen and non-breaking hyphen: a hyphen, for
			// joining a word broken at a line's end and matching it.
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte('-')
		case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			space = true
		case unicode.IsControl(r):
			// dropped
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	out := b.String()
	// Keep a soft hyphen only where it breaks a word across lines.
	final := strings.HasSuffix(out, string(softHyphen))
	out = strings.ReplaceAll(out, string(softHyphen), "")
	if final && out != "" {
		out += string(softHyphen)
	}
	return out
}

// isInvisible reports format characters that carry no text: zero-width
// spaces and joiners, word joiners, byte-order marks, bidirectional embedding,
// override and isolate controls.
func isInvisible(r rune) bool {
	switch {
	case r >= '\u200b' && r <= '\u200f',
		r >= '\u202a' && r <= '\u202e',
		r >= '\u2060' && r <= '\u2069',
		r == '\ufeff':
		return true
	}
	return false
}

// unOverstrike undoes the overstrikes nroff writes for a terminal: a
// character, a backspace and the same character again is bold ("W\bW"),
// an underscore, a backspace and a character is underlined ("_\bE"); what
// is left is the character. A stray backspace is dropped.
func unOverstrike(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		if rs[i] != '\b' {
			out = append(out, rs[i])
			continue
		}
		if len(out) == 0 || i+1 == len(rs) || rs[i+1] == '\n' {
			continue
		}
		// The struck character replaces the one before the backspace,
		// unless it is the underline itself.
		if next := rs[i+1]; next != '_' || out[len(out)-1] == '_' {
			out[len(out)-1] = next
		}
		i++
	}
	return string(out)
}
