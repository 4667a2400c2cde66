package bot_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// answersAgain checks that the bot answers a slash command.
func answersAgain(t *testing.T, h *harness, what string) {
	t.Helper()
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	if m := decode(t, edit); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("after %s: got %s", what, edit.Body)
	}
}

func TestGatewayFaultsKeepTheBotAnswering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault func(*discordtest.Server)
	}{
		{"connection dropped", (*discordtest.Server).DropConnection},
		{"RECONNECT", (*discordtest.Server).Reconnect},
		{"INVALID_SESSION", (*discordtest.Server).InvalidateSession},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, nil, nil)
			answersAgain(t, h, "start")
			tt.fault(h.fake)
			h.fake.WaitReady(2)
			answersAgain(t, h, tt.name)
			if id, res := h.fake.Identifies(); id+res < 2 {
				t.Errorf("identifies %d, resumes %d: the bot did not reconnect", id, res)
			}
		})
	}
}

func TestRestRateLimitIsWaitedOut(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 429, Times: 1,
		Header: map[string]string{"Retry-After": "0.3"},
		Body:   `{"message": "You are being rate limited.", "retry_after": 0.3, "global": false}`})
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	first, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	r, _ := h.fake.WaitRequest(at+1, isReplyTo(q.ID))
	if !strings.Contains(string(r.Body), "28,500") {
		t.Errorf("answer after the 429: %s", r.Body)
	}
	if gap := r.At.Sub(first.At); gap < 300*time.Millisecond {
		t.Errorf("resent after %v, want at least the 0.3 s Discord asked", gap)
	}
	if n := len(h.fake.Replies(q.ID)); n != 1 {
		t.Errorf("%d replies, want exactly one", n)
	}
}

