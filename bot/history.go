package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// maxChain bounds how many messages of a reply chain are read for context,
// and maxChainWait how long fetching them may take.
const (
	maxChain     = 10
	maxChainWait = 5 * time.Second
)

// history walks the reply chain above m, at most maxChain messages, and
// returns the bot's answers in it as turns, oldest first. Discord includes
// the replied-to message in each message; older ones are fetched. A message
// that cannot be fetched ends the walk, and so does ctx: the answer's own
// deadline, or a shutdown. A reply's context is its chain alone, whatever
// was asked around it (recent is for questions asked without replying).
func (b *Bot) history(ctx context.Context, m *discordgo.Message) []rag.Turn {
	// The walk leaves the answer most of its time: a slow Discord costs
	// the context, not the answer.
	budget := maxChainWait
	if deadline, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(deadline)/4)
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	botID := b.id()
	var turns []rag.Turn
	cur := parent(ctx, b, m)
	for n := 0; cur != nil && n < maxChain; n++ {
		if cur.Author != nil && cur.Author.ID == botID && len(cur.Embeds) > 0 {
			if t := turnFromEmbed(cur.Embeds[0]); t.Question != "" {
				turns = append(turns, t)
			}
		}
		cur = parent(ctx, b, cur)
	}
	for i, j := 0, len(turns)-1; i < j; i, j = i+1, j-1 {
		turns[i], turns[j] = turns[j], turns[i]
	}
	return turns
}

// parent returns the message m replies to, fetching it when Discord did not
// include it.
func parent(ctx context.Context, b *Bot, m *discordgo.Message) *discordgo.Message {
	if m.ReferencedMessage != nil && isReply(m) {
		return m.ReferencedMessage
	}
	ref := m.MessageReference
	if !isReply(m) || ref.MessageID == "" {
		return nil // no reference, or a forward's: not a conversation
	}
	channel := ref.ChannelID
	if channel == "" {
		channel = m.ChannelID
	}
	p, err := b.session.ChannelMessage(channel, ref.MessageID, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Debug("reply chain ends: message not fetched", "err", err, "message", ref.MessageID)
		return nil
	}
	return p
}

// turnFromEmbed reads a turn back from an answer embed: the question is the
// interpreted one when the answer shows it, else the title; the answer is
// the rest of the description.
func turnFromEmbed(e *discordgo.MessageEmbed) rag.Turn {
	t := rag.Turn{Question: strings.ReplaceAll(e.Title, "\u200b", ""), Answer: e.Description}
	if rest, ok := strings.CutPrefix(e.Description, interpretedPrefix); ok {
		if q, ans, ok := strings.Cut(rest, "_\n\n"); ok {
			t.Question, t.Answer = unescape(q), ans
		}
	}
	t.Answer = strings.TrimPrefix(t.Answer, notCovered(false))
	t.Answer = unescape(strings.TrimPrefix(t.Answer, notCovered(true)))
	return t
}

