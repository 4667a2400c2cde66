package rag

import (
	"regexp"
	"strings"
	"unicode"

	"reportbot/rag/lexical"
)

// Aliases: the names a report gives one thing. They are learned from the
// report's own text by general patterns, never listed by hand:
//
//   - an acronym after its long form, in brackets or after "or": "wartime
//     operational control (OPCON)", "Republic of Korea, or ROK" (matched the
//     way Schwartz and Hearst do: the acronym's letters in order in the last
//     words, the first at a word's start);
//   - a name and its official or other name: "South Korea (officially the
//     Republic of Korea", "the Quadrilateral Security Dialogue, referred to as
//     “the Quad,”";
//   - countries by name, capital and adjective ("Seoul" for the South Korean
//     government, "American" for the United States), from a general list,
//     kept only where the report itself uses the country.
//
// A phrase is a list of terms (as lexical.Terms makes them); a group lists
// the phrases that name one thing.

var (
	bracketAcronym = regexp.MustCompile(`\(([\p{Lu}][\p{L}\p{N}\-]{1,11}(?: [\p{Lu}][\p{L}\p{N}\-]{1,11})?)\)`)
	orAcronym      = regexp.MustCompile(`,? or ([\p{Lu}][\p{Lu}\p{N}\-]{1,9})\b`)
	officially     = regexp.MustCompile(`(\p{Lu}[\p{L}’'\-]*(?: \p{Lu}[\p{L}’'\-]*)*) \((?:officially|formally)(?: the)? ([^,()]+)`)
	referredAs     = regexp.MustCompile(`(\p{Lu}[\p{L}’'\-]*(?: (?:of |and |the )?\p{Lu}[\p{L}’'\-]*)+),? (?:referred to as|known as|also called|called) [“"‘']?(?:the )?([^”"’',.;]+)`)
)

// aliasGroup is the phrases that name one thing; place marks a country.
// defines maps a phrase (terms joined by spaces) to the phrases the report
// spells it out as, where it defines it ("Republic of Korea, or ROK").
type aliasGroup struct {
	phrases [][]string
	place   bool
	defines map[string][][]string
}

// learnAliases finds the alias groups of a report's texts.
func learnAliases(texts []string) []aliasGroup {
	u := newUnion()
	all := strings.Join(texts, "\n")
	for _, t := range texts {
		for _, m := range bracketAcronym.FindAllStringSubmatchIndex(t, -1) {
			short := t[m[2]:m[3]]
			if long := longForm(t[:m[0]], short); long != "" {
				u.define(long, short)
			} else if i := strings.LastIndexByte(short, ' '); i > 0 {
				// "Free Trade Agreement (KORUS FTA)": try the last part.
				if long := longForm(t[:m[0]], short[i+1:]); long != "" {
					u.define(long, short[i+1:])
				}
			}
		}
		for _, m := range orAcronym.FindAllStringSubmatchIndex(t, -1) {
			short := t[m[2]:m[3]]
			if long := longForm(t[:m[0]], short); long != "" {
				u.define(long, short)
			}
		}
		for _, m := range officially.FindAllStringSubmatch(t, -1) {
			u.define(m[1], strings.TrimSpace(m[2]))
		}
		for _, m := range referredAs.FindAllStringSubmatch(t, -1) {
			u.define(m[1], strings.TrimSpace(m[2]))
		}
	}
	for _, names := range lexical.Places() {
		used := false
		for _, n := range names {
			if containsWord(all, n) {
				used = true
				break
			}
		}
		if !used {
			continue
		}
		for _, n := range names {
			u.places[u.key(n)] = true
		}
		for _, n := range names[1:] {
			u.join(names[0], n)
		}
	}
	return u.groups()
}

// containsWord reports whether text has w as a whole word (case as written).
func containsWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		before := j == 0 || !isWordByte(text[j-1])
		after := end >= len(text) || !isWordByte(text[end])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// longForm finds the long form of short among the last words of before, or
// "". The acronym must have two capitals at least.
func longForm(before, short string) string {
	caps := 0
	var s []rune
	for _, r := range short {
		if unicode.IsUpper(r) {
			caps++
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			s = append(s, unicode.ToLower(r))
		}
	}
	if caps < 2 || len(s) < 2 {
		return ""
	}
	before = strings.TrimRight(before, " ,")
	words := strings.Fields(before)
	maxWords := min(len(s)+5, 2*len(s))
	if len(words) > maxWords {
		words = words[len(words)-maxWords:]
	}
	l := []rune(strings.ToLower(strings.Join(words, " ")))
	si, li := len(s)-1, len(l)-1
	for si >= 0 {
		c := s[si]
		for li >= 0 && (l[li] != c || (si == 0 && li > 0 && (unicode.IsLetter(l[li-1]) || unicode.IsDigit(l[li-1])))) {
			li--
		}
		if li < 0 {
			return ""
		}
		li--
		si--
	}
	start := li + 1
	for start > 0 && l[start-1] != ' ' {
		start--
	}
	long := string([]rune(strings.Join(words, " "))[start:])
	long = strings.Trim(long, " (“\"")
	if strings.EqualFold(long, short) || len(strings.Fields(long)) < 2 && len(long) <= len(short) {
		return ""
	}
	return long
}

// union merges phrases that name the same thing.
type union struct {
	parent map[string]string
	terms  map[string][]string
	places map[string]bool
	defs   map[string][]string // phrase key -> keys it is defined with
	order  []string
}

func newUnion() *union {
	return &union{parent: map[string]string{}, terms: map[string][]string{}, places: map[string]bool{}, defs: map[string][]string{}}
}

// define joins two phrases the report gives as one defining the other.
func (u *union) define(a, b string) {
	ka, kb := u.key(a), u.key(b)
	if ka == "" || kb == "" || ka == kb {
		return
	}
	u.defs[ka] = append(u.defs[ka], kb)
	u.defs[kb] = append(u.defs[kb], ka)
	u.join(a, b)
}

func (u *union) key(phrase string) string {
	terms := lexical.Terms(phrase)
	if len(terms) == 0 {
		return ""
	}
	k := strings.Join(terms, " ")
	if _, ok := u.parent[k]; !ok {
		u.parent[k] = k
		u.terms[k] = terms
		u.order = append(u.order, k)
	}
	return k
}

func (u *union) find(k string) string {
	for u.parent[k] != k {
		u.parent[k] = u.parent[u.parent[k]]
		k = u.parent[k]
	}
	return k
}

func (u *union) join(a, b string) {
	ka, kb := u.key(a), u.key(b)
	if ka == "" || kb == "" || ka == kb {
		return
	}
	u.parent[u.find(ka)] = u.find(kb)
}

// groups returns every group of two or more phrases.
func (u *union) groups() []aliasGroup {
	byRoot := map[string]*aliasGroup{}
	var roots []string
	for _, k := range u.order {
		r := u.find(k)
		g := byRoot[r]
		if g == nil {
			g = &aliasGroup{defines: map[string][][]string{}}
			byRoot[r] = g
			roots = append(roots, r)
		}
		g.phrases = append(g.phrases, u.terms[k])
		g.place = g.place || u.places[k]
		for _, d := range u.defs[k] {
			g.defines[k] = append(g.defines[k], u.terms[d])
		}
	}
	var out []aliasGroup
	for _, r := range roots {
		if g := byRoot[r]; len(g.phrases) > 1 {
			out = append(out, *g)
		}
	}
	return out
}
