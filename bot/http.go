package bot

import (
	"encoding/json"
	"net/http"
)

// HTTPHandler serves /healthz (200 only when the gateway is connected and
// the index is open, 503 otherwise) and /metrics (Prometheus text format).
func (b *Bot) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		gateway, idx := b.Ready(), b.cfg.IndexReady()
		w.Header().Set("Content-Type", "application/json")
		if !gateway || !idx {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(map[string]bool{"ready": gateway && idx, "gateway": gateway, "index": idx})
	})
	mux.Handle("GET /metrics", b.metrics)
	return mux
}

// ServeHTTP writes the metrics in the Prometheus text exposition format.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = m.WriteTo(w)
}
