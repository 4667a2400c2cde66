package rag

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"path/filepath"

	"reportbot/rag/ingest"
	"reportbot/embeddings/wordvec"

	"reportbot/rag/rank"
)

func TestZZDebug(t *testing.T) {
	q := os.Getenv("DQ")
	if q == "" {
		t.Skip()
	}
	var idx *Index
	if d := os.Getenv("DDIR"); d != "" {
		var srcs []ingest.Source
		es, _ := os.ReadDir(d)
		for _, e := range es {
			b, _ := os.ReadFile(filepath.Join(d, e.Name()))
			srcs = append(srcs, ingest.Source{Name: e.Name(), Data: b})
		}
		var err error
		idx, _, err = Open(context.Background(), srcs, tuningEmbedder(), Options{Logger: quietLogger(), Words: wordvec.Default()})
		if err != nil {
			t.Fatal(err)
		}
	} else if d := os.Getenv("DDOC"); d != "" {
		idx = openArticle(t, d)
	} else {
		idx, _ = openIndex(t, "", nil)
	}
	f, err := idx.find(context.Background(), q, 5)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("answerability %.3f\n%s\n", f.answerability(), f.query.DebugTerms())
	for i, s := range f.sents {
		if i >= 6 && !strings.Contains(idx.sentenceText(s), os.Getenv("DFIND")) || os.Getenv("DFIND") != "" && !strings.Contains(idx.sentenceText(s), os.Getenv("DFIND")) {
			continue
		}
		fmt.Printf("%.3f %s\n", s.Score, idx.sentenceText(s))
		for k := range rank.NumFeatures {
			if s.Features[k] != 0 {
				fmt.Printf("   %s=%.2f(%.2f)", rank.FeatureNames[k], s.Features[k], s.Features[k]*rank.SentenceWeights[k])
			}
		}
		fmt.Println()
	}
}
