package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
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
