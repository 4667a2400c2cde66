package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"reportbot/rag/ingest/pdf"
)

// smallPDF makes a one-page PDF with a few sentences, optionally encrypted.
func smallPDF(tb testing.TB, userPass, ownerPass string) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "A4", "")
	if ownerPass != "" {
		doc.SetProtection(fpdf.CnProtectPrint, userPass, ownerPass)
	}
	doc.AddPage()
	doc.SetFont("Helvetica", "", 11)
	for i := 0; i < 12; i++ {
		doc.Text(72, 100+float64(i)*16, fmt.Sprintf("Sentence number %d of the small test file says something plain.", i+1))
	}
	return fpdfBytes(tb, doc)
}

// scanPDF makes a PDF whose pages are only images, as a scanner makes.
func scanPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "A4", "")
	l := &flow{pdf: doc}
	for i := 0; i < 2; i++ {
		doc.AddPage()
		l.imagePage()
	}
	return fpdfBytes(tb, doc)
}

// rawPDF assembles a PDF from object bodies (object i+1 is objs[i]), with a
// correct cross-reference table.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

const textPage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
const textContent = "<< /Length 58 >>\nstream\nBT /F1 12 Tf 72 700 Td (A page that can be read at all.) Tj ET\nendstream"
const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

// textPagePDF makes a one-page Letter PDF that draws content with the
// standard Type 1 fonts named (Helvetica, Times-Italic, …) as /F1, /F2, ….
func textPagePDF(content string, fonts ...string) []byte {
	var refs, dicts []string
	for k, f := range fonts {
		refs = append(refs, fmt.Sprintf("/F%d %d 0 R", k+1, k+5))
		dicts = append(dicts, "<< /Type /Font /Subtype /Type1 /BaseFont /"+f+" >>")
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << " + strings.Join(refs, " ") + " >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
	}
	return rawPDF(append(objs, dicts...)...)
}

// badPDFs are files that must give one clear line, quickly, never a panic
// or a hang. ok marks files that may also be read (in part).
func badPDFs(tb testing.TB) []struct {
	name string
	data []byte
	want error // nil: readable, or any clear error
} {
	good := smallPDF(tb, "", "")
	long := longPDF(tb, 10)
	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 4000)
	rng.Read(garbage)
	flipped := append([]byte(nil), good...)
	for i := len(flipped) / 3; i < len(flipped)*2/3; i += 7 {
		flipped[i] ^= 0x5a
	}
	aes, err := os.ReadFile("testdata/pdf/bad/aes256.pdf")
	if err != nil {
		tb.Fatal(err)
	}
	return []struct {
		name string
		data []byte
		want error
	}{
		{"scan.pdf", scanPDF(tb), ErrNoText},
		{"rc4-password.pdf", smallPDF(tb, "secret", "owner"), pdf.ErrEncrypted},
		{"aes256-password.pdf", aes, pdf.ErrEncrypted},
		{"not-a-pdf.pdf", []byte("This is a plain text file that someone named .pdf.\n"), pdf.ErrNotPDF},
		{"garbage.pdf", append([]byte("%PDF-1.7\n"), garbage...), pdf.ErrDamaged},
		{"truncated.pdf", good[:len(good)/2], nil},
		{"truncated-long.pdf", long[:len(long)*6/10], nil},
		{"flipped.pdf", flipped, nil},
		{"cyclic-pages.pdf", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"), nil},
		{"self-kid-pages.pdf", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
			textPage, textContent, helvetica), nil},
		{"huge-count.pdf", rawPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
			textPage, textContent, helvetica), nil},
	}
}

