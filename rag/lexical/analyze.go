// Package lexical turns text into search terms and ranks passages by them
// with BM25.
//
// It knows English words, not documents: the rag package decides what is
// indexed and how rankings are combined.
package lexical

import (
	_ "embed"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// stopWordList is stopwords.txt: Snowball's English stop words and the
// question and chat words people wrap around what they ask.
//
//go:embed stopwords.txt
var stopWordList string

// stopWords carry no meaning for retrieval (see stopwords.txt).
var stopWords = wordSet(stopWordList)

// wordSet reads a word list: words separated by white space, # starting a
// comment that runs to the end of its line.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, w := range strings.Fields(line) {
			m[w] = true
		}
	}
	return m
}

// IsStopWord reports whether the lowercase word w is ignored by Terms.
func IsStopWord(w string) bool { return stopWords[w] }

// Token is one word of a text as Tokens finds it.
type Token struct {
	// Text is the folded word: lowercase, dotted acronyms closed up ("us" for
	// "U.S."), digit-group commas dropped ("28500"), possessive "'s" dropped.
	Text string
	// Acronym is set when the word was written in capitals (or dotted
	// capitals), as in "ROK", "U.S.": such words are never stop words.
	Acronym bool
	// Possessive is set when the word had a possessive "'s" ("Japan's").
	Possessive bool
	// Grouped is set for a number written with digit-group commas
	// ("28,500"), which a year never is.
	Grouped bool
	// Option is set for a command's short option, "-l" or "-rf": Text
	// keeps its dash and its case, since "-l" and "-L" differ.
	Option bool
}

// Tokens splits text into words. Hyphens, slashes and dashes separate words;
// apostrophes inside a word are kept (as ') except for a possessive "'s";
// dots and commas between digits are kept in numbers, commas dropped.
func Tokens(text string) []Token {
	var (
		out     []Token
		cur     []rune
		upper   = true
		grouped bool
	)
	emit := func() {
		if len(cur) == 0 {
			return
		}
		w := string(cur)
		w = strings.TrimRight(w, "'.")
		poss := false
		if strings.HasSuffix(w, "'s") {
			w, poss = w[:len(w)-2], true
		}
		if w != "" {
			acr := upper && utf8.RuneCountInString(w) > 1 && strings.IndexFunc(w, unicode.IsLetter) >= 0
			out = append(out, Token{Text: strings.ToLower(w), Acronym: acr, Possessive: poss, Grouped: grouped})
		}
		cur, upper, grouped = cur[:0], true, false
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if n := shortOption(rs, i); n > 0 {
			emit()
			out = append(out, Token{Text: string(rs[i : i+n]), Option: true})
			i += n - 1
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsLower(r) {
				upper = false
			}
			cur = append(cur, r)
		case r == '\'' || r == '’' || r == 'ʼ':
			// Inside a word it is an apostrophe; at its edges a quote.
			if len(cur) > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
				cur = append(cur, '\'')
			} else {
				emit()
			}
		case r == '.' && len(cur) > 0 && i+1 < len(rs):
			next := rs[i+1]
			switch {
			case unicode.IsDigit(next) && unicode.IsDigit(cur[len(cur)-1]):
				cur = append(cur, '.') // 13.9
			case unicode.IsLetter(next) && isDottedLetter(cur) && (i+2 >= len(rs) || rs[i+2] == '.'):
				// U.S. / U.N. / e.g.: close the letters up.
			default:
				emit()
			}
		case r == ',' && len(cur) > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && unicode.IsDigit(cur[len(cur)-1]):
			// 28,500: drop the group separator.
			grouped = true
		default:
			emit()
		}
	}
	emit()
	return out
}

// shortOption returns the length of the short option rs[i:] opens ("-l",
// "-rf": a dash opening a word, one or two ASCII letters, then no letter or
// digit), or 0. Longer runs ("-xvf", "-The" of a bullet set without a
// space) stay words: the case of one letter is what tells "-l" from "-L".
func shortOption(rs []rune, i int) int {
	if rs[i] != '-' || i > 0 && !unicode.IsSpace(rs[i-1]) && !strings.ContainsRune("([{\"'`“‘,;", rs[i-1]) {
		return 0
	}
	const most = 2 // letters
	n := 0
	for i+1+n < len(rs) && n <= most && unicode.IsLetter(rs[i+1+n]) && rs[i+1+n] < unicode.MaxASCII {
		n++
	}
	if end := i + 1 + n; n == 0 || n > most || end < len(rs) && (unicode.IsLetter(rs[end]) || unicode.IsDigit(rs[end]) || rs[end] == '-') {
		return 0
	}
	return 1 + n
}

