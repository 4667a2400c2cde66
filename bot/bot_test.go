package bot_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/embeddings"
	"reportbot/rag"
	"reportbot/rag/ingest"
	"reportbot/reports"
)

const (
	guild   = "800000000000000001"
	channel = "800000000000000002"
	dm      = "800000000000000003"
	troops  = "How many U.S. troops are based in South Korea?"
)

var (
	alice = discordtest.User{ID: "700000000000000001", Name: "alice"}
	bob   = discordtest.User{ID: "700000000000000002", Name: "bob"}
)

var (
	indexOnce sync.Once
	index     *rag.Index
	indexErr  error
)

// bundledIndex opens the bundled report's index once, in memory.
func bundledIndex(tb testing.TB) *rag.Index {
	tb.Helper()
	indexOnce.Do(func() {
		srcs, _, err := ingest.ReadFS(reports.FS)
		if err != nil {
			indexErr = err
			return
		}
		index, _, indexErr = rag.Open(context.Background(), srcs, embeddings.NewLocal(0), rag.Options{Logger: slog.New(slog.DiscardHandler)})
	})
	if indexErr != nil {
		tb.Fatal(indexErr)
	}
	return index
}

// logBuffer collects log output and lets a test wait for a line.
type logBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	cond *sync.Cond
}

func newLogBuffer() *logBuffer {
	l := &logBuffer{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cond.Broadcast()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// harness runs the real bot against a fake Discord.
type harness struct {
	t        *testing.T
	fake     *discordtest.Server
	cancel   context.CancelFunc
	done     chan error
	logs     *logBuffer
	feedback string
	stopped  bool
}

// start runs a bot with the bundled report's extractive answerer; change
// adjusts its options, wrap its answerer.
func start(t *testing.T, change func(*bot.Options), wrap func(bot.Answerer) bot.Answerer) *harness {
	t.Helper()
	return startWith(t, bundledIndex(t), change, wrap)
}

// startWith runs a bot like start, serving the reports of idx.
func startWith(t *testing.T, idx *rag.Index, change func(*bot.Options), wrap func(bot.Answerer) bot.Answerer) *harness {
	t.Helper()
	return startFinding(t, idx, idx, change, wrap)
}

// startFinding runs a bot like startWith, finding the passages its
// buttons show with finder.
func startFinding(t *testing.T, idx *rag.Index, finder bot.PassageFinder, change func(*bot.Options), wrap func(bot.Answerer) bot.Answerer) *harness {
	t.Helper()
	fake := discordtest.New(t)
	logs := newLogBuffer()
	frozen := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	h := &harness{t: t, fake: fake, done: make(chan error, 1), logs: logs, feedback: filepath.Join(t.TempDir(), "data", "feedback.jsonl")}
	opts := bot.Options{
		Token:           discordtest.Token,
		APIURL:          fake.URL,
		AllowDMs:        true,
		FeedbackPath:    h.feedback,
		Logger:          slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:             func() time.Time { return frozen },
		ShutdownTimeout: 10 * time.Second,
	}
	if change != nil {
		change(&opts)
	}
	var answerer bot.Answerer = rag.NewExtractive(idx, 5, opts.MaxQuestion)
	if wrap != nil {
		answerer = wrap(answerer)
	}
	b, err := bot.New(opts, answerer, finder, bot.Info{
		Reports: idx.Reports(), Passages: len(idx.Passages()), Sections: idx.Sections(),
		Mode: rag.ModeExtractive, Fingerprint: "test-fingerprint", Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- b.Run(ctx) }()
	fake.WaitReady(1)
	fake.WaitRequest(0, func(r discordtest.Request) bool { return r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands") })
	t.Cleanup(h.stop)
	return h
}

// stop shuts the bot down and checks it stopped cleanly and never logged
// its token.
func (h *harness) stop() {
	if h.stopped {
		return
	}
	h.stopped = true
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		h.t.Error("Run did not return after shutdown")
	}
	if strings.Contains(h.logs.String(), discordtest.Token) {
		h.t.Error("the token appears in the logs")
	}
}

// message is an outgoing message body.
type message struct {
	Type       int                         `json:"type"`
	Content    string                      `json:"content"`
	Flags      int                         `json:"flags"`
	Embeds     []*discordgo.MessageEmbed   `json:"embeds"`
	Components []componentRow              `json:"components"`
	Reference  *discordgo.MessageReference `json:"message_reference"`
	Data       *message                    `json:"data"`
}

type componentRow struct {
	Components []struct {
		CustomID string `json:"custom_id"`
		Label    string `json:"label"`
		Emoji    *struct {
			Name string `json:"name"`
		} `json:"emoji"`
	} `json:"components"`
}

func decode(t *testing.T, r discordtest.Request) message {
	t.Helper()
	var m message
	if err := r.JSON(&m); err != nil {
		t.Fatalf("%s %s: body %s: %v", r.Method, r.Path, r.Body, err)
	}
	return m
}

// slashEmbed asks question with /ask as who in the test channel (private
// "true", "false" or "" for unset) and returns its answer's embed.
func (h *harness) slashEmbed(who discordtest.User, question, private string) *discordgo.MessageEmbed {
	h.t.Helper()
	i := h.fake.Ask(who, guild, channel, question, private)
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	m := decode(h.t, edit)
	if len(m.Embeds) == 0 {
		h.t.Fatalf("/ask %q: no answer: %s", question, edit.Body)
	}
	return m.Embeds[0]
}

// wantTroops checks that r carries the answer to the troops question in
// an embed, reporting what it was otherwise.
func wantTroops(t *testing.T, r discordtest.Request, what string) {
	t.Helper()
	if m := decode(t, r); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") {
		t.Errorf("%s: got %s", what, r.Body)
	}
}

func isCallback(i discordtest.Interaction) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/interactions/"+i.ID+"/"+i.Token+"/callback"
	}
}

func isEdit(i discordtest.Interaction) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.HasSuffix(r.Path, "/"+i.Token+"/messages/@original")
	}
}

