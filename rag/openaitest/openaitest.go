// Package openaitest is a fake OpenAI-compatible API for tests: a real HTTP
// server on loopback serving POST /v1/embeddings and POST
// /v1/chat/completions (streamed as server-sent events, as go-openai asks).
//
// It checks every request's method, path, headers and body, failing the
// test on anything a real server would reject; records each request; and
// plays scripted faults: error statuses with OpenAI- or Ollama-shaped
// bodies and Retry-After headers, hangs, and streams that break off. It is
// for tests only.
package openaitest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// Paths served, under the base URL's host.
const (
	EmbeddingsPath = "/v1/embeddings"
	ChatPath       = "/v1/chat/completions"
)

// Dimensions is the size of the fake's embedding vectors.
const Dimensions = 64

// Message is one chat message of a request.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is a request the server received.
type Request struct {
	Path          string
	At            time.Time
	Authorization string
	Model         string
	Inputs        []string  // embeddings
	Messages      []Message // chat
	Stream        bool
	Temperature   *float64
	MaxTokens     int
}

// Fault is what the server does instead of answering, once.
type Fault struct {
	Status       int    // reply with this status and Body
	Body         string // default: an OpenAI-shaped error
	RetryAfter   string // Retry-After header
	RetryAfterMs string // retry-after-ms header (OpenAI's)
	Hang         bool   // never answer: wait until the client gives up
	BreakAfter   int    // stream this many pieces of the reply, then stop without finishing
}

// Server is the fake API. Its fields may be set before the first request.
type Server struct {
	// URL is the base URL to configure clients with, ending in /v1.
	URL string
	// Key is the bearer token requests must carry; "" means requests
	// must carry no Authorization header.
	Key string
	// Reply returns the chat reply to a request; nil replies "ok [1]".
	Reply func(Request) string
	// Piece is how many characters of the reply each streamed event
	// carries; 0 means 8.
	Piece int
	// PieceDelay is the pause before each streamed piece after the first.
	PieceDelay time.Duration

	tb     testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []Request
	faults map[string][]Fault
	always map[string]*Fault
	hung   chan struct{}
}

// New starts a server that expects the given API key ("" for none). It is
// closed when the test ends.
func New(tb testing.TB, key string) *Server {
	tb.Helper()
	s := &Server{Key: key, tb: tb, faults: map[string][]Fault{}, always: map[string]*Fault{}, hung: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + "/v1"
	tb.Cleanup(s.Close)
	return s
}

// Close releases hung requests and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.hung:
	default:
		close(s.hung)
	}
	s.mu.Unlock()
	s.srv.Close()
}

// Fail queues faults for the next requests to path, one request each.
func (s *Server) Fail(path string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = append(s.faults[path], faults...)
}

// FailAlways makes every request to path fail with f, once the faults
// queued by Fail are spent.
func (s *Server) FailAlways(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.always[path] = &f
}

