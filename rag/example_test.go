package rag_test

import (
	"context"
	"fmt"

	"reportbot/embeddings"
	"reportbot/rag"
	"reportbot/rag/ingest"
	"reportbot/reports"
)

// Open the bundled report's index in memory and ask it a question.
func ExampleExtractive_Answer() {
	ctx := context.Background()
	srcs, _, err := ingest.ReadFS(reports.FS)
	if err != nil {
		panic(err)
	}
	idx, _, err := rag.Open(ctx, srcs, embeddings.NewLocal(0), rag.Options{})
	if err != nil {
		panic(err)
	}
	ans, err := rag.NewExtractive(idx, 5, 0).Answer(ctx, "How many U.S. troops are based in South Korea?")
	if err != nil {
		panic(err)
	}
	fmt.Println(ans.Text)
	c := ans.Citations[0]
	fmt.Printf("[%d] %s, page %d\n", c.N, c.Section, c.Page)
	// Output:
	// Approximately 28,500 U.S. troops are based in the ROK. [1]
	// [1] Overview, page 1
}
