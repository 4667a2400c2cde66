package rag

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"reportbot/rag/lexical"
)

// Query understanding, without a model: the question's words are cleaned
// (chat short forms, typos corrected against the report's own words),
// reduced to search terms, grouped into concepts (a phrase the report names
// in several ways counts as one thing), widened with general synonyms, and
// read for the kind of answer wanted (a number, a date, a name, a reason, a
// list).

// answerType is the kind of answer a question asks for.
type answerType int

const (
	anyAnswer answerType = iota
	numberAnswer
	dateAnswer
	nameAnswer
	reasonAnswer
	listAnswer
	placeAnswer
	definitionAnswer
)

// alt is one way a text can say a concept: all its terms must be there.
type alt struct {
	terms  []string
	credit float64 // how much finding it counts, up to 1
}

// concept is one thing a question asks about.
type concept struct {
	words  string // as asked
	alts   []alt  // the question's own terms first
	weight float64
	miss   float64 // what it weighs when the answer does not say it
	entity bool    // a name the report uses (aliases known)
	proper bool    // a name of a person or body the report uses ("Biden"): an answer must name it
	group  int     // the alias group of an entity
	slot   slot    // the part an entity plays in the question
	head   string  // for a modifier, the term of the word it modifies
	// unknown is set for an English word the report never uses, in any of
	// its forms or synonyms: perhaps what the report lacks ("population"),
	// perhaps the asker's own word for what it says ("rocky" for
	// "fraught").
	unknown bool
}

// common reports a concept that is one frequent, general English word
// ("happen", "team"), which says little of what is asked.
func (c concept) common() bool {
	return len(c.alts[0].terms) == 1 && lexical.IsCommon(c.alts[0].terms[0])
}

// query is an analysed question.
type query struct {
	text        string // the question, typos corrected, for the embedder
	concepts    []concept
	want        answerType
	focus       []string   // terms of the noun a "how many" question counts
	amount      bool       // focus is measured ("the value of imports"), not counted
	asksTheName bool       // says "name" ("what is the name of X"), not only "who"
	span        bool       // asks how long: a year may answer ("since 1953")
	when        moment     // the latest time the question names
	dated       bool       // the question names a time
	outcome     bool       // asks about the past, or how something turned out ("who won")
	percent     bool       // asks for a share: the answer must give a percentage
	definitions [][]string // the phrases the report spells it out as
	total       float64    // sum of the concepts' weights
}

// lexicon is what query analysis knows of the indexed reports.
type lexicon struct {
	words     map[string]int      // lowercase word -> passages it appears in
	deletes   map[string][]string // word with one letter deleted -> words
	aliases   map[string]int      // phrase (terms joined by spaces) -> group
	prefixes  map[string][]string // first prefixLen letters of a term -> terms
	proper    map[string]bool     // terms the report writes capitalised mid-sentence
	groups    []aliasGroup
	maxPhrase int
	// short maps what chat makes of a name of two or more words to the
	// name's terms: its initials ("sk" for South Korea) and its first
	// letter before the rest ("s korea"). Only forms that stand for one
	// name and that the report does not use as words are kept.
	short map[string][]string
}

func newLexicon(texts []string) *lexicon {
	lx := &lexicon{words: map[string]int{}, deletes: map[string][]string{}, aliases: map[string]int{}, prefixes: map[string][]string{}, proper: properTerms(texts)}
	terms := map[string]bool{}
	for _, t := range texts {
		seen := map[string]bool{}
		for _, tok := range lexical.Tokens(t) {
			if !seen[tok.Text] {
				seen[tok.Text] = true
				lx.words[tok.Text]++
			}
			if term := lexical.TermOf(tok); term != "" && len(term) >= prefixLen && !terms[term] {
				terms[term] = true
				lx.prefixes[term[:prefixLen]] = append(lx.prefixes[term[:prefixLen]], term)
			}
		}
	}
	for w := range lx.words {
		if len(w) < 4 || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		for _, d := range deletions(w) {
			lx.deletes[d] = append(lx.deletes[d], w)
		}
	}
	lx.groups = learnAliases(texts)
	for g, group := range lx.groups {
		for _, p := range group.phrases {
			lx.aliases[strings.Join(p, " ")] = g
			lx.maxPhrase = max(lx.maxPhrase, len(p))
		}
	}
	lx.short = lx.shortForms()
	return lx
}

