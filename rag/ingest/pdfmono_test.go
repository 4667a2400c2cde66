package ingest

import (
	"strings"
	"testing"
)

// inlineCodePDF makes a page of running text in Times 10 whose lines name
// files and fields in Courier 9, as DocBook sets inline code: a line can
// hold more characters of code than of text. It ends with a code block,
// all Courier 9. It returns the PDF and the lines with inline code.
func inlineCodePDF(tb testing.TB) ([]byte, []string) {
	tb.Helper()
	doc := timesPage()
	y := 72.0
	// line writes the words of a line, those in backquotes in Courier 9.
	line := func(s string) string {
		x := 72.0
		var plain []string
		for _, w := range strings.Fields(s) {
			code := strings.HasPrefix(w, "`")
			w = strings.Trim(w, "`")
			if code {
				doc.SetFont("Courier", "", 9)
			} else {
				doc.SetFont("Times", "", 10)
			}
			doc.Text(x, y, w)
			x += doc.GetStringWidth(w)
			doc.SetFont("Times", "", 10)
			x += doc.GetStringWidth(" ")
			plain = append(plain, w)
		}
		y += 12
		return strings.Join(plain, " ")
	}
	var coded []string
	for p := range 4 {
		line("The database is read from the directories of the data path, one after")
		line("the other, and what a later directory says is added to what the earlier")
		if p%2 == 0 {
			coded = append(coded, line("said, for example `/usr/share/mime/text/html.xml,` `/usr/local/share/mime/text/html.xml,` and"))
		} else {
			coded = append(coded, line("`<MIME>/mime.cache` (holds the same data as the `globs2,` `magic,` `subclasses,`"))
		}
		line("the files of the home directory, if they exist, in this order.")
		y += 12
	}
	y += 400
	coded = append(coded, line("Then `<MIME>/packages/` `<MIME>/icons` `<MIME>/generic-icons` and"))
	line("the other files of the tree are made from them by the update command.")
	y += 12
	doc.SetFont("Courier", "", 9)
	for _, c := range []string{`<?xml version="1.0"?>`, `<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">`, `</mime-info>`} {
		doc.Text(72, y, c)
		y += 11
	}
	return fpdfBytes(tb, doc), coded
}

// TestInlineCodeIsText reads a line of running text that names code in a
// smaller monospaced font as text, wherever it stands on the page, not as
// the small text of a figure or a caption; a block of code stays apart.
func TestInlineCodeIsText(t *testing.T) {
	data, coded := inlineCodePDF(t)
	text := parseTestPDF(t, "inline-code.pdf", data).Text()
	for _, c := range coded {
		if !strings.Contains(text, "\n"+c+"\n") {
			t.Errorf("the line %q is not read as text:\n%s", c, text)
		}
	}
	if !strings.Contains(text, "\n[caption] <?xml version=\"1.0\"?>\n") {
		t.Errorf("the code block is not kept apart:\n%s", text)
	}
}