// Unshout returns text with its words in capitals for emphasis written in
// lowercase: any run of three words or more written in capitals ("HOW MANY
// TROOPS", a licence's "WITHOUT WARRANTIES OR CONDITIONS"), which are no
// acronyms. Other words are left as they are ("ROK", "U.S.").
func Unshout(text string) string {
	fields := strings.Fields(text)
	shouting := func(f string) bool {
		return strings.IndexFunc(f, unicode.IsLetter) >= 0 && strings.IndexFunc(f, unicode.IsLower) < 0
	}
	// loud[i] marks the fields in a run of three or more.
	var loud []bool
	for i := 0; i < len(fields); {
		j := i
		for j < len(fields) && shouting(fields[j]) {
			j++
		}
		if j-i >= 3 {
			if loud == nil {
				loud = make([]bool, len(fields))
			}
			for k := i; k < j; k++ {
				loud[k] = true
			}
		}
		i = max(j, i+1)
	}
	if loud == nil {
		return text // the usual case: nothing shouted
	}
	var b strings.Builder
	rest := text
	for i, f := range fields {
		at := strings.Index(rest, f)
		b.WriteString(rest[:at])
		if loud[i] {
			f = strings.ToLower(f)
		}
		b.WriteString(f)
		rest = rest[at+len(fields[i]):]
	}
	b.WriteString(rest)
	return b.String()
}

// isDottedLetter reports whether cur is letters of a dotted acronym so far:
// each one was followed by a dot, so cur holds only letters, one per dot.
func isDottedLetter(cur []rune) bool {
	for _, r := range cur {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return len(cur) <= 4
}

// Terms returns the search terms of text in order: its tokens without stop
// words, stemmed with the Snowball English stemmer. Acronyms are kept whole
// and unstemmed.
func Terms(text string) []string {
	toks := Tokens(text)
	terms := make([]string, 0, len(toks))
	for _, t := range toks {
		if term := TermOf(t); term != "" {
			terms = append(terms, term)
		}
	}
	return terms
}

// TermOf returns the search term of one token, or "" for a stop word.
func TermOf(t Token) string {
	if t.Acronym || t.Option {
		return t.Text
	}
	if stopWords[t.Text] || stopWords[strings.ReplaceAll(t.Text, "'", "")] {
		return ""
	}
	return Stem(t.Text)
}

// Stem returns the Snowball English stem of a lowercase word, irregular
// forms stemmed as their regular relatives ("paid" as "pay"); numbers and
// words with digits are returned unchanged.
func Stem(w string) string {
	if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return w
	}
	w = fold(w)
	if base, ok := irregular[w]; ok {
		w = base
	}
	if s, ok := overstemmed[w]; ok {
		return s
	}
	if s, ok := stems.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, true)
	if stemsCached.Add(1) <= maxCachedStems {
		stems.Store(w, s)
	}
	return s
}

// fold takes the accents off a word's letters, as people typing a question
// do: "Hervé" and "Herve", "Alès" and "Ales" are one term. Letters with no
// unaccented form (ø, ß) are kept.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		ascii = ascii && w[i] < utf8.RuneSelf
	}
	if ascii {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// stems caches Stem: the Snowball stemmer is most of the cost of reading a
// report, and a report and the questions about it repeat their words. The
// cache is bounded so that a bot answering strangers for months does not
// grow without end.
var (
	stems       sync.Map
	stemsCached atomic.Int64
)

const maxCachedStems = 200_000

// overstemmed gives its own stem to English words the Snowball stemmer
// folds into an unrelated word: "important" is not "import", "university"
// not "universe", "organization" not "organ".
var overstemmed = map[string]string{
	"important": "importan", "importance": "importan", "importantly": "importan", "unimportant": "unimportan",
	"university": "universiti", "universities": "universiti",
	"organ": "organ_", "organs": "organ_",
}
