package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// rewriteTransport sends every request for Discord's REST API (the gateway
// lookup included) to another base URL: a shared rate-limit proxy in front
// of many shards, or a fake Discord in tests. discordgo builds its endpoint
// URLs once, from package variables; rewriting at the transport leaves them
// alone and is safe for concurrent sessions.
type rewriteTransport struct {
	from string   // prefix to replace, e.g. "https://discord.com/api/v9/"
	to   *url.URL // base to put in its place
	next http.RoundTripper
}

// RoundTrip rewrites the request's URL when it starts with from.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	if !strings.HasPrefix(u, t.from) {
		return t.next.RoundTrip(req)
	}
	target, err := url.Parse(strings.TrimRight(t.to.String(), "/") + "/" + u[len(t.from):])
	if err != nil {
		return nil, fmt.Errorf("rewrite discord url: %w", err)
	}
	r := req.Clone(req.Context())
	r.URL = target
	r.Host = target.Host
	return t.next.RoundTrip(r)
}

// webhookToken matches the secret part of interaction and webhook URLs.
var webhookToken = regexp.MustCompile(`((?:interactions|webhooks)/\d+/)[A-Za-z0-9._-]+`)

// redactor scrubs secrets from text: the bot token, and the tokens in
// interaction and webhook URLs.
type redactor struct{ secrets []string }

func (r redactor) scrub(s string) string {
	for _, secret := range r.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return webhookToken.ReplaceAllString(s, "${1}[redacted]")
}

// redactHandler is a slog.Handler that scrubs every message and string,
// error or Stringer attribute before passing the record on.
type redactHandler struct {
	next slog.Handler
	r    redactor
}

func redacting(next slog.Handler, secrets ...string) slog.Handler {
	return &redactHandler{next: next, r: redactor{secrets: secrets}}
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.scrub(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.r.scrub(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, h.r.scrub(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.r.scrub(x.String()))
		}
	}
	return a
}

func (h *redactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		scrubbed[i] = h.attr(a)
	}
	return &redactHandler{next: h.next.WithAttrs(scrubbed), r: h.r}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{next: h.next.WithGroup(name), r: h.r}
}

var (
	bridgeMu  sync.Mutex
	bridgeLog *slog.Logger
)

// bridgeLogs sends discordgo's own log lines to log (already redacting).
// discordgo has one package-wide Logger, so the last bot made wins.
func bridgeLogs(log *slog.Logger) {
	bridgeMu.Lock()
	defer bridgeMu.Unlock()
	bridgeLog = log
	discordgo.Logger = func(level, _ int, format string, a ...any) {
		bridgeMu.Lock()
		l := bridgeLog
		bridgeMu.Unlock()
		lv := slog.LevelDebug
		switch level {
		case discordgo.LogError:
			lv = slog.LevelError
		case discordgo.LogWarning:
			lv = slog.LevelWarn
		}
		l.Log(context.Background(), lv, "discordgo: "+strings.TrimSpace(fmt.Sprintf(format, a...)))
	}
}
