package rank

import (
	"math"
	"slices"
	"strings"
	"testing"

	"reportbot/rag/lexical"
	"reportbot/rag/question"
)

// vocabOf reads passages (sentences separated by "|") into a finished
// vocabulary.
func vocabOf(tb testing.TB, vecs Vectors, passages ...string) (*Vocab, [][]Sentence) {
	tb.Helper()
	v := NewVocab()
	var out [][]Sentence
	for _, p := range passages {
		out = append(out, v.Passage(strings.Split(p, "|")))
	}
	v.Done()
	v.SetVectors(vecs, out)
	return v, out
}

// fakeVectors are word vectors for tests: words in the same group point the
// same way, any other word gets none. Ranks follow the order of words.
type fakeVectors map[string]int

func (f fakeVectors) Lookup(w string) ([]float32, bool) {
	g, ok := f[w]
	if !ok {
		return nil, false
	}
	v := make([]float32, 4)
	v[g%4] = 1
	return v, true
}

func (f fakeVectors) Rank(w string) (int, bool) {
	_, ok := f[w]
	return 5000, ok
}

func TestSentenceFlags(t *testing.T) {
	v := NewVocab()
	tests := []struct {
		text string
		flag uint8
		want bool
	}{
		{"The treaty was signed in 1953.", listShape, false},
		{"It includes India, Japan, and Australia.", listShape, true},
		{"Talks stopped because of the sanctions.", causal, true},
		{"Talks stopped.", causal, false},
		{"These measures cost billions.", leansOn, true},
		{"The measures cost billions.", leansOn, false},
		{"The Very high-speed Backbone Network Service (vBNS) linked centres.", defines, true},
		{"The centres (in Ohio) were linked.", defines, false},
		{"They discussed Coronavirus Disease 2019 (COVID-19) vaccines.", defines, true},
		{"It grew in 2019 (by 3%).", defines, false},
		{"If the Larger Work is a combination of works, it may be shared.", conditional, true},
		{"The Larger Work is a combination of works.", conditional, false},
		{"It had uid 37.", fragment, false},
		{"The default is 6.", fragment, false},
		{"Chapter 2.", fragment, true},
		{"Redistribution.", fragment, true},
		{"4. Redistribution.", fragment, true},
	}
	for _, tt := range tests {
		if got := v.sentence(tt.text).Flags&tt.flag != 0; got != tt.want {
			t.Errorf("%q flag %d: got %v, want %v", tt.text, tt.flag, got, tt.want)
		}
	}
}