// TestBadPDFs checks that every broken file ends in a clear one-line error
// (or, for a file that is only partly broken, in what could be read), and
// that the engine still reads a good file afterwards.
func TestBadPDFs(t *testing.T) {
	for _, b := range badPDFs(t) {
		if dir := os.Getenv("WRITE_PDF"); dir != "" {
			os.WriteFile(dir+"/"+b.name, b.data, 0o644)
		}
		t.Run(b.name, func(t *testing.T) {
			start := time.Now()
			doc, err := testParser.Parse(context.Background(), Source{Name: b.name, Data: b.data})
			took := time.Since(start)
			t.Logf("%s: %v in %s (%d passages, warnings %q)", b.name, err, took.Round(time.Millisecond), len(doc.Passages), doc.Warnings)
			if b.want != nil && !errors.Is(err, b.want) {
				t.Errorf("got %v, want %v", err, b.want)
			}
			if err != nil {
				if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "parse "+b.name+": ") {
					t.Errorf("error %q: want one line naming the file", msg)
				}
			}
		})
	}
	doc, err := testParser.Parse(context.Background(), Source{Name: "good.pdf", Data: smallPDF(t, "", "")})
	if err != nil || len(doc.Passages) == 0 {
		t.Fatalf("a good file after the bad ones: got %d passages, %v", len(doc.Passages), err)
	}
}

func TestEncryptedWithoutUserPasswordIsRead(t *testing.T) {
	for name, data := range map[string][]byte{"rc4-owner.pdf": smallPDF(t, "", "owner"), "aes256-owner-only.pdf": nil} {
		if data == nil {
			var err error
			if data, err = os.ReadFile("testdata/pdf/bad/" + name); err != nil {
				t.Fatal(err)
			}
		}
		doc, err := testParser.Parse(context.Background(), Source{Name: name, Data: data})
		if err != nil || len(doc.Passages) == 0 {
			t.Errorf("%s: got %d passages, %v; want the text (no password is needed to read it)", name, len(doc.Passages), err)
		}
	}
}

// longPDF makes a PDF of many pages of text.
func longPDF(tb testing.TB, pages int) []byte {
	tb.Helper()
	doc := fpdf.New("P", "pt", "A4", "")
	doc.SetFont("Times", "", 10)
	for p := 0; p < pages; p++ {
		doc.AddPage()
		for i := 0; i < 60; i++ {
			doc.Text(50, 60+float64(i)*12, fmt.Sprintf("Line %d of page %d holds an ordinary sentence of some length, for the reader.", i+1, p+1))
		}
	}
	return fpdfBytes(tb, doc)
}

// TestPDFDeadline stops a PDF whose reading outlasts its deadline, with a
// clear error, and the engine reads the next file as usual. The long file
// takes a minute or more to read, twenty times its deadline (its pages add
// next to nothing to it here).
func TestPDFDeadline(t *testing.T) {
	p := NewParser(Options{PDFCacheDir: testPDFCacheDir(), PDFTimeout: 3 * time.Second, PDFPerPage: time.Nanosecond})
	defer p.Close()
	long := longPDF(t, 1000)
	start := time.Now()
	_, err := p.Parse(context.Background(), Source{Name: "long.pdf", Data: long})
	took := time.Since(start)
	if !errors.Is(err, pdf.ErrTimeout) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v, want a one-line timeout", err)
	}
	t.Logf("stopped after %s: %v", took.Round(time.Millisecond), err)
	if doc, err := p.Parse(context.Background(), Source{Name: "small.pdf", Data: smallPDF(t, "", "")}); err != nil || len(doc.Passages) == 0 {
		t.Fatalf("after a timeout: got %d passages, %v", len(doc.Passages), err)
	}
	// A cancelled context stops the reading too.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if _, err := p.Parse(ctx, Source{Name: "long.pdf", Data: long}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v, want context.Canceled", err)
	}
}

