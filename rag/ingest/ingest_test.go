package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"reportbot/reports"
)

// bundled parses the bundled report.
func bundled(tb testing.TB) Document {
	tb.Helper()
	srcs, _, err := ReadFS(reports.FS)
	if err != nil {
		tb.Fatal(err)
	}
	if len(srcs) != 1 {
		tb.Fatalf("got %d bundled reports, want 1", len(srcs))
	}
	doc, err := Parse(srcs[0])
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func TestParseBundledReport(t *testing.T) {
	doc := bundled(t)
	if got, want := doc.Report.Title, "South Korea: Background and U.S. Relations"; got != want {
		t.Errorf("title: got %q, want %q", got, want)
	}
	if got, want := doc.Report.Date, "May 18, 2021"; got != want {
		t.Errorf("date: got %q, want %q", got, want)
	}
	var headings []string
	maxPage := 0
	for _, l := range doc.Lines {
		if l.Kind == Heading {
			headings = append(headings, l.Text)
		}
		maxPage = max(maxPage, l.Page)
	}
	for _, want := range []string{"Overview", "North Korea Policy Coordination", "U.S.-South Korea Security Issues",
		"South Korea’s COVID-19 Response", "U.S.-South Korea Economic Relations", "South Korea’s Regional Relations",
		"South Korean Politics", "Disclaimer"} {
		if !contains(headings, want) {
			t.Errorf("heading %q not recognised; headings: %q", want, headings)
		}
	}
	if maxPage != 3 && maxPage != 4 {
		t.Errorf("got %d pages, want the report's 3 (and the trailing footer)", maxPage)
	}

	seen := map[string]bool{}
	pages := map[int]bool{}
	for _, p := range doc.Passages {
		if p.ID == "" || p.Section == "" || p.Page < 1 || strings.TrimSpace(p.Text) == "" || p.Report != doc.Report.Title {
			t.Errorf("incomplete passage %+v", p)
		}
		if seen[p.ID] {
			t.Errorf("duplicate passage ID %s", p.ID)
		}
		seen[p.ID] = true
		pages[p.Page] = true
		for _, furniture := range []string{"crsreports.congress.gov", "Background and U.S. Relations", "Updated May", "IF10165", "Figure 1.", "Source: National Assembly"} {
			if strings.Contains(p.Text, furniture) {
				t.Errorf("passage %s holds page furniture %q: %s", p.ID, furniture, p.Text)
			}
		}
		if words := wordCount(p.Text); words > maxWords*2 {
			t.Errorf("passage %s has %d words", p.ID, words)
		}
	}
	if !pages[1] || !pages[2] || !pages[3] {
		t.Errorf("passages cover pages %v, want 1, 2 and 3", pages)
	}
	if !strings.Contains(joinedText(doc), "U.S.-South Korea Free Trade Agreement") {
		t.Error("U.S.- at a line end was not joined to South Korea without a space")
	}
}

func TestParseIsStable(t *testing.T) {
	a, b := bundled(t), bundled(t)
	if !reflect.DeepEqual(a.Passages, b.Passages) {
		t.Fatal("two parses of the same report differ")
	}
}

func joinedText(doc Document) string {
	var b strings.Builder
	for _, p := range doc.Passages {
		b.WriteString(p.Text + "\n")
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestNormalizeLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"crlf", "a\r\nb\rc", []string{"a", "b", "c"}},
		{"spaces", "  two\t\tspaces\u00a0here  ", []string{"two spaces here"}},
		{"invisible", "zero\u200bwidth \u202eoverride\u202c", []string{"zerowidth override"}},
		{"ligature", "e\ufb03cient \ufb01nance", []string{"efficient finance"}},
		{"form feed", "end\fstart", []string{"end", pageBreakLine, "start"}},
		{"soft hyphen", "govern\u00ad\nment in\u00adside", []string{"govern\u00ad", "ment inside"}},
		{"soft hyphen after a space", "one \u00adtwo three \u00ad", []string{"one two three"}},
		{"bom", "\ufeffTitle", []string{"Title"}},
		{"latin-1", "Caf\xe9", []string{"Café"}},
		{"quotes kept", "“quoted” and ‘single’", []string{"“quoted” and ‘single’"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizeLines([]byte(tt.in)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParagraphJoinsBrokenLines(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"compound kept", []string{"bolstered by the U.S.-", "South Korea agreement."}, "bolstered by the U.S.-South Korea agreement."},
		{"number kept", []string{"Coronavirus Disease 2019 (COVID-", "19) partnership."}, "Coronavirus Disease 2019 (COVID-19) partnership."},
		{"typesetter hyphen dropped", []string{"The government said so and the govern-", "ment agreed."}, "The government said so and the government agreed."},
		{"unknown word keeps hyphen", []string{"long-", "range missiles."}, "long-range missiles."},
		{"dash joins", []string{"held in 2018—", "when three summits met."}, "held in 2018—when three summits met."},
		{"soft hyphen", []string{"ex\u00ad", "ample text."}, "example text."},
		{"spaced dash", []string{"one thing -", "another."}, "one thing - another."},
		{"a run of dashes", []string{"-------- Original README --------", "Program notes follow."}, "-------- Original README -------- Program notes follow."},
		// A suspended compound's hyphen, then a conjunction on the next line.
		{"suspended hyphen", []string{"with many short-", "and long-term effects."}, "with many short- and long-term effects."},
		{"suspended hyphen, or", []string{"both pre-", "or post-war rules."}, "both pre- or post-war rules."},
		{"compound holding the conjunction", []string{"a hit-", "and-run driver."}, "a hit-and-run driver."},
		{"a word broken before a conjunction's letters", []string{"it was included with mi-", "nor amendments."}, "it was included with minor amendments."},
		// A dash or slash between spaces keeps a space after it when the
		// line breaks after it; one closed up on its words does not.
		{"spaced en dash", []string{"may legislate in criminal law –", "something never done before."}, "may legislate in criminal law – something never done before."},
		{"spaced slash", []string{"The Dodge Omni /", "Plymouth Horizon sold well."}, "The Dodge Omni / Plymouth Horizon sold well."},
		{"closed slash", []string{"and/", "or both."}, "and/or both."},
		{"line broken before a closed dash", []string{"on the English university model", "—many leaders had attended it."}, "on the English university model—many leaders had attended it."},
		{"line broken before a spaced dash", []string{"the complete engine cycle also comprises four events", "– admission, expansion, exhaust and compression."}, "the complete engine cycle also comprises four events – admission, expansion, exhaust and compression."},
		// A capitalised part before the break that the document never
		// writes alone is a broken name, whatever English makes of its
		// pieces; one it writes alone makes a compound like any word.
		{"broken name", []string{"fled to England, Switzerland, Nor-", "way and Denmark."}, "fled to England, Switzerland, Norway and Denmark."},
		{"name compound", []string{"Many spoke French at home. The French-", "speaking towns grew."}, "Many spoke French at home. The French-speaking towns grew."},
		{"a name's broken part in capitals", []string{"The tax office used AUST-", "PAC, and AUSTPAC grew."}, "The tax office used AUSTPAC, and AUSTPAC grew."},
		{"one letter after the break", []string{"the Pen-", "y-darren ironworks."}, "the Pen-y-darren ironworks."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []Line
			for _, l := range tt.lines {
				lines = append(lines, Line{Text: l, Page: 1, Kind: Body})
			}
			paras := paragraphs(lines, false)
			if len(paras) != 1 || paras[0].text != tt.want {
				t.Errorf("got %+v, want one paragraph %q", paras, tt.want)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Approximately 28,500 U.S. troops are based in the ROK. The economic relationship is strong.",
			[]string{"Approximately 28,500 U.S. troops are based in the ROK.", "The economic relationship is strong."}},
		{"It grew 13.9%. South Korea paid $9.7 billion.", []string{"It grew 13.9%.", "South Korea paid $9.7 billion."}},
		{"Mark E. Manyin wrote it. Dr. Smith agreed.", []string{"Mark E. Manyin wrote it.", "Dr. Smith agreed."}},
		{"They moved to the U.S. The move was costly.", []string{"They moved to the U.S.", "The move was costly."}},
		{"See U.S. Relations with Asia.", []string{"See U.S. Relations with Asia."}},
		{"the “complete denuclearization of the Korean Peninsula.” Although Moon agreed.",
			[]string{"the “complete denuclearization of the Korean Peninsula.”", "Although Moon agreed."}},
		{"(officially the DPRK). The alliance held.", []string{"(officially the DPRK).", "The alliance held."}},
		{"Why? Because. and then", []string{"Why?", "Because. and then"}},
		{"no terminal punctuation", []string{"no terminal punctuation"}},
		{"  ", nil},
		{"On Jan. 5 it rained. U.N. and U.S. sanctions remain.", []string{"On Jan. 5 it rained.", "U.N. and U.S. sanctions remain."}},
		{"It amounted to ca. 2 million. Born c. 1500 in Paris.", []string{"It amounted to ca. 2 million.", "Born c. 1500 in Paris."}},
		{"See the Mozilla Public License, v. 2.0. It applies.", []string{"See the Mozilla Public License, v. 2.0.", "It applies."}},
		{"It grew in Los Angeles, CA. It grew fast.", []string{"It grew in Los Angeles, CA.", "It grew fast."}},
		{"The prize went to Ed. He accepted it.", []string{"The prize went to Ed.", "He accepted it."}},
		{"See the 2nd ed. Oxford printed it, viz. Clarendon.", []string{"See the 2nd ed. Oxford printed it, viz. Clarendon."}},
		{"It was no more.[citation needed] Settlers came.", []string{"It was no more.[citation needed]", "Settlers came."}},
		{"per vessel.\n\nFigure 1. Monthly availability.", []string{"per vessel.", "Figure 1. Monthly availability."}},
		{"Figure 1. Monthly availability of the chargers. It rose.", []string{"Figure 1. Monthly availability of the chargers.", "It rose."}},
		{"Table 2-1. Results by vessel", []string{"Table 2-1. Results by vessel"}},
		{"See Table 1. It shows the results.", []string{"See Table 1.", "It shows the results."}},
		// A caption's label is a number or capitals; a verb's object in
		// lowercase ends a sentence.
		{"Map it. Then go home.", []string{"Map it.", "Then go home."}},
		{"Chart all. Then stop.", []string{"Chart all.", "Then stop."}},
		{"Figure 3b. Tides by month.", []string{"Figure 3b. Tides by month."}},
		{"Table IV. Tides by month.", []string{"Table IV. Tides by month."}},
		{"Trade fell.[12][13] Then it rose. See [a long bracket that is not a footnote mark at all, no]. Done.",
			[]string{"Trade fell.[12][13]", "Then it rose.", "See [a long bracket that is not a footnote mark at all, no].", "Done."}},
		{"It supports these APIs:\n\nHigh Resolution Time\n \nUser Timing\nand more", []string{"It supports these APIs:", "High Resolution Time", "User Timing\nand more"}},
		{"A stop before a space and a line end. \nThe next line.", []string{"A stop before a space and a line end.", "The next line."}},
		{"It was presented by Hans-J. Boehm at the meeting. It was read.", []string{"It was presented by Hans-J. Boehm at the meeting.", "It was read."}},
		{"J.-P. Sartre wrote it. So did M.-C. Dupont in 1950.", []string{"J.-P. Sartre wrote it.", "So did M.-C. Dupont in 1950."}},
		{"It was signed by Jean-P. Dupont. The next came.", []string{"It was signed by Jean-P. Dupont.", "The next came."}},
		{"They chose option-B. The rest failed.", []string{"They chose option-B.", "The rest failed."}},
		{"It was by Hans-J. The rest failed.", []string{"It was by Hans-J.", "The rest failed."}},
		// A mark set apart from its stop (a line broke before it) is the
		// sentence's; a bracket that opens a sentence is not a mark.
		{"This arrangement is safer. [citation needed] The acme came.", []string{"This arrangement is safer. [citation needed]", "The acme came."}},
		{"Trade fell. [12] [13] Then it rose.", []string{"Trade fell. [12] [13]", "Then it rose."}},
		{"It ended. [The author] said so.", []string{"It ended.", "[The author] said so."}},
		{"It ended. [see below] and more.", []string{"It ended. [see below] and more."}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestChunkKeepsSentencesWhole lays out a long single-column report with
// known sentences and checks that every sentence lands whole in exactly one
// passage, and that no passage is far over the size limit.
func TestChunkKeepsSentencesWhole(t *testing.T) {
	var sentences []string
	var text strings.Builder
	text.WriteString("A Test Report\n\nFirst Section\n\n")
	for i := range 120 {
		s := fmt.Sprintf("Sentence s%d has ", i) + strings.Repeat("word ", 5+i%17) + "and ends here."
		sentences = append(sentences, s)
		text.WriteString(s + " ")
		if i%9 == 8 {
			text.WriteString("\n\n")
		}
		if i == 60 {
			text.WriteString("\n\nSecond Section\n\n")
		}
	}
	doc, err := Parse(Source{Name: "test.txt", Data: []byte(wrap(text.String(), 60))})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sentences {
		n := 0
		for _, p := range doc.Passages {
			n += strings.Count(p.Text, s)
		}
		if n != 1 {
			t.Errorf("sentence %q found whole in %d passages, want 1", s, n)
		}
	}
	for _, p := range doc.Passages {
		if w := wordCount(p.Text); w > maxWords+30 {
			t.Errorf("passage of %d words", w)
		}
	}
	if doc.Passages[0].Section != "First Section" || doc.Passages[len(doc.Passages)-1].Section != "Second Section" {
		t.Errorf("sections: first %q, last %q", doc.Passages[0].Section, doc.Passages[len(doc.Passages)-1].Section)
	}
}

// wrap breaks each paragraph of text into lines of at most width characters.
func wrap(text string, width int) string {
	var out strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		line := 0
		for _, w := range strings.Fields(para) {
			if line > 0 && line+1+len(w) > width {
				out.WriteString("\n")
				line = 0
			}
			if line > 0 {
				out.WriteString(" ")
				line++
			}
			out.WriteString(w)
			line += len(w)
		}
		out.WriteString("\n\n")
	}
	return out.String()
}

func TestFormFeedsAndRepeatedFurniture(t *testing.T) {
	text := "My Report Title\nIntro text that runs on for a while.\n3\n\fMy Report Title\nMore text on page two.\n4\n\fMy Report Title\nThe end of it.\n5\n"
	doc, err := Parse(Source{Name: "r.txt", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Title != "My Report Title" {
		t.Errorf("title %q", doc.Report.Title)
	}
	all := joinedText(doc)
	if strings.Contains(all, "Title") || strings.ContainsAny(all, "345") {
		t.Errorf("furniture left in passages: %q", all)
	}
	pageOf := map[string]int{}
	for _, l := range doc.Lines {
		pageOf[l.Text] = l.Page
	}
	if pageOf["Intro text that runs on for a while."] != 1 || pageOf["More text on page two."] != 2 || pageOf["The end of it."] != 3 {
		t.Errorf("pages: %v", pageOf)
	}
}

func TestMarkdownHeadings(t *testing.T) {
	md := "# Handbook\n\nIntro paragraph here.\n\n## Getting Started\n\nStart like this.\n\nSetext Heading\n--------------\n\nMore words.\n"
	doc, err := Parse(Source{Name: "h.md", Data: []byte(md)})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Title != "Handbook" {
		t.Errorf("title %q", doc.Report.Title)
	}
	var got []string
	for _, p := range doc.Passages {
		got = append(got, p.Section+": "+p.Text)
	}
	want := []string{"Handbook: Intro paragraph here.", "Getting Started: Start like this.", "Setext Heading: More words."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTitleFromFileName(t *testing.T) {
	doc, err := Parse(Source{Name: "notes/plain-notes.txt", Data: []byte("just some lowercase prose without a title line.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Report.Title != "plain-notes" {
		t.Errorf("title %q, want the file name", doc.Report.Title)
	}
}

func TestParseNoText(t *testing.T) {
	_, err := Parse(Source{Name: "x.txt", Data: []byte("1\n\n2\n\f\n3\n")})
	if !errors.Is(err, ErrNoText) {
		t.Errorf("got %v, want ErrNoText", err)
	}
}

// TestVersionGuard fails when the passages of the test documents change
// while Version stays the same: persisted indexes would then be reused with
// stale passages. Bump Version and run go test ./rag/ingest -update.
func TestVersionGuard(t *testing.T) {
	h := sha256.New()
	docs := []Document{bundled(t)}
	for _, d := range interleaved {
		data, err := os.ReadFile(filepath.Join("../../testdata/interleaved", d.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Parse(Source{Name: d.name + ".txt", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	// PDF passages count too: a change to the PDF layout must bump Version.
	for _, tp := range toolPDFs[:3] {
		docs = append(docs, parsePDFFile(t, tp.pdfPath()))
	}
	for _, d := range docs {
		for _, p := range d.Passages {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%s\n", p.ID, p.Report, p.Section, p.Page, p.Text)
		}
	}
	got := Version + " " + hex.EncodeToString(h.Sum(nil))
	path := "testdata/version-guard.txt"
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(data))
	if got != want {
		if strings.HasPrefix(want, Version+" ") {
			t.Fatalf("passages changed but Version is still %q: bump it, then go test ./rag/ingest -update", Version)
		}
		t.Fatalf("Version changed to %q: record it with go test ./rag/ingest -update", Version)
	}
}

func TestTitleStartAsRunningHeader(t *testing.T) {
	for _, title := range []string{"Urban Water Systems: Aging Pipes", "Urban Water Systems—Aging Pipes", "Urban Water Systems – Aging Pipes"} {
		lines := []Line{{Text: "Urban Water Systems", Kind: Body}, {Text: "Most cities draw their water from rivers.", Kind: Body}}
		markTitleHeaders(lines, title)
		if lines[0].Kind != Furniture || lines[1].Kind != Body {
			t.Errorf("title %q: got kinds %v, %v; want the title's start at the page edge taken for a header", title, lines[0].Kind, lines[1].Kind)
		}
	}
}

// TestRulesSeparateParagraphs checks that a rule drawn in characters ends
// a paragraph and is not text: "Notice\n-----\nThis form" is not
// "Notice -----This form".
func TestRulesSeparateParagraphs(t *testing.T) {
	text := "Terms\n\nExhibit A - Source Code Notice\n-------------------------------\nThis form is subject to the terms of the licence.\n\n=====\n\nThe end of the terms is here.\n"
	doc, err := Parse(Source{Name: "terms.txt", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Passages {
		if strings.Contains(p.Text, "---") || strings.Contains(p.Text, "===") || strings.Contains(p.Text, "NoticeThis") {
			t.Errorf("passage %q keeps a rule", p.Text)
		}
	}
	if !isRule(" ----- ") || !isRule("___") || isRule("--") || isRule("- a -") {
		t.Error("isRule misreads a line")
	}
}

// TestShortLineBeforeBlankEndsParagraph checks that in plain text a short
// line without a stop, a blank line and a capitalised line are two
// paragraphs (a copyright line and the notice after it; "See: X" and the
// next paragraph), while a full line running on across a blank is one.
func TestShortLineBeforeBlankEndsParagraph(t *testing.T) {
	long := "The compressor reads its input in blocks and writes the compressed data to the standard output, keeping the original"
	text := "Notes\n\n" + long + " file's name,\n" + long + " file's name,\n" + long + "\n\nName and time stamp when it can.\n\n" +
		"Copyright 1992, 1993 Jean-loup Gailly\n\nPermission is granted to make and distribute copies.\n"
	doc, err := Parse(Source{Name: "notes.txt", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	var sents []string
	for _, p := range doc.Passages {
		for _, s := range Sentences(p.Text) {
			sents = append(sents, p.Text[s.Start:s.End])
		}
	}
	joined := strings.Join(sents, "\n")
	if !slices.Contains(sents, "Copyright 1992, 1993 Jean-loup Gailly") {
		t.Errorf("the copyright line runs into the next paragraph:\n%s", joined)
	}
	if !strings.Contains(joined, "keeping the original Name and time stamp") {
		t.Errorf("a full line running on across a blank line was cut:\n%s", joined)
	}
}
