package rank

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportbot/rag/lexical"
)

// Aliases are the names a report gives one thing, learned from its own text
// by general patterns, never listed by hand:
//
//   - an acronym after its long form, in brackets or after "or": "wartime
//     operational control (OPCON)", "Republic of Korea, or ROK" (the
//     acronym's letters in order in the last words, the first at a word's
//     start, as Schwartz and Hearst match abbreviations);
//   - a name and its official or other name: "South Korea (officially the
//     Republic of Korea", "the Quadrilateral Security Dialogue, referred to
//     as “the Quad,”".
//
// A question that names a thing one way then matches a sentence that names
// it another.
var (
	bracketAcronym = regexp.MustCompile(`\(([\p{Lu}][\p{L}\p{N}\-]{1,11})\)`)
	orAcronym      = regexp.MustCompile(`,? or ([\p{Lu}][\p{Lu}\p{N}\-]{1,9})\b`)
	officially     = regexp.MustCompile(`(\p{Lu}[\p{L}’'\-]*(?: \p{Lu}[\p{L}’'\-]*)*) \((?:officially|formally|formerly|also known as|or)(?: the)? ([^,()]+)`)
	referredAs     = regexp.MustCompile(`(\p{Lu}[\p{L}’'\-]*(?: (?:of |and |the )?\p{Lu}[\p{L}’'\-]*)+),? (?:referred to as|known as|also called|called) [“"‘']?(?:the )?([^”"’',.;()]+)`)
)

// learnAliases reads the alias patterns of one sentence into v's alias
// union.
func (v *Vocab) learnAliases(text string) {
	if v.union == nil {
		v.union = map[string]string{}
	}
	// Every pattern needs a bracket, an "or" or a naming phrase: most
	// sentences have none, and the patterns are costly.
	if strings.IndexByte(text, '(') < 0 && !strings.Contains(text, " or ") && !strings.Contains(text, " as ") && !strings.Contains(text, "called") {
		return
	}
	for _, m := range bracketAcronym.FindAllStringSubmatchIndex(text, -1) {
		short := text[m[2]:m[3]]
		if long := longForm(text[:m[0]], short); long != "" {
			v.alias(long, short)
		}
	}
	for _, m := range orAcronym.FindAllStringSubmatchIndex(text, -1) {
		short := text[m[2]:m[3]]
		if long := longForm(text[:m[0]], short); long != "" {
			v.alias(long, short)
		}
	}
	for _, m := range officially.FindAllStringSubmatch(text, -1) {
		v.alias(m[1], strings.TrimSpace(m[2]))
	}
	for _, m := range referredAs.FindAllStringSubmatch(text, -1) {
		v.alias(m[1], strings.TrimSpace(m[2]))
	}
}

// alias joins two names of one thing.
func (v *Vocab) alias(a, b string) {
	ka, kb := phraseKey(a), phraseKey(b)
	if ka == "" || kb == "" || ka == kb {
		return
	}
	ra, rb := v.root(ka), v.root(kb)
	if ra != rb {
		v.union[ra] = rb
	}
}

// root finds the representative of a phrase's alias group.
func (v *Vocab) root(k string) string {
	if _, ok := v.union[k]; !ok {
		v.union[k] = k
	}
	for v.union[k] != k {
		v.union[k] = v.union[v.union[k]]
		k = v.union[k]
	}
	return k
}

// phraseKey is a phrase's terms, joined by spaces.
func phraseKey(phrase string) string {
	return strings.Join(lexical.Terms(phrase), " ")
}

// resolveAliases turns the alias union into groups of phrases of term
// numbers. Phrases of terms the vocabulary lacks are dropped.
func (v *Vocab) resolveAliases() {
	groups := map[string][][]int32{}
	var roots []string
	for k := range v.union {
		r := v.root(k)
		var ids []int32
		for _, t := range strings.Fields(k) {
			id := v.ID(t)
			if id < 0 {
				ids = nil
				break
			}
			ids = append(ids, id)
		}
		if ids == nil {
			continue
		}
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], ids)
	}
	v.aliasGroups = v.aliasGroups[:0]
	for _, r := range sortedStrings(roots) {
		g := groups[r]
		if len(g) < 2 {
			continue
		}
		sortPhrases(g)
		v.aliasGroups = append(v.aliasGroups, g)
	}
	v.union = nil
	v.indexAliases()
}

