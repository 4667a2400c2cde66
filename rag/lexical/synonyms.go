package lexical

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// synonymGroups are general English equivalences people use when they ask
// in their own words: each line is a group of words that can stand for one
// another in a question. They are written here, not taken from WordNet,
// because WordNet's synsets mix every sense of a word ("base" the chemical,
// the number system, the camp) and would match far too much; this list
// keeps to the senses questions about reports use. None of it is about any
// one report.
const synonymGroups = `
troop soldier forces personnel servicemember servicemembers military army
army military
forces military
shrink contract decline decrease drop fall reduce dip slump lower plunge plummet slip slide
grow increase rise raise boost expand climb jump gain hike
postpone delay defer
start begin launch commence initiate
end stop halt cease finish terminate collapse stall stalled
big large major huge significant sizable
biggest largest top main primary chief principal greatest dominant foremost
leader head chief ruler
country nation
money fund funds funding cash budget financing
cost price expense spending spend payment pay paid fee
contribute contribution pay share
buy buys purchase procure acquire import
sell export
trade commerce
talk talks negotiation negotiations negotiate dialogue diplomacy discussion discussions communicate communication contact
agreement deal pact treaty accord arrangement
base camp installation facility facilities
station stationed base based deploy deployed send sent dispatch
move relocate relocation shift transfer handover hand handing handed
worry concern fear anxiety
relation relations tie ties relationship alliance partnership
tension tensions friction strain dispute disputes feud quarrel spat rift beef row clash
weapon weapons arms arsenal
war conflict fighting
ally allies partner partners
help assist aid support champion championed advocate endorse favor favour back backing benefit benefitted benefited
meet meeting summit
vote election poll ballot
popularity approval rating ratings
house housing home homes
company companies firm firms business businesses corporation
infect infected infection infections case cases
die died death deaths dead fatality fatalities killed
vaccine vaccines vaccination vaccinations jab jabs shot shots dose doses
virus coronavirus covid pandemic
parliament legislature assembly
lawmaker legislator
law act legislation statute
tariff tariffs duty duties restriction restrictions barrier barriers
sanction sanctions penalty penalties
nuclear nuke nukes atomic
missile missiles rocket rockets
attack attacks strike assault
hack hacking cyberattack cyberattacks cyber
goal aim objective achieve pursue
plan proposal strategy
policy approach stance position
reason cause root origin source
because due
problem issue challenge difficulty
rank ranking
percent percentage share proportion
annual annually yearly
angry anger upset antagonize antagonizing annoy offend anger
unhappy complaint complaints discontent dissatisfaction
criticize criticized criticise blame
handle manage cope respond response
protect defend defense defence
threat danger risk
command control charge lead
manufacture produce make
allow permit enable
withdraw withdrawal exit quit leave pull
lift remove removal repeal scrap
renegotiate modify revise amend rework reworking redo overhaul
invest investment investments fdi
secretary minister
ask request demand
concede concession concessions yield surrender
block bar barring ban prohibit forbid
accelerate hasten expedite quicken
cancel scrap abandon
establish create found
investigate probe examine
resign quit
conduct carry
administration government team
close conclude finalize complete seal wrap finish
deal negotiation bargain
rule govern colonize colonization occupy occupation
give distribute administer provide provision supply
downhill deteriorate worsen plummet decline sour
visit trip travel tour
hurt harm damage hit affect affected erode undermine
worried concerned afraid fearful
rich wealthy prosperous
poor poverty
cheap inexpensive
expensive costly
quickly rapidly fast swiftly
slowly gradually
recently lately
region area zone
improve improvement better
weaken weak weaker
strengthen strong stronger bolster reinforce
critic critics opponent opponents
supporter supporters proponent proponents advocate advocates champion cheerleader backer backers
rely depend dependence dependent reliance
announce announcement declare
claim allege assert
warn warning caution
oppose opposition object resist
approve approval authorize
reject rejection refuse refusal deny
join participate participation
expand expansion extend
limit restrict restriction constrain curb hinder obstruct hamper impede
encourage promote foster
threaten threat
require requirement need
cooperate cooperation collaborate collaboration
compete competition rival rivalry
border frontier boundary
island islands
ship ships vessel navy naval
plane aircraft jet
oil petroleum
energy power electricity
food grain rice
job jobs employment work
wage wages pay salary income
tax taxes levy
debt borrowing loan
inflation prices
growth expand expansion
recession downturn contraction
factory plant manufacturing
chip chips semiconductor semiconductors
car cars auto autos vehicle vehicles automobile
phone phones smartphone smartphones
steel iron
student students school schools education
doctor doctors hospital hospitals health
crime police
court judge trial
protest protests demonstration rally
religion church
minority minorities
refugee refugees migrant migrants
citizen citizens resident residents
child children kid kids
woman women female
man men male
ambassador envoy
legislative parliamentary
tenure term office
punish punished punishment penalize penalized penalise penalised retaliate retaliation
rocky fraught strained tense troubled turbulent
progress advance advances forward headway
extra additional more
expert experts specialist specialists analyst analysts
include includes including involve involves involving comprise encompass
still continue continued continues continuing ongoing
follow follows followed track tracks tracked mirror mirrors parallel
moratorium pause freeze suspension suspend hiatus
action actions move moves step steps
weapon weapons arms weaponry munitions armament armaments
agenda discuss topics
withstand resilient resilience outperform outperformed endure
`

