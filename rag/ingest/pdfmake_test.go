package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

var makePDFs = flag.Bool("mkpdf", false, "rebuild the test PDFs under testdata/pdf made with LaTeX, groff and LibreOffice (needs those tools and pdftotext)")

// toolPDF is a test PDF laid out by a typesetting tool from one of the test
// documents. The PDFs are committed: CI cannot install the tools cheaply.
type toolPDF struct {
	tool, doc string // directory under testdata/pdf, content file
	source    string // file name of the source
	make      func(d testDoc) string
	build     [][]string // commands run in the build directory
}

func (t toolPDF) dir() string       { return filepath.Join("testdata/pdf", t.tool) }
func (t toolPDF) pdfPath() string   { return filepath.Join(t.dir(), t.doc+".pdf") }
func (t toolPDF) truthPath() string { return filepath.Join(t.dir(), t.doc+".pages.json") }

var toolPDFs = []toolPDF{
	{tool: "latex", doc: "coast", source: "coast.tex", make: func(d testDoc) string { return latexSource(d, false, 2) },
		build: [][]string{{"pdflatex", "-interaction=nonstopmode", "coast.tex"}, {"pdflatex", "-interaction=nonstopmode", "coast.tex"}}},
	{tool: "latex", doc: "broadband", source: "broadband.tex", make: func(d testDoc) string { return latexSource(d, true, 2) },
		build: [][]string{{"pdflatex", "-interaction=nonstopmode", "broadband.tex"}, {"pdflatex", "-interaction=nonstopmode", "broadband.tex"}}},
	{tool: "groff", doc: "water", source: "water.ms", make: groffSource,
		build: [][]string{{"sh", "-c", "groff -ms -t -Tpdf water.ms > water.pdf"}}},
	{tool: "groff", doc: "rail", source: "rail.ms", make: groffSource,
		build: [][]string{{"sh", "-c", "groff -ms -t -Tpdf rail.ms > rail.pdf"}}},
	{tool: "libreoffice", doc: "rail", source: "rail.rtf", make: rtfSource,
		build: [][]string{{"soffice", "--headless", "--convert-to", "pdf", "rail.rtf"}}},
	{tool: "libreoffice", doc: "lighthouses", source: "lighthouses.rtf", make: rtfSource,
		build: [][]string{{"soffice", "--headless", "--convert-to", "pdf", "lighthouses.rtf"}}},
	// Other layouts and producers: one column, three columns, PostScript
	// distilled by Ghostscript.
	{tool: "latex", doc: "water", source: "water.tex", make: func(d testDoc) string { return latexSource(d, false, 1) },
		build: [][]string{{"pdflatex", "-interaction=nonstopmode", "water.tex"}, {"pdflatex", "-interaction=nonstopmode", "water.tex"}}},
	{tool: "latex", doc: "lighthouses", source: "lighthouses.tex", make: func(d testDoc) string { return latexSource(d, true, 3) },
		build: [][]string{{"pdflatex", "-interaction=nonstopmode", "lighthouses.tex"}, {"pdflatex", "-interaction=nonstopmode", "lighthouses.tex"}}},
	{tool: "ghostscript", doc: "coast", source: "coast.ms", make: groffSource,
		build: [][]string{{"sh", "-c", "groff -ms -t -Tps coast.ms > coast.ps && ps2pdf coast.ps coast.pdf"}}},
	{tool: "libreoffice", doc: "broadband", source: "broadband.rtf", make: func(d testDoc) string { return rtfSourceCols(d, 1) },
		build: [][]string{{"soffice", "--headless", "--convert-to", "pdf", "broadband.rtf"}}},
}

