package rag

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"reportbot/rag/lexical"
)

// refusal says, in a sentence or two, that the reports do not answer a
// question: "The report doesn't answer “What is the population of South
// Korea?”: it never mentions “population”. Closest: “Overview” (p. 1)."
// A question with nothing to look up gets help instead, and one that does
// not look like English is told that questions are read in English.
func (x *Index) refusal(q string, f found) string {
	subject, verb := "The report", "doesn't"
	if len(x.reports) > 1 {
		subject, verb = "The reports", "don't"
	}
	if f.query.Empty() {
		if thanks(q) {
			return "You're welcome! Ask me anything else about the report."
		}
		if greets(q) {
			return "Hi! Ask me a question about the report, for example: What is the report about?"
		}
		return "There is nothing in that to look up. Ask a question about the report, for example: What is the report about?"
	}
	if !x.readsAsEnglish(f) {
		return "I read questions in English, and this one doesn't look like English. Please ask it in English."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s answer “%s”", subject, verb, shortForm(q))
	if missing := x.unmentioned(f); len(missing) > 0 {
		fmt.Fprintf(&b, ": %s never %s %s", pronoun(len(x.reports)), mentionVerb(len(x.reports)), joinQuoted(missing))
	}
	b.WriteString(".")
	if date := x.lateFor(q); date != "" {
		fmt.Fprintf(&b, " %s is dated %s and cannot say what came after.", pronounCap(len(x.reports)), date)
	}
	var closest []string
	seen := map[string]bool{}
	for _, h := range f.hits {
		key := h.Passage.Report + "\x00" + h.Passage.Section
		if !seen[key] && len(closest) < 2 {
			seen[key] = true
			where := fmt.Sprintf("“%s” (p. %d)", h.Passage.Section, h.Passage.Page)
			if len(x.reports) > 1 && h.Passage.Section != h.Passage.Report {
				// Several reports: say whose section it is.
				where = fmt.Sprintf("“%s” (%s, p. %d)", h.Passage.Section, h.Passage.Report, h.Passage.Page)
			}
			closest = append(closest, where)
		}
	}
	if len(closest) > 0 {
		fmt.Fprintf(&b, " Closest: %s.", strings.Join(closest, ", "))
	}
	return b.String()
}

func pronoun(reports int) string {
	if reports > 1 {
		return "they"
	}
	return "it"
}

func pronounCap(reports int) string {
	if reports > 1 {
		return "They are"
	}
	return "It"
}

func mentionVerb(reports int) string {
	if reports > 1 {
		return "mention"
	}
	return "mentions"
}

// shortQuestion is the longest a question is quoted in a refusal, in
// characters.
const shortQuestion = 60

// shortForm is a question as a refusal quotes it: without its final
// punctuation, and cut at a word before shortQuestion characters.
func shortForm(q string) string {
	q = strings.TrimRight(strings.TrimSpace(q), "?!.,;: ")
	r := []rune(q)
	if len(r) <= shortQuestion {
		return q
	}
	cut := string(r[:shortQuestion])
	if i := strings.LastIndexByte(cut, ' '); i > shortQuestion/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;: ") + "…"
}

// greetingWords are what people say to a bot before asking anything;
// thankWords, after.
var (
	greetingWords = map[string]bool{"hi": true, "hello": true, "hey": true, "hiya": true, "yo": true, "morning": true, "evening": true, "greetings": true, "sup": true}
	thankWords    = map[string]bool{"thanks": true, "thank": true, "thx": true, "ty": true, "cheers": true}
)

// greets reports whether a question greets; thanks, whether it thanks.
func greets(q string) bool { return says(q, greetingWords) }
func thanks(q string) bool { return says(q, thankWords) }

// says reports whether one of the question's words is among words.
func says(q string, words map[string]bool) bool {
	for _, t := range lexical.Tokens(q) {
		if words[t.Text] {
			return true
		}
	}
	return false
}

// readsAsEnglish reports whether a question looks like English: most of its
// letters are Latin, and most of its words are English words, words of the
// reports, or names. Questions in other languages get a hint instead of a
// list of words the report never uses.
func (x *Index) readsAsEnglish(f found) bool {
	latin, other := 0, 0
	for _, r := range f.q.Text {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	if other > latin {
		return false
	}
	foreign, words := 0, 0
	for _, w := range f.q.Words {
		if w.Term == "" || w.Number || w.Acronym || w.Capital {
			continue
		}
		words++
		if x.vocab.ID(w.Term) < 0 && !lexical.IsEnglish(w.Lower) && !lexical.IsStopWord(w.Lower) {
			foreign++
		}
	}
	return foreign < 2 || foreign*5 < words*3
}

// unmentioned returns, as asked, up to three of the question's words that
// the reports never use, nor any retrieved sentence in a similar word.
func (x *Index) unmentioned(f found) []string {
	var words []string
	for _, w := range f.ranked.Unsaid() {
		// One word may give several terms ("example.com/?q=troops").
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return words[:min(len(words), 3)]
}

// joinQuoted quotes the words and joins them as English does: “a”, “b” or “c”.
func joinQuoted(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "“" + w + "”"
	}
	if len(quoted) == 1 {
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}
