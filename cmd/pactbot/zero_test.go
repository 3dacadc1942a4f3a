package main

import (
	"testing"
	"time"

	"pactbot/config"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 0 the user writes in the config means 0 where 0 is allowed: the
// packages read their own zero as "default", so the wiring passes it on
// as the negative value they take as 0.
func TestConfigZeroMeansZero(t *testing.T) {
	tests := []struct {
		name, yaml string
		grace      time.Duration
	}{
		{"unset keeps the default", "discord:\n  channels: []\n", 20 * time.Second},
		{"0 means no grace", "discord:\n  grace_period: 0s\n", -1},
		{"a value is kept", "discord:\n  grace_period: 5s\n", 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			require.NoError(t, config.Parse([]byte(tt.yaml), &c))
			bc, err := botConfig(c)
			require.NoError(t, err)
			assert.Equal(t, tt.grace, bc.GracePeriod)
		})
	}
	c := config.Default()
	require.NoError(t, config.Parse([]byte("llm:\n  max_retries: 0\nanswer:\n  min_coverage: 0\n"), &c))
	assert.Equal(t, -1, zeroMeansZero(c.LLM.MaxRetries), "llm.New reads a negative MaxRetries as never retry")
	assert.Equal(t, -1.0, zeroMeansZero(c.Answer.MinCoverage), "answer reads a negative MinCoverage as no floor")
	d := config.Default()
	assert.Equal(t, d.LLM.MaxRetries, zeroMeansZero(d.LLM.MaxRetries), "defaults pass through")
}
