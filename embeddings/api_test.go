package embeddings_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"reportbot/embeddings"
	"reportbot/rag/llm"
	"reportbot/rag/openaitest"
)

func TestAPIBatchesByCountAndSize(t *testing.T) {
	srv := openaitest.New(t, "")
	client := llm.New(llm.Config{BaseURL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	texts := make([]string, 10)
	for i := range texts {
		texts[i] = strings.Repeat("word ", 20) + string(rune('a'+i)) // 101 bytes each
	}
	tests := []struct {
		name           string
		inputs, chars  int
		wantBatchSizes []int
	}{
		{"all in one", 0, 0, []int{10}},
		{"by count", 4, 0, []int{4, 4, 2}},
		{"by size", 0, 350, []int{3, 3, 3, 1}},
		{"a text longer than the size goes alone", 0, 50, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			api := embeddings.NewAPI(client, "embed-model", tt.inputs, tt.chars)
			vs, err := api.Embed(context.Background(), texts)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != len(texts) {
				t.Fatalf("got %d vectors, want %d", len(vs), len(texts))
			}
			for i, text := range texts {
				if want := openaitest.Vector(text); vs[i][0] != want[0] || vs[i][5] != want[5] {
					t.Fatalf("vector %d is not its text's", i)
				}
			}
			var sizes []int
			for _, r := range srv.Requests(openaitest.EmbeddingsPath) {
				sizes = append(sizes, len(r.Inputs))
			}
			if len(sizes) != len(tt.wantBatchSizes) {
				t.Fatalf("batches %v, want %v", sizes, tt.wantBatchSizes)
			}
			for i := range sizes {
				if sizes[i] != tt.wantBatchSizes[i] {
					t.Fatalf("batches %v, want %v", sizes, tt.wantBatchSizes)
				}
			}
			if api.Model() != "api-embed-model" {
				t.Errorf("Model() = %q", api.Model())
			}
		})
	}
}
