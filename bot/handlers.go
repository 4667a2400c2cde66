package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
	"reportbot/redact"
)

// Messages people see. Each is one short, friendly sentence or two.
const (
	msgBusy      = "I'm answering a lot of questions right now; please try again in a moment."
	msgRestart   = "I'm restarting; please ask again in a minute."
	msgNotHere   = "I don't answer questions in this channel."
	msgNoDMs     = "I don't answer direct messages here; please ask me in a server channel."
	msgThanks    = "Thanks for the feedback!"
	msgGone      = "Those passages are no longer in the index (it was rebuilt); ask again for fresh ones."
	msgNoMessage = "That message has no text I can ask about."
	msgUnknown   = "I don't know that one (it may be from an older version of me); ask with /ask, or see /help."
)

func cooldown(wait time.Duration) string {
	secs := int(math.Ceil(wait.Seconds()))
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return fmt.Sprintf("You're asking faster than I can keep up; please wait %d %s and ask again.", secs, unit)
}

func emptyMention(name string, several bool) string {
	return fmt.Sprintf("Ask me a question about %s after the mention, for example: @%s %s", theReports(several), name, example(several))
}

// noQuestion says what to do about a message for the bot with no question
// in it. In a guild, a message with no text at all reached the bot by a
// reply or a role mention and Discord withheld its text (the bot has no
// message content intent), or it carries only attachments: the user is
// told to mention the bot with the question, or use /ask.
func (b *Bot) noQuestion(m *discordgo.Message, dm bool) string {
	name := b.username()
	switch {
	case dm:
		return fmt.Sprintf("Ask me a question about %s in words, for example: %s", theReports(b.several()), example(b.several()))
	case m.Content == "":
		return fmt.Sprintf("I couldn't read any text in that message. Mention me with your question in the same message (@%s %s), or use /ask.", name, example(b.several()))
	}
	return emptyMention(name, b.several())
}

// example is a question to show as an example.
func example(several bool) string {
	if several {
		return "what are these reports about?"
	}
	return "what is this report about?"
}

// failure logs err with a fresh error ID and returns the sentence the user
// sees, which carries the same ID.
func (b *Bot) failure(what string, err error, attrs ...any) string {
	var buf [4]byte
	rand.Read(buf[:])
	id := hex.EncodeToString(buf[:])
	b.metrics.errors.WithLabelValues("answer").Inc()
	b.log.Error(what, append([]any{"error_id", id, "err", err}, attrs...)...)
	return fmt.Sprintf("Sorry, something went wrong while answering (error %s).", id)
}

var (
	userMention    = regexp.MustCompile(`<@!?(\d+)>`)
	otherMarkup    = regexp.MustCompile(`<(?:@&|#)\d+>|<a?:\w+:\d+>|<t:\d+(?::\w)?>`)
	everyoneMarkup = regexp.MustCompile(`@(?:everyone|here)\b`)
	// addressees is a run of mentions (users, roles, @everyone and
	// @here) opening or closing a message; a closing one follows a space
	// ("mail someone@here" keeps its address).
	addressees = regexp.MustCompile(`^(?:\s*(?:<@[!&]?\d+>|@everyone\b|@here\b))+|(?:\s+(?:<@[!&]?\d+>|@everyone\b|@here\b))+\s*$`)
	// gapRun is the place of one or more mentions taken out, with the
	// spaces around it, and the punctuation mark that follows it, if any
	// ("how many troops @here?").
	gapRun = regexp.MustCompile(`[ \t]*(?:` + gap + `[ \t]*)+(?:([?!.,;:]+)(\s|$))?`)
)

// gap marks where questionText took a mention out, until the spaces it
// leaves are closed, so that the asker's own spacing is never touched:
// U+FDD0, a noncharacter, which no text means (one a question holds is
// taken for a gap too, and becomes a space).
const gap = "\ufdd0"

// questionText turns a message's content into a question: the bot's own
// mention is dropped, other mentions become plain names, custom emoji and
// channel, role and time markup vanish, and so do @everyone and @here,
// which ping people rather than ask anything.
func questionText(content, botID string, mentions []*discordgo.User) string {
	names := map[string]string{}
	for _, u := range mentions {
		if u != nil {
			names[u.ID] = u.Username
		}
	}
	// People mentioned before or after the question are addressed (cc'd,
	// often by the dozen), not asked about: they go, as the bot does.
	content = addressees.ReplaceAllString(content, gap)
	q := userMention.ReplaceAllStringFunc(content, func(m string) string {
		id := userMention.FindStringSubmatch(m)[1]
		if n, ok := names[id]; ok && id != botID {
			return n
		}
		return gap
	})
	q = otherMarkup.ReplaceAllString(q, gap)
	q = dropEveryone(q)
	q = gapRun.ReplaceAllStringFunc(q, func(run string) string {
		if mark := gapRun.FindStringSubmatch(run); mark[1] != "" {
			return mark[1] + mark[2] // "troops @here?" asks "troops?"
		}
		return " "
	})
	return strings.TrimSpace(q)
}

