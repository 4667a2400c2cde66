package bot

import (
	"context"

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
}

func (c *channelReply) show(embeds []*discordgo.MessageEmbed) error {
	if c.live == nil {
		sent, err := c.b.sendReply(c.to, &discordgo.MessageSend{Embeds: embeds, AllowedMentions: noMentions()})
		if err == nil {
			c.live = sent
		}
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
		// The reply may be an earlier answer's, text and all (the
		// question was edited): all of it is replaced.
		var content string
		_, err := c.b.session.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: c.live.ID, Channel: c.to.ChannelID, Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()})
		return err
	}
	sent, err := c.b.sendReply(c.to, &discordgo.MessageSend{Embeds: embeds, Components: components, AllowedMentions: noMentions()})
	if err == nil && n == 0 {
		c.live = sent
	}
	return err
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
