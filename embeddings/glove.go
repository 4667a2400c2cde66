package embeddings

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode"

	"reportbot/embeddings/wordvec"
)

// DefaultSIF is the smoothing of NewGlove's word weights: a word of
// estimated frequency p weighs DefaultSIF/(DefaultSIF+p).
const DefaultSIF = 1e-3

// gloveVersion changes whenever Glove's vectors would change for the same
// settings: tokenising, weighting, mixing.
const gloveVersion = "v1"

// zipfVocabulary is the vocabulary size GloVe 6B was counted over; with
// Zipf's law it turns a word's rank into an estimated frequency.
const zipfVocabulary = 400000

// GloveOptions configure NewGlove. The zero value is GloVe only, with
// DefaultSIF.
type GloveOptions struct {
	// SIF is the smoothing of the word weights; <= 0 means DefaultSIF.
	// Smaller values weigh frequent words less.
	SIF float64
	// HashWeight is the share of the similarity of two texts that comes
	// from Local's hashed features, from 0 (GloVe only) to 1 (Local only);
	// it is clamped to that range. The hashed features count the words
	// GloVe lacks: names, numbers, rare words.
	HashWeight float64
	// HashDims is the size of the hashed part; <= 0 means
	// DefaultDimensions. Unused when HashWeight is 0.
	HashDims int
}

// Glove embeds a text as the smooth-inverse-frequency (SIF) weighted
// average of its words' GloVe vectors (package wordvec), optionally joined
// with Local's hashed features: with unit vectors g (GloVe) and h (hashed)
// and hash weight w, the vector is (sqrt(1-w)·g, sqrt(w)·h), so that the
// cosine of two texts is (1-w)·cos(g) + w·cos(h). It needs no model, key or
// network, gives the same vector for the same text on every machine, and is
// safe for concurrent use.
//
// Frequent words weigh little (SIF: a/(a+p), p the word's frequency as
// Zipf's law estimates it from its rank); words GloVe lacks count only in
// the hashed part. The direction every average shares is removed (SIF's
// "common component"): not the first principal component of a corpus's
// averages, which Embed cannot know, but the expected average of any text,
// each word's vector weighed by its frequency and its weight, computed once
// from the table.
type Glove struct {
	sif        float64
	hashWeight float64
	hash       *Local
	zipf       float64 // 1/H(zipfVocabulary), the frequency of the rank-0 word

	common     func() []float32 // the direction removed from every average
	keepCommon bool             // trial: do not remove it (see export_test.go)
	skipStops  bool             // trial: leave out Local's fillers
}

// NewGlove returns a Glove embedder. The word table is read on first use
// (Model or Embed), and the common direction on the first Embed.
func NewGlove(opts GloveOptions) *Glove {
	g := &Glove{sif: opts.SIF, hashWeight: min(max(opts.HashWeight, 0), 1)}
	if g.sif <= 0 {
		g.sif = DefaultSIF
	}
	if g.hashWeight > 0 {
		g.hash = NewLocal(opts.HashDims)
	}
	g.zipf = 1 / (math.Log(zipfVocabulary) + 0.5772156649)
	g.common = sync.OnceValue(func() []float32 { return g.commonDirection(wordvec.Default()) })
	return g
}

// Model names the embedder, its word table and settings, so that vectors
// made with different settings are never mixed.
func (g *Glove) Model() string {
	m := fmt.Sprintf("glove-sif-%s-%s-a%g", gloveVersion, wordvec.Default().Name(), g.sif)
	if g.hash != nil {
		m += fmt.Sprintf("+%g-%s", g.hashWeight, g.hash.Model())
	}
	if g.keepCommon {
		m += "-keepcommon"
	}
	if g.skipStops {
		m += "-nofillers"
	}
	return m
}

// Embed returns one unit vector per text, in order. It fails only when ctx
// is done.
func (g *Glove) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	table := wordvec.Default()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("embed: %w", err)
			}
		}
		out[i] = g.vector(table, t)
	}
	return out, nil
}

