package bot

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// panicOn is a log handler that panics on one message, as a bug in the
// code around that log line would.
type panicOn struct {
	slog.Handler
	msg string
}

func (panicOn) Enabled(context.Context, slog.Level) bool { return true }

func (p panicOn) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == p.msg {
		panic("broken on " + p.msg)
	}
	return p.Handler.Handle(ctx, r)
}

// recordedTarget is an answerTarget that records what it was shown and
// tells of the first show.
type recordedTarget struct {
	mu    sync.Mutex
	shown []string
	first chan struct{}
}

func (r *recordedTarget) show(embeds []*discordgo.MessageEmbed) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shown = append(r.shown, embeds[0].Description)
	if len(r.shown) == 1 {
		close(r.first)
	}
	return nil
}

func (r *recordedTarget) say(string) {}

func (r *recordedTarget) put(int, []*discordgo.MessageEmbed, []discordgo.MessageComponent) error {
	return nil
}

// streaming writes its answer in two steps, the second once the first is
// shown, so that the second waits for the gap between edits.
type streaming struct{ shown <-chan struct{} }

func (s streaming) Respond(_ context.Context, req rag.Request) (rag.Answer, error) {
	req.OnText("About 28,500")
	<-s.shown
	req.OnText("About 28,500 troops")
	return rag.Answer{Question: req.Question, Text: "About 28,500 troops", Answered: true, Mode: rag.ModeGenerative}, nil
}

// liveEditors counts the goroutines showing an answer being written.
func liveEditors() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "bot.(*liveEdits).run(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// TestDeliverPanicEndsTheLiveEdits: a panic on the way from a streamed
// answer to its reply (here in the log line that records it) ends the
// edits of the answer being written before it leaves deliver: none is
// left behind to edit the reply after the apology took its place, or
// to wait forever.
func TestDeliverPanicEndsTheLiveEdits(t *testing.T) {
	before := liveEditors()
	target := &recordedTarget{first: make(chan struct{})}
	b, err := New(Options{Token: "test-token", Logger: slog.New(panicOn{slog.DiscardHandler, "answered"})},
		streaming{shown: target.first}, nil, Info{})
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("deliver did not panic")
			}
		}()
		b.deliver(context.Background(), target, rag.Request{Question: "How many troops?"}, "", "message", "g", "c")
	}()
	// A goroutine ending has no event to wait for: the deadline is only
	// there to end the test, the count drops at once when all is well.
	for deadline := time.Now().Add(10 * time.Second); liveEditors() > before; {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still edit an answer being written after deliver panicked, want none", liveEditors()-before)
		}
		time.Sleep(10 * time.Millisecond)
	}
	target.mu.Lock()
	defer target.mu.Unlock()
	if len(target.shown) != 1 {
		t.Errorf("shown %q, want only the text shown before the panic", target.shown)
	}
}
