package llm_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"reportbot/rag/llm"
	"reportbot/rag/openaitest"
)

const key = "sk-test-0123456789-SECRET"

func client(t *testing.T, srv *openaitest.Server, log *bytes.Buffer) *llm.Client {
	t.Helper()
	var w = &bytes.Buffer{}
	if log != nil {
		w = log
	}
	return llm.New(llm.Config{
		BaseURL:    srv.URL,
		APIKey:     srv.Key,
		MaxRetries: 3,
		BaseDelay:  10 * time.Millisecond,
		MaxDelay:   2 * time.Second,
		Logger:     slog.New(slog.NewTextHandler(w, nil)),
	})
}

func TestEmbedMapsResultsByIndex(t *testing.T) {
	srv := openaitest.New(t, key)
	texts := []string{"alpha troops", "beta trade", "gamma vaccines"}
	vs, err := client(t, srv, nil).Embed(context.Background(), "embed-model", texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		want := openaitest.Vector(text)
		for d := range want {
			if vs[i][d] != want[d] {
				t.Fatalf("vector %d is not the vector of %q (the fake answers in reverse order)", i, text)
			}
		}
	}
	reqs := srv.Requests(openaitest.EmbeddingsPath)
	if len(reqs) != 1 || len(reqs[0].Inputs) != 3 || reqs[0].Model != "embed-model" {
		t.Errorf("got %+v, want one request with the three inputs", reqs)
	}
}