// dropEveryone takes @everyone and @here out of q, except inside a word
// or an address ("someone@everyone.example").
func dropEveryone(q string) string {
	var b strings.Builder
	last := 0
	for _, m := range everyoneMarkup.FindAllStringIndex(q, -1) {
		prev, _ := utf8.DecodeLastRuneInString(q[:m[0]])
		inWord := prev == '.' || prev == '_' || unicode.IsLetter(prev) || unicode.IsDigit(prev)
		if follows := last > 0 && m[0] == last; inWord && !follows { // "@everyone@here" goes whole
			continue
		}
		b.WriteString(q[last:m[0]])
		b.WriteString(gap)
		last = m[1]
	}
	b.WriteString(q[last:])
	return b.String()
}

// onMessage answers DMs and guild messages that mention the bot or reply to
// one of its answers. Bots (itself included), webhooks and Discord's system
// messages are ignored.
func (b *Bot) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	b.handleMessage(m.Message, false)
}

// onMessageUpdate answers an edited message as onMessage would: a message
// edited to mention the bot is answered; an answered question edited is
// answered again in the same reply; an update that leaves the question as
// it was (a link preview appearing) is not answered again.
func (b *Bot) onMessageUpdate(_ *discordgo.Session, m *discordgo.MessageUpdate) {
	b.handleMessage(m.Message, true)
}

func (b *Bot) handleMessage(m *discordgo.Message, update bool) {
	defer b.survive("message")
	botID := b.id()
	if botID == "" || m == nil {
		return
	}
	dm := m.GuildID == ""
	if why := notFromAPerson(m, botID); why != "" {
		b.log.Debug("message not for the bot", "message", m.ID, "channel", m.ChannelID, "why", why)
		return
	}
	if update && strings.TrimSpace(m.Content) == "" {
		// A link preview or an embed added, sent as a partial message
		// without the content: no question was edited (a message edited
		// to no text at all is left with attachments, which ask
		// nothing), and the answer given stands.
		b.log.Debug("update that is not an edit", "message", m.ID, "channel", m.ChannelID)
		return
	}
	if !dm && !b.addressed(m, botID) {
		b.log.Debug("message not for the bot", "message", m.ID, "channel", m.ChannelID)
		return
	}
	// For the bot: from here on a panic still gets the asker a reply.
	defer b.contain("message", func(apology string) {
		(&channelReply{b: b, to: m, stopTyping: func() {}}).say(apology)
	})
	question := messageQuestion(m, botID)
	prev, seen := b.answered.claim(m.ID, question)
	if !update && seen {
		b.log.Debug("message answered already", "message", m.ID)
		return
	}
	if update {
		switch {
		case seen && prev.question == question:
			b.log.Debug("edit leaves the question as it was", "message", m.ID)
			return
		case !seen && m.EditedTimestamp == nil:
			b.log.Debug("update of a message not seen, and not edited", "message", m.ID)
			return
		}
	}

	via := "message"
	if dm {
		via = "dm"
	}
	b.metrics.questions.WithLabelValues(via).Inc()
	if update && b.answered.busy(m.ID) {
		b.log.Debug("edit waits for the answer being written", "message", m.ID)
	}
	reply, finish := b.answered.begin(b.work, m.ID)
	c := &channelReply{b: b, to: m, msgs: reply, stopTyping: func() {}}
	defer func() {
		c.trim()
		finish(c.msgs)
		if live := c.live(); live != nil {
			b.log.Debug("reply recorded", "message", m.ID, "reply", live.ID, "messages", len(c.msgs))
		}
	}()
	// The apology takes the reply's place, before the reply is recorded.
	defer b.contain("message", c.say)
	if !b.allowed(m.GuildID, m.ChannelID) {
		if dm {
			c.say(msgNoDMs)
		}
		return
	}
	if !b.begin() {
		c.say(msgRestart)
		return
	}
	defer b.end()

	if question == "" {
		c.say(b.noQuestion(m, dm))
		return
	}
	if ok, wait := b.limiter.allow(m.Author.ID); !ok {
		b.metrics.rateLimited.Inc()
		edit := c.live() != nil
		if edit {
			// An edit too soon: the answer to the question as it was
			// stays, and the edit counts as not seen.
			b.answered.claim(m.ID, prev.question)
		}
		switch {
		case !b.limiter.tell(m.Author.ID, wait):
			// Told already, in this wait: a reaction, which costs the
			// channel no message.
			b.react(m, reactTooSoon)
		case edit:
			notice := &channelReply{b: b, to: m, stopTyping: func() {}}
			notice.say(cooldown(wait))
		default:
			c.say(cooldown(wait))
		}
		return
	}
	theirs := questionText(m.Content, botID, m.Mentions) == "" // a reply's or a forward's
	if cmd := forTheBot(question); cmd != "" && !theirs {
		// "help", "/about" typed as text: what the command shows, here.
		c.stopTyping()
		if err := c.put(0, b.commandEmbeds(cmd), nil); err != nil {
			b.logFailure("send", "send reply", err, "channel", m.ChannelID, "command", cmd)
		}
		return
	}
	if problem := b.questionProblem(question, theirs); problem != "" {
		c.say(problem)
		return
	}

	ctx, cancel := context.WithTimeout(b.work, b.opts.AnswerTimeout)
	defer cancel()
	c.stopTyping = b.keepTyping(ctx, m.ChannelID)
	defer c.stopTyping()
	key := convoKey(m.ChannelID, m.Author.ID)
	req := rag.Request{Question: question, History: b.context(ctx, m, question, key)}
	b.deliver(ctx, c, req, key, "message", m.GuildID, m.ChannelID)
}