// unescape undoes escape.
func unescape(s string) string {
	s = strings.ReplaceAll(s, "@\u200b", "@")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\*_~`|>#(<", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// How long, and how many, answers are remembered for follow-ups asked
// without replying.
const (
	recentFor   = 10 * time.Minute
	recentTurns = 3
)

// recent remembers the last answers given to each person in each channel
// (a DM is a channel), for a follow-up asked without replying: in a DM
// people just type on, and /ask has no reply chain. Nothing older than
// recentFor is kept. It is safe for concurrent use.
type recent struct {
	mu    sync.Mutex
	now   func() time.Time
	convo map[string]*convo
	adds  int
}

type convo struct {
	turns []rag.Turn
	at    time.Time // of the last answer
}

func newRecent(now func() time.Time) *recent {
	return &recent{now: now, convo: map[string]*convo{}}
}

// convoKey names a person's conversation in a channel.
func convoKey(channelID, userID string) string { return channelID + "/" + userID }

// add remembers an answer in the conversation key.
func (r *recent) add(key string, t rag.Turn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.adds++; r.adds%1024 == 0 {
		for k, c := range r.convo {
			if now.Sub(c.at) > recentFor {
				delete(r.convo, k)
			}
		}
	}
	c := r.convo[key]
	if c == nil || now.Sub(c.at) > recentFor {
		c = &convo{}
		r.convo[key] = c
	}
	c.turns = append(c.turns, t)
	if len(c.turns) > recentTurns {
		c.turns = c.turns[len(c.turns)-recentTurns:]
	}
	c.at = now
}

// get returns the conversation's turns, oldest first, or nil when its last
// answer is older than recentFor.
func (r *recent) get(key string) []rag.Turn {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.convo[key]
	if c == nil || r.now().Sub(c.at) > recentFor {
		return nil
	}
	return append([]rag.Turn(nil), c.turns...)
}

// context returns the turns a question is read with: the reply chain above
// m when it is a reply, else, when the question cannot stand alone, the
// person's recent answers in the channel.
func (b *Bot) context(ctx context.Context, m *discordgo.Message, question, key string) []rag.Turn {
	if m != nil && isReply(m) {
		return b.history(ctx, m)
	}
	if rag.LeansOnEarlier(question) {
		return b.recent.get(key)
	}
	return nil
}

// maxAnswered bounds how many answered messages (and interactions) are
// remembered, for edits and repeated events.
const maxAnswered = 2000

// answeredLog remembers the messages the bot answered lately and its reply
// to each, so that an edited question is answered in place, and only when
// the question changed, and a message or interaction delivered twice is
// answered once. It is safe for concurrent use.
type answeredLog struct {
	mu    sync.Mutex
	byID  map[string]*answeredMsg
	order []string // oldest first
}

type answeredMsg struct {
	question string
	// reply is the bot's reply, first message to last (a long answer
	// takes several), none until sent.
	reply []*discordgo.Message
	// busy is closed when the latest answer begun for the message is
	// finished (nil: none begun).
	busy chan struct{}
}

func newAnsweredLog() *answeredLog { return &answeredLog{byID: map[string]*answeredMsg{}} }

// claim records question as the one message id asks, and returns what was
// recorded before, if anything.
func (a *answeredLog) claim(id, question string) (answeredMsg, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e, ok := a.byID[id]; ok {
		prev := *e
		e.question = question
		return prev, true
	}
	a.byID[id] = &answeredMsg{question: question}
	a.order = append(a.order, id)
	if len(a.order) > maxAnswered {
		delete(a.byID, a.order[0])
		a.order = a.order[1:]
	}
	return answeredMsg{}, false
}

// begin starts answering message id (claimed already): it waits until the
// answer begun before it, if any, is finished (or ctx is done), so that an
// edit made while the answer is written replaces that answer rather than
// getting a reply of its own. It returns the messages of the bot's reply
// to the message so far (none: nil) and finish, which records the reply's
// messages once done (none: nil) and must be called once.
func (a *answeredLog) begin(ctx context.Context, id string) ([]*discordgo.Message, func(reply []*discordgo.Message)) {
	busy := make(chan struct{})
	a.mu.Lock()
	var prev chan struct{}
	if e, ok := a.byID[id]; ok {
		prev, e.busy = e.busy, busy
	}
	a.mu.Unlock()
	if prev != nil {
		select {
		case <-prev:
		case <-ctx.Done():
		}
	}
	var reply []*discordgo.Message
	a.mu.Lock()
	if e, ok := a.byID[id]; ok {
		reply = slices.Clone(e.reply)
	}
	a.mu.Unlock()
	finish := func(reply []*discordgo.Message) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if e, ok := a.byID[id]; ok && len(reply) > 0 {
			// Only where they are: whole messages, embeds and all, would
			// make thousands of entries weigh megabytes.
			e.reply = make([]*discordgo.Message, len(reply))
			for i, m := range reply {
				e.reply[i] = &discordgo.Message{ID: m.ID, ChannelID: m.ChannelID}
			}
		}
		close(busy)
	}
	return reply, finish
}

// busy reports whether an answer to message id is being written.
func (a *answeredLog) busy(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.byID[id]
	if !ok || e.busy == nil {
		return false
	}
	select {
	case <-e.busy:
		return false
	default:
		return true
	}
}
