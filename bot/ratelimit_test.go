package bot

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestRateLimitsUser(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	r := newRateLimits(RateSpec{Count: 3, Per: time.Minute, Burst: 2}, RateSpec{}, clock.now)

	for range 2 {
		_, ok := r.allow("u1", "c1")
		assert.True(t, ok, "burst of 2 allowed")
	}
	ref, ok := r.allow("u1", "c1")
	assert.False(t, ok)
	assert.Equal(t, refusal{scope: "user", retryAt: clock.t.Add(20 * time.Second), first: true}, ref, "one token per 20 s")
	ref, _ = r.allow("u1", "c1")
	assert.False(t, ref.first, "the second refusal in the same window is not the first")

	_, ok = r.allow("u2", "c1")
	assert.True(t, ok, "another user has their own bucket")

	clock.advance(19 * time.Second)
	_, ok = r.allow("u1", "c1")
	assert.False(t, ok)
	clock.advance(time.Second)
	_, ok = r.allow("u1", "c1")
	assert.True(t, ok, "refilled after 20 s")

	clock.advance(time.Hour)
	for range 2 {
		_, ok = r.allow("u1", "c1")
		assert.True(t, ok, "refill caps at the burst")
	}
	_, ok = r.allow("u1", "c1")
	assert.False(t, ok)
}

// A request refused by the channel bucket must not cost the user a token.
func TestRateLimitsBothOrNeither(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	r := newRateLimits(RateSpec{Count: 2, Per: time.Minute}, RateSpec{Count: 1, Per: time.Minute}, clock.now)

	_, ok := r.allow("u1", "c1")
	assert.True(t, ok)
	ref, ok := r.allow("u2", "c1")
	assert.False(t, ok)
	assert.Equal(t, "channel", ref.scope)
	assert.Equal(t, clock.t.Add(time.Minute), ref.retryAt)
	_, ok = r.allow("u2", "c2")
	assert.True(t, ok)
	_, ok = r.allow("u2", "c3")
	assert.True(t, ok, "u2 still had its second token: the refusal in c1 took none")
}

func TestRateLimitsDisabled(t *testing.T) {
	r := newRateLimits(RateSpec{}, RateSpec{}, time.Now)
	for range 100 {
		_, ok := r.allow("u", "c")
		assert.True(t, ok)
	}
}

func TestLimiterSweepKeepsMemoryBounded(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	r := newRateLimits(RateSpec{Count: 1, Per: time.Second}, RateSpec{}, clock.now)
	for i := range maxBuckets {
		r.allow(string(rune(i)), "c")
	}
	clock.advance(2 * time.Second)
	r.allow("new", "c")
	assert.Len(t, r.user.buckets, 1, "refilled buckets are dropped once the map is full")
}
