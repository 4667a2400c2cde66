package bot

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// answerTarget is where an answer goes: a reply in a channel, or the
// response to an interaction.
type answerTarget interface {
	// show shows an answer being written; the first call puts it up, the
	// next ones replace it.
	show(embeds []*discordgo.MessageEmbed) error
	// say gives a short text instead of an answer (a failure, a busy
	// bot), in place of what show put up, if anything.
	say(text string)
	// put sends message n of a finished answer; message 0 takes the place
	// of what show put up, if anything.
	put(n int, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error
}

// deliver answers req and shows the answer at t: a model's answer as it is
// written (at most one edit a second), then the finished answer with its
// sources and buttons. The answer is remembered in the conversation convo
// (none when "").
func (b *Bot) deliver(ctx context.Context, t answerTarget, req rag.Request, convo, via, guildID, channelID string) {
	req, edits := streamInto(req, func(text string) error {
		return t.show(writingEmbed(req.Question, text))
	}, func(err error) {
		b.logFailure("panic", "show the answer being written", err, "channel", channelID)
	})
	// Deferred too: a panic on the way to the reply must not leave the
	// editor behind, to put "Writing…" over the apology that follows.
	defer edits.stop()
	ans, msg := b.answer(ctx, req, via, guildID, channelID)
	edits.stop()
	if msg != "" {
		t.say(msg)
		return
	}
	if convo != "" {
		asked := ans.Interpreted
		if asked == "" {
			asked = ans.Question
		}
		if asked == "" {
			asked = req.Question
		}
		b.recent.add(convo, rag.Turn{Question: asked, Answer: ans.Text})
	}
	out := b.renderAnswer(ans)
	for n, embeds := range out.messages {
		var components []discordgo.MessageComponent
		if n == len(out.messages)-1 {
			components = out.components
		}
		if err := t.put(n, embeds, components); err != nil {
			b.logFailure("send", "send answer", err, "channel", channelID, "message", n)
			return
		}
	}
}

// logFailure logs a failed operation and counts it.
func (b *Bot) logFailure(op, msg string, err error, attrs ...any) {
	b.metrics.errors.WithLabelValues(op).Inc()
	b.log.Error(msg, append([]any{"err", err}, attrs...)...)
}

// channelReply answers a message with a reply in its channel: one
// message, or several for a long answer, each a reply to the question.
// With a head, it answers in a channel with messages of its own instead.
type channelReply struct {
	b *Bot
	// to is the message answered; with an empty ID, the channel (and
	// guild) the answer is posted in, replying to no message.
	to *discordgo.Message
	// head, when set, opens the first message, naming who asked: the
	// answer to an interaction whose token was gone. asker is the one
	// user the reply may ping.
	head, asker string
	// msgs are the reply's messages, first to last: until this answer
	// takes their places, an earlier answer's (the question was edited).
	msgs []*discordgo.Message
	// next is where in msgs the answer's next message goes.
	next int
	// wrote is set once this answer (or a message instead of it) took
	// the first message's place: what it leaves of msgs is the earlier
	// answer's, and goes. Until then the earlier answer stands whole.
	wrote      bool
	stopTyping func() // ends the typing indicator once the answer is there
	// plain is set once the channel refused embeds (no Embed Links
	// permission): the answer goes as text.
	plain bool
}

// room is how many characters of text a message of the reply holds,
// leaving room for the head.
func (c *channelReply) room() int {
	if c.head == "" {
		return maxContent
	}
	return maxContent - utf8.RuneCountInString(c.head) - 1
}

// mentions is whom the reply may ping: the asker it names, or no one.
func (c *channelReply) mentions() *discordgo.MessageAllowedMentions {
	m := noMentions()
	if c.asker != "" {
		m.Users = []string{c.asker}
	}
	return m
}

// send sends a new message of the reply: a reply to the question, or a
// message of its own when there is no question message.
func (c *channelReply) send(msg *discordgo.MessageSend) (*discordgo.Message, error) {
	if c.to.ID == "" {
		return c.b.session.ChannelMessageSendComplex(c.to.ChannelID, msg)
	}
	return c.b.sendReply(c.to, msg)
}

// live returns the reply's first message, nil before one is sent.
func (c *channelReply) live() *discordgo.Message {
	if len(c.msgs) == 0 {
		return nil
	}
	return c.msgs[0]
}

// refused reports whether err is Discord's "Missing Permissions".
func refused(err error) bool { return hasCode(err, discordgo.ErrCodeMissingPermissions) }

// hasCode reports whether err is a Discord REST error with the JSON error
// code.
func hasCode(err error, code int) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == code
}

