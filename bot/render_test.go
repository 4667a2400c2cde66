package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

func TestSplitText(t *testing.T) {
	var long strings.Builder
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&long, "Sentence number %d says something about the report. [%d] ", i, i%7+1)
		if i%40 == 0 {
			long.WriteString("\n\n")
		}
	}
	tests := []struct {
		name  string
		text  string
		limit int
	}{
		{"long answer", long.String(), maxDescription},
		{"tight", long.String(), 120},
		{"no spaces", strings.Repeat("x", 5000) + "[12]", 1000},
		{"marker at the cut", strings.Repeat("word ", 19) + "end. [123] more", 100},
		{"short", "Just one sentence. [1]", maxDescription},
		{"unicode", strings.Repeat("한국어 문장입니다. [1] ", 400), 2000},
	}
	markerRe := regexp.MustCompile(`\[\d+\]`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitText(tt.text, tt.limit)
			for i, p := range parts {
				if n := utf8.RuneCountInString(p); n > tt.limit {
					t.Errorf("part %d has %d characters, limit %d", i, n, tt.limit)
				}
				if i > 0 && tt.name != "no spaces" && markerRe.MatchString(p[:min(len(p), 6)]) && strings.HasPrefix(p, "[") {
					t.Errorf("part %d starts with a marker cut from its sentence: %.20q", i, p)
				}
			}
			if got, want := strings.Join(strings.Fields(strings.Join(parts, " ")), " "), strings.Join(strings.Fields(tt.text), " "); got != want && tt.name != "no spaces" {
				t.Errorf("text lost or changed")
			}
			if got, want := len(markerRe.FindAllString(strings.Join(parts, " "), -1)), len(markerRe.FindAllString(tt.text, -1)); got != want {
				t.Errorf("got %d markers, want %d: a marker was cut", got, want)
			}
		})
	}
}

func TestRenderAnswerRespectsLimits(t *testing.T) {
	b := &Bot{info: Info{Reports: []rag.Report{{Title: "A Report", Date: "May 1, 2021"}}}}
	var text strings.Builder
	var cites []rag.Citation
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&text, "%s [%d] ", strings.Repeat("A long generated sentence about things. ", 30), i)
		cites = append(cites, rag.Citation{N: i, Passage: rag.Passage{ID: fmt.Sprintf("%016x", i), Report: "A Report",
			Section: strings.Repeat("Section ", 40), Page: i, Text: strings.Repeat("Passage text. ", 50)}})
	}
	ans := rag.Answer{Question: strings.Repeat("why ", 300), Text: text.String(), Answered: true, Citations: cites,
		Interpreted: "an interpreted *question*"}
	out := b.renderAnswer(ans)
	if len(out.messages) < 2 {
		t.Fatalf("a %d-character answer fit one message", text.Len())
	}
	for i, msg := range out.messages {
		total := 0
		for _, e := range msg {
			total += embedSize(e)
			if n := utf8.RuneCountInString(e.Description); n > maxDescription {
				t.Errorf("description of %d characters", n)
			}
			if n := utf8.RuneCountInString(e.Title); n > maxTitle {
				t.Errorf("title of %d characters", n)
			}
			for _, f := range e.Fields {
				if utf8.RuneCountInString(f.Value) > maxFieldValue || utf8.RuneCountInString(f.Name) > maxFieldName {
					t.Errorf("field too long: %d", utf8.RuneCountInString(f.Value))
				}
			}
		}
		if total > maxEmbedsTotal || len(msg) > maxEmbeds {
			t.Errorf("message %d: %d embeds, %d characters", i, len(msg), total)
		}
	}
	row := out.components[0].(discordgo.ActionsRow)
	if len(row.Components) > 5 {
		t.Errorf("%d buttons in a row", len(row.Components))
	}
	for _, c := range row.Components {
		if id := c.(discordgo.Button).CustomID; len(id) > maxCustomID {
			t.Errorf("custom ID of %d characters", len(id))
		}
	}
	first := out.messages[0][0]
	if !strings.HasPrefix(first.Description, `_Interpreted as: an interpreted \*question\*_`) {
		t.Errorf("interpreted line: %.60q", first.Description)
	}
	if turn := turnFromEmbed(first); turn.Question != "an interpreted *question*" {
		t.Errorf("interpreted question read back as %q", turn.Question)
	}
}