// chatWords are the short forms people type in chat, with the word they
// stand for.
var chatWords = map[string]string{
	"r": "are", "u": "you", "ur": "your", "ppl": "people", "govt": "government", "gov": "government",
	"w": "with", "bc": "because", "cuz": "because", "coz": "because", "abt": "about", "tho": "though",
	"thx": "thanks", "pls": "please", "plz": "please", "wat": "what", "wats": "whats", "b4": "before",
	"yr": "year", "yrs": "years", "mil": "million", "bn": "billion", "approx": "approximately",
	"info": "information", "admin": "administration", "intl": "international", "natl": "national",
	"econ": "economy", "nukes": "nuclear", "nuke": "nuclear", "amt": "amount", "num": "number",
	"pct": "percent", "dept": "department", "prez": "president", "pres": "president",
	"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
	"rn": "now", "atm": "now", "thru": "through", "n": "and", "sth": "something", "smth": "something",
	"kinda": "kind", "sorta": "sort", "bout": "about", "y": "why", "hw": "how", "hv": "have",
	"bcz": "because", "bcs": "because", "wanna": "want", "gonna": "going", "gotta": "must",
	"tech": "technology", "meetup": "meeting", "convo": "conversation", "vax": "vaccine",
	"vaxx": "vaccine", "stats": "statistics", "biz": "business", "intel": "intelligence",
	"doin": "doing", "goin": "going", "sayin": "saying", "talkin": "talking", "tryin": "trying",
	"gettin": "getting", "makin": "making", "takin": "taking", "comin": "coming", "happenin": "happening",
	"lookin": "looking", "thinkin": "thinking", "nothin": "nothing", "somethin": "something",
	"tmrw": "tomorrow", "tmr": "tomorrow", "cos": "because", "shd": "should", "wd": "would",
	"cd": "could", "msg": "message", "yday": "yesterday", "ya": "you", "yall": "you", "wot": "what",
	"whn": "when", "whr": "where", "abt.": "about", "esp": "especially",
	"def": "definitely", "diff": "difference", "gov't": "government",
	"wen": "when", "wut": "what", "frm": "from", "fwd": "forward", "movin": "moving",
	"govts": "governments", "cant": "can't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
	"isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "werent": "weren't", "wont": "won't",
	"wouldnt": "wouldn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "havent": "haven't",
	"hasnt": "hasn't", "hadnt": "hadn't", "im": "i'm", "ive": "i've", "youre": "you're",
	"theyre": "they're", "thats": "that's", "whos": "who's", "hows": "how's", "wheres": "where's",
	"whens": "when's", "whys": "why's", "pop": "population", "mins": "minutes", "hrs": "hours",
}

