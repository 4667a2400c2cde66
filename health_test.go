package main

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestHealthz(t *testing.T) {
	tests := []struct {
		name      string
		connected bool
		passages  int
		code      int
		body      string
	}{
		{"up", true, 19, 200, `"status":"ok"`},
		{"gateway down", false, 19, 503, `"gateway":"disconnected"`},
		{"no index", true, 0, 503, `"loaded":false`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := healthHandler(health{connected: func() bool { return tt.connected }, passages: tt.passages, fingerprint: "abc"}, prometheus.NewRegistry())
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != tt.code || !strings.Contains(string(body), tt.body) {
				t.Errorf("got %d %s, want %d with %s", rec.Code, body, tt.code, tt.body)
			}
		})
	}
	rec := httptest.NewRecorder()
	healthHandler(health{connected: func() bool { return true }}, prometheus.NewRegistry()).ServeHTTP(rec, httptest.NewRequest("POST", "/healthz", nil))
	if rec.Code != 405 {
		t.Errorf("POST /healthz: got %d, want 405", rec.Code)
	}
}