// TestRestRateLimitWithoutItsBodyIsWaitedOut: a 429 that says how long to
// wait only in its Retry-After header (an empty body, a proxy's or
// Cloudflare's HTML page, JSON without retry_after) is waited out as
// asked, and the answer sent once, instead of being lost or sent again at
// once.
func TestRestRateLimitWithoutItsBodyIsWaitedOut(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"empty":                "",
		"html":                 "<html><body>error 1015: you are being rate limited</body></html>",
		"json, no retry_after": `{"message": "You are being rate limited.", "global": false}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := start(t, nil, nil)
			h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 429, Times: 1,
				Header: map[string]string{"Retry-After": "0.3"}, Body: body})
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
			first, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
			r, _ := h.fake.WaitRequest(at+1, isReplyTo(q.ID))
			wantTroops(t, r, "the answer after the 429")
			if gap := r.At.Sub(first.At); gap < 300*time.Millisecond {
				t.Errorf("resent after %v, want at least the 0.3 s Discord asked", gap)
			}
			if n := len(h.fake.Replies(q.ID)); n != 1 {
				t.Errorf("%d replies, want exactly one", n)
			}
		})
	}
}

func TestRestServerErrorsAreRetriedThenLogged(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	// Two 503s: retried, the answer arrives once.
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 503, Times: 2, Body: `{"message": "upstream unavailable"}`})
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	// Requests are recorded once handled: the third send is the one that
	// went through.
	_, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	_, at = h.fake.WaitRequest(at+1, isReplyTo(q.ID))
	h.fake.WaitRequest(at+1, isReplyTo(q.ID))
	if n := len(h.fake.Replies(q.ID)); n != 1 {
		t.Errorf("%d replies after two 503s, want one", n)
	}
	h.waitLog(`"msg":"discord server error, retrying"`)

	// A 500 on a POST might have been handled: not retried, logged, and the
	// bot goes on answering.
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 500, Times: 1, Body: `{"message": "internal error"}`})
	q2, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.waitLog(`"msg":"send answer"`)
	if n := len(h.fake.Replies(q2.ID)); n != 0 {
		t.Errorf("%d replies stored after a 500, want none", n)
	}
	answersAgain(t, h, "a 500")

	// Always 503: the retries are bounded.
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 503, Times: 100, Body: `{"message": "down"}`})
	before := len(h.fake.Requests())
	q3, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.waitLogCount(`"msg":"send answer"`, 2)
	posts := 0
	for _, r := range h.fake.Requests()[before:] {
		if isReplyTo(q3.ID)(r) {
			posts++
		}
	}
	if posts != 3 {
		t.Errorf("%d sends for one answer against a server always failing, want 3 (1 + 2 retries)", posts)
	}
}

func TestFullDiskDoesNotStopAnswering(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full here")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "feedback.jsonl")
	if err := os.Symlink("/dev/full", path); err != nil {
		t.Skip(err)
	}
	h := start(t, func(o *bot.Options) { o.FeedbackPath = path }, nil)
	click := h.askAndClick(t, "👎")
	h.fake.WaitRequest(0, isCallback(click))
	h.waitLog(`"msg":"feedback not recorded"`)
	if !strings.Contains(h.logs.String(), "no space left on device") {
		t.Errorf("the log should say why: %s", h.logs.String())
	}
	answersAgain(t, h, "a full disk")
}

// leaky fails with an error that carries a secret, as a careless library
// might.
type leaky struct{}

func (leaky) Respond(context.Context, rag.Request) (rag.Answer, error) {
	return rag.Answer{}, errors.New("model API said: key sk-test-LEAKED-0123456789 is not valid")
}

func TestSecretsNeverReachTheLogsOrUsers(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.Secrets = []string{"sk-test-LEAKED-0123456789"} }, func(bot.Answerer) bot.Answerer { return leaky{} })
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	h.waitLog(`"msg":"answer question"`)
	if strings.Contains(h.logs.String(), "sk-test-LEAKED") || !strings.Contains(h.logs.String(), "[redacted]") {
		t.Errorf("the secret was not redacted from the log:\n%s", h.logs.String())
	}
	if strings.Contains(string(edit.Body), "LEAKED") || strings.Contains(string(edit.Body), "model API said") {
		t.Errorf("the user saw the error: %s", edit.Body)
	}
	if m := decode(t, edit); !strings.Contains(m.Content, "something went wrong") || !strings.Contains(m.Content, "(error ") {
		t.Errorf("user message %q, want a short apology with the error ID the log has", m.Content)
	}
}

// TestGatewayClosedForGoodStopsTheBot: a close code that Discord says not
// to reconnect after (the token reset while the bot runs, more shards
// needed, intents refused) ends Run with what it means, at start and
// mid-session, rather than reconnecting for ever to the same refusal.
func TestGatewayClosedForGoodStopsTheBot(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code int
		want string
	}{
		{4004, "Discord rejected the token"},
		{4011, "SHARD_COUNT"},
		{4014, "intents"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			t.Parallel()
			h := start(t, nil, nil)
			answersAgain(t, h, "start")
			h.fake.EndSession(tt.code, "closed for good")
			var err error
			select {
			case err = <-h.done:
				h.stopped = true
			case <-time.After(60 * time.Second):
				t.Fatalf("close %d: Run still running a minute later, reconnecting for ever", tt.code)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("close %d: Run returned %v, want an error saying %q", tt.code, err, tt.want)
			}
			if strings.Contains(h.logs.String(), discordtest.Token) {
				t.Error("the token appears in the logs")
			}

			ws, _ := helloThen(t, tt.code)
			logs := newLogBuffer()
			err = newBot(t, gatewayAt(t, ws), discordtest.Token, logs).Run(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("close %d at start: Run returned %v, want an error saying %q", tt.code, err, tt.want)
			}
		})
	}
}

// TestGatewayZombieIsReplaced: a gateway connection whose heartbeats go
// unacknowledged is given up and replaced, and the bot answers on the new
// one.
func TestGatewayZombieIsReplaced(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	fake.SetHeartbeatInterval(50 * time.Millisecond)
	logs := newLogBuffer()
	b := newBot(t, fake.URL, discordtest.Token, logs)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	fake.WaitReady(1)
	fake.WithholdAcks()
	fake.WaitReady(2)
	i := fake.Ask(alice, guild, channel, troops, "")
	fake.Send(i)
	edit, _ := fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "after the zombie connection")
}

// TestGatewayShutdownWhileReconnecting: shut down while reconnecting to a
// gateway that accepts and never answers, Run returns.
func TestGatewayShutdownWhileReconnecting(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Silence()
	h.fake.DropConnection()
	h.fake.WaitDials(2)
	h.stop()
}