// shortAt returns the name a chat short form at the start of toks stands
// for, and how many tokens the short form takes (0 when there is none).
func (lx *lexicon) shortAt(toks []lexical.Token) ([]string, int) {
	t := toks[0].Text
	if toks[0].Acronym || lx.words[t] > 0 {
		return nil, 0
	}
	if len([]rune(t)) == 1 && len(toks) > 1 {
		if ph, ok := lx.short[t+" "+lexical.TermOf(toks[1])]; ok && len(ph) == 2 {
			return ph, 2
		}
		return nil, 0
	}
	if ph, ok := lx.short[t]; ok {
		return ph, 1
	}
	return nil, 0
}

// shortForms finds the short forms of the alias groups' names of two or
// more words (see lexicon.short).
func (lx *lexicon) shortForms() map[string][]string {
	forms := map[string][]string{}
	owner := map[string]int{}
	for g, group := range lx.groups {
		for _, p := range group.phrases {
			if len(p) < 2 {
				continue
			}
			var initials strings.Builder
			for _, t := range p {
				initials.WriteString(t[:1])
			}
			for _, f := range []string{initials.String(), p[0][:1] + " " + strings.Join(p[1:], " ")} {
				if o, ok := owner[f]; ok && o != g {
					owner[f] = -1 // stands for two names: neither
					continue
				}
				if _, ok := owner[f]; !ok {
					owner[f] = g
					forms[f] = p
				}
			}
		}
	}
	for f, g := range owner {
		if _, alias := lx.aliases[f]; g < 0 || lx.words[f] > 0 || alias || stopOrCommon(f) {
			delete(forms, f)
		}
	}
	return forms
}

// stopOrCommon reports a short form that is an English word of its own.
func stopOrCommon(f string) bool {
	return lexical.IsStopWord(f) || lexical.IsCommon(f) || lexical.ChatWord(f) != f
}

// phraseAt finds the longest alias phrase at the start of terms: said as
// the report says it (credit 1), or with general synonyms for some of its
// words ("free trade deal" for "free trade agreement", credit
// synonymCredit). It returns the phrase's length in terms and its group, or
// -1.
func (lx *lexicon) phraseAt(terms []string) (n, group int, credit float64) {
	for l := min(lx.maxPhrase, len(terms)); l >= 1; l-- {
		if g, ok := lx.aliases[strings.Join(terms[:l], " ")]; ok {
			return l, g, 1
		}
	}
	best, bestGroup := 0, -1
	for g, grp := range lx.groups {
		for _, p := range grp.phrases {
			if len(p) < 2 || len(p) > len(terms) || len(p) <= best {
				continue
			}
			same := true
			for k, t := range p {
				if terms[k] != t && !slices.Contains(lexical.Synonyms(terms[k]), t) {
					same = false
					break
				}
			}
			if same {
				best, bestGroup = len(p), g
			}
		}
	}
	return best, bestGroup, synonymCredit
}

// properTerms returns the terms of words a text writes with a capital in
// the middle of sentences more often than not: names ("Biden", "Quad").
func properTerms(texts []string) map[string]bool {
	capital, lower := map[string]int{}, map[string]int{}
	for _, t := range texts {
		words := strings.Fields(t)
		for i := 1; i < len(words); i++ {
			prev := words[i-1]
			if strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, "?") || strings.HasSuffix(prev, "!") || strings.HasSuffix(prev, ":") {
				continue
			}
			core := strings.TrimFunc(words[i], func(r rune) bool { return !unicode.IsLetter(r) })
			r := []rune(core)
			if len(r) < 2 || !unicode.IsLetter(r[0]) {
				continue
			}
			for _, term := range lexical.Terms(core) {
				if unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
					capital[term]++
				} else {
					lower[term]++
				}
			}
		}
	}
	out := map[string]bool{}
	for t, n := range capital {
		// "People" in "Democratic People's Republic" is still no name.
		if n > lower[t] && !lexical.IsCommon(t) && !lexical.IsStopWord(t) {
			out[t] = true
		}
	}
	return out
}

// prefixLen is the shortest term whose longer forms count as related:
// "presid" (president) and "presidenti" (presidential).
const prefixLen = 6

