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
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

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
	{Name: "REPORT_PATH", Flag: "--report", Help: "Report to answer from: a .txt, .md or .html file, or a directory of them. Empty: the bundled report."},
	{Name: "DATA_DIR", Default: "./data", Help: "Directory for the persisted index (created if missing)."},
	{Name: "TOP_K", Default: "5", Flag: "-k", Help: "Passages retrieved per question, 1 to 20."},
	{Name: "MAX_QUESTION_CHARS", Default: "1000", Help: "Longest question accepted, in characters, 20 to 10000."},
	{Name: "LOG_LEVEL", Default: "info", Help: "Log detail: debug, info, warn or error."},
	{Name: "LOG_FORMAT", Default: "text", Help: "Log line format: text or json."},

	{Name: "OPENAI_API_KEY", Secret: true, Help: "API key of an OpenAI-compatible server; with it (or OPENAI_BASE_URL) answers are written by a model. Empty: offline extractive answers."},
	{Name: "OPENAI_BASE_URL", Help: "Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama; empty with a key: https://api.openai.com/v1."},
	{Name: "OPENAI_MODEL", Default: "gpt-4o-mini", Help: "Chat model that writes answers (for Ollama, a pulled model such as llama3.1)."},
	{Name: "EMBEDDING_PROVIDER", Default: "local", Help: "Embeddings: local (built in, offline) or openai (the embeddings endpoint of OPENAI_BASE_URL)."},
	{Name: "EMBEDDING_MODEL", Default: "text-embedding-3-small", Help: "Embedding model when EMBEDDING_PROVIDER=openai (for Ollama, e.g. nomic-embed-text)."},
	{Name: "MODEL_TIMEOUT", Default: "20s", Help: "Longest a model may take to write one answer before the extractive answer is given instead; shorter than ANSWER_TIMEOUT."},
	{Name: "MODEL_CONNECT_TIMEOUT", Default: "10s", Help: "Longest wait to connect to the model server."},
	{Name: "MODEL_MAX_RETRIES", Default: "3", Help: "Retries of a model or embeddings request after 408, 429, 5xx or a network error, 0 to 10."},
	{Name: "ANSWER_MAX_TOKENS", Default: "400", Help: "Longest answer a model may write, in tokens, 50 to 4000."},

	{Name: "DISCORD_TOKEN", Secret: true, Help: "Bot token from the Discord developer portal (Bot page); required by serve."},
	{Name: "DISCORD_GUILD_ID", Help: "Register commands in this server only (instant, for setting up); empty: globally."},
	{Name: "DISCORD_API_URL", Default: DefaultDiscordAPI, Help: "Base URL of Discord's REST API, gateway lookup included (a rate-limit proxy, or a test fake)."},
	{Name: "ALLOWED_GUILD_IDS", Help: "Comma-separated server IDs the bot answers in; empty: every server it is in."},
	{Name: "ALLOWED_CHANNEL_IDS", Help: "Comma-separated channel IDs the bot answers in; empty: every channel it can see."},
	{Name: "ALLOW_DMS", Default: "true", Help: "Answer questions sent by direct message: true or false."},
	{Name: "RATE_LIMIT_PER_MINUTE", Default: "5", Help: "Questions one user may ask per minute, 1 to 600."},
	{Name: "RATE_LIMIT_BURST", Default: "3", Help: "Questions one user may ask at once before the per-minute rate applies, 1 to 100."},
	{Name: "MAX_CONCURRENT_ANSWERS", Default: "8", Help: "Answers computed at the same time; more wait their turn, 1 to 256."},
	{Name: "ANSWER_TIMEOUT", Default: "30s", Help: "Longest time one answer may take, e.g. 30s or 2m."},
	{Name: "SHUTDOWN_TIMEOUT", Default: "10s", Help: "On shutdown, how long answers in flight may take to finish."},
	{Name: "SHARD_ID", Default: "0", Help: "This process's shard, from 0 to SHARD_COUNT-1."},
	{Name: "SHARD_COUNT", Default: "1", Help: "Number of shards (processes) the bot runs as."},
	{Name: "METRICS_ADDR", Help: "Address for /healthz and Prometheus /metrics while serving, e.g. 127.0.0.1:9090; empty: no listener."},
}

