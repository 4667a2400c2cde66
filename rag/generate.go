package rag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"reportbot/rag/ingest"
	"reportbot/rag/rank"
	"reportbot/redact"
)

// ModeGenerative marks answers written by a language model from the
// retrieved passages.
const ModeGenerative = "generative"

// Model writes a reply to a system and a user message, streaming it:
// onDelta, when not nil, receives each piece as it arrives. *llm.Chat is
// one.
type Model interface {
	Stream(ctx context.Context, system, user string, onDelta func(string)) (string, error)
}

// GenerativeOptions configure NewGenerative. Zero values mean the defaults.
type GenerativeOptions struct {
	TopK        int           // passages retrieved and given to the model; DefaultTopK
	MaxQuestion int           // longest question in characters; DefaultMaxQuestion
	Timeout     time.Duration // longest the model may take for one answer; 20 s
	Logger      *slog.Logger  // slog.Default()
	// Secrets are values (the API key) never shown in an answer, should a
	// model or its server echo one: they are replaced as redact.Secrets
	// does, in the streamed text too.
	Secrets []string
}

// Generative answers with a language model that writes from the retrieved
// passages and cites them. It checks what the model wrote (citations name
// passages it was given; quotations are in the passage they cite), refuses
// without calling the model when retrieval finds clearly nothing, and falls
// back to the extractive answer, with a note, when the model fails or is too
// slow. It is safe for concurrent use.
type Generative struct {
	index    *Index
	model    Model
	fallback *Extractive // answers when the model cannot
	k        int
	maxChars int
	timeout  time.Duration
	log      *slog.Logger
	secrets  []string
}

