package config

import (
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(Map(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{DataDir: "./data", PDFCacheDir: "data/cache/pdfium", PDFTimeout: 45 * time.Second, TopK: 5, MaxQuestionChars: 1000, LogLevel: slog.LevelInfo, LogFormat: "text",
		Model: Model{ChatModel: "gpt-4o-mini", Embeddings: "local", EmbeddingModel: "text-embedding-3-small",
			Timeout: 20 * time.Second, ConnectTimeout: 10 * time.Second, MaxRetries: 3, MaxTokens: 400},
		Discord: Discord{APIURL: DefaultDiscordAPI, AllowDMs: true, RatePerMinute: 5, RateBurst: 3, MaxConcurrent: 8,
			AnswerTimeout: 30 * time.Second, ShutdownTimeout: 10 * time.Second, ShardCount: 1}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v, want %+v", cfg, want)
	}
}

func TestLayersInOrder(t *testing.T) {
	flags := Map(map[string]string{"TOP_K": "7"})
	env := Env(func(name string) string {
		return map[string]string{"TOP_K": "3", "DATA_DIR": "/env/data", "LOG_LEVEL": ""}[name]
	})
	dotenv := Map(map[string]string{"TOP_K": "2", "DATA_DIR": "/dotenv/data", "LOG_LEVEL": "debug", "LOG_FORMAT": "JSON"})
	cfg, err := Load(Layered(flags, env, dotenv))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TopK != 7 || cfg.DataDir != "/env/data" || cfg.LogLevel != slog.LevelDebug || cfg.LogFormat != "json" {
		t.Errorf("got %+v: want TOP_K from flags, DATA_DIR from env, LOG_LEVEL (empty in env) and LOG_FORMAT from .env", cfg)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := Load(Map(map[string]string{"TOP_K": "0", "MAX_QUESTION_CHARS": "lots", "LOG_LEVEL": "loud", "LOG_FORMAT": "xml"}))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		`TOP_K (-k) must be a whole number from 1 to 20, not "0"`,
		`MAX_QUESTION_CHARS must be a whole number from 20 to 10000, not "lots"`,
		`LOG_LEVEL must be one of debug, info, warn, error, not "loud"`,
		`LOG_FORMAT must be one of text, json, not "xml"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestModelSettings(t *testing.T) {
	tests := []struct {
		name    string
		vars    map[string]string
		want    Model
		wantErr string
	}{
		{"a key alone means OpenAI", map[string]string{"OPENAI_API_KEY": "sk-abc"},
			Model{APIKey: "sk-abc", BaseURL: DefaultOpenAIURL}, ""},
		{"a local server needs no key", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1/", "OPENAI_MODEL": "llama3.1", "EMBEDDING_PROVIDER": "openai", "EMBEDDING_MODEL": "nomic-embed-text"},
			Model{BaseURL: "http://localhost:11434/v1", ChatModel: "llama3.1", Embeddings: "openai", EmbeddingModel: "nomic-embed-text"}, ""},
		{"API embeddings need a server", map[string]string{"EMBEDDING_PROVIDER": "openai"}, Model{}, "EMBEDDING_PROVIDER is openai, but neither OPENAI_BASE_URL nor OPENAI_API_KEY is set"},
		{"a bad URL", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, Model{}, `OPENAI_BASE_URL must be an http or https URL`},
		{"the model must leave time for the fallback", map[string]string{"OPENAI_API_KEY": "sk-abc", "MODEL_TIMEOUT": "30s"}, Model{}, "MODEL_TIMEOUT must be shorter than ANSWER_TIMEOUT (30s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(Map(tt.vars))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error saying %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "sk-abc") {
					t.Errorf("the key is in the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := cfg.Model
			if m.APIKey != tt.want.APIKey || m.BaseURL != tt.want.BaseURL || !m.Generates() ||
				(tt.want.ChatModel != "" && m.ChatModel != tt.want.ChatModel) || (tt.want.Embeddings != "" && m.Embeddings != tt.want.Embeddings) ||
				(tt.want.EmbeddingModel != "" && m.EmbeddingModel != tt.want.EmbeddingModel) {
				t.Errorf("got %+v, want %+v", m, tt.want)
			}
		})
	}
}

func TestSecretsAreNotEchoed(t *testing.T) {
	Vars = append(Vars, Var{Name: "TEST_SECRET_NUMBER", Secret: true})
	defer func() { Vars = Vars[:len(Vars)-1] }()
	p := parser{look: Map(map[string]string{"TEST_SECRET_NUMBER": "hunter2"})}
	p.intIn("TEST_SECRET_NUMBER", 1, 2)
	if len(p.errs) != 1 || strings.Contains(p.errs[0].Error(), "hunter2") {
		t.Errorf("got %v: want one error without the secret", p.errs)
	}
}

var update = flag.Bool("update", false, "rewrite .env.example from Vars")

// envExample renders .env.example from Vars.
func envExample() string {
	var b strings.Builder
	b.WriteString("# reportbot settings. Copy to .env and edit; real environment variables win\n")
	b.WriteString("# over .env, and command-line flags win over both. See README.md.\n")
	for i, v := range Vars {
		if i > 0 && v.Name == "DISCORD_TOKEN" {
			b.WriteString("\n# --- reportbot serve (Discord) ---\n")
		}
		fmt.Fprintf(&b, "\n# %s\n%s=%s\n", v.Help, v.Name, v.Default)
	}
	return b.String()
}

// TestEveryVariableIsDocumented keeps .env.example (a golden file: go test
// ./config -update rewrites it) and the README in step with Vars.
func TestEveryVariableIsDocumented(t *testing.T) {
	if *update {
		if err := os.WriteFile("../.env.example", []byte(envExample()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if string(example) != envExample() {
		t.Errorf(".env.example is out of date with Vars; run go test ./config -update")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Vars {
		if !strings.Contains(string(readme), "`"+v.Name+"`") {
			t.Errorf("README.md does not document `%s`", v.Name)
		}
	}
}

const goodToken = "MTAxMjM0NTY3ODkwMTIzNDU2Nzg.GAbCdE.abcdefghijklmnopqrstuvwxyz0123"

func TestDiscordSettings(t *testing.T) {
	cfg, err := Load(Map(map[string]string{
		"DISCORD_TOKEN": "Bot " + goodToken, "DISCORD_GUILD_ID": "123456789012345678",
		"DISCORD_API_URL": "http://127.0.0.1:9999/api/v9/", "ALLOWED_GUILD_IDS": "123456789012345678, 223456789012345678",
		"ALLOW_DMS": "false", "ANSWER_TIMEOUT": "2m", "SHARD_ID": "1", "SHARD_COUNT": "2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Discord
	if d.Token != goodToken || d.GuildID != "123456789012345678" || d.APIURL != "http://127.0.0.1:9999/api/v9" ||
		len(d.AllowedGuilds) != 2 || d.AllowDMs || d.AnswerTimeout != 2*time.Minute || d.ShardID != 1 || d.ShardCount != 2 {
		t.Errorf("got %+v", d)
	}
	if err := cfg.RequireDiscord(); err != nil {
		t.Errorf("RequireDiscord: %v", err)
	}
}

func TestDiscordSettingsErrors(t *testing.T) {
	if err := (Config{}).RequireDiscord(); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN is not set") {
		t.Errorf("missing token: got %v", err)
	}
	secret := "not-a-token-but-a-secret"
	_, err := Load(Map(map[string]string{
		"DISCORD_TOKEN": secret, "DISCORD_GUILD_ID": "guild", "DISCORD_API_URL": "ftp://x",
		"ALLOWED_CHANNEL_IDS": "1,2", "ALLOW_DMS": "maybe", "ANSWER_TIMEOUT": "forever", "SHARD_ID": "2", "SHARD_COUNT": "2",
	}))
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{"DISCORD_TOKEN does not look like a bot token", "DISCORD_GUILD_ID must be a Discord ID",
		"DISCORD_API_URL must be an http or https URL", "ALLOWED_CHANNEL_IDS must be comma-separated Discord IDs",
		"ALLOW_DMS must be true or false", "ANSWER_TIMEOUT must be a duration", "SHARD_ID must be less than SHARD_COUNT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), secret) {
		t.Error("the error shows the token")
	}
}

// FuzzLoad checks settings parsing on any values and any .env text: no
// panic; a .env error says only which lines are wrong and how, never any of
// the file's text; a .env the check accepts is read by godotenv as the
// check read it; and a settings error never shows a secret's value or the
// password of a URL.
func FuzzLoad(f *testing.F) {
	f.Add("5", "30s", "http://localhost:11434/v1", "openai", "sk-secret-value-123", "OTAw.GfA.fake-token-secret-value", "127.0.0.1:9090", "")
	f.Add("-1", "forever", "ftp://x", "magic", "", "Bot \x00", "::::", "LOG_LEVEL=info\nmy token is below\nOPENAI_API_KEY=sk-SECRETKEY123\n")
	f.Add("3", "1m", "ftp://user:sekrit@host/v1", "local", "", "", "", "DISCORD_TOKEN=\"MTIzNDU2\nexport TOP_K = '3' # c\nA=\"x\" y\n")
	f.Add("3", "1m", "http://u:p4ssw0rd-secret@h:1:2/v1", "local", "", "", "", "OPENAI_API_KEY=\"sk-in-dotenv-secret\"\nDISCORD_TOKEN=not-a-token-secret\n")
	f.Fuzz(func(t *testing.T, topK, timeout, baseURL, provider, key, token, metrics, dotenv string) {
		fromFile, err := parseDotenv(".env", []byte(dotenv))
		if err != nil {
			checkDotenvError(t, err)
			fromFile = nil
		} else {
			normal := strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(dotenv, "\ufeff"), "\r\n", "\n"), "\r", "\n")
			names, _ := checkDotenv(".env", []byte(normal))
			if got, want := slices.Sorted(maps.Keys(fromFile)), slices.Compact(slices.Sorted(slices.Values(names))); !slices.Equal(got, want) {
				t.Fatalf("godotenv read names %q, the check %q", got, want)
			}
		}
		vars := map[string]string{
			"TOP_K": topK, "ANSWER_TIMEOUT": timeout, "MODEL_TIMEOUT": timeout, "OPENAI_BASE_URL": baseURL,
			"EMBEDDING_PROVIDER": provider, "OPENAI_API_KEY": key, "DISCORD_TOKEN": token, "METRICS_ADDR": metrics,
		}
		load := func(baseURL string) error {
			v := maps.Clone(vars)
			v["OPENAI_BASE_URL"] = baseURL
			_, err := Load(Layered(Map(v), Map(fromFile)))
			return err
		}
		err = load(baseURL)
		if err == nil {
			return
		}
		inputs := baseURL + topK + timeout + provider + metrics
		for _, secret := range []string{key, token, fromFile["OPENAI_API_KEY"], fromFile["DISCORD_TOKEN"]} {
			secret = strings.TrimPrefix(strings.TrimSpace(secret), "Bot ")
			if len(secret) >= 8 && strings.Contains(err.Error(), secret) && !strings.Contains(inputs, secret) {
				t.Fatalf("the error shows a secret: %v", err)
			}
		}
		// A URL's password must not show: compare with the error for the
		// same URL with another password, so that a password that happens
		// to be words of the message is not taken for a leak.
		if u, perr := url.Parse(strings.TrimRight(strings.TrimSpace(baseURL), "/")); perr == nil {
			if pw, ok := u.User.Password(); ok && len(pw) >= 4 && strings.Contains(err.Error(), pw) {
				u.User = url.UserPassword(u.User.Username(), "Q9zQ9zQ9z")
				if ref := load(u.String()); ref == nil || !strings.Contains(ref.Error(), pw) {
					t.Fatalf("the error shows the URL's password %q: %v", pw, err)
				}
			}
		}
	})
}

func TestBaseURLHints(t *testing.T) {
	tests := []struct {
		url, want, hint string // hint: what the warning says; "" for none
	}{
		{"https://api.openai.com/v1", "https://api.openai.com/v1", ""},
		{"http://localhost:11434/v1/", "http://localhost:11434/v1", ""},
		{"https://generativelanguage.googleapis.com/v1beta/openai", "https://generativelanguage.googleapis.com/v1beta/openai", "does not end in a version"},
		{"http://localhost:11434", "http://localhost:11434", "does not end in a version such as /v1"},
		{"http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1", "ends in /chat/completions"},
		{"http://user:sekrit@host:8000/v1/chat/completions/", "http://user:sekrit@host:8000/v1", "using http://xxxxx@host:8000/v1"},
	}
	for _, tt := range tests {
		cfg, err := Load(Map(map[string]string{"OPENAI_BASE_URL": tt.url}))
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		if cfg.Model.BaseURL != tt.want {
			t.Errorf("%s: got base URL %q, want %q", tt.url, cfg.Model.BaseURL, tt.want)
		}
		got := strings.Join(cfg.Warnings, "\n")
		if (tt.hint == "") != (got == "") || !strings.Contains(got, tt.hint) || strings.Contains(got, "sekrit") {
			t.Errorf("%s: got warnings %q, want one saying %q", tt.url, got, tt.hint)
		}
	}
}
