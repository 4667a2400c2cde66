package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/embeddings"
	"reportbot/rag"
	"reportbot/rag/ingest"
)

// mentionLike matches Discord's mention syntax as Discord reads it: users,
// roles, channels, @everyone and @here.
var mentionLike = regexp.MustCompile(`<@[!&]?\d+>|<#\d+>|@everyone|@here`)

// TestReportTextThatLooksLikeMentions: a report whose title, headings and
// text hold mention syntax (<@id>, <@&id>, <#id>, @everyone, @here) is
// quoted in answers, sources, passages, /help and /about without any of
// it reading as a mention, in embeds and in text alike.
func TestReportTextThatLooksLikeMentions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	report := "Ferry Notes for @everyone <@123456789012345678>\n\nMarch 3, 2021\n\n" +
		"Fares and <@&223456789012345678>\n\n" +
		"The ferry fare is 40 pounds, says <@323456789012345678>; ask @here or in <#423456789012345678> or @everyone about the ferry fare.\n"
	if err := os.WriteFile(filepath.Join(dir, "ferry.txt"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, _, err := ingest.ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, _, err := rag.Open(context.Background(), srcs, embeddings.NewLocal(0), rag.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h := startWith(t, idx, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	const question = "How much is the ferry fare?"

	i := h.fake.Ask(alice, guild, channel, question, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	if m := decode(t, edit); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "40 pounds") {
		t.Fatalf("no answer from the report: %s", edit.Body)
	}
	answer, _ := h.fake.Original(i)
	ids := h.answerIDs(decode(t, edit))
	for _, i := range []discordtest.Interaction{
		h.fake.Click(alice, guild, channel, answer, ids["Show passages"]),
		h.fake.Command(alice, guild, channel, "help"),
		h.fake.Command(alice, guild, channel, "about"),
	} {
		h.fake.Send(i)
		h.fake.WaitRequest(0, isCallback(i))
	}
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+question, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	h.fake.Fail(discordtest.Fault{Method: "POST", Path: `^/channels/\d+/messages$`, Status: 403, Times: 1,
		Body: `{"message": "Missing Permissions", "code": 50013}`})
	q, _ = h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+question, "")
	h.waitLog(`"msg":"reply recorded"`, q.ID)

	for _, r := range h.fake.Requests() {
		if r.Body == nil || r.Method == "PUT" {
			continue
		}
		checkSafe(t, r)
		m := decode(t, r)
		if m.Data != nil {
			m.Content, m.Embeds = m.Data.Content, m.Data.Embeds
		}
		shown := []string{m.Content}
		for _, e := range m.Embeds {
			shown = append(shown, e.Title, e.Description)
			for _, f := range e.Fields {
				shown = append(shown, f.Name, f.Value)
			}
			if e.Footer != nil {
				shown = append(shown, e.Footer.Text)
			}
		}
		for _, s := range shown {
			if got := mentionLike.FindString(s); got != "" {
				t.Errorf("%s %s shows %q as a mention in %q", r.Method, r.Path, got, s)
			}
		}
	}
}

// TestMentionInCodeIsNotForTheBot: a mention inside inline code or a code
// block pings nobody and is left out of the event's mentions, as someone
// showing how to ask writes it: the bot does not answer it. A mention in
// a quote pings, and is answered.
func TestMentionInCodeIsNotForTheBot(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	bot := "<@" + discordtest.BotID + ">"
	for _, content := range []string{
		"to ask it, type `" + bot + " your question`",
		"like this:\n```\n" + bot + " " + troops + "\n```",
		"``" + bot + " why?`` works",
	} {
		q, _ := h.fake.Post(alice, guild, channel, content, "")
		h.waitLog(`"msg":"message not for the bot"`, q.ID)
		if n := len(h.fake.Replies(q.ID)); n != 0 {
			t.Errorf("%q: got %d replies, want none", content, n)
		}
	}
	for _, content := range []string{
		"> " + bot + " " + troops,
		"`code` and then " + bot + " " + troops,
	} {
		q, _ := h.fake.Post(alice, guild, channel, content, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		wantTroops(t, r, content)
	}
}

// TestQuestionThatCCsFiftyPeople: a question that mentions fifty people
// besides the bot, before and after it, asks the question, not their
// names.
func TestQuestionThatCCsFiftyPeople(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	var cc []string
	for k := range 50 {
		cc = append(cc, fmt.Sprintf("<@70000000000000%04d>", k))
	}
	content := "<@" + discordtest.BotID + "> " + strings.Join(cc[:25], " ") + " " + troops + " " + strings.Join(cc[25:], " ")
	q, _ := h.fake.Post(alice, guild, channel, content, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	wantTroops(t, r, "fifty mentions")
}
