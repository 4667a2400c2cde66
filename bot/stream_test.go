package bot_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
	"reportbot/rag/llm"
	"reportbot/rag/openaitest"
)

// streamingReply is what the fake model writes, a piece every 250 ms, so
// that the answer takes about three seconds to arrive.
const streamingReply = "About 28,500 U.S. troops are based in South Korea [1]. South Korea pays about half of the non-personnel costs of their presence [2]."

// withModel replaces the bot's answerer by one that writes with a fake
// model, streaming.
func withModel(t *testing.T) func(bot.Answerer) bot.Answerer {
	srv := openaitest.New(t, "")
	srv.Reply = func(openaitest.Request) string { return streamingReply }
	srv.Piece = 12
	srv.PieceDelay = 250 * time.Millisecond
	client := llm.New(llm.Config{BaseURL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	return func(bot.Answerer) bot.Answerer {
		return rag.NewGenerative(bundledIndex(t), client.Chat("test-chat", 300), rag.GenerativeOptions{Timeout: 20 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	}
}

// checkLiveEdits checks a streamed answer's edits: the first shows the
// first text, each shows more, they are at least a second apart, and the
// last is the finished answer with its sources and buttons.
func checkLiveEdits(t *testing.T, h *harness, edits []discordtest.Request) {
	t.Helper()
	if len(edits) < 3 {
		t.Fatalf("got %d edits, want the answer shown while written and then finished", len(edits))
	}
	first := decode(t, edits[0])
	if len(first.Embeds) != 1 || !strings.HasPrefix(first.Embeds[0].Description, "About") || strings.Contains(first.Embeds[0].Description, "non-personnel") {
		t.Errorf("first edit: %s, want the first text of the answer", edits[0].Body)
	}
	prev := ""
	var gaps []string
	for k, e := range edits {
		if k > 0 {
			gap := e.At.Sub(edits[k-1].At)
			gaps = append(gaps, gap.Round(time.Millisecond).String())
			if gap < time.Second {
				t.Errorf("edit %d came %v after the one before, want at least 1 s", k, gap)
			}
		}
		m := decode(t, e)
		if len(m.Embeds) == 0 {
			t.Fatalf("edit %d has no embed: %s", k, e.Body)
		}
		d := strings.TrimSuffix(m.Embeds[0].Description, " ▍")
		if k < len(edits)-1 && !strings.HasPrefix(d, prev) {
			t.Errorf("edit %d %q does not extend %q", k, d, prev)
		}
		prev = d
	}
	t.Logf("%d edits, gaps %v", len(edits), gaps)
	final := decode(t, edits[len(edits)-1])
	e := final.Embeds[0]
	if !strings.Contains(e.Description, "non-personnel costs of their presence [2].") || strings.Contains(e.Description, "▍") {
		t.Errorf("final edit: %q, want the whole answer", e.Description)
	}
	if len(e.Fields) == 0 || e.Fields[0].Name != "Sources" || !strings.Contains(e.Fields[0].Value, "**[1]**") || !strings.Contains(e.Fields[0].Value, "**[2]**") {
		t.Errorf("final edit sources: %+v", e.Fields)
	}
	ids := h.answerIDs(final)
	if ids["Show passages"] == "" || ids["👍"] == "" || ids["👎"] == "" {
		t.Errorf("final edit buttons: %v", ids)
	}
	for k, ed := range edits[:len(edits)-1] {
		if m := decode(t, ed); len(m.Components) > 0 {
			t.Errorf("edit %d carries buttons before the answer is finished", k)
		}
	}
}

func TestSlashAskStreamsTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, nil, withModel(t))
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	h.fake.WaitRequest(0, isCallback(i))
	// Wait for the finished answer: the edit that carries buttons.
	h.fake.WaitRequest(0, func(r discordtest.Request) bool {
		return isEdit(i)(r) && strings.Contains(string(r.Body), `"components":[{`)
	})
	var edits []discordtest.Request
	for _, r := range h.fake.Requests() {
		if isEdit(i)(r) {
			edits = append(edits, r)
		}
	}
	checkLiveEdits(t, h, edits)
}

func TestMentionStreamsTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, nil, withModel(t))
	asked, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	reply, _ := h.fake.WaitRequest(0, isReplyTo(asked.ID))
	// The reply's ID is the fake's: find the message it stored.
	msgs := h.fake.Replies(asked.ID)
	if len(msgs) != 1 {
		t.Fatalf("got %d replies, want 1", len(msgs))
	}
	isLiveEdit := func(r discordtest.Request) bool {
		return r.Method == "PATCH" && r.Path == "/channels/"+channel+"/messages/"+msgs[0].ID
	}
	h.fake.WaitRequest(0, func(r discordtest.Request) bool {
		return isLiveEdit(r) && strings.Contains(string(r.Body), `"components":[{`)
	})
	edits := []discordtest.Request{reply}
	for _, r := range h.fake.Requests() {
		if isLiveEdit(r) {
			edits = append(edits, r)
		}
	}
	checkLiveEdits(t, h, edits)
	if n := len(h.fake.Replies(asked.ID)); n != 1 {
		t.Errorf("got %d replies, want the one reply, edited", n)
	}
}
