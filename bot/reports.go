package bot

import (
	"fmt"
	"reportbot/rag"
	"strings"
	"unicode/utf8"
)

// How many reports /help and /about list before "and N more", and how
// long a listed title may be: with a folder of many reports both stay
// readable and within Discord's limits.
const (
	helpListed   = 10
	aboutListed  = 25
	titleChars   = 200
	footerListed = 3
)

// several reports whether the bot serves more than one report: its own
// words then say "the reports".
func (b *Bot) several() bool { return len(b.info.Reports) > 1 }

func theReports(several bool) string {
	if several {
		return "the reports"
	}
	return "the report"
}

// notCovered opens the description of a refusal; history.go reads it back.
func notCovered(several bool) string {
	return "**Not covered by " + theReports(several) + ".** "
}

// reportItems renders each report as a list item in Discord markdown: its
// title in bold (cut to titleChars) and its date when known.
func reportItems(reports []rag.Report) []string {
	items := make([]string, len(reports))
	for i, r := range reports {
		items[i] = "• **" + escape(truncate(oneLine(r.Title), titleChars)) + "**"
		if r.Date != "" {
			items[i] += " (" + escape(r.Date) + ")"
		}
	}
	return items
}

// boundedList joins items with sep, at most limit of them and within
// budget characters; when some are left out it ends with sep and "and N
// more". It returns "" when no item fits.
func boundedList(items []string, sep string, limit, budget int) string {
	if all := strings.Join(items, sep); len(items) <= limit && utf8.RuneCountInString(all) <= budget {
		return all
	}
	var b strings.Builder
	n := 0 // characters in b
	for i, item := range items {
		add := utf8.RuneCountInString(item)
		if i > 0 {
			add += utf8.RuneCountInString(sep)
		}
		// Not all fit: keep room to say how many are left out.
		reserve := utf8.RuneCountInString(sep + more(len(items)))
		if i == limit || n+add+reserve > budget {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(more(len(items) - i))
			return b.String()
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item)
		n += add
	}
	return b.String()
}

func more(n int) string { return fmt.Sprintf("and %d more", n) }

// headings returns the section titles worth listing: each once, without
// the titles of reports that have no headings (their passages take the
// report's title as their section).
func headings(sections []string, reports []rag.Report) []string {
	seen := map[string]bool{}
	for _, r := range reports {
		seen[r.Title] = true
	}
	var out []string
	for _, s := range sections {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// citedAs says where a passage is, for a source line: "Section · p. N",
// the report's title first when reports are named ("Report — Section ·
// p. N"), and "Title · p. N" for a report without headings, whose
// passages take its title as their section.
func citedAs(p rag.Passage, nameReport bool) string {
	page := fmt.Sprintf(" · p. %d", p.Page)
	if p.Section == p.Report || p.Section == "" {
		return escape(truncate(oneLine(p.Report), 80)) + page
	}
	where := escape(truncate(oneLine(p.Section), 80)) + page
	if nameReport {
		where = escape(truncate(oneLine(p.Report), 80)) + " — " + where
	}
	return where
}
