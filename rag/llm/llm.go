// Package llm talks to an OpenAI-compatible model API (OpenAI, Ollama, vLLM,
// llama.cpp server, LM Studio) through go-openai: streamed chat completions
// and embeddings.
//
// It retries what is worth retrying (408, 429, 5xx, network errors) with
// exponential backoff and jitter, honouring Retry-After, a bounded number of
// times, and bounds the wait for a connection and for a reply's headers. How
// long a whole call may take is the caller's context's business. It knows
// nothing of reports, prompts or citations, and never logs the API key.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Config says where the API is and how patient to be with it.
type Config struct {
	// BaseURL is the API's base, e.g. "https://api.openai.com/v1" or
	// "http://localhost:11434/v1".
	BaseURL string
	// APIKey is sent as a bearer token; "" sends no Authorization header,
	// as local servers expect.
	APIKey string
	// ConnectTimeout bounds dialing (and a TLS handshake); 0 means 10 s.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for a reply's headers, which a local
	// server loading its model or embedding a large batch may take long to
	// send; 0 means 2 minutes.
	HeaderTimeout time.Duration
	// MaxRetries is how many times a request that failed in a way worth
	// retrying is sent again; 0 means never.
	MaxRetries int
	// BaseDelay is the backoff before the first retry, doubling after each;
	// 0 means 500 ms. MaxDelay caps a backoff, and is the longest
	// Retry-After waited out (a longer one is given up on at once); 0 means
	// 20 s.
	BaseDelay, MaxDelay time.Duration
	// Logger receives a line per retry; nil means slog.Default().
	Logger *slog.Logger
}

// Client is a connection to one API. It is safe for concurrent use.
type Client struct {
	api *openai.Client
	log *slog.Logger
}

// New returns a client for the API cfg describes. It does not connect.
func New(cfg Config) *Client {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.HeaderTimeout <= 0 {
		cfg.HeaderTimeout = 2 * time.Minute
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = 500 * time.Millisecond
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = 20 * time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	// No http.Client.Timeout: it would cut a long streamed answer. The
	// caller's context bounds a call; the transport bounds the waits that
	// mean the server is not there.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
	transport.TLSHandshakeTimeout = cfg.ConnectTimeout
	transport.ResponseHeaderTimeout = cfg.HeaderTimeout
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = &retrier{
		client:   &http.Client{Transport: transport},
		attempts: cfg.MaxRetries + 1,
		base:     cfg.BaseDelay,
		max:      cfg.MaxDelay,
		log:      log,
	}
	return &Client{api: openai.NewClientWithConfig(oc), log: log}
}

// Embed returns the vectors of texts, in their order, from one request.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	res, err := c.api.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{Input: texts, Model: openai.EmbeddingModel(model)})
	if err != nil {
		return nil, fmt.Errorf("embeddings request: %w", describe(err))
	}
	out := make([][]float32, len(texts))
	for _, d := range res.Data {
		// Results carry their input's index; the order they come in is
		// not promised.
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return nil, fmt.Errorf("embeddings request: result index %d does not match the %d inputs", d.Index, len(texts))
		}
		if len(d.Embedding) == 0 {
			return nil, fmt.Errorf("embeddings request: empty vector for input %d", d.Index)
		}
		out[d.Index] = d.Embedding
	}
	for i, v := range out {
		if v == nil {
			return nil, fmt.Errorf("embeddings request: no vector for input %d of %d", i, len(texts))
		}
	}
	return out, nil
}

// Chat is one chat model of a Client, with the settings of its replies.
type Chat struct {
	client      *Client
	model       string
	maxTokens   int
	temperature float32
}

// NearZero is the temperature Chat uses by default: go-openai omits a zero
// temperature from the request (and the server then uses its own default,
// often 1), so "as deterministic as possible" has to be a small positive
// number.
const NearZero = 0.01

// Chat returns the chat model named model, writing replies of at most
// maxTokens tokens (0: the server's limit) at temperature NearZero.
func (c *Client) Chat(model string, maxTokens int) *Chat {
	return &Chat{client: c, model: model, maxTokens: maxTokens, temperature: NearZero}
}

// Model returns the chat model's name.
func (ch *Chat) Model() string { return ch.model }

// ErrIncomplete is returned (wrapped) when a streamed reply ends without the
// server saying it is finished: the connection dropped mid-answer.
var ErrIncomplete = errors.New("the reply stream ended before the reply was complete")

