package lexical

import (
	_ "embed"
	"strings"
)

// irregularTable is irregular.txt: each line a base form, then its
// irregular forms.
//
//go:embed irregular.txt
var irregularTable string

// irregular maps irregular English word forms to the form the stemmer gives
// their regular relatives, so that "paid" finds "pay" and "grew" finds
// "grow". It is general English, not any report's vocabulary.
var irregular = func() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(irregularTable, "\n") {
		forms := strings.Fields(line)
		if len(forms) < 2 || strings.HasPrefix(forms[0], "#") {
			continue
		}
		for _, f := range forms[1:] {
			m[f] = forms[0]
		}
	}
	return m
}()
