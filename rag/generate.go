package rag

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"reportbot/rag/ingest"
	"reportbot/rag/rank"
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
	}
}

// Notes an answer carries when it was not written by the model.
const (
	NoteModelFailed      = "The language model could not answer just now, so this answer quotes the report directly."
	NoteModelTooSlow     = "The language model took too long, so this answer quotes the report directly."
	NoteModelKeyRejected = "The model server rejected the API key (OPENAI_API_KEY), so this answer quotes the report directly; check the key."
)

// ErrModelKeyRejected is what a Model's error wraps when the model server
// refused its credentials (HTTP 401 or 403): the answer then carries
// NoteModelKeyRejected.
var ErrModelKeyRejected = errors.New("the model server rejected the API key")

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
	deadline := time.Now().Add(g.timeout)
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
	f, err := g.index.findAnalyzed(ctx, a.read, g.k)
	if err != nil {
		return Answer{}, err
	}
	hits := f.hits
	ans.Passages = scored(hits)
	if g.index.clearlyUnanswered(ctx, standalone, f) {
		ans.Text = g.index.refusal(standalone, f)
		return ans, nil
	}

	system, user := answerPrompt(standalone, hits, g.index.reports)
	mctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	stream := streamCleaner{given: len(hits)}
	start := time.Now()
	text, err := g.model.Stream(mctx, system, user, func(piece string) {
		if shown, grew := stream.add(piece); grew && req.OnText != nil {
			req.OnText(shown)
		}
	})
	if err != nil {
		note := NoteModelFailed
		switch {
		case errors.Is(err, ErrModelKeyRejected):
			note = NoteModelKeyRejected
		case mctx.Err() != nil && ctx.Err() == nil:
			note = NoteModelTooSlow
		}
		g.log.Warn("model answer failed; answering extractively", "err", err, "after_ms", time.Since(start).Milliseconds())
		if ctx.Err() != nil {
			return Answer{}, fmt.Errorf("answer: %w", ctx.Err())
		}
		fb, ferr := g.fallback.Respond(ctx, Request{Question: standalone})
		if ferr != nil {
			return Answer{}, ferr
		}
		fb.Question, fb.Interpreted, fb.Note = q, ans.Interpreted, note
		return fb, nil
	}
	g.finish(&ans, text, hits)
	return ans, nil
}

// finish checks the model's text and fills in the answer: markers naming
// passages not given are removed; the passages cited become the citations;
// quotations not in their passage are flagged; an answer that cites nothing
// gets the top passages attached as sources.
func (g *Generative) finish(ans *Answer, text string, hits []Hit) {
	text, cited := cleanCitations(strings.TrimSpace(text), len(hits))
	ans.Text = strings.TrimSpace(text)
	for _, n := range cited {
		ans.Citations = append(ans.Citations, Citation{N: n, Passage: hits[n-1].Passage})
	}
	for _, quote := range unfoundQuotes(ans.Text, hits) {
		ans.Warnings = append(ans.Warnings, fmt.Sprintf("The quotation “%s” is not in the passage it cites.", clip(quote, 120)))
		g.log.Warn("model quoted text not in its passage", "quote", clip(quote, 200))
	}
	ans.Answered = len(cited) > 0 || !declines.MatchString(ans.Text)
	if ans.Text == "" {
		ans.Answered = false
		ans.Text = "The model gave an empty answer; please ask again."
	}
	if len(cited) == 0 && ans.Answered {
		for i, h := range hits[:min(len(hits), uncitedSources)] {
			ans.Sources = append(ans.Sources, Citation{N: i + 1, Passage: h.Passage})
		}
		g.log.Warn("model answer cites no passage; top passages attached as sources", "question", ans.Question)
	}
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