// NewGenerative returns a generative answerer over index that writes with
// model.
func NewGenerative(index *Index, model Model, opts GenerativeOptions) *Generative {
	if opts.TopK <= 0 {
		opts.TopK = DefaultTopK
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Generative{
		index:    index,
		model:    model,
		fallback: NewExtractive(index, opts.TopK, opts.MaxQuestion),
		k:        opts.TopK,
		maxChars: opts.MaxQuestion,
		timeout:  opts.Timeout,
		log:      opts.Logger,
		secrets:  slices.DeleteFunc(slices.Clone(opts.Secrets), func(s string) bool { return s == "" }),
	}
}

// Notes an answer carries when it was not written by the model. They are
// for the people asking: what an operator should fix goes to the log.
const (
	NoteModelFailed      = "The language model could not answer just now, so this answer quotes the report directly."
	NoteModelTooSlow     = "The language model took too long, so this answer quotes the report directly."
	NoteModelEmpty       = "The language model gave an empty answer, so this answer quotes the report directly."
	NoteModelRateLimited = "The language model is rate-limited just now, so this answer quotes the report directly."
	NoteModelKeyRejected = "The bot's access to its language model is misconfigured, so this answer quotes the report directly."
	NoteModelNotFound    = "The bot's language model could not be found, so this answer quotes the report directly."
)

// ErrModelKeyRejected is what a Model's error may wrap when the model
// server refused its credentials: the answer then carries
// NoteModelKeyRejected. An error with an HTTPStatus() int method (as
// *llm.StatusError has) is read too: 401 and 403 mean the key was
// rejected, 404 that the model or the URL is wrong, 429 rate limiting.
var ErrModelKeyRejected = errors.New("the model server rejected the API key")

// errEmptyAnswer is a model's reply that says nothing once cleaned.
var errEmptyAnswer = errors.New("the model's reply is empty once cleaned")

// modelTrouble says what a model's failure means: the note for the answer
// and, for a failure an operator can fix, what to check, for the log.
func modelTrouble(err error, timedOut bool) (note, fix string) {
	status := 0
	var hs interface{ HTTPStatus() int }
	if errors.As(err, &hs) {
		status = hs.HTTPStatus()
	}
	switch {
	case errors.Is(err, ErrModelKeyRejected) || status == http.StatusUnauthorized || status == http.StatusForbidden:
		return NoteModelKeyRejected, "the model server rejected the API key: check OPENAI_API_KEY"
	case status == http.StatusNotFound:
		return NoteModelNotFound, "the model server answered 404: check OPENAI_MODEL (a model the server has; for Ollama, pulled first) and OPENAI_BASE_URL (usually ending in /v1)"
	case status == http.StatusTooManyRequests:
		return NoteModelRateLimited, "the model server is rate-limiting: lower the load or raise the account's limits"
	case errors.Is(err, errEmptyAnswer):
		return NoteModelEmpty, ""
	case timedOut:
		return NoteModelTooSlow, ""
	}
	return NoteModelFailed, ""
}

// Of the time left before the caller's deadline, the model gets all but a
// reserve: a quarter of it, at most maxReserve, in which the extractive
// answer that stands in for a failed model is still delivered.
const maxReserve = 2 * time.Second

// modelDeadline is when the model must have answered: Timeout from now,
// but never so late that the caller's deadline leaves no reserve.
func (g *Generative) modelDeadline(ctx context.Context) time.Time {
	d := time.Now().Add(g.timeout)
	if cd, ok := ctx.Deadline(); ok {
		reserve := min(time.Until(cd)/4, maxReserve)
		if latest := cd.Add(-reserve); latest.Before(d) {
			d = latest
		}
	}
	return d
}

// Answer answers question from the report; see Respond.
func (g *Generative) Answer(ctx context.Context, question string) (Answer, error) {
	return g.Respond(ctx, Request{Question: question})
}

// Respond answers a question in the context of the conversation before it.
// A follow-up is first rewritten by the model into a standalone question
// (the offline rewrite if that fails). While the model writes,
// req.OnText receives the text so far. It returns a *QuestionError for a
// question that cannot be asked and an error when retrieval fails; a model
// that fails gives the extractive answer with a Note, never an error.
func (g *Generative) Respond(ctx context.Context, req Request) (Answer, error) {
	deadline := g.modelDeadline(ctx)
	rewrite := func(q string, history []Turn) string {
		if Standalone(q, history) == q {
			return q // the offline rewrite finds nothing to lean on: no model call
		}
		return g.rewrite(ctx, q, history, deadline)
	}
	a, done, err := g.index.begin(req, g.maxChars, ModeGenerative, rewrite)
	if err != nil || done {
		return a.answer, err
	}
	ans, q, standalone := a.answer, a.answer.Question, a.text
	// Retrieval embeds the question: that too must leave the reserve.
	fctx, fcancel := context.WithDeadline(ctx, deadline)
	f, err := g.index.findAnalyzed(fctx, a.read, g.k)
	fcancel()
	if err != nil {
		return Answer{}, err
	}
	hits := f.hits
	ans.Passages = scored(hits)
	ans.Note = f.note()
	if g.index.clearlyUnanswered(ctx, standalone, f) {
		ans.Text = g.index.refusal(standalone, f)
		ans.Chat = f.query.Empty()
		return ans, nil
	}

	system, user := answerPrompt(standalone, hits, g.index.reports)
	mctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	stream := streamCleaner{given: len(hits)}
	lastShown := ""
	start := time.Now()
	text, err := g.model.Stream(mctx, system, user, func(piece string) {
		if shown, grew := stream.add(piece); grew && req.OnText != nil {
			if shown = g.scrubSoFar(shown); shown != lastShown {
				lastShown = shown
				req.OnText(shown)
			}
		}
	})
	if err == nil && !g.finish(&ans, text, hits) {
		err = errEmptyAnswer
	}
	if err == nil {
		return ans, nil
	}
	note, fix := modelTrouble(err, mctx.Err() != nil && ctx.Err() == nil)
	g.log.Warn("model answer failed; answering extractively", "err", err, "after_ms", time.Since(start).Milliseconds())
	if fix != "" {
		g.log.Warn(fix, "err", err)
	}
	if ctx.Err() != nil {
		return Answer{}, fmt.Errorf("answer: %w", ctx.Err())
	}
	fb, ferr := g.fallback.Respond(ctx, Request{Question: standalone})
	if ferr != nil {
		return Answer{}, ferr
	}
	fb.Question, fb.Interpreted = q, ans.Interpreted
	fb.Note = joinNotes(note, fb.Note)
	return fb, nil
}

// joinNotes joins the notes that are not empty.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

// finish checks the model's text and fills in the answer: reasoning
// (<think> blocks) is dropped; markers naming passages not given are
// removed; the passages cited become the citations; quotations not in
// their passage are flagged; an answer that cites nothing gets the top
// passages attached as sources; one that only declines is not answered.
// It reports false, leaving ans as it was, when nothing is left to show.
func (g *Generative) finish(ans *Answer, text string, hits []Hit) bool {
	text, cited := cleanAnswer(text, len(hits))
	text = redact.Secrets(text, g.secrets...)
	if !hasWords(text) {
		return false
	}
	ans.Text = text
	for _, n := range cited {
		ans.Citations = append(ans.Citations, Citation{N: n, Passage: hits[n-1].Passage})
	}
	for _, quote := range unfoundQuotes(ans.Text, hits) {
		ans.Warnings = append(ans.Warnings, fmt.Sprintf("The quotation “%s” is not in the passage it cites.", clip(quote, 120)))
		g.log.Warn("model quoted text not in its passage", "quote", clip(quote, 200))
	}
	ans.Answered = !declined(ans.Text)
	if len(cited) == 0 && ans.Answered {
		for i, h := range hits[:min(len(hits), uncitedSources)] {
			ans.Sources = append(ans.Sources, Citation{N: i + 1, Passage: h.Passage})
		}
		g.log.Warn("model answer cites no passage; top passages attached as sources", "question", ans.Question)
	}
	return true
}

// scrubSoFar is text being streamed with the secrets in it replaced, and
// held back from where its end may be the start of one: what it shows is
// a prefix of the final text, scrubbed.
func (g *Generative) scrubSoFar(text string) string {
	if len(g.secrets) == 0 {
		return text
	}
	text = redact.Secrets(text, g.secrets...)
	cut := len(text)
	for _, s := range g.secrets {
		for n := min(len(s)-1, len(text)); n > 0; n-- {
			if strings.HasSuffix(text, s[:n]) {
				cut = min(cut, len(text)-n)
				break
			}
		}
	}
	return text[:cut]
}

// hasWords reports whether text has a letter or a digit outside its
// citation markers: "[1]." alone says nothing.
func hasWords(text string) bool {
	return strings.ContainsFunc(marker.ReplaceAllString(text, ""), func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	})
}

