package eval

import (
	"context"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
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

// SearchWith ignores the mode: the baseline has one retriever.
func (p *plainBM25) SearchWith(ctx context.Context, q string, k int, _ index.SearchOptions) (index.Result, error) {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	sr, err := p.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, k, 0, false))
	if err != nil {
		return index.Result{}, fmt.Errorf("plain bm25: %w", err)
	}
	res := index.Result{Query: q, Retrieval: index.Retrieval{Mode: index.ModeBM25}}
	for i, h := range sr.Hits {
		res.Hits = append(res.Hits, index.Hit{Passage: p.passages[h.ID], Rank: i + 1, Score: h.Score})
	}
	return res, nil
}