// TestMakePDFs rebuilds the committed tool-made PDFs and their expected
// pages (the page each body sentence starts on, found with poppler's
// pdftotext, an extractor independent of the one under test). Run it with
// go test ./rag/ingest -run TestMakePDFs -mkpdf.
func TestMakePDFs(t *testing.T) {
	if !*makePDFs {
		t.Skip("run with -mkpdf to rebuild the tool-made test PDFs")
	}
	for _, tp := range toolPDFs {
		d := readTestDoc(t, tp.doc)
		build := t.TempDir()
		src := tp.make(d)
		if err := os.WriteFile(filepath.Join(build, tp.source), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, argv := range tp.build {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir = build
			cmd.Env = append(os.Environ(), "HOME="+build)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s/%s: %v: %v\n%s", tp.tool, tp.doc, argv, err, out)
			}
		}
		pdf, err := os.ReadFile(filepath.Join(build, tp.doc+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(tp.dir(), 0o755)
		if err := os.WriteFile(filepath.Join(tp.dir(), tp.source), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tp.pdfPath(), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		pages, err := popplerPages(tp.pdfPath(), d.bodySentences())
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(pages)
		if err := os.WriteFile(tp.truthPath(), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		unknown := 0
		for _, p := range pages {
			if p == 0 {
				unknown++
			}
		}
		t.Logf("%s/%s: %d bytes, %d sentences, %d without a page", tp.tool, tp.doc, len(pdf), len(pages), unknown)
	}
}

// popplerPages finds the page each sentence starts on with pdftotext: the
// first page, at or after the previous sentence's, whose text holds the
// sentence's start. 0 means not found.
func popplerPages(path string, sentences []string) ([]int, error) {
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext: %w", err)
	}
	var texts []string
	for _, p := range bytes.Split(out, []byte("\f")) {
		texts = append(texts, squash(fold(string(p))))
	}
	pages := make([]int, len(sentences))
	page := 0
	for i, s := range sentences {
		// pdftotext's own reading order can break a sentence's start where
		// columns meet: try shorter starts.
		full := squash(fold(s))
	search:
		for _, n := range []int{40, 24, 14} {
			key := full[:min(len(full), n)]
			for p := page; p < len(texts); p++ {
				if strings.Contains(texts[p], key) {
					pages[i], page = p+1, p
					break search
				}
			}
		}
	}
	return pages, nil
}

// latexSource lays a test document out with LaTeX's article class in two
// columns: a \maketitle block across both columns, fancyhdr's running header
// and footer, numbered sections, a figure* across both columns, a table in a
// column and footnotes. times switches to Times and unnumbered sections.
func latexSource(d testDoc, times bool, columns int) string {
	var b strings.Builder
	switch columns {
	case 2:
		b.WriteString("\\documentclass[10pt,twocolumn]{article}\n")
	case 1:
		b.WriteString("\\documentclass[11pt]{article}\n")
	default:
		b.WriteString("\\documentclass[10pt]{article}\n\\usepackage{multicol}\n\\usepackage[margin=0.75in]{geometry}\n")
	}
	b.WriteString("\\usepackage[utf8]{inputenc}\n\\usepackage{fancyhdr}\n")
	if times {
		b.WriteString("\\usepackage{times}\n")
	}
	b.WriteString("\\pagestyle{fancy}\n\\fancyhf{}\n")
	fmt.Fprintf(&b, "\\fancyhead[C]{\\small %s}\n", latexEscape(d.header))
	foot := strings.ReplaceAll(latexEscape(d.footer), "\\%d", "\\thepage")
	foot = strings.ReplaceAll(foot, "\\%n", "\\pageref{LastPage}")
	fmt.Fprintf(&b, "\\fancyfoot[C]{%s}\n", foot)
	fmt.Fprintf(&b, "\\title{%s}\n\\author{%s}\n\\date{%s}\n\\begin{document}\n\\maketitle\n\\thispagestyle{fancy}\n", latexEscape(d.title), latexEscape(d.author), latexEscape(d.date))
	if columns > 2 {
		fmt.Fprintf(&b, "\\begin{multicols}{%d}\n", columns)
	}
	figure, table := "figure*", "table"
	switch columns {
	case 1:
		figure = "figure"
	case 3:
		table = "table*"
	}
	section := "\\section"
	if times {
		section = "\\section*"
	}
	for _, bl := range d.blocks {
		switch bl.kind {
		case "heading":
			fmt.Fprintf(&b, "%s{%s}\n", section, latexEscape(bl.text))
		case "para":
			text := latexEscape(bl.text)
			text = noteMarker.ReplaceAllStringFunc(text, func(m string) string {
				return "\\footnote{" + latexEscape(d.notes[noteMarker.FindStringSubmatch(m)[1]]) + "}"
			})
			b.WriteString(text + "\n\n")
		case "figure":
			_, caption, _ := strings.Cut(bl.text, ". ")
			fmt.Fprintf(&b, "\\begin{%s}[t]\n\\centering\n\\fbox{\\parbox{0.8\\textwidth}{\\centering\\vspace{1.5cm}\\small %s\\vspace{1.5cm}}}\n\\caption{%s}\n\\end{%s}\n", figure, latexJoin(bl.labels, " \\quad "), latexEscape(caption), figure)
		case "table":
			_, caption, _ := strings.Cut(bl.text, ". ")
			fmt.Fprintf(&b, "\\begin{%s}[htb]\n\\centering\n\\caption{%s}\n\\footnotesize\\setlength{\\tabcolsep}{3pt}\n\\begin{tabular}{%s}\n", table, latexEscape(caption), strings.Repeat("l", len(bl.rows[0])))
			for _, r := range bl.rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = latexEscape(c)
				}
				b.WriteString(strings.Join(cells, " & ") + " \\\\\n")
			}
			fmt.Fprintf(&b, "\\end{tabular}\n\\end{%s}\n", table)
		}
	}
	if columns > 2 {
		b.WriteString("\\end{multicols}\n")
	}
	b.WriteString("\\label{LastPage}\n\\end{document}\n")
	return b.String()
}

var latexReplacer = strings.NewReplacer("\\", "\\textbackslash{}", "&", "\\&", "%", "\\%", "$", "\\$", "#", "\\#", "_", "\\_", "{", "\\{", "}", "\\}", "~", "\\textasciitilde{}", "^", "\\textasciicircum{}")

func latexJoin(parts []string, sep string) string {
	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = latexEscape(p)
	}
	return strings.Join(esc, sep)
}

