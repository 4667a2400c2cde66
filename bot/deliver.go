package bot

import (
	"context"
	"errors"
	"strings"

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
	})
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

// channelReply answers a message with a reply in its channel.
type channelReply struct {
	b          *Bot
	to         *discordgo.Message
	live       *discordgo.Message // the reply show put up
	stopTyping func()             // ends the typing indicator once the answer is there
	// plain is set once the channel refused embeds (no Embed Links
	// permission): the answer goes as text.
	plain bool
}

// refused reports whether err is Discord's "Missing Permissions".
func refused(err error) bool { return hasCode(err, discordgo.ErrCodeMissingPermissions) }

// hasCode reports whether err is a Discord REST error with the JSON error
// code.
func hasCode(err error, code int) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == code
}

// send sends embeds (and components, on the last message) as replies: as
// embeds, or as text when the channel refuses embeds. It returns the first
// message sent.
func (c *channelReply) send(embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) (*discordgo.Message, error) {
	fellBack := false
	if !c.plain {
		sent, err := c.b.sendReply(c.to, &discordgo.MessageSend{Embeds: embeds, Components: components, AllowedMentions: noMentions()})
		if !refused(err) {
			return sent, err
		}
		c.plain, fellBack = true, true
	}
	var first *discordgo.Message
	parts := splitText(embedsText(embeds), maxContent)
	for k, part := range parts {
		msg := &discordgo.MessageSend{Content: part, AllowedMentions: noMentions()}
		if k == len(parts)-1 {
			msg.Components = components
		}
		sent, err := c.b.sendReply(c.to, msg)
		if err != nil {
			if k == 0 && refused(err) {
				// Text refused too: the permission missing is Send
				// Messages, not Embed Links.
				c.plain = false
				c.b.log.Warn("messages refused (no Send Messages permission?)", "channel", c.to.ChannelID)
			}
			return first, err
		}
		if first == nil {
			first = sent
		}
		if fellBack && k == 0 {
			c.b.log.Warn("embeds refused (no Embed Links permission?): answering in text", "channel", c.to.ChannelID)
		}
	}
	return first, nil
}

// replace puts embeds (and components) in place of the live reply: as
// embeds, or as text when the channel refused embeds, what does not fit
// following in replies.
func (c *channelReply) replace(embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	// The reply may be an earlier answer's, text and all (the question
	// was edited): all of it is replaced.
	content, none := "", []*discordgo.MessageEmbed{}
	edit := &discordgo.MessageEdit{ID: c.live.ID, Channel: c.to.ChannelID, Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()}
	var rest []string
	if c.plain {
		parts := splitText(embedsText(embeds), maxContent)
		content, rest = parts[0], parts[1:]
		edit.Embeds = &none
		if len(rest) > 0 {
			edit.Components = &[]discordgo.MessageComponent{}
		}
	}
	if _, err := c.b.session.ChannelMessageEditComplex(edit); err != nil {
		return err
	}
	for k, part := range rest {
		msg := &discordgo.MessageSend{Content: part, AllowedMentions: noMentions()}
		if k == len(rest)-1 {
			msg.Components = components
		}
		if _, err := c.b.sendReply(c.to, msg); err != nil {
			return err
		}
	}
	return nil
}

func (c *channelReply) show(embeds []*discordgo.MessageEmbed) error {
	if c.live == nil {
		sent, err := c.send(embeds, nil)
		if err == nil {
			c.live = sent
		}
		return err
	}
	if c.plain {
		// Being written: the start of it, in the one message.
		content, none := truncate(embedsText(embeds), maxContent), []*discordgo.MessageEmbed{}
		_, err := c.b.session.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: c.live.ID, Channel: c.to.ChannelID, Content: &content, Embeds: &none, AllowedMentions: noMentions()})
		return err
	}
	_, err := c.b.session.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: c.live.ID, Channel: c.to.ChannelID, Embeds: &embeds, AllowedMentions: noMentions()})
	return err
}

func (c *channelReply) say(text string) {
	c.stopTyping()
	content := truncate(text, maxContent)
	if c.live == nil {
		sent, err := c.b.sendReply(c.to, &discordgo.MessageSend{Content: content, AllowedMentions: noMentions()})
		if err != nil {
			c.b.logFailure("send", "send reply", err, "channel", c.to.ChannelID)
			return
		}
		c.live = sent
		return
	}
	none, noButtons := []*discordgo.MessageEmbed{}, []discordgo.MessageComponent{}
	if _, err := c.b.session.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: c.live.ID, Channel: c.to.ChannelID, Content: &content, Embeds: &none, Components: &noButtons, AllowedMentions: noMentions()}); err != nil {
		c.b.logFailure("edit", "edit answer", err, "channel", c.to.ChannelID, "message", c.live.ID)
	}
}

func (c *channelReply) put(n int, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	c.stopTyping()
	if n == 0 && c.live != nil {
		return c.replace(embeds, components)
	}
	sent, err := c.send(embeds, components)
	if err == nil && n == 0 {
		c.live = sent
	}
	return err
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
// what does not fit follows.
type interactionReply struct {
	b     *Bot
	i     *discordgo.Interaction
	flags discordgo.MessageFlags
}

func (r *interactionReply) show(embeds []*discordgo.MessageEmbed) error {
	_, err := r.b.session.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Embeds: &embeds, AllowedMentions: noMentions()})
	return err
}

func (r *interactionReply) say(text string) {
	none := []*discordgo.MessageEmbed{}
	content := truncate(text, maxContent)
	r.b.edit(r.i, &discordgo.WebhookEdit{Content: &content, Embeds: &none, AllowedMentions: noMentions()})
}

func (r *interactionReply) put(n int, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) error {
	if n == 0 {
		_, err := r.b.session.InteractionResponseEdit(r.i, &discordgo.WebhookEdit{Embeds: &embeds, Components: &components, AllowedMentions: noMentions()})
		return err
	}
	_, err := r.b.session.FollowupMessageCreate(r.i, true, &discordgo.WebhookParams{Embeds: embeds, Components: components, Flags: r.flags, AllowedMentions: noMentions()})
	return err
}
