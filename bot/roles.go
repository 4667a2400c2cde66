package bot

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
)

// rawRole is the part of a role object that names the bot it belongs to:
// discordgo's Role has no tags.
type rawRole struct {
	ID   string `json:"id"`
	Tags struct {
		BotID string `json:"bot_id"`
	} `json:"tags"`
}

// onRawEvent follows the bot's managed role in each guild, from the raw
// GUILD_CREATE and GUILD_ROLE_* events: when people type "@reportbot",
// Discord's picker often gives the role, and a mention of it is a
// mention of the bot.
func (b *Bot) onRawEvent(_ *discordgo.Session, e *discordgo.Event) {
	defer b.survive("raw event")
	var guildID string
	var roles []rawRole
	switch e.Type {
	case "GUILD_CREATE":
		var g struct {
			ID    string    `json:"id"`
			Roles []rawRole `json:"roles"`
		}
		if json.Unmarshal(e.RawData, &g) != nil {
			return
		}
		guildID, roles = g.ID, g.Roles
	case "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE":
		var r struct {
			GuildID string  `json:"guild_id"`
			Role    rawRole `json:"role"`
		}
		if json.Unmarshal(e.RawData, &r) != nil {
			return
		}
		guildID, roles = r.GuildID, []rawRole{r.Role}
	case "GUILD_ROLE_DELETE":
		var r struct {
			GuildID string `json:"guild_id"`
			RoleID  string `json:"role_id"`
		}
		if json.Unmarshal(e.RawData, &r) == nil {
			b.mu.Lock()
			if b.roles[r.GuildID] == r.RoleID {
				delete(b.roles, r.GuildID)
			}
			b.mu.Unlock()
		}
		return
	default:
		return
	}
	botID := b.id()
	for _, r := range roles {
		if r.ID != "" && r.Tags.BotID != "" && r.Tags.BotID == botID {
			b.mu.Lock()
			b.roles[guildID] = r.ID
			b.mu.Unlock()
			b.log.Debug("the bot's role", "guild", guildID, "role", r.ID)
		}
	}
}

// mentionsRole reports whether m mentions the bot's role in its guild.
func (b *Bot) mentionsRole(m *discordgo.Message) bool {
	if len(m.MentionRoles) == 0 {
		return false
	}
	b.mu.Lock()
	role, ok := b.roles[m.GuildID]
	b.mu.Unlock()
	return ok && contains(m.MentionRoles, role)
}
