package wordvec

import (
	"bytes"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// smallTable encodes a table of three words in two dimensions.
func smallTable(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	words := []string{"the", "cat", "well-known"}
	vecs := [][]float32{{3, 4}, {-1, 0}, {0.5, 0.5}}
	if err := Encode(&buf, "small", words, vecs); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestEncodeParseRoundTrip(t *testing.T) {
	tab, err := Parse(smallTable(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.Name(), "small"; got != want {
		t.Errorf("Name: got %q, want %q", got, want)
	}
	if tab.Len() != 3 || tab.Dims() != 2 {
		t.Errorf("got %d words of %d dimensions, want 3 of 2", tab.Len(), tab.Dims())
	}
	tests := []struct {
		word string
		rank int
		want []float32
		norm float32
	}{
		{"the", 0, []float32{0.6, 0.8}, 5},
		{"cat", 1, []float32{-1, 0}, 1},
		{"well-known", 2, []float32{float32(math.Sqrt(0.5)), float32(math.Sqrt(0.5))}, float32(math.Sqrt(0.5))},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			v, ok := tab.Lookup(tt.word)
			if !ok {
				t.Fatal("not found")
			}
			for i := range v {
				// int8 steps of 1/127 of the largest component.
				if math.Abs(float64(v[i]-tt.want[i])) > 0.01 {
					t.Errorf("Lookup: got %v, want %v", v, tt.want)
				}
			}
			if n := norm(v); math.Abs(n-1) > 1e-6 {
				t.Errorf("Lookup: length %v, want 1", n)
			}
			if r, _ := tab.Rank(tt.word); r != tt.rank {
				t.Errorf("Rank: got %d, want %d", r, tt.rank)
			}
			if n, _ := tab.Norm(tt.word); math.Abs(float64(n-tt.norm)) > 1e-6 {
				t.Errorf("Norm: got %v, want %v", n, tt.norm)
			}
		})
	}
	if _, ok := tab.Lookup("dog"); ok {
		t.Error("Lookup of a missing word: got ok")
	}
	if s, ok := tab.Similarity("the", "cat"); !ok || math.Abs(s+0.6) > 0.01 {
		t.Errorf("Similarity: got %v %v, want -0.6 true", s, ok)
	}
	if _, ok := tab.Similarity("the", "dog"); ok {
		t.Error("Similarity with a missing word: got ok")
	}
	dst := []float32{1, 1}
	if !tab.AddTo(dst, "cat", 2) || math.Abs(float64(dst[0]+1)) > 1e-6 || dst[1] != 1 {
		t.Errorf("AddTo: got %v, want [-1 1]", dst)
	}
	if tab.AddTo(dst, "dog", 2) || dst[0] > 0 {
		t.Errorf("AddTo of a missing word: got true or a change, %v", dst)
	}
}

func TestParseRejectsBadFiles(t *testing.T) {
	good := smallTable(t)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a word vector table"},
		{"other file", []byte("PK\x03\x04 a zip"), "not a word vector table"},
		{"header cut", good[:8], "truncated"},
		{"words cut", good[:20], "truncated at word"},
		{"vectors cut", good[:len(good)-1], "bytes of vectors"},
		{"trailing bytes", append(bytes.Clone(good), 0), "bytes of vectors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestEncodeRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		vecs  [][]float32
	}{
		{"none", nil, nil},
		{"count mismatch", []string{"a", "b"}, [][]float32{{1}}},
		{"repeated word", []string{"a", "a"}, [][]float32{{1}, {2}}},
		{"empty word", []string{""}, [][]float32{{1}}},
		{"zero vector", []string{"a"}, [][]float32{{0, 0}}},
		{"NaN", []string{"a"}, [][]float32{{float32(math.NaN())}}},
		{"ragged", []string{"a", "b"}, [][]float32{{1, 2}, {1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := Encode(&bytes.Buffer{}, "x", tt.words, tt.vecs); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestDefaultTable(t *testing.T) {
	tab := Default()
	if tab.Len() != 50000 || tab.Dims() != 100 {
		t.Fatalf("got %d words of %d dimensions, want 50000 of 100", tab.Len(), tab.Dims())
	}
	if r, ok := Rank("the"); !ok || r != 0 {
		t.Errorf(`Rank("the"): got %d %v, want 0 true`, r, ok)
	}
	for _, w := range []string{"", "The", "1990", "a", "korea's"} {
		if _, ok := Lookup(w); ok {
			t.Errorf("Lookup(%q): got ok, want no such word", w)
		}
	}
	// Related words must be nearer than unrelated ones: a check that the
	// vectors are GloVe's, in the right order, not a fixed answer.
	pairs := []struct{ word, near, far string }{
		{"troops", "soldiers", "recipe"},
		{"treaty", "agreement", "banana"},
		{"import", "export", "poetry"},
		{"president", "leader", "cheese"},
	}
	for _, p := range pairs {
		near, ok1 := Similarity(p.word, p.near)
		far, ok2 := Similarity(p.word, p.far)
		if !ok1 || !ok2 || near <= far {
			t.Errorf("%s: similarity to %s %.2f (%v), to %s %.2f (%v): want the first larger", p.word, p.near, near, ok1, p.far, far, ok2)
		}
	}
	if s, _ := Similarity("war", "war"); math.Abs(s-1) > 1e-5 {
		t.Errorf("a word's similarity to itself: got %v, want 1", s)
	}
}

func TestDefaultConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, ok := Lookup("report"); !ok {
				t.Error(`Lookup("report"): not found`)
			}
		})
	}
	wg.Wait()
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// BenchmarkLoad measures reading the embedded table, as Default does once,
// and the heap it keeps (heap-B/op).
func BenchmarkLoad(b *testing.B) {
	var before, after runtime.MemStats
	var keep *Table
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		t, err := parse(embedded)
		if err != nil {
			b.Fatal(err)
		}
		keep = t
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc)-float64(before.HeapAlloc), "heap-B")
	runtime.KeepAlive(keep)
}

func BenchmarkLookup(b *testing.B) {
	tab := Default()
	for b.Loop() {
		tab.Lookup("agreement")
	}
}

func BenchmarkAddTo(b *testing.B) {
	tab := Default()
	dst := make([]float32, tab.Dims())
	for b.Loop() {
		tab.AddTo(dst, "agreement", 0.5)
	}
}

func BenchmarkSimilarity(b *testing.B) {
	tab := Default()
	for b.Loop() {
		tab.Similarity("treaty", "agreement")
	}
}
