package rag

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultMaxQuestion is the longest question, in characters, answered when
// no other limit is set.
const DefaultMaxQuestion = 1000

// QuestionError explains why a question cannot be answered. Its message is
// a short sentence fit to show the person who asked.
type QuestionError struct {
	msg string
}

// Error returns the explanation.
func (e *QuestionError) Error() string { return e.msg }

// CleanQuestion checks a question and returns it tidied: control, zero-width
// and bidirectional formatting characters removed, white space collapsed.
// It returns a *QuestionError when the question is not valid UTF-8, holds NUL
// bytes, has no letters or digits, or is longer than maxChars characters
// (maxChars <= 0 means DefaultMaxQuestion).
func CleanQuestion(q string, maxChars int) (string, error) {
	if maxChars <= 0 {
		maxChars = DefaultMaxQuestion
	}
	if !utf8.ValidString(q) || strings.IndexByte(q, 0) >= 0 {
		return "", &QuestionError{"That doesn't look like text. Please ask your question in words."}
	}
	var b strings.Builder
	space, words := false, false
	for _, r := range q {
		switch {
		case unicode.IsSpace(r):
			space = true
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// invisible: zero-width, bidi overrides, soft hyphens, controls
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			words = words || unicode.IsLetter(r) || unicode.IsNumber(r)
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" {
		return "", &QuestionError{"The question is empty. Ask something about the report, for example: What is the report about?"}
	}
	if !words {
		return "", &QuestionError{"The question has no words in it. Please ask in words."}
	}
	if n := utf8.RuneCountInString(out); n > maxChars {
		return "", &QuestionError{fmt.Sprintf("The question is %d characters long; the limit is %d. Please shorten it.", n, maxChars)}
	}
	return out, nil
}
