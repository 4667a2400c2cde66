package rag

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	chromem "github.com/philippgille/chromem-go"

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
	// wordsOnly is set when the question could not be embedded: the
	// passages were found by the word search alone.
	wordsOnly bool
}

// NoteWordsOnly is the note of an answer whose passages were found by
// their words alone, the question's embedding having failed.
const NoteWordsOnly = "Search by meaning is unavailable just now, so the passages were found by their words alone."

// note is what an answer found so must say: NoteWordsOnly, or nothing.
func (f found) note() string {
	if f.wordsOnly {
		return NoteWordsOnly
	}
	return ""
}

// foundSentence is a scored sentence of a retrieved passage.
type foundSentence struct {
	passage int // index into the index's passages
	sent    int // index into the passage's sentences
	rank.Scored
	// items are the sentences after it that it leads in to, a list's
	// items ("the following APIs:"), quoted with it.
	items []int
	// lead is the sentence before it that names what it points back to
	// ("This process is referred to as …"), quoted before it; -1 for none.
	lead int
}

// Rank fusion: each ranking adds weight/(rrfK + rank) to a passage's score,
// the word ranking lexicalRank, the vector ranking Options.VectorWeight;
// the vector search ranks its semanticPool nearest passages.
const (
	rrfK         = 60
	lexicalRank  = 1.0
	semanticPool = 50
)

// DefaultVectorWeight is how much the vector ranking counts in the fusion,
// against the word ranking's 1, with the built-in hashing embedder: fitted
// on the tuning documents (TestFit: 0.15 found the answer first as often
// as 0.6 and 0.3, and a little more often in the first 400 characters).
// Embeddings from a model mean more: see Options.VectorWeight.
const DefaultVectorWeight = 0.15

// aliasWeight is how much the terms of another name of what the question
// names count in the word search.
const aliasWeight = 0.5

// scoredPool is how many fused hits have their sentences scored: 12 found
// the answer as often as 20 on the tuning documents, at half the cost. A
// variable so that TestFit can try others (POOL=n).
var scoredPool = 12

// find reads a standalone question, retrieves passages by words and by
// meaning, scores the sentences of the best of them, and keeps the k
// passages whose sentences answer best.
func (x *Index) find(ctx context.Context, text string, k int) (found, error) {
	return x.findAnalyzed(ctx, x.analyze(text), k)
}

// analyze reads a question asked of the reports: their own words are not
// read as chat short forms.
func (x *Index) analyze(text string) question.Question {
	return question.AnalyzeFor(text, x.vocab.Uses)
}

// findAnalyzed is find for a question read already.
func (x *Index) findAnalyzed(ctx context.Context, q question.Question, k int) (found, error) {
	text := q.Text
	f := found{q: q, query: x.vocab.Query(q)}
	n := x.coll.Count()
	if n == 0 || k <= 0 {
		return f, nil
	}
	var results []chromem.Result
	vec, err := x.embedQuestion(ctx, text)
	switch {
	case err != nil && ctx.Err() != nil:
		return f, fmt.Errorf("answer: %w", err) // the caller gave up
	case err != nil:
		// The word search alone still finds passages: better an answer
		// from it than none.
		f.wordsOnly = true
		if errors.Is(err, errEmbedderResting) {
			x.logger().Debug("question searched by its words alone", "err", err)
		} else {
			x.logger().Warn("question could not be embedded; searching by its words alone", "err", err)
		}
	default:
		pool := min(n, max(semanticPool, 4*k))
		// A few more than used, so that passages tied at the cut are all
		// seen: chromem-go searches in parallel and orders ties by chance.
		results, err = x.coll.QueryEmbedding(ctx, vec, min(n, pool+semanticPool/5), nil, nil)
		if err != nil {
			return f, fmt.Errorf("answer: query vectors: %w", err)
		}
		sort.SliceStable(results, func(a, b int) bool {
			if results[a].Similarity != results[b].Similarity {
				return results[a].Similarity > results[b].Similarity
			}
			return results[a].ID < results[b].ID
		})
		results = results[:min(len(results), pool)]
	}
	scores := map[int]float64{}
	for r, h := range x.bm25.Search(f.query.IDs(aliasWeight)) {
		scores[h.Doc] += lexicalRank / float64(rrfK+r+1)
	}
	for r, res := range results {
		if i, ok := x.byID[res.ID]; ok {
			scores[i] += x.vectorWeight / float64(rrfK+r+1)
		}
	}
	// Scores are shares of the best a passage could have scored.
	top := (lexicalRank + x.vectorWeight) / float64(rrfK+1)
	if f.wordsOnly {
		top = lexicalRank / float64(rrfK+1)
	}
	hits := make([]Hit, 0, len(scores))
	for i, s := range scores {
		if x.boiler[i] && !asksBoilerplate(q) {
			continue
		}
		hits = append(hits, Hit{Passage: x.passages[i], Score: s / top, index: i})
	}
	byScore(hits)
	scoring := hits[:min(len(hits), max(scoredPool, 2*k))]

	var cands []rank.Candidate
	for r, h := range scoring {
		sents := x.sents[h.index]
		for j := range sents {
			if len(sents) > 1 && sents[j].Fragment() && !x.asks(h.index, j) {
				continue // "Redistribution.": a heading run into its text, no answer (a question is: see answersToQuestions)
			}
			if !q.AsksCode && (sents[j].Code() || x.leadsInToCode(h.index, j)) {
				continue // a command or a compiler's message answers only a question asking for one; to any other it is context
			}
			c := rank.Candidate{Sentence: &sents[j], Section: &x.titles[h.index], Position: j, Passage: r, Retrieval: h.Score}
			if j > 0 {
				c.Prev = &sents[j-1]
			} else {
				c.Prev = x.neighbour(h.index, -1)
			}
			if j+1 < len(sents) {
				c.Next = &sents[j+1]
			} else {
				c.Next = x.neighbour(h.index, +1)
			}
			cands = append(cands, c)
			f.sents = append(f.sents, foundSentence{passage: h.index, sent: j, lead: -1})
		}
	}
	for _, h := range scoring {
		f.passage = max(f.passage, f.query.Coverage(x.sents[h.index], &x.titles[h.index]))
	}
	f.ranked = f.query.ScoreAll(cands)
	for i, s := range f.ranked.Scored {
		f.sents[i].Scored = s
	}
	sort.SliceStable(f.sents, func(a, b int) bool { return f.sents[a].Score > f.sents[b].Score })
	f.sents = x.answersToQuestions(f.sents)
	// Passages rank by their best sentence.
	best := map[int]float64{}
	for _, s := range f.sents {
		if _, ok := best[s.passage]; !ok {
			best[s.passage] = s.Score
		}
	}
	sort.SliceStable(scoring, func(a, b int) bool { return best[scoring[a].index] > best[scoring[b].index] })
	f.hits = scoring[:min(len(scoring), k)]
	return f, nil
}

