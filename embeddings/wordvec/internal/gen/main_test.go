package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportbot/embeddings/wordvec"
)

// writeSource writes a JSON file shaped like the npm package's, with two
// dimensions.
func writeSource(tb testing.TB, body string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "vectors.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestRunKeepsTheMostFrequentWords(t *testing.T) {
	in := writeSource(t, `{"dimensions":2,"words":["the",",","Cat","well-known","dog","eel"],
		"vectors":{"the":[1,0,1,0],",":[0,1,1,1],"Cat":[1,1,1.4,2],"well-known":[0,2,2,3],"dog":[3,4,5,4],"eel":[1,2,2.2,5]}}`)
	out := filepath.Join(t.TempDir(), "t.wvt")
	if err := run([]string{"-in", in, "-out", out, "-words", "3"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := wordvec.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tab.Name(), "glove-6b-2d-0k-int8"; got != want {
		t.Errorf("Name: got %q, want %q", got, want)
	}
	// Punctuation and capitalised words are left out; the first three
	// others kept, in order.
	for word, rank := range map[string]int{"the": 0, "well-known": 1, "dog": 2} {
		if r, ok := tab.Rank(word); !ok || r != rank {
			t.Errorf("Rank(%q): got %d %v, want %d true", word, r, ok, rank)
		}
	}
	for _, word := range []string{",", "Cat", "cat", "eel"} {
		if _, ok := tab.Rank(word); ok {
			t.Errorf("Rank(%q): got ok, want left out", word)
		}
	}
	if n, _ := tab.Norm("dog"); n != 5 {
		t.Errorf(`Norm("dog"): got %v, want 5`, n)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not JSON", `{"words":`, "decode vectors"},
		{"out of order", `{"dimensions":2,"words":["the","cat"],"vectors":{"the":[1,0,1,1],"cat":[1,1,1,0]}}`, "is at 0 but says 1"},
		{"missing vector", `{"dimensions":2,"words":["the"],"vectors":{}}`, "no vector"},
		{"no words", `{"dimensions":2,"words":[],"vectors":{}}`, "no words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run([]string{"-in", writeSource(t, tt.body), "-out", filepath.Join(t.TempDir(), "t.wvt")}, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
	if err := run(nil, io.Discard); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no flags: got %v, want a usage error", err)
	}
}
