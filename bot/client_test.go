package bot_test

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

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
