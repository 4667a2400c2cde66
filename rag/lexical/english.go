package lexical

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sync"
)

// englishGz is the lowercase words of SCOWL's American English list as
// Debian ships it (package wamerican, /usr/share/dict/american-english),
// without names, possessives or words with other letters than a-z, one a
// line, gzipped. Made with:
//
//	grep -v "'" american-english | LC_ALL=C grep '^[a-z]*$' | LC_ALL=C sort -u | gzip -9 -n
//
// SCOWL's copyright and permission notice are in english.LICENSE.
//
//go:embed english.txt.gz
var englishGz []byte

var (
	englishOnce  sync.Once
	englishWords map[string]struct{}
)

// IsEnglish reports whether a lowercase word is a word of the English
// dictionary, inflections included ("worth", "gotten", "stats"), as
// opposed to a typo, a chat short form ("rn", "prez") or a foreign name.
// The list is read on first use.
func IsEnglish(w string) bool {
	englishOnce.Do(loadEnglish)
	_, ok := englishWords[w]
	return ok
}

func loadEnglish() {
	englishWords = make(map[string]struct{}, 64_000)
	zr, err := gzip.NewReader(bytes.NewReader(englishGz))
	if err != nil {
		panic("lexical: embedded word list: " + err.Error()) // built into the binary: cannot happen
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		englishWords[sc.Text()] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		panic("lexical: embedded word list: " + err.Error())
	}
}
