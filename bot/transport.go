package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"reportbot/redact"
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
// be repeated safely (not POST, which would post an answer twice, except
// an interaction's callback). 429s are left to discordgo, which waits as
// Discord asks, once readableRateLimit has made them say how long.
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
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			readableRateLimit(resp)
		}
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

// maxRateLimitBody bounds the body of a 429 read to make it readable.
const maxRateLimitBody = 64 << 10

// readableRateLimit makes a 429 say how long to wait in the JSON body
// discordgo reads it from, retry_after, when only its Retry-After header
// says so: an empty body, a proxy's or Cloudflare's HTML page, JSON
// without retry_after. discordgo fails the request on a body it cannot
// read (the answer is lost), and resends at once when it reads no wait.
func readableRateLimit(resp *http.Response) {
	header, err := strconv.ParseFloat(strings.TrimSpace(resp.Header.Get("Retry-After")), 64)
	if err != nil || header <= 0 || math.IsInf(header, 0) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRateLimitBody))
	resp.Body.Close()
	var fields map[string]any
	if err != nil || json.Unmarshal(body, &fields) != nil || fields == nil {
		fields = map[string]any{"message": "You are being rate limited."}
	}
	if after, ok := fields["retry_after"].(float64); !ok || after <= 0 {
		fields["retry_after"] = header
	}
	if _, ok := fields["global"]; !ok {
		fields["global"] = resp.Header.Get("X-RateLimit-Global") != ""
	}
	fixed, _ := json.Marshal(fields)
	resp.Body = io.NopCloser(bytes.NewReader(fixed))
	resp.ContentLength = int64(len(fixed))
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Del("Content-Length")
}

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
		// An interaction's callback is the one POST that cannot act
		// twice: Discord refuses a second as already acknowledged.
		return req.Method != http.MethodPost || interactionCallback.MatchString(req.URL.Path)
	}
	return false
}

// interactionCallback matches the path of an interaction's callback.
var interactionCallback = regexp.MustCompile(`/interactions/\d+/[^/]+/callback$`)

// CloseIdleConnections closes the idle connections of the transport below.
func (t *rewriteTransport) CloseIdleConnections() { closeIdle(t.next) }

// webhookToken matches the secret part of interaction and webhook URLs.
var webhookToken = regexp.MustCompile(`((?:interactions|webhooks)/\d+/)[A-Za-z0-9._-]+`)

// redactor scrubs text for the log and for errors: the bot token and other
// secrets, the tokens in interaction and webhook URLs, the passwords of
// URLs, and, when requests are rewritten to another API, Discord's own API
// URL for the one actually used.
type redactor struct {
	secrets []string
	from    string // Discord's API base, when rewritten
	to      string // the base used instead, its password hidden
}

func (r redactor) scrub(s string) string {
	s = redact.Secrets(s, r.secrets...)
	if r.from != "" {
		s = strings.ReplaceAll(s, r.from, r.to)
	}
	return webhookToken.ReplaceAllString(redact.URLs(s), "${1}[redacted]")
}

// lifeTransport ends every request when ctx ends, whatever the request's
// own context: discordgo's Open (the gateway lookup) takes no context, and
// Run must be able to stop it.
type lifeTransport struct {
	ctx  context.Context
	next http.RoundTripper
}

func (t *lifeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	stop := context.AfterFunc(t.ctx, cancel)
	done := func() {
		stop()
		cancel()
	}
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		done()
		return nil, err
	}
	resp.Body = &doneOnClose{ReadCloser: resp.Body, done: done}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport below.
func (t *lifeTransport) CloseIdleConnections() { closeIdle(t.next) }

// doneOnClose calls done once the body is closed.
type doneOnClose struct {
	io.ReadCloser
	done func()
	once sync.Once
}

func (b *doneOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// lifeDialer returns a dial function for the gateway's websocket whose
// connections are closed when ctx ends: discordgo's Open waits for the
// gateway's hello and READY without a deadline, and only a closed
// connection stops the wait.
func lifeDialer(ctx context.Context) func(context.Context, string, string) (net.Conn, error) {
	return func(dctx context.Context, network, addr string) (net.Conn, error) {
		dctx, cancel := context.WithCancel(dctx)
		defer cancel()
		stopDial := context.AfterFunc(ctx, cancel)
		defer stopDial()
		c, err := (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		lc := &lifeConn{Conn: c}
		lc.stop = context.AfterFunc(ctx, func() { c.Close() })
		return lc, nil
	}
}

// lifeConn is a connection closed when a context ends, or before.
type lifeConn struct {
	net.Conn
	stop func() bool
}

func (c *lifeConn) Close() error {
	c.stop()
	return c.Conn.Close()
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
