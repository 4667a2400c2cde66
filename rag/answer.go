package rag

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"

	"reportbot/rag/ingest"
	"reportbot/rag/question"
	"reportbot/rag/rank"
)

// ModeExtractive marks answers quoted from the report without a model.
const ModeExtractive = "extractive"

// Answer is reportbot's answer to one question. Its JSON form is part of the
// output contract of `reportbot ask --json`.
type Answer struct {
	Question string `json:"question"`
	// Interpreted is the standalone question used for retrieval when it
	// differs from Question (a follow-up rewritten from the conversation).
	Interpreted string `json:"interpreted,omitempty"`
	// Text is the answer, with [n] markers naming Citations.
	Text string `json:"answer"`
	// Answered is false when the report does not cover the question; Text
	// then says so and names the closest sections.
	Answered bool   `json:"answered"`
	Mode     string `json:"mode"`
	// Citations are the passages Text cites, numbered as in Text.
	Citations []Citation `json:"citations"`
	// Passages are the passages retrieved for the question, best first:
	// ranked by their best sentence, so not in the order of their Score,
	// which is the retrieval's.
	Passages []ScoredPassage `json:"passages"`
	// Note says how the answer was made when that is not the usual way:
	// the model failed and the report is quoted instead.
	Note string `json:"note,omitempty"`
	// Warnings are what checking a model's answer found: a quotation that
	// is not in the passage it cites.
	Warnings []string `json:"warnings,omitempty"`
	// Sources are passages attached to a model's answer that cites none:
	// the top retrieved, for the reader to check.
	Sources []Citation `json:"sources,omitempty"`
	// Chat is set when the question has nothing in it to look up (thanks,
	// a greeting): Text is then a reply to give as it is, not a refusal,
	// and the passages retrieved are beside the point.
	Chat bool `json:"chat,omitempty"`
}

// Passage is a citable piece of a report (see package ingest); Report
// describes a report; Span is a byte range of a text. They are ingest's
// types, named here so that callers need only this package.
type (
	Passage = ingest.Passage
	Report  = ingest.Report
	Span    = ingest.Span
)

// Sentences splits text into sentences, as the passages were split.
func Sentences(text string) []Span { return ingest.Sentences(text) }

// Citation is a passage an answer cites as [N].
type Citation struct {
	N int `json:"n"`
	ingest.Passage
}

// ScoredPassage is a retrieved passage with its retrieval score (0 to 1).
type ScoredPassage struct {
	ingest.Passage
	Score float64 `json:"score"`
}

// DefaultTopK is how many passages are retrieved for a question.
const DefaultTopK = 5

// Composing an extractive answer: the best sentence, and the next best
// when it scores nearly as well (the two together are more likely to hold
// the answer than either alone), within maxAnswerChars.
const (
	maxAnswerChars = 400
	// maxQuoted is the most sentences an answer quotes.
	maxQuoted = 3
)

// answerMass is the share of the sentences' softmax probability the quoted
// sentences must hold together: the best alone when the model is sure of
// it, the next best too when it is not. Chosen by TestFit's report
// (accuracy against median length on the tuning documents), a var so that
// the report can try others.
var answerMass = 0.7

// answerGap is how far, in score, below the best sentence another may be
// and still be quoted: a sentence much less likely than the best adds
// words, not the answer. Chosen with answerMass.
var answerGap = 1.5

// Extractive answers questions by quoting the sentences of the retrieved
// passages that best answer them. It needs no model and is deterministic.
// It is safe for concurrent use.
type Extractive struct {
	index    *Index
	k        int
	maxChars int
}

// NewExtractive returns an answerer over index that retrieves k passages per
// question (k <= 0 means DefaultTopK) and accepts questions of up to
// maxChars characters (<= 0 means DefaultMaxQuestion).
func NewExtractive(index *Index, k, maxChars int) *Extractive {
	if k <= 0 {
		k = DefaultTopK
	}
	return &Extractive{index: index, k: k, maxChars: maxChars}
}

// Answer answers question from the report. It returns a *QuestionError for a
// question that cannot be asked (empty, too long, not text), and an error
// when retrieval fails; a question the report does not cover is an Answer
// with Answered false.
func (e *Extractive) Answer(ctx context.Context, question string) (Answer, error) {
	return e.Respond(ctx, Request{Question: question})
}

// Respond answers a question in the context of the conversation before it:
// a follow-up is first rewritten into a standalone question (see
// Standalone), which the answer reports as Interpreted. A question with two
// parts gets an answer to each. Errors are as for Answer.
func (e *Extractive) Respond(ctx context.Context, req Request) (Answer, error) {
	a, done, err := e.index.begin(req, e.maxChars, ModeExtractive, Standalone)
	if err != nil || done {
		return a.answer, err
	}
	ans, q, qa := a.answer, a.text, a.read
	var parts []string
	chat := true // no part has anything to look up
	for _, part := range question.Split(q) {
		if part != q {
			qa = e.index.analyze(part)
		}
		f, err := e.index.findAnalyzed(ctx, qa, e.k)
		if err != nil {
			return Answer{}, err
		}
		chat = chat && f.query.Empty()
		ans.addPassages(f.hits)
		ans.Note = joinNotes(ans.Note, f.note())
		if !f.answers() || e.index.lateFor(part) != "" {
			parts = append(parts, e.index.refusal(part, f))
			continue
		}
		ans.Answered = true
		parts = append(parts, ans.quote(e.index, f.compose(e.index)))
	}
	ans.Text = strings.Join(parts, " ")
	ans.Chat = chat && !ans.Answered
	return ans, nil
}

