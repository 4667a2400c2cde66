package rag

import (
	"slices"
)

// evidence is how much of question q the sentence sent of passage p says:
// the weighted share of q's concepts it matches, a concept found only in
// the neighbouring sentences or the section title counting contextCredit,
// and a concept it misses weighing its miss weight (less for common words).
// It also returns the credit of each concept.
func (x *Index) evidence(q query, p, sent int) (float64, []float64) {
	if q.total == 0 {
		return 0, nil
	}
	pt := x.texts[p]
	s := pt.sentences[sent]
	credit := make([]float64, len(q.concepts))
	got, of := 0.0, 0.0
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
	}
	// A word the report never uses weighs less when the sentence says
	// another specific word of the question itself: "where does the US
	// rank among South Korea's trading partners" is answered by a sentence
	// on trading partners, "what is Kim Jong-un's sister's name" is not by
	// one that names Kim.
	specific := false
	for k, con := range q.concepts {
		specific = specific || credit[k] >= synonymCredit && !con.entity && !con.proper && !con.unknown && !con.common()
	}
	for k, con := range q.concepts {
		cr, miss := credit[k], con.miss
		if con.unknown && specific {
			miss *= unknownEnglishMiss
		}
		got += cr * con.weight
		of += cr*con.weight + (1-cr)*miss
	}
	if of == 0 {
		return 0, credit
	}
	return got / of, credit
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
		if q.want == nameAnswer && q.asksTheName {
			// "What is the name of X": another name for what the question
			// names ("Seoul" for "Korea") is no answer either.
			for _, a := range c.alts {
				for _, t := range a.terms {
					asked[t] = true
				}
			}
		}
	}
	return asked
}

// sentenceScore is how a sentence answers a question: its evidence, the
// credit of each concept, and whether it holds the kind of answer asked
// for (and whether that kind is required).
type sentenceScore struct {
	evidence        float64
	credit          []float64
	typed, required bool
}

// scoreSentences scores every sentence of passage p against q and returns
// the scores and the best evidence, a sentence without a required kind of
// answer counting less.
func (x *Index) scoreSentences(q query, asked map[string]bool, p int) ([]sentenceScore, float64) {
	sents := x.texts[p].sentences
	scores := make([]sentenceScore, len(sents))
	best := 0.0
	for j, s := range sents {
		sc := &scores[j]
		sc.evidence, sc.credit = x.evidence(q, p, j)
		sc.typed, sc.required = s.has(q, asked)
		ev := sc.evidence
		if sc.required && !sc.typed {
			ev *= 0.7
		}
		best = max(best, ev)
	}
	return scores, best
}

// otherPlace reports whether sentence sent of passage p gives a place the
// question asks about to another place: the question's place is not in the
// sentence, and another country plays its part there ("Japan’s prime
// minister" for "the prime minister of South Korea", "based in the ROK" for
// "stationed in Japan"), however near the asked place is.
func (x *Index) otherPlace(q query, p, sent int) bool {
	s := x.texts[p].sentences[sent]
	asked := map[int]bool{}
	var wants []concept // asked places missing from the sentence, with a slot
	for _, c := range q.concepts {
		if c.entity && x.lex.groups[c.group].place {
			asked[c.group] = true
			if matchCredit(c, s.terms) < 1 && c.slot != noSlot {
				wants = append(wants, c)
			}
		}
	}
	if len(wants) == 0 {
		return false
	}
	if len(wants) == len(asked) && x.titlePlaceOnly(p, s, asked) {
		return true
	}
	for g, group := range x.lex.groups {
		if !group.place || asked[g] || x.overlapsAsked(g, asked) {
			continue
		}
		for _, ph := range group.phrases {
			for _, at := range s.slotsOf(ph) {
				for _, want := range wants {
					if sameSlot(q, want, at) {
						return true
					}
				}
			}
		}
	}
	return false
}

// titlePlaceOnly reports whether a sentence that names no place at all
// ("the country reported 130,000 cases") stands in a section whose title
// names another place than the asked ones ("South Korea’s COVID-19
// Response" when North Korea is asked about): the sentence speaks of the
// title's place.
func (x *Index) titlePlaceOnly(p int, s sentence, asked map[int]bool) bool {
	title := x.texts[p].sectionTerms
	other := false
	for g, group := range x.lex.groups {
		if !group.place {
			continue
		}
		for _, ph := range group.phrases {
			if hasAll(s.terms, ph) {
				return false // the sentence names its place
			}
			if !hasAll(title, ph) {
				continue
			}
			if asked[g] || x.overlapsAsked(g, asked) {
				return false // the title names an asked place
			}
			other = true
		}
	}
	return other
}

// sameSlot reports whether a place named in a sentence plays the part an
// asked place plays in the question. A modifier must modify the same thing
// ("U.S. troops" for "North Korean army", but not "South Korean products"
// for "US import restrictions").
func sameSlot(q query, want concept, at slotAt) bool {
	switch {
	case want.slot == modifier:
		if at.slot != modifier {
			return false
		}
		for _, c := range q.concepts {
			if slices.Contains(c.alts[0].terms, want.head) {
				return matchCredit(c, map[string]bool{at.next: true}) > 0
			}
		}
		return false
	case want.slot == at.slot:
		return true
	}
	return want.slot == subject && at.slot == possessor || want.slot == possessor && at.slot == subject
}

// slotAt is a place named in a sentence: its slot, and the term after it.
type slotAt struct {
	slot slot
	next string
}

// slotsOf returns where, and in which slot, the sentence names the phrase.
func (s sentence) slotsOf(ph []string) []slotAt {
	var out []slotAt
	for i := 0; i+len(ph) <= len(s.toks); i++ {
		match := true
		for k, t := range ph {
			if s.seq[i+k] != t {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		last := i + len(ph) - 1
		sl := slotOf(s.toks, i, last)
		if sl == noSlot && i <= 1 {
			sl = subject // it opens the sentence
		}
		at := slotAt{slot: sl}
		if last+1 < len(s.toks) {
			at.next = s.seq[last+1]
		}
		out = append(out, at)
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

// coverage is the plain weighted share of q's concepts that credit gives:
// how fully a sentence says the question, common words included. Answers
// are ranked by it; evidence decides whether there is one.
func (q query) coverage(credit []float64) float64 {
	if q.total == 0 {
		return 0
	}
	got := 0.0
	for k, c := range q.concepts {
		got += credit[k] * c.weight
	}
	return got / q.total
}
