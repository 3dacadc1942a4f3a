package eval

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/index"
	"pactbot/llm"
	"pactbot/prompts"
)

// TestGeneratedAnswersWithRealModels asks through the whole pipeline with
// a real small chat model (Gemma 3 270M on node-llama-cpp, started by
// .ci/run; PACTBOT_CHAT_URL) and the real embeddings server: the rewrite,
// the fused search, generation, citation verification and the fallbacks
// meet real model output (missing or wrong markers, other languages,
// rambling). Whatever the model writes, a covered question is answered
// and grounded, an answer shown as generated passed verification, and an
// off-topic question is refused.
func TestGeneratedAnswersWithRealModels(t *testing.T) {
	url := os.Getenv("PACTBOT_CHAT_URL")
	if url == "" {
		if os.Getenv(requireModelEnv) == "1" {
			t.Fatalf("PACTBOT_CHAT_URL is not set but %s=1: .ci/models.sh must start the chat server", requireModelEnv)
		}
		t.Skip("no chat server: set PACTBOT_CHAT_URL (see .ci/models.sh)")
	}
	emb := realEmbedder(t)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	// The shipped corpus with the acts' vectors from the pact2024 fixture
	// (embedding 2,681 passages live would take the CI server ~20 minutes);
	// the factsheet and anything changed are embedded live.
	c, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	vo := index.VectorOptions{Embedder: emb, Model: e5Model}
	data := t.TempDir()
	copyFile(t, e5CacheFixture, index.VectorCachePath(data, vo))
	ix, err := index.Open(data, c, index.Options{Glossary: g, Vectors: &vo})
	require.NoError(t, err)
	defer ix.Close()
	require.Less(t, ix.Stats().Embedded, maxStalePassages, "the acts' vectors came from the fixture")
	client, err := llm.New(llm.Config{BaseURL: url, Model: "gemma-3-270m", Timeout: 2 * time.Minute, MaxTokens: 120})
	require.NoError(t, err)
	set, err := prompts.Load("")
	require.NoError(t, err)
	e := answer.NewEngine(ix, answer.OptionsFrom(config.Default())).WithGenerator(answer.GenOptions{
		Generator: client, Prompts: set, Model: "gemma-3-270m", MaxTokens: 120,
		PromptBudget: config.Default().Answer.PromptBudget,
	})
	ctx := context.Background()
	a, err := e.Ask(ctx, "My name is Amir Hosseini, how much money is earmarked for the Pact?", answer.AskOptions{Explain: true})
	require.NoError(t, err)
	t.Logf("mode %s, note %q, answer: %.300s", a.Mode, a.Note, a.Text)
	assert.True(t, a.Grounded, "the sources cover it, whatever the model wrote")
	if a.Mode == answer.ModeGenerative {
		require.NotNil(t, a.CitationCheck)
		assert.True(t, a.CitationCheck.Passed && a.CitationCheck.Verified, "a generated answer shown as grounded passed verification")
	} else {
		assert.NotEmpty(t, a.Note, "a fallback says why")
	}
	assert.Equal(t, "hybrid", string(a.Trace.Retrieval.Mode))
	assert.NotContains(t, a.Trace.SearchQuery, "Hosseini")

	off, err := e.Ask(ctx, "who won the football match last night", answer.AskOptions{})
	require.NoError(t, err)
	assert.False(t, off.Grounded)
}
