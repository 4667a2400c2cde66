package bot

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// maxChain bounds how many messages of a reply chain are read for context.
const maxChain = 10

// history walks the reply chain above m, at most maxChain messages, and
// returns the bot's answers in it as turns, oldest first. Discord includes
// the replied-to message in each message; older ones are fetched. A message
// that cannot be fetched ends the walk. The chain is the conversation's only
// store: nothing is kept between questions.
func (b *Bot) history(m *discordgo.Message) []rag.Turn {
	botID := b.id()
	var turns []rag.Turn
	cur := parent(b, m)
	for n := 0; cur != nil && n < maxChain; n++ {
		if cur.Author != nil && cur.Author.ID == botID && len(cur.Embeds) > 0 {
			if t := turnFromEmbed(cur.Embeds[0]); t.Question != "" {
				turns = append(turns, t)
			}
		}
		cur = parent(b, cur)
	}
	for i, j := 0, len(turns)-1; i < j; i, j = i+1, j-1 {
		turns[i], turns[j] = turns[j], turns[i]
	}
	return turns
}

// parent returns the message m replies to, fetching it when Discord did not
// include it.
func parent(b *Bot, m *discordgo.Message) *discordgo.Message {
	if m.ReferencedMessage != nil {
		return m.ReferencedMessage
	}
	ref := m.MessageReference
	if ref == nil || ref.MessageID == "" {
		return nil
	}
	channel := ref.ChannelID
	if channel == "" {
		channel = m.ChannelID
	}
	p, err := b.session.ChannelMessage(channel, ref.MessageID)
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
