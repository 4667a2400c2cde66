package lexical

import (
	"strings"
	"sync"
)

// commonWords are frequent English verbs, adjectives and adverbs, and a few
// general nouns of chat ("thing", "people"). People asking in their own
// words use them to say what a report says in other words ("did Biden's
// team close the deal" for "concluded a negotiation"), so a question word
// of this kind that the report never uses counts against an answer far
// less than a missing specific word, usually a noun ("population",
// "currency"), which means the report does not cover the question. It is
// general English, none of it any report's vocabulary.
const commonWords = `
able about above across actually after again ago all almost along already also although always among
another any anything around away back bad basically become becomes before began behind being below
best better between big bring broke broken brought call called came can case certain change come comes
coming could current currently day days did different do does doing done down during each early easy
either else end enough even ever every exactly example fact far few find first follow following found
full generally get gets getting give given go goes going gone good got great happen happened happening
happens hard having help here high hold however idea important including instead just keep kind know
known large last late later least less let like likely little long look looking lot lots low made main
make makes making many may maybe mean means might more most much must near need needs never new next
nice now often old once only open other others out over own part past per perhaps place point possible
pretty probably put quite rather real really recent recently right same say see seem seems set several
should show side since small so some something sometimes soon start still stuff such sure take taken
taking tell than thing things think though through thus today together told too top toward towards
true try turn under until up upon usually very want wanted wants way ways well went were what whatever
when where whether which while whole why will with within without work would yet yesterday tomorrow
nowadays anymore overall specifically
happen break outbreak deal face era stand short abbreviation acronym definition meaning
matter care important importance people person persons folks second third fourth fifth run ran
roughly approximately about around nearly almost exactly precisely basically mostly mainly largely
quick quickly fast faster slow slowly soon early late recently lately currently formerly previously
accept add affect agree allow appear apply argue arrive ask avoid base bear beat begin believe belong
bring build buy carry catch cause choose claim close collect commit compare complete concern consider
contain continue cover create cross cut decide deliver depend describe design destroy develop die
discover discuss divide draw drive drop eat enjoy enter establish exist expect explain express fail fall
feel fight fill finish fit fly force forget form gain gather grow guess hang hate head hear hide hit
hope hurt identify imagine improve include increase indicate intend introduce involve join jump kill
knock lack land laugh lay lead learn leave lie lift limit listen live lose love manage mark matter
measure meet mention mind miss move notice obtain occur offer operate order own pass pay perform pick
place plan play prefer prepare present press prevent produce promise protect prove provide publish pull
push raise reach read realise realize receive recognise recognize record reduce reflect refuse relate
release remain remember remove repeat replace reply report represent require rest result return reveal
ring rise roll rule sell send serve settle shake share shoot shut sing sit sleep smile sort sound speak
spend spread stand stare state stay step stick stop study succeed suffer suggest supply support suppose
surprise survive suspect talk teach tend test thank throw touch train travel treat trust understand
use visit wait walk watch wear win wish wonder worry write
speed sped hurry rush boost push pushing pushed
available certain clear common complete different difficult easy entire free general high huge key
large major main modern new normal obvious old open particular personal poor possible present
previous private proper public ready real recent serious short significant similar simple single
special specific strong sure total true typical usual various whole wide wrong
team goal goals plan plans idea way ways stuff lot lots bunch kind sort type
`

// common is the set of the terms of commonWords, built on first use.
var common = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(commonWords) {
		set[Stem(w)] = true
	}
	return set
})

// IsCommon reports whether the term (as Terms makes it) is of a frequent,
// general English word, or of an adverb in -ly.
func IsCommon(term string) bool {
	return common()[term] || strings.HasSuffix(term, "li") && len(term) > 5
}
