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

// deadlines records how long each answer had left when it began.
type deadlines struct {
	next bot.Answerer
	left chan time.Duration
}

func (d deadlines) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(24 * time.Hour)
	}
	d.left <- time.Until(deadline)
	return d.next.Respond(ctx, req)
}

// TestSlashAnswerEndsWhileItsTokenLasts: an interaction's token, which
// its answer is edited in with, lasts 15 minutes; an answer allowed as
// long (ANSWER_TIMEOUT=15m) still ends in time for its last edit.
func TestSlashAnswerEndsWhileItsTokenLasts(t *testing.T) {
	t.Parallel()
	d := deadlines{left: make(chan time.Duration, 1)}
	h := start(t, func(o *bot.Options) { o.AnswerTimeout = 15 * time.Minute }, func(a bot.Answerer) bot.Answerer { d.next = a; return d })
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	if left := <-d.left; left > 15*time.Minute-10*time.Second {
		t.Errorf("the answer had %s left, want it to end 10 s or more before the token does", left)
	}
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "answer")
}

// TestQuestionsDuringShutdownAreTold: a question asked while the bot
// shuts down (an answer still in flight) is told to ask again, by mention
// and by /ask alike, and the answer in flight is still delivered.
func TestQuestionsDuringShutdownAreTold(t *testing.T) {
	t.Parallel()
	g := &gated{started: make(chan struct{}, 1), release: make(chan struct{})}
	h := start(t, nil, func(a bot.Answerer) bot.Answerer { g.next = a; return g })
	first := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(first)
	<-g.started
	h.cancel()
	h.waitLog(`"msg":"draining"`)
	q, _ := h.fake.Post(bob, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	checkSafe(t, r)
	if m := decode(t, r); !strings.Contains(m.Content, "restarting") {
		t.Errorf("a mention while shutting down: got %s, want to be told to ask again", r.Body)
	}
	i := h.fake.Ask(bob, guild, channel, troops, "")
	h.fake.Send(i)
	r, _ = h.fake.WaitRequest(0, isCallback(i))
	checkSafe(t, r)
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "restarting") {
		t.Errorf("/ask while shutting down: got %s, want to be told to ask again", r.Body)
	}
	close(g.release)
	edit, _ := h.fake.WaitRequest(0, isEdit(first))
	wantTroops(t, edit, "the answer in flight")
}

// TestSlowReplyChainCostsNoAnswer: when Discord is slow to give the older
// messages of a reply chain, the follow-up is answered within its own
// deadline, read with what the chain gave, instead of waiting on the
// fetch (the HTTP client's 20 s) past that deadline.
func TestSlowReplyChainCostsNoAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.AnswerTimeout = 4 * time.Second }, nil)
	q1, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.fake.WaitRequest(0, isReplyTo(q1.ID))
	a1 := h.fake.Replies(q1.ID)[0]
	hold := make(chan struct{})
	defer close(hold)
	h.fake.Fail(discordtest.Fault{Method: "GET", Path: `^/channels/\d+/messages/\d+$`, Status: 500, Times: 100, Hold: hold})
	q2, _ := h.fake.Post(alice, guild, channel, "and how much does Seoul pay for them?", a1.ID)
	r, _ := h.fake.WaitRequest(0, isReplyTo(q2.ID))
	m := decode(t, r)
	if len(m.Embeds) == 0 || !strings.HasPrefix(m.Embeds[0].Description, "_Interpreted as: How much does Seoul pay for U.S. troops?_") {
		t.Errorf("got %s, want the follow-up answered, read with the answer it replies to", r.Body)
	}
}
