package rank

import (
	"math"

	"reportbot/rag/question"
)

// Candidate is a sentence that may answer a question, with what stands
// around it.
type Candidate struct {
	Sentence   *Sentence
	Prev, Next *Sentence // nil at the passage's edges
	Section    *Sentence // the passage's section title, nil when none
	Position   int       // of the sentence in its passage, from 0
	Passage    int       // rank of its passage in retrieval, from 0
	Retrieval  float64   // its passage's retrieval score, 0 to 1
}

// The features of a candidate, in the order of the weights.
const (
	fCov      = iota // weighted share of the question's terms the sentence says
	fSoft            // the same, each term credited with its most similar word
	fContext         // share said only around it: the sentences next to it, the section title
	fBM25            // the sentence's BM25 score, over the best candidate's
	fRetr            // its passage's retrieval score
	fRank            // 1 / (1 + its passage's rank)
	fProx            // how close together it says the question's terms
	fNames           // share of the question's names it says
	fNovel           // share of its words the question does not have: what it adds
	fLen             // log of its length in words
	fPrev            // the previous sentence's share of the question
	fFirst           // it opens its passage
	fLeans           // it opens by pointing back ("This", "They")
	fNumbers         // share of the question's numbers it says
	fRarest          // it says the question's rarest term
	fOrder           // longest run of the question's terms it says in the question's order, over their number
	fPairs           // share of the question's adjacent term pairs it says close together
	fTypeNear        // the kind of answer asked for stands within a few words of the question's terms
	fCentroid        // cosine of the question's and the sentence's mean word vectors, rarer words weighing more
	fTypeNumber
	fTypeCount
	fTypeDate
	fTypePerson
	fTypePlace
	fTypeReason
	fTypeList
	fTypeName
	fTypeDefinition
	fTypeEntity
	fNext // the next sentence's share of the question
	// NumFeatures is the number of features.
	NumFeatures
)

// FeatureNames names the features, for the fitting command's report.
var FeatureNames = [NumFeatures]string{"cov", "soft", "context", "bm25", "retrieval", "rank", "prox", "names", "novel", "len", "prev", "first", "leans", "numbers", "rarest", "order", "pairs", "type-near", "centroid",
	"type-number", "type-count", "type-date", "type-person", "type-place", "type-reason", "type-list", "type-name", "type-definition", "type-entity", "next"}

// Features are a candidate's signals.
type Features [NumFeatures]float64

// Scored is a candidate with its features and score.
type Scored struct {
	Features Features
	Score    float64
	// namesNear is the share of the question's names (those the report
	// uses) the sentence or those next to it say, for answerability.
	namesNear float64
}

// Ranked is what scoring a question's candidates found.
type Ranked struct {
	Scored []Scored // the candidates', in their order
	// unlike is how many of the question's words, not common English,
	// neither the report nor any candidate says in a similar word; unsaid
	// are those words, as the question writes them.
	unlike int
	unsaid []string
	// softAll and softPassage are the weighted share of the question the
	// candidates say, each term credited with its best match (the word
	// itself 1, a similar word its similarity), over all candidates and
	// in the best passage.
	softAll, softPassage float64
}

// Unsaid returns the question's words, as written, that the report never
// uses and no candidate says in a similar word: what a refusal can say the
// report never mentions.
func (r Ranked) Unsaid() []string { return r.unsaid }

// ScoreAll scores the candidates for the question, in their order.
func (q *Query) ScoreAll(cands []Candidate) Ranked {
	out := make([]Scored, len(cands))
	best := 0.0
	sims := make([]float64, len(q.terms))
	passage := map[int][]float64{} // per passage, each term's best similarity
	cache := make(simCache, 512)
	for i, c := range cands {
		var a alignment
		out[i].Features, out[i].namesNear, a = q.features(c, cache)
		best = max(best, out[i].Features[fBM25])
		ps := passage[c.Passage]
		if ps == nil {
			ps = make([]float64, len(q.terms))
			passage[c.Passage] = ps
		}
		for k, s := range a.sim {
			sims[k] = max(sims[k], s)
			ps[k] = max(ps[k], s)
		}
	}
	r := Ranked{Scored: out, softAll: q.softShare(sims)}
	for _, ps := range passage {
		r.softPassage = max(r.softPassage, q.softShare(ps))
	}
	for k, t := range q.terms {
		if t.id < 0 && !t.common && !t.number && sims[k] < unlikeSim {
			r.unlike++
			r.unsaid = append(r.unsaid, t.word)
		}
	}
	for i := range out {
		f := &out[i].Features
		if best > 0 {
			f[fBM25] /= best
		}
		out[i].Score = dot(SentenceWeights[:], f[:])
	}
	return r
}

