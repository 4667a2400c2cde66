package embeddings

import (
	"context"
	"fmt"
)

// Client is what API needs of a model server: the vectors of texts, in
// order, from one embeddings request. *llm.Client is one.
type Client interface {
	Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
}

// Request bounds of API: OpenAI takes up to 2048 inputs and about 300,000
// tokens a request; local servers are happier with less.
const (
	DefaultBatchInputs = 128
	DefaultBatchChars  = 200_000
)

// API embeds texts with the embeddings endpoint of an OpenAI-compatible
// server: as few requests as the batch bounds allow, results mapped back to
// their texts by index, transient failures retried by the client. It is
// safe for concurrent use.
type API struct {
	client    Client
	model     string
	maxInputs int
	maxChars  int
}

// NewAPI returns an embedder that asks client for vectors of model, at most
// maxInputs texts and about maxChars characters a request (<= 0: the
// defaults; a single longer text goes alone).
func NewAPI(client Client, model string, maxInputs, maxChars int) *API {
	if maxInputs <= 0 {
		maxInputs = DefaultBatchInputs
	}
	if maxChars <= 0 {
		maxChars = DefaultBatchChars
	}
	return &API{client: client, model: model, maxInputs: maxInputs, maxChars: maxChars}
}

// Model names the embedding model, so that vectors of different models are
// never mixed.
func (a *API) Model() string { return "api-" + a.model }

// Embed returns one vector per text, in order. It fails if any request
// fails after the client's retries.
func (a *API) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); {
		end, chars := start, 0
		for end < len(texts) && end-start < a.maxInputs && (end == start || chars+len(texts[end]) <= a.maxChars) {
			chars += len(texts[end])
			end++
		}
		vs, err := a.client.Embed(ctx, a.model, texts[start:end])
		if err != nil {
			return nil, fmt.Errorf("embed %d texts with %s: %w", end-start, a.model, err)
		}
		out = append(out, vs...)
		start = end
	}
	return out, nil
}
