package ingest

import (
	"regexp"
	"strings"
)

// A table of contents in a PDF or a plain-text report lists the headings
// with their page numbers ("Module Versions ........ 3", a row "The system
// | 2"). It says nothing a passage should quote, and a question about a
// section finds the contents line before the section itself; HTML and
// Markdown leave theirs out by its links (htmlprune.go). markContents
// finds one by what it lists: lines that end with a page number, most of
// them naming a heading of the same document.

var (
	// contentsEntry is a line that ends with a page number after its
	// title: dot leaders, a table cell or a space between them.
	contentsEntry = regexp.MustCompile(`^(.*?\pL.*?)(?:\s*(?:\.\s?){2,}\.\s*|\s*…+\s*|\s*\|\s*|\s+)(\d{1,4}|(?i:[ivxlc]{1,7}))$`)
	// entryNumber is a section's number before its title: "2.3", "A.1.",
	// "IV.", "§ 4".
	entryNumber = regexp.MustCompile(`^(?:§\s*)?(?:\d{1,3}|[A-Z]|(?i:[ivxlc]{1,6}))(?:\.\d{1,3})*\.?\s+`)
	// contentsHeading labels a table of contents.
	contentsHeading = regexp.MustCompile(`(?i)^(?:table of contents|contents)$`)
)

// minContentsEntries is the fewest headings a table of contents must name.
const minContentsEntries = 3

// contentsKey is a title as a table of contents and a heading both write
// it: numbering, case and spacing left out.
func contentsKey(t string) string {
	t = entryNumber.ReplaceAllString(strings.TrimSpace(t), "")
	return strings.ToLower(strings.Join(strings.Fields(t), " "))
}

// markContents marks as furniture the report's tables of contents, with
// the label over them: runs of lines that each end with a page number, at
// least minContentsEntries and half of them naming a heading of the
// report (an entry too long for one line may run over two). A list whose
// lines end with numbers but name no headings (prices, a schedule) is
// text.
func markContents(lines []Line) {
	headings := map[string]bool{}
	for _, l := range lines {
		if l.Kind == Heading {
			headings[contentsKey(l.Text)] = true
		}
	}
	if len(headings) < minContentsEntries {
		return
	}
	title := func(i int) (string, bool) {
		k := lines[i].Kind
		if k != Body && k != Table && k != Heading {
			return "", false
		}
		m := contentsEntry.FindStringSubmatch(strings.TrimSpace(lines[i].Text))
		if m == nil {
			return "", false
		}
		return m[1], true
	}
	for i := 0; i < len(lines); {
		var run []int
		named, entries := 0, 0
		j := i
		for j < len(lines) {
			if k := lines[j].Kind; k == Blank || k == Furniture {
				j++
				continue
			}
			t, ok := title(j)
			at := []int{j}
			if !ok {
				// An entry run over two lines: its title's start, then
				// the rest with the page number.
				n := j + 1
				if n >= len(lines) || lines[j].Kind == Blank {
					break
				}
				rest, ok2 := title(n)
				if !ok2 || !headings[contentsKey(lines[j].Text+" "+rest)] {
					break
				}
				t, at = lines[j].Text+" "+rest, []int{j, n}
			}
			entries++
			if headings[contentsKey(t)] {
				named++
			}
			run = append(run, at...)
			j = at[len(at)-1] + 1
		}
		if named >= minContentsEntries && 2*named >= entries {
			for _, k := range run {
				lines[k].Kind = Furniture
			}
			for p := run[0] - 1; p >= 0; p-- {
				if k := lines[p].Kind; k == Blank || k == Furniture {
					continue
				}
				if contentsHeading.MatchString(strings.TrimSpace(lines[p].Text)) {
					lines[p].Kind = Furniture
				}
				break
			}
		}
		if j == i {
			j++
		}
		i = j
	}
}
