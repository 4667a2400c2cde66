package ingest

import (
	"strings"
	"testing"
)

// The LaTeX logo sets a small "A" a little higher and an "E" a little
// lower than the letters around them: one word of one line, not a line
// "LAT X" and a line "E" (as measured in the LaTeX team's modguide.pdf,
// 10 pt text).
func TestRowsKeepLoweredAndRaisedLetters(t *testing.T) {
	w := func(text string, x0, x1, base, size float64) pword {
		return pword{text: text, x0: x0, x1: x1, top: base - 0.7*size, bottom: base + 0.2*size, base: base, size: size, chars: len(text)}
	}
	line := []pword{
		w("the", 280.9, 294.7, 637.28, 10),
		w("L", 298.0, 304.3, 637.28, 10),
		w("A", 300.8, 306.7, 635.23, 7),
		w("T", 305.2, 312.4, 637.28, 10),
		w("E", 310.8, 317.5, 639.42, 10),
		w("X", 316.3, 323.8, 637.28, 10),
		w("system.", 327.1, 359.5, 637.28, 10),
	}
	above := w("modification", 72, 130, 625.28, 10)
	below := w("a", 72, 77, 649.28, 10)
	rs := rows(append([]pword{above, below}, line...))
	if len(rs) != 3 {
		var got []string
		for _, r := range rs {
			got = append(got, makeLine(r.words, 1, 10).text)
		}
		t.Fatalf("got %d rows %q, want 3", len(rs), got)
	}
	if got, want := makeLine(rs[1].words, 1, 10).text, "the LATEX system."; got != want {
		t.Errorf("got line %q, want %q", got, want)
	}
}

// LaTeX's \thanks mark is the asterisk operator (U+2217), raised after the
// word: a footnote mark, left out of the line, like "*".
func TestFootnoteMarkAsteriskOperator(t *testing.T) {
	words := []pword{
		{text: "reserved.", x0: 300, x1: 345.2, top: 217.9, bottom: 228.5, base: 226.3, size: 12, chars: 9},
		{text: "∗", x0: 345.2, x1: 349.4, top: 214.3, bottom: 222.7, base: 221.6, size: 8, chars: 1},
	}
	markFootnoteMarks(words)
	if !words[1].marker {
		t.Fatalf("got %q read as text, want a footnote mark", words[1].text)
	}
	if got := makeLine(words, 1, 10).text; strings.Contains(got, "∗") {
		t.Errorf("got line %q, want the mark left out", got)
	}
}

// A word broken at a line's end before a capital is joined when the
// document writes it whole elsewhere ("Vendor-" + "Release" of a text
// naming VendorRelease), and kept as a compound otherwise ("U.S.-" +
// "China", "Franco-" + "Prussian").
func TestSoftBreakBeforeCapital(t *testing.T) {
	vocab := map[string]bool{"vendorrelease": true, "value": true}
	for _, tc := range []struct {
		line, next string
		want       bool
	}{
		{"For all versions the Vendor-", "Release value is MMmmPPsss.", true},
		{"trade between the U.S.-", "China partners", false},
		{"the Franco-", "Prussian war", false},
		{"the govern-", "ment", true},
	} {
		if got := softBreak(tc.line, tc.next, vocab); got != tc.want {
			t.Errorf("softBreak(%q, %q) = %v, want %v", tc.line, tc.next, got, tc.want)
		}
	}
}
