package bot

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"reportbot/rag"
)

// Discord's limits, in characters.
const (
	maxContent     = 2000
	maxDescription = 4096
	maxEmbedsTotal = 6000
	maxTitle       = 256
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbeds      = 10
	maxFields      = 25
	maxCustomID    = 100
	maxButtonIDs   = 5
)

// Embed colours.
const (
	colorAnswer  = 0x3B82F6
	colorRefusal = 0x9CA3AF
	colorInfo    = 0x10B981
)

// noMentions allows no mention of any kind: it serialises as
// {"parse": []}, which (unlike a nil list) tells Discord to ping nobody.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Custom ID prefixes of the answer buttons; the IDs of the passages follow.
const (
	idPassages = "passages:"
	// idCited opens "Show passages" of an answer whose citations are not
	// numbered 1, 2, 3… in order: each ID follows its number and a dot
	// ("cited:4.ab12…,2.cd34…"), so the passages shown keep the numbers
	// the answer cites them by.
	idCited    = "cited:"
	idVoteUp   = "vote:up:"
	idVoteDown = "vote:down:"
)

// rendered is an answer laid out as Discord messages: each holds up to ten
// embeds within the 6,000-character total, and the last carries the buttons.
type rendered struct {
	messages   [][]*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// interpretedPrefix opens the description of an answer to a rewritten
// follow-up; history.go reads it back.
const interpretedPrefix = "_Interpreted as: "

// renderAnswer lays out an answer: the question as the title, the answer
// (split at sentence or word boundaries if it is long) as the description,
// one source line per citation, the report in the footer, and the buttons.
func (b *Bot) renderAnswer(ans rag.Answer) rendered {
	var desc strings.Builder
	if ans.Interpreted != "" {
		desc.WriteString(interpretedPrefix + escape(ans.Interpreted) + "_\n\n")
	}
	color := colorAnswer
	switch {
	case ans.Chat:
		color = colorInfo // "thanks!", "hi": said back, not refused
	case !ans.Answered:
		color = colorRefusal
		desc.WriteString(notCovered(b.several()))
	}
	desc.WriteString(escape(ans.Text))
	for _, w := range ans.Warnings {
		desc.WriteString("\n\n⚠️ " + escape(w))
	}
	if ans.Note != "" {
		desc.WriteString("\n\n_" + escape(ans.Note) + "_")
	}

	var embeds []*discordgo.MessageEmbed
	for i, part := range splitText(desc.String(), maxDescription) {
		e := &discordgo.MessageEmbed{Description: part, Color: color}
		if i == 0 {
			e.Title = truncate(defang(oneLine(ans.Question)), maxTitle)
		}
		embeds = append(embeds, e)
	}
	tails := tailEmbeds(b.sourceFields(ans), truncate(defang(b.footer(ans)), maxFooter), color)
	if last := embeds[len(embeds)-1]; len(tails) == 1 && embedSize(last)+embedSize(tails[0]) <= maxEmbedsTotal {
		last.Fields, last.Footer = tails[0].Fields, tails[0].Footer
	} else {
		embeds = append(embeds, tails...)
	}

	var ids []string
	label := "Show passages"
	cites := ans.Citations
	if len(cites) == 0 {
		cites = ans.Sources
	}
	for _, c := range cites {
		ids = append(ids, c.ID)
	}
	if len(cites) == 0 {
		label = "Show closest passages"
		for _, p := range ans.Passages {
			ids = append(ids, p.ID)
		}
	}
	var components []discordgo.MessageComponent
	if len(ids) > 0 && !ans.Chat {
		joined := joinIDs(ids)
		components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: passagesID(cites, joined)},
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: fitID(idVoteUp, joined)},
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: fitID(idVoteDown, joined)},
		}}}
	}
	return rendered{messages: packEmbeds(embeds), components: components}
}

// joinIDs joins up to maxButtonIDs passage IDs for a button's custom ID.
func joinIDs(ids []string) string {
	if len(ids) > maxButtonIDs {
		ids = ids[:maxButtonIDs]
	}
	return strings.Join(ids, ",")
}

// passagesID is the custom ID of "Show passages": the IDs joined, which
// are numbered 1, 2, 3… by their place, or, when the answer numbers its
// citations otherwise, each ID with its number.
func passagesID(cites []rag.Citation, joined string) string {
	numbered := make([]string, 0, len(cites))
	inOrder := true
	for k, c := range cites {
		inOrder = inOrder && c.N == k+1
		numbered = append(numbered, fmt.Sprintf("%d.%s", c.N, c.ID))
	}
	if inOrder {
		return fitID(idPassages, joined)
	}
	return fitID(idCited, joinIDs(numbered))
}

// shownPassage is a passage "Show passages" shows, with the number the
// answer cites it by.
type shownPassage struct {
	n int
	rag.Passage
}

