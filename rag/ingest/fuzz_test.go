package ingest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

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
		checkPassages(t, doc.Passages)
	})
}

// checkPassages fails t unless every passage holds valid text within the
// size a passage may have, on a page from 1, under an ID of its own.
func checkPassages(t *testing.T, passages []Passage) {
	t.Helper()
	ids := map[string]bool{}
	for _, p := range passages {
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
}

// FuzzParseHTML runs the HTML reader and the rest of the pipeline on any
// bytes read as an .html report: it must not panic or hang, its passages
// must hold valid text within the size a passage may have, and every word
// of a passage, its section and the title must come from the page's text:
// from text nodes joined as they are displayed (inline markup joins them,
// a block or a line break parts them), never made up or glued together
// across blocks. (Run it with -fuzzminimizetime 1s.)
func FuzzParseHTML(f *testing.F) {
	page, err := os.ReadFile("testdata/harbour.html")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(page)
	for _, s := range []string{
		`<title>T</title><p>a<br>b</p><div>one</div><div>two</div><span>in</span><b>line</b>`,
		`<table><caption>C</caption><tr><th>x</th><td>y<p>z</p></td></tr><tr><td><table><tr><td>n</td></tr></table></td></tr></table>`,
		`<ul><li>a<ul><li>b</li></ul></li></ul><pre>p
q</pre><h1>H</h1><h2>I&amp;J</h2><nav>n</nav><header>h</header><article><header>k</header></article>`,
		"<p>Caf\xe9 \x93q\x94</p>", "\xff\xfe<\x00p\x00>\x00x\x00", "<p>ﬁne&shy;ly\u200b</p><script>s</script><style>t</style>",
		`<p>Updated May 18, 2021</p><p>x</p><p hidden>h</p><div aria-hidden="true">a</div><div role="banner">b</div>`,
		"<table><tr><td>" + strings.Repeat("w ", 500) + "</td><td>x</td></tr></table>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		slow := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("Parse took over 10 s on %d bytes", len(data))) })
		defer slow.Stop()
		doc, err := Parse(Source{Name: "fuzz.html", Data: data})
		if err != nil {
			return // a clear error for what is not a report is fine
		}
		text, _ := decodeHTML(data)
		root, err := html.Parse(strings.NewReader(text))
		if err != nil {
			t.Fatalf("Parse succeeded where the HTML parser fails: %v", err)
		}
		shown := displayedText(root)
		checkWords := func(what, s string) {
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if !strings.Contains(shown, w) {
					t.Fatalf("%s holds %q, a word not in the page's text %q", what, w, shown)
				}
			}
		}
		if doc.Report.Title != "fuzz" {
			checkWords("the title", doc.Report.Title)
		}
		checkPassages(t, doc.Passages)
		for _, p := range doc.Passages {
			if p.Page != 1 { // an HTML page is one page
				t.Fatalf("passage on page %d", p.Page)
			}
			checkWords("a passage", p.Text)
			if p.Section != doc.Report.Title {
				checkWords("a section", p.Section)
			}
		}
	})
}

// displayedText joins the text nodes of a parsed page as a browser shows
// them, cleaned as normalizeLine cleans text: directly where inline markup
// parts them, with a NUL where a block or a line break does.
func displayedText(root *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			for _, r := range ligatures.Replace(n.Data) {
				if r == softHyphen || isInvisible(r) || unicode.IsControl(r) && !unicode.IsSpace(r) {
					continue
				}
				b.WriteRune(r)
			}
			return
		}
		part := n.Type == html.ElementNode && (blockElements[n.DataAtom] || n.DataAtom == atom.Br)
		if part {
			b.WriteByte(0)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if part {
			b.WriteByte(0)
		}
	}
	walk(root)
	return b.String()
}