// DefaultDiscordAPI is Discord's own REST base URL.
const DefaultDiscordAPI = "https://discord.com/api/v9"

// Config is reportbot's validated configuration.
type Config struct {
	ReportPath       string // "" means the bundled report
	DataDir          string
	TopK             int
	MaxQuestionChars int
	LogLevel         slog.Level
	LogFormat        string // "text" or "json"
	Model            Model
	Discord          Discord
}

// Model holds the settings of the model server, when one is configured.
type Model struct {
	APIKey         string // "" when unset; never log it
	BaseURL        string // "" when no model server is configured
	ChatModel      string
	Embeddings     string // "local" or "openai"
	EmbeddingModel string
	Timeout        time.Duration
	ConnectTimeout time.Duration
	MaxRetries     int
	MaxTokens      int
}

// Generates reports whether answers are written by a model: a base URL or an
// API key is configured.
func (m Model) Generates() bool { return m.BaseURL != "" }

// DefaultOpenAIURL is OpenAI's own API base URL.
const DefaultOpenAIURL = "https://api.openai.com/v1"

// Discord holds the settings of `reportbot serve`.
type Discord struct {
	Token           string // without a "Bot " prefix; "" when unset
	GuildID         string
	APIURL          string
	AllowedGuilds   []string
	AllowedChannels []string
	AllowDMs        bool
	RatePerMinute   int
	RateBurst       int
	MaxConcurrent   int
	AnswerTimeout   time.Duration
	ShutdownTimeout time.Duration
	ShardID         int
	ShardCount      int
	MetricsAddr     string // "" when no health and metrics listener is wanted
}