// fitID returns prefix+ids within Discord's 100-character custom ID limit,
// dropping whole IDs from the end when needed.
func fitID(prefix, ids string) string {
	for len(prefix)+len(ids) > maxCustomID {
		i := strings.LastIndexByte(ids, ',')
		if i < 0 {
			return prefix
		}
		ids = ids[:i]
	}
	return prefix + ids
}

// tailEmbeds carries the source fields and the footer: one embed when they
// fit Discord's 6,000 characters and 25 fields, else as many as they need,
// the footer on the last.
func tailEmbeds(fields []*discordgo.MessageEmbedField, footer string, color int) []*discordgo.MessageEmbed {
	cur := &discordgo.MessageEmbed{Color: color}
	tails := []*discordgo.MessageEmbed{cur}
	for _, f := range fields {
		if len(cur.Fields) > 0 && (len(cur.Fields) == maxFields || embedSize(cur)+embedSize(&discordgo.MessageEmbed{Fields: []*discordgo.MessageEmbedField{f}}) > maxEmbedsTotal) {
			cur = &discordgo.MessageEmbed{Color: color}
			tails = append(tails, cur)
		}
		cur.Fields = append(cur.Fields, f)
	}
	if utf8.RuneCountInString(footer)+embedSize(cur) > maxEmbedsTotal {
		cur = &discordgo.MessageEmbed{Color: color}
		tails = append(tails, cur)
	}
	cur.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	return tails
}

// sourceFields lists the citations, one line each: [n] where · a short
// quoted excerpt, where is as citedAs says, naming the report when the bot
// serves several (or the answer cites several).
func (b *Bot) sourceFields(ans rag.Answer) []*discordgo.MessageEmbedField {
	cites, title := ans.Citations, "Sources"
	if len(cites) == 0 && len(ans.Sources) > 0 {
		// The answer cites nothing: show what it was given, as such.
		cites, title = ans.Sources, "Sources (not cited by the answer)"
	}
	if len(cites) == 0 {
		return nil
	}
	reports := map[string]bool{}
	for _, c := range cites {
		reports[c.Report] = true
	}
	nameReport := b.several() || len(reports) > 1
	var lines []string
	for _, c := range cites {
		where := citedAs(c.Passage, nameReport)
		lines = append(lines, fmt.Sprintf("**[%d]** %s · “%s”", c.N, where, escape(excerpt(c.Passage, ans.Text, 90))))
	}
	var fields []*discordgo.MessageEmbedField
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		name := title
		if len(fields) > 0 {
			name = title + " (continued)"
		}
		fields = append(fields, &discordgo.MessageEmbedField{Name: name, Value: cur.String()})
		cur.Reset()
	}
	for _, l := range lines {
		l = truncate(l, maxFieldValue)
		if utf8.RuneCountInString(cur.String())+utf8.RuneCountInString(l)+1 > maxFieldValue {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	flush()
	return fields
}

// excerpt returns a short piece of the passage: the first of its sentences
// the answer quotes, else its first sentence, cut to about limit characters.
func excerpt(p rag.Passage, answer string, limit int) string {
	spans := rag.Sentences(p.Text)
	pick := ""
	for _, s := range spans {
		if sent := p.Text[s.Start:s.End]; strings.Contains(answer, sent) {
			pick = sent
			break
		}
	}
	if pick == "" && len(spans) > 0 {
		pick = p.Text[spans[0].Start:spans[0].End]
	}
	return truncate(oneLine(pick), limit)
}

// footer names the reports an answer draws on, with their dates: those it
// cites, else those of the sources it was given, else every report served
// (up to footerListed of them, then "and N more").
func (b *Bot) footer(ans rag.Answer) string {
	dated := func(title string) string {
		for _, r := range b.info.Reports {
			if r.Title == title && r.Date != "" {
				return title + " · " + r.Date
			}
		}
		return title
	}
	var titles []string
	seen := map[string]bool{}
	for _, cites := range [][]rag.Citation{ans.Citations, ans.Sources} {
		for _, c := range cites {
			if !seen[c.Report] {
				seen[c.Report] = true
				titles = append(titles, dated(oneLine(c.Report)))
			}
		}
		if len(titles) > 0 {
			return strings.Join(titles, " | ")
		}
	}
	for _, r := range b.info.Reports {
		titles = append(titles, dated(oneLine(r.Title)))
	}
	return boundedList(titles, " | ", footerListed, maxFooter)
}

// passageEmbeds shows passages in full, one embed each, titled by the
// numbers the answer cites them by.
func passageEmbeds(ps []shownPassage) []*discordgo.MessageEmbed {
	var embeds []*discordgo.MessageEmbed
	for _, p := range ps {
		for j, part := range splitText(escape(p.Text), maxDescription) {
			e := &discordgo.MessageEmbed{Description: part, Color: colorInfo}
			if j == 0 {
				e.Title = truncate(defang(fmt.Sprintf("[%d] %s · p. %d", p.n, oneLine(p.Section), p.Page)), maxTitle)
				e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(defang(p.Report), maxFooter)}
			}
			embeds = append(embeds, e)
		}
	}
	return embeds
}