// addPassages adds retrieved passages not yet in the answer's.
func (a *Answer) addPassages(hits []Hit) {
	for _, sp := range scored(hits) {
		dup := false
		for _, p := range a.Passages {
			dup = dup || p.ID == sp.ID
		}
		if !dup {
			a.Passages = append(a.Passages, sp)
		}
	}
}

// quote writes the sentences, each followed by the [n] marker of its
// passage, adding the passages to the citations.
func (a *Answer) quote(x *Index, sents []foundSentence) string {
	var b strings.Builder
	for i, s := range sents {
		p := x.passages[s.passage]
		n := 0
		for _, c := range a.Citations {
			if c.ID == p.ID {
				n = c.N
			}
		}
		if n == 0 {
			n = len(a.Citations) + 1
			a.Citations = append(a.Citations, Citation{N: n, Passage: p})
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s [%d]", withoutMarks(x.sentenceText(s)), n)
	}
	return b.String()
}

// Footnote marks of the report's own: "fell.[12][13]", "illegal.[citation
// needed]", "[when?]" marks, and a reference that ends a sentence
// ("details: [1]", after a space). Quoted, they would read as the
// answer's citations. A number or letter in brackets right after a word is
// left, at the end too: "arr[1]", "x[0]".
var (
	footnoteMarks = regexp.MustCompile(`([.,;:)"'”’])(?:\[(?:\d{1,3}|[a-z]|[\pL ]{3,30} needed|[\pL ]{2,20}\?)\])+|(\pL)(?:\[(?:[\pL ]{3,30} needed|[\pL ]{2,20}\?)\])+`)
	endingMarks   = regexp.MustCompile(`\s+(?:\[\d{1,3}\])+$`)
)

// withoutMarks returns a quoted sentence without the report's footnote
// marks.
func withoutMarks(text string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	return endingMarks.ReplaceAllString(footnoteMarks.ReplaceAllString(text, "$1$2"), "")
}

// answerability is the chance, from 0 to 1, that the found sentences
// answer the question (0 with nothing to look up or nothing found).
func (f found) answerability() float64 {
	return f.query.Answerability(f.ranked, f.top(2), f.passage)
}

// answers reports whether the found sentences answer the question.
func (f found) answers() bool { return f.answerability() >= rank.AnswerThreshold }

// top returns the scores of the n best sentences.
func (f found) top(n int) []rankScored {
	var out []rankScored
	for _, s := range f.sents[:min(n, len(f.sents))] {
		out = append(out, s.Scored)
	}
	return out
}

// compose picks the sentences to quote: the best, and the next best when it
// scores nearly as well and both fit in maxAnswerChars. A sentence that
// leads in to a list ("the following APIs:") brings the list's items and
// ends the answer.
func (f found) compose(x *Index) []foundSentence {
	// The sentences' probabilities under the ranking model: a softmax of
	// their scores.
	z := 0.0
	for _, s := range f.sents {
		z += math.Exp(s.Score - f.sents[0].Score)
	}
	var out []foundSentence
	quoted := map[string]bool{}
	// Sentences already quoted, as items too: a short answer brings the
	// sentence after it ("No." and its reason), which may also have
	// scored on its own.
	quotedAt := map[[2]int]bool{}
	chars, mass := -1, 0.0 // chars counts a space before each sentence
	for _, s := range f.sents {
		if len(out) > 0 && (mass >= answerMass || len(out) == maxQuoted || f.sents[0].Score-s.Score > answerGap) {
			break
		}
		if !s.among(quotedAt) {
			// The sentence it needs, unless already quoted: then it goes
			// alone, as it came.
			if r := x.withReferent(s, maxAnswerChars-chars-1-len(x.sentence(s.passage, s.sent))); !r.among(quotedAt) {
				s = r
			}
		}
		text := x.sentenceText(s)
		n := len(text)
		if quoted[text] || s.among(quotedAt) || len(out) > 0 && chars+1+n > maxAnswerChars {
			continue // the same words twice (a contents and its section), or too long
		}
		quoted[text] = true
		chars += 1 + n
		if items := x.listItems(s, maxAnswerChars-chars); len(items) > 0 {
			s.items = items
			return append(out, s)
		}
		quotedAt[[2]int{s.passage, s.sent}] = true
		for _, j := range s.items {
			quotedAt[[2]int{s.passage, j}] = true
		}
		if s.lead >= 0 {
			quotedAt[[2]int{s.passage, s.lead}] = true
		}
		out = append(out, s)
		mass += math.Exp(s.Score-f.sents[0].Score) / z
	}
	return out
}

// among reports whether s, or a sentence it brings, is one of the
// sentences at (passage, sentence).
func (s foundSentence) among(at map[[2]int]bool) bool {
	if at[[2]int{s.passage, s.sent}] {
		return true
	}
	for _, j := range s.items {
		if at[[2]int{s.passage, j}] {
			return true
		}
	}
	return s.lead >= 0 && at[[2]int{s.passage, s.lead}]
}

func round(x float64) float64 {
	return float64(int(x*10000+0.5)) / 10000
}
