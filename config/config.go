// Package config reads reportbot's settings from the environment and from a
// .env file, and validates them all at once.
//
// It is the only package that reads the environment. It does not act on the
// settings: the main package wires them into the other packages.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"reportbot/redact"
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
	{Name: "REPORT_PATH", Flag: "--report", Help: "Report to answer from: a .txt, .md, .html or .pdf file, or a directory of them. Empty: the bundled report."},
	{Name: "DATA_DIR", Default: "./data", Help: "Directory for the persisted index (created if missing)."},
	{Name: "PDF_CACHE_DIR", Help: "Directory for the PDF engine's compiled code, kept so that only the first PDF on a machine waits seconds for it; empty: DATA_DIR/cache/pdfium."},
	{Name: "PDF_TIMEOUT", Default: "45s", Help: "Longest the reading of one PDF may take, plus a quarter second for each of its pages, before it is given up with an error."},
	{Name: "TOP_K", Default: "5", Flag: "-k", Help: "Passages retrieved per question, 1 to 20."},
	{Name: "MAX_QUESTION_CHARS", Default: "1000", Help: "Longest question accepted, in characters, 20 to 10000."},
	{Name: "LOG_LEVEL", Help: "Log detail: debug, info, warn or error. Empty: warn for ask, passages and eval, info for index and serve."},
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
	{Name: "ALLOWED_CHANNEL_IDS", Help: "Comma-separated channel IDs the bot answers in (their threads and forum posts too); empty: every channel it can see."},
	{Name: "ALLOW_DMS", Default: "true", Help: "Answer questions sent by direct message: true or false (yes/no, on/off, 1/0)."},
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
	PDFCacheDir      string        // compiled PDF engine code; never empty after Load
	PDFTimeout       time.Duration // bound on reading one PDF
	TopK             int
	MaxQuestionChars int
	LogLevel         slog.Level // info when LOG_LEVEL is not set
	LogLevelSet      bool       // LOG_LEVEL was set; commands that are quiet by default log at warn otherwise
	LogFormat        string     // "text" or "json"
	Model            Model
	Discord          Discord
	// Warnings are hints about settings that are valid but probably not
	// what was meant, for the log: an OPENAI_BASE_URL not ending in /v1.
	Warnings []string
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

// baseURLHint checks a model server's base URL: one that ends in an
// endpoint's path (go-openai appends /chat/completions and /embeddings
// itself) is cut back to its base, and one that does not end in a version
// such as /v1, as the servers reportbot talks to expect, gets a hint. It
// returns the URL to use and the hint, if any. The URL's user information
// is never in the hint.
func baseURLHint(u string) (string, string) {
	for _, endpoint := range []string{"/chat/completions", "/completions", "/embeddings"} {
		if strings.HasSuffix(strings.ToLower(u), endpoint) {
			base := strings.TrimRight(u[:len(u)-len(endpoint)], "/")
			return base, fmt.Sprintf("OPENAI_BASE_URL ends in %s, which is added to it for each request: using %s", endpoint, redact.URL(base))
		}
	}
	if !versioned.MatchString(u) {
		return u, fmt.Sprintf("OPENAI_BASE_URL %s does not end in a version such as /v1, which OpenAI-compatible servers usually need (for Ollama: http://localhost:11434/v1); a 404 from the server would mean it is missing", redact.URL(u))
	}
	return u, ""
}

// versioned matches a base URL ending in an API version: /v1, /v1beta,
// /openai/v1.
var versioned = regexp.MustCompile(`(?i)/v\d+[a-z0-9]*$`)

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

// Lookup returns the value of a variable and whether it is set. A variable
// set to an empty (or blank) value means its default, like an unset one,
// except where an empty value cannot be meant (OPENAI_MODEL with a model
// server): that is an error.
type Lookup func(name string) (string, bool)

// Env adapts a getenv function, which cannot tell an empty variable from an
// unset one: an empty value counts as unset.
func Env(getenv func(string) string) Lookup {
	return func(name string) (string, bool) {
		v := getenv(name)
		return v, v != ""
	}
}

// Map serves variables from m; a name present with an empty value is set,
// to "".
func Map(m map[string]string) Lookup {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok
	}
}