// fillerWords are chat words that carry nothing a report could answer: "tbh",
// "lol", "pls".
var fillerWords = map[string]bool{
	"tbh": true, "imo": true, "imho": true, "idk": true, "lol": true, "lmao": true, "btw": true,
	"fyi": true, "pls": true, "plz": true, "please": true, "thx": true, "thanks": true, "ty": true,
	"hey": true, "hi": true, "hello": true, "yo": true, "ok": true, "okay": true, "uh": true, "um": true,
	"hmm": true, "pretty": true, "actually": true, "literally": true, "basically": true,
	"anyway": true, "anyways": true, "ngl": true, "iirc": true, "afaik": true, "bro": true, "dude": true,
	"guys": true, "folks": true,
}

// IsFiller reports whether a lowercase chat word carries nothing to search
// for ("tbh", "lol", "pls").
func IsFiller(w string) bool { return fillerWords[w] }

// chatToken finds the words of a question as typed.
var chatToken = regexp.MustCompile(`[\p{L}\p{N}]+`)

// ExpandChat rewrites the chat short forms in text as the words they stand
// for ("wat does covid-19 even stand for" as "what does ..."), keeping the
// rest as written.
func ExpandChat(text string) string {
	return chatToken.ReplaceAllStringFunc(text, func(w string) string {
		if full, ok := chatWords[strings.ToLower(w)]; ok && w == strings.ToLower(w) {
			return full
		}
		return w
	})
}

// ChatWord returns the word a chat short form stands for, or w itself.
func ChatWord(w string) string {
	if full, ok := chatWords[w]; ok {
		return full
	}
	return w
}

// synonyms maps a term to the terms of its synonym groups. It is built on
// first use: stemming a thousand words costs every process a millisecond,
// and `--help` needs none of them.
var synonyms = sync.OnceValue(func() map[string][]string {
	table := map[string][]string{}
	for _, line := range strings.Split(synonymGroups, "\n") {
		var stems []string
		for _, w := range strings.Fields(line) {
			if s := Stem(w); !slices.Contains(stems, s) {
				stems = append(stems, s)
			}
		}
		for _, s := range stems {
			for _, o := range stems {
				if o != s && !slices.Contains(table[s], o) {
					table[s] = append(table[s], o)
				}
			}
		}
	}
	return table
})

// Synonyms returns the terms that can stand for term in a question (terms
// as Terms makes them), or nil.
func Synonyms(term string) []string { return synonyms()[term] }

