package bot

import (
	"strings"
	"testing"
)

// TestLiveEditsSurviveAPanic: a panic while an answer being written is
// shown, in the edits' own goroutine, is reported and ends neither the
// editing nor the process: the next text is still shown.
func TestLiveEditsSurviveAPanic(t *testing.T) {
	shown := make(chan string, 1)
	reported := make(chan error, 1)
	l := newLiveEdits(func(text string) error {
		if strings.Contains(text, "boom") {
			var m map[string]int
			m[text]++ // a nil map: a runtime panic
		}
		shown <- text
		return nil
	}, func(err error) { reported <- err })
	defer l.stop()
	l.onText("boom")
	if err := <-reported; !strings.Contains(err.Error(), "panic") {
		t.Errorf("reported %v, want the panic", err)
	}
	l.onText("boom, and then some")
	l.onText("and then some")
	if got := <-shown; got != "and then some" {
		t.Errorf("shown %q, want the next text", got)
	}
}
