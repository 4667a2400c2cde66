// Package question reads a question in English without a model: its
// content words as search terms, the kind of answer it asks for (a number,
// a date, a person, a place, a reason, a list, a definition), the noun a
// "how many" question counts, whether it asks about the document itself
// (its title, date, authors or subject), and whether it has two parts.
//
// It knows English, not documents: nothing here depends on what a report
// says. Matching a question against a report is package rank's work.
package question

import (
	"regexp"
	"strings"
	"unicode"

	"reportbot/rag/lexical"
)

// Kind is the kind of answer a question asks for.
type Kind int

// The kinds of answer. Any means the question does not say.
const (
	Any        Kind = iota
	Number          // how many, how much, what percentage
	Date            // when, what year
	Person          // who, whose
	Place           // where, which city
	Reason          // why
	List            // which countries, what are the ...
	Definition      // what does X stand for, what is X
	Name            // what is X called, what is the name of X
	Entity          // which king, what proclamation: something named
)

var kindNames = [...]string{"any", "number", "date", "person", "place", "reason", "list", "definition", "name", "entity"}

// String returns the kind's name, e.g. "date".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// About says which fact of the document itself a question asks for.
type About int

// The questions about the document itself. None: the question is about
// what the document says.
const (
	None     About = iota
	Subject        // what is the report about
	Title          // what is the report called
	Written        // when was it published or updated
	Authors        // who wrote it
	Rights         // who holds its copyright
	Contents       // what its sections are
)

// Word is one word of a question.
type Word struct {
	Text    string // as written, without surrounding punctuation
	Lower   string // lowercase, as lexical.Tokens folds it
	Term    string // search term; "" for a stop word
	Acronym bool   // written in capitals: "ROK", "U.S."
	Capital bool   // written with a capital, not as the first word
	Number  bool   // digits or a number word
}

// Question is an analysed question.
type Question struct {
	Text  string
	Words []Word
	Want  Kind
	// Counted holds the terms of the noun a number question counts or
	// measures ("troops" in "how many troops"), when it names one.
	Counted []string
	About   About
	// Named is the name a question puts where "this report" would stand
	// ("Who wrote Fruit Facts?", "When was Fruit Facts published?"), and
	// AboutNamed what it would then ask of the report: the question asks
	// about the document itself only if a report bears that name, which
	// is for the caller, who knows the reports, to decide ("Who wrote this
	// report?" names "this report", which no title is). Named is "" when
	// the question has no such shape.
	Named      string
	AboutNamed About
	// AsksCode is set when the question asks how to do something, or for
	// a command, an option or a syntax ("how do I install it?", "what
	// command enables it?"): a line of code or a command may answer it,
	// as it answers no other question.
	AsksCode bool
}

// Terms returns the search terms of the question, in order, each once.
func (q Question) Terms() []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range q.Words {
		if w.Term != "" && !seen[w.Term] {
			seen[w.Term] = true
			out = append(out, w.Term)
		}
	}
	return out
}

// Analyze reads a question.
func Analyze(text string) Question { return AnalyzeFor(text, nil) }

// AnalyzeFor reads a question asked of reports that use the words uses
// says they do (lowercase): a chat short form that is one of their words
// is read as that word ("bc", a calculator's name, not "because"). Nil
// uses is Analyze.
func AnalyzeFor(text string, uses func(word string) bool) Question {
	q := Question{Text: text}
	// "HOW MANY US TROOPS ARE IN KOREA": capitals for emphasis, not
	// acronyms; read as if typed in lowercase.
	text = lexical.Unshout(text)
	text = expandChat(text, uses)
	lower := strings.ToLower(text)
	q.Want = kindOf(lower)
	q.About = aboutOf(lower)
	q.Named, q.AboutNamed = namedOf(text)
	q.AsksCode = asksCode.MatchString(lower)
	first := true
	for _, f := range strings.Fields(text) {
		for _, tok := range lexical.Tokens(f) {
			core := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			w := Word{Text: core, Lower: tok.Text, Term: lexical.TermOf(tok), Acronym: tok.Acronym, Number: isNumber(tok.Text)}
			r := []rune(core)
			w.Capital = !first && len(r) > 0 && unicode.IsUpper(r[0]) && !tok.Option
			q.Words = append(q.Words, w)
			first = false
		}
	}
	dropDocumentFrame(q.Words)
	q.Counted = counted(text) // as written: "U.S." is an acronym, "us" a pronoun
	// The words that name the kind of answer ("what year", "how many",
	// "which city") are no part of what it is about.
	for i, w := range q.Words {
		if kindWords[q.Want][w.Lower] && i > 0 && whWords[q.Words[i-1].Lower] {
			q.Words[i].Term = ""
		}
		// "What does ROK stand for?": the report defines ROK, it need not
		// say "stand".
		if q.Want == Definition && defineWords[w.Lower] && !w.Capital {
			q.Words[i].Term = ""
		}
		// "What does Figure 1 show?": its caption says, not "show".
		if showWords[w.Lower] && asksCaption.MatchString(lower) {
			q.Words[i].Term = ""
		}
	}
	return q
}

