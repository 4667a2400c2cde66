package rag

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDebugMisses(t *testing.T) {
	if os.Getenv("DEBUG_MISSES") == "" {
		t.Skip()
	}
	ts := loadTuning(t)
	qs := ts.collect(t)
	n := 0
	for _, q := range qs {
		if !q.answerable || q.item.Doc != strings.TrimPrefix(os.Getenv("DEBUG_MISSES"), "-") {
			continue
		}
		first := -1
		for i, p := range q.positive {
			if p {
				first = i
				break
			}
		}
		if first <= 0 {
			continue
		}
		n++
		if n > 25 {
			break
		}
		x := ts.indexes[q.item.Doc]
		fmt.Printf("\nQ: %s  (want %v; kind %v; right at %d)\n", q.item.Question, q.item.Answers, q.f.q.Want, first)
		for _, i := range []int{0, first} {
			s := q.f.sents[i]
			fmt.Printf("  [%d] %.2f %s\n", i, s.Score, clip(x.sentenceText(s), 160))
			fmt.Printf("       cov %.2f soft %.2f ctx %.2f bm25 %.2f retr %.2f rank %.2f prox %.2f nov %.2f len %.2f typed %v\n", s.Features[0], s.Features[1], s.Features[2], s.Features[3], s.Features[4], s.Features[5], s.Features[6], s.Features[8], s.Features[9], s.Features[14:])
		}
	}
}
