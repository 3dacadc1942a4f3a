package bot

import (
	"math"
	"sync"
	"time"
)

// RateSpec is a token bucket: Count requests per Per, with up to Burst at
// once. A zero Count disables the limit; a zero Burst means Count.
type RateSpec struct {
	Count int
	Per   time.Duration
	Burst int
}

func (r RateSpec) enabled() bool { return r.Count > 0 && r.Per > 0 }

func (r RateSpec) burst() float64 {
	if r.Burst > 0 {
		return float64(r.Burst)
	}
	return float64(r.Count)
}

// perToken is how long one token takes to come back.
func (r RateSpec) perToken() time.Duration { return r.Per / time.Duration(r.Count) }

type bucket struct {
	tokens float64
	at     time.Time
}

// limiter holds one bucket per key (a user or a channel) for one RateSpec.
type limiter struct {
	spec    RateSpec
	buckets map[string]*bucket
}

func newLimiter(spec RateSpec) *limiter {
	return &limiter{spec: spec, buckets: map[string]*bucket{}}
}

// maxBuckets bounds memory: past it, buckets that have refilled are dropped
// (a full bucket is the same as no bucket).
const maxBuckets = 10000

// level returns the bucket for key refilled up to now. Callers hold
// rateLimits.mu.
func (l *limiter) level(key string, now time.Time) *bucket {
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: l.spec.burst(), at: now}
		l.buckets[key] = b
		return b
	}
	elapsed := now.Sub(b.at)
	if elapsed > 0 {
		b.tokens = math.Min(l.spec.burst(), b.tokens+float64(elapsed)/float64(l.spec.perToken()))
		b.at = now
	}
	return b
}

func (l *limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.spec.perToken()) >= l.spec.burst() {
			delete(l.buckets, k)
		}
	}
}

// wait returns how long until key has a token (0 when it has one now).
func (l *limiter) wait(key string, now time.Time) time.Duration {
	b := l.level(key, now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - b.tokens) * float64(l.spec.perToken())))
}

func (l *limiter) take(key string, now time.Time) {
	l.level(key, now).tokens--
}

// rateLimits applies the per-user and per-channel buckets together: a
// request takes a token from both or from neither.
type rateLimits struct {
	mu      sync.Mutex
	user    *limiter
	channel *limiter
	now     func() time.Time
	// told holds, per refused key, until when the refusal was announced,
	// so a public reply to a mention is not repeated for every attempt.
	told map[string]time.Time
}

func newRateLimits(user, channel RateSpec, now func() time.Time) *rateLimits {
	r := &rateLimits{now: now, told: map[string]time.Time{}}
	if user.enabled() {
		r.user = newLimiter(user)
	}
	if channel.enabled() {
		r.channel = newLimiter(channel)
	}
	return r
}

// allow takes a token for userID and channelID, or reports which limit
// refused, when the request may be retried, and whether this refusal is the
// first since that limit ran out.
func (r *rateLimits) allow(userID, channelID string) (refused refusal, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.user != nil {
		if d := r.user.wait(userID, now); d > 0 {
			return r.refuse("user", userID, now, now.Add(d)), false
		}
	}
	if r.channel != nil {
		if d := r.channel.wait(channelID, now); d > 0 {
			return r.refuse("channel", channelID, now, now.Add(d)), false
		}
	}
	if r.user != nil {
		r.user.take(userID, now)
	}
	if r.channel != nil {
		r.channel.take(channelID, now)
	}
	return refusal{}, true
}

// refusal is a request a rate limit turned away.
type refusal struct {
	scope   string // "user" or "channel"
	retryAt time.Time
	first   bool
}

func (r *rateLimits) refuse(scope, key string, now, retryAt time.Time) refusal {
	k := scope + ":" + key
	first := !now.Before(r.told[k])
	if len(r.told) >= maxBuckets {
		for k, until := range r.told {
			if now.After(until) {
				delete(r.told, k)
			}
		}
	}
	r.told[k] = retryAt
	return refusal{scope: scope, retryAt: retryAt, first: first}
}
