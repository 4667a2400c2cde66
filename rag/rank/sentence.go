// Package rank scores how well each sentence of a report answers a
// question, and how likely it is that the report answers it at all.
//
// A sentence is read once, when the report is indexed, into a compact list
// of tokens (term numbers and a few flags). A question is resolved against
// the report's vocabulary into weighted terms. Their match gives a vector of
// general signals — how much of the question the sentence says, in its own
// words or similar ones, how close together, whether it holds the kind of
// answer asked for, its BM25 score, its passage's rank — combined by weights
// fitted on tuning documents (see weights.go for how they were made).
//
// It does not find passages or write answers: package rag does that.
package rank

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/rag/lexical"
)

// Token flags.
const (
	capital uint8 = 1 << iota // written with a capital, not as the sentence's first word
	acronym                   // written in capitals
	number                    // digits or a number word, not a year
	year                      // a year: 1500 to 2099
	month                     // a month's name beside a number or after "in"
	percent                   // a percentage: "5%", "percent"
	stop                      // a stop word: no term
	copula                    // "is", "was", "are", "were", "refers", "means": what defines
)

// Token is one word of a sentence: its term's number in the vocabulary (the
// low 24 bits; all ones for a word without a term) and what kind of word it
// is (the high 8). Packed in four bytes: a report holds millions.
type Token uint32

// noTerm is the term bits of a word without a term.
const noTerm = 1<<24 - 1

// maxTerms is how many terms a vocabulary can number.
const maxTerms = noTerm

func newToken(term int32, flags uint8) Token {
	if term < 0 || term >= maxTerms {
		term = noTerm
	}
	return Token(uint32(term) | uint32(flags)<<24)
}

// Term returns the number of the word's term, or -1.
func (t Token) Term() int32 {
	if n := int32(t & noTerm); n != noTerm {
		return n
	}
	return -1
}

// Flags returns what kind of word it is.
func (t Token) Flags() uint8 { return uint8(t >> 24) }

// Sentence flags.
const (
	listShape   uint8 = 1 << iota // enumerates: "a, b and c"
	causal                        // gives a reason: "because", "due to"
	leansOn                       // opens by pointing back: "This", "These", "It"
	defines                       // spells out an acronym: "Very high-speed Backbone Network Service (vBNS)"
	fragment                      // no statement: a heading run into its paragraph, a few words (see isFragment)
	conditional                   // opens with a condition or a time: "If", "When", "Unless"
	code                          // a line of code, a command or a program's output (see looksLikeCode, MarkCode)
)

// minStatement is the fewest words with a term a statement has: fewer is
// a heading run into its paragraph ("4. Redistribution.") or a fragment.
const minStatement = 3

// isFragment reports whether s states nothing to quote: fewer than
// minStatement words with a term, or a heading (six words at most, every
// one with a term after the first written with a capital: "Accepting
// Warranty or Additional Liability.").
//
// A short clause that gives a number ("It had uid 37.", "The default is
// 6.") is a statement: two words with a term, one of them the number, and a
// word without one ("it", "is") that makes them a clause, not a label
// ("Chapter 2.").
func isFragment(s *Sentence) bool {
	terms, named := 0, 0
	counts, clause := false, false
	heading := len(s.Tokens) <= 6
	for i, t := range s.Tokens {
		if t.Term() < 0 {
			clause = true
			continue
		}
		terms++
		counts = counts || t.Flags()&(number|year|percent) != 0
		if i > 0 {
			if t.Flags()&(capital|acronym) == 0 {
				heading = false
			}
			named++
		}
	}
	if terms == minStatement-1 && counts && clause {
		return false
	}
	return terms < minStatement || heading && named > 0
}

// Fragment reports whether the sentence states nothing to quote as an
// answer: a heading run into its paragraph, or a few words.
func (s *Sentence) Fragment() bool { return s.Flags&fragment != 0 }

// Code reports whether the sentence is code, a command or a program's
// output rather than prose: it answers a question that asks for one, and
// is only context for any other.
func (s *Sentence) Code() bool { return s.Flags&code != 0 }

