package ratelimit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryBurstThenRefill(t *testing.T) {
	m := NewMemory()
	spec := Spec{Count: 2, Per: time.Minute}
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	req := Request{Scope: "user", Key: "u1", Spec: spec}
	for i := 0; i < 2; i++ {
		d, err := m.Allow(context.Background(), t0, req)
		require.NoError(t, err)
		assert.True(t, d.OK, "request %d", i)
	}
	d, err := m.Allow(context.Background(), t0, req)
	require.NoError(t, err)
	assert.False(t, d.OK)
	assert.Equal(t, "user", d.Scope)
	assert.Equal(t, t0.Add(30*time.Second), d.RetryAt)

	d, _ = m.Allow(context.Background(), t0.Add(30*time.Second), req)
	assert.True(t, d.OK, "one token is back after Per/Count")
	d, _ = m.Allow(context.Background(), t0.Add(30*time.Second), Request{Scope: "user", Key: "u2", Spec: spec})
	assert.True(t, d.OK, "another key has its own bucket")
}

func TestMemoryTakesFromAllOrNone(t *testing.T) {
	m := NewMemory()
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	user := Spec{Count: 5, Per: time.Minute}
	channel := Spec{Count: 1, Per: time.Minute}
	d, _ := m.Allow(context.Background(), t0, Request{"user", "u1", user}, Request{"channel", "c1", channel})
	require.True(t, d.OK)
	d, _ = m.Allow(context.Background(), t0, Request{"user", "u1", user}, Request{"channel", "c1", channel})
	require.False(t, d.OK)
	assert.Equal(t, "channel", d.Scope)
	// The refused request took nothing from the user's bucket: four left.
	for i := 0; i < 4; i++ {
		d, _ = m.Allow(context.Background(), t0, Request{"user", "u1", user})
		assert.True(t, d.OK, "user token %d", i)
	}
	d, _ = m.Allow(context.Background(), t0, Request{"user", "u1", user})
	assert.False(t, d.OK)
}

func TestMemoryDisabledSpecIsIgnored(t *testing.T) {
	m := NewMemory()
	now := time.Now()
	for i := 0; i < 100; i++ {
		d, err := m.Allow(context.Background(), now, Request{"user", "u", Spec{}})
		require.NoError(t, err)
		require.True(t, d.OK)
	}
}

func TestMemoryBounded(t *testing.T) {
	m := NewMemory()
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	spec := Spec{Count: 1, Per: time.Second}
	for i := 0; i < maxBuckets+10; i++ {
		_, _ = m.Allow(context.Background(), t0.Add(time.Duration(i)*time.Second), Request{"user", itoa(i), spec})
	}
	assert.LessOrEqual(t, len(m.buckets), maxBuckets)
}