func isReplyTo(id string) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		// Matched on the raw body: predicates run for every request at
		// every change, and decoding them all costs the load test seconds.
		return r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && bytes.Contains(r.Body, []byte(`"message_id":"`+id+`"`))
	}
}

// askAndClick asks /ask about the troops as alice, waits for the answer
// and clicks its button labelled label, returning the click.
func (h *harness) askAndClick(t *testing.T, label string) discordtest.Interaction {
	t.Helper()
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	answer, _ := h.fake.Original(i)
	click := h.fake.Click(alice, guild, channel, answer, h.answerIDs(decode(t, edit))[label])
	h.fake.Send(click)
	return click
}

func (h *harness) answerIDs(m message) map[string]string {
	ids := map[string]string{}
	for _, row := range m.Components {
		for _, c := range row.Components {
			name := c.Label
			if c.Emoji != nil {
				name = c.Emoji.Name
			}
			ids[name] = c.CustomID
		}
	}
	return ids
}

func TestSlashAsk(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	i := h.fake.Ask(alice, guild, channel, troops, "")
	sent := h.fake.Send(i)
	deferral, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, deferral); m.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || m.Data == nil || m.Data.Flags != 0 {
		t.Errorf("deferral: got %s, want type 5 without flags", deferral.Body)
	}
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	t.Logf("INTERACTION_CREATE -> deferral %s; -> answer %s", deferral.At.Sub(sent), edit.At.Sub(sent))
	if d := deferral.At.Sub(sent); d > 3*time.Second {
		t.Errorf("deferral took %s, past Discord's 3 s", d)
	}
	m := decode(t, edit)
	if len(m.Embeds) != 1 {
		t.Fatalf("got %d embeds, want 1: %s", len(m.Embeds), edit.Body)
	}
	e := m.Embeds[0]
	if e.Title != troops || !strings.Contains(e.Description, "28,500") || !strings.Contains(e.Description, "[1]") {
		t.Errorf("embed: title %q, description %q", e.Title, e.Description)
	}
	if len(e.Fields) == 0 || e.Fields[0].Name != "Sources" || !strings.HasPrefix(e.Fields[0].Value, "**[1]** Overview · p. 1 · “") {
		t.Errorf("sources: got %+v", e.Fields)
	}
	if e.Footer == nil || e.Footer.Text != "South Korea: Background and U.S. Relations · May 18, 2021" {
		t.Errorf("footer: got %+v", e.Footer)
	}
	ids := h.answerIDs(m)
	if !strings.HasPrefix(ids["Show passages"], "passages:") || !strings.HasPrefix(ids["👍"], "vote:up:") || !strings.HasPrefix(ids["👎"], "vote:down:") {
		t.Errorf("buttons: got %v", ids)
	}
	if !strings.Contains(h.logs.String(), `"msg":"answered"`) || !strings.Contains(h.logs.String(), `"latency_ms"`) {
		t.Errorf("no answered log line with latency: %s", h.logs.String())
	}
}

