package rag

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// EvalItem is one question of an evaluation set, one line of a JSON-lines
// file such as testdata/qa.jsonl.
type EvalItem struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// Answer is a phrase a correct answer contains; alternatives are
	// separated by "|". Matching ignores case, spacing and quote styles.
	Answer string `json:"answer,omitempty"`
	// Evidence is the sentence of the report that answers the question.
	Evidence string `json:"evidence,omitempty"`
	// Type is the kind of answer wanted: number, date, name, reason, list,
	// fact. Figures are broken down by it.
	Type string `json:"type,omitempty"`
	// Split is "dev" (used for tuning) or "test" (held back).
	Split string `json:"split,omitempty"`
	// Unanswerable marks questions the report does not answer.
	Unanswerable bool `json:"unanswerable,omitempty"`
}

// ReadEvalSet reads evaluation items, one JSON object per line; blank lines
// and lines starting with # are skipped. Every item needs a question, and an
// answerable one needs an answer and evidence.
func ReadEvalSet(r io.Reader) ([]EvalItem, error) {
	var items []EvalItem
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var it EvalItem
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&it); err != nil {
			return nil, fmt.Errorf("read eval set: line %d: %w", n, err)
		}
		switch {
		case it.Question == "":
			return nil, fmt.Errorf("read eval set: line %d: no question", n)
		case !it.Unanswerable && (it.Answer == "" || it.Evidence == ""):
			return nil, fmt.Errorf("read eval set: line %d: an answerable question needs answer and evidence", n)
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

// Scores are the quality figures of a set of questions. Rates are shares
// from 0 to 1; retrieval and accuracy figures are over answerable questions,
// Refusal over unanswerable ones.
type Scores struct {
	Answerable   int     `json:"answerable"`
	Unanswerable int     `json:"unanswerable"`
	Hit1         float64 `json:"hit_at_1"`
	Hit3         float64 `json:"hit_at_3"`
	Hit5         float64 `json:"hit_at_5"`
	Accuracy     float64 `json:"answer_accuracy"`
	Refusal      float64 `json:"refusal"`
	FalseRefusal float64 `json:"false_refusal"`
}

// Miss is a question the answerer got wrong, with what it did.
type Miss struct {
	Item    EvalItem
	Got     Answer
	Problem string // "evidence not retrieved", "wrong answer", "refused", "answered"
}

// EvalResult holds the figures of an evaluation, overall and broken down.
type EvalResult struct {
	Overall Scores
	ByType  map[string]Scores
	BySplit map[string]Scores
	Misses  []Miss
}

// tally counts outcomes before they become rates.
type tally struct {
	answerable, unanswerable                       int
	hit1, hit3, hit5, correct, refused, falseRefus int
}

func (t tally) scores() Scores {
	rate := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return round(float64(n) / float64(of))
	}
	return Scores{
		Answerable: t.answerable, Unanswerable: t.unanswerable,
		Hit1: rate(t.hit1, t.answerable), Hit3: rate(t.hit3, t.answerable), Hit5: rate(t.hit5, t.answerable),
		Accuracy: rate(t.correct, t.answerable), FalseRefusal: rate(t.falseRefus, t.answerable),
		Refusal: rate(t.refused, t.unanswerable),
	}
}

// Evaluate asks every item's question and scores the answers: whether the
// evidence is among the first 1, 3 and 5 retrieved passages, whether the
// answer holds the expected phrase, and whether the answerer refuses exactly
// the unanswerable questions. It fails when the answerer fails.
func Evaluate(ctx context.Context, a Asker, items []EvalItem) (EvalResult, error) {
	var all tally
	byType, bySplit := map[string]*tally{}, map[string]*tally{}
	var misses []Miss
	for _, it := range items {
		ans, err := a.Answer(ctx, it.Question)
		if err != nil {
			return EvalResult{}, fmt.Errorf("evaluate %q: %w", it.ID, err)
		}
		typ := it.Type
		if it.Unanswerable {
			typ = "unanswerable"
		}
		groups := []*tally{&all, group(byType, typ), group(bySplit, it.Split)}
		problem := ""
		if it.Unanswerable {
			for _, g := range groups {
				g.unanswerable++
				if !ans.Answered {
					g.refused++
				}
			}
			if ans.Answered {
				problem = "answered"
			}
		} else {
			rank := evidenceRank(it.Evidence, ans.Passages)
			correct := ans.Answered && containsAny(ans.Text, it.Answer)
			for _, g := range groups {
				g.answerable++
				g.hit1 += b2i(rank >= 1 && rank <= 1)
				g.hit3 += b2i(rank >= 1 && rank <= 3)
				g.hit5 += b2i(rank >= 1 && rank <= 5)
				g.correct += b2i(correct)
				g.falseRefus += b2i(!ans.Answered)
			}
			switch {
			case !ans.Answered:
				problem = "refused"
			case !correct:
				problem = "wrong answer"
			case rank < 1 || rank > 3:
				problem = "evidence not retrieved"
			}
		}
		if problem != "" {
			misses = append(misses, Miss{Item: it, Got: ans, Problem: problem})
		}
	}
	res := EvalResult{Overall: all.scores(), ByType: map[string]Scores{}, BySplit: map[string]Scores{}, Misses: misses}
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

// evidenceRank returns the 1-based rank of the first passage holding the
// evidence, or 0.
func evidenceRank(evidence string, passages []ScoredPassage) int {
	ev := matchForm(evidence)
	for i, p := range passages {
		if strings.Contains(matchForm(p.Text), ev) {
			return i + 1
		}
	}
	return 0
}

// containsAny reports whether text holds one of the "|"-separated phrases.
func containsAny(text, phrases string) bool {
	t := matchForm(text)
	for _, p := range strings.Split(phrases, "|") {
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
