package bot_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// The bot as a Discord client sees it: every interaction gets a response
// within Discord's three seconds, whatever it is, and every message meant
// for the bot gets a reply that makes sense.

func TestEveryInteractionIsAnswered(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	target, _ := h.fake.Post(bob, guild, channel, "hello", "")
	tests := []struct {
		name string
		i    func() discordtest.Interaction
		want discordgo.InteractionResponseType
		text string
	}{
		{"a command no longer registered", func() discordtest.Interaction { return h.fake.Command(alice, guild, channel, "oldcommand") }, discordgo.InteractionResponseChannelMessageWithSource, "/ask"},
		{"a button of another version", func() discordtest.Interaction { return h.fake.Click(alice, guild, channel, target, "retry:123") }, discordgo.InteractionResponseChannelMessageWithSource, "/ask"},
		{"autocomplete", func() discordtest.Interaction {
			return h.fake.Autocomplete(alice, guild, channel, "ask", "question", "how many")
		}, discordgo.InteractionApplicationCommandAutocompleteResult, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := tt.i()
			h.fake.Send(i)
			r, _ := h.fake.WaitRequest(0, isCallback(i))
			m := decode(t, r)
			if m.Type != int(tt.want) {
				t.Fatalf("response type %d, want %d: %s", m.Type, tt.want, r.Body)
			}
			if tt.text != "" && (m.Data == nil || !strings.Contains(m.Data.Content, tt.text) || m.Data.Flags != int(discordgo.MessageFlagsEphemeral)) {
				t.Errorf("got %s, want a private message mentioning %q", r.Body, tt.text)
			}
			if tt.want == discordgo.InteractionApplicationCommandAutocompleteResult && !strings.Contains(string(r.Body), `"choices":[{"name":"how many"`) {
				t.Errorf("got %s, want what was typed offered", r.Body)
			}
			if m.Data != nil && m.Data.Content != "" {
				checkSafe(t, r)
			}
		})
	}
}

// TestOnlyPeoplesMessagesAreAnswered: webhooks, other bots, the bot itself
// and Discord's system messages (a pin of the bot's answer, a thread made
// from it) are never answered, even when they mention the bot or point at
// its message.
func TestOnlyPeoplesMessagesAreAnswered(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	me := &discordgo.User{ID: discordtest.BotID, Username: discordtest.BotName, Bot: true}
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	answer := h.fake.Replies(q.ID)[0]
	ref := &discordgo.MessageReference{MessageID: answer.ID, ChannelID: channel, GuildID: guild}
	tests := []struct {
		name string
		m    *discordgo.Message
	}{
		{"webhook", &discordgo.Message{Author: &discordgo.User{ID: "600000000000000001", Username: "hook"}, WebhookID: "600000000000000001",
			Content: "<@" + discordtest.BotID + "> " + troops, Mentions: []*discordgo.User{me}}},
		{"other bot", &discordgo.Message{Author: &discordgo.User{ID: "600000000000000002", Username: "otherbot", Bot: true},
			Content: "<@" + discordtest.BotID + "> " + troops, Mentions: []*discordgo.User{me}}},
		{"itself", &discordgo.Message{Author: me, Content: "<@" + discordtest.BotID + "> " + troops, Mentions: []*discordgo.User{me}}},
		{"pin of its answer", &discordgo.Message{Type: discordgo.MessageTypeChannelPinnedMessage, Author: &discordgo.User{ID: alice.ID, Username: alice.Name},
			MessageReference: ref, ReferencedMessage: answer}},
		{"thread from its answer", &discordgo.Message{Type: discordgo.MessageTypeThreadCreated, Author: &discordgo.User{ID: alice.ID, Username: alice.Name},
			Content: "About the troops", MessageReference: ref, ReferencedMessage: answer}},
		{"thread starter", &discordgo.Message{Type: discordgo.MessageTypeThreadStarterMessage, Author: &discordgo.User{ID: alice.ID, Username: alice.Name},
			MessageReference: ref, ReferencedMessage: answer, Mentions: []*discordgo.User{me}}},
	}
	for _, tt := range tests {
		m := tt.m
		m.ID, m.ChannelID, m.GuildID = h.fake.NewID(), channel, guild
		h.fake.Dispatch("MESSAGE_CREATE", m)
		h.waitLog(`"msg":"message not for the bot"`, m.ID)
		for _, r := range h.fake.Requests() {
			if isReplyTo(m.ID)(r) {
				t.Errorf("%s: answered: %s", tt.name, r.Body)
			}
		}
	}
}

