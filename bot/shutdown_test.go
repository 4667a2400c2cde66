package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// stuck never answers: it waits for its context to end, as a model that
// hangs would, and says when it was asked.
type stuck struct{ asked chan struct{} }

func (s stuck) Respond(ctx context.Context, _ rag.Request) (rag.Answer, error) {
	s.asked <- struct{}{}
	<-ctx.Done()
	return rag.Answer{}, ctx.Err()
}

// TestShutdownTellsAnswersItAbandons: answers still being worked on when
// the shutdown timeout is up are told the bot is restarting, by mention
// and by /ask alike, before the bot disconnects: none is left hanging on
// "thinking…" or given no reply.
func TestShutdownTellsAnswersItAbandons(t *testing.T) {
	t.Parallel()
	s := stuck{asked: make(chan struct{}, 2)}
	h := start(t, func(o *bot.Options) { o.ShutdownTimeout = 50 * time.Millisecond }, func(bot.Answerer) bot.Answerer { return s })
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	i := h.fake.Ask(bob, guild, channel, troops, "")
	h.fake.Send(i)
	<-s.asked
	<-s.asked
	h.stop()
	want := "restarting"
	var said []string
	for _, r := range h.fake.Requests() {
		if isReplyTo(q.ID)(r) || isEdit(i)(r) {
			checkSafe(t, r)
			said = append(said, decode(t, r).Content)
		}
	}
	if len(said) != 2 || !strings.Contains(said[0], want) || !strings.Contains(said[1], want) {
		t.Errorf("the abandoned answers were told %q, want each told the bot is restarting", said)
	}
}
