package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// GlobalLimitTransport honours Discord's global rate limit: after a 429
// marked global (header X-RateLimit-Global: true, or "global": true in the
// body) it holds back every request, to any route, until Retry-After has
// passed. discordgo v0.29 locks its buckets only when X-RateLimit-Reset-After
// is present, which a global 429 need not carry, so without this the other
// requests keep flowing into the limit. The 429 itself is passed on, so
// discordgo retries that request after retry_after as it does.
type GlobalLimitTransport struct {
	// Next carries the requests; nil means http.DefaultTransport.
	Next http.RoundTripper
	// OnLimit, when set, is told of each global limit and its length.
	OnLimit func(time.Duration)

	mu    sync.Mutex
	until time.Time
}

// RoundTrip waits out a global limit in force, then sends the request.
func (t *GlobalLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	wait := time.Until(t.until)
	t.mu.Unlock()
	if wait > 0 {
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-req.Context().Done():
			timer.Stop()
			return nil, fmt.Errorf("bot: waiting out Discord's global rate limit: %w", req.Context().Err())
		}
	}
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	if d, global := globalRetryAfter(resp); global {
		t.mu.Lock()
		if until := time.Now().Add(d); until.After(t.until) {
			t.until = until
		}
		t.mu.Unlock()
		if t.OnLimit != nil {
			t.OnLimit(d)
		}
	}
	return resp, nil
}

// globalRetryAfter reads a 429: whether it is global and how long to wait
// (Retry-After in seconds, else the body's retry_after; a second at least
// when neither says). The body is left readable for discordgo.
func globalRetryAfter(resp *http.Response) (time.Duration, bool) {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	var body struct {
		Global     bool    `json:"global"`
		RetryAfter float64 `json:"retry_after"`
	}
	_ = json.Unmarshal(raw, &body)
	global := body.Global || resp.Header.Get("X-RateLimit-Global") == "true"
	secs := body.RetryAfter
	if h, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && h > secs {
		secs = h
	}
	if secs <= 0 {
		secs = 1
	}
	return time.Duration(secs * float64(time.Second)), global
}