// frameVerbs are what a document does with what it is asked about: "what
// does the report say about Japan".
var frameVerbs = set("say says said mention mentions mentioned tell tells state states discuss discusses cover covers note notes describe describes talk talks write writes claim claims")

// docNouns are DocNouns, singular and plural, as a set.
var docNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range DocNouns {
		m[n], m[n+"s"] = true, true
	}
	return m
}()

// dropDocumentFrame takes the words that point at the document asked, not
// at what is asked of it, out of the search: "what does the report say
// about Japan" searches Japan, not "report" (a report's "reportedly") and
// "say". The document is "the report" (or "this report") before what it
// does ("the report says", "the paper mentions"), after "according to",
// or last ("how many troops are there in the report"): "what did the
// report recommend" may ask of a report the document is about, and "why
// was this document produced" of its own "This document was produced".
func dropDocumentFrame(words []Word) {
	for i := 1; i < len(words); i++ {
		det, noun := words[i-1].Lower, words[i].Lower
		if !docNouns[noun] || det != "this" && det != "the" && det != "these" {
			continue
		}
		verb := i+1 < len(words) && frameVerbs[words[i+1].Lower]
		according := i >= 3 && words[i-3].Lower == "according" && words[i-2].Lower == "to"
		last := i == len(words)-1 && i >= 2 && (words[i-2].Lower == "in" || words[i-2].Lower == "from")
		if !verb && !according && !last {
			continue
		}
		words[i].Term = ""
		if according {
			words[i-3].Term = ""
		}
		if verb {
			words[i+1].Term = ""
		}
	}
}

// asksCode is a question a command or code may answer: how to do
// something ("how do i turn on exceptions", "how to install"), or which
// command, option or syntax to use ("what command enables corepack",
// "which flag", "what is the syntax of an address").
var asksCode = regexp.MustCompile(`\bhow (?:do|does|can|could|should|would|must|might|may|am) (?:i|we|you|one|they|people|users?)\b|\bhow (?:is|are) (?:\S+ ){1,4}?(?:done|used|run|installed|configured|enabled|disabled|set|called|invoked|written)\b|\bhow to\b|\b(?:what|which) (?:\S+ ){0,2}?(?:commands?|options?|flags?|switch(?:es)?|arguments?|syntax|invocation|usage|example|snippet|code)\b|\b(?:syntax|usage) (?:of|for)\b|\bwhat (?:do|should|can|must) (?:i|we|you|one) (?:run|type|enter|use|write|pass|add|call)\b`)

// asksCaption is a question about a figure or a table by its label; what
// it "shows" its caption says. The label is a number, perhaps with a
// letter ("2b"), or one letter ("table a"): "a map of Paris" names no
// figure.
var asksCaption = regexp.MustCompile(`\b(?:figure|fig\.?|table|chart|map|exhibit|graph|diagram|box|plate)\s+(?:\d{1,3}[a-z]?|[a-z])(?:[.-]\d{1,2})?\b`)

// showWords are what a figure or a table does.
var showWords = set("show shows shown depict depicts illustrate illustrates present presents display displays describe describes")

// defineWords ask for a definition ("stand for", "mean", "the meaning
// of"): no part of what is defined.
var defineWords = set("stand stands mean means meant meaning definition define")

// whWords open the part of a question that names the kind of answer.
var whWords = map[string]bool{"what": true, "which": true, "how": true, "whose": true, "in": true}

