package rank

import (
	"math"

	"reportbot/rag/question"
)

// The features of a question's answerability, in the order of
// AnswerWeights.
const (
	aBias     = iota
	aCentroid // the best sentence's mean-vector cosine with the question
	aCov      // its share of the question
	aSoft     // its share, similar words counted
	aMargin   // how far ahead of the next it is
	aReport   // share of the question's weight the report uses anywhere
	aNames    // share of the question's names the report uses
	aNumbers  // share of the question's numbers the report uses
	aTyped    // it holds the kind of answer asked for
	aAny      // the question names no kind of answer
	// aMissing is how many of the question's words, not common English,
	// the report never uses, up to 3, over 3.
	aMissing
	aMissingName // a name in the question the report never uses
	aPassage     // the best passage's share of the question, its section title included
	aTypeMissing // the question asks for a number or a date and the best sentence has none
	aReportLow   // how far aReport falls short of 0.6: most of the question unknown to the report
	aPassageLow  // how far aPassage falls short of 0.6
	aNoNames     // the question names nothing
	aNamesNear   // share of the question's names, that the report uses, the best sentence or those next to it say
	aRarest      // the best sentence says the question's rarest term the report uses
	aNumbersBest // share of the question's numbers the best sentence says
	aCount       // the question counts something and the best sentence counts it
	aUnlike      // how many of the question's words, up to 2, over 2, the report never says even in similar words
	aSoftAll     // share of the question the candidates say, similar words counted
	aSoftPassage // the same in the best passage
	// NumAnswerFeatures is the number of answerability features.
	NumAnswerFeatures
)

// AnswerFeatureNames names the answerability features, for the fitting
// command's report.
var AnswerFeatureNames = [NumAnswerFeatures]string{"bias", "centroid", "cov", "soft", "margin", "report", "names", "numbers", "typed", "any", "missing", "missing-name", "passage", "type-missing", "report-low", "passage-low", "no-names", "names-near", "rarest", "numbers-best", "count", "unlike", "soft-all", "soft-passage"}

// AnswerFeatures are a question's answerability signals.
type AnswerFeatures [NumAnswerFeatures]float64

// AnswerFeatures computes the answerability signals of a question from
// its ranked candidates, their scored sentences best first, and the best
// share of the question a retrieved passage says (see Coverage).
func (q *Query) AnswerFeatures(r Ranked, best []Scored, passage float64) AnswerFeatures {
	var a AnswerFeatures
	a[aPassage] = passage
	a[aUnlike] = float64(min(r.unlike, 2)) / 2
	a[aBias] = 1
	a[aSoftAll], a[aSoftPassage] = r.softAll, r.softPassage
	if len(best) > 0 {
		b := best[0]
		a[aCentroid] = b.Features[fCentroid]
		a[aCov] = b.Features[fCov]
		a[aSoft] = b.Features[fSoft]
		if len(best) > 1 {
			a[aMargin] = b.Score - best[1].Score
		}
		for i := fTypeNumber; i < NumFeatures; i++ {
			if b.Features[i] > 0 {
				a[aTyped] = 1
			}
		}
		a[aNamesNear] = b.namesNear
		a[aRarest] = b.Features[fRarest]
		a[aNumbersBest] = b.Features[fNumbers]
		a[aCount] = b.Features[fTypeCount]
	}
	if q.want == 0 {
		a[aAny] = 1
	}
	if len(best) > 0 && (q.want == question.Number || q.want == question.Date) && best[0].Features[fTypeNumber]+best[0].Features[fTypeDate] == 0 {
		a[aTypeMissing] = 1
	}
	used, names, numbers, missing := 0.0, 0, 0, 0
	for _, t := range q.terms {
		if t.id < 0 {
			if !t.common {
				missing++
			}
			if t.name {
				a[aMissingName] = 1
			}
			continue
		}
		used += t.weight
		if t.name {
			names++
		}
		if t.number {
			numbers++
		}
	}
	if q.total > 0 {
		a[aReport] = used / q.total
	}
	a[aMissing] = float64(min(missing, 3)) / 3
	a[aReportLow] = max(0, 0.6-a[aReport])
	a[aPassageLow] = max(0, 0.6-a[aPassage])
	a[aNumbers] = 1
	if q.names > 0 {
		a[aNames] = float64(names) / float64(q.names)
	} else {
		a[aNoNames] = 1
	}
	if q.numbers > 0 {
		a[aNumbers] = float64(numbers) / float64(q.numbers)
	}
	return a
}

// Answerability is the chance, from 0 to 1, that the report answers the
// question, judged from its scored sentences, best first, and the best
// passage's share of it.
func (q *Query) Answerability(r Ranked, best []Scored, passage float64) float64 {
	if q.Empty() || len(best) == 0 {
		return 0
	}
	a := q.AnswerFeatures(r, best, passage)
	return 1 / (1 + math.Exp(-dot(AnswerWeights[:], a[:])))
}

// Coverage is the weighted share of the question's terms that the
// sentences and the title say together: how much of the question a passage
// says.
func (q *Query) Coverage(sents []Sentence, title *Sentence) float64 {
	if q.total == 0 {
		return 0
	}
	got := 0.0
	for _, t := range q.terms {
		if t.id < 0 {
			continue
		}
		found := has(title, t.id)
		for i := range sents {
			found = found || has(&sents[i], t.id)
		}
		if found {
			got += t.weight
		}
	}
	return got / q.total
}
