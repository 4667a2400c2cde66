package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testParser parses the PDFs of this package's tests. Its engine compiles
// the PDFium module once per test binary at most: the compilation cache
// lives in a directory shared by test runs (and by the other packages'
// tests), so usually not even once.
var testParser *Parser

// testPDFCacheDir is the compilation cache shared by test binaries.
func testPDFCacheDir() string { return filepath.Join(os.TempDir(), "reportbot-test-pdfium-cache") }

func TestMain(m *testing.M) {
	testParser = NewParser(Options{PDFCacheDir: testPDFCacheDir()})
	code := m.Run()
	testParser.Close()
	os.Exit(code)
}

// parsed keeps the documents parsePDFFile made: several tests look at the
// same committed PDFs, and under the race detector each parse takes seconds.
var parsed sync.Map // path -> Document

// parsePDFFile parses a committed PDF, once per test binary.
func parsePDFFile(tb testing.TB, path string) Document {
	tb.Helper()
	if doc, ok := parsed.Load(path); ok {
		return doc.(Document)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := testParser.Parse(context.Background(), Source{Name: filepath.Base(path), Data: data})
	if err != nil {
		tb.Fatal(err)
	}
	parsed.Store(path, doc)
	return doc
}

// pdfScore measures how well a parsed PDF keeps its test document: the
// acceptance figures of PDF input.
type pdfScore struct {
	sentences, whole    int // body sentences of six words or more; those inside one passage
	pairs, inOrder      int // consecutive pairs of whole sentences; those in order
	pagesKnown, pagesOK int // passages that start with a body sentence whose page is known; with the right page
	headings, found     int // section headings; those recognised
	extraHeadings       int // heading lines that are not headings of the document
	furniture           []string
	missing, wrongPages []string
	disorder, lostHeads []string
}

func (s pdfScore) ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s pdfScore) String() string {
	return fmt.Sprintf("whole %d/%d (%.3f)  in order %d/%d (%.3f)  pages %d/%d (%.3f)  headings %d/%d (%.2f, %d extra)  header/footer text in passages: %d",
		s.whole, s.sentences, s.ratio(s.whole, s.sentences), s.inOrder, s.pairs, s.ratio(s.inOrder, s.pairs),
		s.pagesOK, s.pagesKnown, s.ratio(s.pagesOK, s.pagesKnown), s.found, s.headings, s.ratio(s.found, s.headings), s.extraHeadings, len(s.furniture))
}

// scorePDF compares a parsed PDF with its test document. pages gives the
// page each body sentence starts on (0 for unknown), in order.
func scorePDF(d testDoc, pages []int, doc Document) pdfScore {
	var s pdfScore
	texts := make([]string, len(doc.Passages))
	for i, p := range doc.Passages {
		texts[i] = fold(p.Text)
	}
	// Position of a sentence: passage index * big + offset.
	pos := func(sent string) int {
		for i, t := range texts {
			if k := strings.Index(t, sent); k >= 0 {
				return i*1_000_000 + k
			}
		}
		return -1
	}
	sentences := d.bodySentences()
	last := -1
	for _, sent := range sentences {
		f := fold(sent)
		if wordCount(f) < 6 {
			continue
		}
		s.sentences++
		p := pos(f)
		if p < 0 {
			s.missing = append(s.missing, sent)
			last = -1
			continue
		}
		s.whole++
		if last >= 0 {
			s.pairs++
			if p > last {
				s.inOrder++
			} else {
				s.disorder = append(s.disorder, sent)
			}
		}
		last = p
	}
	// Pages: each passage that starts with a body sentence.
	for _, p := range doc.Passages {
		t := squash(fold(p.Text))
		for i, sent := range sentences {
			key := squash(fold(sent))
			if len(key) < 20 || !strings.HasPrefix(t, key[:min(len(key), 60)]) || i >= len(pages) || pages[i] == 0 {
				continue
			}
			s.pagesKnown++
			if p.Page == pages[i] {
				s.pagesOK++
			} else {
				s.wrongPages = append(s.wrongPages, fmt.Sprintf("page %d, want %d: %.60s", p.Page, pages[i], p.Text))
			}
			break
		}
	}
	// Headings.
	var lines []string
	for _, l := range doc.Lines {
		if l.Kind == Heading {
			lines = append(lines, fold(sectionNumber.ReplaceAllString(l.Text, "")))
		}
	}
	want := map[string]bool{}
	for _, h := range d.headings() {
		s.headings++
		want[fold(h)] = true
		if contains(lines, fold(h)) {
			s.found++
		} else {
			s.lostHeads = append(s.lostHeads, h)
		}
	}
	for _, l := range lines {
		if !want[l] {
			s.extraHeadings++
		}
	}
	// Running headers and footers.
	var furniture []string
	body := fold(strings.Join(sentences, " "))
	if h := fold(d.header); h != "" && !strings.Contains(body, h) {
		furniture = append(furniture, h)
	}
	if f := d.footer; f != "" && strings.Trim(f, "%d ") != "" {
		n := 0
		for _, l := range doc.Lines {
			n = max(n, l.Page)
		}
		for p := 1; p <= n; p++ {
			t := strings.ReplaceAll(strings.ReplaceAll(f, "%d", fmt.Sprint(p)), "%n", fmt.Sprint(n))
			furniture = append(furniture, fold(t))
		}
	}
	for _, f := range furniture {
		for _, t := range texts {
			if strings.Contains(t, f) {
				s.furniture = append(s.furniture, f)
				break
			}
		}
	}
	return s
}

