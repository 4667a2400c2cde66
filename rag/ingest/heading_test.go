package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// headingsOf returns the headings found in plain text.
func headingsOf(text string) []string {
	var out []string
	for _, l := range readText([]byte(text)).Lines {
		if l.Kind == Heading {
			out = append(out, l.Text)
		}
	}
	return out
}

const body = "The text of the section runs on for a sentence or two. It ends here.\n"

func TestNumberedHeadings(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"section and colon", "A Report\n\nSection 1: The harbour programme\n\n" + body, []string{"Section 1: The harbour programme"}},
		{"number and stop", "A Report\n\n1. Introduction\n\n" + body + "\n2. Why it matters now\n\n" + body, []string{"1. Introduction", "2. Why it matters now"}},
		{"two levels", "A Report\n\n2.3 Methods and data\n\n" + body + "\n2.3.1. Sampling the water\n\n" + body, []string{"2.3 Methods and data", "2.3.1. Sampling the water"}},
		{"chapter", "A Report\n\nChapter 4: Results and discussion\n\n" + body + "\nChapter 5\n\n" + body, []string{"Chapter 4: Results and discussion", "Chapter 5"}},
		{"part with a dash", "A Report\n\nPart II — Funding the works\n\n" + body, []string{"Part II — Funding the works"}},
		{"appendix", "A Report\n\nAppendix A. Survey questions\n\n" + body, []string{"Appendix A. Survey questions"}},
		{"roman", "A Report\n\nIV. Findings of the review\n\n" + body, []string{"IV. Findings of the review"}},
		{"capitals", "A Report\n\nSECTION 2 - COSTS\n\n" + body, []string{"SECTION 2 - COSTS"}},
		{"after a heading", "A Report\n\n2. Methods\n2.1 Sampling sites\n\n" + body, []string{"2. Methods", "2.1 Sampling sites"}},
		{"an appendix's sections", "A Report\n\nA.1. Discussion and amendment\n\n" + body + "\nA.2. Withdrawing ballot options\n\n" + body, []string{"A.1. Discussion and amendment", "A.2. Withdrawing ballot options"}},
		{"title case as before", "A Report\n\n3 Results\n\n" + body + "\nNext Steps\n\n" + body, []string{"3 Results", "Next Steps"}},

		{"a list in a row", "A Report\n\n" + body + "\n1. Buy milk\n2. Go home\n3. Make Tea\n\n" + body, nil},
		{"a list apart", "A Report\n\n" + body + "\n1. Buy milk\n\n2. Go home\n\n" + body, nil},
		{"a list after a colon", "A Report\n\nDo this:\n\n1. Mix flour and water\n\n" + body, nil},
		{"an item with a full stop", "A Report\n\n1. Preheat the oven.\n\n" + body, nil},
		{"a wrapped item", "A Report\n\n" + body + "\n1. Preheat the oven and get the flour\nready for mixing.\n\n" + body, nil},
		{"a contents list", "A Report\n\nContents\n\n1. Introduction\n2. Methods\n3. Results\n\n" + body, []string{"Contents"}},
		{"a sentence starting with a number", "A Report\n\n3.5 million people moved away in the decade after the floods\n\n" + body, nil},
		{"a number inside a paragraph", "A Report\n\nThe rule was set out in\n12. The court found it sound\n" + body, nil},
		{"section as a word in a sentence", "A Report\n\nSection 3 describes the method\n\n" + body, nil},
		{"a long numbered paragraph", "A Report\n\n12. The Committee notes that the state has taken steps, and welcomes them\n\n" + body, nil},
		{"a loose list, then a heading", "A Report\n\n" + body + "\n1. Buy milk\n\n2. Go home\n\n3. Findings of the day\n\n" + body, nil},
		{"a tight list, then a heading", "A Report\n\n1. Overview\n\n" + body + "\n1. Buy milk\n2. Go home\n\n2. Findings of the day\n\n" + body, []string{"1. Overview", "2. Findings of the day"}},
		{"a list in title case", "A Report\n\n" + body + "\n1. Make Tea\n2. Drink Tea\n\n" + body, nil},
		{"appendices in a row", "A Report\n\nAppendix A\nAppendix B\n\n" + body, nil},
		{"appendices B and C in a row", "A Report\n\nAppendix B\nAppendix C\n\n" + body, nil},
		{"parts IV and V in a row", "A Report\n\nPart IV\nPart V\n\n" + body, nil},
		{"parts IV and VI apart", "A Report\n\nPart IV\n\n" + body + "\nPart VI\n\n" + body, []string{"Part IV", "Part VI"}},
		{"a comma", "A Report\n\n1. Roads, bridges and tunnels\n\n" + body, nil},
		{"two sentences", "A Report\n\n1. Mix it. Then bake it\n\n" + body, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headingsOf(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNumberedHeadingsInProse lays out the prose test documents as plain
// text with their headings numbered in each common style, in sentence case,
// and with numbered lists in their paragraphs, and measures the headings
// found: every heading and nothing else.
func TestNumberedHeadingsInProse(t *testing.T) {
	styles := []struct {
		name   string
		number func(i int, heading string) string
	}{
		{"1.", func(i int, h string) string { return itoa(i+1) + ". " + h }},
		{"1.2", func(i int, h string) string { return "1." + itoa(i+1) + " " + h }},
		{"Section 1:", func(i int, h string) string { return "Section " + itoa(i+1) + ": " + h }},
		{"Chapter 1 —", func(i int, h string) string { return "Chapter " + itoa(i+1) + " — " + h }},
		{"Part I.", func(i int, h string) string { return "Part " + roman(i+1) + ". " + h }},
	}
	list := "\n1. Check the records\n2. Ask the owners\n3. Report to the board\n\n"
	for _, name := range []string{"lighthouses.md", "water.md"} {
		p := readProse(t, filepath.Join("../../testdata/prose", name))
		for _, st := range styles {
			for _, sentenceCase := range []bool{false, true} {
				var b strings.Builder
				var want []string
				b.WriteString(p.title + "\n\n")
				n := 0
				for _, bl := range p.blocks {
					if !bl.heading {
						for _, l := range wrapWords(strings.Fields(bl.text), func(int) int { return 72 }, false) {
							b.WriteString(l + "\n")
						}
						b.WriteString(list)
						continue
					}
					h := bl.text
					if sentenceCase {
						h = h[:1] + strings.ToLower(h[1:])
					}
					h = st.number(n, h)
					n++
					want = append(want, h)
					b.WriteString(h + "\n\n")
				}
				got := headingsOf(b.String())
				found, extra := 0, 0
				for _, g := range got {
					if contains(want, g) {
						found++
					} else {
						extra++
					}
				}
				t.Logf("%s, %s, sentence case %v: %d of %d headings found, %d lines misread as headings", name, st.name, sentenceCase, found, len(want), extra)
				if found != len(want) || extra != 0 {
					t.Errorf("%s, %s, sentence case %v: got headings %q, want %q", name, st.name, sentenceCase, got, want)
				}
			}
		}
	}
}

// TestHeadingsOfExistingText checks that the numbered-heading rule changes
// nothing where the text has no numbered headings: the bundled report and
// the prose documents, as one column and as plain text a paragraph a line.
func TestHeadingsOfExistingText(t *testing.T) {
	ref, err := os.ReadFile("../../testdata/IF10165-reading-order.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"IF10165-reading-order.txt": string(ref)}
	for _, name := range []string{"lighthouses.md", "water.md"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/prose", name))
		if err != nil {
			t.Fatal(err)
		}
		texts[name+" as text"] = regexp.MustCompile(`(?m)^#+ `).ReplaceAllString(string(data), "")
		texts[name+" in one column"] = readProse(t, filepath.Join("../../testdata/prose", name)).singleColumn(60)
	}
	for name, text := range texts {
		for _, l := range classify(normalizeLines([]byte(text))).Lines {
			if numbered(l.Text) && l.Kind == Heading {
				t.Errorf("%s: %q read as a numbered heading", name, l.Text)
			}
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func roman(i int) string {
	return []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}[i]
}

// TestListsAndRecordsAreNoHeadings keeps as text the short lines that a
// heading's shape would otherwise take for headings: the items of a list
// or the fields of a record ("Author: Philip A. Nelson"), a connective
// standing alone between two examples ("Then"), and a line of a paragraph
// that runs on into the next ("… (or any work based on the").
func TestListsAndRecordsAreNoHeadings(t *testing.T) {
	prose := "This version was written to be a compliant processor with several extensions\nto the draft standard, and option flags are available to cause warnings or\nrejection of the extensions, for those who want the standard language only.\n"
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"a record", "GNU bc\n\n" + prose + "\nProgram: GNU bc\nAuthor: Philip A. Nelson\nE-mail: phil@cs.wwu.edu\nCopying: GNU GPL version 2\nVersion: bc version 1.01\n\n" + prose, nil},
		{"two fields", "A Report\n\n" + prose + "\nStatus: Deprecated\nWhen: Release 1.17\n\n" + prose, nil},
		{"a list after its lead-in", "A Report\n\n" + prose + "Machines: It has been compiled and run on the following environments:\n\tBSD4.3 (VAX 11)\n\tMINIX 1.5 (IBM PC, both K&R and ANSI compilers)\n\tMINIX 1.5 (pc532)\n\tSUN-OS 4.1 (SUN 3 and SUN 4)\n\tUTS (Amdahl)\n\n" + prose, nil},
		{"a list of names", "A Report\n\n" + prose + "\nJim Shi\nWesley Griffin\nPaul Hill\nCel Skeggs\n\n" + prose, nil},
		{"a heading over a list", "A Report\n\n" + prose + "\nSYNOPSIS\n\tgzip [ -acdfhklLnNrtvV19 ] [-S suffix] [ name ...  ]\n\tgunzip [ -acfhklLnNrtvV ] [-S suffix] [ name ...  ]\n\tzcat [ -fhLV ] [ name ...  ]\n\n" + prose, []string{"SYNOPSIS"}},
		{"a heading with a colon", "A Report\n\n" + prose + "\nAppendix: How to Apply These Terms to Your New Programs\n\n" + prose, []string{"Appendix: How to Apply These Terms to Your New Programs"}},
		{"two headings in a row", "A Report\n\n" + prose + "\nNext Steps\nFunding the Works\n" + prose, []string{"Next Steps", "Funding the Works"}},
		{"a connective alone", "A Report\n\nADVANCED USAGE\n\n" + prose + "\n\tgzip -c file1 > foo.gz\n\nThen\n\n\tgunzip -c foo\n\nis equivalent to\n\n\tcat file1\n", []string{"ADVANCED USAGE"}},
		{"a numbered clause that runs on", "A Report\n\n" + prose + "\n6. Each time you redistribute the Program (or any work based on the\nProgram), the recipient automatically receives a license from the\noriginal licensor to copy, distribute or modify the Program.\n\n" + prose, nil},
		{"a line in capitals that runs on", "A Report\n\n" + prose + "\nTHE LAW. EXCEPT WHEN\nOTHERWISE STATED IN WRITING THE COPYRIGHT HOLDERS AND/OR OTHER PARTIES\nPROVIDE THE PROGRAM \"AS IS\" WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESSED\nOR IMPLIED, INCLUDING THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS.\n\n" + prose, nil},
		{"a line that breaks off at and/or", "A Report\n\n" + prose + "\nEXCEPT WHEN OTHERWISE STATED IN WRITING THE COPYRIGHT HOLDERS AND/OR\nOTHER PARTIES PROVIDE THE PROGRAM AS IS.\n\n" + prose, nil},
		{"an address", "A Report\n\n" + prose + "\nSigned-off-by: Alan Coopersmith <alan.coopersmith@oracle.com>\n\n" + prose + "\nMatt Taggart <taggart@carmen.fc.hp.com> (hppa-linux)\n\n" + prose, nil},
		{"a copyright notice", "A Report\n\n" + prose + "\nCopyright © 1994 X Consortium\n\n" + prose + "\nCopyright (C) 1997 The Open Group\n\n" + prose + "\nCopyright 1997-2019 Werner Koch\nCopyright 1998-2021 Free Software Foundation, Inc.\nCopyright 2003-2022 g10 Code GmbH\n\n" + prose + "\nCopyright and License Information\n\n" + prose, []string{"Copyright and License Information"}},
		// A heading about copyright with a year in it is no notice:
		// a notice opens with the word or the sign.
		{"a heading about copyright", "A Report\n\n" + prose + "\nThe Copyright Act of 1976\n\n" + prose + "\nHow Copyright Changed in 1998\n\n" + prose, []string{"The Copyright Act of 1976", "How Copyright Changed in 1998"}},
		{"a title-case line that runs on", "A Report\n\n" + prose + "\nThe \"Corresponding Application Code\" for a Combined Work means the\nobject code and/or source code for the Application, including any data.\n\n" + prose, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headingsOf(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestItemsAreSentences reads each item of a list and each field of a
// record in plain text as a sentence of its own, so that an answer can
// quote "Author: Philip A. Nelson" without the fields around it, while the
// lines of a paragraph still join into its sentences.
func TestItemsAreSentences(t *testing.T) {
	text := "GNU bc\n\nThis version was written to be a compliant processor with several extensions\nto the draft standard, and option flags are available to cause warnings.\n\n" +
		"Program: GNU bc\nAuthor: Philip A. Nelson\nE-mail: phil@cs.wwu.edu\nCopying: GNU GPL version 2\n" +
		"Machines: It has been compiled and run on the following environments:\n\tBSD4.3 (VAX 11)\n\tMINIX 1.5 (pc532)\n\tUTS (Amdahl)\n\n" +
		"bc is an arbitrary precision numeric processing language. Syntax is\nsimilar to C, but differs in many substantial areas.\n"
	doc, err := Parse(Source{Name: "bc.txt", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Passages {
		for _, s := range Sentences(p.Text) {
			got = append(got, p.Text[s.Start:s.End])
		}
	}
	for _, want := range []string{
		"Author: Philip A. Nelson", "Copying: GNU GPL version 2", "Machines: It has been compiled and run on the following environments:",
		"BSD4.3 (VAX 11)", "UTS (Amdahl)", "bc is an arbitrary precision numeric processing language.",
		"This version was written to be a compliant processor with several extensions to the draft standard, and option flags are available to cause warnings.",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no sentence %q in %q", want, got)
		}
	}
}

// TestDateLines reads the report's date from a line near its top however
// the line introduces it ("Version of June 6, 2022", "Version 1.0.8 of 13
// July 2019", "Last updated: March 3, 2023"), and leaves a date inside a sentence alone.
func TestDateLines(t *testing.T) {
	tests := []struct{ line, want string }{
		{"Updated May 18, 2021", "May 18, 2021"},
		{"Version of June 6, 2022", "June 6, 2022"},
		{"Version 1.0.8 of 13 July 2019", "13 July 2019"}, // DocBook's release line
		{"Release v2.1-rc1 of March 2023", "March 2023"},
		{"Version 11 of the Treaty", ""},
		{"Revised 12 March 2020", "12 March 2020"},
		{"Last updated: March 3, 2023", "March 3, 2023"},
		{"Last modified 2023-03-03", "2023-03-03"},
		{"Date: 2019-10-01", "2019-10-01"},
		{"Published: Sept. 9, 2019", "Sept. 9, 2019"},
		{"Last revised: March 2023", "March 2023"},
		{"Released on January 5, 2024", "January 5, 2024"},
		{"May 2021", ""}, // a month alone is no date line: it may be a heading
		{"It was signed on June 6, 2022", ""},
		{"Version 1.9 ratified on March 26th, 2022.", "March 26th, 2022"},
		{"Adopted 2nd December 1998", "2nd December 1998"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			doc, err := Parse(Source{Name: "memo.txt", Data: []byte("The Harbour Memo\n\n" + tt.line + "\n\nThe harbour office publishes tide tables for every port on the coast.\n")})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Report.Date != tt.want {
				t.Errorf("got date %q, want %q", doc.Report.Date, tt.want)
			}
		})
	}
}

// TestUnderlinedHeadings: plain text's underlined headings (setext,
// reStructuredText) are headings whatever their shape, and their rules
// are no text; a rule under a long line, or alone, heads nothing.
func TestUnderlinedHeadings(t *testing.T) {
	text := "Reporting Bugs\n==============\n\nBefore reporting a bug, please\n------------------------------\n\n" + body +
		"\nWhere to report a bug\n---------------------\n\n" + body + "\n-----\n\n" + body +
		"\nThis line is a sentence of the text and runs on well past the rule drawn under it.\n-----\n"
	if got, want := headingsOf(text), []string{"Before reporting a bug, please", "Where to report a bug"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, l := range readText([]byte(text)).Lines {
		if isRule(l.Text) && l.Kind != Blank {
			t.Errorf("rule %q read as %v", l.Text, l.Kind)
		}
	}
}

// TestLinksToDifferentPlacesAreNoPageFurniture: two lines that are links
// to different places do not make a text paginated, so short lines it
// repeats ("No changes since last version.") stay text; the same address
// at two pages' feet is furniture.
func TestLinksToDifferentPlacesAreNoPageFurniture(t *testing.T) {
	entry := "Version %d\n\nAPI changes:\n\nNo changes since last version.\n\nFixes:\n\nThe parser no longer crashes on empty input, and the build works again on older systems.\n\n"
	var b strings.Builder
	b.WriteString("Project News\n\n")
	for v := 9; v > 3; v-- {
		fmt.Fprintf(&b, entry, v)
		if v == 7 {
			b.WriteString("https://example.org/issues/42\n\n")
		}
		if v == 5 {
			b.WriteString("https://tests.example.net/suite\n\n")
		}
	}
	kept := 0
	for _, l := range readText([]byte(b.String())).Lines {
		if l.Text == "No changes since last version." && l.Kind == Body {
			kept++
		}
	}
	if kept != 6 {
		t.Errorf("%d of 6 repeated lines kept as text", kept)
	}
}

// TestRepeatedContentIsNoRunningHead: on a paginated text, a short line
// repeated with the same text next to it is content written twice (a
// manual's variable and its description, the description's last line),
// not a running head; a running head of two lines, each repeated with the
// other, is furniture.
func TestRepeatedContentIsNoRunningHead(t *testing.T) {
	para := "The council met on %d occasions and agreed the plans for the harbour, the station and the bridges over the river.\n\n"
	var twoLine strings.Builder
	twoLine.WriteString("Harbour Plans for the Coming Decade\n\n")
	for p := 1; p <= 4; p++ {
		if p > 1 {
			twoLine.WriteString("Northport Transit Authority\nAnnual Review of the Port\n\n")
		}
		fmt.Fprintf(&twoLine, para, p)
		fmt.Fprintf(&twoLine, para, p+10)
		fmt.Fprintf(&twoLine, "%d\n\n", p)
	}
	// A page's worth of text, so that the address at its foot is a page's.
	page := strings.Repeat(body+"\n", pageSpacing/2)
	block := "TAR_SUBCOMMAND\n\nA short option describing the operation tar is executing, set for the script.\n\n"
	wrapped := "TAR_SUBCOMMAND\nA short option (with a leading dash) describing the oper-\nation tar is executing.\n\n"
	tests := []struct {
		name string
		text string
		line string
		want int // how many times line is kept as text
	}{
		{"the same description under it", "Tar Manual\n\n" + page + "https://www.example.org/tar\n\n" + body + "\n" + block + page + "\nhttps://www.example.org/tar\n\n" + body + "\n" + block + body, "TAR_SUBCOMMAND", 2},
		{"a description's last line", "Tar Manual\n\n" + page + "https://www.example.org/tar\n\n" + body + "\n" + wrapped + "Handling of file attributes\n\n" + page + "\nhttps://www.example.org/tar\n\n" + body + "\n" + wrapped + "TAR_FD is a file descriptor.\n\n" + body, "ation tar is executing.", 2},
		{"a running head's first line", twoLine.String(), "Northport Transit Authority", 0},
		{"a running head's second line", twoLine.String(), "Annual Review of the Port", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept := 0
			for _, l := range readText([]byte(tt.text)).Lines {
				if strings.Contains(l.Text, tt.line) && l.Kind != Furniture {
					kept++
				}
			}
			if kept != tt.want {
				t.Errorf("got %q kept %d times, want %d", tt.line, kept, tt.want)
			}
		})
	}
}

// TestRepeatedAddressIsNoPagination: an address a text gives twice, a
// README at its top and foot or a changelog in two entries, is the text's,
// and does not make the text paginated, where short lines it repeats
// ("Usage") would read as running heads.
func TestRepeatedAddressIsNoPagination(t *testing.T) {
	readme := "Tidewatch\n\nTidewatch predicts the tides of small harbours.\n\nhttps://tidewatch.example.org\n\nUsage\n\nRun tidewatch with the name of a harbour.\n\nBugs\n\nReport bugs on the tracker.\n\nUsage\n\nSee the manual page for the options.\n\nhttps://tidewatch.example.org\n"
	changelog := "Changes\n\n" + strings.Repeat(body+"\n", pageSpacing*6) + "Fix the parser.\n\nhttps://bugs.example.org/42\n\nFixes\n\nAnother fix to the parser.\n\nhttps://bugs.example.org/42\n\nFixes\n\n" + strings.Repeat(body+"\n", pageSpacing*6)
	for name, text := range map[string]string{"readme": readme, "changelog": changelog} {
		lay := readText([]byte(text))
		var furniture []string
		for _, l := range lay.Lines {
			if l.Kind == Furniture {
				furniture = append(furniture, l.Text)
			}
		}
		if len(furniture) > 0 {
			t.Errorf("%s: got %d furniture lines (%q, …), want none", name, len(furniture), furniture[0])
		}
	}
}

// The same subsection under each section ("3.1. Powers", "4.1. Powers", a
// constitution's or a standard's) is a heading every time, however far
// apart and however often: its number is a section's, not a page's.
func TestRecurringSubsectionsAreHeadings(t *testing.T) {
	var b strings.Builder
	b.WriteString("Constitution for the Harbour Board\n\n")
	var want []string
	for n, name := range []string{"Individual members", "The members by general vote", "The chair", "The technical panel", "The secretary"} {
		n += 3
		for _, h := range []string{fmt.Sprintf("%d. %s", n, name), fmt.Sprintf("%d.1. Powers", n), fmt.Sprintf("%d.2. Procedure", n)} {
			fmt.Fprintf(&b, "%s\n\n", h)
			want = append(want, h)
			for k := 0; k < pageSpacing/4; k++ {
				b.WriteString(body + "\n")
			}
		}
	}
	if got := headingsOf(b.String()); !reflect.DeepEqual(got, want) {
		t.Errorf("got headings %q, want %q", got, want)
	}
}

// A date line that says what happened at the date stays text, which a
// question may ask about.
func TestEventDateStaysText(t *testing.T) {
	doc, err := Parse(Source{Name: "rules.txt", Data: []byte("Rules of the Harbour Board (v1.9)\n\nVersion 1.9 ratified on March 26th, 2022.\n\nThe board meets every month in the harbour office on the quay.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Date != "March 26th, 2022" || !strings.Contains(doc.Passages[0].Text, "Version 1.9 ratified") {
		t.Errorf("got date %q and passages %q, want the date and its line kept", doc.Report.Date, sectioned(doc.Passages))
	}
}
