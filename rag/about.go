package rag

import (
	"fmt"
	"regexp"
	"strings"

	"reportbot/rag/ingest"
	"reportbot/rag/question"
)

// summaryTitle is a section title that says what a report is about, in
// order of preference: a summary says it best, an introduction least.
var summaryTitles = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(?:executive summary|summary|abstract|key (?:points|findings|takeaways)|in brief|at a glance)$`),
	regexp.MustCompile(`(?i)^(?:overview|introduction|background|purpose|scope)$`),
}

// authorTitles are section titles under which a report names its authors.
var authorTitles = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(?:authors?|about the authors?|the authors?|author information|authorship|credits|contributors|written by)$`),
}

// numbering is a heading's number: "1 ", "2.3. ", "IV. ", "Section 2: ".
var numbering = regexp.MustCompile(`^(?i:(?:section|chapter|part)\s+)?(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)[:.]?\s+`)

// aboutAnswer answers a question about the reports themselves — what they
// are about, their titles, dates and authors — from what the reports say
// of themselves, citing the passage it comes from. It reports false for
// any other question.
func (x *Index) aboutAnswer(q string, about question.About) (Answer, bool) {
	if about == question.None || len(x.reports) == 0 {
		return Answer{}, false
	}
	ans := Answer{Question: q, Mode: ModeExtractive, Citations: []Citation{}}
	var parts []string
	for _, r := range x.reports {
		first, ok := x.firstPassage(r, nil)
		if !ok {
			continue
		}
		var text string
		switch about {
		case question.Subject:
			p, _ := x.firstPassage(r, summaryTitles)
			text = fmt.Sprintf("“%s”%s — from its %s: %s", r.Title, datedAs(r), p.Section, x.lead(p))
			first = p
		case question.Title:
			text = fmt.Sprintf("The report is titled “%s”.", r.Title)
		case question.Written:
			if r.Date == "" {
				parts = append(parts, fmt.Sprintf("“%s” does not give its date.", r.Title))
				continue
			}
			text = fmt.Sprintf("“%s” is dated %s.", r.Title, r.Date)
		case question.Authors:
			if len(r.Authors) > 0 {
				text = fmt.Sprintf("“%s” is by %s.", r.Title, joinAnd(r.Authors))
				break
			}
			// No byline or signature: a section of its own may say
			// ("AUTHORS", "About the Authors", a man page's).
			p, ok := x.titledPassage(r, authorTitles)
			if !ok {
				parts = append(parts, fmt.Sprintf("“%s” does not name its authors.", r.Title))
				continue
			}
			text = fmt.Sprintf("“%s” says under %s: %s", r.Title, p.Section, x.lead(p))
			first = p
		}
		n := len(ans.Citations) + 1
		ans.Citations = append(ans.Citations, Citation{N: n, Passage: first})
		ans.Passages = append(ans.Passages, ScoredPassage{Passage: first, Score: 1})
		parts = append(parts, fmt.Sprintf("%s [%d]", text, n))
	}
	ans.Text = strings.Join(parts, " ")
	ans.Answered = len(ans.Citations) > 0
	return ans, true
}

// datedAs is " (May 18, 2021)" for a report with a date, else "".
func datedAs(r ingest.Report) string {
	if r.Date == "" {
		return ""
	}
	return " (" + r.Date + ")"
}

// firstPassage returns the report's first passage that is not boilerplate,
// preferring one under a section title that matches the patterns, in their
// order.
func (x *Index) firstPassage(r ingest.Report, titles []*regexp.Regexp) (ingest.Passage, bool) {
	if p, ok := x.titledPassage(r, titles); ok {
		return p, true
	}
	for i, p := range x.passages {
		if p.Report == r.Title && !x.boiler[i] {
			return p, true
		}
	}
	return ingest.Passage{}, false
}

// titledPassage returns the report's first passage, not boilerplate, under
// a section title that matches the patterns, in their order; false when
// none does.
func (x *Index) titledPassage(r ingest.Report, titles []*regexp.Regexp) (ingest.Passage, bool) {
	var ours []int // the report's passages, not boilerplate
	var sections []string
	for i, p := range x.passages {
		if p.Report == r.Title && !x.boiler[i] {
			ours = append(ours, i)
			sections = append(sections, numbering.ReplaceAllString(strings.TrimSpace(p.Section), ""))
		}
	}
	for _, t := range titles {
		for k, i := range ours {
			if t.MatchString(sections[k]) {
				return x.passages[i], true
			}
		}
	}
	return ingest.Passage{}, false
}

// lead returns the first sentences of a passage, within maxAnswerChars.
func (x *Index) lead(p ingest.Passage) string {
	var b strings.Builder
	for i, sp := range ingest.Sentences(p.Text) {
		s := p.Text[sp.Start:sp.End]
		if i > 0 && b.Len()+1+len(s) > maxAnswerChars {
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// joinAnd joins names as English does: "a", "a and b", "a; b; and c" (the
// names may hold commas of their own).
func joinAnd(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		if !strings.Contains(names[0]+names[1], ",") {
			return names[0] + " and " + names[1]
		}
	}
	return strings.Join(names[:len(names)-1], "; ") + "; and " + names[len(names)-1]
}