// indexAliases notes, for each term, the alias groups with a phrase it
// opens.
func (v *Vocab) indexAliases() {
	v.aliasOf = map[int32][]int32{}
	for n, g := range v.aliasGroups {
		for _, p := range g {
			v.aliasOf[p[0]] = append(v.aliasOf[p[0]], int32(n))
		}
	}
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

// aliasMatch is a run of a question's terms that names an alias group.
type aliasMatch struct {
	terms []int // indexes into the query's terms
	group int32
}

// findAliases finds the alias phrases among a question's term numbers, in
// order, longest first at each place.
func (v *Vocab) findAliases(ids []int32) []aliasMatch {
	var out []aliasMatch
	for i := 0; i < len(ids); {
		best, group := 0, int32(-1)
		for _, g := range v.aliasOf[ids[i]] {
			for _, p := range v.aliasGroups[g] {
				if len(p) <= best || i+len(p) > len(ids) || p[0] != ids[i] {
					continue
				}
				same := true
				for k, id := range p {
					same = same && ids[i+k] == id
				}
				if same {
					best, group = len(p), g
				}
			}
		}
		if best == 0 {
			i++
			continue
		}
		m := aliasMatch{group: group}
		for k := 0; k < best; k++ {
			m.terms = append(m.terms, i+k)
		}
		out = append(out, m)
		i += best
	}
	return out
}

// saysAlias reports whether s says one of the group's phrases, each of its
// terms anywhere in the sentence.
func (v *Vocab) saysAlias(s *Sentence, group int32) bool {
	for _, p := range v.aliasGroups[group] {
		all := true
		for _, id := range p {
			all = all && has(s, id)
		}
		if all {
			return true
		}
	}
	return false
}

// countName counts a name of two or three capitalised words ("South
// Korea", "Light Rail Extension"), for the short forms chat makes of them.
func (v *Vocab) countName(run []int32) {
	if len(run) < 2 || len(run) > 3 {
		return
	}
	if v.names == nil {
		v.names = map[string]int{}
	}
	v.names[idsKey(run)]++
}

func idsKey(ids []int32) string {
	b := make([]byte, 0, 4*len(ids))
	for _, id := range ids {
		b = append(b, byte(id>>24), byte(id>>16), byte(id>>8), byte(id))
	}
	return string(b)
}

func keyIDs(k string) []int32 {
	ids := make([]int32, len(k)/4)
	for i := range ids {
		ids[i] = int32(k[4*i])<<24 | int32(k[4*i+1])<<16 | int32(k[4*i+2])<<8 | int32(k[4*i+3])
	}
	return ids
}

// minNameUses is how often a report must name a thing of several words
// for chat's short form of it to be read as that name.
const minNameUses = 3

// resolveShortForms makes the short forms of the report's names of several
// words that chat uses: their initials ("sk" for South Korea, "lre" for
// Light Rail Extension). Where names share initials ("North Korea", "North
// Korean") the one the report uses at least twice as often as any other
// has them; a short form that is a word of the report or of English stands
// for none.
func (v *Vocab) resolveShortForms() {
	type owner struct {
		key         string
		uses, other int
	}
	owners := map[string]*owner{}
	for k, n := range v.names {
		if n < minNameUses {
			continue
		}
		var b strings.Builder
		for _, id := range keyIDs(k) {
			r, _ := utf8.DecodeRuneInString(v.words[id])
			b.WriteRune(r)
		}
		f := b.String()
		o := owners[f]
		switch {
		case o == nil:
			owners[f] = &owner{key: k, uses: n}
		case n > o.uses || n == o.uses && k < o.key:
			o.other = max(o.other, o.uses)
			o.key, o.uses = k, n
		default:
			o.other = max(o.other, n)
		}
	}
	v.shortForms = map[string][]int32{}
	for f, o := range owners {
		if _, ok := v.surface[f]; ok || o.uses < 2*o.other || lexical.IsEnglish(f) || lexical.IsStopWord(f) {
			continue
		}
		v.shortForms[f] = keyIDs(o.key)
	}
	v.names = nil
}

// markAlias marks the words of s that name m's group in another way than
// the question ("ROK" for "South Korea") as saying m's terms, in order, the
// last term standing for the rest when the name has fewer words: they are
// no new words, and stand where the question's terms do.
func (v *Vocab) markAlias(s *Sentence, m aliasMatch, at []int) {
	for _, p := range v.aliasGroups[m.group] {
		for i, tok := range s.Tokens {
			if at[i] >= 0 || !slices.Contains(p, tok.Term()) {
				continue
			}
			j := slices.Index(p, tok.Term())
			at[i] = m.terms[min(j, len(m.terms)-1)]
		}
	}
}