// Requests returns the requests received on path so far ("" for all).
func (s *Server) Requests(path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.reqs {
		if path == "" || r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Reset forgets the requests received so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.tb.Errorf("openaitest: %s %s, want POST", r.Method, r.URL.Path)
		http.Error(w, `{"error":{"message":"method not allowed"}}`, http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path != EmbeddingsPath && r.URL.Path != ChatPath {
		s.tb.Errorf("openaitest: unexpected path %s", r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.tb.Errorf("openaitest: Content-Type %q, want application/json", ct)
	}
	auth := r.Header.Get("Authorization")
	if want := "Bearer " + s.Key; (s.Key == "" && auth != "") || (s.Key != "" && auth != want) {
		s.tb.Errorf("openaitest: Authorization header is wrong (set: %t)", auth != "")
		writeError(w, http.StatusUnauthorized, `{"error":{"message":"invalid api key","type":"invalid_request_error"}}`)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.tb.Errorf("openaitest: read body: %v", err)
		return
	}
	req := Request{Path: r.URL.Path, At: time.Now(), Authorization: auth}
	if !s.decode(body, &req) {
		writeError(w, http.StatusBadRequest, `{"error":{"message":"bad request body"}}`)
		return
	}

	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	var fault *Fault
	if q := s.faults[req.Path]; len(q) > 0 {
		fault = &q[0]
		s.faults[req.Path] = q[1:]
	} else {
		fault = s.always[req.Path]
	}
	s.mu.Unlock()

	if fault != nil && fault.Hang {
		select {
		case <-r.Context().Done():
		case <-s.hung:
		}
		return
	}
	if fault != nil && fault.Status != 0 {
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		if fault.RetryAfterMs != "" {
			w.Header().Set("Retry-After-Ms", fault.RetryAfterMs)
		}
		b := fault.Body
		if b == "" {
			b = fmt.Sprintf(`{"error":{"message":"fake failure %d","type":"server_error"}}`, fault.Status)
		}
		writeError(w, fault.Status, b)
		return
	}
	if req.Path == EmbeddingsPath {
		s.embeddings(w, req)
		return
	}
	breakAfter := -1
	if fault != nil && fault.BreakAfter > 0 {
		breakAfter = fault.BreakAfter
	}
	s.chat(w, req, breakAfter)
}

// decode checks and reads a request body as a real server would.
func (s *Server) decode(body []byte, req *Request) bool {
	var raw struct {
		Model       string          `json:"model"`
		Input       json.RawMessage `json:"input"`
		Messages    []Message       `json:"messages"`
		Stream      bool            `json:"stream"`
		Temperature *float64        `json:"temperature"`
		MaxTokens   int             `json:"max_tokens"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		s.tb.Errorf("openaitest: body is not JSON: %v", err)
		return false
	}
	if raw.Model == "" {
		s.tb.Errorf("openaitest: request names no model")
		return false
	}
	req.Model, req.Messages, req.Stream, req.Temperature, req.MaxTokens = raw.Model, raw.Messages, raw.Stream, raw.Temperature, raw.MaxTokens
	switch req.Path {
	case EmbeddingsPath:
		if err := json.Unmarshal(raw.Input, &req.Inputs); err != nil || len(req.Inputs) == 0 {
			s.tb.Errorf("openaitest: embeddings input must be a non-empty list of strings: %s", raw.Input)
			return false
		}
	case ChatPath:
		if len(raw.Messages) == 0 {
			s.tb.Errorf("openaitest: chat request without messages")
			return false
		}
		for _, m := range raw.Messages {
			if m.Role != "system" && m.Role != "user" && m.Role != "assistant" {
				s.tb.Errorf("openaitest: message role %q", m.Role)
				return false
			}
		}
	}
	return true
}

func writeError(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// embeddings answers with one vector per input, in reverse order (results
// carry their index; clients must not rely on the order).
func (s *Server) embeddings(w http.ResponseWriter, req Request) {
	type datum struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	var data []datum
	for i := len(req.Inputs) - 1; i >= 0; i-- {
		data = append(data, datum{Object: "embedding", Index: i, Embedding: Vector(req.Inputs[i])})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "model": req.Model, "data": data,
		"usage": map[string]int{"prompt_tokens": 1, "total_tokens": 1}})
}

// Vector is the fake's embedding of text: its words hashed into Dimensions
// buckets, L2-normalised, so texts sharing words are near each other.
func Vector(text string) []float32 {
	v := make([]float32, Dimensions)
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%Dimensions]++
	}
	var norm float64
	for _, x := range v {
		norm += float64(x * x)
	}
	if norm == 0 {
		v[0] = 1
		return v
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / math.Sqrt(norm))
	}
	return v
}

// chat streams the reply as server-sent events; breakAfter >= 0 stops after
// that many pieces without a finish reason or [DONE].
func (s *Server) chat(w http.ResponseWriter, req Request, breakAfter int) {
	if !req.Stream {
		s.tb.Errorf("openaitest: chat request is not streamed")
	}
	reply := "ok [1]"
	if s.Reply != nil {
		reply = s.Reply(req)
	}
	piece := s.Piece
	if piece <= 0 {
		piece = 8
	}
	w.Header().Set("Content-Type", "text/event-stream")
	flusher, _ := w.(http.Flusher)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	chunk := func(content string, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": req.Model,
			"choices": []map[string]any{{"index": 0, "delta": map[string]string{"content": content}, "finish_reason": finish}}}
	}
	runes := []rune(reply)
	sent := 0
	for i := 0; i < len(runes); i += piece {
		if sent == breakAfter {
			return
		}
		if i > 0 && s.PieceDelay > 0 {
			time.Sleep(s.PieceDelay)
		}
		send(chunk(string(runes[i:min(i+piece, len(runes))]), nil))
		sent++
	}
	if sent == breakAfter {
		return
	}
	send(chunk("", "stop"))
	fmt.Fprint(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}