// TestMessagesWithoutAQuestion: what the bot says when a message for it
// has no question in it depends on why.
func TestMessagesWithoutAQuestion(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	me := &discordgo.User{ID: discordtest.BotID, Username: discordtest.BotName, Bot: true}
	person := &discordgo.User{ID: alice.ID, Username: alice.Name}
	reply := func(m *discordgo.Message) message {
		t.Helper()
		m.ID = h.fake.NewID()
		h.fake.Dispatch("MESSAGE_CREATE", m)
		r, _ := h.fake.WaitRequest(0, isReplyTo(m.ID))
		checkSafe(t, r)
		return decode(t, r)
	}

	// Without the message content intent, Discord sends a message that
	// reaches the bot some other way than a mention with no text at all.
	m := reply(&discordgo.Message{ChannelID: channel, GuildID: guild, Author: person, Mentions: []*discordgo.User{me}})
	if !strings.Contains(m.Content, "couldn't read") || !strings.Contains(m.Content, "/ask") || len(m.Embeds) > 0 {
		t.Errorf("a message whose text Discord withheld: got %q, want to be told to use /ask or a mention", m.Content)
	}
	// A DM with a picture and no words needs no mention.
	m = reply(&discordgo.Message{ChannelID: dm, Author: person, Attachments: []*discordgo.MessageAttachment{{ID: "1", Filename: "a.png"}}})
	if strings.Contains(m.Content, "mention") || !strings.Contains(m.Content, "question") {
		t.Errorf("a DM with no text: got %q, want to be asked for a question, no mention needed", m.Content)
	}
	// Only a mention, in reply to someone's question: that question is
	// the one asked.
	theirs, _ := h.fake.Post(bob, guild, channel, troops, "")
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+">", theirs.ID)
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || m.Embeds[0].Title != troops || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("a bare mention replying to a question: got %s, want that question answered", r.Body)
	}
}

// TestFollowUpWithoutReplying: a follow-up that cannot stand alone, asked
// soon after an answer by the same person in the same place without
// replying to it (the usual way in a DM, the only way with /ask), is read
// with that answer as its context. Others' questions, standalone
// questions, and questions after a pause are read alone.
func TestFollowUpWithoutReplying(t *testing.T) {
	t.Parallel()
	var clock atomic.Int64
	clock.Store(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC).Unix())
	h := start(t, func(o *bot.Options) {
		o.RateBurst = 100
		o.Now = func() time.Time { return time.Unix(clock.Load(), 0) }
	}, nil)
	mention := "<@" + discordtest.BotID + "> "
	ask := func(who discordtest.User, where, content string) *discordgo.MessageEmbed {
		t.Helper()
		g := guild
		if where == dm {
			g = ""
		}
		q, _ := h.fake.Post(who, g, where, content, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		m := decode(t, r)
		if len(m.Embeds) == 0 {
			t.Fatalf("%q: no answer: %s", content, r.Body)
		}
		return m.Embeds[0]
	}
	const interpreted = "_Interpreted as: How much does Seoul pay for U.S. troops?_"

	ask(alice, dm, troops)
	if e := ask(alice, dm, "and how much does Seoul pay for them?"); !strings.HasPrefix(e.Description, interpreted) {
		t.Errorf("DM follow-up: got %q, want it read with the answer before", e.Description)
	}
	if e := ask(alice, dm, "thanks!"); strings.Contains(e.Description, "Interpreted as") || !strings.Contains(e.Description, "welcome") {
		t.Errorf("thanks after an answer: got %q, want it taken as thanks", e.Description)
	}

	ask(alice, channel, mention+troops)
	if e := ask(bob, channel, mention+"and how much does Seoul pay for them?"); strings.Contains(e.Description, "Interpreted as") {
		t.Errorf("bob's question was read as a follow-up of alice's: %q", e.Description)
	}
	if e := ask(alice, channel, mention+"and how much does Seoul pay for them?"); !strings.HasPrefix(e.Description, interpreted) {
		t.Errorf("mention follow-up: got %q", e.Description)
	}
	if e := ask(alice, channel, mention+"What did South Korea say about its budget?"); strings.Contains(e.Description, "Interpreted as") {
		t.Errorf("a standalone question was read as a follow-up: %q", e.Description)
	}

	h.slashEmbed(alice, troops, "true")
	if e := h.slashEmbed(alice, "and how much does Seoul pay for them?", "true"); !strings.HasPrefix(e.Description, interpreted) {
		t.Errorf("/ask follow-up: got %q", e.Description)
	}

	ask(alice, dm, troops)
	clock.Add(int64((time.Hour).Seconds()))
	if e := ask(alice, dm, "and how much does Seoul pay for them?"); strings.Contains(e.Description, "Interpreted as") {
		t.Errorf("a question an hour later was read as a follow-up: %q", e.Description)
	}
}