// kindWords name a kind of answer right after a question word: "what year",
// "which city", "how many". They are general English.
var kindWords = map[Kind]map[string]bool{
	Number: set("many much long far big large old often high tall wide deep heavy fast percentage percent proportion share fraction number amount"),
	Date:   set("year years month date day decade century time era period"),
	Place:  set("city country town region state place continent province island location nation area"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	asksNumber = regexp.MustCompile(`\bhow (?:many|much|long|far|big|large|old|often|high|tall|wide|deep|heavy|fast|few)\b|\b(?:what|which) (?:percentage|percent|proportion|share|fraction|number|amount|quantity)\b|\bby how much\b`)
	asksDate   = regexp.MustCompile(`^(?:\W*(?:and|so|but) )?when\b|\bwhen (?:is|are|was|were|did|do|does|will|would|has|have|had|can|could)\b|\b(?:what|which|in what|in which) (?:year|month|date|day|decade|century|time|era|period)\b|\bsince when\b|\bhow long ago\b`)
	asksPerson = regexp.MustCompile(`^(?:\W*(?:and|so|but) )?(?:who|whom|whose)\b|\b(?:who|whom|whose) (?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|won|led|wrote|made|created|founded|invented|discovered)\b|\bby whom\b`)
	asksPlace  = regexp.MustCompile(`\bwhere\b|\b(?:what|which|in what|in which) (?:city|country|town|region|state|place|continent|province|island|location|nation|area)\b`)
	asksReason = regexp.MustCompile(`\bwhy\b|\bwhat (?:caused|causes|led to|leads to|prompted|motivated)\b|\bfor what reason\b|\bhow come\b|\bwhat (?:is|was|were|are) the (?:reason|reasons|cause|causes|motive|purpose)\b`)
	asksList   = regexp.MustCompile(`\b(?:what|which) (?:\w+ ){0,2}(?:\w+(?:ies|ses|ers|ons|nts|tes|ees|ics|ems|ngs|ods|cts))\b (?:are|were|did|do|does|have|has)\b|\b(?:what|which) are the\b|\bname (?:the|some|all)\b|\blist\b`)
	asksDefine = regexp.MustCompile(`\bwhat (?:does|do|did) (?:the )?[\w.\-]+ (?:stand for|mean)\b|\bwhat (?:does|do|did) (?:the )?(?:term |word |phrase |expression |abbreviation |acronym )?["'“‘][^"'“”‘’]+["'”’] (?:stand for|mean)\b|\bwhat (?:does|do|did) (?:the )?(?:term |word |phrase |expression |abbreviation |acronym )?[\w.\-]+(?: [\w.\-]+){1,3} (?:stand for|mean)\W*$|\bwhat (?:is|was|are|were) (?:meant by|the (?:meaning|definition) of)\b|^\W*define\b|^\W*what(?:'s| is| was) (?:an? |the )?[\w.\-]+(?: [\w.\-]+){0,2}\W*$|\bwho (?:is|was|are|were) (?:an? |the )?[\w.\-]+(?: [\w.\-]+){0,2}\W*$`)
	asksName   = regexp.MustCompile(`\bwhat (?:is|was|are|were) (?:the )?name\b|\bwhat (?:is|was|are|were) (?:.+ )?(?:called|named|known as)\b|\bname of\b`)
	// asksEntity is "which king", "what proclamation", "in what borough":
	// a question word before a noun, not before a verb.
	asksEntity = regexp.MustCompile(`^\W*(?:(?:in|on|at|by|from|to|for|with|of|under|during|after|before) )?(?:what|which) (?:[\w\-]+ ){0,2}?([\w\-]+) (?:is|was|are|were|did|does|do|has|have|had|can|could|will|would|became|become|took|led|gave|made|ended|started|caused|issued|won|built|created|founded|used|uses|allowed|helped|provided|replaced)\b`)
	// frameWords follow a question word without naming a kind of thing.
	frameWords = set("is was are were did does do has have had can could will would kind type sort")
	// numberWords are numbers written as words.
	numberWords = set("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands millions billions half twice")
)

// kindRules read the kind of answer a lowercase question wants, in order:
// the first that matches decides ("how many years" asks for a number).
var kindRules = []struct {
	pattern *regexp.Regexp
	kind    Kind
}{
	{asksDefine, Definition}, {asksNumber, Number}, {asksDate, Date}, {asksReason, Reason},
	{asksPerson, Person}, {asksPlace, Place}, {asksName, Name}, {asksList, List},
}

// kindOf reads which kind of answer a lowercase question wants.
func kindOf(q string) Kind {
	for _, r := range kindRules {
		if r.pattern.MatchString(q) {
			return r.kind
		}
	}
	if m := asksEntity.FindStringSubmatch(q); m != nil && !frameWords[strings.Fields(strings.TrimLeft(q, " \t\"'(¿¡"))[1]] {
		return Entity
	}
	return Any
}

// asksCounted finds the words after "how many" or "how much".
var asksCounted = regexp.MustCompile(`(?i)\bhow (?:many|much) ((?:[\w.'\-]+ ?){1,4})`)

// counted returns the terms of the noun phrase a "how many" question
// counts: the words after "how many" up to the first small word ("how many
// covid cases has", "how many U.S. troops are").
func counted(q string) []string {
	m := asksCounted.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	var out []string
	for _, tok := range lexical.Tokens(m[1]) {
		term := lexical.TermOf(tok)
		if term == "" {
			break
		}
		out = append(out, term)
	}
	return out
}

// isNumber reports whether a folded token is a number.
func isNumber(w string) bool {
	return numberWords[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0
}

// DocNouns are the words people call the document they ask about.
var DocNouns = []string{"report", "document", "paper", "brief", "article", "text", "file", "publication", "study", "memo", "manual", "page", "guide", "specification", "spec", "handbook", "thesis", "dissertation", "whitepaper", "readme", "doc", "pdf"}

// docNoun matches one of DocNouns, singular or plural.
var docNoun = `(?:` + strings.Join(DocNouns, "|") + `)s?`

var (
	aboutSubject  = regexp.MustCompile(`^\W*what(?:'s| is) (?:this|the) ` + docNoun + `\W*$|^\W*what(?:'s| is) this\W*$|\bwhat(?:'s| is| was| are)? (?:this|the|that|these|those) ` + docNoun + ` (?:about|on|covering)\b|\bwhat (?:does|do) (?:this|the|these|those) ` + docNoun + ` (?:cover|discuss|say|describe|address)\W*$|\b(?:summari[sz]e|summary of|overview of|gist of|main points of|tl;?dr)\b.*\b(?:this|the|these|those) ` + docNoun + `\b|^\W*(?:summary|summari[sz]e|tl;?dr|overview)\W*$|\bwhat(?:'s| is) (?:this|it) about\W*$|^\W*what(?:'s| is) in (?:this|the|these|those) ` + docNoun + `\W*$`)
	aboutContents = regexp.MustCompile(`^\W*(?:(?:the|its) )?(?:table of contents|contents|toc|outline|sections|chapters|headings)\W*$` +
		`|^\W*(?:what|which)(?:'s| are| is) (?:the |its )?(?:sections?|chapters?|parts|headings|topics|contents|table of contents|outline|structure)(?: (?:of|in) (?:this|the|these|those|it)(?: ` + docNoun + `)?)?\W*$` +
		`|^\W*(?:what|which) (?:sections?|chapters?|parts|topics|subjects|headings) (?:does|do) (?:(?:this|the|these|those) ` + docNoun + `|it|they) (?:have|cover|include|contain|discuss|address|touch on)\W*$` +
		`|^\W*how (?:is|are) (?:this|the|these|those) ` + docNoun + ` (?:organi[sz]ed|structured|laid out|divided)\W*$` +
		`|^\W*(?:list|show|give)(?: me)? (?:the |its |all )?(?:(?:the )?` + docNoun + `(?:'s|’s) )?(?:sections|chapters|headings|topics|contents)(?: of (?:this|the|these|those|it)(?: ` + docNoun + `)?)?\W*$`)
	aboutTitle   = regexp.MustCompile(`^\W*(?:(?:the|its) )?title\W*$|^\W*what(?:'s| is) (?:the |its )?title\W*$|^\W*what(?:'s| is) (?:it|this) (?:called|titled|named)\W*$|\b(?:title|name) of (?:this|the|these|those) ` + docNoun + `\b|\bwhat(?:'s| is) (?:this|the|these|those) ` + docNoun + ` (?:called|titled|named)\b`)
	aboutWritten = regexp.MustCompile(`^\W*(?:(?:the|its) )?(?:publication|release) date\W*$|^\W*what(?:'s| is) (?:the |its )?(?:publication|release) date\b|\bwhen (?:was|is|were) (?:this|the|these|those) ` + docNoun + ` (?:\w+ )?` + docEvent + `\b|^\W*when (?:was|were) (?:this|it|they) (?:first |last )?` + docEvent + `\W*$|\b(?:date|age) of (?:this|the|these|those) ` + docNoun + `\b|\bhow (?:old|recent) is (?:this|the|these|those) ` + docNoun + `\b|\b(?:this|the|these|those) ` + docNoun + `(?:'s|’s) date\b|\bwhen (?:was|is) (?:this|the|these|those) ` + docNoun + ` from\b`)
	aboutRights  = regexp.MustCompile(`\bwho (?:holds|owns|has|keeps|retains) (?:the |its |this |their )?copyrights?\b|\bwhose copyright\b|\b(?:who|what) (?:is|are) (?:the )?copyright (?:holders?|owners?)\b|\bwho (?:is|are) the (?:holders?|owners?) of (?:the |its |this )?copyright\b`)
	aboutAuthors = regexp.MustCompile(`^\W*(?:(?:list|name|give|show|tell)(?: me)? )?(?:the |its |their )?(?:authors?|writers?|byline)(?: please)?\W*$|\bwho(?:'s| is| are| were| was) (?:the )?(?:authors?|writers?)(?:\W*$| (?:of|for|behind) (?:(?:this|the|these|those) ` + docNoun + `|this|it)\b)|^\W*who (?:` + authorVerb + `) (?:this|it)(?: up| together)?\W*$|^\W*who (?:is|was) (?:this|it) (?:by|from)\W*$|\bwho (?:` + authorVerb + `) (?:this|the|these|those) ` + docNoun + `\b|\b(?:authors?|writers?) of (?:this|the|these|those) ` + docNoun + `\b|\bwho (?:is|was) (?:this|the|these|those) ` + docNoun + ` (?:by|from)\b`)
)

// authorVerb is what the authors of a document did to it: "who compiled
// this report", "who put it together".
const authorVerb = `wrote|authored|writes|prepared|published|produced|compiled|drafted|penned|edited|updated|revised|created|made|put|is behind|worked on`

// docEvent is what happens to a document at a date.
const docEvent = `(?:published|written|released|issued|updated|dated|made|produced|prepared|modified|revised)`

// namedRules find the name a question puts where "this report" would
// stand, for a report's title: the name is the first group.
var namedRules = []struct {
	pattern *regexp.Regexp
	about   About
}{
	{regexp.MustCompile(`(?i)^\W*who (?:wrote|authored|writes|is the author of|was the author of|are the authors of|were the authors of) (.+?)\W*$`), Authors},
	{regexp.MustCompile(`(?i)^\W*who (?:is|was) (.+?) (?:written )?by\W*$`), Authors},
	{regexp.MustCompile(`(?i)^\W*(?:who (?:is|are|was|were) )?the (?:authors?|writers?) of (.+?)\W*$`), Authors},
	{regexp.MustCompile(`(?i)^\W*when (?:was|were|is) (.+?) (?:first |last )?` + docEvent + `\W*$`), Written},
	{regexp.MustCompile(`(?i)^\W*what(?:'s| is| are) (.+?) about\W*$`), Subject},
	{regexp.MustCompile(`(?i)^\W*what(?:'s| is) (.+?)\W*$`), Subject},
}

// namedOf returns the name a question puts where "this report" would
// stand, quotes and a leading "the" taken off, and what it asks of it.
func namedOf(q string) (string, About) {
	for _, r := range namedRules {
		if m := r.pattern.FindStringSubmatch(q); m != nil {
			name := strings.Trim(m[1], " \"'“”‘’«»*_")
			if name != "" {
				return name, r.about
			}
		}
	}
	return "", None
}

// aboutRules read which fact of the document a lowercase question asks
// for, in order.
var aboutRules = []struct {
	pattern *regexp.Regexp
	about   About
}{
	{aboutRights, Rights}, {aboutAuthors, Authors}, {aboutWritten, Written}, {aboutTitle, Title}, {aboutContents, Contents}, {aboutSubject, Subject},
}

// aboutOf reads whether a lowercase question asks about the document itself.
func aboutOf(q string) About {
	for _, r := range aboutRules {
		if r.pattern.MatchString(q) {
			return r.about
		}
	}
	return None
}

// twoParts finds the seam of a question with two parts: "… and when …",
// "…? And who …".
var twoParts = regexp.MustCompile(`(?i)(?:,? and +(?:also |then )?|[?;] +(?:and +)?(?:also |then )?)((?:who|whom|whose|what|when|where|why|which|how)\b)|[?;] +(?:and +)?((?:is|are|was|were|did|does|do|can|could|will|would|has|have|had)\b)`)

// Split returns the parts of a question that asks two things ("Who is the
// president and when is the next election?"), or the question alone. Each
// part must have words of its own to search for.
func Split(text string) []string {
	m := twoParts.FindStringSubmatchIndex(text)
	if m == nil || m[0] == 0 {
		return []string{text}
	}
	at := m[2]
	if at < 0 {
		at = m[4]
	}
	first := strings.TrimSpace(strings.TrimRight(text[:m[0]], ",;?"))
	second := strings.TrimSpace(text[at:])
	if len(lexical.Terms(first)) == 0 || len(lexical.Terms(second)) == 0 {
		return []string{text}
	}
	if !strings.HasSuffix(first, "?") {
		first += "?"
	}
	return []string{first, upperFirst(second)}
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
