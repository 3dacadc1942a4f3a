// Package ratelimit holds the token buckets that keep one user or one
// channel from flooding the bot. Limiter is the interface the front ends
// use; Memory keeps the buckets in this process (golang.org/x/time/rate),
// and a shared implementation (PostgreSQL) keeps them for many workers, so
// a limit does not multiply by the number of processes.
package ratelimit

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Spec is a token bucket: Count requests per Per, with up to Burst at once.
// A zero Count or Per disables the limit; a zero Burst means Count.
type Spec struct {
	Count int
	Per   time.Duration
	Burst int
}

// Enabled reports whether the spec limits anything.
func (s Spec) Enabled() bool { return s.Count > 0 && s.Per > 0 }

// BurstSize is the bucket's capacity.
func (s Spec) BurstSize() int {
	if s.Burst > 0 {
		return s.Burst
	}
	return s.Count
}

// PerToken is how long one token takes to come back.
func (s Spec) PerToken() time.Duration { return s.Per / time.Duration(s.Count) }

// Request names one bucket a request must take a token from: its scope
// ("user", "channel"), its key within the scope, and the bucket's spec.
type Request struct {
	Scope string
	Key   string
	Spec  Spec
}

// Decision is a limiter's answer. When OK is false, Scope names the bucket
// that refused and RetryAt is when it will have a token again.
type Decision struct {
	OK      bool
	Scope   string
	RetryAt time.Time
}

// Limiter takes one token from every bucket of a request, or from none
// when any of them is empty. Disabled specs are ignored.
type Limiter interface {
	Allow(ctx context.Context, now time.Time, reqs ...Request) (Decision, error)
}

// maxBuckets bounds Memory: past it, buckets that have refilled are
// dropped (a full bucket is the same as no bucket).
const maxBuckets = 10000

// Memory is a Limiter whose buckets live in this process.
type Memory struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewMemory returns an empty in-process limiter.
func NewMemory() *Memory { return &Memory{buckets: map[string]*rate.Limiter{}} }

var _ Limiter = (*Memory)(nil)

// Allow implements Limiter. It never fails.
func (m *Memory) Allow(_ context.Context, now time.Time, reqs ...Request) (Decision, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	lims := make([]*rate.Limiter, len(reqs))
	for i, r := range reqs {
		if !r.Spec.Enabled() {
			continue
		}
		lim := m.bucket(r, now)
		lims[i] = lim
		if tokens := lim.TokensAt(now); tokens < 1 {
			wait := time.Duration(math.Ceil((1 - tokens) * float64(r.Spec.PerToken())))
			return Decision{Scope: r.Scope, RetryAt: now.Add(wait)}, nil
		}
	}
	for _, lim := range lims {
		if lim != nil {
			lim.AllowN(now, 1)
		}
	}
	return Decision{OK: true}, nil
}

func (m *Memory) bucket(r Request, now time.Time) *rate.Limiter {
	k := bucketKey(r)
	if lim, ok := m.buckets[k]; ok {
		return lim
	}
	if len(m.buckets) >= maxBuckets {
		for key, lim := range m.buckets {
			if lim.TokensAt(now) >= float64(lim.Burst()) {
				delete(m.buckets, key)
			}
		}
	}
	lim := rate.NewLimiter(rate.Every(r.Spec.PerToken()), r.Spec.BurstSize())
	m.buckets[k] = lim
	return lim
}

// bucketKey keeps buckets of different specs apart, so a change of config
// starts fresh buckets instead of reusing ones with the old rate.
func bucketKey(r Request) string {
	return r.Scope + "\x00" + r.Key + "\x00" + r.Spec.Per.String() + "/" + itoa(r.Spec.Count) + "/" + itoa(r.Spec.BurstSize())
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