// messageQuestion returns the question a message for the bot asks: its
// own text, else that of the message it replies to or forwards.
func messageQuestion(m *discordgo.Message, botID string) string {
	question := typedAsk(questionText(m.Content, botID, m.Mentions))
	if p := m.ReferencedMessage; question == "" && p != nil && isReply(m) && notFromAPerson(p, botID) == "" {
		// A bare mention in reply to someone's message asks that message.
		question = questionText(p.Content, botID, p.Mentions)
	}
	if f := forwarded(m); question == "" && f != nil {
		// A message forwarded with nothing added asks the message.
		question = questionText(f.Content, botID, f.Mentions)
	}
	return question
}

// isReply reports whether m replies to a message (rather than forwarding
// one, which also carries a reference).
func isReply(m *discordgo.Message) bool {
	return m.MessageReference != nil && m.MessageReference.Type == discordgo.MessageReferenceTypeDefault
}

// forwarded returns the message m forwards, as Discord's snapshot of it,
// or nil.
func forwarded(m *discordgo.Message) *discordgo.Message {
	if m.MessageReference == nil || m.MessageReference.Type != discordgo.MessageReferenceTypeForward {
		return nil
	}
	for _, s := range m.MessageSnapshots {
		if s.Message != nil {
			return s.Message
		}
	}
	return nil
}

// notFromAPerson says why a message is not one a person wrote to be read
// ("" when it is): a bot's, the bot's own, a webhook's, or one of Discord's
// system messages (a pin, a thread created), which can point at the bot's
// answer without asking anything.
func notFromAPerson(m *discordgo.Message, botID string) string {
	switch {
	case m.Author == nil:
		return "no author"
	case m.Author.ID == botID:
		return "its own"
	case m.Author.Bot:
		return "a bot's"
	case m.WebhookID != "":
		return "a webhook's"
	case m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply:
		return "a system message"
	}
	return ""
}

// code is inline code and code blocks: a mention written there pings
// nobody, and Discord leaves it out of the message's mentions.
var code = regexp.MustCompile("(?s)```.*?```|``.*?``|`[^`]*`")

// addressed reports whether a guild message is for the bot: it mentions the
// bot or its role, or replies to one of its messages. A mention counts in
// the content too, should the event's list of mentions leave it out, but
// not in code, where someone shows how to ask rather than asks.
func (b *Bot) addressed(m *discordgo.Message, botID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	if text := code.ReplaceAllString(m.Content, ""); strings.Contains(text, "<@"+botID+">") || strings.Contains(text, "<@!"+botID+">") {
		return true
	}
	if b.mentionsRole(m) {
		return true
	}
	return isReply(m) && m.ReferencedMessage != nil && m.ReferencedMessage.Author != nil && m.ReferencedMessage.Author.ID == botID
}

// reactTooSoon marks a question asked again within the wait its asker was
// told of.
const reactTooSoon = "⏳"

// reactTimeout bounds a reaction: it is a courtesy, and must not hold up
// a shutdown.
const reactTimeout = 10 * time.Second