// embedSize counts the characters Discord counts towards the 6,000 total.
func embedSize(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	if e.Author != nil {
		n += utf8.RuneCountInString(e.Author.Name)
	}
	return n
}

// packEmbeds groups embeds into messages of at most ten embeds and 6,000
// characters.
func packEmbeds(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var msgs [][]*discordgo.MessageEmbed
	var cur []*discordgo.MessageEmbed
	size := 0
	for _, e := range embeds {
		n := embedSize(e)
		if len(cur) > 0 && (len(cur) == maxEmbeds || size+n > maxEmbedsTotal) {
			msgs = append(msgs, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += n
	}
	if len(cur) > 0 {
		msgs = append(msgs, cur)
	}
	return msgs
}

var marker = regexp.MustCompile(`^\[\d+\]`)

// splitText cuts s into pieces of at most limit characters. It cuts after a
// paragraph if it can, else after a sentence (and its citation markers),
// else at a space; never inside a [n] marker, and never between a sentence
// and the marker that cites it. Pieces are trimmed; joined with spaces they
// give back the words of s.
func splitText(s string, limit int) []string {
	s = strings.TrimSpace(s)
	var parts []string
	for utf8.RuneCountInString(s) > limit {
		cut := bestCut(s, limit)
		parts = append(parts, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, s)
	}
	return parts
}

// bestCut returns the byte offset at which to cut the start of s, within
// limit characters.
func bestCut(s string, limit int) int {
	end := 0
	for n := 0; n < limit && end < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	prefix := s[:end]
	const (
		none = iota
		word
		sentence
		paragraph
	)
	best, bestAt := none, 0
	for i := len(prefix); i > len(prefix)/3 && best < paragraph; i-- {
		if i >= len(s) || (s[i] != ' ' && s[i] != '\n') {
			continue
		}
		rest := strings.TrimLeft(s[i:], " \n")
		if marker.MatchString(rest) {
			continue // keep a marker with its sentence
		}
		tier := word
		before := strings.TrimRight(s[:i], " ")
		switch {
		case strings.HasSuffix(s[:i], "\n\n") || strings.HasPrefix(s[i:], "\n\n"):
			tier = paragraph
		case strings.HasSuffix(before, "]") || endsSentenceText(before):
			tier = sentence
		}
		if tier > best {
			best, bestAt = tier, i
		}
	}
	if best != none {
		return bestAt
	}
	// No space to cut at: cut hard, but not inside a marker, nor between
	// a backslash and the character it escapes.
	if j := strings.LastIndexByte(prefix, '['); j > 0 && !strings.Contains(prefix[j:], "]") {
		return j
	}
	if run := len(prefix) - len(strings.TrimRight(prefix, `\`)); run%2 == 1 && end > 1 {
		return end - 1
	}
	return end
}

// endsSentenceText reports whether t ends a sentence: with ., ! or ?, but
// not with an abbreviation ("U.S.", "e.g.", "J.", "Dr.").
func endsSentenceText(t string) bool {
	t = strings.TrimRight(t, "\"'”’)")
	if strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") {
		return true
	}
	if !strings.HasSuffix(t, ".") {
		return false
	}
	last := t[strings.LastIndexAny(t, " \n(")+1:]
	return !abbreviation.MatchString(last) && !titles[strings.ToLower(strings.TrimSuffix(last, "."))]
}

// abbreviation matches a word that ends in a dot without ending a sentence:
// dotted letters ("U.S.", "e.g.") and initials ("J.").
var abbreviation = regexp.MustCompile(`^(?:\pL\.)+$`)

// titles are the short words written with a dot that come before a name or
// a number.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "vs": true, "fig": true, "approx": true, "prof": true, "gen": true, "sen": true, "rep": true, "gov": true, "jr": true, "sr": true}

// mdSpecial are the characters Discord markdown gives meaning to.
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `>`, `\>`, `#`, `\#`, `](`, `]\(`, `<`, `\<`, `@`, "@\u200b",
)

var pingLike = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere", "<@", "<@\u200b")

// defang breaks @everyone, @here and mention syntax with a zero-width space
// where markdown escapes do not apply (embed titles and footers). allowed_mentions
// already stops pings; this keeps the text from even looking like one.
func defang(s string) string { return pingLike.Replace(s) }

// escape neutralises Discord markdown, masked links and mention syntax in
// text from a question or a report, so it shows as written.
func escape(s string) string { return mdSpecial.Replace(s) }

// oneLine folds white space, line breaks included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most limit characters, ending with "…" when cut.
func truncate(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	rs := []rune(s)
	cut := string(rs[:limit-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ") + "…"
}
