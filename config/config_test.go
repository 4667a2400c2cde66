package config

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(Map(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{DataDir: "./data", TopK: 5, MaxQuestionChars: 1000, LogLevel: slog.LevelInfo, LogFormat: "text"}
	if cfg != want {
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

func TestSecretsAreNotEchoed(t *testing.T) {
	Vars = append(Vars, Var{Name: "TEST_SECRET_NUMBER", Secret: true})
	defer func() { Vars = Vars[:len(Vars)-1] }()
	p := parser{look: Map(map[string]string{"TEST_SECRET_NUMBER": "hunter2"})}
	p.intIn("TEST_SECRET_NUMBER", 1, 2)
	if len(p.errs) != 1 || strings.Contains(p.errs[0].Error(), "hunter2") {
		t.Errorf("got %v: want one error without the secret", p.errs)
	}
}

func TestReadDotenv(t *testing.T) {
	dir := t.TempDir()
	look, err := ReadDotenv(filepath.Join(dir, "missing.env"))
	if err != nil {
		t.Fatalf("a missing file is not an error: %v", err)
	}
	if _, ok := look("TOP_K"); ok {
		t.Error("a missing file has no variables")
	}
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte("# comment\nTOP_K=9\nDATA_DIR=\"/quoted dir\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	look, err = ReadDotenv(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := look("TOP_K"); v != "9" {
		t.Errorf("TOP_K: got %q, want 9", v)
	}
	if v, _ := look("DATA_DIR"); v != "/quoted dir" {
		t.Errorf("DATA_DIR: got %q", v)
	}
}

// TestEveryVariableIsDocumented keeps .env.example and the README in step
// with Vars.
func TestEveryVariableIsDocumented(t *testing.T) {
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Vars {
		if !strings.Contains(string(example), "# "+v.Help+"\n"+v.Name+"="+v.Default+"\n") {
			t.Errorf(".env.example lacks %s with its comment %q and default %q", v.Name, v.Help, v.Default)
		}
		if !strings.Contains(string(readme), "`"+v.Name+"`") {
			t.Errorf("README.md does not document `%s`", v.Name)
		}
	}
}
