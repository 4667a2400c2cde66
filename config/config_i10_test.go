package config

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dotenvProblem is the whole vocabulary of a .env error: a file, a line
// number and what is wrong. Nothing of the file's text can match it.
var dotenvProblem = regexp.MustCompile(`^\S+ line \d+: (expected KEY=VALUE|expected KEY=VALUE: the name is missing|expected KEY=VALUE: a name holds only letters, digits, _ and \.|the quoted value is never closed|unexpected text after the closing quote)$`)

// checkDotenvError fails unless err consists of dotenvProblem lines only.
func checkDotenvError(tb testing.TB, err error) {
	tb.Helper()
	for _, line := range strings.Split(err.Error(), "\n") {
		if !dotenvProblem.MatchString(line) {
			tb.Fatalf("error line %q is not a bare line-numbered problem (whole error %q)", line, err)
		}
	}
}

func TestDotenvErrorsNameTheLineNeverTheText(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"a line of prose", "LOG_LEVEL=info\nmy token is below\nOPENAI_API_KEY=sk-SECRETKEY123\n", ".env line 2: expected KEY=VALUE"},
		{"a pasted key alone", "TOP_K=3\n\nsk-SECRETKEY123\n", ".env line 3: expected KEY=VALUE"},
		{"an unclosed quote", "DISCORD_TOKEN=\"MTIzSECRETKEY123\nTOP_K=3\n", ".env line 1: the quoted value is never closed"},
		{"an unclosed single quote", "A=1\nOPENAI_API_KEY='sk-SECRETKEY123", ".env line 2: the quoted value is never closed"},
		{"no name", "=sk-SECRETKEY123\n", ".env line 1: expected KEY=VALUE: the name is missing"},
		{"a bad name", "OPENAI-API-KEY=sk-SECRETKEY123\n", ".env line 1: expected KEY=VALUE: a name holds only letters, digits, _ and ."},
		{"a yaml line", "OPENAI_API_KEY: sk-SECRETKEY123\n", ".env line 1: expected KEY=VALUE"},
		{"text after the quote", "OPENAI_API_KEY=\"sk-SECRET\"KEY123\n", ".env line 1: unexpected text after the closing quote"},
		{"CRLF line ends", "A=1\r\nsk-SECRETKEY123\r\n", ".env line 2: expected KEY=VALUE"},
		{"export and nothing", "export \nA=1\nexport # sk-SECRETKEY123\n", ".env line 1: expected KEY=VALUE\n.env line 3: expected KEY=VALUE"},
		{"every problem at once", "sk-SECRETKEY123\nB=2\nC D=sk-SECRETKEY123\n", ".env line 1: expected KEY=VALUE\n.env line 3: expected KEY=VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseDotenv(".env", []byte(tt.text))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("got %q, want %q", err, tt.want)
			}
			for _, secret := range []string{"SECRET", "MTIz", "token is below", "sk-"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error %q shows the file's text %q", err, secret)
				}
			}
			checkDotenvError(t, err)
		})
	}
}

func TestDotenvValidForms(t *testing.T) {
	text := "\ufeff# comment\n  \nexport TOP_K=9\nDATA_DIR=\"/quoted dir\" # trailing comment\nLOG_LEVEL = warn\n" +
		"OPENAI_MODEL='llama3.1'\nMULTI=\"one\ntwo\"\nEMPTY=\nHASH=a#b\r\nLAST=x"
	m, err := parseDotenv(".env", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"TOP_K": "9", "DATA_DIR": "/quoted dir", "LOG_LEVEL": "warn", "OPENAI_MODEL": "llama3.1",
		"MULTI": "one\ntwo", "EMPTY": "", "HASH": "a#b", "LAST": "x"}
	for k, v := range want {
		if got, ok := m[k]; !ok || got != v {
			t.Errorf("%s: got %q (set %v), want %q", k, got, ok, v)
		}
	}
	if len(m) != len(want) {
		t.Errorf("got %d variables %v, want %d", len(m), m, len(want))
	}
}

func TestReadDotenvFile(t *testing.T) {
	dir := t.TempDir()
	m, err := ReadDotenv(filepath.Join(dir, "missing.env"))
	if err != nil || len(m) != 0 {
		t.Fatalf("a missing file: got %v, %v; want no variables and no error", m, err)
	}
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte("LOG_LEVEL=info\nmy token is below\nOPENAI_API_KEY=sk-SECRETKEY123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = ReadDotenv(path)
	if err == nil || !strings.HasSuffix(err.Error(), "line 2: expected KEY=VALUE") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("got %v, want a line-2 error without the file's text", err)
	}
}

