package rag

import (
	"regexp"
	"strings"
	"unicode"

	"reportbot/rag/lexical"
)

// Turn is one earlier exchange of a conversation: the question as it was
// understood (standalone), and the answer given.
type Turn struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Request is a question with the conversation before it.
type Request struct {
	Question string
	// History holds the earlier turns, oldest first. Only the last few
	// matter; callers bound it.
	History []Turn
	// OnText, when set, receives the answer's text so far each time more
	// of it is written (answers written by a model only), from the
	// answering goroutine: it must return quickly. Each text extends the
	// one before; the Answer returned is what counts.
	OnText func(text string)
}

// connectives open a question that continues the one before.
var connectives = []string{"and ", "also ", "but ", "so ", "then ", "what about ", "how about "}

// pronouns stand for something named earlier; the value is what replaces
// them: the topic itself, or its possessive.
var pronouns = map[string]bool{
	"it": false, "they": false, "them": false, "those": false, "these": false,
	"he": false, "she": false, "him": false,
	"its": true, "their": true, "his": true,
}

// Standalone rewrites a follow-up question so that it stands alone, using the
// last turn of history: a pronoun ("them", "it") is replaced by the topic of
// the earlier question ("U.S. troops"), and a bare continuation ("and in
// 2020?", "why?") is tied to it. A question that does not lean on the
// conversation is returned unchanged, as is any question without history.
//
// It is a heuristic for the offline answerer, with no model: the topic is the
// first run of content words of the earlier question.
func Standalone(question string, history []Turn) string {
	if len(history) == 0 {
		return question
	}
	prev := history[len(history)-1].Question
	topic := topicOf(prev)
	if topic == "" {
		return question
	}
	q := strings.TrimSpace(question)
	lower := strings.ToLower(q)
	continues := false
	for _, c := range connectives {
		if strings.HasPrefix(lower, c) {
			continues = true
			if c == "and " || c == "also " || c == "so " || c == "then " {
				q = upperFirst(strings.TrimSpace(q[len(c):]))
			}
			break
		}
	}
	words := strings.Fields(q)
	replaced := false
	for i, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		possessive, ok := pronouns[strings.ToLower(core)]
		if !ok || replaced {
			continue
		}
		sub := topic
		if possessive && strings.HasSuffix(sub, "s") {
			sub += "’"
		} else if possessive {
			sub += "’s"
		}
		words[i] = strings.Replace(w, core, sub, 1)
		replaced = true
	}
	if replaced {
		return strings.Join(words, " ")
	}
	if continues || len(lexical.Terms(q)) <= 1 {
		return strings.TrimRight(q, "?!. ") + aboutOpen + unnest(strings.TrimRight(prev, "?!. ")) + ")?"
	}
	return question
}

// aboutOpen ties a bare continuation to the question before it: "why
// (about: How many U.S. troops are based in South Korea)?". Its words are
// stop words, so that they add nothing to the search.
const aboutOpen = " (about: "

// unnest writes an earlier question that was itself tied to the one
// before it as a list, "When was that; When did the talks start", so that
// a chain of follow-ups does not nest.
func unnest(prev string) string {
	i := strings.Index(prev, aboutOpen)
	if i < 0 || !strings.HasSuffix(prev, ")") {
		return prev
	}
	return prev[:i] + "; " + unnest(prev[i+len(aboutOpen):len(prev)-1])
}

// LeansOnEarlier reports whether a question cannot stand alone: it opens
// with a connective ("and when was that?", "what about Japan?"), has no
// content word of its own ("why?"), or names its subject by a pronoun
// before any content word ("how much do they cost?"); "thanks!" and "hi"
// have no content word either, but ask nothing. It is stricter than
// Standalone, which rewrites any pronoun ("what did Seoul say about its
// budget?" too): a caller that only guesses that a question continues a
// conversation, rather than being told so (by a reply), asks it first.
func LeansOnEarlier(question string) bool {
	lower := strings.ToLower(strings.TrimSpace(question))
	for _, c := range connectives {
		if strings.HasPrefix(lower, c) {
			return true
		}
	}
	if len(lexical.Terms(question)) == 0 {
		// Nothing of its own to look up: a follow-up if it asks ("why?",
		// "when was that?"), not if it talks ("thanks!", "hi", "ok").
		return strings.HasSuffix(strings.TrimRight(lower, " .!"), "?") || isQuestionWord(firstWord(lower))
	}
	for _, w := range strings.Fields(lower) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		switch core {
		case "it", "its", "they", "them", "their", "he", "she", "him", "his":
			return true
		}
		if len(lexical.Terms(core)) > 0 {
			return false // a content word first: the pronoun may point back to it
		}
	}
	return false
}

func firstWord(s string) string {
	for _, w := range strings.Fields(s) {
		return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	}
	return ""
}

func isQuestionWord(w string) bool {
	switch w {
	case "what", "when", "where", "which", "who", "whom", "whose", "why", "how":
		return true
	}
	return false
}

var dottedAcronym = regexp.MustCompile(`^(?:\pL\.){2,}$`)

// topicOf returns the first run of content words of a question, as written:
// for "How many U.S. troops are based in South Korea?" it is "U.S. troops".
func topicOf(q string) string {
	var run []string
	for _, w := range strings.Fields(q) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '-' })
		if !dottedAcronym.MatchString(core) {
			core = strings.TrimRight(core, ".")
		}
		if core == "" {
			continue
		}
		lw := strings.ToLower(core)
		content := lw != "whose" && !lexical.IsStopWord(lw) // the question words are stop words
		if dottedAcronym.MatchString(core) {
			content = true // U.S., U.N.
		}
		if content {
			run = append(run, core)
		} else if len(run) > 0 {
			break
		}
		if strings.ContainsAny(w, ",;:?!") && len(run) > 0 {
			break
		}
	}
	return strings.Join(run, " ")
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
