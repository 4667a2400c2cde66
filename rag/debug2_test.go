package rag

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestDebugQuestion(t *testing.T) {
	q := os.Getenv("DEBUG_Q")
	if q == "" {
		t.Skip()
	}
	idx, _ := openIndex(t, "", nil)
	f, err := idx.find(context.Background(), q, DefaultTopK)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("want %v terms %v\n", f.q.Want, f.q.Terms())
	fmt.Printf("answer features %v\n", f.query.AnswerFeatures(f.top(2), f.passage))
	fmt.Printf("answerability %.3f\n", f.query.Answerability(f.top(2), f.passage))
}
