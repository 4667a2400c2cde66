package rag

import (
	"context"
	"strings"

	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
)

// BM25Sentences is the naive peer that evaluations compare reportbot with:
// Okapi BM25 over the report's sentences (k1 1.2, b 0.75), the question's
// terms as the query, the best sentences as the answer. It never refuses.
// It is safe for concurrent use.
type BM25Sentences struct {
	sentences []peerSentence
	bm25      *lexical.BM25
	maxChars  int
}

type peerSentence struct {
	text    string
	passage ingest.Passage
}

// NewBM25Sentences indexes the sentences of idx's passages. Its answers are
// the best sentence alone when maxChars <= 0, else the best sentences, best
// first, while they fit in maxChars characters (the first always).
func NewBM25Sentences(idx *Index, maxChars int) *BM25Sentences {
	p := &BM25Sentences{maxChars: maxChars}
	var docs [][]lexical.Field
	for _, pas := range idx.Passages() {
		for _, sp := range ingest.Sentences(pas.Text) {
			t := pas.Text[sp.Start:sp.End]
			p.sentences = append(p.sentences, peerSentence{text: t, passage: pas})
			docs = append(docs, []lexical.Field{{Terms: lexical.Terms(t), Weight: 1}})
		}
	}
	p.bm25 = lexical.NewBM25(docs)
	return p
}

// Answer answers with the best sentences for question; an answer is always
// given when any sentence shares a term with the question.
func (p *BM25Sentences) Answer(_ context.Context, question string) (Answer, error) {
	ans := Answer{Question: question, Mode: "bm25-sentences", Citations: []Citation{}}
	hits := p.bm25.Search(lexical.Terms(question), 0)
	var b strings.Builder
	for i, h := range hits {
		s := p.sentences[h.Doc]
		if i > 0 && (p.maxChars <= 0 || len([]rune(b.String()))+1+len([]rune(s.text)) > p.maxChars) {
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.text)
		ans.Passages = append(ans.Passages, ScoredPassage{Passage: s.passage, Score: round(h.Score)})
	}
	ans.Text = b.String()
	ans.Answered = ans.Text != ""
	return ans, nil
}