// softShare is the weighted share of the question said, each term
// credited from its best similarity: fully at 1, not at all below
// softFloor.
func (q *Query) softShare(sims []float64) float64 {
	if q.total == 0 {
		return 0
	}
	got := 0.0
	for k, t := range q.terms {
		if sim := sims[k]; sim > softFloor {
			got += t.weight * (min(sim, 1) - softFloor) / (1 - softFloor)
		}
	}
	return got / q.total
}

// unlikeSim is the similarity below which no word of the candidates stands
// in for a word of the question the report never uses.
const unlikeSim = 0.5

func dot(w, f []float64) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * f[i]
	}
	return s
}

// dot32 is the dot product of two vectors of the same length, four
// lanes at a time: scoring a question computes a few thousand.
func dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// has reports whether s holds term id.
func has(s *Sentence, id int32) bool {
	if s == nil || id < 0 {
		return false
	}
	for _, tok := range s.Tokens {
		if tok.Term() == id {
			return true
		}
	}
	return false
}

// Word similarity: below softFloor a word does not stand for a question's
// word at all; from alignFloor it stands in for it where words are placed
// (how close together, what counts what).
const (
	softFloor  = 0.35
	alignFloor = 0.6
)

// simCache holds, for each term of the report met while scoring one
// question's candidates, its word vector's similarity with each of the
// question's terms and, last, with the question's mean vector: the same
// words recur across candidates, and the dot products are most of the
// cost of scoring.
type simCache map[int32][]float32

// sims returns the similarities of term id, nil when it has no vector.
func (q *Query) sims(cache simCache, id int32) []float32 {
	if s, ok := cache[id]; ok {
		return s
	}
	var s []float32
	if v := q.vocab.vecs[id]; v != nil {
		s = make([]float32, len(q.terms)+1)
		for k, t := range q.terms {
			if t.vec != nil {
				s[k] = dot32(t.vec, v)
			}
		}
		if q.centre != nil {
			s[len(q.terms)] = dot32(q.centre, v)
		}
	}
	cache[id] = s
	return s
}

// alignment is how a sentence's words match a question's terms.
type alignment struct {
	exact []bool    // per question term: the sentence says it
	sim   []float64 // per question term: its best similarity with a word of the sentence
	// at is, per token of the sentence, the question term it says or
	// stands in for, or -1.
	at []int
}

// align matches the sentence's words with the question's terms: the term
// itself, another name the report gives it, or a word similar enough.
func (q *Query) align(s *Sentence, cache simCache) alignment {
	a := alignment{exact: make([]bool, len(q.terms)), sim: make([]float64, len(q.terms)), at: make([]int, len(s.Tokens))}
	vectors := q.vocab.vecs != nil
	for i, tok := range s.Tokens {
		a.at[i] = -1
		if tok.Term() < 0 {
			continue
		}
		var sims []float32
		if vectors {
			sims = q.sims(cache, tok.Term())
		}
		best, bestSim := -1, alignFloor
		for k, t := range q.terms {
			if tok.Term() == t.id {
				a.exact[k], a.sim[k] = true, 1
				best, bestSim = k, 2 // the word itself beats any similar one
				continue
			}
			if t.vec == nil || sims == nil {
				continue
			}
			sim := float64(sims[k])
			a.sim[k] = max(a.sim[k], sim)
			if sim >= bestSim {
				best, bestSim = k, sim
			}
		}
		a.at[i] = best
	}
	for _, m := range q.aliases {
		if q.vocab.saysAlias(s, m.group) {
			for _, k := range m.terms {
				a.exact[k], a.sim[k] = true, 1
			}
			q.vocab.markAlias(s, m, a.at)
		}
	}
	return a
}

