package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// manualSections are the sections of a test manual page: headings at the
// margin, text indented under them, options as labels over what they do.
var manualSections = []struct{ heading, body string }{
	{"NAME", "       tidectl - predict the tides of a harbour"},
	{"SYNOPSIS", "       tidectl [ -hqv ] [ -p port ] [ date ... ]"},
	{"DESCRIPTION", `       The tidectl command prints the times of high and low water at one port
       for each date it is given, with the heights in metres above chart
       datum. Without a date it prints the tides of the day.

       The predictions come from the harmonic constants of the port, which
       the harbour office publishes every year. They are accurate to about
       ten minutes in time and a tenth of a metre in height.`},
	{"OPTIONS", `       -h --help
              Display a help screen and quit.

       -p --port
              Predict the tides of the named port instead of the default one,
              which is read from the configuration file.

       -q --quiet
              Suppress all warnings.

       -v --verbose
              Print the harmonic constants used for each prediction, one to a
              line, before the predictions themselves.`},
	{"FILES", `       The configuration file is read from the home directory of the user.
       It holds one setting to a line.`},
	{"BUGS", `       Predictions for ports in shallow estuaries are often late by half an
       hour, since the constants do not model the river's flow.`},
}

// manualPage renders the test manual as man does for a terminal: one long
// page with the running head above and the foot below, or, paginated as
// groff does, the head on every page of rows lines and the foot with the
// page's number.
func manualPage(rows int) string {
	var body []string
	for _, s := range manualSections {
		body = append(body, s.heading)
		body = append(body, strings.Split(s.body, "\n")...)
		body = append(body, "")
	}
	const head = "TIDECTL(1)                  General Commands Manual                 TIDECTL(1)"
	var b strings.Builder
	if rows == 0 {
		b.WriteString(head + "\n\n" + strings.Join(body, "\n") + "\n                                  local                       TIDECTL(1)\n")
		return b.String()
	}
	for len(body)%rows != 0 {
		body = append(body, "") // groff fills the last page too
	}
	for page := 1; len(body) > 0; page++ {
		fmt.Fprintf(&b, "%s\n\n%s\n\n\n                                  local                       %d\n\n\n", head, strings.Join(body[:rows], "\n"), page)
		body = body[rows:]
	}
	return b.String()
}

// TestManualPage reads a manual page rendered for a terminal: the running
// head framed by the page's name, and its foot, are furniture, the title
// is the NAME line, and the options read in order under their labels.
func TestManualPage(t *testing.T) {
	for _, rows := range []int{0, 16} {
		t.Run(fmt.Sprintf("rows %d", rows), func(t *testing.T) {
			doc, err := Parse(Source{Name: "tidectl.txt", Data: []byte(manualPage(rows))})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := doc.Report.Title, "tidectl - predict the tides of a harbour"; got != want {
				t.Errorf("title %q, want %q", got, want)
			}
			text := passagesText(doc)
			for _, furniture := range []string{"TIDECTL(1)", "General Commands Manual", "local"} {
				if strings.Contains(text, furniture) {
					t.Errorf("the passages hold the running head or foot %q:\n%s", furniture, text)
				}
			}
			var sections []string
			for _, p := range doc.Passages {
				if len(sections) == 0 || sections[len(sections)-1] != p.Section {
					sections = append(sections, p.Section)
				}
			}
			if got, want := strings.Join(sections, ", "), "NAME, SYNOPSIS, DESCRIPTION, OPTIONS, FILES, BUGS"; got != want {
				t.Errorf("sections %s, want %s", got, want)
			}
			// Each option's words follow its label, in the order written.
			flat := strings.Join(strings.Fields(text), " ")
			for _, want := range []string{
				"-h --help Display a help screen and quit.",
				"-q --quiet Suppress all warnings.",
				"-v --verbose Print the harmonic constants used for each prediction, one to a line, before the predictions themselves.",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("the passages lack %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestFramedLineIsText keeps as text a line that starts and ends with the
// same word when the word is a common one, a single letter, or frames one
// line inside the text.
func TestFramedLineIsText(t *testing.T) {
	tests := []struct {
		name, text string
		keep       []string // lines the passages must hold
	}{
		{"common word", "Harbour Notes\n\nThe pilot boarded at dawn and the tide turned soon after.\n\nrow, row, row\n\nThe boats came in on the flood and tied up at the quay.\n",
			[]string{"row, row, row"}},
		// A capital letter alone is a word ("I", "A"), no page's name:
		// the lines it opens are text.
		{"one capital", "Harbour Notes\n\nThe pilot boarded at dawn and the tide turned soon after.\n\nI said I\n\nThe boats came in on the flood and tied up at the quay.\n\nI went home early that day.\n",
			[]string{"I said I", "I went home early that day."}},
		// A framed line in the middle of the text, once, heads no page.
		{"once, inside", "Harbour Notes\n\nThe pilot boarded at dawn and the tide turned soon after.\n\nNOAA data from NOAA\n\nThe boats came in on the flood and tied up at the quay.\n\nNOAA tables agree.\n",
			[]string{"NOAA data from NOAA", "NOAA tables agree."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(Source{Name: "notes.txt", Data: []byte(tt.text)})
			if err != nil {
				t.Fatal(err)
			}
			got := passagesText(doc)
			for _, want := range tt.keep {
				if !strings.Contains(got, want) {
					t.Errorf("the passages lack %q:\n%s", want, got)
				}
			}
			if doc.Report.Title != "Harbour Notes" {
				t.Errorf("title %q, want Harbour Notes", doc.Report.Title)
			}
		})
	}
}
