package wordvec

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// The table file, little-endian throughout:
//
//	magic   "WVT1"
//	dims    uint16
//	count   uint32
//	name    uint8 length, then that many bytes
//	words   count times: uint8 length, then the word's bytes, most frequent first
//	vectors count times, in the words' order: float32 unit scale, float32
//	        norm, dims int8 components
//
// A word's unit vector is its int8 components times its unit scale (so that
// the quantised vector, not only the original, has length 1); norm is the
// length of the original vector, kept for callers that weigh words by it.
const magic = "WVT1"

// maxWordLen is the longest word the format holds.
const maxWordLen = 255

// Encode writes a table file of words and their vectors to w: words in
// order of frequency, most frequent first, each with a vector of the same
// length. Each vector is quantised to int8 with a scale of its own. Encode
// fails on an empty, duplicated or over-long word, a zero or non-finite
// vector, vectors of different lengths, or a write error.
func Encode(w io.Writer, name string, words []string, vecs [][]float32) error {
	if len(words) != len(vecs) || len(words) == 0 {
		return fmt.Errorf("encode table: %d words, %d vectors", len(words), len(vecs))
	}
	dims := len(vecs[0])
	if dims == 0 || dims > math.MaxUint16 || len(name) > maxWordLen {
		return fmt.Errorf("encode table: %d dimensions, name of %d bytes", dims, len(name))
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint16(dims))
	binary.Write(bw, binary.LittleEndian, uint32(len(words)))
	bw.WriteByte(byte(len(name)))
	bw.WriteString(name)
	seen := make(map[string]bool, len(words))
	for _, word := range words {
		if word == "" || len(word) > maxWordLen || seen[word] {
			return fmt.Errorf("encode table: bad or repeated word %q", word)
		}
		seen[word] = true
		bw.WriteByte(byte(len(word)))
		bw.WriteString(word)
	}
	q := make([]int8, dims)
	var buf [4]byte
	for i, v := range vecs {
		if len(v) != dims {
			return fmt.Errorf("encode table: %q has %d dimensions, want %d", words[i], len(v), dims)
		}
		unitScale, norm, err := quantise(v, q)
		if err != nil {
			return fmt.Errorf("encode table: %q: %w", words[i], err)
		}
		binary.LittleEndian.PutUint32(buf[:], math.Float32bits(unitScale))
		bw.Write(buf[:])
		binary.LittleEndian.PutUint32(buf[:], math.Float32bits(norm))
		bw.Write(buf[:])
		for _, c := range q {
			bw.WriteByte(byte(c))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("encode table: %w", err)
	}
	return nil
}

// quantise rounds v onto int8 steps of max|v|/127 and returns the scale that
// makes the rounded vector a unit vector, and v's length.
func quantise(v []float32, q []int8) (unitScale, norm float32, err error) {
	var peak, sum float64
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return 0, 0, errors.New("non-finite component")
		}
		peak = max(peak, math.Abs(float64(x)))
		sum += float64(x) * float64(x)
	}
	if peak == 0 {
		return 0, 0, errors.New("zero vector")
	}
	var qsum float64
	for i, x := range v {
		c := math.Round(float64(x) / peak * 127)
		q[i] = int8(c)
		qsum += c * c
	}
	return float32(1 / math.Sqrt(qsum)), float32(math.Sqrt(sum)), nil
}

// parse reads a table file. The table's words are substrings of data and
// its vectors are read from data on each lookup, so data must not change.
func parse(data string) (*Table, error) {
	r := reader{s: data}
	if r.str(len(magic)) != magic {
		return nil, errors.New("read table: not a word vector table")
	}
	dims := int(r.u16())
	count := int(r.u32())
	name := r.str(int(r.u8()))
	if r.bad || dims == 0 || count == 0 {
		return nil, errors.New("read table: truncated or empty header")
	}
	t := &Table{name: name, dims: dims, index: make(map[string]int32, count)}
	wordsStart := r.off
	for i := range count {
		w := r.str(int(r.u8()))
		if r.bad || w == "" {
			return nil, fmt.Errorf("read table: truncated at word %d", i)
		}
		if _, dup := t.index[w]; dup {
			return nil, fmt.Errorf("read table: word %q twice", w)
		}
		t.index[w] = int32(i)
	}
	t.words = data[wordsStart:r.off]
	t.stride = 8 + dims
	if have, want := len(data)-r.off, count*t.stride; have != want {
		return nil, fmt.Errorf("read table: %d bytes of vectors, want %d", have, want)
	}
	t.vecs = data[r.off:]
	return t, nil
}

// reader reads a table file's fields; a read past the end sets bad and
// returns zeros.
type reader struct {
	s   string
	off int
	bad bool
}

func (r *reader) str(n int) string {
	if r.bad || n > len(r.s)-r.off {
		r.bad = true
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8() uint8 {
	if s := r.str(1); s != "" {
		return s[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	s := r.str(2)
	if s == "" {
		return 0
	}
	return uint16(s[0]) | uint16(s[1])<<8
}

func (r *reader) u32() uint32 {
	s := r.str(4)
	if s == "" {
		return 0
	}
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}