// react adds the reaction emoji to m. A failure (no Add Reactions
// permission, the message gone) is logged at debug and nothing more: the
// reaction stands in for a message, and no message takes its place.
func (b *Bot) react(m *discordgo.Message, emoji string) {
	ctx, cancel := context.WithTimeout(b.work, reactTimeout)
	defer cancel()
	err := b.session.MessageReactionAdd(m.ChannelID, m.ID, emoji, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	if err != nil {
		b.log.Debug("reaction not added", "channel", m.ChannelID, "message", m.ID, "emoji", emoji, "err", err)
		return
	}
	b.log.Debug("reacted", "channel", m.ChannelID, "message", m.ID, "emoji", emoji)
}

func replyTo(m *discordgo.Message) *discordgo.MessageReference {
	no := false
	return &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no}
}

// sendReply sends msg as a reply to m. Where Discord refuses the reply,
// because the bot may not read the channel's history or because m was
// deleted meanwhile, msg is sent as a plain message, which the channel
// still sees.
func (b *Bot) sendReply(m *discordgo.Message, msg *discordgo.MessageSend) (*discordgo.Message, error) {
	msg.Reference = replyTo(m)
	sent, err := b.session.ChannelMessageSendComplex(m.ChannelID, msg)
	switch {
	case hasCode(err, discordgo.ErrCodeCannotReplyWithoutPermissionToReadMessageHistory):
		b.log.Warn("reply refused (no Read Message History permission): sending a plain message", "channel", m.ChannelID)
	case replyGone(err):
		b.log.Info("the message answered is gone: sending a plain message", "channel", m.ChannelID, "message", m.ID)
	default:
		return sent, err
	}
	msg.Reference = nil
	return b.session.ChannelMessageSendComplex(m.ChannelID, msg)
}

// replyGone reports whether err refuses a reply because the message it
// replies to is gone: Unknown Message, or Invalid Form Body on the
// message reference (fail_if_not_exists is false, but a stricter API may
// refuse anyway).
func replyGone(err error) bool {
	if hasCode(err, discordgo.ErrCodeUnknownMessage) {
		return true
	}
	var rest *discordgo.RESTError
	return hasCode(err, discordgo.ErrCodeInvalidFormBody) && errors.As(err, &rest) && bytes.Contains(rest.ResponseBody, []byte("message_reference"))
}

