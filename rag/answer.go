package rag

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"reportbot/rag/ingest"
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
	// Note says how the answer was made when that is not the usual way:
	// the model failed and the report is quoted instead.
	Note string `json:"note,omitempty"`
	// Warnings are what checking a model's answer found: a quotation that
	// is not in the passage it cites.
	Warnings []string `json:"warnings,omitempty"`
	// Sources are passages attached to a model's answer that cites none:
	// the top retrieved, for the reader to check.
	Sources []Citation `json:"sources,omitempty"`
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
	// minEvidence is the share of the question's weighted concepts the best
	// sentence (with its neighbours) must match for the report to be taken
	// to answer it. Tuned on the dev split of testdata/qa.jsonl.
	minEvidence = 0.5
	// contextCredit is how much a concept found only in the sentences next
	// to the answer, or in its section's title, counts.
	contextCredit = 0.5
	// maxAnswerChars bounds what is added to the first sentence.
	maxAnswerChars = 450
	// minGain is the share of the question's weight a further sentence must
	// add to be quoted too.
	minGain = 0.2
	// nextShare is the share of the best sentence's evidence the sentence
	// after it needs to be quoted as its continuation.
	nextShare = 0.9
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
	hit, sent int // indexes into the hits and the passage's sentences
	evidence  float64
	score     float64
	credit    []float64 // per concept of the question
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
	qa, hits, err := e.index.retrieve(ctx, q, e.k)
	if err != nil {
		return Answer{}, err
	}
	ans.Passages = scored(hits)
	cands := e.candidates(qa, hits)
	if len(cands) == 0 {
		ans.Text = e.refusal(q, qa, hits)
		return ans, nil
	}
	quotes := e.compose(qa, hits, cands)
	var text strings.Builder
	cited := map[int]int{} // hit index -> citation number
	for i, c := range quotes {
		n, ok := cited[c.hit]
		if !ok {
			n = len(ans.Citations) + 1
			cited[c.hit] = n
			ans.Citations = append(ans.Citations, Citation{N: n, Passage: hits[c.hit].Passage})
		}
		if i > 0 {
			text.WriteByte(' ')
		}
		span := e.index.texts[hits[c.hit].index].sentences[c.sent].span
		fmt.Fprintf(&text, "%s [%d]", hits[c.hit].Passage.Text[span.Start:span.End], n)
	}
	ans.Text = text.String()
	ans.Answered = true
	return ans, nil
}

