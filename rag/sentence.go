package rag

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/rag/ingest"
	"reportbot/rag/lexical"
)

// sentence is a sentence of a passage, analysed once when the index opens:
// its terms, and what kinds of answer it holds.
type sentence struct {
	span     ingest.Span
	toks     []lexical.Token
	terms    map[string]bool
	seq      []string // terms in order; "" for words that are no term
	qtyAt    []int    // positions in seq of numbers that are not bare years
	names    map[string]bool
	hasDate  bool
	causal   bool // gives a reason: "because", "due to", ...
	list     bool // enumerates: "a, b, and c"
	leansOn  bool // opens by pointing back: "This", "For these reasons", ...
	place    bool // says where: "in Seoul", "farther south"
	ahead    bool // tells of something still to come: "is scheduled for", "will"
	numbered bool // holds a number, a year included
	percent  bool // holds a percentage
}

var (
	// asOpener is "As a work of the government, reports are not ...": what
	// a thing is gives the reason for what follows.
	asOpener = regexp.MustCompile(`^\s*As (?:a|an) [^,]{3,60}, `)
	// causalCues say that a sentence gives a reason.
	causalCues     = []string{"because", "due to", "as a result", "owing to", "in order to", "so that", "reason", "reasons", "caused", "causes", "led to", "thanks to", "result of", "stemming from", "aimed at", "in response to", "critical to", "to offset", "to avoid", "to prevent", "amid"}
	listShape      = regexp.MustCompile(`[^,]+, [^,]+,? (?:and|or) `)
	placeCue       = regexp.MustCompile(`\b(?:in|at|near|from|to|across|inside|outside|abroad|overseas|north|south|east|west|northern|southern|eastern|western) (?:the )?[\p{L}]`)
	percentPattern = regexp.MustCompile(`\d\s*%|(?i)\b(?:percent|per cent|half|quarter|third)\b`)
	// aheadCues tell of something still to come.
	aheadCues = []string{"scheduled", "upcoming", "next", "expected to", "set to", "will be"}
	backRef   = regexp.MustCompile(`^(?:This|These|That|Those|It|Its|They|Their|Such|He|She|His|Her|For these|For this|As a result|In response|Still|However|Yet|But|Also)\b`)
)

// hasPhrase reports whether lowercase text holds one of the phrases as
// whole words. (A regular expression of the same alternatives costs ten
// times as much, and every sentence of every report is checked.)
func hasPhrase(text string, phrases []string) bool {
	for _, p := range phrases {
		if containsWord(text, p) {
			return true
		}
	}
	return false
}

func newSentence(text string, span ingest.Span) sentence {
	t := text[span.Start:span.End]
	s := sentence{span: span, terms: map[string]bool{}, names: map[string]bool{}, toks: lexical.Tokens(t)}
	for _, tok := range s.toks {
		term := lexical.TermOf(tok)
		if term != "" {
			s.terms[term] = true
		}
		if isNumber(tok.Text) {
			s.numbered = true
			if !yearPattern.MatchString(tok.Text) || tok.Grouped { // a year dates, it does not count
				s.qtyAt = append(s.qtyAt, len(s.seq))
			}
		}
		s.seq = append(s.seq, term)
	}
	for i, w := range strings.Fields(t) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		r, _ := utf8.DecodeRuneInString(core)
		if (i > 0 && unicode.IsUpper(r) || isAcronymWord(core)) && !calendarWord(core) {
			for _, term := range lexical.Terms(core) {
				s.names[term] = true
			}
		}
	}
	s.hasDate = yearPattern.MatchString(t) || monthPattern.MatchString(t)
	s.percent = percentPattern.MatchString(t)
	lower := strings.ToLower(t)
	s.causal = hasPhrase(lower, causalCues) || asOpener.MatchString(t)
	s.list = listShape.MatchString(t)
	s.leansOn = backRef.MatchString(t)
	s.place = placeCue.MatchString(t)
	s.ahead = hasPhrase(lower, aheadCues)
	return s
}

func isNumber(w string) bool {
	if numberWords[w] {
		return true
	}
	return strings.IndexFunc(w, unicode.IsDigit) >= 0
}

func isAcronymWord(w string) bool {
	caps := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return caps >= 2
}

// counts reports whether a number in the sentence counts one of the focus
// terms: "28,500 U.S. troops" for "how many troops".
func (s sentence) counts(focus []string) bool {
	for _, at := range s.qtyAt {
		// The noun counted follows at once, names and small words aside
		// ("28,500 U.S. troops", "three Moon-Kim summits"), and before any
		// verb ("troops are based": troops, not bases).
		steps := 0
		for j := at + 1; j < len(s.seq) && steps < countReach; j++ {
			if verbBreak[s.toks[j].Text] {
				break
			}
			for _, f := range focus {
				if s.seq[j] == f {
					return true
				}
			}
			if s.seq[j] != "" && !s.names[s.seq[j]] {
				steps++
			}
		}
	}
	return false
}

