package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
)

// The errors Discord gives once an interaction's token is gone.
var (
	unknownInteraction = discordtest.Fault{Method: "POST", Path: `^/interactions/\d+/[^/]+/callback$`, Status: 404, Times: 1,
		Body: `{"message": "Unknown interaction", "code": 10062}`}
	invalidWebhookToken = discordtest.Fault{Method: "PATCH", Path: `^/webhooks/\d+/[^/]+/messages/@original$`, Status: 401, Times: 1000,
		Body: `{"message": "Invalid Webhook Token", "code": 50027}`}
	// deferralDown fails the callback, and each of its retries.
	deferralDown = discordtest.Fault{Method: "POST", Path: `^/interactions/\d+/[^/]+/callback$`, Status: 503, Times: 3,
		Body: `{"message": "upstream connect error", "code": 0}`}
	unknownWebhook = discordtest.Fault{Method: "PATCH", Path: `^/webhooks/\d+/[^/]+/messages/@original$`, Status: 404, Times: 1000,
		Body: `{"message": "Unknown Webhook", "code": 10015}`}
)

// TestExpiredInteractionIsAnsweredInTheChannel: when the interaction's
// token is gone before the bot deferred (Discord shows "The application
// did not respond") or before the answer was edited in, an /ask in the
// open is answered anyway, by a message in its channel that names the
// asker (pinging no one else). A private question is never posted there.
func TestExpiredInteractionIsAnsweredInTheChannel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		fault     discordtest.Fault
		guild, in string
		context   *discordgo.InteractionContextType
		private   string
		question  string // troops when ""
		post      bool
		// content is how the message posted starts; it holds the answer's
		// embed unless it says more than who asked.
		content    string
		failureLog string // logged when nothing is posted
	}{
		{name: "deferral too late", fault: unknownInteraction, guild: guild, in: channel, post: true},
		{name: "deferral too late, the answer fails", fault: unknownInteraction, guild: guild, in: channel, question: "what went boom?", post: true,
			content: "<@" + alice.ID + "> asked: “what went boom?” — Sorry, something went wrong while answering (error "},
		{name: "deferral too late, in a DM", fault: unknownInteraction, in: dm, post: true},
		{name: "deferral failing with server errors", fault: deferralDown, guild: guild, in: channel, post: true},
		{name: "deferral failing with server errors, private", fault: deferralDown, guild: guild, in: channel, private: "true", failureLog: `"msg":"defer interaction"`},
		{name: "deferral too late, private", fault: unknownInteraction, guild: guild, in: channel, private: "true", failureLog: `"msg":"defer interaction"`},
		{name: "deferral too late, in other people's DM", fault: unknownInteraction, in: "800000000000000009",
			context: ptr(discordgo.InteractionContextPrivateChannel), failureLog: `"msg":"defer interaction"`},
		{name: "answer edit, token expired", fault: invalidWebhookToken, guild: guild, in: channel, post: true},
		{name: "answer edit, webhook unknown", fault: unknownWebhook, guild: guild, in: channel, post: true},
		{name: "answer edit, token expired, private", fault: invalidWebhookToken, guild: guild, in: channel, private: "true", failureLog: `"msg":"send answer"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, nil, func(a bot.Answerer) bot.Answerer { return panicky{a} })
			h.fake.Fail(c.fault)
			question := c.question
			if question == "" {
				question = troops
			}
			i := h.fake.Ask(alice, c.guild, c.in, question, c.private)
			if c.context != nil {
				i = i.In(*c.context)
			}
			h.fake.Send(i)
			isPost := func(r discordtest.Request) bool {
				return r.Method == "POST" && r.Path == "/channels/"+c.in+"/messages"
			}
			if !c.post {
				h.waitLog(c.failureLog)
				for _, r := range h.fake.Requests() {
					if isPost(r) {
						t.Errorf("posted in the channel: %s", r.Body)
					}
				}
				return
			}
			r, _ := h.fake.WaitRequest(0, isPost)
			m := decode(t, r)
			want := c.content
			if want == "" {
				want = "<@" + alice.ID + "> asked:"
				wantTroops(t, r, "the answer posted")
			}
			if !strings.HasPrefix(m.Content, want) || (c.content == "" && m.Content != want) {
				t.Errorf("content: got %q, want %q", m.Content, want)
			}
			if m.Reference != nil {
				t.Errorf("got a reply to %s, want a plain message", m.Reference.MessageID)
			}
			var body struct {
				Mentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
			}
			json.Unmarshal(r.Body, &body)
			if a := body.Mentions; a == nil || a.Parse == nil || len(a.Parse) != 0 || len(a.Roles) != 0 || len(a.Users) != 1 || a.Users[0] != alice.ID {
				t.Errorf("allowed_mentions: got %+v, want only the asker", a)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestTokenExpiredWhileWriting: an answer a model writes, shown as it is
// written, whose token is gone at the first edit, carries on in the
// channel: one message naming the asker, edited as the answer grows,
// finished with its sources; nothing more goes to the dead token.
func TestTokenExpiredWhileWriting(t *testing.T) {
	t.Parallel()
	h := start(t, nil, withModel(t))
	fault := invalidWebhookToken
	fault.Times = 1
	h.fake.Fail(fault)
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	post, _ := h.fake.WaitRequest(0, func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+channel+"/messages"
	})
	head := "<@" + alice.ID + "> asked:"
	if m := decode(t, post); m.Content != head || len(m.Embeds) == 0 || !strings.HasPrefix(m.Embeds[0].Description, "About") {
		t.Errorf("first message: got %s, want %q and the answer's start", post.Body, head)
	}
	msgs := h.fake.BotMessages(channel)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages in the channel, want 1", len(msgs))
	}
	final, _ := h.fake.WaitRequest(0, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && r.Path == "/channels/"+channel+"/messages/"+msgs[0].ID && strings.Contains(string(r.Body), `"Sources"`)
	})
	if m := decode(t, final); m.Content != head || len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("finished answer: got %s", final.Body)
	}
	edits := 0
	for _, r := range h.fake.Requests() {
		if isEdit(i)(r) {
			edits++
		}
	}
	if edits != 1 {
		t.Errorf("got %d edits of the interaction's response, want 1 (the one refused)", edits)
	}
}
