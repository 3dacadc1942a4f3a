package llm

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenerateStreaming(t *testing.T) {
	f := newFake(t, sse(
		delta("", ""), delta("The Pact ", ""), delta("brings €2 billion", ""),
		delta(" [1].", "stop"), usageChunk(120, 9), "[DONE]"))
	c, _ := newClient(t, f, nil)
	var got []string
	req := chat()
	req.OnDelta = func(d string) { got = append(got, d) }

	gen, err := c.Generate(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, []string{"The Pact ", "brings €2 billion", " [1]."}, got)
	assert.Equal(t, "The Pact brings €2 billion [1].", gen.Text)
	assert.Equal(t, 120, gen.PromptTokens)
	assert.Equal(t, 9, gen.CompletionTokens)
	assert.Equal(t, "fake-model-0125", gen.Model)

	r := f.Requests()[0]
	assert.True(t, r.Body.Stream)
	assert.Equal(t, "text/event-stream", r.Header.Get("Accept"))
	assert.Equal(t, map[string]any{"include_usage": true}, r.Raw["stream_options"])
}

func TestGenerateStreamOptionsRefused(t *testing.T) {
	f := newFake(t,
		status(400, "Unrecognized request argument supplied: stream_options"),
		sse(delta("fine", "stop"), "[DONE]"))
	c, s := newClient(t, f, nil)
	req := chat()
	req.OnDelta = func(string) {}
	gen, err := c.Generate(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "fine", gen.Text)
	reqs := f.Requests()
	require.Len(t, reqs, 2)
	assert.Contains(t, reqs[0].Raw, "stream_options")
	assert.NotContains(t, reqs[1].Raw, "stream_options")
	assert.Empty(t, s.all(), "a refused option is not a reason to wait")
}

func TestGenerateStreamCutShort(t *testing.T) {
	tests := []struct {
		name     string
		events   []string
		requests int
	}{
		// Nothing reached the caller yet: safe to try again.
		{"before any text", []string{delta("", "")}, 3},
		// Text was delivered: a retry would repeat it, so fail at once.
		{"after text", []string{delta("The Pact", ""), delta(" brings", "")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, sse(tt.events...)) // no finish reason, no [DONE]
			c, _ := newClient(t, f, nil)
			req := chat()
			req.OnDelta = func(string) {}
			_, err := c.Generate(context.Background(), req)
			require.ErrorIs(t, err, ErrUnavailable)
			assert.Len(t, f.Requests(), tt.requests)
		})
	}
}

func TestGenerateStreamErrorEvent(t *testing.T) {
	f := newFake(t, sse(`{"error":{"message":"model overloaded","type":"server_error"}}`))
	c, _ := newClient(t, f, func(cfg *Config) { cfg.MaxRetries = -1 })
	req := chat()
	req.OnDelta = func(string) {}
	_, err := c.Generate(context.Background(), req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "model overloaded")
	assert.Len(t, f.Requests(), 1)
}

func TestGenerateStreamGarbage(t *testing.T) {
	f := newFake(t, sse(delta("", "stop"), "[DONE]"))
	c, _ := newClient(t, f, nil)
	req := chat()
	req.OnDelta = func(string) {}
	_, err := c.Generate(context.Background(), req)
	require.ErrorIs(t, err, ErrBadResponse)
}

func TestGenerateStreamRetriesBeforeText(t *testing.T) {
	f := newFake(t, status(429, "busy", "Retry-After", "1"), sse(delta("ok", "stop"), "[DONE]"))
	c, s := newClient(t, f, nil)
	req := chat()
	var got strings.Builder
	req.OnDelta = func(d string) { got.WriteString(d) }
	gen, err := c.Generate(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "ok", gen.Text)
	assert.Equal(t, "ok", got.String(), "the failed attempt delivered nothing")
	assert.Equal(t, []time.Duration{time.Second}, s.all())
	assert.Len(t, f.Requests(), 2)
}

func TestGenerateStreamStallsPastDeadline(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "data: %s\n\n", delta("The Pact", ""))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	f := newFake(t, stall)
	c, _ := newClient(t, f, func(cfg *Config) { cfg.Timeout = 150 * time.Millisecond })
	req := chat()
	var got []string
	req.OnDelta = func(d string) { got = append(got, d) }
	start := time.Now()
	_, err := c.Generate(context.Background(), req)
	require.ErrorIs(t, err, ErrTimeout)
	assert.Less(t, time.Since(start), time.Second)
	assert.Equal(t, []string{"The Pact"}, got)
	assert.Len(t, f.Requests(), 1)
}
