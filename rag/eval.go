package rag

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"reportbot/rag/ingest"
)

// EvalItem is one question of an evaluation set, one line of a JSON-lines
// file. Two forms are read: testdata/qa.jsonl's (question, answer with "|"
// between alternatives, evidence, unanswerable) and the multi-document form
// of ../shared/eval/squad (q, doc, answers, impossible, offtopic).
type EvalItem struct {
	ID string `json:"id"`
	// Doc names the document the question is asked of; "" means the
	// configured reports.
	Doc      string `json:"doc,omitempty"`
	Question string `json:"question"`
	// Answers are phrases a right answer contains, any one of them.
	// Matching ignores case, spacing and quote styles.
	Answers []string `json:"answers,omitempty"`
	// Evidence is the sentence of the report that answers the question,
	// where the set gives it; hit@k then looks for it instead of an answer.
	Evidence string `json:"evidence,omitempty"`
	// Type is the kind of answer wanted (number, date, name, reason, list,
	// fact), where the set gives it. Figures are broken down by it.
	Type string `json:"type,omitempty"`
	// Split names the part of the set the item belongs to (dev, test, ...).
	Split string `json:"split,omitempty"`
	// Impossible marks a question the document does not answer although it
	// is about what the document covers.
	Impossible bool `json:"impossible,omitempty"`
	// Offtopic marks a question about something else entirely.
	Offtopic bool `json:"offtopic,omitempty"`
}

// Answerable reports whether the document answers the item's question.
func (it EvalItem) Answerable() bool { return !it.Impossible && !it.Offtopic }

// evalLine is the union of the two line forms.
type evalLine struct {
	ID           string   `json:"id"`
	Doc          string   `json:"doc"`
	Question     string   `json:"question"`
	Q            string   `json:"q"`
	Answer       string   `json:"answer"`
	Answers      []string `json:"answers"`
	Evidence     string   `json:"evidence"`
	Type         string   `json:"type"`
	Split        string   `json:"split"`
	Unanswerable bool     `json:"unanswerable"`
	Impossible   bool     `json:"impossible"`
	Offtopic     bool     `json:"offtopic"`
}

// ReadEvalSet reads evaluation items, one JSON object per line; blank lines
// and lines starting with # are skipped. Every item needs a question, and an
// answerable one needs at least one answer.
func ReadEvalSet(r io.Reader) ([]EvalItem, error) {
	var items []EvalItem
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var l evalLine
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("read eval set: line %d: %w", n, err)
		}
		it := EvalItem{ID: l.ID, Doc: l.Doc, Question: l.Question, Answers: l.Answers, Evidence: l.Evidence,
			Type: l.Type, Split: l.Split, Impossible: l.Impossible || l.Unanswerable, Offtopic: l.Offtopic}
		if it.Question == "" {
			it.Question = l.Q
		}
		for _, a := range strings.Split(l.Answer, "|") {
			if a = strings.TrimSpace(a); a != "" {
				it.Answers = append(it.Answers, a)
			}
		}
		switch {
		case it.Question == "":
			return nil, fmt.Errorf("read eval set: line %d: no question", n)
		case it.Answerable() && len(it.Answers) == 0:
			return nil, fmt.Errorf("read eval set: line %d: an answerable question needs an answer", n)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval set: %w", err)
	}
	if len(items) == 0 {
		return nil, errors.New("read eval set: no questions")
	}
	return items, nil
}

// Asker answers a question; Extractive is one.
type Asker interface {
	Answer(ctx context.Context, question string) (Answer, error)
}

// AccuracyChars is how much of an answer is read for a right answer: a
// right answer must come early, not be buried in a long quote.
const AccuracyChars = 400

// Scores are the quality figures of a set of questions. Rates are shares
// from 0 to 1: retrieval, accuracy and false refusal are over answerable
// questions, the refusals over impossible and off-topic ones.
type Scores struct {
	Answerable int `json:"answerable"`
	Impossible int `json:"impossible"`
	Offtopic   int `json:"offtopic"`
	// Accuracy: a right answer in the first AccuracyChars characters.
	Accuracy float64 `json:"accuracy"`
	// First: a right answer in the answer's first sentence.
	First        float64 `json:"first_sentence"`
	FalseRefusal float64 `json:"false_refusal"`
	// ImpossibleRefused and OfftopicRefused are the shares of those
	// questions the answerer declined.
	ImpossibleRefused float64 `json:"impossible_refused"`
	OfftopicRefused   float64 `json:"offtopic_refused"`
	// Hit1, Hit3 and Hit5: the evidence (or else an answer) in the first
	// k passages retrieved.
	Hit1 float64 `json:"hit_at_1"`
	Hit3 float64 `json:"hit_at_3"`
	Hit5 float64 `json:"hit_at_5"`
	// MedianChars is the median length of the answers given (not of
	// refusals), citation markers left out.
	MedianChars int `json:"median_chars"`
}

// Miss is a question the answerer got wrong, with what it did.
type Miss struct {
	Item    EvalItem
	Got     Answer
	Problem string // "refused", "wrong answer", "late answer", "answered"
}

// EvalResult holds the figures of an evaluation, overall and broken down.
type EvalResult struct {
	Overall Scores
	ByDoc   map[string]Scores
	ByType  map[string]Scores
	BySplit map[string]Scores
	Misses  []Miss
}

// tally counts outcomes before they become rates.
type tally struct {
	answerable, impossible, offtopic int
	correct, first, falseRefusal     int
	impRefused, offRefused           int
	hit1, hit3, hit5                 int
	lengths                          []int
}

