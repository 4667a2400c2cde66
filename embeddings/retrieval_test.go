package embeddings_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"reportbot/embeddings"
	"reportbot/embeddings/wordvec"
	"reportbot/rag"
	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
	"reportbot/reports"
)

// The retrieval measurement is opt-in and slow (a minute or two): CI
// neither needs nor runs it.
//
//	go test ./embeddings -run TestRetrieval -retrieval -v [-variants] [-retrieval-out FILE]
var (
	retrieval = flag.Bool("retrieval", false, "measure retrieval with each embedder on "+squadDir+" and testdata/qa.jsonl")
	variants  = flag.Bool("variants", false, "with -retrieval: also measure other settings")
	reportOut = flag.String("retrieval-out", "", "with -retrieval: also write the tables to `FILE` (Markdown)")
)

// squadDir is the repository's copy of the eight SQuAD articles.
const squadDir = "../testdata/squad"

// contender is an embedder under measurement.
type contender struct {
	name string
	emb  rag.Embedder
}

func contenders() []contender {
	glove := func(o embeddings.GloveOptions) rag.Embedder { return embeddings.NewGlove(o) }
	cs := []contender{
		{"hash", embeddings.NewLocal(0)},
		{"glove", glove(embeddings.GloveOptions{})},
		{"hybrid 0.5", glove(embeddings.GloveOptions{HashWeight: 0.5})},
	}
	if *variants {
		trial := func(o embeddings.GloveOptions, keep, skip bool) rag.Embedder {
			return embeddings.NewGloveTrial(o, keep, skip)
		}
		cs = append(cs,
			contender{"glove keep-common", trial(embeddings.GloveOptions{}, true, false)},
			contender{"glove no-fillers", trial(embeddings.GloveOptions{}, false, true)},
			contender{"glove a=1e-4", glove(embeddings.GloveOptions{SIF: 1e-4})},
			contender{"glove a=3e-3", glove(embeddings.GloveOptions{SIF: 3e-3})},
			contender{"hybrid 0.5 keep-common", trial(embeddings.GloveOptions{HashWeight: 0.5}, true, false)},
			contender{"hybrid 0.3", glove(embeddings.GloveOptions{HashWeight: 0.3})},
			contender{"hybrid 0.7", glove(embeddings.GloveOptions{HashWeight: 0.7})},
		)
	}
	return cs
}

// ranks holds, per question, the 1-based rank of the first passage with an
// answer among the first five, or 0.
type ranks []int

func (r ranks) hitAt(k int) float64 {
	n := 0
	for _, x := range r {
		if x >= 1 && x <= k {
			n++
		}
	}
	return float64(n) / float64(len(r))
}

func (r ranks) String() string {
	if len(r) == 0 {
		return "– | – | –"
	}
	return fmt.Sprintf("%.3f | %.3f | %.3f", r.hitAt(1), r.hitAt(3), r.hitAt(5))
}

// versus counts the questions r finds first (rank 1) and base does not, and
// the other way round: the paired difference behind a change of hit@1.
func versus(r, base ranks) string {
	var won, lost int
	for i := range r {
		switch {
		case r[i] == 1 && base[i] != 1:
			won++
		case r[i] != 1 && base[i] == 1:
			lost++
		}
	}
	return fmt.Sprintf("+%d −%d", won, lost)
}

// article is one SQuAD article and its answerable questions.
type article struct {
	name     string
	src      ingest.Source
	passages []ingest.Passage
	items    []rag.EvalItem // the answerable ones
}

// fusionWeights are the weights of the vector ranking tried in the
// emulated fusion (BM25 weighs 1), to see whether better vectors would
// deserve more weight than rag gives them.
var fusionWeights = []float64{0.6, 1, 1.5}

