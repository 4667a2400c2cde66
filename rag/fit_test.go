package rag

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
	"reportbot/rag/ingest"
	"reportbot/rag/rank"
)

var fit = flag.Bool("fit", false, "fit package rank's weights on the tuning documents and rewrite rag/rank/weights.go")

// tuningDocs are the SQuAD articles of testdata/squad that weights,
// thresholds and floors are fitted on. The other four are held out.
var tuningDocs = []string{"1973_oil_crisis", "European_Union_law", "Huguenot", "Packet_switching"}

// tuningSet is the tuning data: the bundled report's question set (doc "")
// and the tuning articles' questions.
type tuningSet struct {
	items   []EvalItem
	indexes map[string]*Index
}

func loadTuning(tb testing.TB) tuningSet {
	tb.Helper()
	ts := tuningSet{indexes: map[string]*Index{}}
	bundled, _ := openIndex(tb, "", nil)
	ts.indexes[""] = bundled
	ts.items = readEvalSet(tb)
	squad := readSet(tb, "../testdata/squad/qa.jsonl")
	for _, doc := range tuningDocs {
		ts.indexes[doc] = openArticle(tb, doc)
	}
	for _, it := range squad {
		if ts.indexes[it.Doc] != nil {
			ts.items = append(ts.items, it)
		}
	}
	return ts
}

// openArticle opens the index of one SQuAD article of testdata/squad.
func openArticle(tb testing.TB, doc string) *Index {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/squad/docs", doc+".txt"))
	if err != nil {
		tb.Fatal(err)
	}
	idx, _, err := Open(context.Background(), []ingest.Source{{Name: doc + ".txt", Data: data}}, tuningEmbedder(), Options{Logger: quietLogger(), Words: wordvec.Default()})
	if err != nil {
		tb.Fatal(err)
	}
	return idx
}

// readSet reads a question set of testdata.
func readSet(tb testing.TB, path string) []EvalItem {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	items, err := ReadEvalSet(f)
	if err != nil {
		tb.Fatal(err)
	}
	return items
}

// crossOfftopic returns more off-topic questions for fitting, made the
// way the set's own are: the answerable questions of each tuning article
// (every crossEvery-th) asked of the other tuning documents, the bundled
// report among them.
func (ts tuningSet) crossOfftopic() []EvalItem {
	var out []EvalItem
	for _, doc := range append([]string{""}, tuningDocs...) {
		n := 0
		for _, it := range ts.items {
			if it.Doc == "" || it.Doc == doc || !it.Answerable() {
				continue
			}
			if n++; n%crossEvery != 0 {
				continue
			}
			out = append(out, EvalItem{ID: "cross-" + it.ID, Doc: doc, Question: it.Question, Offtopic: true})
		}
	}
	return out
}

// crossEvery thins crossOfftopic's questions.
var crossEvery = 3

// asker answers each document's questions extractively.
func (ts tuningSet) asker() AskerFor {
	return func(doc string) (Asker, error) { return NewExtractive(ts.indexes[doc], 0, 0), nil }
}

// fitQuestion is one tuning question's candidates.
type fitQuestion struct {
	item       EvalItem
	feats      []rank.Features
	positive   []bool
	f          found
	answerable bool
}

// collect finds every tuning question's candidates with their features.
func (ts tuningSet) collect(tb testing.TB) []fitQuestion {
	tb.Helper()
	var out []fitQuestion
	for _, it := range ts.items {
		x := ts.indexes[it.Doc]
		q, err := CleanQuestion(it.Question, 0)
		if err != nil {
			continue
		}
		f, err := x.find(context.Background(), q, DefaultTopK)
		if err != nil {
			tb.Fatal(err)
		}
		fq := fitQuestion{item: it, f: f, answerable: it.Answerable()}
		for _, s := range f.sents {
			fq.feats = append(fq.feats, s.Features)
			fq.positive = append(fq.positive, it.Answerable() && containsAny(x.sentenceText(s), it.Answers))
		}
		out = append(out, fq)
	}
	return out
}