func (t *tally) scores() Scores {
	rate := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return round(float64(n) / float64(of))
	}
	s := Scores{
		Answerable: t.answerable, Impossible: t.impossible, Offtopic: t.offtopic,
		Accuracy: rate(t.correct, t.answerable), First: rate(t.first, t.answerable),
		FalseRefusal:      rate(t.falseRefusal, t.answerable),
		ImpossibleRefused: rate(t.impRefused, t.impossible), OfftopicRefused: rate(t.offRefused, t.offtopic),
		Hit1: rate(t.hit1, t.answerable), Hit3: rate(t.hit3, t.answerable), Hit5: rate(t.hit5, t.answerable),
	}
	if n := len(t.lengths); n > 0 {
		l := append([]int(nil), t.lengths...)
		sort.Ints(l)
		s.MedianChars = l[n/2]
	}
	return s
}

// AskerFor returns the answerer for the questions of one document ("" for
// items that name none).
type AskerFor func(doc string) (Asker, error)

// Evaluate asks every item's question of its document's answerer and scores
// the answers. It fails when an answerer cannot be made or fails.
func Evaluate(ctx context.Context, askerFor AskerFor, items []EvalItem) (EvalResult, error) {
	var all tally
	byDoc, byType, bySplit := map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	askers := map[string]Asker{}
	var misses []Miss
	for _, it := range items {
		a, ok := askers[it.Doc]
		if !ok {
			var err error
			if a, err = askerFor(it.Doc); err != nil {
				return EvalResult{}, fmt.Errorf("evaluate %s: %w", it.Doc, err)
			}
			askers[it.Doc] = a
		}
		ans, err := a.Answer(ctx, it.Question)
		if err != nil {
			return EvalResult{}, fmt.Errorf("evaluate %q: %w", it.ID, err)
		}
		typ := it.Type
		switch {
		case it.Offtopic:
			typ = "offtopic"
		case it.Impossible:
			typ = "impossible"
		}
		groups := []*tally{&all, group(byDoc, it.Doc), group(byType, typ), group(bySplit, it.Split)}
		text := plainAnswer(ans.Text)
		if ans.Answered {
			for _, g := range groups {
				g.lengths = append(g.lengths, len([]rune(text)))
			}
		}
		problem := ""
		switch {
		case it.Offtopic:
			for _, g := range groups {
				g.offtopic++
				g.offRefused += b2i(!ans.Answered)
			}
		case it.Impossible:
			for _, g := range groups {
				g.impossible++
				g.impRefused += b2i(!ans.Answered)
			}
		}
		if !it.Answerable() {
			if ans.Answered {
				problem = "answered"
			}
		} else {
			rank := evidenceRank(it, ans.Passages)
			correct := ans.Answered && containsAny(clipRunes(text, AccuracyChars), it.Answers)
			first := ans.Answered && containsAny(firstSentence(text), it.Answers)
			for _, g := range groups {
				g.answerable++
				g.hit1 += b2i(rank >= 1 && rank <= 1)
				g.hit3 += b2i(rank >= 1 && rank <= 3)
				g.hit5 += b2i(rank >= 1 && rank <= 5)
				g.correct += b2i(correct)
				g.first += b2i(first)
				g.falseRefusal += b2i(!ans.Answered)
			}
			switch {
			case !ans.Answered:
				problem = "refused"
			case !correct:
				problem = "wrong answer"
			case !first:
				problem = "late answer"
			}
		}
		if problem != "" {
			misses = append(misses, Miss{Item: it, Got: ans, Problem: problem})
		}
	}
	res := EvalResult{Overall: all.scores(), ByDoc: map[string]Scores{}, ByType: map[string]Scores{}, BySplit: map[string]Scores{}, Misses: misses}
	for k, t := range byDoc {
		res.ByDoc[k] = t.scores()
	}
	for k, t := range byType {
		res.ByType[k] = t.scores()
	}
	for k, t := range bySplit {
		res.BySplit[k] = t.scores()
	}
	return res, nil
}

func group(m map[string]*tally, key string) *tally {
	if key == "" {
		key = "-"
	}
	if m[key] == nil {
		m[key] = &tally{}
	}
	return m[key]
}

// citationMarker is a [n] marker with the space before it.
var citationMarker = regexp.MustCompile(` ?\[\d+\]`)

// plainAnswer is an answer's text without its citation markers.
func plainAnswer(text string) string {
	return strings.TrimSpace(citationMarker.ReplaceAllString(text, ""))
}

// firstSentence returns the first sentence of text.
func firstSentence(text string) string {
	if spans := ingest.Sentences(text); len(spans) > 0 {
		return text[spans[0].Start:spans[0].End]
	}
	return text
}

// clipRunes returns the first n characters of s.
func clipRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// evidenceRank returns the 1-based rank of the first passage holding the
// item's evidence (or, without evidence, one of its answers), or 0.
func evidenceRank(it EvalItem, passages []ScoredPassage) int {
	for i, p := range passages {
		if it.Evidence != "" && strings.Contains(matchForm(p.Text), matchForm(it.Evidence)) ||
			it.Evidence == "" && containsAny(p.Text, it.Answers) {
			return i + 1
		}
	}
	return 0
}

// containsAny reports whether text holds one of the phrases.
func containsAny(text string, phrases []string) bool {
	t := matchForm(text)
	for _, p := range phrases {
		if p = matchForm(p); p != "" && strings.Contains(t, p) {
			return true
		}
	}
	return false
}

// matchForm folds text for matching what may differ in a faithful quote:
// lowercase, typographic quotes and dashes made plain, white space
// collapsed.
func matchForm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(quoteFolder.Replace(s))), " ")
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SortedKeys returns the keys of a breakdown in order, for printing.
func SortedKeys(m map[string]Scores) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
