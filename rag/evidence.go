package rag

import "reportbot/rag/lexical"

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
			// The section title sets the topic of all its sentences. The
			// sentences around set the scene: the names they give count,
			// but what is asked should be said in the answer itself.
			ctx := matchCredit(con, pt.sectionTerms) * contextCredit
			near := 0.0
			if sent > 0 {
				near = matchCredit(con, pt.sentences[sent-1].terms)
			}
			if sent+1 < len(pt.sentences) {
				near = max(near, matchCredit(con, pt.sentences[sent+1].terms))
			}
			if con.entity {
				near *= contextCredit
			} else {
				near *= contextCredit / 2
			}
			cr = max(cr, ctx, near)
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

// askedTerms are the question's own terms: a name the question gives is no
// answer to it (another name for it may be: "the ROK military" answers
// "who is responsible for Korea's security").
func (q query) askedTerms() map[string]bool {
	asked := map[string]bool{}
	for _, c := range q.concepts {
		for _, t := range c.alts[0].terms {
			asked[t] = true
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

// otherPlace reports whether sentence sent of passage p gives a place the
// question asks about to another place: the question's place is not in the
// sentence, and another country plays its part there ("Japan’s prime
// minister" for "the prime minister of South Korea", "based in the ROK" for
// "stationed in Japan"), however near the asked place is.
func (x *Index) otherPlace(q query, p, sent int) bool {
	s := x.texts[p].sentences[sent]
	asked := map[int]bool{}
	var slots []slot
	for _, c := range q.concepts {
		if c.entity && x.lex.groups[c.group].place {
			asked[c.group] = true
			if matchCredit(c, s.terms) < 1 && c.slot != noSlot {
				slots = append(slots, c.slot)
			}
		}
	}
	if len(slots) == 0 {
		return false
	}
	for g, group := range x.lex.groups {
		if !group.place || asked[g] || x.overlapsAsked(g, asked) {
			continue
		}
		for _, ph := range group.phrases {
			for _, sl := range s.slotsOf(ph) {
				for _, want := range slots {
					if sl == want || want == subject && sl == possessor || want == possessor && sl == subject {
						return true
					}
				}
			}
		}
	}
	return false
}

// slotsOf returns the slots in which the sentence names the phrase.
func (s sentence) slotsOf(ph []string) []slot {
	var out []slot
	for i := 0; i+len(ph) <= len(s.toks); i++ {
		match := true
		for k, t := range ph {
			if lexical.TermOf(s.toks[i+k]) != t {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		sl := slotOf(s.toks, i, i+len(ph)-1)
		if sl == noSlot && i <= 1 {
			sl = subject // it opens the sentence
		}
		out = append(out, sl)
	}
	return out
}

// overlapsAsked reports whether group g names a part of an asked place:
// "South Korea" (and so "ROK") is no other place than "Korea", but "North
// Korea" is another place than "South Korea".
func (x *Index) overlapsAsked(g int, asked map[int]bool) bool {
	for a := range asked {
		for _, ap := range x.lex.groups[a].phrases {
			for _, gp := range x.lex.groups[g].phrases {
				if hasAll(set(gp), ap) {
					return true
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
