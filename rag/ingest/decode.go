package ingest

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// decodeText returns the text of a report file as UTF-8, without a
// byte-order mark. A byte-order mark says how the file is written (UTF-8,
// UTF-16 little- or big-endian); without one the file is read as UTF-8 when
// it is valid UTF-8. Otherwise its encoding is guessed, and guess says how
// it was read, for a warning: as UTF-8 with the stray bytes replaced by
// U+FFFD when it holds more UTF-8 sequences than stray bytes (a UTF-8 file
// with a few damaged bytes), else as Windows-1252, which is also how files
// in ISO 8859-1 (Latin-1) read.
func decodeText(data []byte) (text, guess string) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return strings.ToValidUTF8(string(data[len(bomUTF8):]), "\ufffd"), ""
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(data, unicode.LittleEndian), ""
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(data, unicode.BigEndian), ""
	case utf8.Valid(data):
		return string(data), ""
	}
	multi, stray := utf8Counts(data)
	if multi > stray {
		return strings.ToValidUTF8(string(data), "\ufffd"),
			fmt.Sprintf("not valid UTF-8: read as UTF-8, %d stray byte(s) replaced", stray)
	}
	// Windows-1252 decodes every byte; the few it leaves undefined become
	// U+FFFD.
	s, _ := charmap.Windows1252.NewDecoder().String(string(data))
	return s, "not UTF-8: read as Windows-1252 (Latin-1)"
}

// decodeUTF16 decodes UTF-16 that starts with its byte-order mark. Unpaired
// surrogates and an odd last byte become U+FFFD.
func decodeUTF16(data []byte, order unicode.Endianness) string {
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		// The decoder replaces what it cannot decode and has no other
		// failure on input in memory; keep what it gave.
		return strings.ToValidUTF8(string(out), "\ufffd")
	}
	return string(out)
}

// utf8Counts counts the valid multi-byte UTF-8 sequences in data and the
// bytes that belong to none.
func utf8Counts(data []byte) (multi, stray int) {
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && size == 1:
			stray++
		case size > 1:
			multi++
		}
		data = data[size:]
	}
	return multi, stray
}

// decodeHTML returns the text of an HTML report as UTF-8, as decodeText
// does, except that a page without a byte-order mark is read in the
// character encoding it declares in its first 1024 bytes (<meta charset> or
// <meta http-equiv="Content-Type" content="...; charset=...">), the labels
// mapped as browsers map them (golang.org/x/text/encoding/htmlindex: "US-ASCII"
// and "ISO-8859-1" are Windows-1252, a declared UTF-16 is UTF-8). guess is ""
// when the page reads as it declares; otherwise it says how the page was
// read, for a warning: a page that declares UTF-8 but is not, or declares
// nothing, is read as decodeText reads it; a page that declares a legacy
// encoding but is UTF-8 is read as UTF-8; one that declares US-ASCII but
// holds other bytes is read as Windows-1252, which may not be what it is;
// bytes the declared encoding does not define become U+FFFD.
func decodeHTML(data []byte) (text, guess string) {
	if bytes.HasPrefix(data, bomUTF8) || bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return decodeText(data)
	}
	enc, name, label := declaredCharset(data)
	switch {
	case enc == nil || name == "utf-8" || name == "replacement":
		// "replacement" stands for encodings browsers refuse to read
		// (ISO-2022-KR, HZ): read the page as if it declared nothing.
		return decodeText(data)
	case hasHighBytes(data) && utf8.Valid(data):
		// Text in a legacy encoding almost never forms valid UTF-8
		// sequences: the declaration is wrong.
		return string(data), fmt.Sprintf("declares %s but is UTF-8: read as UTF-8", label)
	case asciiLabels[strings.ToLower(label)] && hasHighBytes(data):
		s, _ := enc.NewDecoder().String(string(data))
		return s, fmt.Sprintf("declares %s but holds other bytes: read as Windows-1252 (Latin-1)", label)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		// x/text decoders replace what they cannot decode and have no
		// other failure on input in memory; read it as if undeclared.
		return decodeText(data)
	}
	if bad := bytes.Count(out, []byte("\ufffd")); bad > 0 {
		return string(out), fmt.Sprintf("read as %s, as it declares: %d byte(s) it does not define replaced", name, bad)
	}
	return string(out), ""
}

// declaredCharset returns the encoding an HTML page declares in a <meta>
// element of its first 1024 bytes, as the HTML standard's prescan finds it,
// the encoding's WHATWG name and the label the page gives it; nil when it
// declares none that htmlindex knows. (charset.DetermineEncoding does the
// same prescan but falls back to a guess without saying which it did, and a
// guess deserves a warning.)
func declaredCharset(data []byte) (enc encoding.Encoding, name, label string) {
	if len(data) > 1024 {
		data = data[:1024]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, "", ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			if string(tag) != "meta" {
				continue
			}
			var content string
			label = ""
			pragma := false
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "charset":
					label = string(v)
				case "http-equiv":
					pragma = strings.EqualFold(strings.TrimSpace(string(v)), "content-type")
				case "content":
					content = string(v)
				}
			}
			if label == "" && pragma {
				if _, params, err := mime.ParseMediaType(content); err == nil {
					label = params["charset"]
				}
			}
			label = strings.TrimSpace(label)
			if label == "" {
				continue
			}
			e, err := htmlindex.Get(label)
			if err != nil {
				continue // a label no browser knows declares nothing
			}
			enc = e
			name, _ = htmlindex.Name(enc)
			if strings.HasPrefix(name, "utf-16") {
				// The page's ASCII <meta> was readable, so it is not
				// UTF-16: the standard reads it as UTF-8.
				return unicode.UTF8, "utf-8", label
			}
			return enc, name, label
		}
	}
}

// asciiLabels are the labels of US-ASCII, which browsers read as
// Windows-1252 (the WHATWG Encoding standard's labels of windows-1252 that
// name ASCII).
var asciiLabels = map[string]bool{
	"ascii": true, "us-ascii": true, "ansi_x3.4-1968": true,
}

// hasHighBytes reports whether data holds a byte outside ASCII.
func hasHighBytes(data []byte) bool {
	for _, b := range data {
		if b >= 0x80 {
			return true
		}
	}
	return false
}