func latexEscape(s string) string {
	// Keep footnote markers for the caller to replace.
	parts := noteMarker.Split(s, -1)
	marks := noteMarker.FindAllString(s, -1)
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(latexReplacer.Replace(p))
		if i < len(marks) {
			b.WriteString(marks[i])
		}
	}
	return b.String()
}

// groffSource lays a test document out with groff's ms macros in two columns
// (.2C): a title block (.TL, .AU, .AI) across the page, the running header
// and footer in ms's header and footer strings, numbered headings (.NH), a
// floating keep with a boxed figure, a tbl table and footnotes (.FS).
func groffSource(d testDoc) string {
	var b strings.Builder
	esc := func(s string) string {
		s = strings.ReplaceAll(s, "\\", "\\e")
		s = strings.ReplaceAll(s, "\n.", "\n\\&.")
		if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
			s = "\\&" + s
		}
		return s
	}
	b.WriteString(".nr PS 10\n.nr VS 12\n.nr HM 0.8i\n.nr FM 0.8i\n.nr PO 0.8i\n.nr LL 6.9i\n.nr FPS 8\n")
	foot := strings.ReplaceAll(esc(d.footer), "%d", "%")
	foot = strings.ReplaceAll(foot, "%n", "\\n[LASTPAGE]")
	fmt.Fprintf(&b, ".ds CH %s\n.ds CF %s\n.ds LH\n.ds RH\n.ds LF\n.ds RF\n", esc(d.header), foot)
	fmt.Fprintf(&b, ".TL\n%s\n.AU\n%s\n.AI\n%s\n.2C\n", esc(d.title), esc(d.author), esc(d.date))
	for _, bl := range d.blocks {
		switch bl.kind {
		case "heading":
			fmt.Fprintf(&b, ".NH\n%s\n", esc(bl.text))
		case "para":
			b.WriteString(".PP\n")
			text := bl.text
			for {
				loc := noteMarker.FindStringSubmatchIndex(text)
				if loc == nil {
					break
				}
				b.WriteString(esc(text[:loc[0]]) + "\\**\n.FS\n" + esc(d.notes[text[loc[2]:loc[3]]]) + "\n.FE\n")
				text = strings.TrimLeft(text[loc[1]:], " ")
			}
			b.WriteString(esc(text) + "\n")
		case "figure":
			fmt.Fprintf(&b, ".KF\n.B1\n.sp 2\n.ce\n\\s-2%s\\s+2\n.sp 2\n.B2\n.ce\n%s\n.KE\n", esc(strings.Join(bl.labels, "    ")), esc(bl.text))
		case "table":
			fmt.Fprintf(&b, ".KF\n.ce\n%s\n.TS\ncenter;\n%s.\n", esc(bl.text), strings.TrimSpace(strings.Repeat("l ", len(bl.rows[0]))))
			for _, r := range bl.rows {
				b.WriteString(strings.Join(r, "\t") + "\n")
			}
			b.WriteString(".TE\n.KE\n")
		}
	}
	return b.String()
}

// rtfSource lays a test document out as RTF for LibreOffice to convert: a
// one-column title section, then a continuous section in two columns,
// headings in a larger bold sans face, justified paragraphs, a table, a
// boxed figure and real footnotes; the running header and footer carry a
// page field.
func rtfSource(d testDoc) string { return rtfSourceCols(d, 2) }

