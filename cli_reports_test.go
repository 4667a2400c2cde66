package main

import (
	"bytes"
	"strings"
	"testing"

	"reportbot/rag"
	"reportbot/rag/ingest"
)

func TestCitationForms(t *testing.T) {
	headed := ingest.Passage{Report: "Fruit Facts", Section: "Apples", Page: 2, Text: "Apples grow on trees."}
	bare := ingest.Passage{Report: "Bread Notes", Section: "Bread Notes", Page: 1, Text: "Bread is baked in ovens."}
	tests := []struct {
		name string
		ans  rag.Answer
		want string
	}{
		{"a section of a report", rag.Answer{Text: "Apples grow on trees. [1]", Citations: []rag.Citation{{N: 1, Passage: headed}}},
			"Apples grow on trees. [1]\n\n[1] Apples · page 2 · Fruit Facts\n"},
		{"a report without headings", rag.Answer{Text: "Bread is baked in ovens. [1]", Citations: []rag.Citation{{N: 1, Passage: bare}}},
			"Bread is baked in ovens. [1]\n\n[1] Bread Notes · page 1\n"},
		{"two reports", rag.Answer{Text: "Both. [1] [2]", Citations: []rag.Citation{{N: 1, Passage: bare}, {N: 2, Passage: headed}}},
			"Both. [1] [2]\n\n[1] Bread Notes · page 1\n[2] Apples · page 2 · Fruit Facts\n"},
		{"sources", rag.Answer{Text: "Both.", Sources: []rag.Citation{{N: 1, Passage: headed}, {N: 2, Passage: bare}}},
			"Both.\n\nSources (the answer cites none; these are the passages it was given):\n- Apples · page 2 · Fruit Facts\n- Bread Notes · page 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := (&answerPrinter{w: &out}).print(tt.ans); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAskCitesEachReport asks a folder of two reports, one without
// headings: each citation names its report, and the one without headings
// is cited by its title once.
func TestAskCitesEachReport(t *testing.T) {
	dir := writeReports(t, map[string]string{
		"fruit.md":  "# Fruit Facts\n\n## Apples\n\nApples grow on trees in orchards.\n",
		"bread.txt": "Bread Notes\n\nBread is baked in ovens at high heat.\n",
	})
	c := newCLI(t)
	c.env["REPORT_PATH"] = dir
	tests := []struct{ question, want string }{
		{"where do apples grow?", "\n[1] Apples · page 1 · Fruit Facts\n"},
		{"where is bread baked?", "\n[1] Bread Notes · page 1\n"},
	}
	for _, tt := range tests {
		out, _, err := c.run("", "ask", tt.question)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("%s: got %q, want %q in it", tt.question, out, tt.want)
		}
	}
	out, _, err := c.run("", "index")
	if err != nil || !strings.Contains(out, "passages from 2 reports") {
		t.Errorf("index: got %q, %v, want it to count 2 reports", out, err)
	}
}