func TestRetrieval(t *testing.T) {
	if !*retrieval {
		t.Skip("a measurement, not a test: run with -retrieval")
	}
	if _, err := os.Stat(squadDir); err != nil {
		t.Skipf("no SQuAD set: %v", err)
	}
	ctx := context.Background()
	allItems, arts := readSquad(t)
	cs := contenders()
	log := slog.New(slog.DiscardHandler)

	// Per contender: ranks of every question, article by article.
	search := make([][]ranks, len(cs))
	dense := make([][]ranks, len(cs))
	fused := make([][][]ranks, len(cs)) // [contender][weight][article]
	bm25 := make([]ranks, len(arts))
	pooled := make([]ranks, len(cs))
	embedPassages := make([]time.Duration, len(cs))
	embedQuestions := make([]time.Duration, len(cs))
	indexes := make([]map[string]*rag.Index, len(cs)) // per contender, by article
	for c := range cs {
		indexes[c] = map[string]*rag.Index{}
	}
	var nPassages, nQuestions int
	var all []ingest.Source
	for a, art := range arts {
		all = append(all, art.src)
		nPassages += len(art.passages)
		nQuestions += len(art.items)
		bm := bm25Of(art.passages)
		lex := make([][]int, len(art.items)) // BM25 ranking of each question
		for q, it := range art.items {
			for _, h := range bm.Search(lexical.Terms(it.Question), 0) {
				lex[q] = append(lex[q], h.Doc)
			}
			order := lex[q]
			bm25[a] = append(bm25[a], answerRank(it.Answers, pick(art.passages, order, 5)))
		}
		texts := make([]string, len(art.passages))
		for i, p := range art.passages {
			texts[i] = p.Section + "\n" + p.Text // as rag embeds them
		}
		for c, cand := range cs {
			idx, _, err := rag.Open(ctx, []ingest.Source{art.src}, cand.emb, rag.Options{Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			indexes[c][art.name] = idx
			start := time.Now()
			pv, err := cand.emb.Embed(ctx, texts)
			if err != nil {
				t.Fatal(err)
			}
			embedPassages[c] += time.Since(start)
			var sr, dr ranks
			fr := make([]ranks, len(fusionWeights))
			for q, it := range art.items {
				sr = append(sr, answerRank(it.Answers, searchPassages(t, idx, it.Question)))
				start := time.Now()
				qv, err := cand.emb.Embed(ctx, []string{it.Question})
				if err != nil {
					t.Fatal(err)
				}
				embedQuestions[c] += time.Since(start)
				order := nearest(qv[0], pv)
				dr = append(dr, answerRank(it.Answers, pick(art.passages, order, 5)))
				for w, weight := range fusionWeights {
					fr[w] = append(fr[w], answerRank(it.Answers, pick(art.passages, rrf(lex[q], order, weight), 5)))
				}
			}
			search[c] = append(search[c], sr)
			dense[c] = append(dense[c], dr)
			if fused[c] == nil {
				fused[c] = make([][]ranks, len(fusionWeights))
			}
			for w := range fusionWeights {
				fused[c][w] = append(fused[c][w], fr[w])
			}
		}
	}
	// All eight articles in one index: the answer must be found among
	// every article's passages.
	for c, cand := range cs {
		idx, _, err := rag.Open(ctx, all, cand.emb, rag.Options{Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		for _, art := range arts {
			for _, it := range art.items {
				pooled[c] = append(pooled[c], answerRank(it.Answers, searchPassages(t, idx, it.Question)))
			}
		}
	}

	// rag.Evaluate over the same indexes: Search's hit@k as the eval
	// command counts it, and the extractive answerer's figures.
	var answerable []rag.EvalItem
	for _, art := range arts {
		answerable = append(answerable, art.items...)
	}
	searchEval := make([]rag.EvalResult, len(cs))
	answerEval := make([]rag.EvalResult, len(cs))
	for c := range cs {
		var err error
		searchEval[c], err = rag.Evaluate(ctx, func(doc string) (rag.Asker, error) { return searcher{indexes[c][doc]}, nil }, answerable)
		if err != nil {
			t.Fatal(err)
		}
		answerEval[c], err = rag.Evaluate(ctx, func(doc string) (rag.Asker, error) { return rag.NewExtractive(indexes[c][doc], 0, 0), nil }, allItems)
		if err != nil {
			t.Fatal(err)
		}
	}

	var out strings.Builder
	header := func(first string, names []string) {
		fmt.Fprintf(&out, "| %s |", first)
		for _, n := range names {
			fmt.Fprintf(&out, " %s h@1 | h@3 | h@5 |", n)
		}
		fmt.Fprintf(&out, "\n|---|%s\n", strings.Repeat("---|---|---|", len(names)))
	}
	names := make([]string, len(cs))
	for c, cand := range cs {
		names[c] = cand.name
	}
	table := func(title string, cols [][]ranks, extra ...ranks) {
		fmt.Fprintf(&out, "\n### %s\n\n", title)
		header("article (passages, questions)", names)
		for a, art := range arts {
			fmt.Fprintf(&out, "| %s (%d, %d) |", art.name, len(art.passages), len(art.items))
			for c := range cols {
				fmt.Fprintf(&out, " %s |", cols[c][a])
			}
			fmt.Fprintln(&out)
		}
		fmt.Fprintf(&out, "| **all** (%d, %d) |", nPassages, nQuestions)
		for c := range cols {
			fmt.Fprintf(&out, " %s |", concat(cols[c]))
		}
		fmt.Fprintf(&out, "\n| h@1 vs hash, per question |")
		for c := range cols {
			fmt.Fprintf(&out, " %s | | |", versus(concat(cols[c]), concat(cols[0])))
		}
		fmt.Fprintln(&out)
		if len(extra) > 0 {
			fmt.Fprintf(&out, "| all 8 in one index (%d, %d) |", nPassages, nQuestions)
			for _, r := range extra {
				fmt.Fprintf(&out, " %s |", r)
			}
			fmt.Fprintf(&out, "\n| h@1 vs hash, one index |")
			for _, r := range extra {
				fmt.Fprintf(&out, " %s | | |", versus(r, extra[0]))
			}
			fmt.Fprintln(&out)
		}
	}
	fmt.Fprintf(&out, "# Retrieval with each embedder\n\nMade by `go test ./embeddings -run TestRetrieval -retrieval -variants -retrieval-out testdata/retrieval.md`"+
		" (reads testdata/squad and testdata/qa.jsonl). Timings vary with the machine's load.\n\n")
	fmt.Fprintf(&out, "SQuAD: %d articles, %d answerable questions; hit@k: an answer phrase in the first k passages.\n", len(arts), nQuestions)
	table("rag.Search (BM25 and vectors fused, sentence rerank), each article its own index", search, pooled...)
	fmt.Fprintf(&out, "\nThe same by rag.Evaluate (hit@k of (*rag.Index).Search, as `reportbot eval` counts it):")
	for c, cand := range cs {
		o := searchEval[c].Overall
		fmt.Fprintf(&out, " %s %.3f | %.3f | %.3f;", cand.name, o.Hit1, o.Hit3, o.Hit5)
	}
	fmt.Fprintf(&out, "\n\n### SQuAD, the extractive answerer (rag.Evaluate, all %d questions)\n\n", len(allItems))
	fmt.Fprintf(&out, "| embedder | accuracy | first sentence | false refusal | impossible refused | off-topic refused |\n|---|---|---|---|---|---|\n")
	for c, cand := range cs {
		o := answerEval[c].Overall
		fmt.Fprintf(&out, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |\n", cand.name, o.Accuracy, o.First, o.FalseRefusal, o.ImpossibleRefused, o.OfftopicRefused)
	}
	table("The embedder's vectors alone (cosine ranking)", dense)
	fmt.Fprintf(&out, "\nBM25 alone (lexical.Terms of the question, rag's fields; no query analysis, no rerank):")
	for a, art := range arts {
		fmt.Fprintf(&out, " %s %s;", art.name, bm25[a])
	}
	fmt.Fprintf(&out, " **all %s**\n", concat(bm25))
	expansionTable(&out, arts)
	for w, weight := range fusionWeights {
		cols := make([][]ranks, len(cs))
		for c := range cs {
			cols[c] = fused[c][w]
		}
		table(fmt.Sprintf("Emulated fusion, no rerank: BM25 (weight 1) and vectors (weight %g) by reciprocal rank, k=60", weight), cols)
	}

	// The bundled report's questions, scored by rag.Evaluate: evidence in
	// the first k passages.
	srcs, _, err := ingest.ReadFS(reports.FS)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../testdata/qa.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	evalItems, err := rag.ReadEvalSet(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&out, "\n### Bundled report, testdata/qa.jsonl (rag.Evaluate: the evidence sentence in the first k passages)\n\n")
	fmt.Fprintf(&out, "| embedder | answerable | Search h@1 | h@3 | h@5 | Extractive accuracy | first sentence | false refusal | unanswerable refused |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, cand := range cs {
		idx, _, err := rag.Open(ctx, srcs, cand.emb, rag.Options{Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		s, err := rag.Evaluate(ctx, func(string) (rag.Asker, error) { return searcher{idx}, nil }, evalItems)
		if err != nil {
			t.Fatal(err)
		}
		e, err := rag.Evaluate(ctx, func(string) (rag.Asker, error) { return rag.NewExtractive(idx, 0, 0), nil }, evalItems)
		if err != nil {
			t.Fatal(err)
		}
		so, eo := s.Overall, e.Overall
		fmt.Fprintf(&out, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", cand.name, so.Answerable,
			so.Hit1, so.Hit3, so.Hit5, eo.Accuracy, eo.First, eo.FalseRefusal, eo.ImpossibleRefused)
	}

	fmt.Fprintf(&out, "\n### Embed time (%d SQuAD passages, one call per article; %d questions, one call each)\n\n| embedder | model | dims | per passage | per question |\n|---|---|---|---|---|\n", nPassages, nQuestions)
	for c, cand := range cs {
		v, _ := cand.emb.Embed(ctx, []string{"x"})
		fmt.Fprintf(&out, "| %s | %s | %d | %s | %s |\n", cand.name, cand.emb.Model(), len(v[0]),
			(embedPassages[c] / time.Duration(nPassages)).Round(100*time.Nanosecond),
			(embedQuestions[c] / time.Duration(nQuestions)).Round(100*time.Nanosecond))
	}
	t.Log("\n" + out.String())
	if *reportOut != "" {
		if err := os.WriteFile(*reportOut, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// expansionTable measures another use of the word vectors: BM25 with each
// question word widened to the article's words that GloVe finds similar
// (similarity at least theta, weight beta times it).
func expansionTable(out *strings.Builder, arts []article) {
	type setting struct{ theta, beta float64 }
	settings := []setting{{0.8, 0.3}, {0.7, 0.3}, {0.7, 0.1}}
	res := make([][]ranks, len(settings))
	var added, asked int
	for _, art := range arts {
		bm := bm25Of(art.passages)
		vocab := map[string]string{} // article word -> its term
		for _, p := range art.passages {
			for _, tok := range lexical.Tokens(p.Section + " " + p.Text) {
				if term := lexical.TermOf(tok); term != "" && !tok.Acronym {
					if _, ok := wordvec.Rank(tok.Text); ok {
						vocab[tok.Text] = term
					}
				}
			}
		}
		words := make([]string, 0, len(vocab))
		for w := range vocab {
			words = append(words, w)
		}
		sort.Strings(words)
		for s, set := range settings {
			var rs ranks
			for _, it := range art.items {
				query := map[string]float64{}
				for _, term := range lexical.Terms(it.Question) {
					query[term] = 1
				}
				for _, tok := range lexical.Tokens(it.Question) {
					if lexical.TermOf(tok) == "" || tok.Acronym {
						continue
					}
					for _, w := range words {
						term := vocab[w]
						if _, own := query[term]; own && query[term] == 1 {
							continue
						}
						if sim, ok := wordvec.Similarity(tok.Text, w); ok && sim >= set.theta {
							query[term] = max(query[term], set.beta*sim)
							if s == 0 {
								added++
							}
						}
					}
				}
				if s == 0 {
					asked++
				}
				var order []int
				for _, h := range bm.SearchWeighted(query, 5) {
					order = append(order, h.Doc)
				}
				rs = append(rs, answerRank(it.Answers, pick(art.passages, order, 5)))
			}
			res[s] = append(res[s], rs)
		}
	}
	fmt.Fprintf(out, "\nBM25 with GloVe query expansion (article words with similarity >= theta to a question word, weight beta*similarity; %.1f words added per question at theta %g):", float64(added)/float64(asked), settings[0].theta)
	for s, set := range settings {
		fmt.Fprintf(out, " theta %g beta %g: **%s**;", set.theta, set.beta, concat(res[s]))
	}
	fmt.Fprintln(out)
}

// readSquad reads the SQuAD set: all its questions, and each article with
// its answerable questions, in name order.
func readSquad(tb testing.TB) ([]rag.EvalItem, []article) {
	tb.Helper()
	f, err := os.Open(filepath.Join(squadDir, "qa.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	items, err := rag.ReadEvalSet(f)
	if err != nil {
		tb.Fatal(err)
	}
	byDoc := map[string][]rag.EvalItem{}
	for _, it := range items {
		if it.Answerable() {
			byDoc[it.Doc] = append(byDoc[it.Doc], it)
		}
	}
	var arts []article
	for name, qs := range byDoc {
		data, err := os.ReadFile(filepath.Join(squadDir, "docs", name+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		src := ingest.Source{Name: name + ".txt", Data: data}
		doc, err := ingest.Parse(src)
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, article{name: name, src: src, passages: doc.Passages, items: qs})
	}
	sort.Slice(arts, func(i, j int) bool { return arts[i].name < arts[j].name })
	return items, arts
}

func searchPassages(tb testing.TB, idx *rag.Index, q string) []ingest.Passage {
	tb.Helper()
	hs, err := idx.Search(context.Background(), q, 5)
	if err != nil {
		tb.Fatal(err)
	}
	ps := make([]ingest.Passage, len(hs))
	for i, h := range hs {
		ps[i] = h.Passage
	}
	return ps
}

// searcher is a rag.Asker that only retrieves, so that rag.Evaluate scores
// (*rag.Index).Search alone.
type searcher struct{ idx *rag.Index }

func (s searcher) Answer(ctx context.Context, q string) (rag.Answer, error) {
	hs, err := s.idx.Search(ctx, q, 5)
	if err != nil {
		return rag.Answer{}, err
	}
	ans := rag.Answer{Question: q, Answered: true}
	for _, h := range hs {
		ans.Passages = append(ans.Passages, rag.ScoredPassage{Passage: h.Passage, Score: h.Score})
	}
	return ans, nil
}

// bm25Of indexes passages as rag does: the text, and the section title
// weighing twice.
func bm25Of(ps []ingest.Passage) *lexical.BM25 {
	fields := make([][]lexical.Field, len(ps))
	for i, p := range ps {
		fields[i] = []lexical.Field{{Terms: lexical.Terms(p.Text), Weight: 1}, {Terms: lexical.Terms(p.Section), Weight: 2}}
	}
	return lexical.NewBM25(fields)
}

// nearest returns the indexes of vs, nearest q first.
func nearest(q []float32, vs [][]float32) []int {
	order := make([]int, len(vs))
	sims := make([]float64, len(vs))
	for i, v := range vs {
		order[i] = i
		for j := range v {
			sims[i] += float64(q[j]) * float64(v[j])
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return sims[order[a]] > sims[order[b]] })
	return order
}

// rrf fuses a lexical and a vector ranking as rag does: each adds
// weight/(60+rank), the lexical weighing 1.
func rrf(lex, vec []int, weight float64) []int {
	score := map[int]float64{}
	for r, i := range lex {
		score[i] += 1 / float64(60+r+1)
	}
	for r, i := range vec[:min(50, len(vec))] {
		score[i] += weight / float64(60+r+1)
	}
	order := make([]int, 0, len(score))
	for i := range score {
		order = append(order, i)
	}
	sort.Slice(order, func(a, b int) bool {
		if score[order[a]] != score[order[b]] {
			return score[order[a]] > score[order[b]]
		}
		return order[a] < order[b]
	})
	return order
}

func pick(ps []ingest.Passage, order []int, k int) []ingest.Passage {
	out := make([]ingest.Passage, 0, k)
	for _, i := range order[:min(k, len(order))] {
		out = append(out, ps[i])
	}
	return out
}

func concat(rs []ranks) ranks {
	var all ranks
	for _, r := range rs {
		all = append(all, r...)
	}
	return all
}

// answerRank returns the 1-based rank of the first passage holding one of
// the answers (case, spacing and quote styles ignored), or 0.
func answerRank(answers []string, ps []ingest.Passage) int {
	for i, p := range ps {
		text := fold(p.Text)
		for _, a := range answers {
			if a = fold(a); a != "" && strings.Contains(text, a) {
				return i + 1
			}
		}
	}
	return 0
}

// fold is rag's matchForm: lowercase, typographic quotes and dashes plain,
// white space collapsed.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(folder.Replace(s))), " ")
}

var folder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")
