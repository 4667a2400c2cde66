package rank

import "fmt"

// DebugTerms is a throwaway.
func (q *Query) DebugTerms() string {
	s := ""
	for _, t := range q.terms {
		w := ""
		if t.id >= 0 {
			w = q.vocab.words[t.id]
		}
		s += fmt.Sprintf("[%s id=%d %s w=%.2f common=%v] ", t.word, t.id, w, t.weight, t.common)
	}
	return s
}