// MarkCode marks the sentence as code: its reader knows it is (a command
// line of a preformatted block) where its shape alone does not tell.
func (s *Sentence) MarkCode() { s.Flags |= code }

// codeOpener opens a line of code or of a program's output: a compiler's
// message ("const.cc:7: passing ..."), a preprocessor line ("#include
// <stdio.h>"), a shell prompt ("$ ls", "eg$ time -v", "% make").
var codeOpener = regexp.MustCompile(`^(?:[\w./+-]+\.[A-Za-z]\w{0,4}:\d+:|#\s*(?:include|define|ifn?def|pragma)\s+[\w<"]|(?:[a-z][\w@.-]*)?[$%] [a-z])`)

// codeMarks are the characters code is written with and prose seldom is.
const codeMarks = "{}();=<>*&|$#[]\\"

// looksLikeCode reports whether a sentence of running text is code by its
// shape: it opens as a compiler's message, a preprocessor line or a shell
// command does, or at least one in ten of its characters other than
// spaces, and six or more, are codeMarks, with a brace or a line that
// ends with a semicolon. Conservative: prose with a bracket or two, a formula or a
// quoted mark is not code.
func looksLikeCode(text string) bool {
	if codeOpener.MatchString(text) {
		return true
	}
	marks, chars := 0, 0
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			continue
		case strings.ContainsRune(codeMarks, r):
			marks++
		}
		chars++
	}
	// A brace, or a statement's semicolon at the end of a line: prose
	// puts its semicolons between clauses.
	structural := strings.ContainsAny(text, "{}") || strings.HasSuffix(text, ";") || strings.Contains(text, ";\n")
	return structural && marks >= 6 && 10*marks >= chars
}

// Command reports whether every line of a preformatted text reads as a
// command line: a lowercase program name and at least one argument that
// is an option ("--global"), a version or a path ("pnpm@7.x", "/etc/hosts"),
// an assignment or a comment ("# sets the latest"). Its caller knows the
// text was preformatted; running text is not read so ("use the -k flag").
func Command(text string) bool {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		lines++
		if !commandName.MatchString(f[0]) || len(f) < 2 {
			return false
		}
		arg := false
		for _, a := range f[1:] {
			arg = arg || strings.HasPrefix(a, "-") || a == "#" || strings.ContainsAny(a, "@/=")
		}
		if !arg {
			return false
		}
	}
	return lines > 0
}

// commandName is a program's name as a command line opens with it.
var commandName = regexp.MustCompile(`^[a-z][a-z0-9._+-]*$`)

// Sentence is a sentence of a passage as rank reads it.
type Sentence struct {
	Tokens []Token
	Flags  uint8
	// Norm is the length of the sum of its words' vectors, each weighted
	// by its rarity (set by Vocab.Weigh), for the cosine with a question.
	Norm float32
}

