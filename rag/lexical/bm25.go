package lexical

import (
	"math"
	"sort"
)

// BM25 parameters: the usual defaults.
const (
	k1 = 1.2
	b  = 0.75
)

// Field is one weighted field of a document: its terms count weight times.
// A section title given weight 2 counts twice as much as body text.
type Field struct {
	Terms  []string
	Weight float64
}

// Hit is one document matching a query.
type Hit struct {
	Doc   int // index of the document, in the order given to NewBM25
	Score float64
}

// BM25 ranks documents for a query with Okapi BM25 over weighted fields
// (BM25F with shared length normalisation). It is written here rather than
// imported: it is a hundred lines over the analyser above, and the Go BM25
// packages on the module proxy neither take pre-analysed terms nor weight
// fields. A BM25 is immutable once built and safe for concurrent use.
type BM25 struct {
	postings map[string][]posting
	lengths  []float64
	avgLen   float64
	n        int
}

type posting struct {
	doc int
	tf  float64
}

// NewBM25 indexes documents, each given as its fields.
func NewBM25(docs [][]Field) *BM25 {
	idx := &BM25{postings: map[string][]posting{}, lengths: make([]float64, len(docs)), n: len(docs)}
	total := 0.0
	for d, fields := range docs {
		tf := map[string]float64{}
		for _, f := range fields {
			for _, t := range f.Terms {
				tf[t] += f.Weight
			}
			idx.lengths[d] += f.Weight * float64(len(f.Terms))
		}
		total += idx.lengths[d]
		terms := make([]string, 0, len(tf))
		for t := range tf {
			terms = append(terms, t)
		}
		sort.Strings(terms) // deterministic postings order
		for _, t := range terms {
			idx.postings[t] = append(idx.postings[t], posting{d, tf[t]})
		}
	}
	if idx.n > 0 {
		idx.avgLen = total / float64(idx.n)
	}
	if idx.avgLen == 0 {
		idx.avgLen = 1
	}
	return idx
}

// Len returns the number of documents indexed.
func (x *BM25) Len() int { return x.n }

// DocFreq returns how many documents contain term.
func (x *BM25) DocFreq(term string) int { return len(x.postings[term]) }

// IDF returns the inverse document frequency of term, always positive: rare
// terms weigh most, and a term no document has weighs most of all.
func (x *BM25) IDF(term string) float64 {
	df := float64(len(x.postings[term]))
	return math.Log(1 + (float64(x.n)-df+0.5)/(df+0.5))
}

// Search returns the documents matching any of the query terms, best first
// (ties by document order), at most k of them; k <= 0 means all. Repeated
// query terms count once.
func (x *BM25) Search(query []string, k int) []Hit {
	weights := make(map[string]float64, len(query))
	for _, t := range query {
		weights[t] = 1
	}
	return x.SearchWeighted(weights, k)
}

// SearchWeighted is Search with a weight per query term: a synonym can count
// less than the word asked.
func (x *BM25) SearchWeighted(query map[string]float64, k int) []Hit {
	terms := make([]string, 0, len(query))
	for t := range query {
		terms = append(terms, t)
	}
	sort.Strings(terms) // the same sums in the same order, every time
	scores := map[int]float64{}
	for _, t := range terms {
		idf := x.IDF(t) * query[t]
		for _, p := range x.postings[t] {
			norm := k1 * (1 - b + b*x.lengths[p.doc]/x.avgLen)
			scores[p.doc] += idf * p.tf * (k1 + 1) / (p.tf + norm)
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
	if k > 0 && len(hits) > k {
		hits = hits[:k]
	}
	return hits
}
