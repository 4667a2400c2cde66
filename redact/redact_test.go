package redact

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ftp://user:sekrit@host/v1", "ftp://xxxxx@host/v1"},
		{"http://user:sekrit@host:port:bad/v1", "http://xxxxx@host:port:bad/v1"},
		{"user:sekrit@host/v1", "xxxxx@host/v1"},
		{"http://u:p/w@host/v1", "http://xxxxx@host/v1"},
		{"http://localhost:11434/v1", "http://localhost:11434/v1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := URL(tt.in); got != tt.want {
			t.Errorf("URL(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURLs(t *testing.T) {
	in := `Get "http://user:sekrit@127.0.0.1:1/v1/chat": refused; see https://discord.com/x and mail a@b.c`
	want := `Get "http://xxxxx@127.0.0.1:1/v1/chat": refused; see https://discord.com/x and mail a@b.c`
	if got := URLs(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestHandlerScrubsEveryPart(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(Handler(slog.NewTextHandler(&buf, nil), func(s string) string { return Secrets(URLs(s), "sk-SECRET") }))
	log.With("base", "http://u:pw1@h/v1").WithGroup("g").Info("key sk-SECRET", "err", errors.New("with sk-SECRET"),
		slog.Group("inner", "url", "https://u:pw2@h"))
	out := buf.String()
	for _, leak := range []string{"sk-SECRET", "pw1", "pw2"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q shows in %s", leak, out)
		}
	}
	if !strings.Contains(out, "[redacted]") || !strings.Contains(out, "xxxxx@h") {
		t.Errorf("got %s, want the secret and passwords replaced", out)
	}
}