// write puts one message of the reply at position k of msgs: in place of
// the message there, or as a new reply when there is none (or it was
// deleted). Everything the message shows is replaced: an earlier answer's
// text, embeds and buttons do not linger.
func (c *channelReply) write(k int, content string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	if k == 0 && c.head != "" {
		content = strings.TrimSpace(c.head + " " + content)
	}
	if k < len(c.msgs) {
		_, err := c.b.session.ChannelMessageEditComplex(&discordgo.MessageEdit{
			ID: c.msgs[k].ID, Channel: c.to.ChannelID, Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: c.mentions(),
		})
		if err == nil {
			c.wrote = c.wrote || k == 0
			return nil
		}
		if !hasCode(err, discordgo.ErrCodeUnknownMessage) {
			return err
		}
		// Deleted (by a moderator, say): a new reply takes its place
		// rather than the answer being lost.
		c.b.log.Debug("reply gone: sending it again", "channel", c.to.ChannelID, "message", c.msgs[k].ID)
	}
	sent, err := c.send(&discordgo.MessageSend{Content: content, Embeds: embeds, Components: components, AllowedMentions: c.mentions()})
	if err != nil {
		return err
	}
	if k < len(c.msgs) {
		c.msgs[k] = sent
	} else {
		c.msgs = append(c.msgs, sent)
	}
	c.wrote = c.wrote || k == 0
	return nil
}

// writeAnswer puts one message of a rendered answer at c.next (and on):
// as embeds, or as text when the channel refuses embeds, what does not
// fit one message following, the components on the last.
func (c *channelReply) writeAnswer(embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	fellBack := false
	if !c.plain {
		err := c.write(c.next, "", embeds, components)
		if !refused(err) {
			if err == nil {
				c.next++
			}
			return err
		}
		c.plain, fellBack = true, true
	}
	parts := splitText(embedsText(embeds), c.room())
	for k, part := range parts {
		var comps []discordgo.MessageComponent
		if k == len(parts)-1 {
			comps = components
		}
		if err := c.write(c.next, part, nil, comps); err != nil {
			if k == 0 && refused(err) {
				// Text refused too: the permission missing is Send
				// Messages, not Embed Links.
				c.plain = false
				c.b.log.Warn("messages refused (no Send Messages permission?)", "channel", c.to.ChannelID)
			}
			return err
		}
		c.next++
		if fellBack && k == 0 {
			c.b.log.Warn("embeds refused (no Embed Links permission?): answering in text", "channel", c.to.ChannelID)
		}
	}
	return nil
}

func (c *channelReply) show(embeds []*discordgo.MessageEmbed) error {
	if c.plain {
		// Being written: the start of it, in the one message.
		return c.write(0, truncate(embedsText(embeds), c.room()), nil, nil)
	}
	err := c.write(0, "", embeds, nil)
	if refused(err) {
		c.plain = true
		return c.write(0, truncate(embedsText(embeds), c.room()), nil, nil)
	}
	return err
}

func (c *channelReply) say(text string) {
	c.stopTyping()
	if err := c.write(0, truncate(text, c.room()), nil, nil); err != nil {
		c.b.logFailure("send", "send reply", err, "channel", c.to.ChannelID)
		return
	}
	c.next = 1
}

func (c *channelReply) put(n int, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	c.stopTyping()
	if n == 0 {
		c.next = 0
	}
	return c.writeAnswer(embeds, components)
}

// trim deletes what is left of an earlier answer once this one has taken
// its place: its messages past the ones this answer needed. The first
// message always stays, so that a failure never leaves the question with
// no reply at all.
func (c *channelReply) trim() {
	if !c.wrote {
		return // the earlier answer stands (its edit failed, say)
	}
	keep := max(c.next, 1)
	if keep >= len(c.msgs) {
		return
	}
	for _, m := range c.msgs[keep:] {
		err := c.b.session.ChannelMessageDelete(c.to.ChannelID, m.ID)
		if err != nil && !hasCode(err, discordgo.ErrCodeUnknownMessage) {
			c.b.logFailure("delete", "delete the rest of an earlier answer", err, "channel", c.to.ChannelID, "message", m.ID)
		}
	}
	c.msgs = c.msgs[:keep]
}

