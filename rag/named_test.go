package rag

import (
	"context"
	"strings"
	"testing"

	"reportbot/rag/ingest"
)

// TestNamedReportThatDoesNotSayIsSearched: a question that names a
// report by its title ("Who wrote the Declaration of Independence?" of a
// report so titled) asks about the report itself only when the report
// says; else the report's text may answer it, as of its subject.
func TestNamedReportThatDoesNotSayIsSearched(t *testing.T) {
	srcs := []ingest.Source{
		{Name: "decl.md", Data: []byte("# Declaration of Independence\n\n## Drafting\n\nThe Declaration of Independence was written by Thomas Jefferson in June 1776. The Congress adopted it on July 4, 1776, after two days of debate.\n")},
	}
	idx := indexOf(t, srcs)
	e := NewExtractive(idx, 0, 0)
	for _, q := range []string{"Who wrote the Declaration of Independence?", "When was the Declaration of Independence written?"} {
		ans, err := e.Answer(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || !strings.Contains(ans.Text, "Jefferson") {
			t.Errorf("%q: got %q, want the text's answer (Jefferson, 1776)", q, ans.Text)
		}
	}
}

// TestCopyrightNotice tells a copyright notice from a sentence about
// copyright that gives a year: a notice names the year before any prose.
func TestCopyrightNotice(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Copyright © 2004 Mark Adler", true},
		{"Copyright (c) 2004, 2005 by Jane Doe", true},
		{"Copyright 1992, 1993 Jean-loup Gailly", true},
		{"(c) 2019 Red Hat, Inc.", true},
		{"© 2021 The Authors", true},
		{"COPYRIGHT 2010 ACME CORP.", true},
		{"copyright 2004 mark adler", true},
		{"Copyright The Authors 2020", true},
		{"Copyright law was revised in 1976.", false},
		{"Copyright infringement cases rose in 2020.", false},
		{"Copyright Act of 1976 sets the term.", false},
		{"Copyright © The Apache Software Foundation", true},
		{"Copyright holder: Free Software Foundation, Inc.", true},
		{"Copyright: Jane Doe <jane@example.org>", true},
		{"Copyright: the law and its limits", false},
		{"Copyright holders often sue.", false},
	}
	for _, tt := range tests {
		if got := ingest.IsCopyrightNotice(tt.line); got != tt.want {
			t.Errorf("%q: got %t, want %t", tt.line, got, tt.want)
		}
	}
}

// TestStatedDateLine tells a line that dates the report from a sentence
// that dates something the report is about.
func TestStatedDateLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Last modified 11 December 2005", true},
		{"Updated: May 3, 2021", true},
		{"Published 2020-01-31", true},
		{"This page was last modified on 11 December 2005, at 10:00.", true},
		{"Revised March 2019", true},
		{"This page last modified on 2022-02-12 22:18:19 UTC", true},
		{"Last updated March 26th, 2022", true},
		{"The law was revised in March 2019 after the election.", false},
		{"The vaccine was first released on May 3, 2021 in Seoul.", false},
	}
	for _, tt := range tests {
		if got := statedDateLine.MatchString(tt.line); got != tt.want {
			t.Errorf("%q: got %t, want %t", tt.line, got, tt.want)
		}
	}
}

// TestContentsAreTheSections: "what are the sections" lists a report's
// sections, each cited at its start; of a folder, its reports; a report
// without headings says what it is about instead.
func TestContentsAreTheSections(t *testing.T) {
	fruit := ingest.Source{Name: "fruit.md", Data: []byte("# Fruit Facts\n\n## Apples\n\nApples grow on trees in cool climates and keep for months.\n\n## Pears\n\nPears ripen after they are picked and bruise easily.\n\n## Plums\n\nPlums are stone fruit that dry into prunes.\n")}
	bread := ingest.Source{Name: "bread.txt", Data: []byte("Bread Notes\n\nBread is baked from flour, water and yeast. A sourdough starter replaces the yeast.\n")}
	ans := answerOf(t, indexOf(t, []ingest.Source{fruit}), "What are the sections of the report?")
	if want := "“Fruit Facts” has 3 sections: Apples [1]; Pears [2]; and Plums [3]."; ans.Text != want || len(ans.Citations) != 3 || ans.Citations[1].Passage.Section != "Pears" {
		t.Errorf("one report: got %q with %d citations, want %q, each section cited", ans.Text, len(ans.Citations), want)
	}
	ans = answerOf(t, indexOf(t, []ingest.Source{fruit, bread}), "table of contents")
	if !strings.HasPrefix(ans.Text, "The 2 reports: ") || !strings.Contains(ans.Text, "“Fruit Facts” [") || len(ans.Citations) != 2 {
		t.Errorf("a folder: got %q, want its reports listed, each cited", ans.Text)
	}
	ans = answerOf(t, indexOf(t, []ingest.Source{bread}), "what topics does the report cover")
	if !ans.Answered || !strings.Contains(ans.Text, "flour, water and yeast") {
		t.Errorf("no headings: got %q, want what it is about", ans.Text)
	}
}
