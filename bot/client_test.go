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
