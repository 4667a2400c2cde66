package rag

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
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
	// Passages are the passages retrieved for the question, best first.
	Passages []ScoredPassage `json:"passages"`
}

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

// Defaults of the extractive answerer.
const (
	// DefaultTopK is how many passages are retrieved for a question.
	DefaultTopK = 5
	// minEvidence is the share of the question's weighted terms the best
	// sentence (with its passage) must match for the report to be taken to
	// answer it. Tuned on testdata/qa.jsonl.
	minEvidence = 0.5
	// maxAnswerChars bounds a second sentence added to an answer.
	maxAnswerChars = 400
	// minGain is the share of the question's term weight a second sentence
	// must add to the first's.
	minGain = 0.2
)

// Extractive answers questions by quoting the sentences of the retrieved
// passages that best match them. It needs no model and is deterministic. It
// is safe for concurrent use.
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

// candidate is a sentence that may answer the question.
type candidate struct {
	hit      int // index into the hits
	span     ingest.Span
	score    float64
	evidence float64
	matched  map[string]float64 // question terms matched -> share of the weight
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
// Standalone), which the answer reports as Interpreted. Errors are as for
// Answer.
func (e *Extractive) Respond(ctx context.Context, req Request) (Answer, error) {
	q, err := CleanQuestion(req.Question, e.maxChars)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Question: q, Mode: ModeExtractive, Citations: []Citation{}}
	if s := Standalone(q, req.History); s != q {
		ans.Interpreted = s
		q = s
	}
	terms := unique(lexical.Terms(q))
	hits, err := e.index.search(ctx, q, terms, e.k)
	if err != nil {
		return Answer{}, fmt.Errorf("answer: %w", err)
	}
	ans.Passages = make([]ScoredPassage, len(hits))
	for i, h := range hits {
		ans.Passages[i] = ScoredPassage{Passage: h.Passage, Score: round(h.Score)}
	}
	cands := e.candidates(q, terms, hits)
	if len(cands) == 0 || cands[0].evidence < minEvidence {
		ans.Text = refusal(q, hits)
		return ans, nil
	}
	picked := []candidate{cands[0]}
	// A second sentence earns its place by matching a good share of what the
	// first misses, and only while the answer stays short.
	for _, c := range cands[1:] {
		if c.gain(cands[0]) >= minGain && c.evidence >= minEvidence &&
			c.span.End-c.span.Start+cands[0].span.End-cands[0].span.Start <= maxAnswerChars {
			picked = append(picked, c)
			break
		}
	}
	var text strings.Builder
	cited := map[int]int{} // hit index -> citation number
	for i, c := range picked {
		n, ok := cited[c.hit]
		if !ok {
			n = len(ans.Citations) + 1
			cited[c.hit] = n
			ans.Citations = append(ans.Citations, Citation{N: n, Passage: hits[c.hit].Passage})
		}
		if i > 0 {
			text.WriteByte(' ')
		}
		fmt.Fprintf(&text, "%s [%d]", hits[c.hit].Passage.Text[c.span.Start:c.span.End], n)
	}
	ans.Text = text.String()
	ans.Answered = true
	return ans, nil
}

// candidates scores every sentence of the hits against the question's terms,
// best first.
func (e *Extractive) candidates(q string, terms []string, hits []Hit) []candidate {
	if len(terms) == 0 {
		return nil
	}
	weights := make(map[string]float64, len(terms))
	total := 0.0
	for _, t := range terms {
		weights[t] = e.index.bm25.IDF(t)
		total += weights[t]
	}
	cover := func(has map[string]bool) (float64, map[string]float64) {
		got, matched := 0.0, map[string]float64{}
		for _, t := range terms {
			if has[t] {
				got += weights[t]
				matched[t] = weights[t] / total
			}
		}
		return got / total, matched
	}
	want := expectedType(q)
	var cands []candidate
	for i, h := range hits {
		pt := e.index.texts[h.index]
		passageCover, _ := cover(pt.terms)
		sectionCover, _ := cover(set(pt.sectionTerms))
		for _, s := range pt.sentences {
			sentCover, matched := cover(s.terms)
			if sentCover == 0 {
				continue
			}
			evidence := max(sentCover, 0.7*sentCover+0.3*max(passageCover, sectionCover))
			text := h.Passage.Text[s.span.Start:s.span.End]
			score := evidence + 0.1*h.Score
			if want != nil && want.MatchString(text) {
				score += 0.15
			}
			if words := len(strings.Fields(text)); words > 60 {
				score -= 0.1
			}
			cands = append(cands, candidate{hit: i, span: s.span, score: score, evidence: evidence, matched: matched})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	return cands
}

// gain is the share of the question's term weight c matches and best does
// not.
func (c candidate) gain(best candidate) float64 {
	g := 0.0
	for t, w := range c.matched {
		if _, ok := best.matched[t]; !ok {
			g += w
		}
	}
	return g
}

var (
	numberAnswer = regexp.MustCompile(`\d`)
	dateAnswer   = regexp.MustCompile(`\b(1[5-9]|20)\d\d\b|(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)\b`)
	asksNumber   = regexp.MustCompile(`(?i)\bhow (many|much|large|big|long|far)\b|\b(percent|percentage|share|number of|amount|total|cost)\b`)
	asksDate     = regexp.MustCompile(`(?i)\bwhen\b|\b(what|which) (year|month|date|day)\b|\bsince when\b`)
)

// expectedType returns a pattern an answer to q is likely to match (a number
// for "how many", a date for "when"), or nil.
func expectedType(q string) *regexp.Regexp {
	switch {
	case asksDate.MatchString(q):
		return dateAnswer
	case asksNumber.MatchString(q):
		return numberAnswer
	}
	return nil
}

var whBe = regexp.MustCompile(`(?i)^(what|who|where|which|whose)(?:'s| (is|are|was|were)) (.+)$`)

// refusal says that the report does not answer q and names the sections
// closest to it.
func refusal(q string, hits []Hit) string {
	q = strings.TrimRight(strings.TrimSpace(q), "?!. ")
	var b strings.Builder
	if m := whBe.FindStringSubmatch(q); m != nil {
		verb := strings.ToLower(m[2])
		if verb == "" {
			verb = "is"
		}
		fmt.Fprintf(&b, "The report doesn't say %s %s %s.", strings.ToLower(m[1]), m[3], verb)
	} else {
		fmt.Fprintf(&b, "The report doesn't say anything that answers “%s?”", q)
	}
	var sections []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.Passage.Section] && len(sections) < 2 {
			seen[h.Passage.Section] = true
			sections = append(sections, "“"+h.Passage.Section+"”")
		}
	}
	switch len(sections) {
	case 1:
		fmt.Fprintf(&b, " The closest section is %s.", sections[0])
	case 2:
		fmt.Fprintf(&b, " The closest sections are %s and %s.", sections[0], sections[1])
	}
	return b.String()
}

func unique(terms []string) []string {
	seen := map[string]bool{}
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func round(x float64) float64 {
	return float64(int(x*10000+0.5)) / 10000
}