// extended returns the report's terms that extend term or that term
// extends ("presid", "presidenti"): the same root the stemmer left apart.
func (lx *lexicon) extended(term string) []string {
	if len(term) < prefixLen {
		return nil
	}
	var out []string
	for _, t := range lx.prefixes[term[:prefixLen]] {
		if t != term && (strings.HasPrefix(t, term) || strings.HasPrefix(term, t)) {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// deletions returns w with each one of its letters left out.
func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

// correct returns the report's word that w is a one-letter typo of
// (a letter added, dropped, changed, or two letters swapped), or "" when
// there is none. The most frequent candidate wins.
func (lx *lexicon) correct(w string) string {
	if len([]rune(w)) < 4 {
		return ""
	}
	cands := map[string]bool{}
	for _, c := range lx.deletes[w] { // w has a letter too many
		cands[c] = true
	}
	for _, d := range deletions(w) {
		if lx.words[d] > 0 { // w lacks a letter
			cands[d] = true
		}
		for _, c := range lx.deletes[d] { // a letter changed or swapped
			cands[c] = true
		}
	}
	// Typing drops letters more often than it adds them: among equally
	// frequent words, the longer wins.
	best, bestN := "", 0
	for c := range cands {
		if c == w || !typo(w, c) {
			continue
		}
		n := lx.words[c]
		if n > bestN || n == bestN && (len(c) > len(best) || len(c) == len(best) && c < best) {
			best, bestN = c, n
		}
	}
	return best
}

// stems is the set of the stems of the space-separated words.
func stems(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[lexical.Stem(w)] = true
	}
	return set
}

// typo reports whether a and b are one edit apart: an insertion, a
// deletion, a substitution or a swap of adjacent letters.
func typo(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
			}
		}
		return len(diff) == 1 || len(diff) == 2 && diff[1] == diff[0]+1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return string(x[i:]) == string(y[i+1:])
	}
	return false
}

var (
	asksNumber  = regexp.MustCompile(`(?i)\bhow (?:many|much|long|far|big|large|often|old)\b|\bwhat (?:percent|percentage|share|proportion|fraction|amount|number)\b|\bwhat (?:%|pct\b)|\bby how much\b|\b(?:value|worth|amount|total|number|size) of\b|\bworth\b|\b(?:numbers?|count|toll|figures?|tally|totals?|rates?|stats|statistics|data)\b`)
	asksOutcome = regexp.MustCompile(`(?i)\b(?:did|was|were|had)\b|\b(?:result|results|outcome|won|agreed|decided|happened|concluded|ended up|turned out)\b`)
	// typeWords are, per kind of answer, the words that only name that kind:
	// "number" in "troop numbers", "city" in "which city".
	typeWords = map[answerType]map[string]bool{
		numberAnswer: stems("value worth amount number numbers total size figure figures count quantity sum big large long far old often high low share percent percentage proportion fraction portion toll tally stats statistics data"),
		dateAnswer:   stems("year month date day time"),
		placeAnswer:  stems("city town country nation place region state province area location"),
		nameAnswer:   stems("name called"),
		reasonAnswer: stems("reason reasons rationale reasoning motive motivation logic justification point purpose"),
	}
	asksAge  = regexp.MustCompile(`(?i)\bhow old\b`)
	nameWord = regexp.MustCompile(`(?i)\bnames?\b`)
	asksSpan = regexp.MustCompile(`(?i)\bhow (?:long|old)\b`)
	// asksAmountOf finds X in "the value of X", "the amount of X".
	asksAmountOf = regexp.MustCompile(`(?i)\b(?:value|amount|volume|level|size) of (?:the |a |an )?(?:us |u\.s\. )?(\S+)`)
	asksPercent  = regexp.MustCompile(`(?i)\b(?:what|which|by what) (?:share|percent|percentage|proportion|fraction|portion)\b|\bwhat (?:%|pct\b)`)
	// asksSizeOf finds X in "how big is X", "how far can X fly".
	asksSizeOf  = regexp.MustCompile(`(?i)\bhow (?:big|large|long|far|high|heavy|wide|tall|strong|fast) (?:is|are|was|were|can|could) (?:the |a |an )?(.+)$`)
	asksCount   = regexp.MustCompile(`(?i)\bhow many (\S+(?: \S+){0,2})`)
	asksDate    = regexp.MustCompile(`(?i)^\W*(?:(?:and|so|but|ok|okay) )?when\b|\bwhen(?:'s| is| are| was| were| did| do| does| will| would| has| have| had| can| could)\b|\b(?:what|which) (?:year|month|date|day|time)\b|\b(?:since|until|till|by) when\b|\bhow long ago\b`)
	asksName    = regexp.MustCompile(`(?i)^(?:and |so )?(?:who|whom|whose|whos)\b|\bwho(?:'s|s| is| are| was| were)\b|\b(?:what|which) (?:is|are|was)? ?(?:the )?name\b|\bwhat(?:'s| is) \S+ called\b|\bwhat is .* called\b`)
	asksPlace   = regexp.MustCompile(`(?i)\bwhere\b|\b(?:what|which) (?:city|town|country|nation|place|region|state|province|area)\b`)
	asksMeaning = regexp.MustCompile(`(?i)\bwhat (?:does|do|did|is|was|'s)\s+(?:the\s+)?(\S+)\s+(?:(?:even|actually|really|exactly) )?(?:stand for|stands for|mean|means|short for)\b|\bfull (?:name|form|title) (?:of|for) (?:the )?\S+|\bwhat(?:'s| is| was)? (?:the )?\S+?(?:'s|’s)? full (?:name|form|title)\b|^\W*what(?:'s|s| is| are)(?: the| an?)? ([\p{Lu}][\p{Lu}\d\-]+)\W*$|^\W*(?:what(?:'s|s| is| are)(?: the| an?)? )?([\p{L}\-]+)\?$`)
	asksReason  = regexp.MustCompile(`(?i)\bwhy\b|\bwhat (?:caused|causes|led to|is behind)\b|\bfor what reason\b|\bhow come\b|\b(?:rationale|reasoning|motive|motivation|logic|justification|reason|reasons|point|purpose) (?:behind|for|of)\b`)
	asksList    = regexp.MustCompile(`(?i)\b(?:which|what) (?:\S+ ){0,2}(?:countries|products|goods|topics|issues|items|initiatives|sectors|members|conditions|steps|measures|areas|things|industries|companies)\b|\bwhat (?:will|did|do|does) .* (?:discuss|include|cover)\b|\blist\b`)
	yearPattern = regexp.MustCompile(`\b(?:1[5-9]|20)\d\d\b`)
	// A month: capitalised, and "May" and "March" only beside a number or
	// after a word that takes a date ("in May", "May 21"), not "may be".
	monthPattern = regexp.MustCompile(`\b(?:January|February|April|June|July|August|September|October|November|December)\b|\b(?:May|March)\b(?: \d|,? \d{4})|\b(?:in|of|since|until|by|from|to|early|late|mid|mid-) (?:May|March)\b|\bmid-(?:May|March)\b`)
)