// answersToQuestions returns the scored sentences, best first, with each
// question the report asks ("Where does the name come from?", as a FAQ
// does) replaced by the statement right after it, its answer, scored as
// the question was, however short ("No.": a short one brings the sentence
// after it); a question not followed by a statement (a list of questions,
// a contents) is dropped. A sentence met twice stays where it
// scored best.
func (x *Index) answersToQuestions(sents []foundSentence) []foundSentence {
	out := sents[:0:0]
	seen := map[[2]int]bool{}
	for _, s := range sents {
		if x.asks(s.passage, s.sent) {
			p, j, ok := x.after(s.passage, s.sent)
			if !ok || x.asks(p, j) || x.sents[p][j].Fragment() && !x.states(p, j) {
				continue
			}
			s.passage, s.sent = p, j
			if len(x.sentence(p, j)) < shortAnswer && j+1 < len(x.sents[p]) && !x.asks(p, j+1) {
				s.items = []int{j + 1} // "No." says little without its reason
			}
		}
		if k := [2]int{s.passage, s.sent}; !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// shortAnswer is the length in bytes under which the answer to a question
// of the report's is quoted with the sentence after it.
const shortAnswer = 60

// states reports whether sentence j of passage i ends as a statement
// does, in words: a short answer to a question ("No.", "From Nordic
// mythology.") is one, though too short to quote for itself; a number
// ("1.2.") is not.
func (x *Index) states(i, j int) bool {
	t := x.bare(i, j)
	return (strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!")) && strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// asks reports whether sentence j of passage i is a question.
func (x *Index) asks(i, j int) bool { return strings.HasSuffix(x.bare(i, j), "?") }

// bare is sentence j of passage i without the quotes, brackets and
// emphasis marks after its stop.
func (x *Index) bare(i, j int) string { return strings.TrimRight(x.sentence(i, j), "\"'”’)]*_ ") }

// after returns the sentence after sentence j of passage i: the next in
// the passage, or the first of the next passage when it goes on in the
// same section of the same report.
func (x *Index) after(i, j int) (int, int, bool) {
	if j+1 < len(x.sents[i]) {
		return i, j + 1, true
	}
	if !x.goesOn(i, i+1) {
		return 0, 0, false
	}
	return i + 1, 0, true
}

// goesOn reports whether passage j goes on from passage i: it has
// sentences and stands in the same section of the same report.
func (x *Index) goesOn(i, j int) bool {
	if j < 0 || j >= len(x.passages) || len(x.sents[j]) == 0 {
		return false
	}
	a, b := x.passages[i], x.passages[j]
	return a.Report == b.Report && a.Section == b.Section
}

// neighbour returns the sentence next to passage i's edge in the passage
// step away (-1: the last sentence of the one before, +1: the first of the
// one after) when it goes on in the same section of the same report (a
// premise in one passage, what followed in the next); nil otherwise.
func (x *Index) neighbour(i, step int) *rank.Sentence {
	j := i + step
	if !x.goesOn(i, j) {
		return nil
	}
	if step < 0 {
		return &x.sents[j][len(x.sents[j])-1]
	}
	return &x.sents[j][0]
}

// sentenceText returns the text of a found sentence.
func (x *Index) sentenceText(s foundSentence) string {
	text := x.sentence(s.passage, s.sent)
	if s.lead >= 0 {
		text = x.sentence(s.passage, s.lead) + " " + text
	}
	for k, j := range s.items {
		sep := " "
		if k > 0 && !strings.ContainsAny(text[len(text)-1:], ".;,") {
			sep = "; "
		}
		text += sep + x.sentence(s.passage, j)
	}
	return text
}

// sentence returns the text of sentence j of passage i.
func (x *Index) sentence(i, j int) string {
	sp := x.spans[i][j]
	return x.passages[i].Text[sp.Start:sp.End]
}

// maxItem is the longest sentence, in bytes, read as a list's item.
const maxItem = 160

// listItems returns the sentences after s in its passage that it leads in
// to, when it ends with a colon ("Node.js supports the following APIs:"):
// the short ones that follow, as many as fit in room bytes, up to one that
// leads in to something else.
func (x *Index) listItems(s foundSentence, room int) []int {
	text := x.sentence(s.passage, s.sent)
	if !strings.HasSuffix(text, ":") {
		return nil
	}
	var items []int
	for j := s.sent + 1; j < len(x.spans[s.passage]); j++ {
		t := x.sentence(s.passage, j)
		if len(t) > maxItem || room < len(t)+2 {
			break
		}
		items = append(items, j)
		room -= len(t) + 2
		if strings.HasSuffix(t, ":") {
			break
		}
	}
	return items
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
// index so that a start from a saved index reads nothing again. It is
// flat: gob reads a few long slices far faster than a million short ones.
type analysis struct {
	Vocab rank.Saved
	// Tokens holds every passage's sentences' tokens and then its title's,
	// passage after passage; Sentences says how many sentences each
	// passage has, Lengths how many tokens each sentence and title has,
	// Flags their flags, Spans where each sentence is in its passage
	// (start, end).
	Tokens    []rank.Token
	Sentences []int32
	Lengths   []int32
	Flags     []uint8
	Spans     []int32
	Boiler    []bool
}

// saved returns the index's analysis, for saving.
func (x *Index) saved() analysis {
	a := analysis{Vocab: x.vocab.Save(), Boiler: x.boiler}
	add := func(s rank.Sentence) {
		a.Tokens = append(a.Tokens, s.Tokens...)
		a.Lengths = append(a.Lengths, int32(len(s.Tokens)))
		a.Flags = append(a.Flags, s.Flags)
	}
	for i, sents := range x.sents {
		a.Sentences = append(a.Sentences, int32(len(sents)))
		for j, s := range sents {
			add(s)
			a.Spans = append(a.Spans, int32(x.spans[i][j].Start), int32(x.spans[i][j].End))
		}
		add(x.titles[i])
	}
	return a
}

// restore takes a saved analysis as the index's, its sentences sharing the
// saved tokens. It fails when the analysis does not fit the passages or
// names terms its vocabulary lacks: a file that passed its checksum but
// was written wrong must not make an index that panics.
func (x *Index) restore(a analysis) error {
	n := len(x.passages)
	bad := errors.New("decode index: analysis does not fit the passages")
	if len(a.Sentences) != n || len(a.Boiler) != n || len(a.Lengths) != len(a.Flags) || len(a.Vocab.DF) != len(a.Vocab.Terms) {
		return bad
	}
	terms := int32(len(a.Vocab.Terms))
	for _, t := range a.Tokens {
		if t.Term() >= terms {
			return bad
		}
	}
	for _, g := range a.Vocab.Aliases {
		for _, p := range g {
			for _, id := range p {
				if id < 0 || id >= terms {
					return bad
				}
			}
		}
	}
	x.sents = make([][]rank.Sentence, n)
	x.spans = make([][]ingest.Span, n)
	x.titles = make([]rank.Sentence, n)
	tok, sent, span := 0, 0, 0
	next := func() (rank.Sentence, bool) {
		if sent >= len(a.Lengths) || a.Lengths[sent] < 0 || tok+int(a.Lengths[sent]) > len(a.Tokens) {
			return rank.Sentence{}, false
		}
		end := tok + int(a.Lengths[sent])
		s := rank.Sentence{Tokens: a.Tokens[tok:end:end], Flags: a.Flags[sent]}
		tok, sent = end, sent+1
		return s, true
	}
	for i, count := range a.Sentences {
		if count < 0 || span+2*int(count) > len(a.Spans) {
			return bad
		}
		x.sents[i] = make([]rank.Sentence, count)
		x.spans[i] = make([]ingest.Span, count)
		for j := range x.sents[i] {
			s, ok := next()
			start, end := int(a.Spans[span]), int(a.Spans[span+1])
			if !ok || start < 0 || end < start || end > len(x.passages[i].Text) {
				return bad
			}
			x.sents[i][j], x.spans[i][j] = s, ingest.Span{Start: start, End: end}
			span += 2
		}
		t, ok := next()
		if !ok {
			return bad
		}
		x.titles[i] = t
	}
	if tok != len(a.Tokens) || sent != len(a.Lengths) || span != len(a.Spans) {
		return bad
	}
	x.vocab = rank.Restore(a.Vocab)
	x.boiler = a.Boiler
	return nil
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
		for j, sp := range spans {
			if within(p.Pre, sp) && rank.Command(texts[j]) {
				x.sents[i][j].MarkCode()
			}
		}
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
	x.keepLegalReports()
	x.vocab.Done()
}

// leadsInToCode reports whether sentence j of passage i introduces code:
// it ends with a colon and the sentence after it is code ("You can use
// corepack use to ...:" before the command). What it says is how to run
// the code, an answer where the code is one.
func (x *Index) leadsInToCode(i, j int) bool {
	return j+1 < len(x.sents[i]) && x.sents[i][j+1].Code() && strings.HasSuffix(x.sentence(i, j), ":")
}

// within reports whether span sp lies inside one of spans.
func within(spans []ingest.Span, sp ingest.Span) bool {
	for _, s := range spans {
		if s.Start <= sp.Start && sp.End <= s.End {
			return true
		}
	}
	return false
}

// keepLegalReports clears the boilerplate marks of a report that is mostly
// legal text (a licence, terms of service): there the notices are what it
// says, not a notice attached to what it says.
func (x *Index) keepLegalReports() {
	total, legal := map[string]int{}, map[string]int{}
	for i, p := range x.passages {
		total[p.Report]++
		if x.boiler[i] {
			legal[p.Report]++
		}
	}
	for i, p := range x.passages {
		if 2*legal[p.Report] >= total[p.Report] {
			x.boiler[i] = false
		}
	}
}

// rankScored is a scored sentence as package rank gives it.
type rankScored = rank.Scored

// Sentences that point back to the one before them. A sentence that only
// names what the one before it describes ("This process is referred to as
// “noding.”", "Such journal files are described as “hot”.") says nothing
// of it without that one; a sentence followed by one that says what it
// named ("… function intrinsics are applied. These are special functions
// that …") says less than the two together.
var (
	namesPrevious   = regexp.MustCompile(`^(?:This|These|That|Those|Such)\b(?:[ \-][\pL\-]+){0,3} (?:is|are|was|were) (?:also |commonly |often |usually |sometimes )?(?:referred to as|called|known as|described as|termed|named|dubbed)(?:\s+\S+){1,4}$`)
	definesPrevious = regexp.MustCompile(`^(?:These|This|They|It) (?:is|are|was|were) (?:an? |the )?(?:\pL+ ){0,3}?(?:that|which|who|where|used|made|meant|designed)\b`)
)

// withReferent returns s with the sentence of its passage it needs to be
// understood: the one before it when s names what that one describes (as
// its lead), or the one after it when that one says what s names (as an
// item), when the two are one run of text in the passage and fit in room
// bytes. Anything else is returned as it is.
func (x *Index) withReferent(s foundSentence, room int) foundSentence {
	if len(s.items) > 0 || s.lead >= 0 {
		return s
	}
	i, j := s.passage, s.sent
	switch {
	case j > 0 && namesPrevious.MatchString(x.sentence(i, j)) && x.runsOn(i, j-1) && len(x.sentence(i, j-1))+1 <= room:
		s.lead = j - 1
	case j+1 < len(x.spans[i]) && definesPrevious.MatchString(x.sentence(i, j+1)) && x.runsOn(i, j) && len(x.sentence(i, j+1))+1 <= room:
		s.items = []int{j + 1}
	}
	return s
}

// runsOn reports whether sentence j+1 of passage i follows sentence j in
// the same paragraph, a space apart.
func (x *Index) runsOn(i, j int) bool {
	sp := x.spans[i]
	if j+1 >= len(sp) {
		return false
	}
	return x.passages[i].Text[sp[j].End:sp[j+1].Start] == " "
}