// FuzzParsePDF runs the PDF path on any bytes under a deadline: it must end
// with passages or an error, never a panic or a hang. (Run it briefly: go
// test ./rag/ingest -run '^$' -fuzz FuzzParsePDF -fuzztime 60s -fuzzminimizetime 1s.)
func FuzzParsePDF(f *testing.F) {
	f.Add(smallPDF(f, "", ""))
	f.Add(rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", textPage, textContent, helvetica))
	data, pages := fpdfDoc(f, readTestDoc(f, "water"), fpdfStyle{body: "Times", heading: "Helvetica", size: 10, justify: true, gutter: 18})
	_ = pages
	f.Add(data)
	p := NewParser(Options{PDFCacheDir: testPDFCacheDir(), PDFTimeout: 10 * time.Second})
	f.Cleanup(func() { p.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		slow := time.AfterFunc(30*time.Second, func() { panic(fmt.Sprintf("Parse of %d bytes did not end in 30 s", len(data))) })
		defer slow.Stop()
		doc, err := p.Parse(context.Background(), Source{Name: "fuzz.pdf", Data: data})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		for _, ps := range doc.Passages {
			if strings.TrimSpace(ps.Text) == "" || ps.Page < 1 {
				t.Fatalf("passage %+v", ps)
			}
		}
	})
}

// FuzzLayoutPDF runs the layout (words, columns, bands, kinds, paragraphs,
// passages) on arbitrary character geometry, as a hostile or broken PDF can
// give: it must not panic or hang. It reaches far more cases per second than
// FuzzParsePDF, whose every run goes through the PDF engine.
func FuzzLayoutPDF(f *testing.F) {
	f.Add([]byte("The quick brown fox jumps over the lazy dog. A second sentence follows here."), uint8(2))
	f.Add(bytes.Repeat([]byte{'a', 0x10, 0x80, 'b', 0xff, 0, ' ', 0x33}, 40), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, columns uint8) {
		slow := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("layout of %d bytes did not end in 10 s", len(data))) })
		defer slow.Stop()
		doc := &pdf.Document{}
		page := pdf.Page{Width: 612, Height: 792}
		cols := float64(columns%4 + 1)
		x, y := 50.0, 60.0
		for i, b := range data {
			switch {
			case b == 0xff:
				doc.Pages = append(doc.Pages, page)
				page = pdf.Page{Width: 612, Height: 792}
				x, y = 50, 60
				continue
			case b == ' ' || b < 0x20:
				page.Chars = append(page.Chars, pdf.Char{Rune: ' ', Space: true})
				x += 3
				continue
			}
			size := 6 + float64(data[(i*7)%len(data)]%12)
			if b >= 0x80 { // a jump: a new line, column or odd place
				y += float64(b-0x7f) / 4
				x = 50 + float64(int(b)%int(cols))*(512/cols)
			}
			w := size * 0.5
			page.Chars = append(page.Chars, pdf.Char{Rune: rune(b%94 + 33), X0: x, X1: x + w, Y0: y - size, Y1: y + size*0.2,
				Baseline: y, Size: size, Font: []string{"Times-Roman", "Times-Bold", "Helvetica"}[b%3], Weight: 400 + int(b%2)*300})
			x += w
			if x > 560 {
				x, y = 50, y+size*1.2
			}
		}
		doc.Pages = append(doc.Pages, page)
		lay := layoutPDF(doc)
		for _, p := range chunk("t", paragraphs(lay.lines, true)) {
			if p.Page < 1 || p.Page > len(doc.Pages) || strings.TrimSpace(p.Text) == "" {
				t.Fatalf("passage %+v of %d pages", p, len(doc.Pages))
			}
		}
	})
}

// TestPDFBudgetGrowsWithPages reads a long PDF whole although its reading
// outlasts PDFTimeout: each page adds PDFPerPage. Its 50 pages take
// seconds to read, more than the half second of the base.
func TestPDFBudgetGrowsWithPages(t *testing.T) {
	p := NewParser(Options{PDFCacheDir: testPDFCacheDir(), PDFTimeout: 500 * time.Millisecond, PDFPerPage: time.Second})
	defer p.Close()
	if err := p.pdfEngine().Start(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	doc, err := p.Parse(context.Background(), Source{Name: "long.pdf", Data: longPDF(t, 50)})
	if err != nil {
		t.Fatalf("got %v, want the 50 pages read within their budget", err)
	}
	t.Logf("read in %s", time.Since(start).Round(time.Millisecond))
	if last := doc.Passages[len(doc.Passages)-1]; last.Page != 50 {
		t.Errorf("last passage on page %d, want 50", last.Page)
	}
}

func TestBudgetFor(t *testing.T) {
	b := pdf.Budget{Base: 45 * time.Second, PerPage: 250 * time.Millisecond}
	if got := b.For(1000); got != 295*time.Second {
		t.Errorf("1,000 pages: %s, want 4m55s", got)
	}
}
