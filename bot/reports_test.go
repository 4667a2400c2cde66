package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/embeddings"
	"reportbot/rag"
	"reportbot/rag/ingest"
)

// subjects make the made-up reports differ from one another.
var subjects = []string{"Lighthouse", "Orchard", "Bakery", "Ferry", "Library", "Quarry", "Vineyard", "Observatory", "Brewery", "Tannery"}

// folder describes a folder of made-up reports: headed reports with two
// sections each, bare ones (without headings) after them.
type folder struct {
	headed, bare int
	long         bool // titles of sixteen long words
}

// title is the title of report i (from 0) of the folder.
func (f folder) title(i int) string {
	subject := fmt.Sprintf("%s %d", subjects[i%len(subjects)], i+1)
	switch {
	case f.long:
		return "Field Notes on the " + subject + strings.Repeat(" Extraordinarily", 10)
	case i >= f.headed:
		return "Loose Notes on the " + subject
	}
	return "Field Notes on the " + subject
}

// date is the date report i shows.
func (f folder) date(i int) string { return fmt.Sprintf("March %d, 2021", i%28+1) }

// index writes the folder's reports as .txt files in a temporary directory
// and opens their index in memory.
func (f folder) index(tb testing.TB) *rag.Index {
	tb.Helper()
	dir := tb.TempDir()
	for i := range f.headed + f.bare {
		subject := fmt.Sprintf("%s %d", strings.ToLower(subjects[i%len(subjects)]), i+1)
		body := fmt.Sprintf("The %s opened in %d and employs %d people from the nearby villages. It is run by a local trust that meets every spring.\n\n", subject, 1900+i, 10+i) +
			fmt.Sprintf("Running the %s costs %d thousand pounds a year, paid mostly by visitors and by a grant.\n", subject, 50+i)
		text := f.title(i) + "\n\n" + f.date(i) + "\n\n" + body
		if i < f.headed {
			text = f.title(i) + "\n\n" + f.date(i) + "\n\nBackground\n\n" + strings.Replace(body, "\n\n", "\n\nCosts\n\n", 1)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%02d.txt", i)), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	srcs, _, err := ingest.ReadPath(dir)
	if err != nil {
		tb.Fatal(err)
	}
	idx, _, err := rag.Open(context.Background(), srcs, embeddings.NewLocal(0), rag.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatal(err)
	}
	if got, want := len(idx.Reports()), f.headed+f.bare; got != want {
		tb.Fatalf("got %d reports, want %d", got, want)
	}
	for i, r := range idx.Reports() {
		if r.Title != f.title(i) || r.Date != f.date(i) {
			tb.Fatalf("report %d read as %q (%q), want %q (%q)", i, r.Title, r.Date, f.title(i), f.date(i))
		}
	}
	return idx
}

// checkLimits fails when a message breaks one of Discord's limits.
func checkLimits(t *testing.T, what string, m message) {
	t.Helper()
	if n := utf8.RuneCountInString(m.Content); n > 2000 {
		t.Errorf("%s: content of %d characters", what, n)
	}
	if len(m.Embeds) > 10 {
		t.Errorf("%s: %d embeds", what, len(m.Embeds))
	}
	total := 0
	for _, e := range m.Embeds {
		n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if d := utf8.RuneCountInString(e.Description); d > 4096 {
			t.Errorf("%s: description of %d characters", what, d)
		}
		if len(e.Fields) > 25 {
			t.Errorf("%s: %d fields", what, len(e.Fields))
		}
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
			if v := utf8.RuneCountInString(f.Value); v > 1024 {
				t.Errorf("%s: field value of %d characters", what, v)
			}
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		total += n
	}
	if total > 6000 {
		t.Errorf("%s: embeds of %d characters in all", what, total)
	}
}

// command sends a slash command and returns the bot's response to it.
func command(t *testing.T, h *harness, name string) message {
	t.Helper()
	i := h.fake.Command(alice, guild, channel, name)
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, isCallback(i))
	m := decode(t, r)
	if m.Data == nil || len(m.Data.Embeds) == 0 {
		t.Fatalf("/%s: got %s, want an embed", name, r.Body)
	}
	checkLimits(t, "/"+name, *m.Data)
	return *m.Data
}

func TestHelpAndAboutListTheReports(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		folder folder
		// How many reports help and about list first, the rest being "and
		// N more"; with long titles, at most as many (as many as fit).
		help, about int
		several     bool
	}{
		{"one report", folder{headed: 1}, 1, 1, false},
		{"one report without headings", folder{bare: 1}, 1, 1, false},
		{"three reports", folder{headed: 2, bare: 1}, 3, 3, true},
		{"forty reports", folder{headed: 39, bare: 1}, 10, 25, true},
		{"forty long titles", folder{headed: 40, long: true}, 10, 25, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startWith(t, tt.folder.index(t), nil, nil)
			n := tt.folder.headed + tt.folder.bare
			reg, _ := h.fake.WaitRequest(0, func(r discordtest.Request) bool { return r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands") })
			var cmds []discordgo.ApplicationCommand
			if err := reg.JSON(&cmds); err != nil {
				t.Fatal(err)
			}
			names := map[string]string{}
			for _, c := range cmds {
				names[c.Name] = c.Description
			}
			theReports, askName, uncovered := "the report", "Ask the report", "When the report doesn't cover"
			if tt.several {
				theReports, askName, uncovered = "the reports", "Ask the reports", "When the reports don't cover"
			}
			if _, ok := names[askName]; !ok {
				t.Errorf("commands: got %v, want %q", names, askName)
			}
			if got, want := names["ask"], "Ask a question about "+theReports; got != want {
				t.Errorf("/ask description: got %q, want %q", got, want)
			}

			help := command(t, h, "help").Embeds[0].Description
			about := command(t, h, "about").Embeds[0]
			aboutText := about.Description
			for _, f := range about.Fields {
				aboutText += "\n" + f.Name + ": " + f.Value
			}
			for _, c := range []struct {
				what, text string
				want       int
			}{{"/help", help, tt.help}, {"/about", aboutText, tt.about}} {
				listed := 0 // how many of the first reports are listed, with their dates
				for i := range n {
					item := "**" + tt.folder.title(i) + "** (" + tt.folder.date(i) + ")"
					if n == 1 && c.what == "/about" {
						item = "Report: " + tt.folder.title(i) + "\n" + tt.folder.date(i)
					}
					if !strings.Contains(c.text, item) {
						break
					}
					listed++
				}
				for i := listed; i < n; i++ {
					if strings.Contains(c.text, tt.folder.title(i)) {
						t.Errorf("%s lists report %d after leaving out report %d:\n%s", c.what, i, listed, c.text)
					}
				}
				if listed == 0 || listed > c.want || (!tt.folder.long && listed != c.want) {
					t.Errorf("%s lists %d of the %d reports, want %d:\n%s", c.what, listed, n, c.want, c.text)
				}
				if more := fmt.Sprintf("and %d more", n-listed); (listed < n) != strings.Contains(c.text, more) {
					t.Errorf("%s: got %q, want %q when %d of %d are listed", c.what, c.text, more, listed, n)
				}
			}
			if !strings.Contains(help, uncovered) || !strings.Contains(help, "**"+askName+"**") {
				t.Errorf("/help does not say %q throughout:\n%s", theReports, help)
			}
			if tt.several && strings.Contains(help, "the report ") {
				t.Errorf("/help says \"the report\" with %d reports:\n%s", n, help)
			}
			if tt.folder.headed > 0 && !strings.Contains(help, "**Sections**\nBackground · Costs") {
				t.Errorf("/help: got %q, want the sections, each once", help)
			}
			if tt.folder.headed == 0 && strings.Contains(help, "**Sections**") {
				t.Errorf("/help lists the title of a report without headings as a section:\n%s", help)
			}
			for _, want := range []string{"Passages", "extractive", "test-fingerprint"} {
				if !strings.Contains(aboutText, want) {
					t.Errorf("/about lacks %q:\n%s", want, aboutText)
				}
			}
		})
	}
}

// citing answers every question with the passages it was made with, each
// quoted and cited in turn (or, not answering, gives them as the closest):
// what the bot shows of citations is under test, not how rag picks them.
type citing struct {
	passages []rag.Passage
	answered bool
}

func (c citing) Respond(_ context.Context, req rag.Request) (rag.Answer, error) {
	ans := rag.Answer{Question: req.Question, Answered: c.answered, Mode: rag.ModeExtractive, Citations: []rag.Citation{}}
	if !c.answered {
		ans.Text = "Nothing in the reports says that."
		for _, p := range c.passages {
			ans.Passages = append(ans.Passages, rag.ScoredPassage{Passage: p, Score: 0.1})
		}
		return ans, nil
	}
	var text []string
	for i, p := range c.passages {
		ans.Citations = append(ans.Citations, rag.Citation{N: i + 1, Passage: p})
		text = append(text, fmt.Sprintf("%s [%d]", p.Text[:strings.Index(p.Text, ".")+1], i+1))
	}
	ans.Text = strings.Join(text, " ")
	return ans, nil
}

func TestCitationsNameTheirReports(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		folder   folder
		cite     []int // the first passage of each of these reports
		answered bool
		// The source lines without their excerpts, and the footer.
		want   []string
		footer string
	}{
		{
			name: "one report", folder: folder{headed: 1}, cite: []int{0}, answered: true,
			want:   []string{"**[1]** Background · p. 1"},
			footer: "Field Notes on the Lighthouse 1 · March 1, 2021",
		},
		{
			name: "one report without headings", folder: folder{bare: 1}, cite: []int{0}, answered: true,
			want:   []string{"**[1]** Loose Notes on the Lighthouse 1 · p. 1"},
			footer: "Loose Notes on the Lighthouse 1 · March 1, 2021",
		},
		{
			name: "three reports", folder: folder{headed: 2, bare: 1}, cite: []int{1, 2, 0}, answered: true,
			want: []string{
				"**[1]** Field Notes on the Orchard 2 — Background · p. 1",
				"**[2]** Loose Notes on the Bakery 3 · p. 1",
				"**[3]** Field Notes on the Lighthouse 1 — Background · p. 1",
			},
			footer: "Field Notes on the Orchard 2 · March 2, 2021 | Loose Notes on the Bakery 3 · March 3, 2021 | Field Notes on the Lighthouse 1 · March 1, 2021",
		},
		{
			name: "three reports, one cited", folder: folder{headed: 3}, cite: []int{2}, answered: true,
			want:   []string{"**[1]** Field Notes on the Bakery 3 — Background · p. 1"},
			footer: "Field Notes on the Bakery 3 · March 3, 2021",
		},
		{
			name: "forty reports, nothing cited", folder: folder{headed: 40}, cite: []int{5}, answered: false,
			want:   []string{"**Not covered by the reports.**"},
			footer: "Field Notes on the Lighthouse 1 · March 1, 2021 | Field Notes on the Orchard 2 · March 2, 2021 | Field Notes on the Bakery 3 · March 3, 2021 | and 37 more",
		},
		{
			name: "one report, nothing cited", folder: folder{headed: 1}, cite: []int{0}, answered: false,
			want:   []string{"**Not covered by the report.**"},
			footer: "Field Notes on the Lighthouse 1 · March 1, 2021",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			idx := tt.folder.index(t)
			var ps []rag.Passage
			for _, r := range tt.cite {
				for _, p := range idx.Passages() {
					if p.Report == tt.folder.title(r) {
						ps = append(ps, p)
						break
					}
				}
			}
			h := startWith(t, idx, nil, func(bot.Answerer) bot.Answerer { return citing{ps, tt.answered} })
			i := h.fake.Ask(alice, guild, channel, "what does it cost?", "")
			h.fake.Send(i)
			edit, _ := h.fake.WaitRequest(0, isEdit(i))
			m := decode(t, edit)
			checkLimits(t, "answer", m)
			e := m.Embeds[len(m.Embeds)-1]
			if e.Footer == nil || e.Footer.Text != tt.footer {
				t.Errorf("footer: got %+v, want %q", e.Footer, tt.footer)
			}
			if !tt.answered {
				if !strings.HasPrefix(m.Embeds[0].Description, tt.want[0]) || len(e.Fields) != 0 {
					t.Errorf("refusal: got %q and %d fields, want it to open with %q, no sources", m.Embeds[0].Description, len(e.Fields), tt.want[0])
				}
				return
			}
			if len(e.Fields) != 1 || e.Fields[0].Name != "Sources" {
				t.Fatalf("got fields %+v, want one Sources field", e.Fields)
			}
			var got []string
			for _, line := range strings.Split(e.Fields[0].Value, "\n") {
				where, _, _ := strings.Cut(line, " · “")
				got = append(got, where)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("sources:\ngot  %q\nwant %q", got, tt.want)
			}
		})
	}
}