// TestMentionOfTheBotsRole: Discord's mention picker often offers the
// bot's own (managed) role for "@reportbot"; a mention of that role is a
// mention of the bot. Other roles are not.
func TestMentionOfTheBotsRole(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	const botRole, otherRole = "810000000000000001", "810000000000000002"
	h.fake.Dispatch("GUILD_CREATE", map[string]any{
		"id": guild, "name": "test", "roles": []map[string]any{
			{"id": guild, "name": "@everyone"},
			{"id": otherRole, "name": "readers", "managed": false},
			{"id": botRole, "name": discordtest.BotName, "managed": true, "tags": map[string]any{"bot_id": discordtest.BotID}},
		},
		"channels": []any{}, "members": []any{},
	})
	h.waitLog(`"msg":"the bot's role"`, botRole)
	q, _ := h.fake.Post(alice, guild, channel, "<@&"+botRole+"> "+troops, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || m.Embeds[0].Title != troops || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("a mention of the bot's role: got %s", r.Body)
	}
	other, _ := h.fake.Post(alice, guild, channel, "<@&"+otherRole+"> "+troops, "")
	h.waitLog(`"msg":"message not for the bot"`, other.ID)

	// A role made for the bot after it joined counts too.
	const newRole = "810000000000000003"
	h.fake.Dispatch("GUILD_ROLE_CREATE", map[string]any{"guild_id": "800000000000000099", "role": map[string]any{
		"id": newRole, "name": discordtest.BotName, "managed": true, "tags": map[string]any{"bot_id": discordtest.BotID}}})
	h.waitLog(`"msg":"the bot's role"`, newRole)
	q, _ = h.fake.Post(alice, "800000000000000099", channel, "<@&"+newRole+"> "+troops, "")
	if r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID)); len(decode(t, r).Embeds) == 0 {
		t.Errorf("a mention of the bot's new role: got %s", r.Body)
	}
}

