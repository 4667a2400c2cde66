package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

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

// retryTransport sends a request to Discord again after a server error,
// a bounded number of times with a growing pause. Gateway errors (502, 503,
// 504) mean the request was not handled and are retried for every method;
// a 500 may have been handled, so it is retried only for requests that can
// be repeated safely (not POST, which would post an answer twice). 429s are
// left to discordgo, which waits as Discord asks.
type retryTransport struct {
	next    http.RoundTripper
	retries int
	base    time.Duration
	log     *slog.Logger
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			r = req.Clone(req.Context())
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("resend discord request: %w", err)
				}
				r.Body = body
			}
		}
		resp, err := t.next.RoundTrip(r)
		if err != nil || attempt >= t.retries || !t.retryable(req, resp.StatusCode) || (req.Body != nil && req.GetBody == nil) {
			return resp, err
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		wait := t.base << attempt
		t.log.Warn("discord server error, retrying", "method", req.Method, "path", req.URL.Path, "status", resp.StatusCode, "attempt", attempt+1, "wait_ms", wait.Milliseconds())
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// CloseIdleConnections closes the idle connections of the transport below.
func (t *retryTransport) CloseIdleConnections() { closeIdle(t.next) }

// closeIdle closes a transport's idle connections, if it keeps any.
func closeIdle(rt http.RoundTripper) {
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func (t *retryTransport) retryable(req *http.Request, status int) bool {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusInternalServerError:
		return req.Method != http.MethodPost
	}
	return false
}

// CloseIdleConnections closes the idle connections of the transport below.
func (t *rewriteTransport) CloseIdleConnections() { closeIdle(t.next) }

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
	bridgeMu   sync.Mutex
	bridgeLog  *slog.Logger
	bridgeOnce sync.Once
)

// bridgeLogs sends discordgo's own log lines to log (already redacting).
// discordgo has one package-wide Logger, so the last bot made wins; the
// package variable is set once, as sessions already running read it.
func bridgeLogs(log *slog.Logger) {
	bridgeMu.Lock()
	bridgeLog = log
	bridgeMu.Unlock()
	bridgeOnce.Do(func() { discordgo.Logger = discordLog })
}

// discordLog is discordgo's Logger: it writes to the latest bot's log.
func discordLog(level, _ int, format string, a ...any) {
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
