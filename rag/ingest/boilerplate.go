package ingest

import (
	"regexp"
	"strings"
)

var (
	// boilerplateTitle is a section title that heads a legal notice.
	boilerplateTitle = regexp.MustCompile(`(?i)^(?:disclaimers?|copyright(?: notice| information)?|legal(?: notice| information)?|terms (?:of use|and conditions)|licen[cs]e|permissions?|reproduction rights?)$`)
	// boilerplateCue is a phrase of copyright, licence and disclaimer
	// notices.
	boilerplateCue = regexp.MustCompile(`(?i)\b(?:copyright(?:ed)?|all rights reserved|reproduced|without (?:the )?(?:prior )?(?:written )?permission|disclaimer|should not be relied upon|not be relied upon|terms of use|licensed under|trademarks?|liability)\b`)
)

// cueStems are substrings every boilerplateCue match holds one of.
var cueStems = []string{"copyright", "rights reserved", "reproduc", "permission", "disclaim", "relied upon", "terms of use", "licensed", "trademark", "liability"}

// IsBoilerplate reports whether a passage is a document's legal notice (a
// disclaimer, a copyright or licence notice) rather than what the document
// is about: its section is titled as one, or it says at least three of
// their phrases.
func IsBoilerplate(p Passage) bool {
	if boilerplateTitle.MatchString(strings.TrimSpace(p.Section)) {
		return true
	}
	// The cues' stems, searched for cheaply before the pattern runs: most
	// passages have none.
	lower := strings.ToLower(p.Text)
	hits := 0
	for _, stem := range cueStems {
		if strings.Contains(lower, stem) {
			hits++
		}
	}
	if hits == 0 {
		return false
	}
	seen := map[string]bool{}
	for _, m := range boilerplateCue.FindAllString(p.Text, -1) {
		seen[strings.ToLower(m)] = true
	}
	return len(seen) >= 3
}

// copyrightNotice opens a line that states who holds a work's copyright:
// "Copyright © 2004 Mark Adler", "(c) 2019 Red Hat", "Copyright The
// Authors 2020", with a year before any word in lower case but "by":
// "Copyright law was revised in 1976" is about copyright, not a notice.
// Without a year, the word and the sign together ("Copyright © The Apache
// Software Foundation") or a label ("Copyright holder: Free Software
// Foundation, Inc.") say it is one.
var copyrightNotice = regexp.MustCompile(`^\W{0,3}(?:(?:(?i:copyright)\b|©|\([cC]\))(?:[^\pL\n]|\p{Lu}\pL*|c\b|by\b)*?\b(?:1[89]|2\d)\d\d\b|(?i:copyright) *(?:©|\([cC]\)) *\p{Lu}|(?i:copyright)(?: (?i:holders?|owners?))? *: *\p{Lu})`)

// IsCopyrightNotice reports whether a line states who holds a work's
// copyright (see copyrightNotice): such a line is no heading, and it is
// what answers who holds the rights.
func IsCopyrightNotice(line string) bool { return copyrightNotice.MatchString(line) }