func TestStreamDeliversPiecesInOrder(t *testing.T) {
	srv := openaitest.New(t, "")
	srv.Reply = func(r openaitest.Request) string { return "South Korea pays about half [2]." }
	srv.Piece = 5
	var pieces []string
	text, err := client(t, srv, nil).Chat("chat-model", 300).Stream(context.Background(), "system", "user", func(d string) { pieces = append(pieces, d) })
	if err != nil {
		t.Fatal(err)
	}
	if text != "South Korea pays about half [2]." || strings.Join(pieces, "") != text || len(pieces) < 5 {
		t.Errorf("got %q in %d pieces", text, len(pieces))
	}
	r := srv.Requests(openaitest.ChatPath)[0]
	if r.Authorization != "" {
		t.Errorf("an empty key must send no Authorization header")
	}
	if !r.Stream || r.Temperature == nil || *r.Temperature <= 0 || *r.Temperature > 0.05 || r.MaxTokens != 300 {
		t.Errorf("request: stream %t, temperature %v, max tokens %d; want a stream at a near-zero temperature, 300 tokens", r.Stream, r.Temperature, r.MaxTokens)
	}
	if len(r.Messages) != 2 || r.Messages[0].Role != "system" || r.Messages[1].Content != "user" {
		t.Errorf("messages: %+v", r.Messages)
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	srv := openaitest.New(t, key)
	srv.Fail(openaitest.ChatPath,
		openaitest.Fault{Status: 429, RetryAfterMs: "200"},
		openaitest.Fault{Status: 429, RetryAfter: "0.3"})
	var log bytes.Buffer
	text, err := client(t, srv, &log).Chat("chat-model", 0).Stream(context.Background(), "s", "u", nil)
	if err != nil || text == "" {
		t.Fatalf("got %q, %v; want the answer after two retries", text, err)
	}
	reqs := srv.Requests(openaitest.ChatPath)
	if len(reqs) != 3 {
		t.Fatalf("got %d requests, want 3", len(reqs))
	}
	// The waits asked for are lower bounds the client must respect.
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 200*time.Millisecond {
		t.Errorf("first retry after %v, want at least the 200 ms retry-after-ms asked", gap)
	}
	if gap := reqs[2].At.Sub(reqs[1].At); gap < 300*time.Millisecond {
		t.Errorf("second retry after %v, want at least the 0.3 s Retry-After asked", gap)
	}
	if strings.Count(log.String(), "retrying") != 2 {
		t.Errorf("want a log line per retry, got:\n%s", log.String())
	}
	if strings.Contains(log.String(), key) {
		t.Errorf("the API key reached the log")
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	srv := openaitest.New(t, key)
	srv.FailAlways(openaitest.EmbeddingsPath, openaitest.Fault{Status: 500, Body: `{"error":"model \"nomic\" not found, try pulling it first"}`})
	c := llm.New(llm.Config{BaseURL: srv.URL, APIKey: key, MaxRetries: 2, BaseDelay: time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	_, err := c.Embed(context.Background(), "nomic", []string{"x"})
	var se *llm.StatusError
	if !errors.As(err, &se) || se.Code != 500 || !strings.Contains(err.Error(), `model "nomic" not found`) {
		t.Errorf("got %v, want a 500 error saying what the Ollama-style body said", err)
	}
	if n := len(srv.Requests(openaitest.EmbeddingsPath)); n != 3 {
		t.Errorf("got %d requests, want 3 (1 + 2 retries)", n)
	}
	if strings.Contains(err.Error(), key) {
		t.Errorf("the API key is in the error")
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	srv := openaitest.New(t, key)
	srv.Fail(openaitest.ChatPath, openaitest.Fault{Status: 400, Body: `{"error":{"message":"bad model","type":"invalid_request_error"}}`})
	_, err := client(t, srv, nil).Chat("chat-model", 0).Stream(context.Background(), "s", "u", nil)
	if err == nil || !strings.Contains(err.Error(), "bad model") {
		t.Errorf("got %v, want the server's message", err)
	}
	if n := len(srv.Requests(openaitest.ChatPath)); n != 1 {
		t.Errorf("got %d requests, want 1", n)
	}
}

func TestBrokenStreamIsIncomplete(t *testing.T) {
	srv := openaitest.New(t, key)
	srv.Reply = func(openaitest.Request) string { return "a long answer that breaks off" }
	srv.Fail(openaitest.ChatPath, openaitest.Fault{BreakAfter: 2})
	text, err := client(t, srv, nil).Chat("chat-model", 0).Stream(context.Background(), "s", "u", nil)
	if !errors.Is(err, llm.ErrIncomplete) || text != "a long answer th" {
		t.Errorf("got %q, %v; want the two pieces and ErrIncomplete", text, err)
	}
}

func TestHangEndsAtTheDeadline(t *testing.T) {
	srv := openaitest.New(t, key)
	srv.Fail(openaitest.ChatPath, openaitest.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := client(t, srv, nil).Chat("chat-model", 0).Stream(ctx, "s", "u", nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the deadline", err)
	}
	if n := len(srv.Requests(openaitest.ChatPath)); n != 1 {
		t.Errorf("got %d requests, want 1: a caller that gave up is not retried", n)
	}
}

func TestNetworkErrorsAreRetried(t *testing.T) {
	srv := openaitest.New(t, key)
	url := srv.URL
	srv.Close() // nothing listens there now
	c := llm.New(llm.Config{BaseURL: url, APIKey: key, MaxRetries: 1, BaseDelay: time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	_, err := c.Embed(context.Background(), "m", []string{"x"})
	if err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("got %v, want a connection error without the key", err)
	}
}

func TestRetryAfterPastTheBudgetGivesUpAtOnce(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		budget     time.Duration // 0: no deadline
	}{
		// The client's MaxDelay is 2 s: a longer wait is not cut short.
		{"longer than MaxDelay", "5", 0},
		{"past the deadline", "1.5", time.Second},
		{"far past the deadline", "60", time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.New(t, key)
			srv.FailAlways(openaitest.ChatPath, openaitest.Fault{Status: 429, RetryAfter: tt.retryAfter})
			ctx := context.Background()
			if tt.budget > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.budget)
				defer cancel()
			}
			var log bytes.Buffer
			_, err := client(t, srv, &log).Chat("chat-model", 0).Stream(ctx, "s", "u", nil)
			var se *llm.StatusError
			if !errors.As(err, &se) || se.HTTPStatus() != 429 {
				t.Fatalf("got %v, want the 429 at once", err)
			}
			if ctx.Err() != nil {
				t.Errorf("returned after the deadline (%v), want at once", ctx.Err())
			}
			if n := len(srv.Requests(openaitest.ChatPath)); n != 1 {
				t.Errorf("got %d requests, want 1: never retried sooner than Retry-After", n)
			}
			if !strings.Contains(log.String(), "giving up") {
				t.Errorf("want a log line, got:\n%s", log.String())
			}
		})
	}
}