// Related returns terms of words derived from the same root as term's word,
// which the stemmer keeps apart: decide/decision ("decid"/"decis"),
// agree/agreement, produce/production, fail/failure, lead/leader,
// compete/competition, modify/modification. They are guesses by suffix;
// callers keep those their text actually has.
func Related(term string) []string {
	var out []string
	add := func(s string) {
		if s != term && len(s) >= 3 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	n := len(term)
	if n < 4 {
		return nil
	}
	last, prev := term[n-1], term[n-2]
	switch {
	case last == 's' && (strings.IndexByte("aeiouyn", prev) >= 0):
		add(term[:n-1] + "d") // decis -> decid, expans -> expand
	case last == 'd' && (strings.IndexByte("aeiouyn", prev) >= 0):
		add(term[:n-1] + "s") // decid -> decis
	}
	if strings.HasSuffix(term, "ment") {
		add(Stem(term[:n-4])) // agreement -> agre
	} else {
		add(term + "ment")
		add(term + "ement")
	}
	if strings.HasSuffix(term, "uct") {
		add(term[:n-1]) // product -> produc
	} else if strings.HasSuffix(term, "uc") {
		add(term + "t")
	}
	if strings.HasSuffix(term, "it") {
		add(term[:n-2]) // competit -> compet
	} else {
		add(term + "it")
	}
	if last == 'i' {
		add(term[:n-1]) // modifi -> modif
	} else {
		add(term + "i")
	}
	for _, suf := range []string{"ur", "er", "or", "en"} {
		if strings.HasSuffix(term, suf) {
			add(term[:n-len(suf)]) // failur -> fail, leader -> lead
		} else {
			add(term + suf)
		}
	}
	return out
}

var numberOne = strings.NewReplacer("#1 ", "top ", "number one ", "top ", "no. 1 ", "top ", "no 1 ", "top ")

// idioms are phrases of more than two words, or written with hyphens,
// with the one word that says the same ("" drops them). They are regular
// expressions, matched as whole words in lowercase text, so that a phrase
// may take words between ("foot most of the bill").
var idioms = []struct {
	pattern, word string
}{
	{`tit[- ]for[- ]tat`, "retaliatory"},
	{`self[- ]imposed`, "unilateral"},
	{`right now|these days|nowadays|at the moment|as of now`, "now"},
	{`first of all`, "first"},
	{`foot(?:s|ed|ing)? (?:\S+ ){0,3}(?:bill|tab)|pick(?:s|ed|ing)? up (?:\S+ ){0,2}tab`, "pay"},
	{`according to|acc to|give me|gimme|tell me|et cetera|etc`, ""},
}

// idiomRules are the idioms, compiled.
var idiomRules = func() []*regexp.Regexp {
	rules := make([]*regexp.Regexp, len(idioms))
	for i, id := range idioms {
		rules[i] = regexp.MustCompile(`\b(?:` + id.pattern + `)\b`)
	}
	return rules
}()

// phrasalVerbs are verbs of two words with the one word that says the same:
// "wrap up" is "conclude".
var phrasalVerbs = map[string]string{
	"give up": "concede", "gave up": "concede", "giving up": "concede", "wrap up": "conclude",
	"wrapped up": "conclude", "pull out": "withdraw", "pulled out": "withdraw", "pulling out": "withdraw",
	"set up": "establish", "take over": "control", "took over": "control", "break out": "start",
	"broke out": "start", "shut down": "close", "step down": "resign", "stepped down": "resign",
	"cut back": "reduce", "speed up": "accelerate", "sped up": "accelerate", "go up": "increase",
	"went up": "increase", "gone up": "increase", "go down": "decrease", "went down": "decrease",
	"gone down": "decrease", "carry out": "conduct", "carried out": "conduct", "find out": "discover",
	"look into": "investigate", "hand over": "transfer", "handed over": "transfer", "call off": "cancel",
	"called off": "cancel", "put off": "postpone", "bring up": "raise", "back down": "retreat",
	"fall apart": "collapse", "fell apart": "collapse", "pay for": "pay", "team up": "cooperate",
	"teamed up": "cooperate", "kick off": "start", "kicked off": "start", "get along": "cooperate",
	"deal with": "handle", "dealt with": "handle", "come up with": "propose", "set off": "start",
	"answer to": "serve", "answers to": "serve", "report to": "serve", "reports to": "serve",
	"work for": "serve", "works for": "serve", "hold up": "withstand", "held up": "withstand",
	"holding up": "withstand", "holds up": "withstand", "take office": "elected", "took office": "elected", "taken office": "elected", "come to power": "elected",
	"came to power": "elected",
}

// Phrasal rewrites the two-word verbs and the idioms in lowercase text as
// one word, and "#1" or "number one" as "top".
func Phrasal(text string) string {
	text = numberOne.Replace(text)
	for i, rule := range idiomRules {
		text = rule.ReplaceAllLiteralString(text, idioms[i].word)
	}
	words := strings.Fields(text)
	var out []string
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) {
			if v, ok := phrasalVerbs[words[i]+" "+strings.Trim(words[i+1], ".,?!;:")]; ok {
				out = append(out, v+strings.TrimLeft(words[i+1], "abcdefghijklmnopqrstuvwxyz"))
				i++
				continue
			}
		}
		out = append(out, words[i])
	}
	return strings.Join(out, " ")
}