// Vocab numbers the terms of a report. It is built while the report is
// read and is read-only afterwards, when it is safe for concurrent use.
type Vocab struct {
	ids   map[string]int32
	terms []string
	words []string  // the first lowercase word seen for each term, for word vectors
	df    []int32   // passages holding each term
	idf   []float32 // IDF of each term, once Done
	// surface maps each lowercase word of the report to its term, for
	// correcting a question's typos and reading its "Japanese" as the
	// report's "Japan"; acro marks terms the report writes
	// as acronyms ("US" for "U.S.").
	surface map[string]int32
	acro    []bool
	// named marks terms the report writes with a capital inside a
	// sentence: names ("Japan"), for reading a question's "Japanese".
	named []bool
	docs  int // passages counted
	// vecs holds the word vector of each term's word, when SetVectors gave
	// them; vectors is where they came from, for the questions' words.
	vecs    [][]float32
	vectors Vectors
	// The names the report gives one thing (see aliases.go): while it is
	// read, a union of phrase keys; then groups of phrases of term
	// numbers, and for each term the groups with a phrase it opens.
	union       map[string]string
	aliasGroups [][][]int32
	aliasOf     map[int32][]int32
	// names counts the report's names of several capitalised words while
	// it is read; shortForms maps chat's initials of them to their terms.
	names      map[string]int
	shortForms map[string][]int32
	// lowerUses counts every use of a stop word not written as an
	// acronym ("us", "Us"; titles too), while the report is read; once
	// Done, only of those it also writes as acronyms ("us" beside "U.S."),
	// to tell which the report means more often. Uses, not passages:
	// against the acronym's passages, the count leans towards the stop
	// word, which is the safe side.
	lowerUses map[string]int32
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab {
	return &Vocab{ids: map[string]int32{}, surface: map[string]int32{}, lowerUses: map[string]int32{}}
}

// ID returns the number of term, or -1 when the report never uses it.
func (v *Vocab) ID(term string) int32 {
	if id, ok := v.ids[term]; ok {
		return id
	}
	return -1
}

// Term returns the term numbered id.
func (v *Vocab) Term(id int32) string { return v.terms[id] }

// Len returns the number of terms.
func (v *Vocab) Len() int { return len(v.terms) }

func (v *Vocab) add(term, word string, acronym, capital bool) int32 {
	id, ok := v.ids[term]
	if !ok && len(v.terms) >= maxTerms {
		return -1 // more terms than a token can number: the rarest go unread
	}
	if !ok {
		id = int32(len(v.terms))
		v.ids[term] = id
		v.terms = append(v.terms, term)
		v.words = append(v.words, word)
		v.df = append(v.df, 0)
		v.acro = append(v.acro, false)
		v.named = append(v.named, false)
	}
	if _, ok := v.surface[word]; !ok {
		v.surface[word] = id
	}
	v.acro[id] = v.acro[id] || acronym
	v.named[id] = v.named[id] || capital
	return id
}

var (
	backPointer  = map[string]bool{"This": true, "These": true, "That": true, "Those": true, "It": true, "Its": true, "They": true, "Their": true, "Such": true, "He": true, "She": true, "His": true, "Her": true, "Both": true}
	causalPhrase = []string{"because", "due to", "as a result", "owing to", "in order to", "so that", "reason", "caused", "led to", "result of", "in response to", "since", "thanks to", "therefore", "so as to"}
	monthNames   = set("january february march april may june july august september october november december")
	numberWords  = set("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands millions billions half twice")
	dateWords    = set("century centuries decade decades bc ad bce ce")
	copulas      = set("is are was were refers refer means mean denotes stands")
	// spelledOut is an acronym in brackets after words whose initials it
	// may take: "Very high-speed Backbone Network Service (vBNS)",
	// "Coronavirus Disease 2019 (COVID-19)".
	spelledOut = regexp.MustCompile(`((?:[\p{L}\d][\p{L}\d\-]* ){1,8})\(([\p{L}][\p{L}\d\-]{1,9})\)`)
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Passage reads the sentences of one passage into v: texts are the
// sentences in order. It counts the passage once in the terms' document
// frequencies.
func (v *Vocab) Passage(texts []string) []Sentence {
	out := make([]Sentence, len(texts))
	seen := map[int32]bool{}
	for i, t := range texts {
		v.learnAliases(t)
		out[i] = v.sentence(t)
		for _, tok := range out[i].Tokens {
			if tok.Term() >= 0 && !seen[tok.Term()] {
				seen[tok.Term()] = true
				v.df[tok.Term()]++
			}
		}
	}
	v.docs++
	return out
}

// Done ends the reading: the aliases learned are resolved into groups and
// the terms' rarities fixed. Call it once, after the last Passage and
// before any Query.
func (v *Vocab) Done() {
	v.resolveAliases()
	v.resolveShortForms()
	v.setIDF()
	for w := range v.lowerUses {
		if id := v.ID(w); id < 0 || !v.isAcronym(id) {
			delete(v.lowerUses, w)
		}
	}
}

// setIDF fixes the terms' rarities.
func (v *Vocab) setIDF() {
	v.idf = make([]float32, len(v.df))
	for i, df := range v.df {
		v.idf[i] = float32(lexical.IDF(int(df), max(v.docs, 1)))
	}
}

// Title reads a section title, without counting it as a passage.
func (v *Vocab) Title(text string) Sentence { return v.sentence(text) }

// sentence reads one sentence.
func (v *Vocab) sentence(text string) Sentence {
	var s Sentence
	text = lexical.Unshout(text) // words in capitals for emphasis are no acronyms
	fields := strings.Fields(text)
	var run []int32 // terms of the capitalised words in a row so far
	for fi, f := range fields {
		core := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		r, _ := utf8.DecodeRuneInString(core)
		// "COVID-19", "F-35", "G-7": a name with digits, no quantity.
		named := strings.IndexByte(f, '-') >= 0 && namesWithDigits.MatchString(f)
		for _, tok := range lexical.Tokens(f) {
			var flags uint8
			if fi > 0 && unicode.IsUpper(r) && !tok.Option {
				flags |= capital
			}
			if tok.Acronym {
				flags |= acronym
			}
			switch {
			case named && strings.IndexFunc(tok.Text, unicode.IsDigit) >= 0:
			case isYear(tok.Text) && !tok.Grouped:
				flags |= year
			case monthNames[tok.Text] && (unicode.IsUpper(r)) && (tok.Text != "may" && tok.Text != "march" || nextIsNumber(fields, fi) || prevTakesDate(fields, fi)):
				flags |= month
			case dateWords[tok.Text] || isDecade(tok.Text) || isOrdinalCentury(fields, fi, tok.Text):
				flags |= year
			case numberWords[tok.Text] || strings.IndexFunc(tok.Text, unicode.IsDigit) >= 0:
				flags |= number
			}
			if copulas[tok.Text] && (!beVerbs[tok.Text] || definesNext(fields, fi)) || appositive(fields, fi) {
				flags |= copula
			}
			if tok.Text == "percent" || strings.HasSuffix(f, "%") && flags&number != 0 {
				flags |= percent
			}
			term := lexical.TermOf(tok)
			id := int32(-1)
			if term == "" {
				flags |= stop
				if v.lowerUses != nil {
					v.lowerUses[tok.Text]++
				}
			} else {
				id = v.add(term, tok.Text, tok.Acronym, flags&capital != 0 && !tok.Acronym)
			}
			s.Tokens = append(s.Tokens, newToken(id, flags))
			if id >= 0 && unicode.IsUpper(r) && !tok.Acronym {
				run = append(run, id)
			} else {
				v.countName(run)
				run = run[:0]
			}
		}
		if strings.ContainsAny(f, ",;:.!?()—–") || strings.IndexFunc(f, unicode.IsLetter) < 0 {
			v.countName(run)
			run = run[:0]
		}
	}
	v.countName(run)
	lower := strings.ToLower(text)
	if isList(text) {
		s.Flags |= listShape
	}
	for _, p := range causalPhrase {
		if containsWord(lower, p) {
			s.Flags |= causal
			break
		}
	}
	if len(fields) > 0 && backPointer[strings.TrimRight(fields[0], ",")] {
		s.Flags |= leansOn
	}
	if len(fields) > 0 && clauseOpeners[strings.ToLower(strings.Trim(fields[0], "\"'“”‘’(,"))] {
		s.Flags |= conditional
	}
	if isFragment(&s) {
		s.Flags |= fragment
	}
	if looksLikeCode(text) {
		s.Flags |= code
	}
	if strings.IndexByte(text, '(') >= 0 {
		for _, m := range spelledOut.FindAllStringSubmatch(text, -1) {
			if initialsMatch(m[1], m[2]) {
				s.Flags |= defines
				break
			}
		}
	}
	return s
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w >= "1000" && w <= "2099"
}

// isDecade reports "1970s", "1800s".
func isDecade(w string) bool {
	return len(w) == 5 && w[4] == 's' && isYear(w[:4])
}

// isOrdinalCentury reports "10th" in "the 10th century".
func isOrdinalCentury(fields []string, i int, w string) bool {
	if i+1 >= len(fields) || !strings.HasPrefix(strings.ToLower(fields[i+1]), "centur") {
		return false
	}
	return strings.HasSuffix(w, "th") || strings.HasSuffix(w, "st") || strings.HasSuffix(w, "nd") || strings.HasSuffix(w, "rd")
}

// namesWithDigits matches a word that joins capitals and digits with a
// hyphen, as names do ("COVID-19", "F-35"), not a number ("mid-2020" is a
// year: lowercase letters before the hyphen).
var namesWithDigits = regexp.MustCompile(`\p{Lu}-\d`)

// clauseOpeners open a sentence with a condition, a time or a concession:
// what follows "If the Larger Work is" says what holds then, not what the
// Larger Work is.
var clauseOpeners = set("if unless when whenever whether while although though once until provided")

// beVerbs are the copulas that define only before what names a kind:
// "X is a body of treaties", not "X is applied by the courts".
var beVerbs = set("is are was were")

// appositive reports whether field i opens a phrase that says what the
// words before the comma are: "the Quad,” a cooperative forum".
func appositive(fields []string, i int) bool {
	if i == 0 {
		return false
	}
	switch strings.ToLower(fields[i]) {
	case "a", "an":
		return strings.HasSuffix(strings.TrimRight(fields[i-1], "\"'”’)"), ",")
	}
	return false
}

// definesNext reports whether the word after field i opens a definition:
// "a", "an", "the", "one", "any", or "defined", "known", "called", "also".
func definesNext(fields []string, i int) bool {
	if i+1 >= len(fields) {
		return false
	}
	switch strings.ToLower(strings.Trim(fields[i+1], "\"'“”‘’(")) {
	case "a", "an", "the", "one", "any", "defined", "known", "called", "also":
		return true
	}
	return false
}

func nextIsNumber(fields []string, i int) bool {
	return i+1 < len(fields) && strings.IndexFunc(fields[i+1], unicode.IsDigit) == 0
}

func prevTakesDate(fields []string, i int) bool {
	if i == 0 {
		return false
	}
	switch strings.ToLower(fields[i-1]) {
	case "in", "of", "since", "until", "by", "from", "to", "early", "late", "mid", "mid-":
		return true
	}
	return false
}

// containsWord reports whether lowercase text holds phrase as whole words.
func containsWord(text, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(phrase)
		before := at == 0 || !isWordByte(text[at-1])
		after := end == len(text) || !isWordByte(text[end])
		if before && after {
			return true
		}
		i = at + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// initialsMatch reports whether the acronym's letters are the initials of
// the last words before it, in order, each word's first letter one of
// them (the way Schwartz and Hearst match abbreviations).
func initialsMatch(words, acronym string) bool {
	var letters []rune
	for _, r := range strings.ToLower(acronym) {
		if unicode.IsLetter(r) {
			letters = append(letters, r)
		}
	}
	ws := strings.Fields(strings.ToLower(words))
	if len(letters) < 2 || len(ws) == 0 {
		return false
	}
	// The first letter must open a word; the rest must appear in order.
	i := len(letters) - 1
	for w := len(ws) - 1; w >= 0 && i >= 0; w-- {
		word := []rune(ws[w])
		for k := len(word) - 1; k >= 0 && i >= 0; k-- {
			if word[k] == letters[i] && (i > 0 || k == 0) {
				i--
			}
		}
	}
	return i < 0
}

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}

// sortPhrases orders phrases by their terms, for a deterministic order.
func sortPhrases(ps [][]int32) {
	sort.Slice(ps, func(a, b int) bool {
		x, y := ps[a], ps[b]
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] != y[i] {
				return x[i] < y[i]
			}
		}
		return len(x) < len(y)
	})
}

// isList reports whether a sentence enumerates: two commas or more, or one,
// before an "and" or "or" ("India, Japan, and Australia"; "steel, aluminum
// and solar products"). A scan, not a regular expression: every sentence of
// every report is checked.
func isList(text string) bool {
	commas := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ',':
			commas++
		case ';', '.':
			commas = 0
		case ' ':
			if commas >= 1 && (strings.HasPrefix(text[i:], " and ") || strings.HasPrefix(text[i:], " or ")) {
				return true
			}
		}
	}
	return false
}
