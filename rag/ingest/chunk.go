package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Passage sizes, in words. A passage is about a paragraph: long paragraphs
// are split between sentences into parts near targetWords, and a paragraph
// shorter than minWords joins the next one in its section while the two stay
// within maxWords. A single sentence longer than maxWords is kept whole.
const (
	targetWords = 90
	maxWords    = 140
	minWords    = 35
)

// Passage is a citable piece of a report: about a paragraph of one section,
// never cut inside a sentence. Its JSON form is part of reportbot's output
// contract.
type Passage struct {
	// ID is stable: the same report title, section and text (and, for
	// repeated text, the same occurrence) give the same ID on every run.
	ID      string `json:"id"`
	Report  string `json:"report"`  // title of the report it comes from
	Section string `json:"section"` // heading it falls under
	Page    int    `json:"page"`    // page it starts on, from 1
	Text    string `json:"text"`
	// Pre holds the spans of Text that were preformatted (<pre>, a
	// Markdown code block): where code and commands may be, as the
	// shape of running text cannot tell.
	Pre []Span `json:"pre,omitempty"`
}

// unit is a piece of a paragraph on its way to becoming a passage.
type unit struct {
	section string
	page    int
	text    string
	words   int
	pre     []Span // preformatted spans of text
}

// chunk cuts paragraphs into passages of the given report. Passages outside
// any section take the report's title as their section.
func chunk(title string, paras []paragraph) []Passage {
	var units []unit
	for _, p := range paras {
		units = append(units, split(p)...)
	}
	units = mergeSmall(units)
	seen := map[string]int{}
	passages := make([]Passage, 0, len(units))
	for _, u := range units {
		section := u.section
		if section == "" {
			section = title
		}
		key := title + "\x00" + section + "\x00" + u.text
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		passages = append(passages, Passage{
			ID:      hex.EncodeToString(sum[:8]),
			Report:  title,
			Section: section,
			Page:    u.page,
			Text:    u.text,
			Pre:     u.pre,
		})
	}
	return passages
}

// split cuts a paragraph between sentences into parts of about targetWords,
// a table between rows (splitRows).
func split(p paragraph) []unit {
	units := splitText(p)
	if p.pre {
		for i := range units {
			units[i].pre = []Span{{0, len(units[i].text)}}
		}
	}
	return units
}

// splitText is split without the preformatted marks.
func splitText(p paragraph) []unit {
	total := wordCount(p.text)
	if p.rows {
		return splitRows(p, total)
	}
	if total <= maxWords {
		return []unit{{p.section, p.pageAt(0), p.text, total, nil}}
	}
	parts := (total + targetWords - 1) / targetWords
	goal := total / parts
	var units []unit
	start, words := -1, 0
	spans := wordLimited(p.text, Sentences(p.text))
	for i, s := range spans {
		if start < 0 {
			start = s.Start
		}
		words += wordCount(p.text[s.Start:s.End])
		if words >= goal || i == len(spans)-1 {
			units = append(units, unit{p.section, p.pageAt(start), p.text[start:s.End], words, nil})
			start, words = -1, 0
		}
	}
	return units
}

// splitRows keeps a table of up to maxSentenceWords words whole: its rows
// mean most together. A bigger table is cut between rows into parts of at
// most maxSentenceWords words, as few and as even as the rows allow. (The
// " | " between cells counts as a word, as it does in every size check.)
func splitRows(p paragraph, total int) []unit {
	if total <= maxSentenceWords {
		return []unit{{p.section, p.pageAt(0), p.text, total, nil}}
	}
	var units []unit
	start, end, words, left, goal := -1, 0, 0, total, 0
	for _, s := range wordLimited(p.text, lineSpans(p.text)) {
		w := wordCount(p.text[s.Start:s.End])
		if start >= 0 && words+w > goal {
			units = append(units, unit{p.section, p.pageAt(start), p.text[start:end], words, nil})
			start, left, words = -1, left-words, 0
		}
		if start < 0 {
			start = s.Start
			parts := (left + maxSentenceWords - 1) / maxSentenceWords
			goal = (left + parts - 1) / parts
		}
		end, words = s.End, words+w
	}
	if start >= 0 {
		units = append(units, unit{p.section, p.pageAt(start), p.text[start:end], words, nil})
	}
	return units
}

// lineSpans returns the spans of text's lines.
func lineSpans(text string) []Span {
	var spans []Span
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if i > start {
				spans = append(spans, Span{start, i})
			}
			start = i + 1
		}
	}
	return spans
}

// maxSentenceWords is the longest run of words taken as one sentence. Text
// with no sentence ends (a table flattened to lines, a list without stops)
// is cut at word boundaries into pieces this long, or a whole document could
// become one passage.
const maxSentenceWords = 3 * maxWords

// wordLimited cuts spans longer than maxSentenceWords words at spaces.
func wordLimited(text string, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		for {
			cut, words := s.Start, 0
			for i := s.Start; i < s.End; i++ {
				if isSpaceByte(text[i]) && i > s.Start && !isSpaceByte(text[i-1]) {
					if words++; words == maxSentenceWords {
						cut = i
						break
					}
				}
			}
			if cut == s.Start {
				out = append(out, s)
				break
			}
			out = append(out, Span{s.Start, cut})
			next := cut
			for next < s.End && isSpaceByte(text[next]) {
				next++
			}
			s.Start = next
		}
	}
	return out
}

// mergeSmall joins a unit shorter than minWords to its neighbour in the same
// section, the next one if it can, else the previous one, while the result
// stays within maxWords; a unit that ends leading in to what follows ("the
// following APIs:") keeps the short units after it, a list's items, whatever
// its size.
func mergeSmall(units []unit) []unit {
	var out []unit
	for i := 0; i < len(units); i++ {
		u := units[i]
		listing := false // u ends with a list's lead-in or items
		for i+1 < len(units) && units[i+1].section == u.section && u.words+units[i+1].words <= maxWords {
			listing = leadsIn(u.text) || listing && units[i+1].words <= maxItemWords
			if u.words >= minWords && !listing {
				break
			}
			i++
			u = join(u, units[i])
		}
		if n := len(out); u.words < minWords && n > 0 && out[n-1].section == u.section && out[n-1].words+u.words <= maxWords {
			out[n-1] = join(out[n-1], u)
			continue
		}
		out = append(out, u)
	}
	return out
}

// join returns unit b run on after a, a blank line between them.
func join(a, b unit) unit {
	off := len(a.text) + len("\n\n")
	pre := append([]Span(nil), a.pre...)
	for _, sp := range b.pre {
		pre = append(pre, Span{sp.Start + off, sp.End + off})
	}
	return unit{a.section, a.page, a.text + "\n\n" + b.text, a.words + b.words, pre}
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// maxItemWords is the most words of a paragraph read as a list's item.
const maxItemWords = 30

// leadsIn reports whether a text ends by announcing what follows it, a
// list or an example: with a colon.
func leadsIn(text string) bool {
	return strings.HasSuffix(strings.TrimSpace(text), ":")
}
