package embeddings

import (
	"context"
	"math"
	"reflect"
	"sync"
	"testing"
)

func TestGloveWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The Treaty was signed.", []string{"the", "treaty", "was", "signed"}},
		{"South Korea's largest partner", []string{"south", "korea", "largest", "partner"}},
		{"They don’t agree", []string{"they", "do", "not", "agree"}},
		{"a well-known, long-term plan", []string{"a", "well-known", "long-term", "plan"}},
		// Not in the table whole: its parts.
		{"the korea-japan dispute", []string{"the", "korea", "japan", "dispute"}},
		{"O'Brien said -- no", []string{"o", "brien", "said", "no"}},
		{"28,500 U.S. troops", []string{"28", "500", "u", "s", "troops"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := gloveWords(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("gloveWords(%q): got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestGloveIsDeterministicAndNormalised(t *testing.T) {
	texts := []string{"Approximately 28,500 U.S. troops are based in the ROK.", "", "the of and", "ROK 28,500", "Seoul"}
	for _, opts := range []GloveOptions{{}, {HashWeight: 0.5}, {HashWeight: 1}, {SIF: 1e-4, HashWeight: 0.3, HashDims: 64}} {
		e := NewGlove(opts)
		a, err := e.Embed(context.Background(), texts)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewGlove(opts).Embed(context.Background(), texts)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: the same texts gave different vectors", opts)
		}
		for i, v := range a {
			if len(v) != len(a[0]) {
				t.Errorf("%+v, text %d: %d dimensions, want %d", opts, i, len(v), len(a[0]))
			}
			if n := math.Sqrt(cosine(v, v)); math.Abs(n-1) > 1e-5 {
				t.Errorf("%+v, text %d: norm %v, want 1", opts, i, n)
			}
		}
	}
}

func TestGloveModelNamesSettings(t *testing.T) {
	seen := map[string]GloveOptions{}
	for _, opts := range []GloveOptions{{}, {SIF: 1e-4}, {HashWeight: 0.5}, {HashWeight: 0.3}, {HashWeight: 0.5, HashDims: 64}} {
		m := NewGlove(opts).Model()
		if prev, ok := seen[m]; ok {
			t.Errorf("%+v and %+v share the model name %q", prev, opts, m)
		}
		seen[m] = opts
	}
	if got, want := NewGlove(GloveOptions{}).Model(), "glove-sif-v1-glove-6b-100d-50k-int8-a0.001"; got != want {
		t.Errorf("Model: got %q, want %q", got, want)
	}
	if a, b := NewGlove(GloveOptions{}).Model(), NewGlove(GloveOptions{SIF: DefaultSIF}).Model(); a != b {
		t.Errorf("the default SIF named twice: %q and %q", a, b)
	}
}

func TestGloveSimilarity(t *testing.T) {
	for _, opts := range []GloveOptions{{}, {HashWeight: 0.5}} {
		vs, err := NewGlove(opts).Embed(context.Background(), []string{
			"how many soldiers are stationed in korea",
			"Approximately 28,500 U.S. troops are based in the ROK.",
			"Autos and parts remain the top import.",
		})
		if err != nil {
			t.Fatal(err)
		}
		// "soldiers" and "troops" share no letters worth hashing: only the
		// word vectors relate them.
		if related, unrelated := cosine(vs[0], vs[1]), cosine(vs[0], vs[2]); related <= unrelated {
			t.Errorf("%+v: related %v should beat unrelated %v", opts, related, unrelated)
		}
	}
}

func TestGloveHybridCountsUnknownWords(t *testing.T) {
	e := NewGlove(GloveOptions{HashWeight: 0.5})
	vs, err := e.Embed(context.Background(), []string{"Xq7zzv report", "Xq7zzv", "report", "Qpw3kk"})
	if err != nil {
		t.Fatal(err)
	}
	// A word the table lacks still counts, through the hashed part.
	if same, other := cosine(vs[0], vs[1]), cosine(vs[0], vs[3]); same <= other {
		t.Errorf("shared unknown word: %v, want more than %v", same, other)
	}
	if c := cosine(vs[1], vs[3]); c > 0.5 {
		t.Errorf("two different unknown words: cosine %v, want little", c)
	}
	// GloVe alone cannot tell them apart.
	gs, _ := NewGlove(GloveOptions{}).Embed(context.Background(), []string{"Xq7zzv", "Qpw3kk"})
	if !reflect.DeepEqual(gs[0], gs[1]) {
		t.Error("GloVe alone: two texts of unknown words should get the same fallback vector")
	}
}

func TestGloveHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewGlove(GloveOptions{}).Embed(ctx, []string{"x"}); err == nil {
		t.Error("want an error from a cancelled context")
	}
}

func TestGloveConcurrentUse(t *testing.T) {
	e := NewGlove(GloveOptions{HashWeight: 0.5})
	want, _ := e.Embed(context.Background(), []string{"the treaty was signed in 1953"})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := e.Embed(context.Background(), []string{"the treaty was signed in 1953"})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("concurrent Embed: got %v, %v", err, len(got))
			}
		})
	}
	wg.Wait()
}

// benchPassage is a passage of typical length (about 120 words).
const benchPassage = `U.S.-South Korea Relations. South Korea (officially the Republic of Korea, or ROK) is one of the United States' most important strategic and economic partners in Asia. The U.S.-ROK Mutual Defense Treaty, signed in 1953 at the end of the Korean War, commits the United States to help South Korea defend itself, particularly from North Korea. Approximately 28,500 U.S. troops are based in the ROK. In 2020, South Korea was the United States' seventh-largest trading partner, and the United States was South Korea's second-largest trading partner, behind China. Since the early 2000s, the two countries have expanded their cooperation beyond the peninsula, and on May 21 the two presidents are scheduled to meet in Washington.`

const benchQuestion = "when was the us-rok mutual defense treaty signed"

func benchmarkEmbed(b *testing.B, e interface {
	Embed(context.Context, []string) ([][]float32, error)
}, text string) {
	e.Embed(context.Background(), []string{text}) // load the table first
	b.ReportAllocs()
	for b.Loop() {
		e.Embed(context.Background(), []string{text})
	}
}

func BenchmarkEmbedPassage(b *testing.B) {
	b.Run("hash", func(b *testing.B) { benchmarkEmbed(b, NewLocal(0), benchPassage) })
	b.Run("glove", func(b *testing.B) { benchmarkEmbed(b, NewGlove(GloveOptions{}), benchPassage) })
	b.Run("hybrid", func(b *testing.B) { benchmarkEmbed(b, NewGlove(GloveOptions{HashWeight: 0.5}), benchPassage) })
}

func BenchmarkEmbedQuestion(b *testing.B) {
	b.Run("hash", func(b *testing.B) { benchmarkEmbed(b, NewLocal(0), benchQuestion) })
	b.Run("glove", func(b *testing.B) { benchmarkEmbed(b, NewGlove(GloveOptions{}), benchQuestion) })
	b.Run("hybrid", func(b *testing.B) { benchmarkEmbed(b, NewGlove(GloveOptions{HashWeight: 0.5}), benchQuestion) })
}

// BenchmarkGloveFirstUse measures what a new Glove pays once: the common
// direction over the whole table (the table itself is already read).
func BenchmarkGloveFirstUse(b *testing.B) {
	NewGlove(GloveOptions{}).Embed(context.Background(), []string{"x"})
	for b.Loop() {
		NewGlove(GloveOptions{}).Embed(context.Background(), []string{"treaty"})
	}
}
