package ingest

import (
	"fmt"
	"os"
	"reflect"
	"strings"
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

// wordCounts counts the words of lines.
func wordCounts(lines []Line) map[string]int {
	m := map[string]int{}
	for _, l := range lines {
		for _, w := range strings.Fields(l.Text) {
			m[w]++
		}
	}
	return m
}

// FuzzReorder checks that the reading-order repair never loses, duplicates
// or changes a word, and never panics, whatever the lines.
func FuzzReorder(f *testing.F) {
	data, err := reports.FS.ReadFile("IF10165-south-korea-background-and-us-relations.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("a\nb\n\nc d-\ne. F\n\f\nG\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lay := classify(normalizeLines(data))
		out := reorder(lay.Lines)
		if in, got := wordCounts(lay.Lines), wordCounts(out); !reflect.DeepEqual(in, got) {
			t.Fatalf("words changed:\n in %v\nout %v", in, got)
		}
		// The rest of Parse: paragraphs and passages keep every body word.
		body := 0
		for _, l := range out {
			if l.Kind == Body {
				body += len(strings.Fields(l.Text))
			}
		}
		words := 0
		for _, p := range chunk("t", paragraphs(out, false)) {
			words += len(strings.Fields(p.Text))
		}
		if words > body {
			t.Fatalf("passages have %d words, the body %d", words, body)
		}
	})
}

// FuzzSentences checks that sentence spans are in order, do not overlap, and
// cover every non-space byte.
func FuzzSentences(f *testing.F) {
	f.Add("Approximately 28,500 U.S. troops are based in the ROK. The U.S. The end.")
	f.Add("“Quote.” (Paren.) Mr. E. Smith? Yes! 13.9%. …")
	f.Fuzz(func(t *testing.T, text string) {
		covered := make([]bool, len(text))
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("bad span %v after %d in %q", s, prev, text)
			}
			for i := s.Start; i < s.End; i++ {
				covered[i] = true
			}
			prev = s.End
		}
		for i := 0; i < len(text); i++ {
			if !covered[i] && !isSpaceByte(text[i]) {
				t.Fatalf("byte %d (%q) of %q is in no sentence", i, text[i], text)
			}
		}
	})
}

func BenchmarkRepairBundled(b *testing.B) {
	data, err := reports.FS.ReadFile("IF10165-south-korea-background-and-us-relations.txt")
	if err != nil {
		b.Fatal(err)
	}
	lay := classify(normalizeLines(data))
	b.ReportAllocs()
	for b.Loop() {
		reorder(lay.Lines)
	}
}

// BenchmarkRepairLines repairs long interleaved documents, paginated (as
// PDF extractions are) and as one unbroken page (the worst case), to show how
// the cost grows with the number of lines.
func BenchmarkRepairLines(b *testing.B) {
	p := readProse(b, "../../testdata/prose/lighthouses.md")
	w := readProse(b, "../../testdata/prose/water.md")
	for _, n := range []int{1250, 2500, 5000, 10000} {
		for _, paged := range []bool{true, false} {
			var doc prose
			doc.title = p.title
			for len(doc.blocks) < n/5 {
				doc.blocks = append(doc.blocks, p.blocks...)
				doc.blocks = append(doc.blocks, w.blocks...)
			}
			rows := 50
			if !paged {
				rows = 1 << 20
			}
			text := doc.twoColumns(pageLayout{widths: [2]int{58, 58}, rows: rows, footer: "Page %d", seed: 1})
			lines := normalizeLines([]byte(text))
			if len(lines) > n {
				lines = lines[:n]
			}
			lay := classify(lines)
			name := fmt.Sprintf("lines=%d/paged=%v", len(lay.Lines), paged)
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					reorder(lay.Lines)
				}
			})
		}
	}
}