// candidates scores every sentence of the hits against the question and
// returns those that answer it, best first: enough of the question's weight
// matched, and the kind of answer it asks for when that kind is required.
func (e *Extractive) candidates(q query, hits []Hit) []candidate {
	if q.total == 0 {
		return nil
	}
	asked := q.askedTerms()
	var out []candidate
	for i, h := range hits {
		pt := e.index.texts[h.index]
		if !namesIn(q, pt.terms) {
			continue
		}
		late := e.index.tooLate(q, h.index)
		scores := h.scores // every hit was scored by the rerank
		for j, s := range pt.sentences {
			c := candidate{hit: i, sent: j, evidence: scores[j].evidence, credit: scores[j].credit}
			if c.evidence < minEvidence || !saysTopic(q, c.credit) {
				continue
			}
			typed, required := scores[j].typed, scores[j].required
			if required && !typed || e.index.otherPlace(q, h.index, j) {
				continue
			}
			// A report that tells of an event still to come cannot say how
			// it went ("what did they agree at the summit", "when did Biden
			// visit").
			if q.outcome && s.ahead {
				continue
			}
			// Nor can it tell what came after it, only what it expected.
			if !s.ahead && late {
				continue
			}
			c.score = q.coverage(c.credit) + 0.1*h.Score + 0.1*s.compactness(q)
			if typed && q.want != anyAnswer {
				c.score += 0.1
			}
			if q.want == nameAnswer && s.namesNear(q, asked, true) {
				c.score += 0.05
			}
			if words := len(s.seq); words > 60 {
				c.score -= 0.05
			}
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
}

// compose picks the sentences to quote: the best candidate; the sentence
// before it when it opens by pointing back ("For these reasons"); and one
// more candidate when it matches a good share of what the first misses.
func (e *Extractive) compose(q query, hits []Hit, cands []candidate) []candidate {
	best := cands[0]
	sents := e.index.texts[hits[best.hit].index].sentences
	length := func(c candidate) int {
		sp := e.index.texts[hits[c.hit].index].sentences[c.sent].span
		return sp.End - sp.Start
	}
	quotes := []candidate{best}
	if sents[best.sent].leansOn && best.sent > 0 {
		prev := candidate{hit: best.hit, sent: best.sent - 1}
		if length(prev)+length(best) <= maxAnswerChars {
			quotes = []candidate{prev, best}
		}
	}
	total := 0
	for _, c := range quotes {
		total += length(c)
	}
	// The next sentence, when it answers about as well, goes on with the
	// answer ("... collapsing in 2019. Since early 2019, Pyongyang ...").
	for _, c := range cands[1:] {
		if c.hit == best.hit && c.sent == best.sent+1 && c.evidence >= nextShare*best.evidence && total+length(c) <= maxAnswerChars {
			quotes = append(quotes, c)
			return quotes
		}
	}
	for _, c := range cands[1:] {
		if c.hit == best.hit && (c.sent == best.sent || c.sent == best.sent-1) {
			continue
		}
		gain := 0.0
		for k, con := range q.concepts {
			if c.credit[k] > best.credit[k] {
				gain += (c.credit[k] - best.credit[k]) * con.weight
			}
		}
		if gain/q.total >= minGain && total+length(c) <= maxAnswerChars {
			quotes = append(quotes, c)
			break
		}
	}
	return quotes
}

var whBe = regexp.MustCompile(`(?i)^(what|who|where|which|whose)(?:'s| (is|are|was|were)) (.+)$`)

// refusal says that the report does not answer q, names what of it the
// report never mentions, and names the sections closest to it: "The report
// doesn't say what South Korea's population is; it never mentions
// “population”. Closest: “Overview” (p. 1)."
func (e *Extractive) refusal(q string, qa query, hits []Hit) string {
	q = strings.TrimRight(strings.TrimSpace(q), "?!. ")
	var b strings.Builder
	if m := whBe.FindStringSubmatch(q); m != nil {
		verb := strings.ToLower(m[2])
		if verb == "" {
			verb = "is"
		}
		fmt.Fprintf(&b, "The report doesn't say %s %s %s", strings.ToLower(m[1]), m[3], verb)
		if missing := e.index.unmentioned(qa); len(missing) > 0 {
			fmt.Fprintf(&b, "; it never mentions %s", joinQuoted(missing))
		}
		b.WriteString(".")
	} else {
		fmt.Fprintf(&b, "The report doesn't answer “%s?”", q)
		if missing := e.index.unmentioned(qa); len(missing) > 0 {
			fmt.Fprintf(&b, " It never mentions %s.", joinQuoted(missing))
		}
	}
	var closest []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.Passage.Section] && len(closest) < 2 {
			seen[h.Passage.Section] = true
			closest = append(closest, fmt.Sprintf("“%s” (p. %d)", h.Passage.Section, h.Passage.Page))
		}
	}
	if date := e.index.lateFor(qa); date != "" {
		fmt.Fprintf(&b, " The report is dated %s and cannot say what came after.", date)
	}
	if len(closest) > 0 {
		fmt.Fprintf(&b, " Closest: %s.", strings.Join(closest, ", "))
	}
	return b.String()
}

// unmentioned returns the question's words, as asked, for concepts no
// passage says in any way, most telling first.
func (x *Index) unmentioned(q query) []string {
	var missing []concept
	for _, c := range q.concepts {
		if !x.mentions(c) && !c.common() {
			missing = append(missing, c)
		}
	}
	sort.SliceStable(missing, func(i, j int) bool { return missing[i].weight > missing[j].weight })
	var words []string
	for _, c := range missing[:min(len(missing), 3)] {
		words = append(words, c.words)
	}
	return words
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

func round(x float64) float64 {
	return float64(int(x*10000+0.5)) / 10000
}

// saysTopic reports whether an answer says at least one of the things the
// question asks about beyond its names, or else says all its names itself:
// "when did Biden visit Seoul" is not answered by a sentence on Seoul's
// trade that has Biden only from the sentence before.
func saysTopic(q query, credit []float64) bool {
	asks, named := false, true
	for k, con := range q.concepts {
		if con.entity || con.proper {
			named = named && credit[k] >= 1
			continue
		}
		if credit[k] > 0 {
			return true
		}
		asks = true
	}
	return !asks || named
}

// namesIn reports whether a passage names every person or body the question
// names: "when did Biden visit Seoul" is not answered by a passage about
// other people's travel.
func namesIn(q query, terms map[string]bool) bool {
	for _, con := range q.concepts {
		if con.proper && matchCredit(con, terms) == 0 {
			return false
		}
	}
	return true
}
