// Package redact keeps secrets out of text that people or logs see: the
// user information (user:password) of URLs, and known secret values.
//
// It knows nothing of where text goes; callers apply it to what they show,
// and Handler applies a scrubbing function to every log record.
package redact

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Hidden replaces what is redacted.
const Hidden = "xxxxx"

// URL returns a URL-like value with its user information, everything up
// to the last @, replaced by Hidden: "http://user:pw@host/v1" becomes
// "http://xxxxx@host/v1". It works on text that does not parse as a URL,
// and leaves a value without @ as it is.
func URL(s string) string {
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return s
	}
	start := 0
	if i := strings.Index(s, "://"); i >= 0 && i+3 <= at {
		start = i + 3
	}
	return s[:start] + Hidden + s[at:]
}

// userinfo matches the user information of URLs inside free text.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^\s/?#@"'<>]*@`)

// URLs replaces the user information of every URL in text by Hidden.
func URLs(text string) string {
	if !strings.Contains(text, "@") {
		return text
	}
	return userinfo.ReplaceAllString(text, "${1}"+Hidden+"@")
}

// Secrets replaces every occurrence of each non-empty secret in text by
// "[redacted]".
func Secrets(text string, secrets ...string) string {
	for _, s := range secrets {
		if s != "" {
			text = strings.ReplaceAll(text, s, "[redacted]")
		}
	}
	return text
}

// Handler returns a slog.Handler that passes every record on to next with
// scrub applied to its message and to every string, error and Stringer
// attribute, in groups too. It is safe for concurrent use if next is.
func Handler(next slog.Handler, scrub func(string) string) slog.Handler {
	return &handler{next: next, scrub: scrub}
}

type handler struct {
	next  slog.Handler
	scrub func(string) string
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *handler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.scrub(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.scrub(v.String()))
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
			return slog.String(a.Key, h.scrub(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, h.scrub(x.String()))
		}
	}
	return a
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		scrubbed[i] = h.attr(a)
	}
	return &handler{next: h.next.WithAttrs(scrubbed), scrub: h.scrub}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name), scrub: h.scrub}
}