func TestEscapeAndDefang(t *testing.T) {
	in := "**bold** _it_ `code` ```fence``` > quote [x](http://evil) <@123> @everyone @here ~~s~~ |sp| #h"
	out := escape(in)
	for i := 0; i < len(out); i++ {
		if strings.IndexByte("*_`~|>#<", out[i]) >= 0 && (i == 0 || out[i-1] != '\\') {
			t.Errorf("escape left %q unescaped at %d in %q", out[i], i, out)
		}
	}
	for _, bad := range []string{"](", "@everyone", "@here"} {
		if strings.Contains(out, bad) {
			t.Errorf("escape left %q in %q", bad, out)
		}
	}
	if unescape(out) != in {
		t.Errorf("unescape(escape(x)) = %q, want %q", unescape(out), in)
	}
	if d := defang("@everyone hi <@1>"); strings.Contains(d, "@everyone") || strings.Contains(d, "<@1") {
		t.Errorf("defang: %q", d)
	}
}

func TestFitID(t *testing.T) {
	ids := joinIDs([]string{"0123456789abcdef", "0123456789abcdef", "0123456789abcdef", "0123456789abcdef", "0123456789abcdef", "0123456789abcdef"})
	for _, p := range []string{idPassages, idVoteUp, idVoteDown, strings.Repeat("p", 30)} {
		if id := fitID(p, ids); len(id) > maxCustomID || !strings.HasPrefix(id, p) || strings.HasSuffix(id, ",") {
			t.Errorf("fitID(%q): %q (%d)", p, id, len(id))
		}
	}
}

// TestPassagesIDKeepsFiveCitations: five passages cited out of order,
// with their numbers, still fit one custom ID.
func TestPassagesIDKeepsFiveCitations(t *testing.T) {
	var cites []rag.Citation
	for _, n := range []int{5, 3, 1, 4, 2} {
		cites = append(cites, rag.Citation{N: n, Passage: rag.Passage{ID: fmt.Sprintf("%016x", n)}})
	}
	id := passagesID(cites, "")
	if len(id) > maxCustomID || strings.Count(id, ",") != 4 || !strings.HasPrefix(id, idCited+"5.") {
		t.Errorf("got %q (%d characters), want five numbered IDs within %d", id, len(id), maxCustomID)
	}
}

func TestQuestionText(t *testing.T) {
	users := []*discordgo.User{{ID: "111111111111111111", Username: "bob"}}
	tests := []struct{ content, want string }{
		{"<@999> hey <@!111111111111111111> @everyone what about <#222> <@&333> <:emo:444> <t:1700000000:R>?", "hey bob what about?"},
		// @everyone and @here ask nothing: they go, not their words.
		{"@everyone how many troops are there?", "how many troops are there?"},
		{"<@999> @here @everyone", ""},
		{"how many troops @here?", "how many troops?"},
		{"@everyone@here how many?", "how many?"},
		// Words that are not the mentions stay.
		{"is everyone here?", "is everyone here?"},
		{"mail me at someone@everyone.example", "mail me at someone@everyone.example"},
		// Only the space a mention leaves goes: the asker's own spacing
		// before a mark stays.
		{"<@999> what is the .NET runtime?", "what is the .NET runtime?"},
		{"what does `cd ..` do <@999>?", "what does `cd ..` do?"},
		{"ratio of a : b <@&333> ?", "ratio of a : b?"},
		{"how many troops <#222>, and where?", "how many troops, and where?"},
		// People mentioned before or after the question are addressed
		// (cc'd), not asked about; within it, they are named.
		{"<@999> <@111111111111111111> @here how many troops?", "how many troops?"},
		{"<@999> how many troops? <@!111111111111111111>", "how many troops?"},
		{"<@999> did <@111111111111111111> ask?", "did bob ask?"},
		{"<@999> mail me at someone@here", "mail me at someone@here"},
	}
	for _, tt := range tests {
		got := questionText(tt.content, "999", users)
		if strings.Join(strings.Fields(got), " ") != tt.want {
			t.Errorf("questionText(%q): got %q, want %q", tt.content, got, tt.want)
		}
	}
}