// uncitedSources is how many top passages are attached to an answer that
// cites none.
const uncitedSources = 3

// rewrite asks the model to make a follow-up standalone; the offline rewrite
// stands in if it fails. It leaves the model at least half of the time that
// remains for the answer.
func (g *Generative) rewrite(ctx context.Context, q string, history []Turn, deadline time.Time) string {
	offline := Standalone(q, history)
	rctx, cancel := context.WithDeadline(ctx, time.Now().Add(time.Until(deadline)/2))
	defer cancel()
	system, user := rewritePrompt(q, history)
	out, err := g.model.Stream(rctx, system, user, nil)
	if err != nil {
		g.log.Warn("model rewrite of a follow-up failed; rewriting offline", "err", err)
		return offline
	}
	out = strings.TrimSpace(strings.SplitN(strings.TrimSpace(out), "\n", 2)[0])
	out = strings.Trim(out, "\"“”'` ")
	if s, err := CleanQuestion(out, g.maxChars); err == nil {
		return s
	}
	return offline
}

// clearlyUnanswered reports a question that no model should be asked:
// nothing in it to search for, a time after every report, or retrieved
// sentences so far from it that even a model reading paraphrases could not
// answer from them (answerability under rank.GateThreshold, which lets
// through at least 99% of the tuning documents' answerable questions).
//
// A message of several sentences ("Hi! How many troops are there? Thanks")
// passes when one of its sentences would.
func (x *Index) clearlyUnanswered(ctx context.Context, question string, f found) bool {
	if x.lateFor(question) != "" {
		return true
	}
	if f.answerability() >= rank.GateThreshold {
		return false
	}
	spans := ingest.Sentences(question)
	if len(spans) < 2 {
		return true
	}
	for _, sp := range spans {
		part, err := x.find(ctx, question[sp.Start:sp.End], len(f.hits))
		if err == nil && part.answerability() >= rank.GateThreshold {
			return false
		}
	}
	return true
}