// keepTyping shows the typing indicator until the returned stop is called
// or ctx is done; Discord shows it for about ten seconds per request. Each
// request ends with ctx, so stop returns at once, and the indicator never
// delays or outlives the answer. Stop may be called more than once.
func (b *Bot) keepTyping(ctx context.Context, channelID string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer b.survive("typing indicator")
		t := time.NewTicker(8 * time.Second)
		defer t.Stop()
		for {
			b.typing(ctx, channelID)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// typing sends the typing indicator once, unless Discord's rate limit
// would make it wait. discordgo waits out a spent limit before it sends,
// in a sleep nothing ends, and waits for a request in flight on the same
// route: either would hold up the answer, which ends the indicator. A 429
// is not waited out either.
func (b *Bot) typing(ctx context.Context, channelID string) {
	if rl := b.session.Ratelimiter; rl != nil {
		bucket := rl.GetBucket(discordgo.EndpointChannelTyping(channelID))
		if !bucket.TryLock() {
			b.log.Debug("typing indicator left out: one is being sent to the channel", "channel", channelID)
			return
		}
		wait := rl.GetWaitTime(bucket, 1)
		bucket.Unlock()
		if wait > 0 {
			b.log.Debug("typing indicator left out: rate limited", "channel", channelID, "wait", wait)
			return
		}
	}
	err := b.session.ChannelTyping(channelID, discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	switch {
	case err == nil:
		b.log.Debug("typing indicator sent", "channel", channelID)
	case ctx.Err() == nil: // not merely ended by the answer
		b.log.Debug("typing indicator failed", "channel", channelID, "err", err)
	}
}

// answer gets an answer within the concurrency cap. On failure it returns
// the message to show instead.
func (b *Bot) answer(ctx context.Context, req rag.Request, via, guildID, channelID string) (rag.Answer, string) {
	start := time.Now()
	if err := b.acquire(ctx); err != nil {
		if b.work.Err() != nil {
			return rag.Answer{}, msgRestart
		}
		return rag.Answer{}, msgBusy
	}
	defer b.release()
	if show := req.OnText; show != nil {
		req.OnText = func(text string) { show(redact.Secrets(text, b.secrets...)) }
	}
	ans, err := b.respond(ctx, req)
	ans = b.scrubAnswer(ans)
	var qe *rag.QuestionError
	switch {
	case errors.As(err, &qe):
		return rag.Answer{}, qe.Error()
	case err != nil && b.work.Err() != nil:
		// Abandoned by a shutdown that could wait no longer.
		b.log.Warn("answer abandoned: shutting down", "via", via, "guild", guildID, "channel", channelID, "err", err)
		return rag.Answer{}, msgRestart
	case errors.Is(err, context.DeadlineExceeded):
		return rag.Answer{}, msgBusy
	case err != nil:
		return rag.Answer{}, b.failure("answer question", err, "via", via, "guild", guildID, "channel", channelID)
	}
	cited := make([]string, len(ans.Citations))
	for i, c := range ans.Citations {
		cited[i] = c.ID
	}
	retrieved := make([]string, len(ans.Passages))
	for i, p := range ans.Passages {
		retrieved[i] = p.ID
	}
	b.metrics.observeAnswer(ans.Mode, ans.Answered, time.Since(start))
	b.log.Info("answered", "via", via, "guild", guildID, "channel", channelID, "mode", ans.Mode,
		"answered", ans.Answered, "latency_ms", time.Since(start).Milliseconds(), "cited", cited,
		"retrieved", retrieved, "follow_up", ans.Interpreted != "")
	return ans, ""
}

// survive recovers a panic in an event handler or a goroutine of the
// bot's and logs it: discordgo runs handlers without a recover, and one
// bad event must not end the bot. It must be deferred directly.
func (b *Bot) survive(event string) {
	if r := recover(); r != nil {
		b.logFailure("panic", "event handler panicked", fmt.Errorf("%v", r), "event", event, "stack", string(debug.Stack()))
	}
}

// contain recovers a panic while a question is handled, anywhere on the
// way from the event to the reply: it is logged with an error ID, and
// tell gives the asker the apology that names it, so that no question
// goes unanswered. It must be deferred directly.
func (b *Bot) contain(event string, tell func(apology string)) {
	r := recover()
	if r == nil {
		return
	}
	tell(b.failure("handler panicked", fmt.Errorf("panic: %v", r), "event", event, "stack", string(debug.Stack())))
}

// respond asks the answerer, turning a panic into an error: a bug on one
// question costs that answer, not the bot (discordgo runs handlers without
// a recover, so a panic would end the process).
func (b *Bot) respond(ctx context.Context, req rag.Request) (ans rag.Answer, err error) {
	defer func() {
		if r := recover(); r != nil {
			ans, err = rag.Answer{}, fmt.Errorf("answerer panic: %v\n%s", r, debug.Stack())
		}
	}()
	return b.answerer.Respond(ctx, req)
}

// scrubAnswer replaces the secrets in what an answer shows: a model or its
// server could echo one.
func (b *Bot) scrubAnswer(ans rag.Answer) rag.Answer {
	scrub := func(s string) string { return redact.Secrets(s, b.secrets...) }
	ans.Text, ans.Interpreted, ans.Note = scrub(ans.Text), scrub(ans.Interpreted), scrub(ans.Note)
	ans.Warnings = slices.Clone(ans.Warnings)
	for i, w := range ans.Warnings {
		ans.Warnings[i] = scrub(w)
	}
	return ans
}

// onInteraction dispatches slash commands, the message command and buttons.
func (b *Bot) onInteraction(s *discordgo.Session, i *discordgo.InteractionCreate) {
	defer b.survive("interaction")
	defer b.contain("interaction", func(apology string) { b.apologise(i.Interaction, apology) })
	if _, seen := b.answered.claim("interaction:"+i.ID, ""); seen {
		b.log.Debug("interaction handled already", "interaction", i.ID)
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		switch data.Name {
		case cmdAsk:
			var question string
			private := false
			for _, o := range data.Options {
				switch o.Name {
				case optQuestion:
					question = optString(o)
				case optPrivate:
					private = optBool(o)
				}
			}
			var users []*discordgo.User
			if data.Resolved != nil {
				for _, u := range data.Resolved.Users {
					users = append(users, u)
				}
			}
			botID := b.id()
			question = questionText(question, botID, users)
			b.askInteraction(i.Interaction, question, private, "slash")
		case cmdAskMessage, cmdAskMessages:
			var question string
			if data.Resolved != nil {
				if m := data.Resolved.Messages[data.TargetID]; m != nil {
					botID := b.id()
					question = questionText(m.Content, botID, m.Mentions)
					if f := forwarded(m); question == "" && f != nil {
						// A forward's text is in Discord's snapshot of it.
						question = questionText(f.Content, botID, f.Mentions)
					}
				}
			}
			if question == "" {
				b.respondEphemeral(i.Interaction, msgNoMessage)
				return
			}
			b.askInteraction(i.Interaction, question, false, "context_menu")
		case cmdHelp, cmdAbout:
			b.respondEmbeds(i.Interaction, b.commandEmbeds(data.Name))
		default:
			// A command registered by an older version, not yet
			// overwritten everywhere: Discord still shows it.
			b.respondEphemeral(i.Interaction, msgUnknown)
		}
	case discordgo.InteractionMessageComponent:
		b.onButton(i.Interaction)
	case discordgo.InteractionApplicationCommandAutocomplete:
		// No option of ours autocompletes; an older registration's may.
		// Offering what was typed beats Discord's "loading options
		// failed". (An empty list is not sent: discordgo omits it.)
		err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: typedChoice(i.ApplicationCommandData().Options)},
		})
		if err != nil {
			b.logFailure("respond", "respond to autocomplete", err)
		}
	case discordgo.InteractionModalSubmit:
		b.respondEphemeral(i.Interaction, msgUnknown)
	}
}

