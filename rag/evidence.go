package rag

// evidence is how much of question q the sentence sent of passage p says:
// the weighted share of q's concepts it matches, a concept found only in
// the neighbouring sentences or the section title counting contextCredit.
// It also returns the credit of each concept.
func (x *Index) evidence(q query, p, sent int) (float64, []float64) {
	if q.total == 0 {
		return 0, nil
	}
	pt := x.texts[p]
	s := pt.sentences[sent]
	credit := make([]float64, len(q.concepts))
	got := 0.0
	for k, con := range q.concepts {
		cr := matchCredit(con, s.terms)
		if cr < 1 {
			ctx := matchCredit(con, pt.sectionTerms)
			if sent > 0 {
				ctx = max(ctx, matchCredit(con, pt.sentences[sent-1].terms))
			}
			if sent+1 < len(pt.sentences) {
				ctx = max(ctx, matchCredit(con, pt.sentences[sent+1].terms))
			}
			if con.entity {
				ctx *= contextCredit
			} else {
				ctx *= contextCredit / 2 // what is asked should be said in the answer itself
			}
			cr = max(cr, ctx)
		}
		credit[k] = cr
		got += cr * con.weight
	}
	return got / q.total, credit
}

// matchCredit is how well a set of terms says a concept: the best credit of
// its alternatives all of whose terms are there.
func matchCredit(c concept, terms map[string]bool) float64 {
	best := 0.0
	for _, a := range c.alts {
		if a.credit <= best {
			continue
		}
		all := true
		for _, t := range a.terms {
			if !terms[t] {
				all = false
				break
			}
		}
		if all {
			best = a.credit
		}
	}
	return best
}

// askedTerms are every term by which q names its concepts: a name the
// question gives is no answer to it.
func (q query) askedTerms() map[string]bool {
	asked := map[string]bool{}
	for _, c := range q.concepts {
		for _, a := range c.alts {
			for _, t := range a.terms {
				asked[t] = true
			}
		}
	}
	return asked
}

// bestSentence is the evidence of the passage's sentence that answers q
// best, preferring sentences with the kind of answer q asks for.
func (x *Index) bestSentence(q query, asked map[string]bool, p int) float64 {
	best := 0.0
	for j, s := range x.texts[p].sentences {
		ev, _ := x.evidence(q, p, j)
		if typed, required := s.has(q, asked); required && !typed {
			ev *= 0.7
		}
		best = max(best, ev)
	}
	return best
}

// otherPlace reports whether sentence sent of passage p names a country the
// question does not ask about, while a country the question asks about is
// not named in the sentence itself: "Japan’s prime minister" is no answer to
// "who is the prime minister of South Korea", however near South Korea is.
func (x *Index) otherPlace(q query, p, sent int) bool {
	s := x.texts[p].sentences[sent]
	asked := map[int]bool{}
	missing := false
	for _, c := range q.concepts {
		if c.entity && x.lex.groups[c.group].place {
			asked[c.group] = true
			if matchCredit(c, s.terms) < 1 {
				missing = true
			}
		}
	}
	if !missing {
		return false
	}
	for g, group := range x.lex.groups {
		if !group.place || asked[g] || x.overlapsAsked(g, asked) {
			continue
		}
		for _, ph := range group.phrases {
			if hasAll(s.terms, ph) {
				return true
			}
		}
	}
	return false
}

// overlapsAsked reports whether group g shares a word with one of the asked
// places: "South Korea" (and so "ROK") is no other place than "Korea".
func (x *Index) overlapsAsked(g int, asked map[int]bool) bool {
	for a := range asked {
		for _, ap := range x.lex.groups[a].phrases {
			for _, gp := range x.lex.groups[g].phrases {
				for _, t := range ap {
					if contains(gp, t) {
						return true
					}
				}
			}
		}
	}
	return false
}

func hasAll(terms map[string]bool, ph []string) bool {
	for _, t := range ph {
		if !terms[t] {
			return false
		}
	}
	return true
}