// Layered looks a variable up in each Lookup in turn and returns the first
// value that is not blank: put command-line flags first, then the
// environment, then the .env file. A variable that some layer sets only to
// a blank value is set, to that value.
func Layered(lookups ...Lookup) Lookup {
	return func(name string) (string, bool) {
		blank, set := "", false
		for _, l := range lookups {
			v, ok := l(name)
			if ok && strings.TrimSpace(v) != "" {
				return v, true
			}
			if ok && !set {
				blank, set = v, true
			}
		}
		return blank, set
	}
}

// FromEnvironment returns the usual layers: the real environment, then the
// .env file in the working directory, which never overrides the
// environment. Values come from getenv; environ (as os.Environ gives it,
// NAME=VALUE) tells an empty variable from an unset one, and its names and
// those of .env are checked for near misses of reportbot's own: warnings
// holds one line for each ("TOPK (in .env) is not a setting: did you mean
// TOP_K?"). The error is a malformed .env, each bad line named, its text
// never shown.
func FromEnvironment(getenv func(string) string, environ []string) (look Lookup, warnings []string, err error) {
	dotenv, err := ReadDotenv(".env")
	if err != nil {
		return nil, nil, err
	}
	present := map[string]bool{}
	var envNames []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		present[name] = true
		envNames = append(envNames, name)
	}
	env := func(name string) (string, bool) {
		v := getenv(name)
		return v, v != "" || present[name]
	}
	warnings = append(nearMisses(envNames, "the environment"), nearMisses(slices.Sorted(maps.Keys(dotenv)), ".env")...)
	return Layered(env, Map(dotenv)), warnings, nil
}

// nearMisses warns of each name that looks like a misspelt setting.
func nearMisses(names []string, where string) []string {
	var out []string
	for _, n := range names {
		if known, ok := Suggest(n); ok {
			out = append(out, fmt.Sprintf("%s (in %s) is not a setting: did you mean %s?", n, where, known))
		}
	}
	return out
}

// Suggest returns the setting that name is a near miss of: the same letters
// but for case and underscores (TOPK, top_k for TOP_K), or one or two
// letters off in a long name (LOG_LEVL, OPENAI_API_KYE). A setting's own
// name, and names not close to any (PATH, TOP_P), give false: other
// programs' variables are none of reportbot's business.
func Suggest(name string) (string, bool) {
	if slices.ContainsFunc(Vars, func(v Var) bool { return v.Name == name }) {
		return "", false
	}
	n := squash(name)
	allowed := 0
	switch {
	case len(n) >= 10:
		allowed = 2
	case len(n) >= 5:
		allowed = 1
	}
	best, bestDist := "", allowed+1
	for _, v := range Vars {
		if d := editDistance(n, squash(v.Name)); d < bestDist {
			best, bestDist = v.Name, d
		}
	}
	return best, best != ""
}

// squash lowercases a name and drops its underscores.
func squash(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}

// editDistance is the optimal string alignment distance of a and b:
// insertions, deletions, substitutions and swaps of neighbours, in bytes.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Load reads and validates every setting. The error lists every problem,
// each naming its variable and what a good value looks like.
func Load(look Lookup) (Config, error) { return LoadWithFlags(nil, look) }