// Stream sends a system and a user message and returns the reply. onDelta,
// when not nil, receives each piece of the reply as it arrives, in order,
// from the calling goroutine. A reply cut off by the token limit is
// returned whole, without error; a stream that breaks returns what arrived
// and an error wrapping ErrIncomplete.
func (ch *Chat) Stream(ctx context.Context, system, user string, onDelta func(string)) (string, error) {
	stream, err := ch.client.api.CreateChatCompletionStream(ctx, openai.ChatCompletionRequest{
		Model: ch.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		// max_tokens, not max_completion_tokens: the servers reportbot
		// talks to besides OpenAI (Ollama, vLLM, llama.cpp) read only it.
		MaxTokens: ch.maxTokens, //nolint:staticcheck // SA1019, see above

		Temperature: ch.temperature,
	})
	if err != nil {
		return "", fmt.Errorf("chat request: %w", describe(err))
	}
	defer stream.Close()
	var text strings.Builder
	finished := false
	for {
		res, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if ctx.Err() != nil {
				return text.String(), fmt.Errorf("chat stream: %w", ctx.Err())
			}
			return text.String(), fmt.Errorf("chat stream: %w", describe(err))
		}
		for _, choice := range res.Choices {
			if choice.Index != 0 {
				continue
			}
			if d := choice.Delta.Content; d != "" {
				text.WriteString(d)
				if onDelta != nil {
					onDelta(d)
				}
			}
			if choice.FinishReason != "" {
				finished = true
			}
		}
	}
	if !finished {
		// go-openai reads a dropped connection as the end of the stream:
		// only a finish reason says the reply is whole.
		return text.String(), fmt.Errorf("chat stream: %w", ErrIncomplete)
	}
	return text.String(), nil
}

// describe turns go-openai's errors into ones that say what the server
// said. An Ollama-style {"error": "..."} body arrives as a RequestError
// around an APIError with no status, and its text would otherwise be lost.
func describe(err error) error {
	var re *openai.RequestError
	if errors.As(err, &re) {
		msg := strings.TrimSpace(string(re.Body))
		var ollama struct {
			Error string `json:"error"`
		}
		var api *openai.APIError
		if json.Unmarshal(re.Body, &ollama) == nil && ollama.Error != "" {
			msg = ollama.Error
		} else if errors.As(re.Err, &api) && api.Message != "" {
			msg = api.Message
		}
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return &StatusError{Code: re.HTTPStatusCode, Message: msg}
	}
	var api *openai.APIError
	if errors.As(err, &api) {
		return &StatusError{Code: api.HTTPStatusCode, Message: api.Message}
	}
	return err
}

// StatusError is a reply with an error status from the API.
type StatusError struct {
	Code    int    // HTTP status
	Message string // what the server said, shortened
}

// HTTPStatus returns the status, for callers that classify failures
// without knowing this package.
func (e *StatusError) HTTPStatus() int { return e.Code }

func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("status %d", e.Code)
	}
	return fmt.Sprintf("status %d: %s", e.Code, e.Message)
}

// retrier is the HTTP client go-openai sends through: it sends a request
// again after a transient failure.
type retrier struct {
	client   *http.Client
	attempts int
	base     time.Duration
	max      time.Duration
	log      *slog.Logger
}

// Do sends req, and again after 408, 429, 5xx or a network error, up to the
// attempt limit, waiting an exponential backoff with full jitter (capped),
// or what Retry-After asks if that is longer. A reply asking for a wait
// longer than MaxDelay or past the context's deadline is returned at once,
// as is the last reply or error.
func (r *retrier) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for attempt := 1; ; attempt++ {
		try := req
		if attempt > 1 {
			try = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, fmt.Errorf("resend request: %w", err)
				}
				try.Body = body
			}
		}
		resp, err := r.client.Do(try)
		if !r.retryable(ctx, resp, err) || attempt >= r.attempts || (req.Body != nil && req.GetBody == nil) {
			return resp, err
		}
		wait := r.backoff(attempt)
		reason := ""
		if err != nil {
			reason = err.Error()
		} else {
			reason = resp.Status
			if after, ok := retryAfter(resp.Header); ok {
				// A server that asks for a wait is never sent the request
				// sooner; one that asks for more than MaxDelay, or for more
				// than the caller has left, is given up on at once.
				if deadline, ok := ctx.Deadline(); after > r.max || (ok && time.Now().Add(after).After(deadline)) {
					r.log.Warn("model API asks to wait longer than allowed; giving up", "path", req.URL.Path, "status", resp.StatusCode, "retry_after_ms", after.Milliseconds())
					return resp, nil
				}
				wait = max(wait, after)
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		r.log.Warn("model API request failed, retrying", "path", req.URL.Path, "attempt", attempt, "of", r.attempts, "reason", reason, "wait_ms", wait.Milliseconds())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// retryable reports a failure worth another try.
func (r *retrier) retryable(ctx context.Context, resp *http.Response, err error) bool {
	if ctx.Err() != nil {
		return false // the caller gave up
	}
	if err != nil {
		return true // connection refused, reset, header timeout
	}
	switch c := resp.StatusCode; {
	case c == http.StatusRequestTimeout, c == http.StatusTooManyRequests:
		return true
	case c >= 500:
		return c != http.StatusNotImplemented
	}
	return false
}

// backoff is the wait before retry n (n from 1): a random duration up to
// base·2^(n-1), capped (full jitter, so that many clients do not retry in
// step), and at least a tenth of it.
func (r *retrier) backoff(n int) time.Duration {
	ceiling := min(r.base<<min(n-1, 16), r.max)
	return ceiling/10 + rand.N(ceiling-ceiling/10+1)
}

// retryAfter reads how long the server asks to wait: OpenAI's
// retry-after-ms, or Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header) (time.Duration, bool) {
	if v := h.Get("Retry-After-Ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}
