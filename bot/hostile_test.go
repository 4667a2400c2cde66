package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
)

// hostile are questions meant to break a bot: invisible and control
// characters, direction overrides, markdown and code fences, huge messages,
// mention floods.
var hostile = []struct {
	name, question string
	answered       bool // a real question is inside
}{
	{"control characters", "\x07How many\x1b[31m U.S. troops\x00 are in South Korea?", false},
	{"control characters without NUL", "\x07How many\x1b[31m U.S. troops are in South Korea?\x7f", true},
	{"zero-width characters", "How\u200b many\u200d U.S.\u2060 troops are in South\ufeff Korea?", true},
	{"right-to-left override", "\u202eHow many U.S. troops are in South Korea?\u202c", true},
	{"markdown and code fence", "```\n@everyone **bold** ``` [click](https://evil.example) ||spoiler|| > quote # How many U.S. troops are in South Korea?", true},
	{"only invisible", "\u200b\u200b\u202e\u2060", false},
	{"100 KB", strings.Repeat("how many troops ", 6400), false},
	{"mention flood", strings.Repeat("@everyone @here <@&123456789012345678> <@700000000000000002> ", 40) + "how many U.S. troops are in South Korea?", true},
}

// checkSafe checks an outgoing message body: no ping possible, no raw
// @everyone, every embed within Discord's limits, code fences escaped.
func checkSafe(t *testing.T, r discordtest.Request) {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	if d, ok := body["data"].(map[string]any); ok {
		body = d
	}
	am, _ := body["allowed_mentions"].(map[string]any)
	if parse, ok := am["parse"].([]any); !ok || len(parse) != 0 {
		t.Errorf("%s %s: allowed_mentions %v", r.Method, r.Path, body["allowed_mentions"])
	}
	raw := string(r.Body)
	if strings.Contains(raw, "@everyone") || strings.Contains(raw, "@here") {
		t.Errorf("%s %s repeats @everyone/@here", r.Method, r.Path)
	}
	m := decode(t, r)
	if m.Data != nil {
		m.Content, m.Embeds = m.Data.Content, m.Data.Embeds
	}
	if utf8.RuneCountInString(m.Content) > 2000 {
		t.Errorf("content of %d characters", utf8.RuneCountInString(m.Content))
	}
	total := 0
	for _, e := range m.Embeds {
		n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if utf8.RuneCountInString(e.Title) > 256 || utf8.RuneCountInString(e.Description) > 4096 {
			t.Errorf("embed over its limits: title %d, description %d", utf8.RuneCountInString(e.Title), utf8.RuneCountInString(e.Description))
		}
		for _, f := range e.Fields {
			n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
		}
		if e.Footer != nil {
			n += utf8.RuneCountInString(e.Footer.Text)
		}
		total += n
		if strings.Contains(e.Description, "```") || strings.Contains(e.Description, "](http") {
			t.Errorf("markdown from the question reached an embed unescaped: %q", e.Description)
		}
		// A zero-width space after @ is the bot's own, breaking a mention.
		if strings.ContainsAny(strings.ReplaceAll(e.Title, "@\u200b", "@"), "\x00\x07\x1b\u202e\u200b") {
			t.Errorf("invisible characters in the title: %q", e.Title)
		}
	}
	if total > 6000 {
		t.Errorf("embeds of %d characters", total)
	}
}

func TestHostileQuestions(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+tt.question, "")
			reply, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
			checkSafe(t, reply)
			m := decode(t, reply)
			if got := len(m.Embeds) > 0; got != tt.answered {
				t.Errorf("mention: answered %t, want %t: %s", got, tt.answered, reply.Body)
			}
			if !tt.answered && (m.Content == "" || len(m.Content) > 300) {
				t.Errorf("mention: want a short clear message, got %q", m.Content)
			}

			if len(tt.question) > 6000 {
				return // slash command options are capped by Discord itself
			}
			i := h.fake.Ask(alice, guild, channel, tt.question, "")
			h.fake.Send(i)
			cb, _ := h.fake.WaitRequest(0, isCallback(i))
			checkSafe(t, cb)
			if decode(t, cb).Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
				edit, _ := h.fake.WaitRequest(0, isEdit(i))
				checkSafe(t, edit)
			}
		})
	}
}