// TestThreadsOfAnAllowedChannel: with ALLOWED_CHANNEL_IDS, questions in a
// thread (or a forum post) of an allowed channel are answered; threads of
// other channels are not.
func TestThreadsOfAnAllowedChannel(t *testing.T) {
	t.Parallel()
	const allowed, forum, other = "800000000000000011", "800000000000000012", "800000000000000013"
	h := start(t, func(o *bot.Options) { o.AllowedChannels = []string{allowed, forum} }, nil)
	known := &discordgo.Channel{ID: "800000000000000021", GuildID: guild, ParentID: allowed, Type: discordgo.ChannelTypeGuildPublicThread, Name: "troops"}
	post := &discordgo.Channel{ID: "800000000000000022", GuildID: guild, ParentID: forum, Type: discordgo.ChannelTypeGuildPublicThread, Name: "a post"}
	elsewhere := &discordgo.Channel{ID: "800000000000000023", GuildID: guild, ParentID: other, Type: discordgo.ChannelTypeGuildPublicThread, Name: "elsewhere"}
	// One thread the bot is told about on the gateway; the others it has
	// to look up.
	h.fake.Dispatch("GUILD_CREATE", map[string]any{"id": guild, "name": "test", "roles": []any{}, "members": []any{},
		"channels": []map[string]any{{"id": allowed, "type": discordgo.ChannelTypeGuildText, "guild_id": guild, "name": "allowed"}}})
	h.fake.Dispatch("THREAD_CREATE", known)
	h.fake.AddChannel(post)
	h.fake.AddChannel(elsewhere)

	for _, th := range []*discordgo.Channel{known, post} {
		q, _ := h.fake.Post(alice, guild, th.ID, "<@"+discordtest.BotID+"> "+troops, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		if m := decode(t, r); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
			t.Errorf("mention in thread %s: got %s", th.Name, r.Body)
		}
		i := h.fake.Ask(bob, guild, th.ID, troops, "")
		h.fake.Send(i)
		edit, _ := h.fake.WaitRequest(0, isEdit(i))
		if m := decode(t, edit); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
			t.Errorf("/ask in thread %s: got %s", th.Name, edit.Body)
		}
	}
	i := h.fake.Ask(bob, guild, elsewhere.ID, troops, "")
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "don't answer questions in this channel") {
		t.Errorf("/ask in a thread of another channel: got %s", r.Body)
	}
}

// TestFailedChannelLookUpIsRemembered: a channel the bot cannot look up
// is taken for no thread of an allowed channel, and not asked about again
// at every question (each look-up may cost a question 1.5 s).
func TestFailedChannelLookUpIsRemembered(t *testing.T) {
	t.Parallel()
	const allowed, unknown = "800000000000000011", "800000000000000031"
	h := start(t, func(o *bot.Options) { o.AllowedChannels = []string{allowed} }, nil)
	for range 2 {
		i := h.fake.Ask(bob, guild, unknown, troops, "")
		h.fake.Send(i)
		r, _ := h.fake.WaitRequest(0, isCallback(i))
		if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "don't answer questions in this channel") {
			t.Errorf("/ask in a channel that cannot be looked up: got %s", r.Body)
		}
	}
	lookups := 0
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && r.Path == "/channels/"+unknown {
			lookups++
		}
	}
	if lookups != 1 {
		t.Errorf("the channel was looked up %d times, want once", lookups)
	}
}

// TestNoReadHistoryStillAnswers: where the bot may send messages but not
// read the history, Discord refuses a reply (code 160002); the answer is
// sent as a plain message instead of being lost.
func TestNoReadHistoryStillAnswers(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 1,
		Body: `{"message": "Cannot reply without permission to read message history", "code": 160002}`})
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	_, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	r, _ := h.fake.WaitRequest(at+1, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+channel+"/messages"
	})
	checkSafe(t, r)
	if m := decode(t, r); m.Reference != nil || len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("after the refused reply: got %s, want the answer without a reference", r.Body)
	}
}

