package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/llm"
)

// A 0 the user writes in the config means 0 where 0 is allowed: bot still
// reads its own zero GracePeriod as "default", so the wiring passes it on
// as the negative value it takes as 0.
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
}

// TestPackagesReceiveConfigDefaults: config is the one source of defaults;
// the clients and the engine get its values unchanged, and a 0 written in
// the file arrives as 0.
func TestPackagesReceiveConfigDefaults(t *testing.T) {
	d := config.Default()
	l := llmConfig(d)
	assert.Equal(t, d.LLM.Timeout, l.Timeout)
	assert.Equal(t, d.LLM.MaxRetries, l.MaxRetries)
	assert.Equal(t, d.LLM.MaxTokens, l.MaxTokens)
	assert.Equal(t, d.LLM.Temperature, l.Temperature)
	assert.Equal(t, d.LLM.Model, l.Model)
	e := embedderConfig(d)
	assert.Equal(t, d.Embeddings.Timeout, e.Timeout)
	assert.Equal(t, d.Embeddings.BatchSize, e.BatchSize)
	assert.Equal(t, d.Embeddings.MaxRetries, e.MaxRetries)
	o := answer.OptionsFrom(d)
	assert.Equal(t, d.Index.TopK, o.TopK)
	assert.Equal(t, d.Answer.MaxPassages, o.MaxPassages)
	assert.Equal(t, d.Answer.MinCoverage, o.MinCoverage)
	assert.Equal(t, d.Answer.MinSimilarity, o.MinSimilarity)
	assert.Equal(t, d.Answer.StrongSimilarity, o.StrongSimilarity)

	c := config.Default()
	require.NoError(t, config.Parse([]byte("llm:\n  max_retries: 0\nembeddings:\n  max_retries: 0\nanswer:\n  min_coverage: 0\n"), &c))
	assert.Zero(t, llmConfig(c).MaxRetries, "0 retries means never retry")
	assert.Zero(t, embedderConfig(c).MaxRetries)
	assert.Zero(t, answer.OptionsFrom(c).MinCoverage, "0 means no floor")

	// The clients keep what they are given (no defaults of their own).
	c.LLM.BaseURL, c.Embeddings.BaseURL, c.Embeddings.Model = "http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1", "m"
	_, err := llm.New(llmConfig(c))
	require.NoError(t, err)
	_, err = llm.NewEmbedder(embedderConfig(c))
	require.NoError(t, err)
}
