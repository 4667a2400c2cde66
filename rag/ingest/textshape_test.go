package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestTerminalText reads text as nroff writes it for a terminal: bold and
// underline as overstrikes, words broken with Unicode's hyphen, pages told
// only by a running head with the page's number, and a title block of
// short lines under the title.
func TestTerminalText(t *testing.T) {
	var b strings.Builder
	b.WriteString("\n\n        W\bWr\bri\bit\bti\bin\bng\bg  P\bPa\bap\bpe\ber\brs\bs\n\n")
	b.WriteString("             _\bJ_\ba_\bn_\be _\bD_\bo_\be\n\n")
	b.WriteString("             Harbour Research Office\n\n")
	b.WriteString("             Northern Maritime Institute\n\n")
	b.WriteString("     Tide Tables\n\n")
	for page := 1; page <= 4; page++ {
		for i := range 5 {
			fmt.Fprintf(&b, "     Table %c%d gives the times of high and low water at one\n", 'A'+rune(i), page)
			fmt.Fprintf(&b, "port for a month, with heights in metres, and it is gener‐\nally read from left to right (row %d).\n\n", i)
		}
		fmt.Fprintf(&b, "\n\nWRITING PAPERS\t\t\t\t%d\n\n\n", page)
	}
	doc, err := Parse(Source{Name: "papers.txt", Data: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Title != "Writing Papers" {
		t.Errorf("title %q, want the overstruck title read as Writing Papers", doc.Report.Title)
	}
	all := passagesText(doc)
	text := all
	for _, want := range []string{"Jane Doe", "Harbour Research Office", "generally read"} {
		if !strings.Contains(text, want) {
			t.Errorf("the passages lack %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"\b", "WRITING PAPERS", "gener‐", "gener-"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the passages hold %q:\n%s", unwanted, text)
		}
	}
}

func TestUnOverstrike(t *testing.T) {
	tests := []struct{ in, want string }{
		{"B\bBo\bol\bld\bd", "Bold"},
		{"_\bu_\bn_\bd_\be_\br", "under"},
		{"a\b_b", "ab"}, // the underline struck after the letter
		{"\bstray\b", "stray"},
		{"−\b−me", "−me"},
	}
	for _, tt := range tests {
		if got := unOverstrike(tt.in); got != tt.want {
			t.Errorf("unOverstrike(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNumberedListsAreNoRunningHeads keeps lines that recur with a number
// close together, as a list's do: only far-apart ones are page heads.
func TestNumberedListsAreNoRunningHeads(t *testing.T) {
	var b strings.Builder
	b.WriteString("Boat Safety\n\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "Step %d\n\nCheck the hull and the lifejackets before every trip out of the harbour, in order %d.\n\n", i, i)
	}
	doc, err := Parse(Source{Name: "boats.txt", Data: []byte(b.String())})
	if err != nil {
		t.Fatal(err)
	}
	all := passagesText(doc)
	for i := 1; i <= 5; i++ {
		if !strings.Contains(all, fmt.Sprintf("Step %d", i)) {
			t.Errorf("step %d was lost:\n%s", i, all)
		}
	}
}

// TestListsStayWithTheirLeadIn keeps a list's items in the passage of the
// sentence that leads in to them, however long the passage before it.
func TestListsStayWithTheirLeadIn(t *testing.T) {
	long := strings.Repeat("The harbour office publishes tide tables for every port on the coast. ", 5)
	doc, err := Parse(Source{Name: "tides.md", Data: []byte("# Tide Tables\n\n## Ports\n\n" + long + "It covers the following ports:\n\n- Northhaven\n- Eastmouth\n- Southby\n\nEach table gives a month of high and low waters, and the heights in metres of both.\n")})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Passages {
		if strings.Contains(p.Text, "following ports:") && !strings.Contains(p.Text, "Southby") {
			t.Errorf("the lead-in's passage lacks its items: %q", p.Text)
		}
	}
}

// TestMarkdownIsRendered reads Markdown as GitHub renders it: list items
// and table rows apart, link and emphasis marks gone, front matter left out.
func TestMarkdownIsRendered(t *testing.T) {
	md := "---\nlayout: post\ntitle: ignored\n---\n\n# Harbour Guide\n\n[![build](https://ci.example/badge.svg)](https://ci.example)\n\n## Ports\n\nThe **harbour office** lists [three ports](https://example.org/ports) in `ports.csv`:\n\n- Northhaven\n- Eastmouth\n\n## Fees\n\n| Boat | Fee |\n|------|-----|\n| Dinghy | 5 |\n| Yacht | 40 |\n"
	doc, err := Parse(Source{Name: "guide.md", Data: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Title != "Harbour Guide" {
		t.Errorf("title %q, want Harbour Guide", doc.Report.Title)
	}
	all := passagesText(doc)
	text := all
	for _, want := range []string{"The harbour office lists three ports in ports.csv:\n\nNorthhaven\n\nEastmouth", "Dinghy | 5\nYacht | 40"} {
		if !strings.Contains(text, want) {
			t.Errorf("the passages lack %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"**", "](", "`", "layout", "build", "|---"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("the passages hold %q:\n%s", unwanted, text)
		}
	}
	var rows []string
	for _, sp := range Sentences("Boat | Fee\nDinghy | 5\nYacht | 40") {
		rows = append(rows, "Boat | Fee\nDinghy | 5\nYacht | 40"[sp.Start:sp.End])
	}
	if len(rows) != 3 {
		t.Errorf("a table's rows read as %q, want a sentence each", rows)
	}
}

// passagesText is the sections and texts of a document's passages, a line
// each, for looking into.
func passagesText(doc Document) string {
	var b strings.Builder
	for _, p := range doc.Passages {
		b.WriteString(p.Section + "\n" + p.Text + "\n")
	}
	return b.String()
}

// TestMarkdownContents leaves out a README's own table of contents, a list
// of links to its headings as GitHub names them, and keeps a list of links
// elsewhere.
func TestMarkdownContents(t *testing.T) {
	md := "# Harbour Guide\n\nA guide to the harbour.\n\n## Contents\n\n1. [Use cases](#use-cases)\n2. [Dave's ideas](#daves-ideas)\n3. [Fees + costs](#fees)\n\n## Use cases\n\nMooring boats.\n\n## Dave's ideas\n\nFewer levels.\n\n## Fees\n\nFive pounds a night.\n\n- [Ports](https://example.org/ports)\n- [Tides](#tides)\n- [Fees](#fees)\n"
	doc, err := Parse(Source{Name: "guide.md", Data: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	got := sectioned(doc.Passages)
	want := []string{"Harbour Guide: A guide to the harbour.", "Use cases: Mooring boats.", "Dave's ideas: Fewer levels.", "Fees: Five pounds a night.\n\nPorts\n\nTides\n\nFees"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
