package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