func (g *Glove) vector(table *wordvec.Table, text string) []float32 {
	dims := table.Dims()
	n := dims
	if g.hash != nil {
		n += g.hash.dims
	}
	out := make([]float32, n)
	sem := out[:dims]
	known := false
	for _, w := range gloveWords(text) {
		if g.skipStops && fillers[w] {
			continue
		}
		if r, ok := table.Rank(w); ok {
			table.AddTo(sem, w, float32(g.weight(r)))
			known = true
		}
	}
	if known && !g.keepCommon {
		// What every text shares says nothing about any one of them.
		c := g.common()
		var dot float32
		for i, x := range sem {
			dot += x * c[i]
		}
		for i := range sem {
			sem[i] -= dot * c[i]
		}
	}
	if g.hash == nil {
		if !scale(sem, 1) {
			// Nothing to go on: a fixed unit vector keeps the result a
			// valid, comparable embedding.
			sem[0] = 1
		}
		return out
	}
	semWeight := math.Sqrt(1 - g.hashWeight)
	if !known || !scale(sem, semWeight) {
		// Only the hashed part says anything: it is the whole vector.
		semWeight = 0
		clear(sem)
	}
	hashWeight := math.Sqrt(1 - semWeight*semWeight)
	h := g.hash.vector(text)
	for i, x := range h {
		out[dims+i] = float32(hashWeight) * x
	}
	return out
}

// weight is the SIF weight of the word of the given rank.
func (g *Glove) weight(rank int) float64 {
	p := g.zipf / float64(rank+1)
	return g.sif / (g.sif + p)
}

// commonDirection is the direction of the expected SIF average of a text:
// every word's weighted vector times the word's estimated frequency.
func (g *Glove) commonDirection(table *wordvec.Table) []float32 {
	c := make([]float32, table.Dims())
	for w, r := range table.All() {
		p := g.zipf / float64(r+1)
		table.AddTo(c, w, float32(g.weight(r)*p))
	}
	scale(c, 1)
	return c
}

// scale makes v a vector of length to, and reports false when v is zero.
func scale(v []float32, to float64) bool {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return false
	}
	f := float32(to / math.Sqrt(sum))
	for i := range v {
		v[i] *= f
	}
	return true
}

// gloveWords splits text into words as GloVe has them: lowercase letters
// and digits, hyphens inside a word kept ("well-known") when the table has
// the whole, its parts otherwise. An apostrophe ends a word, and an English
// clitic after it ("'s", "'ll") is dropped, "n't" read as "not"; dots and other
// punctuation split words.
func gloveWords(text string) []string {
	var words []string
	table := wordvec.Default()
	emit := func(tok string) {
		if tok == "" {
			return
		}
		if _, ok := table.Rank(tok); ok || !strings.Contains(tok, "-") {
			words = append(words, tok)
			return
		}
		for _, part := range strings.Split(tok, "-") {
			if part != "" {
				words = append(words, part)
			}
		}
	}
	var cur strings.Builder
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(unicode.ToLower(r))
		case r == '-' && cur.Len() > 0 && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])):
			cur.WriteRune('-')
		case (r == '\'' || r == '’') && cur.Len() > 0:
			w := cur.String()
			cur.Reset()
			j := i + 1
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			suffix := strings.ToLower(string(rs[i+1 : j]))
			if clitic(suffix) {
				if stem, ok := strings.CutSuffix(w, "n"); ok && suffix == "t" {
					// GloVe split "don't" as "do n't".
					w = stem + " not"
				}
				i = j - 1
			}
			for _, part := range strings.Fields(w) {
				emit(part)
			}
			continue
		default:
			emit(cur.String())
			cur.Reset()
		}
	}
	emit(cur.String())
	return words
}

// clitic reports an English clitic that follows an apostrophe.
func clitic(s string) bool {
	switch s {
	case "s", "t", "d", "ll", "re", "ve", "m":
		return true
	}
	return false
}