// LoadWithFlags is Load with the values of command-line flags over look:
// flags maps a variable to the text of the flag that sets it (TOP_K: the
// text of -k). A flag's value is checked exactly like its variable's, and a
// problem with it names the flag.
func LoadWithFlags(flags map[string]string, look Lookup) (Config, error) {
	p := parser{look: Layered(Map(flags), look), flags: flags}
	cfg := Config{
		ReportPath:       p.str("REPORT_PATH"),
		DataDir:          p.str("DATA_DIR"),
		TopK:             p.intIn("TOP_K", 1, 20),
		MaxQuestionChars: p.intIn("MAX_QUESTION_CHARS", 20, 10000),
		LogFormat:        p.oneOf("LOG_FORMAT", "text", "json"),
	}
	cfg.LogLevelSet = p.str("LOG_LEVEL") != ""
	level := "info"
	if cfg.LogLevelSet {
		level = p.oneOf("LOG_LEVEL", "debug", "info", "warn", "error")
	}
	switch level {
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
	} else if file := notADirectory(cfg.DataDir); file != "" {
		p.fail("DATA_DIR", fmt.Sprintf("must be a directory, but %s is a file", strconv.Quote(file)))
	}
	cfg.PDFCacheDir = p.str("PDF_CACHE_DIR")
	if cfg.PDFCacheDir == "" {
		cfg.PDFCacheDir = filepath.Join(cfg.DataDir, "cache", "pdfium")
	}
	cfg.PDFTimeout = p.duration("PDF_TIMEOUT", time.Second, time.Hour)
	m := &cfg.Model
	m.APIKey = p.str("OPENAI_API_KEY")
	m.BaseURL = strings.TrimRight(p.str("OPENAI_BASE_URL"), "/")
	if m.BaseURL == "" && m.APIKey != "" {
		m.BaseURL = DefaultOpenAIURL
	}
	if m.BaseURL != "" {
		p.httpURL("OPENAI_BASE_URL", m.BaseURL, DefaultOpenAIURL+" or http://localhost:11434/v1")
		var hint string
		m.BaseURL, hint = baseURLHint(m.BaseURL)
		if hint != "" {
			cfg.Warnings = append(cfg.Warnings, hint)
		}
	}
	m.ChatModel = p.str("OPENAI_MODEL")
	if m.Generates() && p.setBlank("OPENAI_MODEL") {
		p.fail("OPENAI_MODEL", "is set but empty: set it to the chat model to use, for example gpt-4o-mini or llama3.1, or remove it for "+varOf("OPENAI_MODEL").Default)
	}
	m.Embeddings = p.oneOf("EMBEDDING_PROVIDER", "local", "openai")
	m.EmbeddingModel = p.str("EMBEDDING_MODEL")
	if m.Embeddings == "openai" && m.BaseURL == "" {
		p.fail("EMBEDDING_PROVIDER", "is openai, but neither OPENAI_BASE_URL nor OPENAI_API_KEY is set: set one, or use local")
	}
	if m.Embeddings == "openai" && p.setBlank("EMBEDDING_MODEL") {
		p.fail("EMBEDDING_MODEL", "is set but empty: set it to the embedding model to use, for example text-embedding-3-small or nomic-embed-text, or remove it for "+varOf("EMBEDDING_MODEL").Default)
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
	look  Lookup
	flags map[string]string // values given by command-line flags
	errs  []error
}

// fail records a problem with a variable, named by its flag when the
// value came from the flag.
func (p *parser) fail(name, msg string) {
	switch f := varOf(name).Flag; {
	case f != "" && strings.TrimSpace(p.flags[name]) != "":
		name = f
	case f != "":
		name += " (" + f + ")"
	}
	p.errs = append(p.errs, fmt.Errorf("  %s %s", name, msg))
}

// str returns the variable's value, or its default when it is unset or
// blank.
func (p *parser) str(name string) string {
	if v, ok := p.look(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return varOf(name).Default
}

// setBlank reports a variable set, but only to a blank value.
func (p *parser) setBlank(name string) bool {
	v, ok := p.look(name)
	return ok && strings.TrimSpace(v) == ""
}

// notADirectory returns the part of path that exists and is not a
// directory ("" when there is none: path is a directory, or missing and
// can be made).
func notADirectory(path string) string {
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
		if parent := filepath.Dir(p); parent == p {
			return ""
		}
	}
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
		p.fail(name, fmt.Sprintf("must be an http or https URL such as %s, not %s", examples, strconv.Quote(redact.URL(v))))
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

// booleans are the spellings of true and false accepted, in lower case.
var booleans = map[string]bool{"true": true, "yes": true, "on": true, "1": true, "false": false, "no": false, "off": false, "0": false}

func (p *parser) boolean(name string) bool {
	v := p.str(name)
	b, ok := booleans[strings.ToLower(v)]
	if !ok {
		p.fail(name, fmt.Sprintf("must be true or false (or yes/no, on/off, 1/0), not %s", shown(name, v)))
		b = booleans[varOf(name).Default]
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
