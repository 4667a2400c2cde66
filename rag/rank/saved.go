package rank

// Version identifies how rank reads reports: a saved vocabulary and
// sentences of another version must be read again.
const Version = "rank-12"

// Saved is a vocabulary in a form gob can write, so that a report read once
// is never read again until it changes. Its fields are the vocabulary's
// own; only Vocab's methods make sense of them.
type Saved struct {
	Terms   []string
	Words   []string
	DF      []int32
	Acro    []bool
	Named   []bool
	Docs    int
	Surface []string // the report's words, each of the term Surfaced gives
	Terms2  []int32  // Surface's terms
	Aliases [][][]int32
	Short   map[string][]int32
	Lower   map[string]int32 // uses of stop words the report also writes as acronyms
}

// Save returns the vocabulary's state. Call it after Done.
func (v *Vocab) Save() Saved {
	s := Saved{Terms: v.terms, Words: v.words, DF: v.df, Acro: v.acro, Named: v.named, Docs: v.docs, Aliases: v.aliasGroups, Short: v.shortForms, Lower: v.lowerUses}
	s.Surface = make([]string, 0, len(v.surface))
	s.Terms2 = make([]int32, 0, len(v.surface))
	for w, id := range v.surface {
		s.Surface = append(s.Surface, w)
		s.Terms2 = append(s.Terms2, id)
	}
	return s
}

// Restore returns the vocabulary Save saved, done, without word vectors
// (see SetVectors).
func Restore(s Saved) *Vocab {
	v := &Vocab{terms: s.Terms, words: s.Words, df: s.DF, acro: s.Acro, named: s.Named, docs: s.Docs, aliasGroups: s.Aliases, shortForms: s.Short, lowerUses: s.Lower,
		ids: make(map[string]int32, len(s.Terms)), surface: make(map[string]int32, len(s.Surface))}
	for i, t := range s.Terms {
		v.ids[t] = int32(i)
	}
	// Per-term flags as long as the terms, whatever was saved.
	v.acro = append(v.acro, make([]bool, max(0, len(s.Terms)-len(v.acro)))...)[:len(s.Terms)]
	v.named = append(v.named, make([]bool, max(0, len(s.Terms)-len(v.named)))...)[:len(s.Terms)]
	for i, w := range s.Surface {
		if i < len(s.Terms2) {
			v.surface[w] = s.Terms2[i]
		}
	}
	v.indexAliases()
	v.setIDF()
	return v
}

// IDs returns the question's terms in the report, for a word search: each
// term weighs 1, the terms of other names the report gives what it names
// weigh alias.
func (q *Query) IDs(alias float64) map[int32]float64 {
	out := map[int32]float64{}
	for _, m := range q.aliases {
		for _, p := range q.vocab.aliasGroups[m.group] {
			for _, id := range p {
				out[id] = alias
			}
		}
	}
	for _, t := range q.terms {
		if t.id >= 0 {
			out[t.id] = 1
		}
	}
	return out
}

// TermIDs returns the sentence's term numbers, in order (-1 for a word
// without a term), for a word index.
func (s *Sentence) TermIDs() []int32 {
	out := make([]int32, len(s.Tokens))
	for i, t := range s.Tokens {
		out[i] = t.Term()
	}
	return out
}
