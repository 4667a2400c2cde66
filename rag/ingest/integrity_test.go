package ingest

import "strings"

// SentenceIntegrity measures how well passages keep a report's sentences
// whole: the share of the reference's sentences of six or more words that
// lie entirely inside one passage (white space aside). reference is the
// report's text in reading order, paragraphs separated by blank lines. It
// also returns the sentences not found whole.
func SentenceIntegrity(reference string, passages []Passage) (float64, []string) {
	texts := make([]string, len(passages))
	for i, p := range passages {
		texts[i] = collapse(p.Text)
	}
	total, whole := 0, 0
	var missing []string
	for _, para := range strings.Split(reference, "\n\n") {
		para = collapse(para)
		for _, s := range Sentences(para) {
			sent := para[s.Start:s.End]
			if wordCount(sent) < 6 {
				continue
			}
			total++
			found := false
			for _, t := range texts {
				if strings.Contains(t, sent) {
					found = true
					break
				}
			}
			if found {
				whole++
			} else {
				missing = append(missing, sent)
			}
		}
	}
	if total == 0 {
		return 1, nil
	}
	return float64(whole) / float64(total), missing
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