func TestSlashAskPrivate(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	i := h.fake.Ask(alice, guild, channel, troops, "true")
	h.fake.Send(i)
	deferral, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, deferral); m.Data == nil || m.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("deferral: got %s, want the ephemeral flag", deferral.Body)
	}
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "answer")
}

// waiting holds each answer until wait returns, so that a test sees what
// happens while an answer is worked on.
type waiting struct {
	next bot.Answerer
	wait func()
}

func (w waiting) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	w.wait()
	return w.next.Respond(ctx, req)
}

// isTyping matches the typing indicator's request in channel.
func isTyping(channel string) func(discordtest.Request) bool {
	return func(r discordtest.Request) bool {
		return r.Method == "POST" && r.Path == "/channels/"+channel+"/typing"
	}
}

// startHeld runs a bot like start whose answers each wait until a log
// line holds all of parts: the typing indicator, say, which an answer
// ready sooner leaves out.
func startHeld(t *testing.T, change func(*bot.Options), parts ...string) *harness {
	t.Helper()
	var started atomic.Pointer[harness]
	h := start(t, change, func(a bot.Answerer) bot.Answerer {
		return waiting{a, func() { started.Load().waitLog(parts...) }}
	})
	started.Store(h)
	return h
}

func TestMentionIsAnsweredWithAReply(t *testing.T) {
	t.Parallel()
	h := startHeld(t, nil, `"msg":"typing indicator sent"`)
	ignored, _ := h.fake.Post(alice, guild, channel, "just chatting about "+troops, "")
	q, sent := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	t.Logf("MESSAGE_CREATE -> answer %s", r.At.Sub(sent))
	m := decode(t, r)
	if len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "28,500") || m.Embeds[0].Title != troops {
		t.Errorf("answer: got %s", r.Body)
	}
	h.waitLog(`"msg":"message not for the bot"`, ignored.ID)
	for _, r := range h.fake.Requests() {
		if isReplyTo(ignored.ID)(r) {
			t.Errorf("the unaddressed message got a reply: %s", r.Body)
		}
	}
}

// waitLog waits until a log line holds all the given strings.
func (h *harness) waitLog(parts ...string) {
	h.t.Helper()
	h.waitLogCount(parts[0], 1, parts[1:]...)
}

// waitLogCount waits until n log lines hold part (and the other parts).
func (h *harness) waitLogCount(part string, n int, more ...string) {
	h.t.Helper()
	parts := append([]string{part}, more...)
	deadline := time.Now().Add(60 * time.Second)
	for {
		found := 0
		sc := bufio.NewScanner(strings.NewReader(h.logs.String()))
		for sc.Scan() {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(sc.Text(), p)
			}
			if all {
				found++
			}
		}
		if found >= n {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d log lines with %q, want %d, in:\n%s", found, parts, n, h.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestDirectMessage(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	q, _ := h.fake.Post(alice, "", dm, "when is the next presidential election?", "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, "March 2022") {
		t.Errorf("answer: got %s", r.Body)
	}
}