// FuzzSplitText checks message splitting on any text and limit: every part
// within the limit, no text lost or added (the words of the parts are the
// words of the text), no part empty unless the text is.
func FuzzSplitText(f *testing.F) {
	f.Add("Sentence one. [1] Sentence two is longer. [2]\n\nA new paragraph. [3]", 30)
	f.Add(strings.Repeat("x", 300)+"[12]", 100)
	f.Add("한국어 문장입니다. [1] 🇰🇷🇺🇸 emoji flags [2]", 7)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 12 || limit > 5000 || !utf8.ValidString(text) {
			return // Discord's limits are 256 to 6000; below a marker's length nothing fits
		}
		parts := splitText(text, limit)
		for i, p := range parts {
			if n := utf8.RuneCountInString(p); n > limit {
				t.Fatalf("part %d has %d characters, limit %d", i, n, limit)
			}
			if p == "" && strings.TrimSpace(text) != "" {
				t.Fatalf("part %d is empty", i)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(parts, " ")), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Fatalf("text changed by splitting at %d:\n got %q\nwant %q", limit, got, want)
		}
	})
}

// TestSourcesOfManyReportsRespectLimits cites twenty passages of twenty
// reports with long titles and sections: the source lines, each naming its
// report, and the footer naming them all, are spread over as many embeds
// as Discord's limits need, none lost.
func TestSourcesOfManyReportsRespectLimits(t *testing.T) {
	var reports []rag.Report
	var cites []rag.Citation
	var text strings.Builder
	for i := 1; i <= 20; i++ {
		title := fmt.Sprintf("Report %d %s", i, strings.Repeat("with a long title ", 12))
		reports = append(reports, rag.Report{Title: title, Date: fmt.Sprintf("May %d, 2021", i)})
		cites = append(cites, rag.Citation{N: i, Passage: rag.Passage{ID: fmt.Sprintf("%016x", i), Report: title,
			Section: strings.Repeat("Section ", 40), Page: i, Text: strings.Repeat("Passage text that goes on. ", 20)}})
		fmt.Fprintf(&text, "Passage text that goes on. [%d] ", i)
	}
	b := &Bot{info: Info{Reports: reports}}
	out := b.renderAnswer(rag.Answer{Question: "why?", Text: text.String(), Answered: true, Citations: cites})
	lines, footers := 0, 0
	for i, msg := range out.messages {
		total := 0
		for _, e := range msg {
			total += embedSize(e)
			if len(e.Fields) > maxFields {
				t.Errorf("%d fields", len(e.Fields))
			}
			for _, f := range e.Fields {
				if utf8.RuneCountInString(f.Value) > maxFieldValue {
					t.Errorf("field value of %d characters", utf8.RuneCountInString(f.Value))
				}
				lines += strings.Count(f.Value, "\n") + 1
				if !strings.HasPrefix(f.Value, "**[") || !strings.Contains(f.Value, "Report ") {
					t.Errorf("source line without its report: %.80q", f.Value)
				}
			}
			if e.Footer != nil {
				footers++
				if n := utf8.RuneCountInString(e.Footer.Text); n > maxFooter {
					t.Errorf("footer of %d characters", n)
				}
			}
		}
		if total > maxEmbedsTotal || len(msg) > maxEmbeds {
			t.Errorf("message %d: %d embeds, %d characters", i, len(msg), total)
		}
	}
	if lines != len(cites) || footers != 1 {
		t.Errorf("got %d source lines and %d footers, want %d and 1", lines, footers, len(cites))
	}
}