// optString returns an option's value as text, whatever its type: a
// client may send a number or null where a string belongs (discordgo's
// StringValue panics on those).
func optString(o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// optBool returns an option's value as a boolean: true, or the text
// "true" (any case).
func optBool(o *discordgo.ApplicationCommandInteractionDataOption) bool {
	switch v := o.Value.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(strings.TrimSpace(v), "true")
	}
	return false
}

// typedChoice offers the focused option's text as typed, within Discord's
// 100 characters, as the one autocomplete choice.
func typedChoice(opts []*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandOptionChoice {
	for _, o := range opts {
		if o.Focused {
			if v := truncate(oneLine(optString(o)), 100); v != "" {
				return []*discordgo.ApplicationCommandOptionChoice{{Name: v, Value: v}}
			}
		}
		if c := typedChoice(o.Options); c != nil {
			return c
		}
	}
	return nil
}

// interactionUser returns who triggered an interaction, in a guild or a DM.
func interactionUser(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

// askInteraction answers /ask and the message command: quick checks answer
// at once; otherwise it defers within Discord's three seconds and edits the
// answer in.
func (b *Bot) askInteraction(i *discordgo.Interaction, question string, private bool, via string) {
	received := time.Now()
	b.metrics.questions.WithLabelValues(via).Inc()
	if !b.allowed(i.GuildID, i.ChannelID) {
		msg := msgNotHere
		if i.GuildID == "" {
			msg = msgNoDMs
		}
		b.respondEphemeral(i, msg)
		return
	}
	if !b.begin() {
		b.respondEphemeral(i, msgRestart)
		return
	}
	defer b.end()
	if ok, wait := b.limiter.allow(interactionUser(i)); !ok {
		b.metrics.rateLimited.Inc()
		b.respondEphemeral(i, cooldown(wait))
		return
	}
	if cmd := forTheBot(question); cmd != "" && via == "slash" {
		b.respondEmbeds(i, b.commandEmbeds(cmd))
		return
	}
	if problem := b.questionProblem(question, via == "context_menu"); problem != "" {
		b.respondEphemeral(i, problem)
		return
	}
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral
	}
	reply := &interactionReply{b: b, i: i, flags: flags, question: question}
	err := b.session.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags, AllowedMentions: noMentions()},
	})
	if err != nil && !acknowledged(err) {
		b.logFailure("respond", "defer interaction", err)
		// Too late (the bot was slow to see it), or Discord kept
		// failing: the interaction is not acknowledged, and Discord
		// shows "The application did not respond". The answer may
		// still go to the channel.
		if !reply.toChannel(err) {
			return
		}
	}
	// Deferred: a panic's apology replaces "thinking…", as an answer
	// would.
	defer b.contain("interaction", reply.say)

	// The answer must be in while Discord still takes edits of the
	// response, however long ANSWER_TIMEOUT allows.
	timeout := min(b.opts.AnswerTimeout, interactionLife-lastEditMargin-time.Since(received))
	ctx, cancel := context.WithTimeout(b.work, timeout)
	defer cancel()
	req := rag.Request{Question: question}
	key := ""
	if via == "slash" {
		// The message command asks someone's message: it stands alone.
		key = convoKey(i.ChannelID, interactionUser(i))
		if private {
			// Kept apart: a follow-up in the open would show the
			// private question in its "Interpreted as" line.
			key += "/private"
		}
		req.History = b.context(ctx, nil, question, key)
	}
	b.deliver(ctx, reply, req, key, "interaction", i.GuildID, i.ChannelID)
}

