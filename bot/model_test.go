package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/embeddings"
	"reportbot/rag"
	"reportbot/rag/ingest"
	"reportbot/rag/llm"
	"reportbot/rag/openaitest"
	"reportbot/reports"
)

// The bot in front of a model that fails in the ways models do: each
// question still gets the report's answer, said plainly.

// generative returns a wrap for start that answers with the fake model srv,
// giving it timeout per answer.
func generative(t *testing.T, idx *rag.Index, srv *openaitest.Server, timeout time.Duration) func(bot.Answerer) bot.Answerer {
	t.Helper()
	client := llm.New(llm.Config{BaseURL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	return func(bot.Answerer) bot.Answerer {
		return rag.NewGenerative(idx, client.Chat("test-chat", 300), rag.GenerativeOptions{Timeout: timeout, Logger: slog.New(slog.DiscardHandler)})
	}
}

// finalEdit waits for the finished answer to interaction i, the edit that
// carries buttons, and decodes it.
func finalEdit(t *testing.T, h *harness, i discordtest.Interaction) message {
	t.Helper()
	e, _ := h.fake.WaitRequest(0, func(r discordtest.Request) bool {
		return isEdit(i)(r) && strings.Contains(string(r.Body), `"components":[{`)
	})
	m := decode(t, e)
	if len(m.Embeds) == 0 {
		t.Fatalf("final edit has no embed: %s", e.Body)
	}
	return m
}

func TestEmptyModelReplyIsNotARefusal(t *testing.T) {
	t.Parallel()
	for _, reply := range []string{"", " [9] "} {
		srv := openaitest.New(t, "")
		srv.Reply = func(openaitest.Request) string { return reply }
		h := start(t, nil, generative(t, bundledIndex(t), srv, 10*time.Second))
		i := h.fake.Ask(alice, guild, channel, troops, "")
		h.fake.Send(i)
		d := finalEdit(t, h, i).Embeds[0].Description
		if strings.Contains(d, "Not covered") || !strings.Contains(d, "28,500") || !strings.Contains(d, "empty answer") {
			t.Errorf("reply %q: got %q, want the report's answer with a note that the model's was empty", reply, d)
		}
	}
}

// TestQueuedQuestionGetsTheFallback: with one answer at a time and a model
// that hangs, the second question waits for the first and has less time
// left than the model timeout; it still gets the report's answer.
func TestQueuedQuestionGetsTheFallback(t *testing.T) {
	t.Parallel()
	srv := openaitest.New(t, "")
	srv.FailAlways(openaitest.ChatPath, openaitest.Fault{Hang: true})
	h := start(t, func(o *bot.Options) { o.MaxConcurrent = 1; o.AnswerTimeout = 6 * time.Second }, generative(t, bundledIndex(t), srv, 3*time.Second))
	first := h.fake.Ask(alice, guild, channel, troops, "")
	second := h.fake.Ask(bob, guild, channel, troops, "")
	h.fake.Send(first)
	h.fake.Send(second)
	for k, i := range []discordtest.Interaction{first, second} {
		d := finalEdit(t, h, i).Embeds[0].Description
		if !strings.Contains(d, "28,500") || !strings.Contains(d, "took too long") {
			t.Errorf("question %d: got %q, want the report's answer with a note", k+1, d)
		}
	}
}

// TestEmbeddingsDownStillAnswers: the embeddings endpoint fails while chat
// works; questions are answered from the word search.
func TestEmbeddingsDownStillAnswers(t *testing.T) {
	t.Parallel()
	srv := openaitest.New(t, "")
	srv.Reply = func(openaitest.Request) string { return "About 28,500 U.S. troops are based in South Korea [1]." }
	client := llm.New(llm.Config{BaseURL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	srcs, _, err := ingest.ReadFS(reports.FS)
	if err != nil {
		t.Fatal(err)
	}
	idx, _, err := rag.Open(context.Background(), srcs, embeddings.NewAPI(client, "test-embed", 0, 0), rag.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv.FailAlways(openaitest.EmbeddingsPath, openaitest.Fault{Status: 500})
	h := startWith(t, idx, nil, generative(t, idx, srv, 10*time.Second))
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	d := finalEdit(t, h, i).Embeds[0].Description
	if !strings.HasPrefix(d, "About 28,500") || !strings.Contains(d, "by their words alone") {
		t.Errorf("got %q, want the model's answer with a note", d)
	}
}

// TestModelEchoingASecretIsScrubbed: a model (or its server) that echoes a
// secret never gets it to Discord, in live edits or in the answer.
func TestModelEchoingASecretIsScrubbed(t *testing.T) {
	t.Parallel()
	const secret = "sk-live-model-key-SECRET-0042"
	srv := openaitest.New(t, "")
	srv.Reply = func(openaitest.Request) string {
		return "The key is " + secret + ", and about 28,500 troops are there [1]."
	}
	srv.Piece = 6
	h := start(t, func(o *bot.Options) { o.Secrets = []string{secret} }, generative(t, bundledIndex(t), srv, 10*time.Second))
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	if d := finalEdit(t, h, i).Embeds[0].Description; !strings.Contains(d, "[redacted]") {
		t.Errorf("got %q, want the secret replaced", d)
	}
	for _, r := range h.fake.Requests() {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("the secret reached Discord: %s %s", r.Method, r.Path)
		}
	}
}