// TestEditedQuestions: a message edited to mention the bot is answered; an
// answered question edited is answered again in the same reply; an update
// that changes nothing of the question (Discord sends one when a link
// preview appears) is not answered again.
func TestEditedQuestions(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	q, _ := h.fake.Post(alice, guild, channel, troops, "")
	h.waitLog(`"msg":"message not for the bot"`, q.ID)
	h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> "+troops)
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Fatalf("edited to mention the bot: got %s", r.Body)
	}
	replies := h.fake.Replies(q.ID)
	if len(replies) != 1 {
		t.Fatalf("%d replies, want 1", len(replies))
	}
	h.waitLog(`"msg":"reply recorded"`, q.ID) // the bot knows its reply: an edit goes there

	// The same question again, as a link preview's update brings it.
	m, _ := h.fake.Message(q.ID)
	same := *m
	same.EditedTimestamp = nil
	h.fake.Dispatch("MESSAGE_UPDATE", &same)
	h.waitLog(`"msg":"edit leaves the question as it was"`, q.ID)

	before := len(h.fake.Requests())
	h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> when is the next presidential election?")
	edit, _ := h.fake.WaitRequest(before, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && r.Path == "/channels/"+channel+"/messages/"+replies[0].ID && strings.Contains(string(r.Body), `"components":[{`)
	})
	checkSafe(t, edit)
	if m := decode(t, edit); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "March 2022") {
		t.Errorf("the edited question's answer: got %s", edit.Body)
	}
	if n := len(h.fake.Replies(q.ID)); n != 1 {
		t.Errorf("%d replies after the edit, want the one reply, edited", n)
	}
}

// TestInteractionCallbackServerErrorIsRetried: a 500 on the deferral is
// retried (a second callback cannot post twice: Discord refuses it as
// already acknowledged), so the 3-second window is not lost to one
// server error; "already acknowledged" means the first went through.
func TestInteractionCallbackServerErrorIsRetried(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/interactions/\d+/[^/]+/callback$`, Status: 500, Times: 1, Body: `{"message": "internal error"}`})
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "after a 500 on the deferral")

	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/interactions/\d+/[^/]+/callback$`, Status: 400, Times: 1,
		Body: `{"message": "Interaction has already been acknowledged.", "code": 40060}`})
	i = h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ = h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "after 'already acknowledged'")
}

// TestEditTooSoonKeepsTheAnswer: an edit past the rate limit is told to
// wait in a reply of its own; the answer already given stays.
func TestEditTooSoonKeepsTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 1 }, nil)
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	answer := h.fake.Replies(q.ID)[0]
	h.waitLog(`"msg":"reply recorded"`, q.ID)
	before := len(h.fake.Requests())
	h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> when is the next presidential election?")
	r, _ := h.fake.WaitRequest(before, isReplyTo(q.ID))
	if m := decode(t, r); !strings.Contains(m.Content, "please wait") {
		t.Errorf("an edit past the limit: got %s, want to be told to wait", r.Body)
	}
	if m, _ := h.fake.Message(answer.ID); m.EditedTimestamp != nil || len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("the answer was changed: %+v", m)
	}
}

// panicky panics on one question, as a bug deep in answering would.
type panicky struct{ next bot.Answerer }

func (p panicky) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	if strings.Contains(req.Question, "boom") {
		var m map[string]int
		m["boom"]++ // a nil map: a runtime panic
	}
	return p.next.Respond(ctx, req)
}

// TestAPanicInAnsweringIsContained: a question that makes answering panic
// gets the usual apology with an error ID, and the bot lives on.
func TestAPanicInAnsweringIsContained(t *testing.T) {
	t.Parallel()
	h := start(t, nil, func(a bot.Answerer) bot.Answerer { return panicky{a} })
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> boom?", "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); !strings.Contains(m.Content, "something went wrong") || !strings.Contains(m.Content, "(error ") {
		t.Errorf("got %s, want an apology with an error ID", r.Body)
	}
	h.waitLog(`"msg":"answer question"`, "panic")
	answersAgain(t, h, "a panic")
}

// TestRepeatedEventIsAnsweredOnce: a MESSAGE_CREATE delivered twice (a
// gateway replaying events after a resume) gets one answer.
func TestRepeatedEventIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	h.fake.Dispatch("MESSAGE_CREATE", q)
	h.waitLog(`"msg":"message answered already"`, q.ID)
	if n := len(h.fake.Replies(q.ID)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// TestRepeatedInteractionIsAnsweredOnce: an INTERACTION_CREATE delivered
// twice is answered once.
func TestRepeatedInteractionIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	h.fake.WaitRequest(0, isEdit(i))
	h.fake.Send(i)
	h.waitLog(`"msg":"interaction handled already"`, i.ID)
	callbacks := 0
	for _, r := range h.fake.Requests() {
		if isCallback(i)(r) {
			callbacks++
		}
	}
	if callbacks != 1 {
		t.Errorf("%d callbacks, want 1", callbacks)
	}
}