// measures reports whether the sentence gives an amount of a focus term:
// the number counts it ("$24.4 billion in imports") or follows it in the
// sentence ("imports ... decreased to $86.6 billion").
func (s sentence) measures(focus []string) bool {
	if s.counts(focus) {
		return true
	}
	for i, t := range s.seq {
		if !slices.Contains(focus, t) {
			continue
		}
		if n := len(s.qtyAt); n > 0 && s.qtyAt[n-1] > i {
			return true // a number follows it
		}
	}
	return false
}

// countReach is how many words may stand between a number and the noun it
// counts ("130,000 cumulative cases").
const countReach = 2

// has reports whether the sentence holds the kind of answer wanted, and
// whether that kind is required of an answer at all (a number for "how
// many", a date for "when", a name for "who") or only preferred.
func (s sentence) has(q query, asked map[string]bool) (ok, required bool) {
	switch q.want {
	case numberAnswer:
		if q.percent {
			return s.percent, true
		}
		if len(q.focus) > 0 && q.amount {
			return s.measures(q.focus), true
		}
		if len(q.focus) > 0 {
			return s.counts(q.focus), true
		}
		if q.span {
			return s.numbered, true // "how long": since a year will do
		}
		return len(s.qtyAt) > 0, true
	case dateAnswer:
		return s.hasDate, true
	case nameAnswer:
		return s.namesNear(q, asked, false), true
	case placeAnswer:
		return s.place, false
	case definitionAnswer:
		if !hasAll(s.terms, q.concepts[0].alts[0].terms) { // a definition question asks of one name
			return false, true
		}
		for _, d := range q.definitions {
			if hasAll(s.terms, d) {
				return true, true
			}
		}
		return false, true
	case reasonAnswer:
		return s.causal, false
	case listAnswer:
		return s.list, false
	}
	return true, false
}

// calendarWord reports months and weekdays, capitalised but no names.
func calendarWord(w string) bool {
	return monthPattern.MatchString(w) || weekdayPattern.MatchString(w)
}

var weekdayPattern = regexp.MustCompile(`(?i)^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$`)

// nameReach is how far, in words, the name an answer gives may be from a
// word of the question: "leader Kim Jong-un", "China is South Korea's
// largest trading partner".
const nameReach = 4

// namesNear reports whether the sentence gives a name the question does not,
// close to one of the question's (non-name) words. Strict, the name must
// not even be another name for something asked ("ROK" when "South Korea"
// is asked): a new name, as a person is to "who".
func (s sentence) namesNear(q query, asked map[string]bool, strict bool) bool {
	var near []int
	for i, t := range s.seq {
		if t == "" {
			continue
		}
		for _, c := range q.concepts {
			for _, a := range c.alts {
				if slices.Contains(a.terms, t) {
					near = append(near, i)
				}
			}
		}
	}
	for i, t := range s.seq {
		if t == "" || !s.names[t] || asked[t] {
			continue
		}
		if strict && q.says(t) {
			continue
		}
		for _, j := range near {
			if i-j <= nameReach && j-i <= nameReach {
				return true
			}
		}
	}
	return false
}

// says reports whether term is one of the ways the question's concepts are
// said.
func (q query) says(term string) bool {
	for _, c := range q.concepts {
		for _, a := range c.alts {
			if slices.Contains(a.terms, term) {
				return true
			}
		}
	}
	return false
}

// verbBreak are the auxiliaries that end the noun phrase after a number.
var verbBreak = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "will": true, "would": true, "can": true, "could": true, "may": true,
}

// compactness is how close together the sentence says the question's
// concepts: the number of concepts it says over the shortest run of words
// that says them all, from 0 to 1. "A U.S.-ROK vaccine partnership" answers
// "the US-ROK vaccine partnership" better than a sentence with the same
// words far apart.
func (s sentence) compactness(q query) float64 {
	var at [][]int // positions of each concept said
	for _, c := range q.concepts {
		var pos []int
		for i, t := range s.seq {
			if t == "" {
				continue
			}
			for _, a := range c.alts {
				if slices.Contains(a.terms, t) {
					pos = append(pos, i)
					break
				}
			}
		}
		if len(pos) > 0 {
			at = append(at, pos)
		}
	}
	if len(at) < 2 {
		return 0
	}
	// The shortest window holding one position of each concept: slide over
	// every position as the window's start.
	best := len(s.seq) + 1
	for _, starts := range at {
		for _, from := range starts {
			end := from
			ok := true
			for _, pos := range at {
				next := -1
				for _, p := range pos {
					if p >= from {
						next = p
						break
					}
				}
				if next < 0 {
					ok = false
					break
				}
				end = max(end, next)
			}
			if ok {
				best = min(best, end-from+1)
			}
		}
	}
	if best > len(s.seq) {
		return 0
	}
	return min(1, float64(len(at))/float64(best))
}
