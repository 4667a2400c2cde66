package bot

import "github.com/bwmarrin/discordgo"

// Command and option names. They are part of the bot's interface: people
// and their muscle memory depend on them.
const (
	cmdAsk        = "ask"
	cmdHelp       = "help"
	cmdAbout      = "about"
	cmdAskMessage = "Ask the report"
	// cmdAskMessages is the message command's name when the bot serves
	// several reports.
	cmdAskMessages = "Ask the reports"
	optQuestion    = "question"
	optPrivate     = "private"
)

// askMessageName is the message command's name: "Ask the report", or "Ask
// the reports" when the bot serves several.
func askMessageName(several bool) string {
	if several {
		return cmdAskMessages
	}
	return cmdAskMessage
}

// commands returns the application commands the bot registers; their
// descriptions say "the reports" when it serves several.
func commands(maxQuestion int, several bool) []*discordgo.ApplicationCommand {
	reports := theReports(several)
	about := "The report, the index and the answer mode reportbot uses"
	if several {
		about = "The reports, the index and the answer mode reportbot uses"
	}
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Ask a question about " + reports,
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
		{Name: cmdAbout, Type: discordgo.ChatApplicationCommand, Description: about},
		{Name: askMessageName(several), Type: discordgo.MessageApplicationCommand},
	}
}
