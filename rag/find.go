package rag

import (
	"context"
	"fmt"
	"sort"

	"reportbot/rag/ingest"
	"reportbot/rag/question"
	"reportbot/rag/rank"
)

// found is what retrieval finds for one standalone question: the question
// read and resolved, the passages best first, and every sentence of the
// passages considered, scored, best first.
type found struct {
	q     question.Question
	query *rank.Query
	hits  []Hit
	sents []foundSentence
	// passage is the best share of the question a retrieved passage says.
	passage float64
	ranked  rank.Ranked
}

// foundSentence is a scored sentence of a retrieved passage.
type foundSentence struct {
	passage int // index into the index's passages
	sent    int // index into the passage's sentences
	rank.Scored
}

// Retrieval sizes: how many fused hits have their sentences scored, and the
// fusion's constants. Each ranking adds weight/(rrfK + rank) to a passage.
const (
	rrfK         = 60
	lexicalRank  = 1.0
	semanticRank = 0.6
	semanticPool = 50
)

// aliasWeight is how much the terms of another name of what the question
// names count in the word search.
const aliasWeight = 0.5

// scoredPool is how many fused hits have their sentences scored.
var scoredPool = 12

// find reads a standalone question, retrieves passages by words and by
// meaning, scores the sentences of the best of them, and keeps the k
// passages whose sentences answer best.
func (x *Index) find(ctx context.Context, text string, k int) (found, error) {
	return x.findAnalyzed(ctx, question.Analyze(text), k)
}

// findAnalyzed is find for a question read already.
func (x *Index) findAnalyzed(ctx context.Context, q question.Question, k int) (found, error) {
	text := q.Text
	f := found{q: q, query: x.vocab.Query(q)}
	n := x.coll.Count()
	if n == 0 || k <= 0 {
		return f, nil
	}
	vec, err := x.embedQuestion(ctx, text)
	if err != nil {
		return f, fmt.Errorf("answer: %w", err)
	}
	results, err := x.coll.QueryEmbedding(ctx, vec, min(n, max(semanticPool, 4*k)), nil, nil)
	if err != nil {
		return f, fmt.Errorf("answer: query vectors: %w", err)
	}
	scores := map[int]float64{}
	for r, h := range x.bm25.Search(f.query.IDs(aliasWeight)) {
		scores[h.Doc] += lexicalRank / float64(rrfK+r+1)
	}
	for r, res := range results {
		if i, ok := x.byID[res.ID]; ok {
			scores[i] += semanticRank / float64(rrfK+r+1)
		}
	}
	top := (lexicalRank + semanticRank) / float64(rrfK+1)
	hits := make([]Hit, 0, len(scores))
	for i, s := range scores {
		if x.boiler[i] && !asksBoilerplate(q) {
			continue
		}
		hits = append(hits, Hit{Passage: x.passages[i], Score: s / top, index: i})
	}
	byScore(hits)
	pool := hits[:min(len(hits), max(scoredPool, 2*k))]

	var cands []rank.Candidate
	for r, h := range pool {
		sents := x.sents[h.index]
		for j := range sents {
			c := rank.Candidate{Sentence: &sents[j], Section: &x.titles[h.index], Position: j, Passage: r, Retrieval: h.Score}
			if j > 0 {
				c.Prev = &sents[j-1]
			}
			if j+1 < len(sents) {
				c.Next = &sents[j+1]
			}
			cands = append(cands, c)
			f.sents = append(f.sents, foundSentence{passage: h.index, sent: j})
		}
	}
	for _, h := range pool {
		f.passage = max(f.passage, f.query.Coverage(x.sents[h.index], &x.titles[h.index]))
	}
	f.ranked = f.query.ScoreAll(cands)
	for i, s := range f.ranked.Scored {
		f.sents[i].Scored = s
	}
	sort.SliceStable(f.sents, func(a, b int) bool { return f.sents[a].Score > f.sents[b].Score })
	// Passages rank by their best sentence.
	best := map[int]float64{}
	for _, s := range f.sents {
		if _, ok := best[s.passage]; !ok {
			best[s.passage] = s.Score
		}
	}
	sort.SliceStable(pool, func(a, b int) bool { return best[pool[a].index] > best[pool[b].index] })
	f.hits = pool[:min(len(pool), k)]
	return f, nil
}

// text returns the text of a found sentence.
func (x *Index) sentenceText(s foundSentence) string {
	sp := x.spans[s.passage][s.sent]
	return x.passages[s.passage].Text[sp.Start:sp.End]
}

// boilerplateCues are the words of a question about a document's legal
// notices, which alone may be answered from them.
var boilerplateCues = map[string]bool{"copyright": true, "disclaim": true, "disclaimer": true, "reproduc": true, "permiss": true, "licens": true, "licenc": true}

// asksBoilerplate reports whether a question asks about a document's
// copyright, licence or disclaimer.
func asksBoilerplate(q question.Question) bool {
	for _, t := range q.Terms() {
		if boilerplateCues[t] {
			return true
		}
	}
	return false
}

// analysis is what reading an index's passages makes, saved with the
// index so that a start from a saved index reads nothing again.
type analysis struct {
	Vocab  rank.Saved
	Sents  [][]rank.Sentence
	Spans  [][]ingest.Span
	Titles []rank.Sentence
	Boiler []bool
}

// saved returns the index's analysis, for saving.
func (x *Index) saved() analysis {
	return analysis{Vocab: x.vocab.Save(), Sents: x.sents, Spans: x.spans, Titles: x.titles, Boiler: x.boiler}
}

// restore takes a saved analysis as the index's.
func (x *Index) restore(a analysis) {
	x.vocab = rank.Restore(a.Vocab)
	x.sents, x.spans, x.titles, x.boiler = a.Sents, a.Spans, a.Titles, a.Boiler
}

// analyse reads the passages' sentences for ranking.
func (x *Index) analyse() {
	x.vocab = rank.NewVocab()
	x.sents = make([][]rank.Sentence, len(x.passages))
	x.spans = make([][]ingest.Span, len(x.passages))
	x.titles = make([]rank.Sentence, len(x.passages))
	x.boiler = make([]bool, len(x.passages))
	for i, p := range x.passages {
		spans := ingest.Sentences(p.Text)
		texts := make([]string, len(spans))
		for j, sp := range spans {
			texts[j] = p.Text[sp.Start:sp.End]
		}
		x.spans[i] = spans
		x.sents[i] = x.vocab.Passage(texts)
		// A passage's heading sets its topic, and so does its report's
		// title: "how much does the project cost" is asked of a report
		// titled "... Rail Extension: Project Summary".
		title := p.Section
		if p.Report != p.Section {
			title += " — " + p.Report
		}
		x.titles[i] = x.vocab.Title(title)
		x.boiler[i] = ingest.IsBoilerplate(p)
	}
	x.vocab.Done()
}

// rankScored is a scored sentence as package rank gives it.
type rankScored = rank.Scored
