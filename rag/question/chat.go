package question

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// chatTable is chat.txt: chat short forms and the words they stand for.
//
//go:embed chat.txt
var chatTable string

// chatForms maps a chat short form to what it stands for, read from
// chatTable on first use.
var chatForms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(chatTable, "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if short, full, ok := strings.Cut(line, " "); ok {
			m[short] = strings.TrimSpace(full)
		}
	}
	return m
})

// chatWord finds the words of a question as typed.
var chatWord = regexp.MustCompile(`[\p{L}\p{N}']+`)

// ExpandChat rewrites the chat short forms of a question as the words
// they stand for ("how many ppl r there" as "how many people are there"),
// keeping the rest as written. Only lowercase forms are read as chat: "US"
// and "IT" are acronyms.
func ExpandChat(text string) string { return expandChat(text, nil) }

// expandChat is ExpandChat for reports that use the words uses says they
// do: a short form of two letters or more that is one of their words is
// that word ("what is bc" of bc's manual is not "what is because"). Nil
// uses means no words.
func expandChat(text string, uses func(word string) bool) string {
	forms := chatForms()
	var b strings.Builder
	last := 0
	for _, m := range chatWord.FindAllStringIndex(text, -1) {
		w := text[m[0]:m[1]]
		full, ok := forms[w]
		if !ok || len(w) > 1 && uses != nil && uses(w) || m[0] > 0 && text[m[0]-1] == '-' {
			continue // not chat, a word of the reports, or an option ("-r")
		}
		b.WriteString(text[last:m[0]])
		b.WriteString(full)
		last = m[1]
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
