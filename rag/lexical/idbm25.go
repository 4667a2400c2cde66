package lexical

import (
	"slices"
	"sort"
)

// IDBM25 is BM25 (BM25F with shared length normalisation, as BM25) over
// documents whose terms are numbered, as a vocabulary numbers them: the
// postings are slices indexed by term number, which costs a quarter of the
// memory of BM25's map of strings and builds without reading any text. It
// is immutable once built and safe for concurrent use.
type IDBM25 struct {
	postings [][]idPosting // by term number
	lengths  []float32
	avgLen   float64
	n        int
}

type idPosting struct {
	doc int32
	tf  float32
}

// IDField is one weighted field of a document, as term numbers.
type IDField struct {
	Terms  []int32 // negative numbers are skipped
	Weight float32
}

// NewIDBM25 indexes documents, each given as its fields, over terms
// numbered from 0 to terms-1.
func NewIDBM25(terms int, docs [][]IDField) *IDBM25 {
	x := &IDBM25{postings: make([][]idPosting, terms), lengths: make([]float32, len(docs)), n: len(docs)}
	total := 0.0
	tf := map[int32]float32{}
	var ids []int32
	for d, fields := range docs {
		clear(tf)
		ids = ids[:0]
		for _, f := range fields {
			for _, t := range f.Terms {
				if t < 0 || int(t) >= terms {
					continue
				}
				if _, ok := tf[t]; !ok {
					ids = append(ids, t)
				}
				tf[t] += f.Weight
				x.lengths[d] += f.Weight
			}
		}
		total += float64(x.lengths[d])
		slices.Sort(ids) // deterministic postings order
		for _, t := range ids {
			x.postings[t] = append(x.postings[t], idPosting{int32(d), tf[t]})
		}
	}
	for t := range x.postings {
		x.postings[t] = slices.Clip(x.postings[t])
	}
	if x.n > 0 {
		x.avgLen = total / float64(x.n)
	}
	if x.avgLen == 0 {
		x.avgLen = 1
	}
	return x
}

// DocFreq returns how many documents contain term t.
func (x *IDBM25) DocFreq(t int32) int {
	if t < 0 || int(t) >= len(x.postings) {
		return 0
	}
	return len(x.postings[t])
}

// Search returns the documents matching any of the weighted query terms,
// best first (ties by document order); numbers outside the vocabulary are
// skipped.
func (x *IDBM25) Search(query map[int32]float64) []Hit {
	terms := make([]int32, 0, len(query))
	for t := range query {
		if t >= 0 && int(t) < len(x.postings) {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms) // the same sums in the same order, every time
	scores := map[int]float64{}
	for _, t := range terms {
		idf := IDF(len(x.postings[t]), x.n) * query[t]
		for _, p := range x.postings[t] {
			norm := k1 * (1 - b + b*float64(x.lengths[p.doc])/x.avgLen)
			tf := float64(p.tf)
			scores[int(p.doc)] += idf * tf * (k1 + 1) / (tf + norm)
		}
	}
	hits := make([]Hit, 0, len(scores))
	for d, s := range scores {
		hits = append(hits, Hit{d, s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Doc < hits[j].Doc
	})
	return hits
}
