package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// lengthy gives a long answer, one that fills several messages, to every
// question that asks for everything; other questions it passes on.
type lengthy struct{ next bot.Answerer }

// lengthyMark is in every sentence of lengthy's long answer.
const lengthyMark = "Long answer sentence"

func (l lengthy) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	if !strings.Contains(req.Question, "everything") {
		return l.next.Respond(ctx, req)
	}
	var text strings.Builder
	for n := range 60 {
		fmt.Fprintf(&text, "%s %d goes on about the report at some length, so that the whole of it takes several Discord messages to show. ", lengthyMark, n)
	}
	return rag.Answer{Question: req.Question, Text: text.String(), Answered: true, Mode: rag.ModeExtractive}, nil
}

// TestEditedLongAnswerIsReplacedWhole: a question whose answer filled
// several messages, edited, is answered again in place, and the messages
// of the old answer that the new one does not need are deleted: the
// channel shows the new answer alone, as embeds and as text alike.
func TestEditedLongAnswerIsReplacedWhole(t *testing.T) {
	t.Parallel()
	for _, plain := range []bool{false, true} {
		t.Run(fmt.Sprintf("plain=%t", plain), func(t *testing.T) {
			t.Parallel()
			h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, func(a bot.Answerer) bot.Answerer { return lengthy{a} })
			if plain {
				h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 1,
					Body: `{"message": "Missing Permissions", "code": 50013}`})
			}
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> tell me everything", "")
			h.waitLog(`"msg":"reply recorded"`, q.ID)
			if n := len(h.fake.Replies(q.ID)); n < 2 {
				t.Fatalf("the long answer took %d messages, want several", n)
			}
			h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> "+troops)
			h.waitLogCount(`"msg":"reply recorded"`, 2, q.ID)
			replies := h.fake.Replies(q.ID)
			old, answer := 0, 0
			for _, m := range replies {
				shown := m.Content
				for _, e := range m.Embeds {
					shown += e.Title + e.Description
				}
				if strings.Contains(shown, lengthyMark) {
					old++
				}
				if strings.Contains(shown, "28,500") {
					answer++
				}
			}
			if old > 0 || answer != 1 {
				t.Errorf("after the edit: %d replies, %d of them the old answer's, %d with the new answer; want the new answer alone", len(replies), old, answer)
			}
		})
	}
}

// TestEveryMessageAllowsNoMentions: whatever the bot sends, an answer, a
// refusal, an error, a notice, a private reply, an edit or a follow-up,
// allows no mention, so that nothing it says can ping anyone; and
// @everyone or @here in a question is dropped from it, not echoed as a
// word.
func TestEveryMessageAllowsNoMentions(t *testing.T) {
	t.Parallel()
	const other = "800000000000000009"
	h := start(t, func(o *bot.Options) {
		o.AllowDMs = false
		o.AllowedChannels = []string{channel}
		o.RateBurst, o.RatePerMinute = 3, 1
	}, nil)
	mention := "<@" + discordtest.BotID + "> "
	carol := discordtest.User{ID: "700000000000000003", Name: "carol"}
	dave := discordtest.User{ID: "700000000000000004", Name: "dave"}

	// In a channel: an answer, a refusal, no question, one too long, then
	// an edit, and an answer as text where embeds are refused.
	q, _ := h.fake.Post(alice, guild, channel, mention+"@everyone "+troops+" @here", "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || m.Embeds[0].Title != troops {
		t.Errorf("the question echoed: got %s, want the title %q", r.Body, troops)
	}
	for _, content := range []string{mention + "What is the population of Mars? @here", mention + "@everyone", mention + strings.Repeat("why ", 300)} {
		q, _ := h.fake.Post(bob, guild, channel, content, "")
		h.fake.WaitRequest(0, isReplyTo(q.ID))
	}
	h.waitLog(`"msg":"reply recorded"`, q.ID)
	before := len(h.fake.Requests())
	h.fake.Edit(q.ID, mention+"@here when is the next presidential election?")
	h.fake.WaitRequest(before, func(r discordtest.Request) bool { return r.Method == "PATCH" })
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 1,
		Body: `{"message": "Missing Permissions", "code": 50013}`})
	q, _ = h.fake.Post(carol, guild, channel, mention+troops, "")
	_, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	h.fake.WaitRequest(at+1, isReplyTo(q.ID))

	// Asking too fast, by mention and by /ask.
	for range 3 {
		i := h.fake.Ask(dave, guild, channel, troops, "true")
		h.fake.Send(i)
		h.fake.WaitRequest(0, isEdit(i))
	}
	q, _ = h.fake.Post(dave, guild, channel, mention+troops, "")
	r, _ = h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); !strings.Contains(m.Content, "please wait") {
		t.Errorf("asking too fast: got %s", r.Body)
	}
	i := h.fake.Ask(dave, guild, channel, troops, "")
	h.fake.Send(i)
	h.fake.WaitRequest(0, isCallback(i))

	// Where the bot does not answer: a DM, and /ask elsewhere.
	q, _ = h.fake.Post(alice, "", dm, troops, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	for _, i := range []discordtest.Interaction{h.fake.Ask(alice, "", dm, troops, ""), h.fake.Ask(alice, guild, other, troops, "")} {
		h.fake.Send(i)
		h.fake.WaitRequest(0, isCallback(i))
	}

	// Commands, buttons, the message command on a message without text.
	asked := h.fake.Ask(carol, guild, channel, "@everyone "+troops, "")
	h.fake.Send(asked)
	edit, _ := h.fake.WaitRequest(0, isEdit(asked))
	answer, _ := h.fake.Original(asked)
	ids := h.answerIDs(decode(t, edit))
	empty, _ := h.fake.Post(bob, guild, channel, "", "")
	for _, i := range []discordtest.Interaction{
		h.fake.Command(alice, guild, channel, "help"),
		h.fake.Command(alice, guild, channel, "about"),
		h.fake.Command(alice, guild, channel, "summarise"),
		h.fake.Click(alice, guild, channel, answer, ids["Show passages"]),
		h.fake.Click(alice, guild, channel, answer, ids["👍"]),
		h.fake.MessageCommand(alice, guild, channel, "Ask the report", empty),
	} {
		h.fake.Send(i)
		h.fake.WaitRequest(0, isCallback(i))
	}

	checked := 0
	for _, r := range h.fake.Requests() {
		if r.Body == nil || r.Method == "PUT" {
			continue
		}
		checkSafe(t, r)
		checked++
	}
	if checked < 25 {
		t.Errorf("%d messages checked, want every one sent", checked)
	}
}

