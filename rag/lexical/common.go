package lexical

import "strings"

// commonWords are frequent, general English words: verbs, adverbs and
// adjectives that carry little of what a question is about ("what happens
// today", "did it break out"). A question word the report never uses counts
// against an answer less when it is one of these than when it is a rare,
// specific word ("population"). General English, not any report's words.
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
currently nowadays anymore ever overall specifically exactly really actually
happen happens happened break breaks broke broken outbreak going gone deal dealt
face faces faced era stand stands mean means meaning short abbreviation acronym definition
matter matters care cares important importance people person persons folks
second third fourth fifth run runs running ran
`

var common = map[string]bool{}

func init() {
	for _, w := range strings.Fields(commonWords) {
		common[stemWord(w)] = true
	}
}

// IsCommon reports whether the term (as Terms makes it) is of a frequent,
// general English word.
func IsCommon(term string) bool { return common[term] }
