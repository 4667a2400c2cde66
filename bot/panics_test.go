package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// panicLog is a log handler that panics on one message, as a bug in the
// code around a log line would: outside the answerer, on the way to the
// reply, or in a goroutine of the bot's own.
type panicLog struct {
	slog.Handler
	on string
}

func (p panicLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == p.on {
		panic("broken on " + p.on)
	}
	return p.Handler.Handle(ctx, r)
}

func (p panicLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return panicLog{p.Handler.WithAttrs(attrs), p.on}
}

func (p panicLog) WithGroup(name string) slog.Handler {
	return panicLog{p.Handler.WithGroup(name), p.on}
}

// brokenFinder panics on every passage looked up.
type brokenFinder struct{}

func (brokenFinder) Passage(string) (rag.Passage, bool) {
	var ps map[string]*rag.Passage
	return *ps["x"], true // a nil pointer: a runtime panic
}

// isApology reports whether text is the apology with an error ID.
func isApology(text string) bool {
	return strings.Contains(text, "something went wrong") && strings.Contains(text, "(error ")
}

// TestPanicsOutsideAnsweringAreContained: a panic anywhere in handling a
// question, not only in the answerer, gets the asker the apology with an
// error ID, and a panic in the bot's own goroutines (the typing
// indicator) or in an event that asks nothing does not end the process.
func TestPanicsOutsideAnsweringAreContained(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		panicOn string // log message
		hold    bool   // answers wait for the panic
		ask     func(t *testing.T, h *harness)
	}{
		{"mention, after answering", "answered", false, func(t *testing.T, h *harness) {
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
			r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
			checkSafe(t, r)
			if m := decode(t, r); !isApology(m.Content) {
				t.Errorf("got %s, want the apology with an error ID", r.Body)
			}
		}},
		{"DM, after answering", "answered", false, func(t *testing.T, h *harness) {
			q, _ := h.fake.Post(alice, "", dm, troops, "")
			r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
			if m := decode(t, r); !isApology(m.Content) {
				t.Errorf("got %s, want the apology with an error ID", r.Body)
			}
		}},
		{"slash command, after answering", "answered", false, func(t *testing.T, h *harness) {
			i := h.fake.Ask(alice, guild, channel, troops, "")
			h.fake.Send(i)
			r, _ := h.fake.WaitRequest(0, isEdit(i))
			checkSafe(t, r)
			if m := decode(t, r); !isApology(m.Content) {
				t.Errorf("got %s, want the apology with an error ID", r.Body)
			}
		}},
		{"typing indicator", "typing indicator failed", true, func(t *testing.T, h *harness) {
			h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/typing$`, Status: 500, Times: 1, Body: `{"message": "internal error"}`})
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
			r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
			wantTroops(t, r, "with the typing indicator broken")
		}},
		{"an event that asks nothing", "the bot's role", false, func(t *testing.T, h *harness) {
			h.fake.Dispatch("GUILD_CREATE", map[string]any{"id": guild, "name": "g", "roles": []map[string]any{
				{"id": "600000000000000001", "name": "reportbot", "tags": map[string]any{"bot_id": discordtest.BotID}},
			}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			broken := func(o *bot.Options) { o.Logger = slog.New(panicLog{o.Logger.Handler(), tt.panicOn}) }
			var h *harness
			if tt.hold {
				// Each answer waits for the panic, which it could
				// otherwise overtake (the typing indicator's).
				h = startHeld(t, broken, `panicked"`, "broken on "+tt.panicOn)
			} else {
				h = start(t, broken, nil)
			}
			tt.ask(t, h)
			h.waitLog(`panicked"`, "broken on "+tt.panicOn)
			command(t, h, "help") // the bot lives on
		})
	}

	t.Run("Show passages", func(t *testing.T) {
		t.Parallel()
		h := startFinding(t, bundledIndex(t), brokenFinder{}, nil, nil)
		click := h.askAndClick(t, "Show passages")
		r, _ := h.fake.WaitRequest(0, isCallback(click))
		checkSafe(t, r)
		if m := decode(t, r); m.Data == nil || !isApology(m.Data.Content) {
			t.Errorf("got %s, want the apology with an error ID", r.Body)
		}
		answersAgain(t, h, "a panic in Show passages")
	})
}