// questionProblem says why question cannot be answered, or "". A
// question taken from someone's message (theirs: the message command, a
// bare mention in reply, a forward) is spoken of as that message: the
// asker did not write it, and cannot shorten it or put it in words.
func (b *Bot) questionProblem(question string, theirs bool) string {
	if !theirs {
		if _, err := rag.CleanQuestion(question, b.opts.MaxQuestion); err != nil {
			return err.Error()
		}
		return ""
	}
	clean, err := rag.CleanQuestion(question, math.MaxInt)
	switch {
	case err != nil:
		return msgNoMessage
	case utf8.RuneCountInString(clean) > b.opts.MaxQuestion:
		return fmt.Sprintf("That message is %d characters long; I can ask about up to %d. Ask with /ask in fewer words.",
			utf8.RuneCountInString(clean), b.opts.MaxQuestion)
	}
	return ""
}

// An interaction's token, which its response is edited with, lasts
// interactionLife from when Discord creates it; an answer keeps
// lastEditMargin of it for its last edits.
const (
	interactionLife = 15 * time.Minute
	lastEditMargin  = 30 * time.Second
)

// acknowledged reports whether err says the interaction was acknowledged
// already: a callback retried after a server error that had in fact
// handled it.
func acknowledged(err error) bool {
	return hasCode(err, discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged)
}

func (b *Bot) respondEphemeral(i *discordgo.Interaction, text string) {
	if err := b.session.InteractionRespond(i, ephemeral(text)); err != nil && !acknowledged(err) {
		b.logFailure("respond", "respond to interaction", err)
	}
}

// ephemeral is a response that shows text to the asker alone.
func ephemeral(text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: truncate(text, maxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}

// apologise gives the asker text privately: as the interaction's
// response, or as a follow-up when it has one already.
func (b *Bot) apologise(i *discordgo.Interaction, text string) {
	err := b.session.InteractionRespond(i, ephemeral(text))
	if acknowledged(err) {
		_, err = b.session.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Content: truncate(text, maxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		})
	}
	if err != nil {
		b.logFailure("respond", "apologise", err)
	}
}

// respondEmbeds answers an interaction at once, privately, with embeds;
// what does not fit one message follows.
func (b *Bot) respondEmbeds(i *discordgo.Interaction, embeds []*discordgo.MessageEmbed) {
	msgs := packEmbeds(embeds)
	err := b.session.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: msgs[0], Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	})
	if err != nil && !acknowledged(err) {
		b.logFailure("respond", "respond to interaction", err)
		return
	}
	for _, m := range msgs[1:] {
		if _, err := b.session.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Embeds: m, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		}); err != nil {
			b.logFailure("send", "send follow-up", err)
			return
		}
	}
}

// onButton handles "Show passages" and the votes.
func (b *Bot) onButton(i *discordgo.Interaction) {
	id := i.MessageComponentData().CustomID
	switch {
	case strings.HasPrefix(id, idPassages), strings.HasPrefix(id, idCited):
		// Numbered as the answer cites them, whichever are still in
		// the index: a passage gone since takes its number with it.
		body, numbered := strings.CutPrefix(id, idCited)
		if !numbered {
			body = strings.TrimPrefix(id, idPassages)
		}
		var ps []shownPassage
		for k, pid := range splitIDs(body) {
			n := k + 1
			if numbered {
				num, rest, ok := strings.Cut(pid, ".")
				cited, err := strconv.Atoi(num)
				if !ok || err != nil {
					continue
				}
				n, pid = cited, rest
			}
			if p, ok := b.passages.Passage(pid); ok {
				ps = append(ps, shownPassage{n: n, Passage: p})
			}
		}
		if len(ps) == 0 {
			b.respondEphemeral(i, msgGone)
			return
		}
		b.respondEmbeds(i, passageEmbeds(ps))
	case strings.HasPrefix(id, idVoteUp), strings.HasPrefix(id, idVoteDown):
		vote, ids := "up", strings.TrimPrefix(id, idVoteUp)
		if strings.HasPrefix(id, idVoteDown) {
			vote, ids = "down", strings.TrimPrefix(id, idVoteDown)
		}
		// Thanked first: the write (an fsync) must not eat Discord's
		// three seconds.
		b.respondEphemeral(i, msgThanks)
		b.recordVote(i, vote, splitIDs(ids))
	default:
		b.respondEphemeral(i, msgUnknown)
	}
}