func TestFollowUpUsesTheEarlierTurn(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	q1, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	h.fake.WaitRequest(0, isReplyTo(q1.ID))
	a1 := h.fake.Replies(q1.ID)
	if len(a1) != 1 {
		t.Fatalf("got %d answers to the first question, want 1", len(a1))
	}
	q2, _ := h.fake.Post(alice, guild, channel, "and how much does Seoul pay for them?", a1[0].ID)
	r2, _ := h.fake.WaitRequest(0, isReplyTo(q2.ID))
	m := decode(t, r2)
	if len(m.Embeds) == 0 {
		t.Fatalf("no answer embed: %s", r2.Body)
	}
	e := m.Embeds[0]
	if !strings.HasPrefix(e.Description, "_Interpreted as: How much does Seoul pay for U.S. troops?_") {
		t.Errorf("description %q: want the interpreted question first", e.Description)
	}
	// The answered log line lists the passages retrieved for the follow-up.
	var costSharing string
	for _, p := range bundledIndex(t).Passages() {
		if strings.Contains(p.Text, "concluded a cost-sharing negotiation") {
			costSharing = p.ID
		}
	}
	h.waitLog(`"msg":"answered"`, `"follow_up":true`)
	found := false
	for _, line := range strings.Split(h.logs.String(), "\n") {
		if strings.Contains(line, `"follow_up":true`) && strings.Contains(line, costSharing) {
			found = true
		}
	}
	if costSharing == "" || !found {
		t.Errorf("the follow-up did not retrieve the cost-sharing passage %q:\n%s", costSharing, h.logs.String())
	}
}

func TestContextMenuAsksTheMessage(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	target, _ := h.fake.Post(bob, guild, channel, "I wonder: "+troops, "")
	i := h.fake.MessageCommand(alice, guild, channel, "Ask the report", target)
	h.fake.Send(i)
	h.fake.WaitRequest(0, isCallback(i))
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "answer")
}

func TestButtons(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	ids := h.answerIDs(decode(t, edit))
	answer, ok := h.fake.Original(i)
	if !ok {
		t.Fatal("the answer was not stored")
	}

	show := h.fake.Click(alice, guild, channel, answer, ids["Show passages"])
	h.fake.Send(show)
	r, _ := h.fake.WaitRequest(0, isCallback(show))
	m := decode(t, r)
	if m.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || m.Data == nil || m.Data.Flags != int(discordgo.MessageFlagsEphemeral) ||
		len(m.Data.Embeds) == 0 || !strings.Contains(m.Data.Embeds[0].Description, "28,500") {
		t.Errorf("show passages: got %s", r.Body)
	}

	for k, vote := range []string{"👍", "👎"} {
		click := h.fake.Click(bob, guild, channel, answer, ids[vote])
		h.fake.Send(click)
		r, _ := h.fake.WaitRequest(0, isCallback(click))
		if m := decode(t, r); m.Data == nil || m.Data.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(m.Data.Content, "Thanks") {
			t.Errorf("vote %s: got %s", vote, r.Body)
		}
		h.waitLogCount(`"msg":"vote recorded"`, k+1) // a vote is written once thanked
	}
	data, err := os.ReadFile(h.feedback)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 {
		t.Fatalf("feedback file has %d lines, want 2: %s", len(lines), data)
	}
	var v bot.Vote
	if err := json.Unmarshal([]byte(lines[0]), &v); err != nil {
		t.Fatal(err)
	}
	if v.Vote != "up" || v.Guild != guild || v.Channel != channel || v.Question != troops || !strings.Contains(v.Answer, "28,500") || len(v.Passages) == 0 || v.Time.IsZero() {
		t.Errorf("feedback line: got %+v", v)
	}
	if !strings.Contains(lines[1], `"vote":"down"`) {
		t.Errorf("second vote: got %s", lines[1])
	}
}

func TestNothingTheBotSendsCanPing(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	nasty := "@everyone @here <@&123456789012345678> <@700000000000000002> how many troops are in korea?"
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+nasty, "")
	h.fake.WaitRequest(0, isReplyTo(q.ID))
	i := h.fake.Ask(alice, guild, channel, nasty, "")
	h.fake.Send(i)
	h.fake.WaitRequest(0, isEdit(i))
	i2 := h.fake.Ask(alice, guild, channel, "@everyone "+strings.Repeat("x", 1500), "")
	h.fake.Send(i2)
	h.fake.WaitRequest(0, isCallback(i2))
	empty, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> @everyone", "")
	h.fake.WaitRequest(0, isReplyTo(empty.ID))

	checked := 0
	for _, r := range h.fake.Requests() {
		if r.Body == nil || r.Method == "PUT" {
			continue
		}
		checkSafe(t, r) // no ping possible, no @everyone repeated, within limits
		checked++
	}
	if checked < 5 {
		t.Errorf("only %d outgoing messages checked", checked)
	}
}

