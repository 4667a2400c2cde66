package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// PDFium (still in its current source) loses the number before an empty
// string that ends a TJ array, as in [(addition,) -271.9 ()] TJ, the way
// groff writes a word space before a change of font: the space is not
// added to the text position, so every character after it is placed too
// far left until the next operator that positions the line. Words then
// run together at the font change ("addition,bash") and come apart where
// the line is positioned again ("follo wing"). An empty string shows
// nothing, so dropping it from the array changes nothing a reader sees,
// and PDFium then applies the number.
//
// repairTJ returns data with the page content streams that hold such an
// array rewritten without the empty strings, as an incremental update (the
// file's own bytes are left as they are, the new streams appended with a
// cross-reference section of their own). It returns data itself when no
// stream needs it, or when the file is not one it can update safely: an
// encrypted file, one without a classic cross-reference table, a stream
// with filters other than Flate (or none).
func repairTJ(data []byte) []byte {
	if bytes.Contains(data, []byte("/Encrypt")) || !bytes.Contains(data[max(0, len(data)-2048):], []byte("%%EOF")) {
		return data
	}
	m := lastStartXref.FindSubmatch(data[max(0, len(data)-2048):])
	if m == nil {
		return data
	}
	prev, err := strconv.Atoi(string(m[1]))
	if err != nil || prev <= 0 || prev >= len(data) || !bytes.HasPrefix(data[prev:], []byte("xref")) {
		return data
	}
	t := bytes.LastIndex(data, []byte("trailer"))
	if t < prev {
		return data
	}
	trailer := data[t:]
	size, root := trailerSize.FindSubmatch(trailer), trailerRoot.FindSubmatch(trailer)
	if size == nil || root == nil {
		return data
	}
	type fixed struct {
		num, gen int
		body     []byte
	}
	var out []fixed
	for _, loc := range streamStart.FindAllSubmatchIndex(data, -1) {
		dict := data[loc[6]:loc[7]]
		var content []byte
		if m := lengthOnly.FindSubmatch(dict); m != nil {
			n, err := strconv.Atoi(string(m[1]))
			if err != nil || n > len(data)-loc[1] {
				continue
			}
			content = data[loc[1] : loc[1]+n]
		} else if flateOnly.Match(dict) {
			r, err := zlib.NewReader(bytes.NewReader(data[loc[1]:]))
			if err != nil {
				continue
			}
			content, err = io.ReadAll(io.LimitReader(r, 64<<20))
			if err != nil && len(content) == 0 {
				continue
			}
		} else {
			continue
		}
		fixedContent, ok := dropEmptyTJStrings(content)
		if !ok {
			continue
		}
		num, _ := strconv.Atoi(string(data[loc[2]:loc[3]]))
		gen, _ := strconv.Atoi(string(data[loc[4]:loc[5]]))
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(fixedContent)
		w.Close()
		out = append(out, fixed{num, gen, z.Bytes()})
	}
	if len(out) == 0 {
		return data
	}
	b := bytes.NewBuffer(append(make([]byte, 0, len(data)+len(out)*4096), data...))
	b.WriteString("\n")
	offsets := make([]int, len(out))
	for i, f := range out {
		offsets[i] = b.Len()
		fmt.Fprintf(b, "%d %d obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", f.num, f.gen, len(f.body))
		b.Write(f.body)
		b.WriteString("\nendstream\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for i, f := range out {
		fmt.Fprintf(b, "%d 1\n%010d %05d n \n", f.num, offsets[i], f.gen)
	}
	fmt.Fprintf(b, "trailer\n<< /Size %s /Root %s", size[1], root[1])
	if info := trailerInfo.FindSubmatch(trailer); info != nil {
		fmt.Fprintf(b, " /Info %s", info[1])
	}
	if id := trailerID.FindSubmatch(trailer); id != nil {
		fmt.Fprintf(b, " /ID %s", id[1])
	}
	fmt.Fprintf(b, " /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", prev, xref)
	return b.Bytes()
}

var (
	lastStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	trailerSize   = regexp.MustCompile(`/Size\s+(\d+)`)
	trailerRoot   = regexp.MustCompile(`/Root\s+(\d+\s+\d+\s+R)`)
	trailerInfo   = regexp.MustCompile(`/Info\s+(\d+\s+\d+\s+R)`)
	trailerID     = regexp.MustCompile(`/ID\s*(\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\])`)
	// streamStart is a stream object's start whose dictionary holds no
	// other dictionary (a page's content stream: a font or a form has more).
	streamStart = regexp.MustCompile(`(?m)^(\d+) (\d+) obj\s*<<([^<>]{0,200})>>\s*stream\r?\n`)
	// lengthOnly is an unfiltered stream's dictionary.
	lengthOnly = regexp.MustCompile(`^\s*/Length\s+(\d+)\s*$`)
	// flateOnly is a dictionary with a length and one Flate filter only.
	flateOnly = regexp.MustCompile(`^\s*(?:/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])\s*/Length\s+\d+(?:\s+0\s+R)?|/Length\s+\d+(?:\s+0\s+R)?\s*/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\]))\s*$`)
)

// dropEmptyTJStrings removes the empty strings from content's TJ arrays and
// reports whether one of them came last in its array after a number, the
// case PDFium misreads. It gives up (false) on content it does not follow
// to the end, such as an inline image.
func dropEmptyTJStrings(content []byte) ([]byte, bool) {
	var (
		out      []byte
		last     int   // content copied to out up to here
		inArray  bool  // inside [ ... ]
		empties  []int // starts of the empty strings of the current array
		emptyEnd []int
		lastNum  bool // the array's last element so far is a number
		trailing bool // the array ends with an empty string after a number
		pending  bool // an array just closed, with empties: is it a TJ's?
		found    bool
		pEmpties [][2]int
	)
	i, n := 0, len(content)
	for i < n {
		c := content[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
			continue
		case c == '%':
			for i < n && content[i] != '\n' && content[i] != '\r' {
				i++
			}
			continue
		}
		start := i
		kind := 0 // 1 string, 2 number, 3 other
		empty := false
		switch {
		case c == '(':
			depth := 0
			for i < n {
				switch content[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
				if depth == 0 {
					break
				}
			}
			if depth != 0 {
				return nil, false
			}
			kind, empty = 1, i-start == 2
		case c == '<' && i+1 < n && content[i+1] == '<', c == '>' && i+1 < n && content[i+1] == '>':
			i += 2
			kind = 3
		case c == '<':
			j := bytes.IndexByte(content[i:], '>')
			if j < 0 {
				return nil, false
			}
			i += j + 1
			kind, empty = 1, len(bytes.TrimSpace(content[start+1:i-1])) == 0
		case c == '[' || c == ']' || c == '{' || c == '}':
			i++
		default:
			i++
			for i < n && !bytes.ContainsRune([]byte(" \n\r\t\f\x00()<>[]{}/%"), rune(content[i])) {
				i++
			}
			tok := content[start:i]
			if _, err := strconv.ParseFloat(string(tok), 64); err == nil {
				kind = 2
			} else {
				kind = 3
			}
		}
		tok := content[start:i]
		if pending {
			if string(tok) == "TJ" && trailing {
				found = true
			}
			if string(tok) == "TJ" {
				for _, e := range pEmpties {
					out = append(out, content[last:e[0]]...)
					last = e[1]
				}
			}
			pending, pEmpties = false, nil
		}
		switch {
		case c == '[':
			inArray, empties, emptyEnd, lastNum, trailing = true, nil, nil, false, false
		case c == ']' && inArray:
			inArray = false
			if len(empties) > 0 {
				pending = true
				for k := range empties {
					pEmpties = append(pEmpties, [2]int{empties[k], emptyEnd[k]})
				}
			}
		case inArray && kind == 1 && empty:
			empties, emptyEnd = append(empties, start), append(emptyEnd, i)
			trailing = lastNum
		case inArray && kind == 1:
			lastNum, trailing = false, false
		case inArray && kind == 2:
			lastNum = true
		case !inArray && string(tok) == "BI":
			return nil, false // inline image data follows: not followed here
		}
	}
	if !found {
		return nil, false
	}
	return append(out, content[last:]...), true
}