// RequireDiscord reports the settings serve needs that are missing.
func (c Config) RequireDiscord() error {
	if c.Discord.Token == "" {
		return errors.New("configuration:\n  DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, copy its token from the Bot page, and set DISCORD_TOKEN (see README.md)")
	}
	return nil
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
	m := &cfg.Model
	m.APIKey = p.str("OPENAI_API_KEY")
	m.BaseURL = strings.TrimRight(p.str("OPENAI_BASE_URL"), "/")
	if m.BaseURL == "" && m.APIKey != "" {
		m.BaseURL = DefaultOpenAIURL
	}
	if m.BaseURL != "" {
		p.httpURL("OPENAI_BASE_URL", m.BaseURL, DefaultOpenAIURL+" or http://localhost:11434/v1")
	}
	m.ChatModel = p.str("OPENAI_MODEL")
	if m.ChatModel == "" {
		p.fail("OPENAI_MODEL", "must name a chat model, for example gpt-4o-mini or llama3.1")
	}
	m.Embeddings = p.oneOf("EMBEDDING_PROVIDER", "local", "openai")
	m.EmbeddingModel = p.str("EMBEDDING_MODEL")
	if m.Embeddings == "openai" && m.BaseURL == "" {
		p.fail("EMBEDDING_PROVIDER", "is openai, but neither OPENAI_BASE_URL nor OPENAI_API_KEY is set: set one, or use local")
	}
	if m.Embeddings == "openai" && m.EmbeddingModel == "" {
		p.fail("EMBEDDING_MODEL", "must name an embedding model, for example text-embedding-3-small or nomic-embed-text")
	}
	m.Timeout = p.duration("MODEL_TIMEOUT", time.Second, 10*time.Minute)
	m.ConnectTimeout = p.duration("MODEL_CONNECT_TIMEOUT", 100*time.Millisecond, 5*time.Minute)
	m.MaxRetries = p.intIn("MODEL_MAX_RETRIES", 0, 10)
	m.MaxTokens = p.intIn("ANSWER_MAX_TOKENS", 50, 4000)

	d := &cfg.Discord
	d.Token = strings.TrimPrefix(p.str("DISCORD_TOKEN"), "Bot ")
	if d.Token != "" && !tokenShape.MatchString(d.Token) {
		p.fail("DISCORD_TOKEN", "does not look like a bot token (three dot-separated parts, copied from the Bot page of your application)")
	}
	d.GuildID = p.snowflake("DISCORD_GUILD_ID")
	d.APIURL = strings.TrimRight(p.str("DISCORD_API_URL"), "/")
	p.httpURL("DISCORD_API_URL", d.APIURL, DefaultDiscordAPI)
	d.AllowedGuilds = p.snowflakes("ALLOWED_GUILD_IDS")
	d.AllowedChannels = p.snowflakes("ALLOWED_CHANNEL_IDS")
	d.AllowDMs = p.boolean("ALLOW_DMS")
	d.RatePerMinute = p.intIn("RATE_LIMIT_PER_MINUTE", 1, 600)
	d.RateBurst = p.intIn("RATE_LIMIT_BURST", 1, 100)
	d.MaxConcurrent = p.intIn("MAX_CONCURRENT_ANSWERS", 1, 256)
	d.AnswerTimeout = p.duration("ANSWER_TIMEOUT", time.Second, 15*time.Minute)
	d.ShutdownTimeout = p.duration("SHUTDOWN_TIMEOUT", 0, 10*time.Minute)
	d.ShardID = p.intIn("SHARD_ID", 0, 100000)
	d.ShardCount = p.intIn("SHARD_COUNT", 1, 100000)
	d.MetricsAddr = p.str("METRICS_ADDR")
	if d.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(d.MetricsAddr); err != nil || port == "" {
			p.fail("METRICS_ADDR", fmt.Sprintf("must be host:port such as 127.0.0.1:9090 or :9090, not %s", shown("METRICS_ADDR", d.MetricsAddr)))
		}
	}
	if m.Generates() && m.Timeout >= d.AnswerTimeout {
		p.fail("MODEL_TIMEOUT", fmt.Sprintf("must be shorter than ANSWER_TIMEOUT (%s), so that the extractive answer can still be given in time, not %s", d.AnswerTimeout, m.Timeout))
	}
	if d.ShardID >= d.ShardCount {
		p.fail("SHARD_ID", fmt.Sprintf("must be less than SHARD_COUNT (%d), not %d", d.ShardCount, d.ShardID))
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

// httpURL checks that v is an http or https URL with a host; examples
// says what a good one looks like.
func (p *parser) httpURL(name, v, examples string) {
	if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.fail(name, fmt.Sprintf("must be an http or https URL such as %s, not %s", examples, shown(name, v)))
	}
}

// tokenShape is the form of a Discord bot token: three base64url parts.
var tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]{18,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$`)

var snowflakeShape = regexp.MustCompile(`^[0-9]{15,21}$`)

func (p *parser) snowflake(name string) string {
	v := p.str(name)
	if v != "" && !snowflakeShape.MatchString(v) {
		p.fail(name, fmt.Sprintf("must be a Discord ID (15 to 21 digits; Developer Mode, right-click, Copy ID), not %s", shown(name, v)))
	}
	return v
}

func (p *parser) snowflakes(name string) []string {
	var ids []string
	for _, v := range strings.Split(p.str(name), ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if !snowflakeShape.MatchString(v) {
			p.fail(name, fmt.Sprintf("must be comma-separated Discord IDs (15 to 21 digits each); %s is not one", shown(name, v)))
			continue
		}
		ids = append(ids, v)
	}
	return ids
}

func (p *parser) boolean(name string) bool {
	v := p.str(name)
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, fmt.Sprintf("must be true or false, not %s", shown(name, v)))
		b, _ = strconv.ParseBool(varOf(name).Default)
	}
	return b
}

func (p *parser) duration(name string, lo, hi time.Duration) time.Duration {
	v := p.str(name)
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || d > hi {
		p.fail(name, fmt.Sprintf("must be a duration from %s to %s such as 30s or 2m, not %s", lo, hi, shown(name, v)))
		d, _ = time.ParseDuration(varOf(name).Default)
	}
	return d
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