// rtfSourceCols is rtfSource with the given number of columns.
func rtfSourceCols(d testDoc, columns int) string {
	var b strings.Builder
	esc := func(s string) string {
		var o strings.Builder
		for _, r := range s {
			switch {
			case r == '\\' || r == '{' || r == '}':
				o.WriteString("\\" + string(r))
			case r > 127:
				fmt.Fprintf(&o, "\\u%d?", r)
			default:
				o.WriteRune(r)
			}
		}
		return o.String()
	}
	page := "{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}"
	count := "{\\field{\\*\\fldinst NUMPAGES}{\\fldrslt 1}}"
	foot := strings.ReplaceAll(esc(d.footer), "%d", page)
	foot = strings.ReplaceAll(foot, "%n", count)
	b.WriteString("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\froman Liberation Serif;}{\\f1\\fswiss Liberation Sans;}}\n")
	b.WriteString("\\paperw11906\\paperh16838\\margl1021\\margr1021\\margt1134\\margb1134\\headery567\\footery567\n")
	fmt.Fprintf(&b, "{\\header\\pard\\qc\\f1\\fs16 %s\\par}\n{\\footer\\pard\\qc\\f1\\fs16 %s\\par}\n", esc(d.header), foot)
	fmt.Fprintf(&b, "\\pard\\qc\\sa120\\f1\\fs36\\b %s\\b0\\par\n\\pard\\qc\\f0\\fs22 %s\\par\n\\pard\\qc\\sa360\\fs22 %s\\par\n", esc(d.title), esc(d.author), esc(d.date))
	fmt.Fprintf(&b, "\\sect\\sectd\\sbknone\\cols%d\\colsx567\n", columns)
	for _, bl := range d.blocks {
		switch bl.kind {
		case "heading":
			fmt.Fprintf(&b, "\\pard\\sb240\\sa120\\keepn\\f1\\fs24\\b %s\\b0\\par\n", esc(bl.text))
		case "para":
			text := bl.text
			b.WriteString("\\pard\\qj\\sa120\\fi284\\f0\\fs20 ")
			for {
				loc := noteMarker.FindStringSubmatchIndex(text)
				if loc == nil {
					break
				}
				fmt.Fprintf(&b, "%s{\\super\\chftn}{\\footnote\\pard\\plain\\f0\\fs16{\\super\\chftn} %s}", esc(text[:loc[0]]), esc(d.notes[text[loc[2]:loc[3]]]))
				text = text[loc[1]:]
			}
			b.WriteString(esc(text) + "\\par\n")
		case "figure":
			fmt.Fprintf(&b, "\\pard\\qc\\sb240\\sa240\\box\\brdrs\\brdrw10\\brsp120\\f1\\fs14 %s\\par\n", esc(strings.Join(bl.labels, "   ")))
			fmt.Fprintf(&b, "\\pard\\qc\\sa240\\f0\\fs18\\i %s\\i0\\par\n", esc(bl.text))
		case "table":
			fmt.Fprintf(&b, "\\pard\\qc\\sb120\\sa60\\f0\\fs18\\b %s\\b0\\par\n", esc(bl.text))
			n := len(bl.rows[0])
			for _, r := range bl.rows {
				b.WriteString("\\trowd\\trgaph60")
				for i := 1; i <= n; i++ {
					fmt.Fprintf(&b, "\\cellx%d", i*9600/columns/n)
				}
				b.WriteString("\n")
				for _, c := range r {
					fmt.Fprintf(&b, "\\pard\\intbl\\f0\\fs16 %s\\cell ", esc(c))
				}
				b.WriteString("\\row\n")
			}
			b.WriteString("\\pard\\sa120\\par\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// timesPage starts a Letter PDF, in points, on its first page, set in
// 10-point Times.
func timesPage() *fpdf.Fpdf {
	doc := fpdf.New("P", "pt", "Letter", "")
	doc.AddPage()
	doc.SetFont("Times", "", 10)
	return doc
}

// textLines sets lines one under another at x from y, step apart, and
// returns where the next line would go.
func textLines(doc *fpdf.Fpdf, x, y, step float64, lines ...string) float64 {
	for _, s := range lines {
		doc.Text(x, y, s)
		y += step
	}
	return y
}

// fpdfBytes returns the PDF doc makes.
func fpdfBytes(tb testing.TB, doc *fpdf.Fpdf) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// parseTestPDF parses a PDF made by a test with the shared parser.
func parseTestPDF(tb testing.TB, name string, data []byte) Document {
	tb.Helper()
	doc, err := testParser.Parse(context.Background(), Source{Name: name, Data: data})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// linesOf returns the text of doc's lines of a kind, in reading order.
func linesOf(doc Document, kind LineKind) []string {
	var out []string
	for _, l := range doc.Lines {
		if l.Kind == kind {
			out = append(out, l.Text)
		}
	}
	return out
}