// TestFit fits the sentence weights, the answerability weights and the
// thresholds on the tuning documents, prints what it found and, with -fit,
// rewrites rag/rank/weights.go:
//
//	go test ./rag -run '^TestFit$' -fit -v
//
// For checks, not for weights.go: FIT_DOCS=a,b fits on those articles
// instead (the held-out ones, to see what fitting on them would gain);
// CROSS_EVERY=n keeps every n-th question asked of the other documents
// (crossEvery); BUNDLED_WEIGHT and POOL as their variables say.
func TestFit(t *testing.T) {
	if !*fit {
		t.Skip("fits weights only with -fit")
	}
	if v := os.Getenv("FIT_DOCS"); v != "" {
		tuningDocs = strings.Split(v, ",")
	}
	ts := loadTuning(t)
	if v := os.Getenv("BUNDLED_WEIGHT"); v != "" {
		fmt.Sscan(v, &bundledWeight)
	}
	if v := os.Getenv("CROSS_EVERY"); v != "" {
		fmt.Sscan(v, &crossEvery)
		crossEvery = max(crossEvery, 1)
	}
	if v := os.Getenv("POOL"); v != "" {
		fmt.Sscan(v, &scoredPool)
	}
	ts.items = append(ts.items, ts.crossOfftopic()...)
	qs := ts.collect(t)
	rankReport(t, "before", qs)
	w := fitSoftmax(qs, 1e-3, 800)
	rank.SentenceWeights = w
	for i := range w {
		t.Logf("sentence weight %-16s %8.4f", rank.FeatureNames[i], w[i])
	}
	// Re-find with the new weights: they reorder the passages too.
	qs = ts.collect(t)
	rankReport(t, "fitted", qs)
	var xs []rank.AnswerFeatures
	var ys []bool
	var ws []float64
	perSet := map[bool]int{}
	for _, q := range qs {
		perSet[q.item.Doc == ""]++
	}
	for _, q := range qs {
		// SQuAD's impossible questions are written to look answerable
		// and no signal here tells them apart (see the README): fitting
		// on them would only blur what does, the reports' silence.
		if q.f.query.Empty() || q.item.Doc != "" && q.item.Impossible && !q.item.Offtopic {
			continue
		}
		xs = append(xs, q.f.query.AnswerFeatures(q.f.ranked, q.f.top(2), q.f.passage))
		ys = append(ys, q.answerable)
		// The bundled report's set and the SQuAD articles count alike,
		// whatever their sizes: each asks in its own way.
		w := float64(len(qs)) / 2 / float64(perSet[q.item.Doc == ""])
		if q.item.Doc == "" {
			w *= bundledWeight
		}
		ws = append(ws, w)
	}
	aucReport(t, qs)
	aw := fitLogistic(xs, ys, ws, 1e-3, 5000)
	rank.AnswerWeights = aw
	for i := range aw {
		t.Logf("answer weight %-10s %8.4f", rank.AnswerFeatureNames[i], aw[i])
	}
	var answerable []float64
	for i, x := range xs {
		if ys[i] {
			answerable = append(answerable, 1/(1+math.Exp(-dotAnswer(aw, x))))
		}
	}
	sort.Float64s(answerable)
	threshold := refusalThreshold(qs)
	gate := answerable[int(0.005*float64(len(answerable)))]
	t.Logf("answer threshold %.4f (the articles' off-topic questions refused, their answerable ones answered), gate %.4f (0.5%% of answerable below)", threshold, gate)
	rank.AnswerThreshold = threshold
	thresholdReport(t, qs)
	chosenMass, chosenGap := answerMass, answerGap
	defer func() { answerMass, answerGap = chosenMass, chosenGap }()
	for _, m := range []float64{0.5, 0.6, 0.7, 0.8} {
		for _, gap := range []float64{1, 1.5, 2, 3} {
			answerMass, answerGap = m, gap
			res, err := Evaluate(context.Background(), ts.asker(), ts.items)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Overall
			t.Logf("answer mass %.1f gap %.1f: acc %.3f first %.3f median %d", m, gap, s.Accuracy, s.First, s.MedianChars)
		}
	}
	if err := writeWeights(w, aw, threshold, gate); err != nil {
		t.Fatal(err)
	}
	t.Log("wrote rank/weights.go: rebuild and rerun the evaluation")
}

