package lexical

import "strings"

// irregular maps irregular English word forms to the form the stemmer gives
// their regular relatives, so that "paid" finds "pay" and "grew" finds
// "grow". It is general English, not any report's vocabulary; forms with
// a common other meaning ("left", "found", "won") are left out.
var irregular = map[string]string{}

func init() {
	// Each line: base form, then its irregular forms.
	for _, line := range strings.Split(`be was were been being
begin began begun
break broke broken
bring brought
build built
buy bought
catch caught
choose chose chosen
come came
deal dealt
do did done
draw drew drawn
drive drove driven
eat ate eaten
fall fell fallen
feel felt
fight fought
flee fled
fly flew flown
forbid forbade forbidden
forget forgot forgotten
freeze froze frozen
get got gotten
give gave given
go went gone
grow grew grown
hang hung
hear heard
hide hid hidden
hold held
keep kept
know knew known
lead led
lend lent
lose lost
make made
mean meant
meet met
pay paid
rise rose risen
run ran
say said
see saw seen
seek sought
sell sold
send sent
shake shook shaken
shoot shot
sink sank sunk
speak spoke spoken
spend spent
stand stood
steal stole stolen
strike struck
swear swore sworn
take took taken
teach taught
tell told
think thought
throw threw thrown
understand understood
wake woke woken
wear wore worn
withdraw withdrew withdrawn
write wrote written
child children
man men
woman women
mouse mice
foot feet
tooth teeth`, "\n") {
		forms := strings.Fields(line)
		for _, f := range forms[1:] {
			irregular[f] = forms[0]
		}
	}
}
