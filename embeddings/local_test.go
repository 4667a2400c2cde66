package embeddings

import (
	"context"
	"math"
	"reflect"
	"testing"
)

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}

func TestLocalIsDeterministicAndNormalised(t *testing.T) {
	e := NewLocal(0)
	texts := []string{"Approximately 28,500 U.S. troops are based in the ROK.", "", "the of and", "ROK"}
	a, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewLocal(DefaultDimensions).Embed(context.Background(), texts)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same texts gave different vectors")
	}
	for i, v := range a {
		if len(v) != DefaultDimensions {
			t.Errorf("text %d: %d dimensions, want %d", i, len(v), DefaultDimensions)
		}
		if n := math.Sqrt(cosine(v, v)); math.Abs(n-1) > 1e-5 {
			t.Errorf("text %d: norm %v, want 1", i, n)
		}
	}
	if got, want := e.Model(), "local-hash-v1-128"; got != want {
		t.Errorf("Model: got %q, want %q", got, want)
	}
	if NewLocal(64).Model() == e.Model() {
		t.Error("different dimensions must give different model names")
	}
}

func TestLocalSimilarity(t *testing.T) {
	// At 512 dimensions, where hash collisions are rare enough for a lone
	// shared trigram ("tro") to show; the default 128 blurs so weak a
	// signal, which retrieval does not miss (see DefaultDimensions).
	vs, err := NewLocal(512).Embed(context.Background(), []string{
		"how many troops are stationed in korea",
		"Approximately 28,500 U.S. troops are based in the ROK.",
		"Autos and parts remain the top import.",
		"how many tropps are in korea", // typo
	})
	if err != nil {
		t.Fatal(err)
	}
	if related, unrelated := cosine(vs[0], vs[1]), cosine(vs[0], vs[2]); related <= unrelated {
		t.Errorf("related %v should beat unrelated %v", related, unrelated)
	}
	if typo, unrelated := cosine(vs[3], vs[1]), cosine(vs[3], vs[2]); typo <= unrelated {
		t.Errorf("typo %v should still beat unrelated %v", typo, unrelated)
	}
}

func TestLocalHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewLocal(0).Embed(ctx, []string{"x"}); err == nil {
		t.Error("want an error from a cancelled context")
	}
}