func TestRateLimitPerUser(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil) // 5 a minute, burst 3, clock frozen
	var answered, cooled int
	for n := 0; n < 7; n++ {
		i := h.fake.Ask(alice, guild, channel, troops, "true")
		h.fake.Send(i)
		r, _ := h.fake.WaitRequest(0, isCallback(i))
		m := decode(t, r)
		switch {
		case m.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource):
			answered++
			h.fake.WaitRequest(0, isEdit(i))
		case m.Data != nil && strings.Contains(m.Data.Content, "please wait 12 seconds") && m.Data.Flags == int(discordgo.MessageFlagsEphemeral):
			cooled++
		default:
			t.Errorf("unexpected response %s", r.Body)
		}
	}
	if answered != 3 || cooled != 4 {
		t.Errorf("alice: %d answered, %d told to wait; want 3 and 4", answered, cooled)
	}
	q, _ := h.fake.Post(bob, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); len(m.Embeds) == 0 {
		t.Errorf("bob was limited too: %s", r.Body)
	}
}

func TestBadQuestionsGetClearMessages(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 10 }, nil)
	mention := "<@" + discordtest.BotID + "> "
	tests := []struct {
		content, want string
	}{
		{mention + strings.Repeat("why ", 1250), "The question is 4999 characters long; the limit is 1000."},
		{mention, "Ask me a question about the report after the mention"},
		{mention + "🎉🎉🎉 <:party:123456789012345678>", "The question has no words in it."},
	}
	for _, tt := range tests {
		q, _ := h.fake.Post(alice, guild, channel, tt.content, "")
		r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID))
		if m := decode(t, r); !strings.Contains(m.Content, tt.want) {
			t.Errorf("%.30q: got %q, want %q", tt.content, m.Content, tt.want)
		}
	}
	i := h.fake.Ask(alice, guild, channel, strings.Repeat("a", 5000), "")
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "5000 characters long") || m.Data.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("/ask 5000 characters: got %s", r.Body)
	}
	q, _ := h.fake.Post(alice, guild, channel, mention+troops, "")
	if r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID)); len(decode(t, r).Embeds) == 0 {
		t.Error("the bot stopped answering after bad input")
	}
}

func TestHelpAndAbout(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil)
	help := h.fake.Command(alice, guild, channel, "help")
	h.fake.Send(help)
	r, _ := h.fake.WaitRequest(0, isCallback(help))
	if m := decode(t, r); m.Data == nil || len(m.Data.Embeds) == 0 || !strings.Contains(m.Data.Embeds[0].Description, "/ask") ||
		!strings.Contains(m.Data.Embeds[0].Description, "South Korea: Background and U.S. Relations") {
		t.Errorf("help: got %s", r.Body)
	}
	about := h.fake.Command(alice, "", dm, "about")
	h.fake.Send(about)
	r, _ = h.fake.WaitRequest(0, isCallback(about))
	body := string(r.Body)
	for _, want := range []string{"May 18, 2021", "extractive", "test-fingerprint", `"Passages"`} {
		if !strings.Contains(body, want) {
			t.Errorf("about lacks %q: %s", want, body)
		}
	}
}

func TestAllowLists(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) {
		o.AllowedChannels = []string{"800000000000000009"}
		o.AllowDMs = false
	}, nil)
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	r, _ := h.fake.WaitRequest(0, isCallback(i))
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "don't answer questions in this channel") {
		t.Errorf("/ask in another channel: got %s", r.Body)
	}
	q, _ := h.fake.Post(alice, "", dm, troops, "")
	r, _ = h.fake.WaitRequest(0, isReplyTo(q.ID))
	if m := decode(t, r); !strings.Contains(m.Content, "don't answer direct messages") {
		t.Errorf("DM: got %s", r.Body)
	}
	q, _ = h.fake.Post(alice, guild, "800000000000000009", "<@"+discordtest.BotID+"> "+troops, "")
	if r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID)); len(decode(t, r).Embeds) == 0 {
		t.Error("no answer in the allowed channel")
	}
}

// gated holds every answer until released.
type gated struct {
	next    bot.Answerer
	started chan struct{}
	release chan struct{}
}