func (q *Query) features(c Candidate, cache simCache) (Features, float64, alignment) {
	var f Features
	if q.total == 0 {
		return f, 0, alignment{}
	}
	s := c.Sentence
	a := q.align(s, cache)
	names, numbers, near, used := 0.0, 0.0, 0.0, 0.0
	rarest := -1
	for k, t := range q.terms {
		if a.exact[k] {
			f[fCov] += t.weight
		}
		inPrev, inNext := has(c.Prev, t.id), has(c.Next, t.id)
		around := inPrev || inNext || has(c.Section, t.id)
		if !a.exact[k] && around {
			f[fContext] += t.weight
		}
		if inPrev {
			f[fPrev] += t.weight
		}
		if inNext {
			f[fNext] += t.weight
		}
		if t.name && a.exact[k] {
			names++
		}
		if t.name && t.id >= 0 {
			used++
			if a.exact[k] || around {
				near++
			}
		}
		if t.number && a.exact[k] {
			numbers++
		}
		if t.id >= 0 && (rarest < 0 || t.weight > q.terms[rarest].weight) {
			rarest = k
		}
	}
	f[fCov] /= q.total
	f[fSoft] = q.softShare(a.sim)
	f[fContext] /= q.total
	f[fPrev] /= q.total
	f[fNext] /= q.total
	if q.names > 0 {
		f[fNames] = names / float64(q.names)
	}
	if q.numbers > 0 {
		f[fNumbers] = numbers / float64(q.numbers)
	}
	if rarest >= 0 && a.exact[rarest] {
		f[fRarest] = 1
	}
	// A term's other names count for it, but not when the term is what
	// is asked ("what is the DPRK": the sentence that writes it answers).
	said := a.exact
	if q.want == question.Definition || len(q.terms) == 1 {
		said = nil
	}
	f[fBM25] = q.bm25(s, said)
	f[fRetr] = c.Retrieval
	f[fRank] = 1 / float64(1+c.Passage)
	f[fProx] = proximity(a.at)
	f[fOrder], f[fPairs] = q.order(a.at)
	f[fCentroid] = q.centroidCosine(s, cache)
	content, novel := 0, 0
	for i, tok := range s.Tokens {
		if tok.Term() < 0 {
			continue
		}
		content++
		if a.at[i] < 0 {
			novel++
		}
	}
	if content > 0 {
		f[fNovel] = float64(novel) / float64(content)
	}
	f[fLen] = math.Log(1 + float64(content))
	if c.Position == 0 {
		f[fFirst] = 1
	}
	if s.Flags&leansOn != 0 {
		f[fLeans] = 1
	}
	var typed uint8
	switch q.want {
	case question.Number:
		typed = number | percent
	case question.Date:
		typed = year | month
	case question.Person, question.Place, question.Name, question.Entity:
		typed = capital | acronym
	}
	if typed != 0 {
		f[fTypeNear] = b2f(typedNear(s, a.at, typed))
	}
	switch q.want {
	case question.Number:
		f[fTypeNumber] = b2f(hasNew(s, a.at, number|percent))
		f[fTypeCount] = b2f(q.counts(s, a.at))
	case question.Date:
		f[fTypeDate] = b2f(hasNew(s, a.at, year|month))
	case question.Person:
		f[fTypePerson] = b2f(hasNew(s, a.at, capital|acronym))
	case question.Place:
		f[fTypePlace] = b2f(hasNew(s, a.at, capital|acronym))
	case question.Reason:
		f[fTypeReason] = b2f(s.Flags&causal != 0)
	case question.List:
		f[fTypeList] = b2f(s.Flags&listShape != 0)
	case question.Name:
		f[fTypeName] = b2f(hasNew(s, a.at, capital|acronym))
	case question.Entity:
		f[fTypeEntity] = b2f(hasNew(s, a.at, capital|acronym))
	case question.Definition:
		f[fTypeDefinition] = b2f(f[fRarest] > 0 && (s.Flags&defines != 0 || s.Flags&conditional == 0 && definesTerm(s, a.at, rarest)))
	}
	namesNear := 1.0
	if used > 0 {
		namesNear = near / used
	}
	return f, namesNear, a
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// isNew reports whether token i has one of the flags and says nothing of
// the question: the kind of answer asked for, not what was asked.
func isNew(s *Sentence, at []int, i int, flags uint8) bool {
	tok := s.Tokens[i]
	if tok.Flags()&flags == 0 || at[i] >= 0 {
		return false
	}
	// Months and years may be stop words ("May"); names may not.
	return tok.Flags()&stop == 0 || tok.Flags()&(year|month) != 0
}

// hasNew reports whether s has a new word with one of the flags.
func hasNew(s *Sentence, at []int, flags uint8) bool {
	for i := range s.Tokens {
		if isNew(s, at, i, flags) {
			return true
		}
	}
	return false
}

// countReach is how far after a number the noun it counts may stand:
// "28,500 U.S. troops", "130,000 cumulative cases".
const countReach = 3

// counts reports whether a number in s counts the question's counted noun.
func (q *Query) counts(s *Sentence, at []int) bool {
	if len(q.counted) == 0 {
		return false
	}
	for i := range s.Tokens {
		if !isNew(s, at, i, number) {
			continue
		}
		for j := i + 1; j < len(s.Tokens) && j <= i+countReach; j++ {
			if k := at[j]; k >= 0 && q.counted[k] {
				return true
			}
		}
	}
	return false
}

// typeReach is how many words from a word of the question the kind of
// answer asked for may stand to count as near.
const typeReach = 4

// typedNear reports whether s has a new word with one of the flags within
// typeReach words of a word that says the question.
func typedNear(s *Sentence, at []int, flags uint8) bool {
	for i := range s.Tokens {
		if !isNew(s, at, i, flags) {
			continue
		}
		for j := max(0, i-typeReach); j < len(s.Tokens) && j <= i+typeReach; j++ {
			if at[j] >= 0 {
				return true
			}
		}
	}
	return false
}

// definesTerm reports whether s says question term k right before a copula
// ("AppleTalk was a proprietary suite"): a definition.
func definesTerm(s *Sentence, at []int, k int) bool {
	for i := range s.Tokens {
		if at[i] != k {
			continue
		}
		for j := i + 1; j < len(s.Tokens) && j <= i+3; j++ {
			if s.Tokens[j].Flags()&copula != 0 {
				return true
			}
		}
	}
	return false
}

// BM25 of a sentence: the usual parameters, sentences as documents, the
// report's passages giving the terms' rarity.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// avgSentence is the length, in terms, sentence lengths are compared
	// with; a constant rather than each report's mean, which differs
	// little between reports and would have to be stored.
	avgSentence = 14.0
)

