package bot

import (
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
)

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

// typedAsk returns the question of /ask typed as text rather than picked
// ("/ask how many troops?", "/ask question: how many troops?"), as people
// do where the command has not appeared yet (a global registration takes
// up to an hour) or out of habit; any other text is returned as it is.
func typedAsk(text string) string {
	m := typedAskCommand.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	return strings.TrimSpace(m[1])
}

var typedAskCommand = regexp.MustCompile(`(?is)^[/!]` + cmdAsk + `(?:\s+` + optQuestion + `:)?(?:\s+(.*))?$`)

// forTheBot says which of the bot's own commands a message asks for rather
// than a question about the reports: "help" for help (typed as /help,
// !help, or the word alone) and for questions about the bot itself ("what
// can you do?", "who are you?"), "about" for /about typed as text; "" for
// a question.
func forTheBot(question string) string {
	q := strings.ToLower(strings.Join(strings.Fields(question), " "))
	switch {
	case typedAbout.MatchString(q):
		return cmdAbout
	case askingForHelp.MatchString(q):
		return cmdHelp
	}
	return ""
}

var (
	typedAbout    = regexp.MustCompile(`^[/!]` + cmdAbout + `$`)
	askingForHelp = regexp.MustCompile(`^(?:` + strings.Join([]string{
		`[/!?]?` + cmdHelp + `(?: me| please)?`,
		`(?:who|what) are you`,
		`what (?:can|do) you (?:do|know)`,
		`how (?:do|can|should) i (?:use|ask) (?:you|this|this bot|it)`,
		`how does (?:this|this bot|it) work`,
	}, "|") + `)[.!?]*$`)
)
