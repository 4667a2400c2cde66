package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"reportbot/reports"
)

// FuzzParse runs the whole pipeline (normalising, layout, reading order,
// paragraphs, passages) on any bytes, as a .txt and as a .md report: it
// must not panic or hang, and its passages must hold valid text, have
// unique IDs, start on a real page and stay within the size a passage may
// have. (Run it with -fuzzminimizetime 1s: minimising a large input can
// otherwise stall the run for a minute.)
func FuzzParse(f *testing.F) {
	data, err := reports.FS.ReadFile("IF10165-south-korea-background-and-us-relations.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, false)
	f.Add([]byte("# Title\n\n## Section\n\nA sentence. Another one.\n\n- a list item\n"), true)
	f.Add([]byte("\xff\xfe\x00\x00 not text \r\n\f\v"), false)
	f.Fuzz(func(t *testing.T, data []byte, markdown bool) {
		name := "fuzz.txt"
		if markdown {
			name = "fuzz.md"
		}
		slow := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("Parse took over 10 s on %d bytes", len(data))) })
		defer slow.Stop()
		doc, err := Parse(Source{Name: name, Data: data})
		if err != nil {
			return // a clear error for what is not a report is fine
		}
		ids := map[string]bool{}
		for _, p := range doc.Passages {
			if strings.TrimSpace(p.Text) == "" || !utf8.ValidString(p.Text) {
				t.Fatalf("passage %q has no valid text", p.ID)
			}
			if ids[p.ID] {
				t.Fatalf("two passages with ID %s", p.ID)
			}
			ids[p.ID] = true
			if n := len(strings.Fields(p.Text)); n > maxSentenceWords {
				t.Fatalf("passage of %d words, more than any passage may have (%d)", n, maxSentenceWords)
			}
			if p.Page < 1 {
				t.Fatalf("passage on page %d", p.Page)
			}
		}
	})
}
