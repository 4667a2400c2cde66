package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"reportbot/bot"
	"reportbot/bot/discordtest"
	"reportbot/rag"
)

// silentListener accepts TCP connections and never answers them. accepted
// receives a value for each connection.
func silentListener(t *testing.T) (addr string, accepted <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), ch
}

// gatewayAt serves Discord's gateway lookup, pointing at wsURL.
func gatewayAt(t *testing.T, wsURL string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v9/gateway" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `{"url": %q}`, wsURL)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/v9"
}

// helloThen is a gateway that says hello, reads IDENTIFY, then does what
// after says (nothing: stay silent; or close the connection with a code).
func helloThen(t *testing.T, closeCode int) (wsURL string, identified <-chan struct{}) {
	t.Helper()
	ch := make(chan struct{}, 4)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte(`{"op":10,"d":{"heartbeat_interval":45000}}`))
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
		ch <- struct{}{}
		if closeCode != 0 {
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeCode, "Authentication failed."))
		}
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/gateway", ch
}

// newBot makes a bot for apiURL that logs into logs.
func newBot(t *testing.T, apiURL, token string, logs *logBuffer) *bot.Bot {
	t.Helper()
	idx := bundledIndex(t)
	b, err := bot.New(bot.Options{
		Token: token, APIURL: apiURL,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}, rag.NewExtractive(idx, 5, 0), idx, bot.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRunStopsWhileConnecting cancels Run at each stage of connecting to a
// Discord that never answers: Run must return at once (the deadline is
// far above "at once" and far below the 20 s and 45 s timeouts of the
// libraries, or forever).
func TestRunStopsWhileConnecting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T) (apiURL string, reached <-chan struct{})
	}{
		{"the REST API accepts and never answers", func(t *testing.T) (string, <-chan struct{}) {
			addr, accepted := silentListener(t)
			return "http://" + addr + "/api/v9", accepted
		}},
		{"the gateway accepts and never answers", func(t *testing.T) (string, <-chan struct{}) {
			addr, accepted := silentListener(t)
			return gatewayAt(t, "ws://"+addr+"/gateway"), accepted
		}},
		{"the gateway never sends READY", func(t *testing.T) (string, <-chan struct{}) {
			ws, identified := helloThen(t, 0)
			return gatewayAt(t, ws), identified
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			apiURL, reached := tt.setup(t)
			logs := newLogBuffer()
			b := newBot(t, apiURL, discordtest.Token, logs)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- b.Run(ctx) }()
			select {
			case <-reached:
			case err := <-done:
				t.Fatalf("Run returned before reaching the silent server: %v", err)
			case <-time.After(10 * time.Second):
				t.Fatal("the bot never reached the silent server")
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: got %v, want nil: stopping was asked for", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return within 5 s of the cancel")
			}
		})
	}
}

func TestConnectErrorNamesTheURLUsed(t *testing.T) {
	t.Parallel()
	logs := newLogBuffer()
	addr := freeAddr(t)
	b := newBot(t, "http://user:sekrit@"+addr+"/api/v9", discordtest.Token, logs)
	err := b.Run(context.Background())
	want := `Get "http://xxxxx@` + addr + `/api/v9/gateway"`
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "discord.com") {
		t.Errorf("got %v, want an error naming %s", err, want)
	}
	if strings.Contains(err.Error()+logs.String(), "sekrit") {
		t.Errorf("the URL's password shows: %v\n%s", err, logs.String())
	}
}

func TestRejectedTokenIsExplained(t *testing.T) {
	t.Parallel()
	const wrong = "MTAxMjM0NTY3ODkwMTIzNDU2Nzg.GAbCdE.wrongwrongwrongwrongwrong0123"
	fake := discordtest.New(t)
	ws, _ := helloThen(t, 4004)
	for name, apiURL := range map[string]string{"REST 401": fake.URL, "gateway close 4004": gatewayAt(t, ws)} {
		logs := newLogBuffer()
		err := newBot(t, apiURL, wrong, logs).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), "Discord rejected the token") ||
			!strings.Contains(err.Error(), "Developer Portal → your application → Bot → Reset Token") {
			t.Errorf("%s: got %v, want the token rejected and where to reset it", name, err)
			continue
		}
		if strings.Contains(err.Error(), `{"message"`) || strings.Contains(err.Error()+logs.String(), wrong) {
			t.Errorf("%s: got %v, want no response body and no token", name, err)
		}
	}
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
