package rag

import (
	"fmt"
	"regexp"
	"strings"

	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
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
	regexp.MustCompile(`(?i)^(?:authors?|about the authors?|the authors?|author information|authorship|credits|contributors|written by|maintainers?|who\??)$`),
}

// numbering is a heading's number: "1 ", "2.3. ", "IV. ", "Section 2: ".
var numbering = regexp.MustCompile(`^(?i:(?:section|chapter|part)\s+)?(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)[:.]?\s+`)

// aboutAnswer answers a question about the reports themselves — what they
// are about, their titles, dates and authors — from what the reports say
// of themselves, citing the passage it comes from: about the reports only
// (indexes into x.reports) when only is not nil, else about all. It
// reports false for any other question.
func (x *Index) aboutAnswer(q string, about question.About, only []int) (Answer, bool) {
	if about == question.None || len(x.reports) == 0 {
		return Answer{}, false
	}
	ans := Answer{Question: q, Mode: ModeExtractive, Citations: []Citation{}}
	var parts, silent []string  // silent: the reports that do not say
	var listed []ingest.Passage // of a folder's contents, each report's first passage
	reports := x.reports
	if only != nil {
		reports = nil
		for _, i := range only {
			reports = append(reports, x.reports[i])
		}
	}
	for _, r := range reports {
		first, ok := x.firstPassage(r, nil)
		if !ok {
			continue
		}
		var text string
		kind := about
		var sections []ingest.Passage
		if kind == question.Contents && len(reports) == 1 {
			sections = x.sectionsOf(r)
		}
		if kind == question.Contents && len(reports) == 1 && len(sections) < 2 {
			kind = question.Subject // no headings of its own to list: what it is about
		}
		switch kind {
		case question.Subject:
			p, _ := x.firstPassage(r, summaryTitles)
			text = fmt.Sprintf("“%s”%s — from its %s: %s", r.Title, datedAs(r), p.Section, x.lead(p))
			first = p
		case question.Title:
			text = fmt.Sprintf("The report is titled “%s”.", r.Title)
		case question.Written:
			if r.Date != "" {
				text = fmt.Sprintf("“%s” is dated %s.", r.Title, r.Date)
				break
			}
			// Not at its top: a line further on may say ("Last modified
			// 11 December 2005").
			line, p, ok := x.statedDate(r)
			if !ok {
				silent = append(silent, r.Title)
				continue
			}
			text = fmt.Sprintf("“%s” says: %s", r.Title, line)
			first = p
		case question.Contents:
			if len(reports) > 1 {
				// Of a folder, its reports are its contents.
				listed = append(listed, first)
				continue
			}
			parts = append(parts, fmt.Sprintf("“%s” has %s: %s.", r.Title, plural(len(sections), "section"), ans.listCited(sections, func(p ingest.Passage) string { return p.Section })))
			continue
		case question.Rights:
			notices := x.copyrightNotices(r)
			if len(notices) == 0 {
				silent = append(silent, r.Title)
				continue
			}
			parts = append(parts, fmt.Sprintf("“%s”: %s", r.Title, ans.quoteNotices(notices)))
			continue
		case question.Authors:
			if len(r.Authors) > 0 {
				text = fmt.Sprintf("“%s” is by %s.", r.Title, joinAnd(r.Authors))
				break
			}
			// No byline or signature: a section of its own may say
			// ("AUTHORS", "About the Authors", a man page's).
			p, ok := x.titledPassage(r, authorTitles)
			if ok {
				text = fmt.Sprintf("“%s” says under %s: %s", r.Title, p.Section, x.lead(p))
				first = p
				break
			}
			// Nor that: its copyright notice names who holds the rights,
			// most often who wrote it.
			notices := x.copyrightNotices(r)
			if len(notices) == 0 {
				silent = append(silent, r.Title)
				continue
			}
			parts = append(parts, fmt.Sprintf("“%s” names no author; its copyright notice says: %s", r.Title, ans.quoteNotices(notices)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s [%d]", text, ans.cite(first)))
	}
	if len(listed) > 0 {
		parts = append(parts, fmt.Sprintf("The %s: %s.", plural(len(listed), "report"), ans.listCited(listed, func(p ingest.Passage) string { return "“" + p.Report + "”" })))
	}
	parts = append(parts, saysNot(silent, about, len(parts) > 0)...)
	ans.Text = strings.Join(parts, " ")
	ans.Answered = len(ans.Citations) > 0
	return ans, true
}

// saysNot says which reports do not give the fact asked for: each by its
// title when they are few, else how many (of a folder's pages, a list of
// every title is noise). others is set when other reports did give it.
func saysNot(titles []string, about question.About, others bool) []string {
	what := map[question.About][3]string{
		question.Authors: {"does not name its authors", "name their authors", "names its authors"},
		question.Written: {"does not give its date", "give their dates", "gives its date"},
		question.Rights:  {"has no copyright notice", "have one", "has a copyright notice"},
	}[about]
	switch {
	case len(titles) == 0:
		return nil
	case len(titles) <= 2:
		var out []string
		for _, t := range titles {
			out = append(out, fmt.Sprintf("“%s” %s.", t, what[0]))
		}
		return out
	case others:
		return []string{fmt.Sprintf("The other %d reports do not %s.", len(titles), what[1])}
	default:
		return []string{fmt.Sprintf("None of the %d reports %s.", len(titles), what[2])}
	}
}

// month is a month's name or its abbreviation.
const month = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`

// statedDateLine is a line, anywhere in a report, that says when it was
// made: "Last modified 11 December 2005", "Updated: May 3, 2021", "This
// page was last modified on 11 December 2005". It opens the line: "The law
// was revised in March 2019" dates what the report is about.
var statedDateLine = regexp.MustCompile(`(?i)^\W*(?:this (?:page|document|report|file|article|paper|version|manual|guide) (?:(?:was|is) )?)?(?:(?:last|first)\s+)?(?:updated|modified|revised|published|dated|released|issued|changed|written)\s*:?\s*(?:on\s+|in\s+)?(?:` + month + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+` + month + `\s+\d{4}|\d{4}-\d{2}-\d{2}|` + month + `\s+\d{4})\b`)

// statedDate returns the first line of the report that says when it was
// made, and its passage; false when none does.
func (x *Index) statedDate(r ingest.Report) (string, ingest.Passage, bool) {
	for _, i := range x.ofReport[r.Title] {
		for j := range x.spans[i] {
			for _, line := range strings.Split(x.sentence(i, j), "\n") {
				if statedDateLine.MatchString(line) {
					return strings.TrimSpace(line), x.passages[i], true
				}
			}
		}
	}
	return "", ingest.Passage{}, false
}

// quoteNotices quotes copyright notices, each cited.
func (a *Answer) quoteNotices(notices []notice) string {
	var quoted []string
	for _, c := range notices {
		quoted = append(quoted, fmt.Sprintf("%s [%d]", c.text, a.cite(c.passage)))
	}
	return strings.Join(quoted, " ")
}

// cite adds the passage to the answer's citations and passages, once,
// and returns its number.
func (a *Answer) cite(p ingest.Passage) int {
	for _, c := range a.Citations {
		if c.ID == p.ID {
			return c.N
		}
	}
	n := len(a.Citations) + 1
	a.Citations = append(a.Citations, Citation{N: n, Passage: p})
	a.Passages = append(a.Passages, ScoredPassage{Passage: p, Score: 1})
	return n
}

// maxListed is the most sections, or reports, a contents answer names,
// each cited: /help lists them all.
const maxListed = 12

// sectionsOf returns the first passage of each section of the report, in
// order, boilerplate (a disclaimer) left out.
func (x *Index) sectionsOf(r ingest.Report) []ingest.Passage {
	var out []ingest.Passage
	seen := map[string]bool{}
	for _, i := range x.ofReport[r.Title] {
		p := x.passages[i]
		if x.boiler[i] || p.Section == "" || seen[p.Section] {
			continue
		}
		seen[p.Section] = true
		out = append(out, p)
	}
	return out
}

// listCited names the passages, each by name and cited, the first
// maxListed of them, then how many more: "A [1]; B [2]; and 3 more".
func (a *Answer) listCited(ps []ingest.Passage, name func(ingest.Passage) string) string {
	var items []string
	for _, p := range ps[:min(len(ps), maxListed)] {
		items = append(items, fmt.Sprintf("%s [%d]", name(p), a.cite(p)))
	}
	if more := len(ps) - maxListed; more > 0 {
		items = append(items, fmt.Sprintf("%d more", more))
	}
	if len(items) > 1 {
		items[len(items)-1] = "and " + items[len(items)-1]
	}
	return strings.Join(items, "; ")
}

// plural counts things in English: "1 section", "9 sections".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// maxNotices is the most copyright notices an answer quotes.
const maxNotices = 3

// notice is a copyright notice of a report and the passage it is in.
type notice struct {
	text    string
	passage ingest.Passage
}

// copyrightNotices returns the report's copyright notices, each the line
// of a sentence that states one, in the report's order, each once, at
// most maxNotices.
func (x *Index) copyrightNotices(r ingest.Report) []notice {
	var out []notice
	seen := map[string]bool{}
	for _, i := range x.ofReport[r.Title] {
		for j := range x.spans[i] {
			line, _, _ := strings.Cut(x.sentence(i, j), "\n")
			line = strings.TrimSpace(line)
			if !ingest.IsCopyrightNotice(line) || seen[line] {
				continue
			}
			seen[line] = true
			out = append(out, notice{text: line, passage: x.passages[i]})
			if len(out) == maxNotices {
				return out
			}
		}
	}
	return out
}

// reportsNamed returns the reports (indexes into x.reports) whose title
// the name gives: all of its words, or, unless exact, at least half of
// them and no others. A word naming a kind of document ("the Fruit Facts
// report") need not be in the title. None when name is "".
func (x *Index) reportsNamed(name string, exact bool) []int {
	words := lexical.Terms(name)
	if len(words) == 0 {
		return nil
	}
	var out []int
	for i, r := range x.reports {
		title := map[string]bool{}
		for _, t := range lexical.Terms(r.Title) {
			title[t] = true
		}
		said, other := map[string]bool{}, false
		for _, w := range words {
			switch {
			case title[w]:
				said[w] = true
			case !docNouns[w]:
				other = true
			}
		}
		if other || len(said) == 0 || exact && len(said) < len(title) || 2*len(said) < len(title) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// docNouns are the terms of what people call a document.
var docNouns = map[string]bool{}

func init() {
	for _, w := range lexical.Terms(strings.Join(question.DocNouns, " ")) {
		docNouns[w] = true
	}
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
	// The first passage that says something in a sentence: a title block
	// (the publisher, the author, an address) says nothing of the subject.
	first := -1
	for _, i := range x.ofReport[r.Title] {
		if x.boiler[i] {
			continue
		}
		if first < 0 {
			first = i
		}
		if hasSentence(x.passages[i].Text) {
			return x.passages[i], true
		}
	}
	if first >= 0 {
		return x.passages[first], true
	}
	return ingest.Passage{}, false
}

// hasSentence reports whether text holds a sentence: four words or more
// ending with a full stop, a question or an exclamation mark.
func hasSentence(text string) bool {
	for _, sp := range ingest.Sentences(text) {
		s := strings.TrimRight(text[sp.Start:sp.End], " \"'”’)")
		if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
			if len(strings.Fields(s)) >= 4 {
				return true
			}
		}
	}
	return false
}

// titledPassage returns the report's first passage, not boilerplate, under
// a section title that matches the patterns, in their order; false when
// none does.
func (x *Index) titledPassage(r ingest.Report, titles []*regexp.Regexp) (ingest.Passage, bool) {
	var ours []int // the report's passages, not boilerplate
	var sections []string
	for _, i := range x.ofReport[r.Title] {
		if !x.boiler[i] {
			ours = append(ours, i)
			sections = append(sections, numbering.ReplaceAllString(strings.TrimSpace(x.passages[i].Section), ""))
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
