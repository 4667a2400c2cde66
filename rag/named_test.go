package rag

import (
	"context"
	"strings"
	"testing"

	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
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
	idx, _, err := Open(context.Background(), srcs, embeddings.NewLocal(0), Options{Logger: quietLogger(), Words: wordvec.Default()})
	if err != nil {
		t.Fatal(err)
	}
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