func readPages(tb testing.TB, path string) []int {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var pages []int
	if err := json.Unmarshal(data, &pages); err != nil {
		tb.Fatal(err)
	}
	return pages
}

// TestPDFTargets holds every test PDF to the acceptance targets of PDF
// input. Run it with -v to see each file's figures.
func TestPDFTargets(t *testing.T) {
	type target struct {
		name  string
		doc   testDoc
		pages []int
		pdf   Document
	}
	var targets []target
	for _, tp := range toolPDFs {
		targets = append(targets, target{tp.tool + "/" + tp.doc, readTestDoc(t, tp.doc), readPages(t, tp.truthPath()), parsePDFFile(t, tp.pdfPath())})
	}
	for _, fp := range fpdfPDFs {
		d := readTestDoc(t, fp.doc)
		data, pages := fpdfDoc(t, d, fp.style)
		if dir := os.Getenv("WRITE_PDF"); dir != "" {
			os.WriteFile(filepath.Join(dir, fp.name+".pdf"), data, 0o644)
		}
		doc, err := testParser.Parse(context.Background(), Source{Name: fp.name + ".pdf", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, target{"fpdf/" + fp.name, d, pages, doc})
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			s := scorePDF(tg.doc, tg.pages, tg.pdf)
			t.Logf("%-24s %s", tg.name, s)
			if testing.Verbose() {
				for _, m := range s.missing {
					t.Logf("  not whole: %s", m)
				}
				for _, m := range s.disorder {
					t.Logf("  out of order: %s", m)
				}
				for _, m := range s.wrongPages {
					t.Logf("  %s", m)
				}
				for _, m := range s.lostHeads {
					t.Logf("  heading not found: %s", m)
				}
				for _, m := range s.furniture {
					t.Logf("  furniture in a passage: %s", m)
				}
			}
			if r := s.ratio(s.whole, s.sentences); r < 0.97 {
				t.Errorf("sentences whole: got %.3f, want >= 0.97", r)
			}
			if r := s.ratio(s.inOrder, s.pairs); r < 0.97 {
				t.Errorf("sentences in order: got %.3f, want >= 0.97", r)
			}
			if r := s.ratio(s.pagesOK, s.pagesKnown); r < 0.95 {
				t.Errorf("pages right: got %.3f, want >= 0.95", r)
			}
			if r := s.ratio(s.found, s.headings); r < 0.8 {
				t.Errorf("headings found: got %.2f, want >= 0.8", r)
			}
			if len(s.furniture) > 0 {
				t.Errorf("running header or footer text in passages: %q", s.furniture)
			}
		})
	}
}

// fpdfPDFs are the test PDFs made by the tests themselves with fpdf.
var fpdfPDFs = []struct {
	name, doc string
	style     fpdfStyle
}{
	{"broadband", "broadband", fpdfStyle{body: "Times", heading: "Helvetica", size: 10, justify: true, gutter: 18, midFloat: true}},
	{"lighthouses", "lighthouses", fpdfStyle{body: "Helvetica", heading: "Helvetica", size: 9, gutter: 14}},
	{"coast-scan", "coast", fpdfStyle{body: "Times", heading: "Times", size: 11, justify: true, gutter: 24, imagePage: true}},
}

var dumpPDF = os.Getenv("DUMP_PDF")

// TestDumpPDF prints a PDF's lines and passages, for looking at what the
// layout made of it: DUMP_PDF=path go test ./rag/ingest -run TestDumpPDF -v.
func TestDumpPDF(t *testing.T) {
	if dumpPDF == "" {
		t.Skip("set DUMP_PDF to a PDF's path")
	}
	doc := parsePDFFile(t, dumpPDF)
	t.Logf("title %q date %q warnings %q", doc.Report.Title, doc.Report.Date, doc.Warnings)
	for _, l := range doc.Lines {
		t.Logf("p%d %-9s %s", l.Page, l.Kind, l.Text)
	}
	for _, p := range doc.Passages {
		t.Logf("--- p%d [%s]\n%s", p.Page, p.Section, p.Text)
	}
}

// TestPDFGolden compares the passages of the committed tool-made PDFs with
// their golden files (testdata/pdf/golden); go test ./rag/ingest -update
// rewrites them after a deliberate change.
func TestPDFGolden(t *testing.T) {
	for _, tp := range toolPDFs {
		doc := parsePDFFile(t, tp.pdfPath())
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(doc.Report)
		for _, p := range doc.Passages {
			enc.Encode(p)
		}
		path := filepath.Join("testdata/pdf/golden", tp.tool+"-"+tp.doc+".jsonl")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: passages differ from %s (go test ./rag/ingest -run TestPDFGolden -update after a deliberate change)", tp.pdfPath(), path)
		}
	}
}

// BenchmarkParsePDF parses a three-page two-column PDF (LaTeX) with a
// started engine: go test ./rag/ingest -run '^$' -bench ParsePDF.
func BenchmarkParsePDF(b *testing.B) {
	data, err := os.ReadFile("testdata/pdf/latex/coast.pdf")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := testParser.Parse(context.Background(), Source{Name: "coast.pdf", Data: data}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := testParser.Parse(context.Background(), Source{Name: "coast.pdf", Data: data}); err != nil {
			b.Fatal(err)
		}
	}
}