// TestTypingRateLimitNeverHoldsTheAnswer: where Discord's rate limit for
// the typing indicator is spent (a busy channel), the indicator is left
// out rather than waited for: the next question in the channel is
// answered at once, however long the limit lasts.
func TestTypingRateLimitNeverHoldsTheAnswer(t *testing.T) {
	t.Parallel()
	h := startHeld(t, nil, `"msg":"typing indicator sent"`) // before the first answer
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/typing$`, Status: 204, Times: 1,
		Header: map[string]string{"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "3600"}})
	for _, who := range []discordtest.User{alice, bob} {
		q, _ := h.fake.Post(who, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		wantTroops(t, r, who.Name+"'s question")
	}
	typing := 0
	for _, r := range h.fake.Requests() {
		if isTyping(channel)(r) {
			typing++
		}
	}
	if typing != 1 {
		t.Errorf("%d typing requests, want the one before the limit was spent", typing)
	}
	h.waitLog(`"msg":"typing indicator left out: rate limited"`)
}

// TestDeletedMessagesCostNoAnswer: a question deleted before its answer
// is sent still gets the answer in its channel, however Discord refuses
// the reply to it (Invalid Form Body on message_reference, Unknown
// Message); an answer deleted and its question then edited gets a new
// reply.
func TestDeletedMessagesCostNoAnswer(t *testing.T) {
	t.Parallel()
	mention := "<@" + discordtest.BotID + "> "
	refusals := []struct {
		name  string
		fault *discordtest.Fault
	}{
		{"a reply Discord drops the reference of", nil},
		{"a reply refused: invalid form body", &discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 400, Times: 1,
			Body: `{"code": 50035, "errors": {"message_reference": {"_errors": [{"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}]}}, "message": "Invalid Form Body"}`}},
		{"a reply refused: unknown message", &discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 404, Times: 1,
			Body: `{"message": "Unknown Message", "code": 10008}`}},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			slow := &held{hold: troops, entered: make(chan struct{}), release: make(chan struct{})}
			h := start(t, nil, func(a bot.Answerer) bot.Answerer { slow.next = a; return slow })
			q, _ := h.fake.Post(alice, guild, channel, mention+troops, "")
			<-slow.entered
			h.fake.Delete(channel, q.ID)
			if tt.fault != nil {
				h.fake.Fail(*tt.fault)
			}
			close(slow.release)
			h.waitLog(`"msg":"reply recorded"`, q.ID)
			sent := h.fake.BotMessages(channel)
			if len(sent) != 1 || len(sent[0].Embeds) == 0 || !strings.Contains(sent[0].Embeds[0].Description, "28,500") {
				t.Errorf("the bot's messages in the channel: %+v, want the answer", sent)
			}
		})
	}

	t.Run("the answer deleted, then the question edited", func(t *testing.T) {
		t.Parallel()
		h := start(t, nil, nil)
		q, _ := h.fake.Post(alice, guild, channel, mention+troops, "")
		h.fake.WaitRequest(0, isReplyTo(q.ID))
		h.waitLog(`"msg":"reply recorded"`, q.ID)
		h.fake.Delete(channel, h.fake.Replies(q.ID)[0].ID)
		h.fake.Edit(q.ID, mention+"when is the next presidential election?")
		h.waitLogCount(`"msg":"reply recorded"`, 2, q.ID)
		replies := h.fake.Replies(q.ID)
		if len(replies) != 1 || len(replies[0].Embeds) == 0 || !strings.Contains(replies[0].Embeds[0].Description, "March 2022") {
			t.Errorf("after the edit: %d replies %+v, want the new answer", len(replies), replies)
		}
	})
}

// TestReconnectWhileAnswering: the gateway dropping, or asking the bot to
// reconnect, while an answer is being worked on costs nothing: the answer
// is delivered once, even when the question is delivered again after the
// reconnection (a resumed session replays what it missed).
func TestReconnectWhileAnswering(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name  string
		fault func(*discordtest.Server)
	}{
		{"connection dropped", (*discordtest.Server).DropConnection},
		{"RECONNECT", (*discordtest.Server).Reconnect},
	}
	for _, tt := range faults {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			slow := &held{hold: troops, entered: make(chan struct{}), release: make(chan struct{})}
			h := start(t, nil, func(a bot.Answerer) bot.Answerer { slow.next = a; return slow })
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
			i := h.fake.Ask(bob, guild, channel, "when is the next presidential election?", "")
			<-slow.entered
			tt.fault(h.fake)
			h.fake.WaitReady(2)
			h.fake.Dispatch("MESSAGE_CREATE", q)
			h.waitLog(`"msg":"message answered already"`, q.ID)
			close(slow.release)
			h.waitLog(`"msg":"reply recorded"`, q.ID)
			h.fake.Send(i)
			if edit, _ := h.fake.WaitRequest(0, isEdit(i)); !strings.Contains(string(edit.Body), "March 2022") {
				t.Errorf("/ask after the reconnection: got %s", edit.Body)
			}
			h.fake.Send(i)
			h.waitLog(`"msg":"interaction handled already"`, i.ID)
			replies := h.fake.Replies(q.ID)
			if len(replies) != 1 || len(replies[0].Embeds) == 0 || !strings.Contains(replies[0].Embeds[0].Description, "28,500") {
				t.Errorf("got %d replies %+v, want the one answer", len(replies), replies)
			}
		})
	}
}

