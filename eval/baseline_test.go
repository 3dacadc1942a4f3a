package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
	"pactbot/index"
)

// plainBM25 is the baseline the issue compares against: the same passages
// in a Bleve BM25 index with English analysis on the text only, searched
// with a plain match query (no headings, no filler removal, no glossary,
// no typo tolerance).
type plainBM25 struct {
	idx      bleve.Index
	passages map[string]index.Passage
}

func newPlainBM25(t *testing.T, c *corpus.Corpus) *plainBM25 {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	m.DefaultAnalyzer = en.AnalyzerName
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	p := &plainBM25{idx: idx, passages: map[string]index.Passage{}}
	b := idx.NewBatch()
	for _, d := range c.Documents {
		for _, ps := range index.Chunk(d, index.DefaultPassageWords) {
			p.passages[ps.ID] = ps
			require.NoError(t, b.Index(ps.ID, map[string]string{"text": ps.Text}))
		}
	}
	require.NoError(t, idx.Batch(b))
	return p
}

func (p *plainBM25) Search(ctx context.Context, q string, k int) (index.Result, error) {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	sr, err := p.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, k, 0, false))
	if err != nil {
		return index.Result{}, fmt.Errorf("plain bm25: %w", err)
	}
	res := index.Result{Query: q}
	for i, h := range sr.Hits {
		res.Hits = append(res.Hits, index.Hit{Passage: p.passages[h.ID], Rank: i + 1, Score: h.Score})
	}
	return res, nil
}

// TestPlainBM25Baseline measures plain BM25 on the pact question sets next
// to the real index with the glossary, the two numbers the README reports.
func TestPlainBM25Baseline(t *testing.T) {
	shared := sharedDir(t)
	c, err := corpus.LoadDir(filepath.Join(shared, "corpora", "pact2024"))
	require.NoError(t, err)
	g, err := corpus.DefaultGlossary()
	require.NoError(t, err)
	plain, real := newPlainBM25(t, c), openIndex(t, c, g)
	for name, file := range map[string]string{
		"dev":      filepath.Join(shared, "eval", "pact2024-dev.jsonl"),
		"held-out": filepath.Join("questions", "pact2024.yaml"),
	} {
		qs, err := ReadFile(file)
		require.NoError(t, err)
		base, err := Run(context.Background(), qs, plain, nil)
		require.NoError(t, err)
		ours, err := Run(context.Background(), qs, real, nil)
		require.NoError(t, err)
		t.Logf("%-8s plain BM25:        %s", name, summary(base))
		t.Logf("%-8s pactbot + glossary: %s", name, summary(ours))
		assert.Greater(t, ours.RecallAt3, base.RecallAt3+0.15, "%s: pactbot must beat plain BM25 clearly", name)
	}
}
