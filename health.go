package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// health is what /healthz reports: the gateway connection and the index.
type health struct {
	connected   func() bool
	passages    int
	fingerprint string
}

// healthHandler serves /healthz (200 when the gateway is connected and the
// index holds passages, 503 otherwise, with a JSON body saying which) and
// /metrics (Prometheus text format, from reg).
func healthHandler(h health, reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		gateway := "connected"
		if !h.connected() {
			gateway = "disconnected"
		}
		status, code := "ok", http.StatusOK
		if gateway != "connected" || h.passages == 0 {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{
			"status":  status,
			"gateway": gateway,
			"index":   map[string]any{"loaded": h.passages > 0, "passages": h.passages, "fingerprint": h.fingerprint},
		})
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return mux
}

// listenHealth serves the health and metrics handler on addr until ctx is
// done. It returns once listening, or an error if addr cannot be used.
func listenHealth(ctx context.Context, addr string, handler http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "err", err)
		}
	}()
	log.Info("health and metrics listening", "addr", ln.Addr().String(), "paths", "/healthz /metrics")
	return func() {
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		<-done
	}, nil
}