// TestMalformedOptionsAreAnswered: options of the wrong type or value (an
// old registration, a client that gets them wrong) still get an answer or
// a clear message, never silence.
func TestMalformedOptionsAreAnswered(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	tests := []struct {
		name    string
		options []map[string]any
		answer  bool
	}{
		{"question as a number", []map[string]any{{"name": "question", "type": discordgo.ApplicationCommandOptionInteger, "value": 42}}, false},
		{"question null", []map[string]any{{"name": "question", "type": discordgo.ApplicationCommandOptionString, "value": nil}}, false},
		{"private as text", []map[string]any{{"name": "question", "type": discordgo.ApplicationCommandOptionString, "value": troops},
			{"name": "private", "type": discordgo.ApplicationCommandOptionString, "value": "yes"}}, true},
		{"an unknown option", []map[string]any{{"name": "question", "type": discordgo.ApplicationCommandOptionString, "value": troops},
			{"name": "report", "type": discordgo.ApplicationCommandOptionString, "value": "x"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := h.fake.CommandWith(alice, guild, channel, "ask", tt.options)
			h.fake.Send(i)
			r, _ := h.fake.WaitRequest(0, isCallback(i))
			checkSafe(t, r)
			m := decode(t, r)
			if !tt.answer {
				if m.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
					edit, _ := h.fake.WaitRequest(0, isEdit(i))
					checkSafe(t, edit)
					if e := decode(t, edit); e.Content == "" && len(e.Embeds) == 0 {
						t.Errorf("got %s, want a reply", edit.Body)
					}
				} else if m.Data == nil || m.Data.Content == "" {
					t.Errorf("got %s, want a clear message", r.Body)
				}
				return
			}
			edit, _ := h.fake.WaitRequest(0, isEdit(i))
			if m := decode(t, edit); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
				t.Errorf("got %s, want the answer", edit.Body)
			}
		})
	}
}

// TestForwardedQuestionInADM: a question forwarded to the bot in a DM (no
// text of its own, the question in the forwarded snapshot) is answered; a
// forward is not a reply, so nothing is fetched as its context.
func TestForwardedQuestionInADM(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	theirs, _ := h.fake.Post(bob, guild, channel, troops, "")
	fwd := &discordgo.Message{ID: h.fake.NewID(), ChannelID: dm, Author: &discordgo.User{ID: alice.ID, Username: alice.Name},
		MessageReference: &discordgo.MessageReference{Type: discordgo.MessageReferenceTypeForward, MessageID: theirs.ID, ChannelID: channel, GuildID: guild},
		MessageSnapshots: []discordgo.MessageSnapshot{{Message: &discordgo.Message{Content: theirs.Content}}}}
	before := len(h.fake.Requests())
	h.fake.Dispatch("MESSAGE_CREATE", fwd)
	r, _ := h.fake.WaitRequest(0, isReplyTo(fwd.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || m.Embeds[0].Title != troops || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("a forwarded question: got %s", r.Body)
	}
	for _, r := range h.fake.Requests()[before:] {
		if r.Method == "GET" && strings.Contains(r.Path, theirs.ID) {
			t.Errorf("the forwarded message was fetched as a reply's parent: %s", r.Path)
		}
	}
}

// TestNoEmbedLinksStillAnswers: where the bot may send messages but not
// embeds (no Embed Links permission: Discord answers 403, code 50013), the
// answer comes as text, sources included; where it may not send at all,
// the failure is logged and the bot goes on.
func TestNoEmbedLinksStillAnswers(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 1,
		Body: `{"message": "Missing Permissions", "code": 50013}`})
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	_, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	r, _ := h.fake.WaitRequest(at+1, isReplyTo(q.ID))
	checkSafe(t, r)
	m := decode(t, r)
	if len(m.Embeds) > 0 || !strings.Contains(m.Content, "28,500") || !strings.Contains(m.Content, "**Sources**") || !strings.Contains(m.Content, "**[1]** Overview · p. 1") {
		t.Errorf("without Embed Links: got %s, want the answer and its sources as text", r.Body)
	}
	if len(m.Components) == 0 {
		t.Errorf("without Embed Links: no buttons: %s", r.Body)
	}
	// Logged once the text is sent, which the fake sees first.
	h.waitLog(`"msg":"embeds refused (no Embed Links permission?): answering in text"`)

	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 2,
		Body: `{"message": "Missing Permissions", "code": 50013}`})
	q, _ = h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.waitLog(`"msg":"messages refused (no Send Messages permission?)"`)
	h.waitLog(`"msg":"send answer"`, "50013")
	if n := strings.Count(h.logs.String(), "embeds refused"); n != 1 {
		t.Errorf("'embeds refused' logged %d times, want once: the second refusal was of text too", n)
	}
	answersAgain(t, h, "no permission to send")
}

