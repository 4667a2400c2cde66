package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
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
