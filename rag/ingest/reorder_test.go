package ingest

import (
	"os"
	"testing"

	"reportbot/reports"
)

func TestSentenceIntegrityBundled(t *testing.T) {
	ref, err := os.ReadFile("../../testdata/IF10165-reading-order.txt")
	if err != nil {
		t.Fatal(err)
	}
	data, err := reports.FS.ReadFile("IF10165-south-korea-background-and-us-relations.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(Source{Name: "IF10165.txt", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	share, missing := SentenceIntegrity(string(ref), doc.Passages)
	t.Logf("sentence integrity, bundled report: %.3f (%d missing)", share, len(missing))
	for _, m := range missing {
		t.Logf("  missing: %s", m)
	}
	if share < 0.95 {
		t.Errorf("sentence integrity %.3f, want at least 0.95", share)
	}
	before, _ := SentenceIntegrity(string(ref), unrepaired(t, data))
	t.Logf("without the repair: %.3f", before)
}