func TestURLPasswordsAreNotShown(t *testing.T) {
	for _, vars := range []map[string]string{
		{"OPENAI_BASE_URL": "ftp://user:sekrit@host/v1"},
		{"OPENAI_BASE_URL": "http://user:sekrit@host:port:bad/v1"},
		{"OPENAI_BASE_URL": "user:sekrit@host/v1"},
		{"DISCORD_API_URL": "ftp://user:sekrit@host/api/v9"},
		{"DISCORD_API_URL": "http://user:sek%zzrit@host/api"},
	} {
		_, err := Load(Map(vars))
		if err == nil {
			t.Errorf("%v: got no error", vars)
			continue
		}
		if strings.Contains(err.Error(), "sekrit") || strings.Contains(err.Error(), "sek%zzrit") {
			t.Errorf("%v: the error shows the password: %v", vars, err)
		}
		if !strings.Contains(err.Error(), "xxxxx@") {
			t.Errorf("%v: got %v, want the URL shown with its user information replaced by xxxxx", vars, err)
		}
	}
}

func TestSuggestForMisspeltNames(t *testing.T) {
	tests := []struct{ name, want string }{
		{"TOPK", "TOP_K"}, {"REPORTPATH", "REPORT_PATH"}, {"top_k", "TOP_K"}, {"DATADIR", "DATA_DIR"},
		{"LOG_LEVL", "LOG_LEVEL"}, {"OPENAI_BASEURL", "OPENAI_BASE_URL"}, {"DISCORD_TOKN", "DISCORD_TOKEN"},
		{"ALLOW_DM", "ALLOW_DMS"}, {"OPENAI_API_KYE", "OPENAI_API_KEY"},
		// Not near misses: other programs' variables, and known names.
		{"TOP_K", ""}, {"PATH", ""}, {"HOME", ""}, {"TOP_P", ""}, {"GOPATH", ""}, {"LANG", ""}, {"SHELL", ""},
		{"LOGNAME", ""}, {"OPENAI_ORG_ID", ""}, {"DISCORD_BOT", ""}, {"TERM", ""}, {"PWD", ""}, {"HOSTNAME", ""},
	}
	for _, tt := range tests {
		if got, _ := Suggest(tt.name); got != tt.want {
			t.Errorf("Suggest(%q): got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFromEnvironmentWarnsOfMisspeltNames(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile(".env", []byte("REPORTPATH=/tmp/r.txt\nTOP_K=4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TOPK": "3", "PATH": "/bin", "HOME": "/root"}
	look, warnings, err := FromEnvironment(func(k string) string { return env[k] }, []string{"TOPK=3", "PATH=/bin", "HOME=/root"})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(warnings, "\n")
	want := "TOPK (in the environment) is not a setting: did you mean TOP_K?\nREPORTPATH (in .env) is not a setting: did you mean REPORT_PATH?"
	if got != want {
		t.Errorf("got warnings %q, want %q", got, want)
	}
	if v, _ := look("TOP_K"); v != "4" {
		t.Errorf("TOP_K: got %q, want 4 from .env", v)
	}
}

func TestFlagsAreCheckedLikeTheirVariables(t *testing.T) {
	for _, k := range []string{"0", "21", "-3"} {
		_, err := LoadWithFlags(map[string]string{"TOP_K": k}, Map(nil))
		want := `-k must be a whole number from 1 to 20, not "` + k + `"`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("-k %s: got %v, want an error saying %q", k, err, want)
		}
	}
	_, err := LoadWithFlags(nil, Map(map[string]string{"TOP_K": "0"}))
	if err == nil || !strings.Contains(err.Error(), `TOP_K (-k) must be a whole number from 1 to 20, not "0"`) {
		t.Errorf("TOP_K=0: got %v", err)
	}
	cfg, err := LoadWithFlags(map[string]string{"TOP_K": "7"}, Map(map[string]string{"TOP_K": "0"}))
	if err != nil || cfg.TopK != 7 {
		t.Errorf("-k 7 over TOP_K=0: got %d, %v; want 7 (the flag wins, the variable it hides is not checked)", cfg.TopK, err)
	}
}

func TestBooleanSpellings(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "yes": true, "YES": true, "On": true, "1": true,
		"false": false, "no": false, "No": false, "OFF": false, "0": false, " yes ": true} {
		cfg, err := Load(Map(map[string]string{"ALLOW_DMS": v}))
		if err != nil || cfg.Discord.AllowDMs != want {
			t.Errorf("ALLOW_DMS=%q: got %v, %v; want %v", v, cfg.Discord.AllowDMs, err, want)
		}
	}
	_, err := Load(Map(map[string]string{"ALLOW_DMS": "maybe"}))
	if err == nil || !strings.Contains(err.Error(), `ALLOW_DMS must be true or false (or yes/no, on/off, 1/0), not "maybe"`) {
		t.Errorf("ALLOW_DMS=maybe: got %v", err)
	}
}

func TestExplicitlyEmptyModelNames(t *testing.T) {
	tests := []struct {
		name    string
		vars    map[string]string
		wantErr string
	}{
		{"empty chat model with a key", map[string]string{"OPENAI_API_KEY": "sk-abc", "OPENAI_MODEL": ""},
			"OPENAI_MODEL is set but empty: set it to the chat model to use, for example gpt-4o-mini or llama3.1, or remove it for gpt-4o-mini"},
		{"blank chat model with a server", map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "  "},
			"OPENAI_MODEL is set but empty"},
		{"empty embedding model with API embeddings", map[string]string{"OPENAI_API_KEY": "sk-abc", "EMBEDDING_PROVIDER": "openai", "EMBEDDING_MODEL": ""},
			"EMBEDDING_MODEL is set but empty"},
		{"empty chat model without a model server", map[string]string{"OPENAI_MODEL": ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(Map(tt.vars))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error saying %q", err, tt.wantErr)
			}
		})
	}
	// In the environment, an empty variable is told from an unset one by
	// the list of names.
	t.Chdir(t.TempDir())
	env := map[string]string{"OPENAI_API_KEY": "sk-abc", "OPENAI_MODEL": ""}
	look, _, err := FromEnvironment(func(k string) string { return env[k] }, []string{"OPENAI_API_KEY=sk-abc", "OPENAI_MODEL="})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(look); err == nil || !strings.Contains(err.Error(), "OPENAI_MODEL is set but empty") {
		t.Errorf("OPENAI_MODEL= in the environment: got %v", err)
	}
	// An empty value still gives way to a value in a lower layer.
	cfg, err := Load(Layered(Map(map[string]string{"OPENAI_MODEL": ""}), Map(map[string]string{"OPENAI_API_KEY": "sk-abc", "OPENAI_MODEL": "llama3.1"})))
	if err != nil || cfg.Model.ChatModel != "llama3.1" {
		t.Errorf("empty over llama3.1: got %q, %v", cfg.Model.ChatModel, err)
	}
}

func TestDataDirMustBeADirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "passwd")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ dataDir, wantErr string }{
		{file, `DATA_DIR must be a directory, but "` + file + `" is a file`},
		{filepath.Join(file, "sub"), `DATA_DIR must be a directory, but "` + file + `" is a file`},
		{filepath.Join(dir, "missing", "data"), ""},
		{dir, ""},
	} {
		_, err := Load(Map(map[string]string{"DATA_DIR": tt.dataDir}))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: got %v, want no error (a missing directory is created)", tt.dataDir, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: got %v, want an error saying %q", tt.dataDir, err, tt.wantErr)
		}
	}
}

func TestLogLevelDefaultIsLeftToTheCommand(t *testing.T) {
	cfg, err := Load(Map(nil))
	if err != nil || cfg.LogLevelSet {
		t.Errorf("LOG_LEVEL unset: got LogLevelSet %v, %v; want false", cfg.LogLevelSet, err)
	}
	cfg, err = Load(Map(map[string]string{"LOG_LEVEL": "info"}))
	if err != nil || !cfg.LogLevelSet {
		t.Errorf("LOG_LEVEL=info: got LogLevelSet %v, %v; want true", cfg.LogLevelSet, err)
	}
}

// TestEnvExampleMeansTheDefaults: a .env copied from .env.example reads
// cleanly, warns of nothing and changes nothing (the commands stay quiet).
func TestEnvExampleMeansTheDefaults(t *testing.T) {
	m, err := ReadDotenv("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if w := nearMisses(slices.Sorted(maps.Keys(m)), ".env"); len(w) > 0 {
		t.Errorf("warnings: %q", w)
	}
	got, err := Load(Map(m))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Load(Map(nil))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want the defaults %+v", got, want)
	}
}