func dotAnswer(w rank.AnswerFeatures, x rank.AnswerFeatures) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * x[i]
	}
	return s
}

// fitSoftmax fits the weights of a listwise model: for each question with
// an answering candidate, the probability softmax(w·f) puts on the
// answering candidates, maximised by Adam with an L2 penalty.
func fitSoftmax(qs []fitQuestion, l2 float64, steps int) rank.Features {
	var w, m, v rank.Features
	for step := 1; step <= steps; step++ {
		var grad rank.Features
		n := 0
		for _, q := range qs {
			pos := false
			for _, p := range q.positive {
				pos = pos || p
			}
			if !pos {
				continue
			}
			n++
			scores := make([]float64, len(q.feats))
			top := math.Inf(-1)
			for i, f := range q.feats {
				scores[i] = dotFeatures(w, f)
				top = max(top, scores[i])
			}
			var z, zp float64
			for i := range scores {
				scores[i] = math.Exp(scores[i] - top)
				z += scores[i]
				if q.positive[i] {
					zp += scores[i]
				}
			}
			// d(-log(zp/z))/dw = E_all[f] - E_pos[f]
			for i, f := range q.feats {
				c := scores[i] / z
				if q.positive[i] {
					c -= scores[i] / zp
				}
				for k := range f {
					grad[k] += c * f[k]
				}
			}
		}
		for k := range w {
			grad[k] /= float64(n)
		}
		adam(w[:], m[:], v[:], grad[:], l2, step)
	}
	return w
}

// adam takes one step of Adam (learning rate 0.05) down the gradient with
// an L2 penalty on the weights w, keeping its moments in m and v.
func adam(w, m, v, grad []float64, l2 float64, step int) {
	const lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
	for k := range w {
		g := grad[k] + l2*w[k]
		m[k] = b1*m[k] + (1-b1)*g
		v[k] = b2*v[k] + (1-b2)*g*g
		mh := m[k] / (1 - math.Pow(b1, float64(step)))
		vh := v[k] / (1 - math.Pow(b2, float64(step)))
		w[k] -= lr * mh / (math.Sqrt(vh) + eps)
	}
}

func dotFeatures(w, f rank.Features) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * f[i]
	}
	return s
}

// fitLogistic fits logistic regression by Adam with an L2 penalty.
func fitLogistic(xs []rank.AnswerFeatures, ys []bool, ws []float64, l2 float64, steps int) rank.AnswerFeatures {
	var w, m, v rank.AnswerFeatures
	for step := 1; step <= steps; step++ {
		var grad rank.AnswerFeatures
		for i, x := range xs {
			p := 1 / (1 + math.Exp(-dotAnswer(w, x)))
			y := 0.0
			if ys[i] {
				y = 1
			}
			for k := range x {
				grad[k] += ws[i] * (p - y) * x[k]
			}
		}
		for k := range w {
			grad[k] /= float64(len(xs))
		}
		adam(w[:], m[:], v[:], grad[:], l2, step)
	}
	return w
}

