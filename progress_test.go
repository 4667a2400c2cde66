package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/rag"
)

func TestProgressLogIsThrottled(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := &progressLog{log: slog.New(slog.NewTextHandler(&buf, nil)), now: func() time.Time { return now }}
	p.update(rag.Progress{Stage: rag.StageReading, Done: 0, Total: 2})
	p.update(rag.Progress{Stage: rag.StageReading, Done: 2, Total: 2})
	for done := 0; done <= 1000; done += 100 {
		p.update(rag.Progress{Stage: rag.StageEmbedding, Done: done, Total: 1000})
		now = now.Add(time.Second)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// reading: start and end; embedding: start, one 5 s later, and the
	// end (10 s later).
	if len(lines) != 5 {
		t.Fatalf("got %d lines, want 5:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{`stage="reading reports" done=0 total=2`, `stage="reading reports" done=2 total=2`, `stage="embedding passages" done=0 total=1000`, `stage="embedding passages" done=1000 total=1000`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no line with %s:\n%s", want, buf.String())
		}
	}
}

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.update(rag.Progress{Stage: rag.StageEmbedding, Done: 10, Total: 10000})
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("a bar was drawn into a buffer: %q", buf.String())
	}
}
