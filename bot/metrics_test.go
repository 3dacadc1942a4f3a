package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/review"
)

func TestMetricsExposition(t *testing.T) {
	m := NewMetrics()
	m.inc("pactbot_questions_total", "source", "slash")
	m.inc("pactbot_questions_total", "source", "slash")
	m.inc("pactbot_answers_total", "mode", "extractive", "grounded", "true")
	m.inc("pactbot_answers_total", "mode", "generative", "grounded", "false")
	m.observeLatency("extractive", 30*time.Millisecond)
	m.observeLatency("extractive", 3*time.Second)

	var b strings.Builder
	_, err := m.WriteTo(&b)
	require.NoError(t, err)
	out := b.String()
	for _, want := range []string{
		"# TYPE pactbot_questions_total counter\npactbot_questions_total{source=\"slash\"} 2\n",
		"pactbot_grounded_ratio 0.5\n",
		"pactbot_answer_latency_seconds_bucket{mode=\"extractive\",le=\"0.05\"} 1\n",
		"pactbot_answer_latency_seconds_bucket{mode=\"extractive\",le=\"2.5\"} 1\n",
		"pactbot_answer_latency_seconds_bucket{mode=\"extractive\",le=\"5\"} 2\n",
		"pactbot_answer_latency_seconds_bucket{mode=\"extractive\",le=\"+Inf\"} 2\n",
		"pactbot_answer_latency_seconds_count{mode=\"extractive\"} 2\n",
		"# TYPE pactbot_gateway_reconnects_total counter\n",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 2.0, m.Value("pactbot_questions_total", "source", "slash"))
}

type nopAsker struct{}

func (nopAsker) Ask(_ context.Context, q string) (answer.Answer, error) {
	return answer.Answer{Question: q}, nil
}

func TestHealthzNotReadyBeforeGateway(t *testing.T) {
	indexOpen := true
	b, err := New(Config{Token: "t", APIURL: "http://127.0.0.1:1", IndexReady: func() bool { return indexOpen }},
		nopAsker{}, nopRecorder{}, review.NewPseudonymizer([]byte("s")), nil, nil, nil)
	require.NoError(t, err)
	h := b.HTTPHandler()

	get := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		return w
	}
	w := get()
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.JSONEq(t, `{"ready":false,"gateway":false,"index":true}`, w.Body.String())

	b.connected.Store(true)
	assert.Equal(t, http.StatusOK, get().Code)
	indexOpen = false
	assert.Equal(t, http.StatusServiceUnavailable, get().Code)

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Header().Get("Content-Type"), "text/plain; version=0.0.4")
}

func TestNewValidates(t *testing.T) {
	p := review.NewPseudonymizer([]byte("s"))
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{}},
		{"bad api url", Config{Token: "t", APIURL: "discord.com"}},
		{"shard out of range", Config{Token: "t", ShardID: 2, ShardCount: 2}},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg, nopAsker{}, nopRecorder{}, p, nil, nil, nil)
		assert.Error(t, err, tt.name)
	}
	_, err := New(Config{Token: "t"}, nil, nopRecorder{}, p, nil, nil, nil)
	assert.Error(t, err)
}

type nopRecorder struct{}

func (nopRecorder) RecordAnswer(context.Context, *review.Record) (int64, error) { return 1, nil }
func (nopRecorder) SetMessage(context.Context, int64, string, string) error     { return nil }
func (nopRecorder) Vote(context.Context, int64, string, string) error           { return nil }

func TestUnreachableGatewayIsRetriedUntilStopped(t *testing.T) {
	var logs bytes.Buffer
	b, err := New(Config{Token: "t", APIURL: "http://127.0.0.1:1"},
		nopAsker{}, nopRecorder{}, review.NewPseudonymizer([]byte("s")), nil, slog.New(slog.NewTextHandler(&logs, nil)), nil)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = b.Run(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "it kept retrying until stopped, not failed at the first refusal")
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.GreaterOrEqual(t, strings.Count(logs.String(), "gateway unreachable, retrying"), 2)

	assert.False(t, retryableOpen(&discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusUnauthorized}}), "a refused token is not retried")
	assert.True(t, retryableOpen(&discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusBadGateway}}))
}