func (g *gated) Respond(ctx context.Context, req rag.Request) (rag.Answer, error) {
	g.started <- struct{}{}
	<-g.release
	return g.next.Respond(ctx, req)
}

func TestShutdownDeliversAnswersInFlight(t *testing.T) {
	t.Parallel()
	g := &gated{started: make(chan struct{}, 1), release: make(chan struct{})}
	h := start(t, nil, func(a bot.Answerer) bot.Answerer { g.next = a; return g })
	i := h.fake.Ask(alice, guild, channel, troops, "")
	h.fake.Send(i)
	h.fake.WaitRequest(0, isCallback(i))
	<-g.started
	h.cancel() // shutdown begins with the answer in flight
	h.waitLog(`"msg":"draining"`)
	close(g.release)
	edit, _ := h.fake.WaitRequest(0, isEdit(i))
	wantTroops(t, edit, "in-flight answer")
	select {
	case err := <-h.done:
		h.stopped = true
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return")
	}
	h.waitLog(`"msg":"shutting down: answers in flight delivered"`)
}

// TestLatencyFigures prints how fast the bot defers and answers over many
// questions. The figures are for the notes, not assertions.
func TestLatencyFigures(t *testing.T) {
	t.Parallel()
	h := start(t, func(o *bot.Options) { o.RateBurst = 100 }, nil)
	var deferrals, answers []time.Duration
	for n := 0; n < 30; n++ {
		i := h.fake.Ask(alice, guild, channel, troops, "")
		sent := h.fake.Send(i)
		d, _ := h.fake.WaitRequest(0, isCallback(i))
		e, _ := h.fake.WaitRequest(0, isEdit(i))
		deferrals = append(deferrals, d.At.Sub(sent))
		answers = append(answers, e.At.Sub(sent))
	}
	p := func(ds []time.Duration, q float64) time.Duration {
		s := append([]time.Duration(nil), ds...)
		sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
		return s[int(q*float64(len(s)-1))]
	}
	t.Logf("30 /ask: INTERACTION_CREATE -> deferral p50 %s max %s; -> final answer p50 %s max %s",
		p(deferrals, 0.5), p(deferrals, 1), p(answers, 0.5), p(answers, 1))
}

func TestFeedbackFailureDoesNotStopAnswering(t *testing.T) {
	t.Parallel()
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	h := start(t, func(o *bot.Options) { o.FeedbackPath = filepath.Join(blocker, "feedback.jsonl") }, nil)
	click := h.askAndClick(t, "👍")
	r, _ := h.fake.WaitRequest(0, isCallback(click))
	if m := decode(t, r); m.Data == nil || !strings.Contains(m.Data.Content, "Thanks") {
		t.Errorf("vote: got %s", r.Body)
	}
	h.waitLog(`"msg":"feedback not recorded"`)
	q, _ := h.fake.Post(alice, guild, channel, "<@"+discordtest.BotID+"> "+troops, "")
	if r, _ := h.fake.WaitRequest(0, isReplyTo(q.ID)); len(decode(t, r).Embeds) == 0 {
		t.Error("no answer after a failed feedback write")
	}
}

func TestShardIdentifiesAndLeavesCommandsToShardZero(t *testing.T) {
	t.Parallel()
	fake := discordtest.New(t)
	b, err := bot.New(bot.Options{Token: discordtest.Token, APIURL: fake.URL, ShardID: 1, ShardCount: 2,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, rag.NewExtractive(bundledIndex(t), 5, 0), bundledIndex(t), bot.Info{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	fake.WaitReady(1)
	var id struct {
		Shard   []int `json:"shard"`
		Intents int   `json:"intents"`
	}
	json.Unmarshal(fake.Identified(), &id)
	if len(id.Shard) != 2 || id.Shard[0] != 1 || id.Shard[1] != 2 {
		t.Errorf("identify shard: got %v, want [1 2]", id.Shard)
	}
	if id.Intents&int(discordgo.IntentMessageContent) != 0 {
		t.Error("the bot asked for the privileged message content intent")
	}
	q, _ := fake.Post(alice, "", dm, troops, "")
	fake.WaitRequest(0, isReplyTo(q.ID))
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Requests() {
		if r.Method == "PUT" {
			t.Errorf("shard 1 registered commands: %s", r.Path)
		}
	}
}
