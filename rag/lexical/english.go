package lexical

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strings"
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
	englishOnce sync.Once
	englishList []byte // the sorted list, one word a line
)

// IsEnglish reports whether a lowercase word is a word of the English
// dictionary, inflections included ("worth", "gotten", "stats"), as
// opposed to a typo, a chat short form ("rn", "prez") or a foreign name.
// The list is read on first use and searched in place: a binary search over
// the sorted lines costs nothing to prepare, where a map of its 64,000
// words would cost more to build than most questions take to answer.
func IsEnglish(w string) bool {
	englishOnce.Do(loadEnglish)
	lo, hi := 0, len(englishList) // search the lines starting in [lo, hi)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := bytes.LastIndexByte(englishList[:mid], '\n') + 1
		end := bytes.IndexByte(englishList[start:], '\n')
		if end < 0 {
			end = len(englishList) - start
		}
		line := string(englishList[start : start+end])
		switch {
		case line == w:
			return true
		case line < w:
			lo = start + end + 1
		default:
			hi = start
		}
	}
	return false
}

func loadEnglish() {
	zr, err := gzip.NewReader(bytes.NewReader(englishGz))
	if err == nil {
		englishList, err = io.ReadAll(zr)
	}
	if err != nil {
		panic("lexical: embedded word list: " + err.Error()) // built into the binary: cannot happen
	}
}

// adverbEndings are English's ways of making an adverb of an adjective,
// with what the adjective ends in instead: "exact" → "exactly", "basic" →
// "basically", "happy" → "happily", "probable" → "probably", "full" →
// "fully".
var adverbEndings = [][2]string{{"ically", "ic"}, {"ily", "y"}, {"ably", "able"}, {"ibly", "ible"}, {"ully", "ull"}, {"ly", ""}}

// IsAdverbOf reports whether a lowercase word is an English adverb made of
// an English adjective by its ending ("roughly", "approximately",
// "basically"), as opposed to a word that merely ends in -ly ("family",
// "Italy", "supply").
func IsAdverbOf(w string) bool {
	if len(w) < 6 || !strings.HasSuffix(w, "ly") || !IsEnglish(w) {
		return false
	}
	for _, e := range adverbEndings {
		if base, ok := strings.CutSuffix(w, e[0]); ok && len(base) >= 3 && IsEnglish(base+e[1]) {
			return true
		}
	}
	return false
}