func TestTokenFlags(t *testing.T) {
	v := NewVocab()
	tests := []struct {
		text, word string
		flag       uint8
		want       bool
	}{
		{"Signed in 1953 by both.", "1953", year, true},
		{"About 28,500 troops.", "28500", number, true},
		{"About 28,500 troops.", "28500", year, false},
		{"They meet on May 21 in Washington.", "may", month, true},
		{"It may be late.", "may", month, false},
		{"It grew 5% last year.", "5", percent, true},
		{"In the 1970s prices rose.", "1970s", year, true},
		{"In the 10th century they came.", "10th", year, true},
		{"Troops went to Seoul.", "seoul", capital, true},
		{"Seoul hosts it.", "seoul", capital, false}, // the first word
		{"The ROK army.", "rok", acronym, true},
		{"It is a suite.", "is", copula, true},
		{"It is large.", "is", copula, false}, // "is" defines before an article
		{"It refers to a suite.", "refers", copula, true},
		{"It joined the Quad, a forum.", "a", copula, true}, // an appositive defines
		{"It joined a forum.", "a", copula, false},
		{"It contained COVID-19 early.", "19", number, false}, // a name with digits
		{"It contained COVID-19 early.", "19", year, false},
		{"Growth resumed in mid-2021.", "2021", year, true},
	}
	for _, tt := range tests {
		s := v.sentence(tt.text)
		found := false
		for i, tok := range s.Tokens {
			word := ""
			if tok.Term() >= 0 {
				word = v.words[tok.Term()]
			} else {
				word = strings.Fields(strings.ToLower(strings.NewReplacer(",", "", ".", "", "%", "").Replace(tt.text)))[i]
			}
			if word == tt.word {
				found = true
				if got := tok.Flags()&tt.flag != 0; got != tt.want {
					t.Errorf("%q: %q flag %d: got %v, want %v", tt.text, tt.word, tt.flag, got, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%q: no token %q", tt.text, tt.word)
		}
	}
}

func TestAliasesAreLearned(t *testing.T) {
	v, _ := vocabOf(t, nil,
		"South Korea (officially the Republic of Korea, or ROK) is a partner.",
		"A transfer of wartime operational control (OPCON) is planned.",
		"The Quadrilateral Security Dialogue, referred to as “the Quad,” meets.")
	groups := map[string]bool{}
	for _, g := range v.aliasGroups {
		var names []string
		for _, p := range g {
			var terms []string
			for _, id := range p {
				terms = append(terms, v.terms[id])
			}
			names = append(names, strings.Join(terms, " "))
		}
		groups[strings.Join(names, "|")] = true
	}
	for _, want := range []string{"oper control|opcon", "south korea|republ korea|rok", "quadrilater secur dialogu|quad"} {
		found := false
		for g := range groups {
			found = found || strings.Contains(g, want) || sameSet(g, want)
		}
		if !found {
			t.Errorf("no alias group %q among %v", want, groups)
		}
	}
}

func sameSet(a, b string) bool {
	x, y := strings.Split(a, "|"), strings.Split(b, "|")
	if len(x) != len(y) {
		return false
	}
	for _, s := range y {
		if !strings.Contains("|"+a+"|", "|"+s+"|") {
			return false
		}
	}
	return true
}

func TestAliasesMatch(t *testing.T) {
	v, sents := vocabOf(t, nil, "South Korea (officially the Republic of Korea, or ROK) is a partner.|Troops are based in the ROK.")
	q := v.Query(question.Analyze("how many troops are in south korea"))
	a := q.align(&sents[0][1], simCache{})
	for k, t2 := range q.terms {
		if !a.exact[k] {
			t.Errorf("term %q not matched through the alias ROK", v.terms[t2.id])
		}
	}
}

func TestAliasWordsAreNoNewNames(t *testing.T) {
	v, sents := vocabOf(t, nil, "South Korea (officially the Republic of Korea, or ROK) is a partner.|ROK President Moon leads it.|The ROK leads it.")
	q := v.Query(question.Analyze("who is the president of south korea"))
	cands := []Candidate{{Sentence: &sents[0][1]}, {Sentence: &sents[0][2]}}
	r := q.ScoreAll(cands)
	if got := r.Scored[0].Features[fTypePerson]; got != 1 {
		t.Errorf("ROK President Moon: type-person %v, want 1 (Moon is new)", got)
	}
	if got := r.Scored[1].Features[fTypePerson]; got != 0 {
		t.Errorf("The ROK leads it: type-person %v, want 0 (ROK is South Korea, no new name)", got)
	}
	if got := r.Scored[0].Features[fPairs]; got == 0 {
		t.Errorf("ROK President: pairs 0, want the alias to stand where South Korea would")
	}
}

func TestAliasesCountInBM25(t *testing.T) {
	v, sents := vocabOf(t, nil, "South Korea (officially the Republic of Korea, or ROK) is a partner.|ROK President Moon leads it.|The president spoke.|South Korea trades.")
	cands := []Candidate{{Sentence: &sents[0][1]}, {Sentence: &sents[0][2]}, {Sentence: &sents[0][3]}}
	r := v.Query(question.Analyze("who is the president of south korea")).ScoreAll(cands)
	if alias, bare := r.Scored[0].Features[fBM25], r.Scored[1].Features[fBM25]; alias <= bare {
		t.Errorf("bm25: ROK President %.3f, want above The president %.3f (ROK says South Korea)", alias, bare)
	}
	// What a name stands for is asked of the sentences that write it.
	r = v.Query(question.Analyze("what does ROK stand for")).ScoreAll(cands)
	if got := r.Scored[2].Features[fBM25]; got != 0 {
		t.Errorf("bm25 of South Korea trades for a definition of ROK: %.3f, want 0", got)
	}
}

// knownTerms returns the question's terms that the report uses, in order.
func knownTerms(q *Query) []string {
	var out []string
	for _, t := range q.terms {
		if t.id >= 0 {
			out = append(out, q.vocab.terms[t.id])
		}
	}
	return out
}

func TestTyposAreCorrected(t *testing.T) {
	v, _ := vocabOf(t, nil, "Approximately 28,500 troops are based in Korea.|Korea is a partner.")
	q := v.Query(question.Analyze("how many tropps are in kroea"))
	got := knownTerms(q)
	if strings.Join(got, " ") != "troop korea" {
		t.Errorf("got %q, want the report's troop and korea", got)
	}
	// An English word the report lacks is no typo.
	q = v.Query(question.Analyze("what is the population"))
	if q.terms[0].id >= 0 {
		t.Errorf("population was corrected to %q", v.terms[q.terms[0].id])
	}
}

func TestKnownWordsAreNoTypos(t *testing.T) {
	// "turing" is one letter from the report's "turning", but a word (a
	// name) the word vectors know: no typo.
	vecs := fakeVectors{"turing": 1, "turning": 2}
	v, _ := vocabOf(t, vecs, "The business kept turning a profit.")
	q := v.Query(question.Analyze("what did a turing machine emulate"))
	for _, term := range knownTerms(q) {
		if term == v.terms[v.ID("turn")] {
			t.Errorf("turing was corrected to the report's turning")
		}
	}
	v2, _ := vocabOf(t, vecs, "The ARPANET began in 1969 in a space.")
	if got := knownTerms(v2.Query(question.Analyze("when did ARPNET begin"))); len(got) != 2 || got[0] != "arpanet" {
		t.Errorf("got %q, want the mistyped acronym corrected to arpanet", got)
	}
	if got := knownTerms(v2.Query(question.Analyze("what is PSPACE"))); len(got) != 0 {
		t.Errorf("got %q, want PSPACE left alone: the report's space is no acronym", got)
	}
	long := strings.Repeat("spac", 2500)
	if got := knownTerms(v2.Query(question.Analyze(long))); len(got) != 0 {
		t.Errorf("a 10,000-letter word was corrected to %q", got)
	}
	v3, _ := vocabOf(t, nil, "The leader spoke.|They lead the talks.|Talks lead nowhere.")
	if got := knownTerms(v3.Query(question.Analyze("who is the leadr"))); len(got) != 1 || got[0] != "leader" {
		t.Errorf("got %q, want leadr read as leader (a letter dropped), not lead", got)
	}
	q = v.Query(question.Analyze("was it turnign"))
	if got := knownTerms(q); len(got) != 1 || got[0] != "turn" {
		t.Errorf("got %q, want the typo corrected to turn", got)
	}
}

func TestHedgesAreNoTerms(t *testing.T) {
	v, _ := vocabOf(t, nil, "Approximately 28,500 troops are based in Korea.|Korea is a partner.")
	tests := []struct{ q, want string }{
		{"roughly how many troops are in korea", "troop korea"},
		{"exactly when were troops based in korea", "troop base korea"},
		// Only before the question's ask: elsewhere an adverb may be
		// what is asked about, and one the report uses is its word.
		{"how many troops were quickly based in korea", "troop quick base korea"},
		{"approximately how many troops", "approxim troop"},
	}
	for _, tt := range tests {
		q := v.Query(question.Analyze(tt.q))
		var got []string
		for _, t := range q.terms {
			if t.id >= 0 {
				got = append(got, v.terms[t.id])
			} else {
				got = append(got, lexical.Stem(strings.ToLower(t.word)))
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: got terms %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestDemonymsAreTheirPlaces(t *testing.T) {
	v, _ := vocabOf(t, nil, "Then Japan ruled Korea from 1910.|Both Italy and Israel signed.|The Canadian delegation left for Germany.|The media covered the play.")
	tests := []struct{ q, want string }{
		{"when did japanese rule end", "japan"},
		{"what did the korean people do", "korea"},
		{"who signed for the italians", "itali"},
		{"what did israeli diplomats sign", "israel"},
		{"who led canada", "canadian"},
		{"where did the german delegation go", "germani"},
	}
	for _, tt := range tests {
		if got := knownTerms(v.Query(question.Analyze(tt.q))); !slices.Contains(got, tt.want) {
			t.Errorf("%q: got %q, want %s among them", tt.q, got, tt.want)
		}
	}
	// Ordinary words are no people of a place, nor are words the report
	// writes in lowercase places.
	for _, q := range []string{"what is the median", "what was the plan", "what was planned"} {
		if got := knownTerms(v.Query(question.Analyze(q))); len(got) != 0 {
			t.Errorf("%q: got %q, want no term of the report", q, got)
		}
	}
}

func TestCompoundsAreTheReportsWord(t *testing.T) {
	v, _ := vocabOf(t, nil, "North Korea conducts cyberattacks.|The database holds records.")
	tests := []struct {
		q    string
		want []string
	}{
		{"is north korea doing cyber attacks", []string{"north", "korea", "cyberattack"}},
		{"what does the data base hold", []string{"databas", "hold"}},
	}
	for _, tt := range tests {
		if got := knownTerms(v.Query(question.Analyze(tt.q))); !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.q, got, tt.want)
		}
	}
	// A report that uses both words alone keeps them two.
	v, _ = vocabOf(t, nil, "The work place is safe.|Work is hard.|Place it here.|The workplace changed.")
	if got, want := knownTerms(v.Query(question.Analyze("is the work place safe"))), []string{"work", "place", "safe"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLowercaseUSIsTheAcronym(t *testing.T) {
	v, _ := vocabOf(t, nil, "U.S. troops are based in Korea.")
	q := v.Query(question.Analyze("where are us troops"))
	if len(q.terms) != 2 || v.terms[q.terms[0].id] != "us" {
		t.Errorf("got %d terms, want us and troop", len(q.terms))
	}
	q = v.Query(question.Analyze("who is it"))
	if !q.Empty() {
		t.Errorf("question words became acronyms")
	}
	// An acronym of one passage in many is not what a lowercase stop word
	// of a question means.
	passages := []string{"THE ranks Harvard first."}
	for range 12 {
		passages = append(passages, "The oil crisis began in 1973.")
	}
	v, _ = vocabOf(t, nil, passages...)
	if got, want := knownTerms(v.Query(question.Analyze("when did the oil crisis begin"))), []string{"oil", "crisi", "begin"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// In a folder, the U.S. of the one report about it is still what "us"
	// means, though most passages never say it.
	passages = passages[1:]
	for range 3 {
		passages = append(passages, "U.S. troops are based in Korea.")
	}
	v, _ = vocabOf(t, nil, passages...)
	if got, want := knownTerms(v.Query(question.Analyze("where are us troops"))), []string{"us", "troop"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSimilarWordsAlign(t *testing.T) {
	vecs := fakeVectors{"soldiers": 1, "troops": 1, "korea": 2}
	v, sents := vocabOf(t, vecs, "Approximately 28,500 troops are based in Korea.")
	q := v.Query(question.Analyze("how many soldiers are in korea"))
	r := q.ScoreAll([]Candidate{{Sentence: &sents[0][0]}})
	f := r.Scored[0].Features
	if f[fCov] >= 1 || f[fSoft] < 0.99 {
		t.Errorf("cov %.2f soft %.2f: want soldiers matched only as troops", f[fCov], f[fSoft])
	}
	if f[fTypeCount] != 1 {
		t.Errorf("28,500 troops does not count the soldiers")
	}
}

func TestSoftShareOfTheQuestion(t *testing.T) {
	vecs := fakeVectors{"soldiers": 1, "troops": 1, "korea": 2, "japan": 3}
	v, sents := vocabOf(t, vecs, "Approximately 28,500 troops are based in Korea.", "Japan is near.")
	cands := []Candidate{{Sentence: &sents[0][0]}, {Sentence: &sents[1][0], Passage: 1}}
	tests := []struct {
		q                 string
		all, inOnePassage float64 // -1: part of it
	}{
		{"soldiers in korea", 1, 1},            // troops stands in for soldiers
		{"soldiers in korea and japan", 1, -1}, // no one passage says it all
		{"bananas", 0, 0},
	}
	for _, tt := range tests {
		q := v.Query(question.Analyze(tt.q))
		a := q.AnswerFeatures(q.ScoreAll(cands), nil, 0)
		if a[aSoftAll] < tt.all-0.01 || a[aSoftAll] > tt.all+0.01 {
			t.Errorf("%q: soft-all %.2f, want %.2f", tt.q, a[aSoftAll], tt.all)
		}
		switch {
		case tt.inOnePassage < 0 && (a[aSoftPassage] < 0.05 || a[aSoftPassage] > 0.95):
			t.Errorf("%q: soft-passage %.2f, want a part of the question", tt.q, a[aSoftPassage])
		case tt.inOnePassage >= 0 && math.Abs(a[aSoftPassage]-tt.inOnePassage) > 0.01:
			t.Errorf("%q: soft-passage %.2f, want %.2f", tt.q, a[aSoftPassage], tt.inOnePassage)
		}
	}
}

func TestKindOfAnswerFeatures(t *testing.T) {
	v, sents := vocabOf(t, nil, "The treaty was signed in 1953 in Washington.|The treaty was signed by Truman.|The treaty matters because of the war.|Approximately 28,500 troops are based there.")
	tests := []struct {
		q       string
		feature int
		want    []float64 // per sentence
	}{
		{"When was the treaty signed?", fTypeDate, []float64{1, 0, 0, 0}},
		{"Who signed the treaty?", fTypePerson, []float64{1, 1, 0, 0}},
		{"Why does the treaty matter?", fTypeReason, []float64{0, 0, 1, 0}},
		{"How many troops are based there?", fTypeCount, []float64{0, 0, 0, 1}},
		{"How many troops are based there?", fTypeNumber, []float64{0, 0, 0, 1}}, // a year counts nothing
	}
	for _, tt := range tests {
		q := v.Query(question.Analyze(tt.q))
		var cands []Candidate
		for i := range sents[0] {
			cands = append(cands, Candidate{Sentence: &sents[0][i]})
		}
		for i, s := range q.ScoreAll(cands).Scored {
			if s.Features[tt.feature] != tt.want[i] {
				t.Errorf("%q, sentence %d: %s = %v, want %v", tt.q, i, FeatureNames[tt.feature], s.Features[tt.feature], tt.want[i])
			}
		}
	}
}

func TestNeighbourFeatures(t *testing.T) {
	v, sents := vocabOf(t, nil, "Seoul deployed a missile defense system.|China responded with economic measures.|Trade fell.")
	p := sents[0]
	cands := []Candidate{
		{Sentence: &p[0], Next: &p[1]},
		{Sentence: &p[1], Prev: &p[0], Next: &p[2], Position: 1},
		{Sentence: &p[2], Prev: &p[1], Position: 2},
	}
	q := v.Query(question.Analyze("how did china react to the missile defense deployment"))
	r := q.ScoreAll(cands)
	premise, answer, after := r.Scored[0].Features, r.Scored[1].Features, r.Scored[2].Features
	if premise[fNext] == 0 || answer[fNext] != 0 {
		t.Errorf("next: premise %.2f, answer %.2f; want only the premise's next sentence to say the question", premise[fNext], answer[fNext])
	}
	if answer[fPrev] <= premise[fPrev] || after[fPrev] == 0 {
		t.Errorf("prev: answer %.2f, premise %.2f, after %.2f; want the answer's previous sentence to say most", answer[fPrev], premise[fPrev], after[fPrev])
	}
	if answer[fContext] == 0 {
		t.Errorf("context: the answer's neighbours say what it does not, got 0")
	}
}

func TestProximityAndOrder(t *testing.T) {
	// Terms 0, 1, 2 of a question at positions in a sentence.
	at := []int{-1, 0, -1, 1, 2, -1}
	if got := proximity(at); math.Abs(got-0.75) > 1e-9 {
		t.Errorf("proximity: got %.3f, want 3 terms over 4 words", got)
	}
	if got := proximity([]int{0, -1, -1}); got != 0 {
		t.Errorf("proximity of one term: got %.3f, want 0", got)
	}
	q := &Query{terms: make([]qterm, 3)}
	if lcs, pairs := q.order([]int{2, -1, 0, 1}); math.Abs(lcs-2.0/3) > 1e-9 || pairs != 0.5 {
		t.Errorf("order: got %.3f %.3f, want 2/3 in order and half the pairs near", lcs, pairs)
	}
}

func TestDefinitions(t *testing.T) {
	v, sents := vocabOf(t, nil, "AppleTalk was a suite of protocols.|It was used by AppleTalk users everywhere.")
	q := v.Query(question.Analyze("What was AppleTalk?"))
	r := q.ScoreAll([]Candidate{{Sentence: &sents[0][0]}, {Sentence: &sents[0][1]}})
	if r.Scored[0].Features[fTypeDefinition] != 1 || r.Scored[1].Features[fTypeDefinition] != 0 {
		t.Errorf("got %v and %v, want only the first to define", r.Scored[0].Features[fTypeDefinition], r.Scored[1].Features[fTypeDefinition])
	}
}

// TestConditionsDefineNothing: "If X is ..." says what holds then, not
// what X is.
func TestConditionsDefineNothing(t *testing.T) {
	v, sents := vocabOf(t, nil, "If the Larger Work is a combination of works, it may be shared.|\"Larger Work\" means a work that combines software with other material.")
	q := v.Query(question.Analyze("What is a Larger Work?"))
	r := q.ScoreAll([]Candidate{{Sentence: &sents[0][0]}, {Sentence: &sents[0][1]}})
	if r.Scored[0].Features[fTypeDefinition] != 0 || r.Scored[1].Features[fTypeDefinition] != 1 {
		t.Errorf("got %v and %v, want only the second to define", r.Scored[0].Features[fTypeDefinition], r.Scored[1].Features[fTypeDefinition])
	}
}

func TestAnswerFeatures(t *testing.T) {
	v, sents := vocabOf(t, fakeVectors{"troops": 1, "korea": 2, "population": 3}, "Approximately 28,500 troops are based in Korea.")
	cands := []Candidate{{Sentence: &sents[0][0]}}
	on := v.Query(question.Analyze("How many troops are in Korea?"))
	off := v.Query(question.Analyze("What is the population of Japan?"))
	a := on.AnswerFeatures(on.ScoreAll(cands), on.ScoreAll(cands).Scored, on.Coverage(sents[0], nil))
	b := off.AnswerFeatures(off.ScoreAll(cands), off.ScoreAll(cands).Scored, off.Coverage(sents[0], nil))
	if a[aReport] != 1 || a[aMissing] != 0 || a[aCount] != 1 || a[aPassage] != 1 {
		t.Errorf("answerable: %v", a)
	}
	if b[aReport] != 0 || b[aMissing] == 0 || b[aMissingName] != 1 || b[aUnlike] == 0 {
		t.Errorf("off the report: %v", b)
	}
	if on.Answerability(on.ScoreAll(cands), on.ScoreAll(cands).Scored, 1) <= off.Answerability(off.ScoreAll(cands), off.ScoreAll(cands).Scored, 0) {
		t.Errorf("the answerable question is judged no likelier to be answered")
	}
}

func TestSmallReportsWeighWordsByEnglish(t *testing.T) {
	v, _ := vocabOf(t, fakeVectors{"lighthouse": 0}, "The lighthouse stands.")
	// One passage: IDF alone says nothing; a word's rarity in English
	// does.
	if w := v.weight(1, "lighthouse"); w <= lexical.IDF(1, 1) {
		t.Errorf("weight %.2f, want more than the one-passage IDF %.2f", w, lexical.IDF(1, 1))
	}
}

func TestChatShortFormsOfNames(t *testing.T) {
	v, _ := vocabOf(t, nil, "North Korea tested missiles.|Talks with North Korea stalled.", "North Korea is poor.|South Korea is rich.")
	q := v.Query(question.Analyze("what did nk test"))
	got := knownTerms(q)
	if strings.Join(got, " ") != "north korea test" {
		t.Errorf("got %q, want nk read as North Korea", got)
	}
	// South Korea is named once: too seldom for "sk" to be read as it.
	if _, ok := v.shortForms["sk"]; ok {
		t.Errorf("sk read as a name used once")
	}
}

// FuzzRank reads any text as a report and asks any question of it: no
// panic, and every score and answerability finite.
func FuzzRank(f *testing.F) {
	f.Add("South Korea (officially the Republic of Korea, or ROK) is a partner.|About 28,500 U.S. troops are based there.", "how many us troops r in sk")
	f.Add("Née café (ÉÉ) 1970s, 10th century; May 21.|\x00\xff", "¿qué? what was the 10th")
	f.Fuzz(func(t *testing.T, report, q string) {
		v, sents := vocabOf(t, fakeVectors{"troops": 1, "partner": 2}, report)
		query := v.Query(question.Analyze(q))
		var cands []Candidate
		for i := range sents[0] {
			cands = append(cands, Candidate{Sentence: &sents[0][i]})
		}
		r := query.ScoreAll(cands)
		for _, s := range r.Scored {
			if math.IsNaN(s.Score) || math.IsInf(s.Score, 0) {
				t.Fatalf("score %v for %q", s.Score, q)
			}
		}
		if p := query.Answerability(r, r.Scored, query.Coverage(sents[0], nil)); math.IsNaN(p) || p < 0 || p > 1 {
			t.Fatalf("answerability %v", p)
		}
	})
}

func TestLooksLikeCode(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{`const.cc:7: passing char ** as argument 1 of test(const char **) adds cv-quals without intervening const`, true},
		{`#include <stdio.h> void test(const char **b){ printf ("%s\n",*b); }`, true},
		{`static const unsigned char Jam_signature[4] = "JAM"; };`, true},
		{`int BZ2_bzRead ( int *bzerror, BZFILE *b, void *buf, int len );`, true},
		{"$ go test -bench .", true},
		{"eg$ time wc /etc/hosts", true},
		{"% make: expand.c:489: allocated_variable_append:", true},
		{"This is a not a bug in the compiler, but in your code.", false},
		{"71% of its imported oil came from the Middle East in 1970.", false},
		{"$ 5 million was spent (in 2019) on the port [3].", false},
		{"#define | configure flag | Description", false},
		{"# A conversion can add cv-qualifiers at levels other than the first in multi-level pointers", false},
		{"Compression: 400k + ( 8 x block size )", false},
		{"Costs rose (see Table 3); the city (not the state) paid the rest [4].", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := looksLikeCode(tt.text); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCommand(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"corepack use pnpm@7.x # sets the latest 7.x version in the package.json\ncorepack use yarn@* # sets the latest version", true},
		{"corepack install --global yarn@x.y.z", true},
		{"go get github.com/joho/godotenv", true},
		{"valgrind-listener 12345", false},
		{"protocol/host:port", false},
		{"BZ_PARAM_ERROR if strm is NULL", false},
		{"All heap blocks were freed -- no leaks are possible", false},
		{"%Uuser %Ssystem %Eelapsed %PCPU", false},
		{"corepack enable\nThis sets up the shims.", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Command(tt.text); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