// embedsText renders embeds as Discord markdown, for a channel that
// refuses embeds: the title in bold, the description, each field's name in
// bold over its value, the footer in italics.
func embedsText(embeds []*discordgo.MessageEmbed) string {
	var b strings.Builder
	for _, e := range embeds {
		if e.Title != "" {
			b.WriteString("**" + escape(e.Title) + "**\n")
		}
		if e.Description != "" {
			b.WriteString(e.Description + "\n")
		}
		for _, f := range e.Fields {
			b.WriteString("**" + f.Name + "**\n" + f.Value + "\n")
		}
		if e.Footer != nil && e.Footer.Text != "" {
			b.WriteString("_" + escape(e.Footer.Text) + "_\n")
		}
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}

// interactionReply answers a deferred interaction: its response is edited,
// what does not fit follows. Once the interaction's token is gone, an
// answer in the open goes to the channel instead (see fallBack).
type interactionReply struct {
	b        *Bot
	i        *discordgo.Interaction
	flags    discordgo.MessageFlags
	question string
	// channel answers in the interaction's channel once the token is
	// gone; nil until then, and for good for a private question.
	channel *channelReply
}

// tokenGone reports whether err says an interaction's token no longer
// works: it expired before the deferral (Unknown Interaction), or before
// an edit or a follow-up (Invalid Webhook Token, Unknown Webhook).
func tokenGone(err error) bool {
	return hasCode(err, discordgo.ErrCodeUnknownInteraction) || hasCode(err, discordgo.ErrCodeInvalidWebhookTokenProvided) ||
		hasCode(err, discordgo.ErrCodeUnknownWebhook)
}

// fallBack moves the answer to the interaction's channel when err says the
// token is gone, so that the answer is not lost: Discord shows the asker
// "The application did not respond", or "thinking…" for good. It reports
// whether the answer now goes there. A private question is not posted in
// the open, and neither is one asked where the bot cannot post (another
// user's DM or group DM, a server the bot is not in, with an app a user
// installed); those are logged.
func (r *interactionReply) fallBack(err error) bool {
	if r.channel != nil {
		return true
	}
	if !tokenGone(err) {
		return false
	}
	return r.toChannel(err)
}

// toChannel moves the answer to the interaction's channel, as fallBack
// does, whatever err is: the interaction could not be answered. It reports
// whether the answer now goes there.
func (r *interactionReply) toChannel(err error) bool {
	attrs := []any{"interaction", r.i.ID, "guild", r.i.GuildID, "channel", r.i.ChannelID, "err", err}
	if r.flags&discordgo.MessageFlagsEphemeral != 0 {
		r.b.log.Warn("interaction not answerable: a private question is not answered in the channel", attrs...)
		return false
	}
	if !canPost(r.i) {
		r.b.log.Warn("interaction not answerable where the bot cannot post: not answered", attrs...)
		return false
	}
	r.b.log.Warn("interaction not answerable: answering in the channel", attrs...)
	asker := interactionUser(r.i)
	r.channel = &channelReply{
		b: r.b, to: &discordgo.Message{ChannelID: r.i.ChannelID, GuildID: r.i.GuildID},
		head: "<@" + asker + "> asked:", asker: asker, stopTyping: func() {},
	}
	return true
}

// canPost reports whether the bot can post where interaction i was
// triggered: not in a DM or group DM between other people, nor in a
// server that only a user installed the app in.
func canPost(i *discordgo.Interaction) bool {
	if i.ChannelID == "" || i.Context == discordgo.InteractionContextPrivateChannel {
		return false
	}
	if owners := i.AuthorizingIntegrationOwners; i.GuildID != "" && len(owners) > 0 {
		_, installed := owners[discordgo.ApplicationIntegrationGuildInstall]
		return installed
	}
	return true
}

func (r *interactionReply) show(embeds []*discordgo.MessageEmbed) error {
	if r.channel == nil {
		_, err := r.b.session.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Embeds: &embeds, AllowedMentions: noMentions()})
		if err == nil || !r.fallBack(err) {
			return err
		}
	}
	return r.channel.show(embeds)
}

func (r *interactionReply) say(text string) {
	if r.channel == nil {
		none := []*discordgo.MessageEmbed{}
		content := truncate(text, maxContent)
		_, err := r.b.session.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Content: &content, Embeds: &none, AllowedMentions: noMentions()})
		if err == nil {
			return
		}
		if !r.fallBack(err) {
			r.b.logFailure("edit", "edit interaction response", err)
			return
		}
	}
	// No answer embed carries the question: the text quotes it.
	r.channel.say("“" + escape(truncate(oneLine(r.question), maxTitle)) + "” — " + text)
}

func (r *interactionReply) put(n int, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	if r.channel == nil {
		var err error
		if n == 0 {
			_, err = r.b.session.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Embeds: &embeds, Components: &components, AllowedMentions: noMentions()})
		} else {
			_, err = r.b.session.FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{Embeds: embeds, Components: components, Flags: r.flags, AllowedMentions: noMentions()})
		}
		if err == nil || !r.fallBack(err) {
			return err
		}
	}
	return r.channel.put(n, embeds, components)
}