// writeWeights rewrites rag/rank/weights.go with fitted values.
func writeWeights(w rank.Features, aw rank.AnswerFeatures, threshold, gate float64) error {
	var b bytes.Buffer
	b.WriteString(`// Code generated by go test ./rag -run '^TestFit$' -fit; DO NOT EDIT.

package rank

// The weights and thresholds below were fitted by TestFit (rag/fit_test.go)
// on the tuning documents: the bundled report's question set
// (testdata/qa.jsonl) and the tuning articles of testdata/squad
// (1973_oil_crisis, European_Union_law, Huguenot, Packet_switching).

// SentenceWeights combine a candidate's features into its score: a
// listwise (softmax) model of which sentence holds the answer.
var SentenceWeights = Features{
`)
	for i, v := range w {
		fmt.Fprintf(&b, "\t%s: %.4f,\n", featureConst[i], v)
	}
	b.WriteString(`}

// AnswerWeights combine a question's answerability features: a logistic
// model of whether the report answers it.
var AnswerWeights = AnswerFeatures{
`)
	for i, v := range aw {
		fmt.Fprintf(&b, "\t%s: %.4f,\n", answerConst[i], v)
	}
	fmt.Fprintf(&b, `}

// AnswerThreshold is the answerability below which a question is refused:
// the lowest that refuses 96%% of the tuning articles' off-topic questions
// (the set's, and each tuning document's questions asked of the others),
// unless that refuses more than 4.5%% of their answerable ones.
var AnswerThreshold = %.4f

// GateThreshold is the answerability below which a question is not worth
// a model's time: 0.5%% of the tuning documents' answerable questions fall
// below it.
const GateThreshold = %.4f
`, threshold, gate)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile("rank/weights.go", src, 0o644)
}

// featureConst and answerConst are the names of rank's feature constants,
// for writing weights.go.
var (
	featureConst = [rank.NumFeatures]string{"fCov", "fSoft", "fContext", "fBM25", "fRetr", "fRank", "fProx", "fNames", "fNovel", "fLen", "fPrev", "fFirst", "fLeans", "fNumbers", "fRarest", "fOrder", "fPairs", "fTypeNear", "fCentroid",
		"fTypeNumber", "fTypeCount", "fTypeDate", "fTypePerson", "fTypePlace", "fTypeReason", "fTypeList", "fTypeName", "fTypeDefinition", "fTypeEntity", "fNext"}
	answerConst = [rank.NumAnswerFeatures]string{"aBias", "aCentroid", "aCov", "aSoft", "aMargin", "aReport", "aNames", "aNumbers", "aTyped", "aAny", "aMissing", "aMissingName", "aPassage", "aTypeMissing", "aReportLow", "aPassageLow", "aNoNames", "aNamesNear", "aRarest", "aNumbersBest", "aCount", "aUnlike", "aSoftAll", "aSoftPassage"}
)

// TestTuningFigures prints the figures on the tuning documents.
func TestTuningFigures(t *testing.T) {
	ts := loadTuning(t)
	res, err := Evaluate(context.Background(), ts.asker(), ts.items)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range SortedKeys(res.ByDoc) {
		s := res.ByDoc[k]
		t.Logf("%-20s acc %.3f first %.3f false %.3f imp-r %.2f off-r %.2f len %d", k, s.Accuracy, s.First, s.FalseRefusal, s.ImpossibleRefused, s.OfftopicRefused, s.MedianChars)
	}
	s := res.Overall
	t.Logf("%-20s acc %.3f first %.3f false %.3f imp-r %.2f off-r %.2f len %d", "overall", s.Accuracy, s.First, s.FalseRefusal, s.ImpossibleRefused, s.OfftopicRefused, s.MedianChars)
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// rankReport logs, per document, how often an answering sentence is among
// the candidates at all (the ceiling), and first, in the first two or three.
func rankReport(t *testing.T, name string, qs []fitQuestion) {
	type counts struct{ n, any, at1, at2, at3 int }
	by := map[string]*counts{}
	for _, q := range qs {
		if !q.answerable {
			continue
		}
		for _, d := range []string{q.item.Doc, "all"} {
			c := by[d]
			if c == nil {
				c = &counts{}
				by[d] = c
			}
			c.n++
			first := -1
			for i, p := range q.positive {
				if p {
					first = i
					break
				}
			}
			if first >= 0 {
				c.any++
			}
			if first == 0 {
				c.at1++
			}
			if first >= 0 && first < 2 {
				c.at2++
			}
			if first >= 0 && first < 3 {
				c.at3++
			}
		}
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := by[k]
		r := func(n int) float64 { return float64(n) / float64(c.n) }
		t.Logf("%s %-18s n %4d ceiling %.3f at1 %.3f at2 %.3f at3 %.3f", name, k, c.n, r(c.any), r(c.at1), r(c.at2), r(c.at3))
	}
}

// auc is the chance that a random positive scores above a random negative.
func auc(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(pos)*len(neg))
}

