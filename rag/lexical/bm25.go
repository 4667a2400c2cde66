package lexical

import "math"

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

// BM25 ranks documents given as terms with Okapi BM25 over weighted fields
// (BM25F with shared length normalisation): it numbers the terms and
// scores with IDBM25. It is written here rather than imported: it is a
// hundred lines over the analyser above, and the Go BM25 packages on the
// module proxy neither take pre-analysed terms nor weight fields. A BM25
// is immutable once built and safe for concurrent use.
type BM25 struct {
	ids map[string]int32
	x   *IDBM25
}

// NewBM25 indexes documents, each given as its fields.
func NewBM25(docs [][]Field) *BM25 {
	idx := &BM25{ids: map[string]int32{}}
	numbered := make([][]IDField, len(docs))
	for d, fields := range docs {
		for _, f := range fields {
			nf := IDField{Terms: make([]int32, len(f.Terms)), Weight: float32(f.Weight)}
			for i, t := range f.Terms {
				id, ok := idx.ids[t]
				if !ok {
					id = int32(len(idx.ids))
					idx.ids[t] = id
				}
				nf.Terms[i] = id
			}
			numbered[d] = append(numbered[d], nf)
		}
	}
	idx.x = NewIDBM25(len(idx.ids), numbered)
	return idx
}

// Len returns the number of documents indexed.
func (x *BM25) Len() int { return x.x.n }

// DocFreq returns how many documents contain term.
func (x *BM25) DocFreq(term string) int {
	id, ok := x.ids[term]
	if !ok {
		return 0
	}
	return x.x.DocFreq(id)
}

// IDF returns the inverse document frequency of term, always positive: rare
// terms weigh most, and a term no document has weighs most of all.
func (x *BM25) IDF(term string) float64 { return IDF(x.DocFreq(term), x.x.n) }

// IDF is BM25's inverse document frequency of a term held by df of n
// documents, always positive.
func IDF(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
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
	numbered := make(map[int32]float64, len(query))
	for t, w := range query {
		if id, ok := x.ids[t]; ok {
			numbered[id] = w
		}
	}
	hits := x.x.Search(numbered)
	if k > 0 && len(hits) > k {
		hits = hits[:k]
	}
	return hits
}
