package main

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"reportbot/rag"
)

// progress shows a progress bar on a terminal while an index is rebuilt:
// one bar a stage (reading reports, embedding passages). Elsewhere (a pipe,
// a log file, CI) it shows nothing.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	stage string
}

// Jobs smaller than these are not worth a bar: they end before it could be
// read.
const (
	minBarPassages = 200
	minBarReports  = 5
)

func newProgress(w io.Writer) *progress {
	return &progress{w: w}
}

// update is a rag.Options.Progress function.
func (p *progress) update(st rag.Progress) {
	if st.Stage != p.stage {
		p.finish()
		p.bar, p.stage = nil, st.Stage
		min := minBarPassages
		if st.Stage == rag.StageReading {
			min = minBarReports
		}
		f, ok := p.w.(*os.File)
		if !ok || st.Total < min || !term.IsTerminal(int(f.Fd())) {
			return
		}
		p.bar = progressbar.NewOptions(st.Total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(st.Stage),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
	}
	if p.bar != nil {
		p.bar.Set(st.Done)
	}
}

// finish removes the bar, if one was shown.
func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// progressLog is a rag.Options.Progress function for a server's log: a
// line when a stage starts, at most one every logEvery while it runs, and
// one when it ends.
type progressLog struct {
	log   *slog.Logger
	stage string
	last  time.Time
	now   func() time.Time
}

// logEvery is how often a long rebuild logs how far it has come.
const logEvery = 5 * time.Second

func (p *progressLog) update(st rag.Progress) {
	now := p.now()
	first := st.Stage != p.stage
	if !first && st.Done < st.Total && now.Sub(p.last) < logEvery {
		return
	}
	p.stage, p.last = st.Stage, now
	p.log.Info("building index", "stage", st.Stage, "done", st.Done, "total", st.Total)
}