// aucReport logs how well each answerability feature alone tells
// answerable questions from the others, in each kind of tuning data.
func aucReport(t *testing.T, qs []fitQuestion) {
	sets := []struct {
		name string
		neg  func(EvalItem) bool
		in   func(EvalItem) bool
	}{
		{"bundled", func(it EvalItem) bool { return !it.Answerable() }, func(it EvalItem) bool { return it.Doc == "" }},
		{"offtopic", func(it EvalItem) bool { return it.Offtopic }, func(it EvalItem) bool { return it.Doc != "" }},
		{"impossible", func(it EvalItem) bool { return it.Impossible && !it.Offtopic }, func(it EvalItem) bool { return it.Doc != "" }},
	}
	for k := range rank.NumAnswerFeatures {
		line := fmt.Sprintf("AUC %-14s", rank.AnswerFeatureNames[k])
		for _, set := range sets {
			var pos, neg []float64
			for _, q := range qs {
				if !set.in(q.item) || q.f.query.Empty() {
					continue
				}
				x := q.f.query.AnswerFeatures(q.f.ranked, q.f.top(2), q.f.passage)[k]
				switch {
				case q.answerable:
					pos = append(pos, x)
				case set.neg(q.item):
					neg = append(neg, x)
				}
			}
			line += fmt.Sprintf(" %s %.3f", set.name, auc(pos, neg))
		}
		t.Log(line)
	}
}

// bundledWeight is how much the bundled report's questions count in the
// answerability fit, against the articles'.
var bundledWeight = 1.0

// tuningEmbedder is the embedder of the tuning indexes: the default one.
// (The GloVe and hash hybrid of embeddings.NewGlove was tried: its answers
// were no better, 0.720 first-sentence accuracy against 0.728.)
func tuningEmbedder() Embedder { return embeddings.NewLocal(0) }

// thresholdReport logs, for refusal thresholds around the chosen one, the
// share of answerable questions refused and of the others refused, per
// kind of tuning data.
func thresholdReport(t *testing.T, qs []fitQuestion) {
	for _, th := range []float64{0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7} {
		var c [2]struct{ ans, falseRef, other, refused int }
		for _, q := range qs {
			set := 0
			if q.item.Doc != "" {
				set = 1
				if q.item.Impossible && !q.item.Offtopic {
					continue
				}
			}
			p := q.f.answerability()
			if q.answerable {
				c[set].ans++
				c[set].falseRef += b2i(p < th)
			} else {
				c[set].other++
				c[set].refused += b2i(p < th)
			}
		}
		r := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
		t.Logf("threshold %.2f: bundled false %.3f refused %.2f; articles false %.3f off-topic refused %.2f", th,
			r(c[0].falseRef, c[0].ans), r(c[0].refused, c[0].other), r(c[1].falseRef, c[1].ans), r(c[1].refused, c[1].other))
	}
}

// Refusal targets on the tuning articles: the threshold is the lowest
// answerability that refuses offtopicRefused of their off-topic questions,
// unless that refuses more than falseRefusals of their answerable ones.
const (
	offtopicRefused = 0.96
	falseRefusals   = 0.045
)

// refusalThreshold chooses the refusal threshold (see offtopicRefused).
func refusalThreshold(qs []fitQuestion) float64 {
	var ans, off []float64
	for _, q := range qs {
		if q.item.Doc == "" || q.f.query.Empty() || len(q.f.sents) == 0 {
			continue
		}
		p := q.f.answerability()
		switch {
		case q.answerable:
			ans = append(ans, p)
		case q.item.Offtopic:
			off = append(off, p)
		}
	}
	sort.Float64s(ans)
	sort.Float64s(off)
	byOfftopic := off[min(len(off)-1, int(offtopicRefused*float64(len(off))))]
	byAnswerable := ans[int(falseRefusals*float64(len(ans)))]
	return min(byOfftopic, byAnswerable)
}