func splitIDs(s string) []string {
	var ids []string
	for _, id := range strings.Split(s, ",") {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// recordVote appends the vote to the feedback file; a failure is logged and
// never reaches the user.
func (b *Bot) recordVote(i *discordgo.Interaction, vote string, ids []string) {
	if b.feedback == nil {
		return
	}
	v := Vote{Time: b.opts.Now().UTC(), Guild: i.GuildID, Channel: i.ChannelID, Passages: ids, Vote: vote}
	if i.Message != nil && len(i.Message.Embeds) > 0 {
		turn := turnFromEmbed(i.Message.Embeds[0])
		v.Question, v.Answer = turn.Question, turn.Answer
	}
	if v.Passages == nil {
		v.Passages = []string{}
	}
	if err := b.feedback.record(v); err != nil {
		b.logFailure("feedback", "feedback not recorded", err, "vote", vote)
		return
	}
	b.log.Debug("vote recorded", "vote", vote, "interaction", i.ID)
}

// commandEmbeds is what the command cmd (help or about) shows.
func (b *Bot) commandEmbeds(cmd string) []*discordgo.MessageEmbed {
	if cmd == cmdAbout {
		return []*discordgo.MessageEmbed{b.aboutEmbed()}
	}
	return []*discordgo.MessageEmbed{b.helpEmbed()}
}

// helpEmbed explains how to ask, and lists the reports (up to helpListed
// of them) and their sections within the description's limit.
func (b *Bot) helpEmbed() *discordgo.MessageEmbed {
	var intro string
	if b.several() {
		intro = fmt.Sprintf("I answer questions about %d reports, quoting and citing their passages. ", len(b.info.Reports)) +
			"When the reports don't cover something, I say so.\n" +
			boundedList(reportItems(b.info.Reports), "\n", helpListed, 1500)
	} else {
		report := "the report"
		if items := reportItems(b.info.Reports); len(items) == 1 {
			report = strings.TrimPrefix(items[0], "• ")
		}
		intro = "I answer questions about " + report + ", quoting and citing its passages. " +
			"When the report doesn't cover something, I say so."
	}
	desc := intro + "\n\n" +
		"**How to ask**\n" +
		"• `/ask question:` your question (add `private:True` to see the answer alone)\n" +
		"• Mention me in a channel, followed by your question\n" +
		"• Send me a direct message\n" +
		"• Follow up right after an answer, or by replying to one (\"and how much does that cost?\")\n" +
		"• Right-click a message → Apps → **" + askMessageName(b.several()) + "**\n\n" +
		"Each answer lists its sources; **Show passages** shows them in full, and 👍/👎 tell us how it did."
	if hs := headings(b.info.Sections, b.info.Reports); len(hs) > 0 {
		const head = "\n\n**Sections**\n"
		items := make([]string, len(hs))
		for i, h := range hs {
			items[i] = escape(truncate(oneLine(h), titleChars))
		}
		budget := maxDescription - utf8.RuneCountInString(desc+head)
		if list := boundedList(items, " · ", len(items), budget); list != "" {
			desc += head + list
		}
	}
	return &discordgo.MessageEmbed{Title: "How to ask reportbot", Description: truncate(desc, maxDescription), Color: colorInfo}
}

// aboutEmbed describes the reports (up to aboutListed of them), the index
// and the answer mode.
func (b *Bot) aboutEmbed() *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "About reportbot", Color: colorInfo}
	if len(b.info.Reports) == 1 {
		r := b.info.Reports[0]
		v := escape(oneLine(r.Title))
		if r.Date != "" {
			v += "\n" + escape(r.Date)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Report", Value: truncate(v, maxFieldValue)})
	}
	e.Fields = append(e.Fields,
		&discordgo.MessageEmbedField{Name: "Passages", Value: fmt.Sprint(b.info.Passages), Inline: true},
		&discordgo.MessageEmbedField{Name: "Answer mode", Value: truncate(b.info.Mode, maxFieldValue), Inline: true},
		&discordgo.MessageEmbedField{Name: "Index", Value: truncate("`"+b.info.Fingerprint+"`", maxFieldValue), Inline: true},
		&discordgo.MessageEmbedField{Name: "Version", Value: truncate(b.info.Version, maxFieldValue), Inline: true},
	)
	if b.several() {
		head := fmt.Sprintf("**%d reports**\n", len(b.info.Reports))
		budget := min(maxDescription, maxEmbedsTotal-embedSize(e)) - utf8.RuneCountInString(head)
		e.Description = head + boundedList(reportItems(b.info.Reports), "\n", aboutListed, budget)
	}
	return e
}
