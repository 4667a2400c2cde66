package bot_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/discordtest"
)

// isReactionTo matches the bot's reaction to message id.
func isReactionTo(id string) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.Contains(r.Path, "/messages/"+id+"/reactions/")
	}
}

// clock is a test's clock, moved by hand.
type clock struct{ at atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.at.Store(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *clock) now() time.Time          { return time.Unix(0, c.at.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.at.Add(int64(d)) }

// TestRateLimitNoticeOncePerWindow: a user asking too soon is told in
// words once per wait; the questions that follow within the same wait get
// ⏳ on them instead, so that one user's burst does not fill the channel
// (and spend its send limit) with notices. Once the wait is over, the
// next refusal opens a new window, told in words again.
func TestRateLimitNoticeOncePerWindow(t *testing.T) {
	t.Parallel()
	clk := newClock()
	// Burst 1, 5 a minute: a token every 12 s, the clock moved by hand.
	h := start(t, func(o *bot.Options) { o.RateBurst = 1; o.Now = clk.now }, nil)
	var first string // alice's first question, edited later
	steps := []struct {
		name    string
		who     discordtest.User
		dm      bool
		edit    bool // edit alice's first question instead of asking
		advance time.Duration
		want    string // "answer", "notice" or "reaction"
	}{
		{name: "first question", who: alice, want: "answer"},
		{name: "too soon", who: alice, want: "notice"},
		{name: "too soon again", who: alice, want: "reaction"},
		{name: "in a DM, the same wait", who: alice, dm: true, want: "reaction"},
		{name: "an edit, the same wait", who: alice, edit: true, want: "reaction"},
		{name: "someone else", who: bob, want: "answer"},
		{name: "after the wait", who: alice, advance: 13 * time.Second, want: "answer"},
		{name: "too soon, a new wait", who: alice, want: "notice"},
		{name: "too soon in the new wait", who: alice, want: "reaction"},
	}
	for _, s := range steps {
		clk.advance(s.advance)
		before := len(h.fake.Requests())
		var id string
		switch {
		case s.edit:
			id = first
			h.fake.Edit(first, "<@"+discordtest.BotID+"> when is the next presidential election?")
		case s.dm:
			q, _ := h.fake.Post(s.who, "", dm, troops, "")
			id = q.ID
		default:
			q, _ := h.fake.Post(s.who, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
			id = q.ID
		}
		if first == "" {
			first = id
			h.waitLog(`"msg":"reply recorded"`, id) // an edit goes to the answer
		}
		r, _ := h.fake.WaitRequest(before, func(r discordtest.Request) bool { return isReplyTo(id)(r) || isReactionTo(id)(r) })
		got := "reaction"
		if !isReactionTo(id)(r) {
			got = outcomeOf(t, decode(t, r))
			if got == "rate-limited" {
				got = "notice"
			}
		}
		if got != s.want {
			t.Errorf("%s: got %s (%s %s %s), want %s", s.name, got, r.Method, r.Path, r.Body, s.want)
		}
		if got == "reaction" {
			if rs := h.fake.Reactions(id); len(rs) != 1 || rs[0] != "⏳" {
				t.Errorf("%s: reactions %q, want [⏳]", s.name, rs)
			}
		}
	}
}

// TestRateLimitReactionRefused: where the bot may not add reactions, a
// question too soon after the notice gets nothing more: no message.
func TestRateLimitReactionRefused(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 1 }, nil)
	h.fake.Fail(discordtest.Fault{Method: "PUT", Path: `/reactions/`, Status: 403, Times: 1,
		Body: `{"message": "Missing Permissions", "code": 50013}`})
	var last discordtest.Request
	for range 3 {
		q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
		last, _ = h.fake.WaitRequest(0, func(r discordtest.Request) bool { return isReplyTo(q.ID)(r) || isReactionTo(q.ID)(r) })
	}
	// The third question: an answer, a notice, then this.
	if last.Method != "PUT" {
		t.Fatalf("the third question: got %s %s %s, want the reaction (refused)", last.Method, last.Path, last.Body)
	}
	h.waitLog(`"msg":"reaction not added"`, "50013")
	notices := 0
	for _, r := range h.fake.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && strings.Contains(string(r.Body), "please wait") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("got %d notices, want 1: the refused reaction is not replaced by a message", notices)
	}
}

// TestInviteURL pins the permissions the invite asks for, which the README
// quotes: View Channels, Send Messages, Send Messages in Threads, Embed
// Links, Read Message History and Add Reactions.
func TestInviteURL(t *testing.T) {
	got := bot.InviteURL("123")
	want := "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=274877992000"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
