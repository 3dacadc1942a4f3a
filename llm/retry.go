package llm

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff bounds. The first retry waits about baseBackoff, each further one
// twice as long, never more than maxBackoff; a Retry-After longer than
// maxRetryAfter is not waited for.
const (
	baseBackoff   = 500 * time.Millisecond
	maxBackoff    = 8 * time.Second
	maxRetryAfter = 60 * time.Second
)

// backoff is the wait before retry number attempt (1-based): exponential
// with "equal jitter", so waits spread out but never collapse to zero.
// rnd returns a number in [0,1).
func backoff(attempt int, rnd func() float64) time.Duration {
	d := baseBackoff
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	half := d / 2
	return half + time.Duration(rnd()*float64(half))
}

// retryAfterKey carries a *retryAfter through a request's context, from
// Generate to the transport that sees the response headers: go-openai
// drops headers from its error values.
type retryAfterKey struct{}

// retryAfter is what the server asked us to wait, 0 when it did not say.
type retryAfter struct {
	d time.Duration
}

// withRetryAfter returns a context whose requests record Retry-After into
// the returned holder.
func withRetryAfter(ctx context.Context) (context.Context, *retryAfter) {
	h := &retryAfter{}
	return context.WithValue(ctx, retryAfterKey{}, h), h
}

// headerTransport records the Retry-After of error responses.
type headerTransport struct {
	base http.RoundTripper
	now  func() time.Time
}

// RoundTrip sends req and, for 429 and 5xx responses, records how long
// the server asked to wait.
func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode < 429 {
		return resp, err
	}
	if h, ok := req.Context().Value(retryAfterKey{}).(*retryAfter); ok {
		h.d = parseRetryAfter(resp.Header, t.now())
	}
	return resp, err
}

// parseRetryAfter reads retry-after-ms (sent by OpenAI and Azure) or
// Retry-After in seconds or as an HTTP date. Unknown forms give 0.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	if ms := strings.TrimSpace(h.Get("Retry-After-Ms")); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil && v > 0 {
			return time.Duration(v * float64(time.Millisecond))
		}
	}
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(ra, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if at, err := http.ParseTime(ra); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
