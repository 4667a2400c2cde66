// Package config reads reportbot's settings from the environment and from a
// .env file, and validates them all at once.
//
// It is the only package that reads the environment. It does not act on the
// settings: the main package wires them into the other packages.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"github.com/joho/godotenv"
)

// Var describes one setting.
type Var struct {
	Name    string
	Default string // "" when unset by default
	Help    string // one line, for .env.example and the README
	Flag    string // command-line flag that overrides it, if any
	Secret  bool   // never shown in messages or logs
}

// Vars lists every variable reportbot reads, in the order .env.example shows
// them.
var Vars = []Var{
	{Name: "REPORT_PATH", Flag: "--report", Help: "Report to answer from: a .txt or .md file, or a directory of them. Empty: the bundled report."},
	{Name: "DATA_DIR", Default: "./data", Help: "Directory for the persisted index (created if missing)."},
	{Name: "TOP_K", Default: "5", Flag: "-k", Help: "Passages retrieved per question, 1 to 20."},
	{Name: "MAX_QUESTION_CHARS", Default: "1000", Help: "Longest question accepted, in characters, 20 to 10000."},
	{Name: "LOG_LEVEL", Default: "info", Help: "Log detail: debug, info, warn or error."},
	{Name: "LOG_FORMAT", Default: "text", Help: "Log line format: text or json."},
}

// Config is reportbot's validated configuration.
type Config struct {
	ReportPath       string // "" means the bundled report
	DataDir          string
	TopK             int
	MaxQuestionChars int
	LogLevel         slog.Level
	LogFormat        string // "text" or "json"
}

// Lookup returns the value of a variable and whether it is set.
type Lookup func(name string) (string, bool)

// Env adapts a getenv function; an empty value counts as unset.
func Env(getenv func(string) string) Lookup {
	return func(name string) (string, bool) {
		v := getenv(name)
		return v, v != ""
	}
}

// Map serves variables from m (an empty value counts as unset).
func Map(m map[string]string) Lookup {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok && v != ""
	}
}

// Layered looks a variable up in each Lookup in turn and returns the first
// value found: put command-line flags first, then the environment, then the
// .env file.
func Layered(lookups ...Lookup) Lookup {
	return func(name string) (string, bool) {
		for _, l := range lookups {
			if v, ok := l(name); ok {
				return v, true
			}
		}
		return "", false
	}
}

// ReadDotenv reads variables from a .env file. A missing file is not an
// error: it gives a Lookup that has nothing.
func ReadDotenv(path string) (Lookup, error) {
	m, err := godotenv.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Map(nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return Map(m), nil
}

// FromEnvironment returns the usual layers: the real environment (through
// getenv), then the .env file in the working directory, which never overrides
// the environment.
func FromEnvironment(getenv func(string) string) (Lookup, error) {
	dotenv, err := ReadDotenv(".env")
	if err != nil {
		return nil, err
	}
	return Layered(Env(getenv), dotenv), nil
}

// Load reads and validates every setting. The error lists every problem,
// each naming its variable and what a good value looks like.
func Load(look Lookup) (Config, error) {
	p := parser{look: look}
	cfg := Config{
		ReportPath:       p.str("REPORT_PATH"),
		DataDir:          p.str("DATA_DIR"),
		TopK:             p.intIn("TOP_K", 1, 20),
		MaxQuestionChars: p.intIn("MAX_QUESTION_CHARS", 20, 10000),
		LogFormat:        p.oneOf("LOG_FORMAT", "text", "json"),
	}
	switch level := p.oneOf("LOG_LEVEL", "debug", "info", "warn", "error"); level {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "warn":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		cfg.LogLevel = slog.LevelInfo
	}
	if cfg.DataDir == "" {
		p.fail("DATA_DIR", "must name a directory, for example ./data")
	}
	if err := errors.Join(p.errs...); err != nil {
		return Config{}, fmt.Errorf("configuration:\n%w", err)
	}
	return cfg, nil
}

// parser collects every problem instead of stopping at the first.
type parser struct {
	look Lookup
	errs []error
}

func (p *parser) fail(name, msg string) {
	if f := varOf(name).Flag; f != "" {
		name += " (" + f + ")"
	}
	p.errs = append(p.errs, fmt.Errorf("  %s %s", name, msg))
}

// str returns the variable's value or its default.
func (p *parser) str(name string) string {
	if v, ok := p.look(name); ok {
		return strings.TrimSpace(v)
	}
	return varOf(name).Default
}

func (p *parser) intIn(name string, lo, hi int) int {
	v := p.str(name)
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail(name, fmt.Sprintf("must be a whole number from %d to %d, not %s", lo, hi, shown(name, v)))
		n, _ = strconv.Atoi(varOf(name).Default)
	}
	return n
}

func (p *parser) oneOf(name string, allowed ...string) string {
	v := strings.ToLower(p.str(name))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail(name, fmt.Sprintf("must be one of %s, not %s", strings.Join(allowed, ", "), shown(name, v)))
	return varOf(name).Default
}

// shown quotes a value for an error message, unless it is secret.
func shown(name, v string) string {
	if varOf(name).Secret {
		return "the value given"
	}
	return strconv.Quote(v)
}

func varOf(name string) Var {
	for _, v := range Vars {
		if v.Name == name {
			return v
		}
	}
	panic("config: unknown variable " + name) // a programming error
}