// TestTypingRateLimitDoesNotHoldTheAnswer: a 429 on the typing indicator
// (a busy channel) is not waited out: the answer goes first.
func TestTypingRateLimitDoesNotHoldTheAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/typing$`, Status: 429, Times: 1,
		Header: map[string]string{"Retry-After": "20"},
		Body:   `{"message": "You are being rate limited.", "retry_after": 20, "global": false}`})
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	_, at := h.fake.WaitRequest(0, isReplyTo(q.ID))
	typing := 0
	for _, r := range h.fake.Requests()[:at] {
		if r.Path == "/channels/"+channel+"/typing" {
			typing++
		}
	}
	if typing > 1 { // the one rate-limited, if it came first; a second is its retry
		t.Errorf("%d typing requests before the answer: the answer waited for the indicator's retry", typing)
	}
}

// TestVoteIsAcknowledgedBeforeItIsWritten: a vote is answered at once,
// within Discord's three seconds, however long the feedback file takes
// to write (here a pipe nobody reads yet).
func TestVoteIsAcknowledgedBeforeItIsWritten(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "feedback.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	h := start(t, func(o *bot.Options) { o.FeedbackPath = fifo }, nil)
	click := h.askAndClick(t, "👍")
	r, _ := h.fake.WaitRequest(0, isCallback(click)) // the write is still blocked
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "Thanks") {
		t.Errorf("vote: got %s", r.Body)
	}
	f, err := os.Open(fifo) // let the write through
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil || !strings.Contains(line, `"vote":"up"`) {
		t.Errorf("feedback line %q, %v", line, err)
	}
}

// TestThanksIsNotARefusal: "thanks!" or "hi" is answered as said, not as a
// question the report does not cover, and offers no passages.
func TestThanksIsNotARefusal(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	for _, say := range []string{"thanks!", "hi"} {
		q, _ := h.fake.Post(alice, "", dm, say, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		m := decode(t, r)
		if len(m.Embeds) == 0 || strings.Contains(m.Embeds[0].Description, "Not covered") || len(m.Components) > 0 {
			t.Errorf("%q: got %s, want a plain reply without a refusal or buttons", say, r.Body)
		}
	}
	q, _ := h.fake.Post(alice, "", dm, "What is the population of Mars?", "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || !strings.HasPrefix(m.Embeds[0].Description, "**Not covered") {
		t.Errorf("a real refusal: got %s", r.Body)
	}
}

// TestPrivateQuestionStaysPrivate: a follow-up said in the channel is not
// read with a question asked privately (/ask private:True), which its
// "Interpreted as" line would show to everyone; a private follow-up still
// is.
func TestPrivateQuestionStaysPrivate(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	const followUp = "and how much does Seoul pay for them?"

	h.slashEmbed(alice, troops, "true")
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+followUp, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || strings.Contains(m.Embeds[0].Description, "Interpreted as") {
		t.Errorf("public follow-up of a private question: got %s, want it read alone", r.Body)
	}
	h.slashEmbed(alice, troops, "true")
	if e := h.slashEmbed(alice, followUp, "true"); !strings.Contains(e.Description, "Interpreted as") {
		t.Errorf("private follow-up of a private question: got %q, want it read with it", e.Description)
	}
}

// held holds the answer to one question until released, as a slow model
// would, and notes when another question is asked.
type held struct {
	next    bot.Answerer
	hold    string
	entered chan struct{} // closed when the held question is asked
	release chan struct{}
	other   atomic.Bool
}

func (h *held) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	if req.Question == h.hold {
		close(h.entered)
		<-h.release
	} else {
		h.other.Store(true)
	}
	return h.next.Respond(ctx, req)
}

// TestEditWhileAnswering: a question edited while its answer is being
// written gets the one reply, the edited question's answer in it, not a
// second reply.
func TestEditWhileAnswering(t *testing.T) {
	t.Parallel()
	slow := &held{hold: troops, entered: make(chan struct{}), release: make(chan struct{})}
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, func(a bot.Answerer) bot.Answerer { slow.next = a; return slow })
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	<-slow.entered
	h.fake.Edit(q.ID, "<@"+discordtest.BotID+"> when is the next presidential election?")
	// The edit is under way: it waits for the answer being written, or
	// (as it did) answers at once.
	for deadline := time.Now().Add(30 * time.Second); !slow.other.Load() && !strings.Contains(h.logs.String(), `"msg":"edit waits for the answer being written"`); {
		if time.Now().After(deadline) {
			t.Fatal("the edit was not taken up")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(slow.release)
	h.waitLogCount(`"msg":"reply recorded"`, 2, q.ID)
	replies := h.fake.Replies(q.ID)
	if len(replies) != 1 {
		t.Fatalf("%d replies, want 1", len(replies))
	}
	if m, _ := h.fake.Message(replies[0].ID); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "March 2022") {
		t.Errorf("the reply: got %+v, want the edited question's answer", m)
	}
}

// TestTypedCommandsAndHelp: a slash command typed as text (the command
// not there yet, or habit), "help" alone and questions about the bot
// itself get what the commands show, never a passage that happens to
// say "help"; questions that only use such words are still questions.
func TestTypedCommandsAndHelp(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	mention := "<@" + discordtest.BotID + "> "
	tests := []struct {
		where, content, title string
	}{
		{dm, "help", "How to ask reportbot"},
		{dm, "/help", "How to ask reportbot"},
		{dm, "Help me!", "How to ask reportbot"},
		{dm, "what can you do?", "How to ask reportbot"},
		{channel, mention + "help", "How to ask reportbot"},
		{channel, mention + "who are you?", "How to ask reportbot"},
		{dm, "/about", "About reportbot"},
		{dm, "/ask " + troops, troops},
		{dm, "/ask question: " + troops, troops},
		{channel, mention + "/ask " + troops, troops},
		{dm, "How does the alliance help the United States?", "How does the alliance help the United States?"},
	}
	for _, tt := range tests {
		g := guild
		if tt.where == dm {
			g = ""
		}
		q, _ := h.fake.Post(alice, g, tt.where, tt.content, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		checkSafe(t, r)
		m := decode(t, r)
		if len(m.Embeds) == 0 || m.Embeds[0].Title != tt.title {
			t.Errorf("%q: got %s, want an embed titled %q", tt.content, r.Body, tt.title)
			continue
		}
		if tt.title == troops && !strings.Contains(m.Embeds[0].Description, "28,500") {
			t.Errorf("%q: got %q, want the troops answered", tt.content, m.Embeds[0].Description)
		}
	}

	i := h.fake.Ask(alice, guild, channel, "help", "")
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, r); m.Data == nil || len(m.Data.Embeds) == 0 || m.Data.Embeds[0].Title != "How to ask reportbot" || m.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("/ask question:help: got %s, want the help, privately", r.Body)
	}
}
