package bot

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/bot/discordtest"
)

// A global 429 from the fake Discord pauses every request, on any route,
// until Retry-After has passed; a route 429 pauses nothing else.
func TestGlobalLimitPausesAllRequests(t *testing.T) {
	for _, tt := range []struct {
		name   string
		fail   discordtest.Failure
		paused bool
	}{
		{"global by header", discordtest.Failure{Method: "POST", PathPrefix: "/api/v9/channels/1/messages", Status: 429,
			Header: map[string]string{"X-RateLimit-Global": "true", "Retry-After": "0.4", "X-RateLimit-Scope": "global"},
			Body:   `{"message":"You are being rate limited.","retry_after":0.4,"global":true}`}, true},
		{"global by body only", discordtest.Failure{Method: "POST", PathPrefix: "/api/v9/channels/1/messages", Status: 429,
			Body: `{"message":"You are being rate limited.","retry_after":0.4,"global":true}`}, true},
		{"route limit", discordtest.Failure{Method: "POST", PathPrefix: "/api/v9/channels/1/messages", Status: 429,
			Header: map[string]string{"Retry-After": "0.4", "X-RateLimit-Scope": "user"},
			Body:   `{"message":"You are being rate limited.","retry_after":0.4,"global":false}`}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := discordtest.New(t)
			srv.FailNext(tt.fail)
			var limits atomic.Int64
			tr := &GlobalLimitTransport{Next: http.DefaultTransport, OnLimit: func(time.Duration) { limits.Add(1) }}
			client := &http.Client{Transport: tr}
			resp, err := client.Post(srv.URL()+"/api/v9/channels/1/messages", "application/json", nil)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
			start := time.Now()
			other, err := client.Get(srv.URL() + "/api/v9/users/@me")
			require.NoError(t, err)
			other.Body.Close()
			waited := time.Since(start)
			if tt.paused {
				assert.GreaterOrEqual(t, waited, 350*time.Millisecond, "another route waited")
				assert.EqualValues(t, 1, limits.Load())
			} else {
				assert.Less(t, waited, 300*time.Millisecond)
				assert.Zero(t, limits.Load())
			}
		})
	}
}

func TestGlobalLimitKeepsBodyReadable(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Global", "true")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(`{"retry_after":0.01,"global":true}`))
	}))
	defer ts.Close()
	resp, err := (&http.Client{Transport: &GlobalLimitTransport{}}).Get(ts.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	var buf [64]byte
	n, _ := resp.Body.Read(buf[:])
	assert.Contains(t, string(buf[:n]), `"global":true`, "discordgo reads retry_after from it")
}
