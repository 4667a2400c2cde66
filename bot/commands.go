package bot

import "github.com/bwmarrin/discordgo"

// Command and option names. They are part of the bot's interface: people
// and their muscle memory depend on them.
const (
	cmdAsk        = "ask"
	cmdHelp       = "help"
	cmdAbout      = "about"
	cmdAskMessage = "Ask the report"
	optQuestion   = "question"
	optPrivate    = "private"
)

// commands returns the application commands the bot registers.
func commands(maxQuestion int) []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Ask a question about the report",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        optQuestion,
					Description: "What you want to know",
					Required:    true,
					MaxLength:   min(maxQuestion, 6000),
				},
				{
					Type:        discordgo.ApplicationCommandOptionBoolean,
					Name:        optPrivate,
					Description: "Show the answer to you only",
				},
			},
		},
		{Name: cmdHelp, Type: discordgo.ChatApplicationCommand, Description: "How to ask reportbot and what it knows"},
		{Name: cmdAbout, Type: discordgo.ChatApplicationCommand, Description: "The report, the index and the answer mode reportbot uses"},
		{Name: cmdAskMessage, Type: discordgo.MessageApplicationCommand},
	}
}