// TestUpdateThatIsNotAnEditKeepsTheAnswer: Discord also sends
// MESSAGE_UPDATE when a link preview or an embed is added, sometimes as a
// partial message (no content); only a real edit (edited_timestamp set)
// answers again. An answered DM updated that way keeps its answer.
func TestUpdateThatIsNotAnEditKeepsTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	q, _ := h.fake.Post(alice, "", dm, troops, "")
	h.waitLog(`"msg":"reply recorded"`, q.ID)
	answer := h.fake.Replies(q.ID)[0]
	partial := &discordgo.Message{ID: q.ID, ChannelID: dm, Author: q.Author,
		Embeds: []*discordgo.MessageEmbed{{URL: "https://example.com", Type: discordgo.EmbedTypeLink}}}
	h.fake.Dispatch("MESSAGE_UPDATE", partial)
	h.waitLog(`"msg":"update that is not an edit"`, q.ID)
	if m, _ := h.fake.Message(answer.ID); m.EditedTimestamp != nil || len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("the answer was changed: %+v", m)
	}
}

// TestMentionWithoutTheMentionsList: a message whose content mentions the
// bot is answered even when the event's mentions list leaves the bot out
// (a gateway, or a proxy, that sends content without parsed mentions).
func TestMentionWithoutTheMentionsList(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	for _, mention := range []string{"<@" + discordtest.BotID + ">", "<@!" + discordtest.BotID + ">"} {
		m := &discordgo.Message{ID: h.fake.NewID(), ChannelID: channel, GuildID: guild,
			Author: &discordgo.User{ID: alice.ID, Username: alice.Name}, Content: mention + " " + troops}
		h.fake.Dispatch("MESSAGE_CREATE", m)
		r, _ := h.fake.WaitRequest(0, isReplyTo(m.ID))
		wantTroops(t, r, mention+" without the mentions list")
	}
}

// TestEditedLongAnswerStaysWholeWhenItsEditFails: where Discord refuses
// the edit of a long answer's first message (a server error that outlasts
// the retries), the answer to the question as it was stays whole: none
// of its messages is deleted for a new answer that never came.
func TestEditedLongAnswerStaysWholeWhenItsEditFails(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, func(a bot.Answerer) bot.Answerer { return lengthy{a} })
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> tell me everything", "")
	h.waitLog(`"msg":"reply recorded"`, q.ID)
	want := len(h.fake.Replies(q.ID))
	if want < 2 {
		t.Fatalf("the long answer took %d messages, want several", want)
	}
	h.fake.Fail(discordtest.Fault{Method: "PATCH", Path: `^/channels/\d+/messages/\d+$`, Status: 500, Times: 100,
		Body: `{"message": "internal error"}`})
	h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> "+troops)
	h.waitLogCount(`"msg":"reply recorded"`, 2, q.ID)
	if got := len(h.fake.Replies(q.ID)); got != want {
		t.Errorf("after the failed edit: %d replies, want the old answer's %d", got, want)
	}
}