func TestBoundedList(t *testing.T) {
	items := []string{"alpha", "beta", "gamma", "delta"}
	tests := []struct {
		limit, budget int
		want          string
	}{
		{10, 100, "alpha, beta, gamma, delta"},
		{4, 25, "alpha, beta, gamma, delta"}, // all fit exactly: nothing to say is left out
		{2, 100, "alpha, beta, and 2 more"},
		{10, 24, "alpha, beta, and 2 more"}, // "gamma" would leave no room for the tail
		{10, 5, "and 4 more"},
		{0, 100, "and 4 more"},
	}
	for _, tt := range tests {
		got := boundedList(items, ", ", tt.limit, tt.budget)
		if got != tt.want {
			t.Errorf("limit %d, budget %d: got %q, want %q", tt.limit, tt.budget, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.budget && tt.budget >= len("and 4 more") {
			t.Errorf("limit %d, budget %d: %d characters", tt.limit, tt.budget, n)
		}
	}
}

func TestRefusalReadsBackAsItsAnswer(t *testing.T) {
	for _, several := range []bool{false, true} {
		b := &Bot{info: Info{Reports: []rag.Report{{Title: "A"}}}}
		if several {
			b.info.Reports = append(b.info.Reports, rag.Report{Title: "B"})
		}
		out := b.renderAnswer(rag.Answer{Question: "why?", Text: "Nothing on *that*.", Answered: false})
		e := out.messages[0][0]
		if want := notCovered(several); !strings.HasPrefix(e.Description, want) {
			t.Errorf("several %v: got %q, want it to open with %q", several, e.Description, want)
		}
		if got, want := turnFromEmbed(e).Answer, "Nothing on *that*."; got != want {
			t.Errorf("several %v: read back %q, want %q", several, got, want)
		}
	}
}

// TestSplitTextKeepsAbbreviationsInTheirSentence: "U.S." and the like do
// not end a sentence; a long answer is cut where one does.
func TestSplitTextKeepsAbbreviationsInTheirSentence(t *testing.T) {
	for _, sentence := range []string{
		"About 28,500 U.S. troops are based in South Korea [1]. ",
		"The plan, e.g. the one Dr. Kim signed with Mr. J. Park, was approved. [2] ",
	} {
		text := strings.Repeat(sentence, 200)
		parts := splitText(text, maxDescription)
		if len(parts) < 2 {
			t.Fatalf("%d parts, want several", len(parts))
		}
		end := strings.TrimSpace(sentence)
		for i, p := range parts[:len(parts)-1] {
			if !strings.HasSuffix(p, end[len(end)-4:]) {
				t.Errorf("part %d ends mid-sentence: …%q", i, p[len(p)-30:])
			}
		}
	}
}

// TestSplitTextKeepsEscapesWhole: a long run with no space to cut at is cut
// hard, but never between a backslash and the character it escapes.
func TestSplitTextKeepsEscapesWhole(t *testing.T) {
	for _, text := range []string{strings.Repeat("*", 5000), "x" + strings.Repeat("_", 5000), strings.Repeat("a*", 3000)} {
		for _, p := range splitText(escape(text), maxDescription) {
			run := len(p) - len(strings.TrimRight(p, `\`))
			if run%2 == 1 {
				t.Errorf("a part ends in a lone backslash: …%q", p[len(p)-10:])
			}
			if strings.HasPrefix(p, "*") || strings.HasPrefix(p, "_") {
				t.Errorf("a part starts with an unescaped marker: %q…", p[:10])
			}
		}
	}
}
