package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/joho/godotenv"
)

// ReadDotenv reads variables from a .env file. A missing file is not an
// error: it gives no variables. A malformed file gives an error naming each
// bad line and what is wrong with it, and never any of the file's text,
// which holds secrets.
func ReadDotenv(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		// A *PathError names the file and the operation, nothing read.
		return nil, fmt.Errorf("read %w", err)
	}
	return parseDotenv(path, data)
}

// parseDotenv checks the text of a .env file line by line and, when every
// line is well formed, parses it with godotenv, which keeps its meaning of
// quotes, escapes, comments and ${VAR} expansion. The check comes first
// because godotenv's errors quote the text near the fault (a secret on the
// next line included), and because it reads some malformed lines without
// complaint (a name with spaces in it, text after a closing quote taken as
// another variable). The check accepts a subset of what godotenv accepts,
// so godotenv never fails after it (the fuzz test holds it to that); if it
// did, its error is not shown.
func parseDotenv(name string, data []byte) (map[string]string, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	// A lone CR ends a line too (godotenv ends an unquoted value there).
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	if _, err := checkDotenv(name, data); err != nil {
		return nil, err
	}
	m, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot be read as KEY=VALUE lines", name)
	}
	return m, nil
}

// checkDotenv reports every malformed line of a .env file (line ends
// already made LF), and returns the names the well-formed lines set. Each
// line is blank, a # comment, or [export ]NAME=VALUE, where NAME has ASCII
// letters, digits, _ and . only, and VALUE is unquoted to the end of the
// line, or quoted in ' or " (a quote may span lines; \" and \' do not close
// it) and followed by nothing but spaces and a comment. An error names the
// file, the line and the fault, never the text.
func checkDotenv(file string, data []byte) ([]string, error) {
	var (
		errs  []error
		names []string
		line  = 1
	)
	bad := func(n int, what string) {
		errs = append(errs, fmt.Errorf("%s line %d: %s", file, n, what))
	}
	for i := 0; i < len(data); i = nextLine(data, i, &line) {
		i = skipSpaces(data, i)
		exported := bytes.HasPrefix(data[i:], []byte("export")) && i+6 < len(data) && isBlank(data[i+6])
		if exported {
			i = skipSpaces(data, i+6)
		}
		if i >= len(data) || data[i] == '\n' || data[i] == '#' {
			if exported { // "export" and no variable
				bad(line, "expected KEY=VALUE")
			}
			continue
		}
		keyStart := i
		for i < len(data) && isNameByte(data[i]) {
			i++
		}
		key := string(data[keyStart:i])
		i = skipSpaces(data, i)
		if i >= len(data) || data[i] != '=' {
			rest := lineOf(data, keyStart)
			if eq := bytes.IndexByte(rest, '='); eq > 0 && !bytes.ContainsAny(bytes.TrimRight(rest[:eq], " \t\v\f"), " \t\v\f") {
				bad(line, "expected KEY=VALUE: a name holds only letters, digits, _ and .")
			} else {
				bad(line, "expected KEY=VALUE")
			}
			continue
		}
		if key == "" {
			bad(line, "expected KEY=VALUE: the name is missing")
			continue
		}
		i = skipSpaces(data, i+1)
		if i >= len(data) || (data[i] != '"' && data[i] != '\'') {
			names = append(names, key)
			continue
		}
		quote, end := data[i], -1
		for j := i + 1; j < len(data); j++ {
			if data[j] == quote && data[j-1] != '\\' {
				end = j
				break
			}
		}
		if end < 0 {
			bad(line, "the quoted value is never closed")
			break
		}
		names = append(names, key)
		line += bytes.Count(data[i:end], []byte("\n"))
		i = skipSpaces(data, end+1)
		if i < len(data) && data[i] != '\n' && data[i] != '#' {
			bad(line, "unexpected text after the closing quote")
		}
	}
	return names, errors.Join(errs...)
}

// lineOf returns the rest of the line from i.
func lineOf(data []byte, i int) []byte {
	if n := bytes.IndexByte(data[i:], '\n'); n >= 0 {
		return data[i : i+n]
	}
	return data[i:]
}

// nextLine returns the start of the line after the one holding i, counting
// it.
func nextLine(data []byte, i int, line *int) int {
	if n := bytes.IndexByte(data[min(i, len(data)):], '\n'); n >= 0 {
		*line++
		return i + n + 1
	}
	return len(data)
}

// skipSpaces skips the spaces godotenv skips within a line: ASCII blanks,
// and U+0085 and U+00A0.
func skipSpaces(data []byte, i int) int {
	for i < len(data) {
		switch {
		case isBlank(data[i]):
			i++
		case data[i] == 0xC2 && i+1 < len(data) && (data[i+1] == 0x85 || data[i+1] == 0xA0):
			i += 2
		default:
			return i
		}
	}
	return i
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\v' || c == '\f' }

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
