package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
	"pactbot/index"
)

// TestGlossaryLift measures retrieval the way the issue asks: citizens'
// questions over pact2024, retrieval only, with plain BM25 (see plainBM25),
// the index without the glossary, and the index with it. Tune the glossary
// on the shared dev set only (-report lists its misses); the held-out set
// in questions/pact2024.yaml is only summarised, to show whether the tuning
// generalises.
func TestGlossaryLift(t *testing.T) {
	shared := sharedDir(t)
	c, err := corpus.LoadDir(filepath.Join(shared, "corpora", "pact2024"))
	require.NoError(t, err)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	bm25, noGloss, withGloss := newPlainBM25(t, c), openIndex(t, c, nil), openIndex(t, c, g)
	for _, set := range []struct {
		name, file string
		misses     bool
	}{
		{"dev", filepath.Join(shared, "eval", "pact2024-dev.jsonl"), true},
		{"held-out", filepath.Join("questions", "pact2024.yaml"), false},
	} {
		qs, err := ReadFile(set.file)
		require.NoError(t, err)
		base, err := Run(context.Background(), qs, bm25, nil, bm25Only())
		require.NoError(t, err)
		plain, err := Run(context.Background(), qs, noGloss, nil, bm25Only())
		require.NoError(t, err)
		with, err := Run(context.Background(), qs, withGloss, nil, bm25Only())
		require.NoError(t, err)
		t.Logf("%-8s plain BM25:     %s", set.name, summary(base))
		t.Logf("%-8s no glossary:    %s", set.name, summary(plain))
		t.Logf("%-8s with glossary:  %s", set.name, summary(with))
		if *showReport && set.misses {
			var b strings.Builder
			require.NoError(t, with.WriteText(&b))
			t.Logf("%s with glossary:\n%s", set.name, b.String())
		}
		assert.Greater(t, with.RecallAt3, base.RecallAt3+0.15, "%s: must beat plain BM25 clearly", set.name)
		assert.Greater(t, with.RecallAt3, plain.RecallAt3, "%s: the glossary must lift recall@3", set.name)
		assert.Greater(t, with.MRR, plain.MRR, "%s: the glossary must lift MRR", set.name)
	}
}

// bm25Only measures the full-text retriever alone: the glossary acts on it.
func bm25Only() Options { return Options{Modes: []index.Mode{index.ModeBM25}} }

func summary(r Report) string {
	return fmt.Sprintf("recall@1 %.3f  recall@3 %.3f  recall@5 %.3f  MRR %.3f  fact %.3f",
		r.RecallAt1, r.RecallAt3, r.RecallAt5, r.MRR, r.FactHit)
}

// TestGlossaryTermsSurviveAnalysis lints the shipped glossary: every term
// must keep a content word after English analysis, and a term of several
// words must keep at least two, or it silently turns into a rule for one
// common word ("my country" would rewrite every "country").
func TestGlossaryTermsSurviveAnalysis(t *testing.T) {
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	a := bleve.NewIndexMapping().AnalyzerNamed(en.AnalyzerName)
	require.NotNil(t, a)
	for _, r := range g {
		for _, term := range slices.Concat(r.Input, r.Synonyms) {
			toks := a.Analyze([]byte(term))
			words := len(strings.Fields(strings.NewReplacer("-", " ", "/", " ").Replace(term)))
			switch {
			case len(toks) == 0:
				t.Errorf("%q analyzes to nothing (only stop words)", term)
			case words > 1 && len(toks) < 2:
				t.Errorf("%q keeps only %q after analysis", term, toks[0].Term)
			}
		}
	}
}
