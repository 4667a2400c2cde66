package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a progress bar on a terminal while passages are embedded;
// elsewhere (a pipe, a log file, CI) it shows nothing.
type progress struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

// minBarTotal is the smallest job worth a bar: shorter ones end before it
// could be read.
const minBarTotal = 200

func newProgress(w io.Writer) *progress {
	return &progress{w: w}
}

// update is a rag.Options.Progress function.
func (p *progress) update(done, total int) {
	if p.bar == nil {
		f, ok := p.w.(*os.File)
		if !ok || total < minBarTotal || !term.IsTerminal(int(f.Fd())) {
			return
		}
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("embedding passages"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Set(done)
}

// finish removes the bar, if one was shown.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