func (q *Query) bm25(s *Sentence, said []bool) float64 {
	length := 0
	for _, tok := range s.Tokens {
		if tok.Term() >= 0 {
			length++
		}
	}
	score := 0.0
	norm := bm25K1 * (1 - bm25B + bm25B*float64(length)/avgSentence)
	for k, t := range q.terms {
		if t.id < 0 {
			continue
		}
		tf := 0.0
		for _, tok := range s.Tokens {
			if tok.Term() == t.id {
				tf++
			}
		}
		if tf == 0 && said != nil && said[k] {
			tf = 1 // said by another of its names ("ROK" for "South Korea")
		}
		if tf > 0 {
			score += t.weight * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	return score
}

// proximity is how close together a sentence says the question's terms:
// the number of distinct terms it says over the shortest run of words that
// says them all, from 0 to 1; 0 when it says fewer than two.
func proximity(at []int) float64 {
	type hit struct{ pos, term int }
	var hits []hit
	distinct := map[int]bool{}
	for i, k := range at {
		if k >= 0 {
			hits = append(hits, hit{i, k})
			distinct[k] = true
		}
	}
	n := len(distinct)
	if n < 2 {
		return 0
	}
	// The shortest window holding every distinct term: two pointers over
	// the hits in order.
	count := map[int]int{}
	best, have := len(at)+1, 0
	for lo, hi := 0, 0; hi < len(hits); hi++ {
		if count[hits[hi].term]++; count[hits[hi].term] == 1 {
			have++
		}
		for have == n {
			best = min(best, hits[hi].pos-hits[lo].pos+1)
			if count[hits[lo].term]--; count[hits[lo].term] == 0 {
				have--
			}
			lo++
		}
	}
	return math.Min(1, float64(n)/float64(best))
}

// order returns the longest run of the question's terms that a sentence
// says in the question's order (a common subsequence, gaps allowed), over
// the number of the question's terms; and the share of the question's
// adjacent term pairs that it says within two words of each other, in
// either order.
func (q *Query) order(at []int) (float64, float64) {
	n := len(q.terms)
	if n == 0 {
		return 0, 0
	}
	var seq []int
	for _, k := range at {
		if k >= 0 {
			seq = append(seq, k)
		}
	}
	// Longest common subsequence of 0..n-1 and seq.
	prev := make([]int, len(seq)+1)
	cur := make([]int, len(seq)+1)
	for k := range n {
		for j, t := range seq {
			if t == k {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	lcs := float64(prev[len(seq)]) / float64(n)
	if n < 2 {
		return lcs, 0
	}
	pairs := 0
	for k := 0; k+1 < n; k++ {
		if nearTerms(at, k, k+1, 2) {
			pairs++
		}
	}
	return lcs, float64(pairs) / float64(n-1)
}

// nearTerms reports whether question terms a and b are said within reach
// words of each other.
func nearTerms(at []int, a, b, reach int) bool {
	for i, k := range at {
		if k != a {
			continue
		}
		for j := max(0, i-reach); j < len(at) && j <= i+reach; j++ {
			if j != i && at[j] == b {
				return true
			}
		}
	}
	return false
}

// centroidCosine is the cosine of the question's mean word vector and the
// sentence's, each word weighted by its rarity in the report.
func (q *Query) centroidCosine(s *Sentence, cache simCache) float64 {
	if q.centre == nil || q.vocab.vecs == nil || s.Norm == 0 {
		return 0
	}
	// cos(centre, Σ w v) = Σ w (centre·v) / |Σ w v|: the dot products come
	// from the cache, the length from the index.
	var num float64
	for _, tok := range s.Tokens {
		if tok.Term() < 0 || q.vocab.vecs[tok.Term()] == nil {
			continue
		}
		num += float64(q.vocab.idf[tok.Term()]) * float64(q.sims(cache, tok.Term())[len(q.terms)])
	}
	return num / float64(s.Norm)
}

// normalise scales v to unit length; a zero vector stays zero.
func normalise(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range v {
		v[i] *= inv
	}
}