// numberWords are numbers written as words.
var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true,
	"thirty": true, "forty": true, "fifty": true, "hundred": true, "thousand": true, "million": true,
	"billion": true, "trillion": true, "dozen": true, "dozens": true, "twice": true, "thrice": true,
	"once": true, "half": true, "hundreds": true, "thousands": true, "millions": true, "billions": true,
}

// analyze reads a question.
func (x *Index) analyze(question string) query {
	lx := x.lex
	norm := lexical.ExpandChat(question) // "wat does X stand for", "y did ..."
	q := query{want: expected(norm), outcome: asksOutcome.MatchString(norm), percent: asksPercent.MatchString(norm), span: asksSpan.MatchString(norm)}
	q.when, q.dated = askedMoment(norm)
	q.asksTheName = nameWord.MatchString(norm)
	toks := lexical.Tokens(lexical.Phrasal(strings.ToLower(question)))
	// Tokens lowercases; acronyms are known from the question as written.
	// Phrasal may have merged or dropped words, so match the two by text,
	// in order, rather than by position.
	orig := lexical.Tokens(question)
	for i, k := 0, 0; i < len(toks) && k < len(orig); i++ {
		for j := k; j < len(orig); j++ {
			if orig[j].Text == toks[i].Text {
				toks[i].Acronym, k = orig[j].Acronym, j+1
				break
			}
		}
	}
	var words []string
	var terms []string
	var origin []string // the word each term came from
	var at []int        // the token each term came from
	for ti := 0; ti < len(toks); ti++ {
		tok := toks[ti]
		if ph, n := lx.shortAt(toks[ti:]); n > 0 {
			// "sk", "s korea": a name the report spells out.
			words = append(words, strings.Join(ph, " "))
			for _, term := range ph {
				terms = append(terms, term)
				origin = append(origin, tok.Text)
				at = append(at, ti)
			}
			ti += n - 1
			continue
		}
		w := lexical.ChatWord(tok.Text)
		if lexical.IsFiller(w) && lx.words[w] == 0 {
			continue
		}
		if ti > 0 && (toks[ti-1].Text == "what" || toks[ti-1].Text == "which") && (numberWords[w] || isNumber(w)) {
			continue // "what two things", "which 3 countries": how many the answer lists
		}
		if w == "us" && !tok.Acronym && usMeansUS(toks, ti) {
			tok.Acronym = true // "us troops", "the us": the United States
		}
		if !tok.Acronym && lx.words[w] == 0 && !lexical.IsStopWord(w) && !lexical.IsCommon(lexical.Stem(w)) && lexical.Synonyms(lexical.Stem(w)) == nil && !lexical.IsEnglish(w) {
			if c := lx.correct(w); c != "" {
				w = c
			}
		}
		words = append(words, w)
		t := lexical.Terms(w)
		if tok.Acronym {
			t = []string{w}
		}
		for _, term := range t {
			terms = append(terms, term)
			origin = append(origin, w)
			at = append(at, ti)
		}
	}
	q.text = strings.Join(words, " ")

	for i := 0; i < len(terms); {
		n, group, credit := lx.phraseAt(terms[i:])
		if group >= 0 {
			c := concept{words: strings.Join(origin[i:i+n], " "), entity: true, group: group,
				slot: slotOf(toks, at[i], at[i+n-1])}
			if c.slot == modifier {
				c.head = lexical.TermOf(toks[at[i+n-1]+1])
			}
			own := terms[i : i+n]
			c.alts = append(c.alts, alt{terms: own, credit: 1})
			for _, p := range lx.groups[group].phrases {
				if strings.Join(p, " ") != strings.Join(own, " ") {
					c.alts = append(c.alts, alt{terms: p, credit: credit})
				}
			}
			// "Korea" is said by every name of a place that holds it: South
			// Korea, and so "ROK" and "Seoul".
			for g, other := range lx.groups {
				if g == group || !other.place {
					continue
				}
				holds := false
				for _, p := range other.phrases {
					holds = holds || len(p) > len(own) && hasAll(set(p), own)
				}
				if holds {
					for _, p := range other.phrases {
						c.alts = append(c.alts, alt{terms: p, credit: partCredit})
					}
				}
			}
			q.concepts = append(q.concepts, c)
			i += n
			continue
		}
		t := terms[i]
		c := concept{words: origin[i], alts: []alt{{terms: []string{t}, credit: 1}}, group: -1, proper: lx.proper[t]}
		for _, s := range lexical.Synonyms(t) {
			c.alts = append(c.alts, alt{terms: []string{s}, credit: synonymCredit})
		}
		for _, r := range lexical.Related(t) {
			if x.bm25.DocFreq(r) > 0 {
				c.alts = append(c.alts, alt{terms: []string{r}, credit: synonymCredit})
			}
		}
		for _, r := range lx.extended(t) {
			c.alts = append(c.alts, alt{terms: []string{r}, credit: extendedCredit})
		}
		// Two words the report writes as one ("cyber attacks",
		// "cyberattacks") are one concept.
		if i+1 < len(terms) && at[i+1] == at[i]+1 {
			joined := toks[at[i]].Text + toks[at[i+1]].Text
			if lx.words[joined] > 0 {
				c.words += " " + origin[i+1]
				c.alts = append([]alt{{terms: []string{lexical.Stem(joined)}, credit: 1}}, c.alts...)
				c.alts = append(c.alts, alt{terms: []string{t, terms[i+1]}, credit: 1})
				q.concepts = append(q.concepts, c)
				i += 2
				continue
			}
		}
		q.concepts = append(q.concepts, c)
		i++
	}
	q.concepts = mergeConcepts(joinNames(q.concepts))
	// The words that name the kind of answer ("what year", "which city",
	// "the value of", "troop numbers") are no part of what it is about.
	if q.want != anyAnswer {
		var kept []concept
		for _, c := range q.concepts {
			if len(c.alts[0].terms) != 1 || !typeWords[q.want][c.alts[0].terms[0]] {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			q.concepts = kept
		}
	}
	if q.want == definitionAnswer {
		// "What does ROK stand for": the acronym is the question, and an
		// answer must name it another way too.
		var kept []concept
		for _, c := range q.concepts {
			if c.entity {
				kept = append(kept, c)
			}
		}
		if len(kept) == 1 {
			q.concepts = kept
			q.definitions = lx.groups[kept[0].group].defines[strings.Join(kept[0].alts[0].terms, " ")]
		}
		if len(q.definitions) == 0 {
			q.want = anyAnswer
		}
	}
	deed := whoDeed(toks)
	for i := range q.concepts {
		c := &q.concepts[i]
		c.weight, c.miss = x.conceptWeight(*c)
		c.unknown = !c.entity && len(c.alts[0].terms) == 1 && !x.mentions(*c) && lexical.IsEnglish(strings.ToLower(c.words))
		if deed != "" && slices.Contains(c.alts[0].terms, deed) {
			c.miss = c.weight // "who replaced Moon": the deed is what is asked
		}
		q.total += c.weight
	}
	if m := asksAmountOf.FindStringSubmatch(q.text); m != nil {
		// "The value of trade": a number about trade.
		if t := lexical.Terms(m[1]); len(t) > 0 {
			q.amount = q.focusOn(t[:1])
		}
	}
	age := asksAge.MatchString(q.text)
	if m := asksSizeOf.FindStringSubmatch(q.text); m != nil && !age {
		// "How big is the North Korean army": the size of the army.
		q.focusOn(lexical.Terms(m[1]))
	}
	if age {
		q.focus = []string{"old", "age", "born"} // "how old": an age, not any number
	} else if m := asksCount.FindStringSubmatch(q.text); m != nil {
		// The noun counted: the words after "how many".
		if counted := lexical.Terms(m[1]); len(counted) > 0 && counted[0] != "time" { // "how many times": a bare count
			q.focusOn(counted)
		}
	}
	return q
}

// focusOn makes the focus every way of saying the question's concepts that
// say one of terms, and reports whether any did. Only common nouns count: a
// place or a name before them ("US bases", "Moon-Kim summits") only says
// which.
func (q *query) focusOn(terms []string) bool {
	found := false
	for _, c := range q.concepts {
		if c.entity || c.proper || !slices.ContainsFunc(terms, func(t string) bool { return slices.Contains(c.alts[0].terms, t) }) {
			continue
		}
		for _, a := range c.alts {
			q.focus = append(q.focus, a.terms...)
		}
		found = true
	}
	return found
}

// usMeansUS reports whether a lowercase "us" stands for the United States:
// before a noun ("us troops") or after "the" or a preposition, rather than
// as a pronoun ("tell us about").
func usMeansUS(toks []lexical.Token, i int) bool {
	if i > 0 {
		switch toks[i-1].Text {
		case "the", "between", "of", "from", "in", "with", "and", "against", "by":
			return true
		case "tell", "give", "show", "let", "help", "for", "to":
			return false
		}
	}
	return i+1 < len(toks) && !lexical.IsStopWord(toks[i+1].Text)
}

// slot is the part a place plays in a sentence: whose something is ("of X",
// "X's"), where something is ("in X"), who does something (the subject), or
// which of a kind ("North Korean army").
type slot int

const (
	noSlot slot = iota
	possessor
	location
	subject
	modifier
)

var (
	locationWords = map[string]bool{"in": true, "at": true, "from": true, "to": true, "into": true, "inside": true, "within": true, "across": true}
	auxWords      = map[string]bool{"does": true, "do": true, "did": true, "is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true, "can": true, "will": true, "would": true, "could": true, "should": true}
)

// slotOf finds the slot of the words toks[first..last].
func slotOf(toks []lexical.Token, first, last int) slot {
	prev := func(i int) string {
		if i < 0 {
			return ""
		}
		if toks[i].Text == "the" && i > 0 {
			return toks[i-1].Text
		}
		return toks[i].Text
	}
	switch p := prev(first - 1); {
	case toks[last].Possessive || p == "of":
		return possessor
	case locationWords[p]:
		return location
	case auxWords[p] && (first == 1 || first == 2 && toks[1].Text == "the"):
		return subject
	case last+1 < len(toks) && lexical.TermOf(toks[last+1]) != "" && !toks[last+1].Acronym:
		return modifier // "North Korean army", "U.S. troops"
	}
	return noSlot
}

// extendedCredit is how much a longer or shorter form of the word's root
// counts ("presidential" for "president").
const extendedCredit = 0.7

// partCredit is how much a place that holds the asked one counts ("South
// Korea" for "Korea").
const partCredit = 0.9

// whoDeed returns the term of the verb right after "who" ("who won", "who
// replaced"), or "".
func whoDeed(toks []lexical.Token) string {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Text == "who" && !lexical.IsStopWord(toks[i+1].Text) { // the auxiliaries are stop words
			return lexical.TermOf(toks[i+1])
		}
	}
	return ""
}

// synonymCredit is how much a general synonym counts against the word
// asked; an alias the report itself uses counts fully.
const synonymCredit = 0.8

// joinNames makes the words of one name one concept: "Kim Jong-un" is one
// thing asked about, not three.
func joinNames(cs []concept) []concept {
	var out []concept
	for _, c := range cs {
		if n := len(out); n > 0 && c.proper && out[n-1].proper && len(c.alts) == 1 {
			prev := &out[n-1]
			prev.words += " " + c.words
			prev.alts[0].terms = append(append([]string(nil), prev.alts[0].terms...), c.alts[0].terms...)
			prev.alts = prev.alts[:1]
			continue
		}
		out = append(out, c)
	}
	return out
}

// mergeConcepts drops repeated concepts ("korea ... korean").
func mergeConcepts(cs []concept) []concept {
	var out []concept
	seen := map[string]bool{}
	for _, c := range cs {
		k := strings.Join(c.alts[0].terms, " ")
		if c.entity {
			var keys []string
			for _, a := range c.alts {
				keys = append(keys, strings.Join(a.terms, " "))
			}
			sort.Strings(keys)
			k = strings.Join(keys, "|")
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// conceptWeight is how informative a concept is: the inverse document
// frequency of the question's own words when the report has them, else of
// the way the report says it most rarely, and the highest weight when the
// report has no way of saying it at all. It also returns what the concept
// weighs when an answer does not say it: less for a common word ("today",
// "help"), which people use to say in their own words what a report says
// otherwise, than for a specific one ("population"), whose absence means the
// report does not cover the question.
func (x *Index) conceptWeight(c concept) (weight, miss float64) {
	idf := func(terms []string) (float64, bool) {
		sum, present := 0.0, true
		for _, t := range terms {
			if x.bm25.DocFreq(t) == 0 {
				present = false
			}
			sum += x.bm25.IDF(t)
		}
		return sum / float64(len(terms)), present
	}
	common := c.common()
	discount := 1.0
	if common {
		discount = commonWeight
	}
	own, present := idf(c.alts[0].terms)
	if present {
		if common {
			discount = 2 * commonWeight // the report uses it, but it says little
		}
		return own, own * discount
	}
	best := -1.0
	for _, a := range c.alts[1:] {
		if w, ok := idf(a.terms); ok && w > best {
			best = w
		}
	}
	if best >= 0 {
		return best, best * discount
	}
	return own, own * discount
}

// mentions reports whether any passage says the concept in any of its ways.
func (x *Index) mentions(c concept) bool {
	for _, a := range c.alts {
		all := true
		for _, t := range a.terms {
			all = all && x.bm25.DocFreq(t) > 0
		}
		if all {
			return true
		}
	}
	return false
}

// unknownEnglishMiss is the share of its miss weight an English word the
// report never uses weighs when the answer says another specific word of
// the question (see evidence). Tuned on the dev split.
const unknownEnglishMiss = 0.5

// expected reads which kind of answer a question wants.
func expected(q string) answerType {
	switch {
	case asksMeaning.MatchString(q):
		return definitionAnswer
	case asksDate.MatchString(q):
		return dateAnswer
	case asksNumber.MatchString(q):
		return numberAnswer
	case asksReason.MatchString(q):
		return reasonAnswer
	case asksList.MatchString(q):
		return listAnswer
	case asksName.MatchString(q):
		return nameAnswer
	case asksPlace.MatchString(q):
		return placeAnswer
	}
	return anyAnswer
}

// lexicalQuery is the BM25 query of q: each concept's terms, its
// alternatives weighted by their credit.
func (q query) lexicalQuery() map[string]float64 {
	out := map[string]float64{}
	for _, c := range q.concepts {
		for _, a := range c.alts {
			for _, t := range a.terms {
				out[t] = max(out[t], a.credit/float64(len(a.terms)))
			}
		}
	}
	return out
}

// commonWeight scales what a common word the report never uses weighs when
// an answer does not say it; a common word the report does use weighs twice
// that.
const commonWeight = 0.3
