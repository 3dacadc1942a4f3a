package index

import (
	"context"
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/corpus"
)

// conceptEmbedder is a fake embedding model: a text's vector is the bag of
// its words' concepts, hashed into 64 dimensions. concepts maps words that
// mean the same to one concept, so, like a real model and unlike BM25, it
// finds a passage that shares no word with the question.
type conceptEmbedder struct {
	concepts map[string]string
	mu       sync.Mutex
	texts    int // texts embedded
	calls    []string
	fail     error
}

func (f *conceptEmbedder) Embed(_ context.Context, texts []string, inputType string) ([][]float32, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, inputType)
	if f.fail != nil {
		return nil, f.fail
	}
	f.texts += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, 64)
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !('a' <= r && r <= 'z') }) {
			if c, ok := f.concepts[w]; ok {
				w = c
			}
			h := fnv.New32a()
			h.Write([]byte(w))
			v[h.Sum32()%64]++
		}
		v[63] += 0.1 // never a zero vector
		out[i] = v
	}
	return out, nil
}

func (f *conceptEmbedder) embedded() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.texts
}

func newConceptEmbedder() *conceptEmbedder {
	return &conceptEmbedder{concepts: map[string]string{
		"country": "state", "countries": "state", "nation": "state",
		"deal": "examine", "handle": "examine", "examining": "examine", "examination": "examine",
		"claim": "application", "request": "application",
		"kicked": "return", "deported": "return", "departure": "return",
	}}
}

func vectorOpts(e Embedder) *VectorOptions {
	return &VectorOptions{Embedder: e, Model: "concepts-64", BatchSize: 3}
}

func TestHybridFindsWhatBM25Misses(t *testing.T) {
	c := policyCorpus()
	c.Documents[1].Sections = append(c.Documents[1].Sections, corpus.Section{
		Path:    []string{"Asylum and Migration Management Regulation", "Article 16: Member State responsible"},
		Heading: "Article 16: Member State responsible", Anchor: "article-16", Level: 2,
		Text: "The Member State responsible for examining an application shall be determined by the criteria in the order set out.",
	})
	ix := openTest(t, c, Options{Vectors: vectorOpts(newConceptEmbedder())})
	assert.Equal(t, ix.Stats().Passages, ix.Stats().Vectors)

	ctx := context.Background()
	q := "which nation will handle my claim"
	bm, err := ix.SearchWith(ctx, q, 3, SearchOptions{Mode: ModeBM25})
	require.NoError(t, err)
	assert.Empty(t, bm.Hits, "no word of the question is in the corpus")

	hy, err := ix.SearchWith(ctx, q, 3, SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeHybrid, hy.Retrieval.Mode)
	require.NotEmpty(t, hy.Hits)
	assert.Equal(t, "ammr#article-16/0", hy.Hits[0].ID)
	assert.Equal(t, 1, hy.Hits[0].VectorRank)
	assert.Zero(t, hy.Hits[0].BM25Rank)
	assert.Greater(t, hy.Retrieval.BestSimilarity, 0.1)
	assert.InDelta(t, hy.Retrieval.BestSimilarity, hy.Hits[0].Similarity, 0.01)

	vec, err := ix.SearchWith(ctx, "returns", 5, SearchOptions{Mode: ModeVector})
	require.NoError(t, err)
	for _, h := range vec.Hits {
		assert.Zero(t, h.BM25Rank, "vector mode runs no BM25")
		assert.NotZero(t, h.VectorRank)
	}
}

func TestHybridKeepsOnePassagePerSectionAndFusesBothRanks(t *testing.T) {
	ix := openTest(t, policyCorpus(), Options{Vectors: vectorOpts(newConceptEmbedder())})
	res, err := ix.SearchWith(context.Background(), "return of persons deported", 5, SearchOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Equal(t, "stock#returns/0", res.Hits[0].ID)
	assert.Equal(t, 1, res.Hits[0].BM25Rank)
	assert.Equal(t, 1, res.Hits[0].VectorRank)
	seen := map[string]bool{}
	for i, h := range res.Hits {
		sec := h.ID[:strings.LastIndexByte(h.ID, '/')]
		assert.False(t, seen[sec], "two passages of %s", sec)
		seen[sec] = true
		assert.Equal(t, i+1, h.Rank)
	}
}

func TestEmbeddingServerDownAtQueryTimeFallsBackToBM25(t *testing.T) {
	e := newConceptEmbedder()
	ix := openTest(t, policyCorpus(), Options{Vectors: vectorOpts(e)})
	e.mu.Lock()
	e.fail = errors.New("connection refused")
	e.mu.Unlock()
	for _, mode := range []Mode{ModeHybrid, ModeVector} {
		res, err := ix.SearchWith(context.Background(), "return of persons", 3, SearchOptions{Mode: mode})
		require.NoError(t, err, "a search never fails for want of vectors")
		assert.Equal(t, ModeBM25, res.Retrieval.Mode)
		assert.Contains(t, res.Retrieval.VectorError, "connection refused")
		require.NotEmpty(t, res.Hits)
		assert.Equal(t, "stock#returns/0", res.Hits[0].ID)
	}
}

func TestFailingEmbedderIsLeftAloneForAWhile(t *testing.T) {
	e := newConceptEmbedder()
	ix := openTest(t, policyCorpus(), Options{Vectors: vectorOpts(e)})
	clock := time.Now()
	ix.now = func() time.Time { return clock }
	e.mu.Lock()
	e.fail = errors.New("connection refused")
	e.mu.Unlock()
	ctx := context.Background()
	_, err := ix.SearchWith(ctx, "return of persons", 3, SearchOptions{})
	require.NoError(t, err)
	calls := len(e.calls)
	res, err := ix.SearchWith(ctx, "smuggling networks", 3, SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, calls, len(e.calls), "no second call while the server is down")
	assert.Contains(t, res.Retrieval.VectorError, "failed recently")

	e.mu.Lock()
	e.fail = nil
	e.mu.Unlock()
	clock = clock.Add(embedderRetryAfter + time.Second)
	res, err = ix.SearchWith(ctx, "smuggling networks", 3, SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeHybrid, res.Retrieval.Mode, "asked again after the pause")
}

func TestIndexWithoutVectorsSaysSo(t *testing.T) {
	ix := openTest(t, policyCorpus(), Options{})
	res, err := ix.SearchWith(context.Background(), "return of persons", 3, SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, ModeBM25, res.Retrieval.Mode)
	assert.Equal(t, ErrNoVectors.Error(), res.Retrieval.VectorError)
	assert.Zero(t, res.Retrieval.BestSimilarity)
	require.NotEmpty(t, res.Hits)
	assert.Zero(t, res.Hits[0].VectorRank)
}

func TestExtraPhrasingsAreFused(t *testing.T) {
	ix := openTest(t, policyCorpus(), Options{})
	res, err := ix.SearchWith(context.Background(), "what happens to people who lose", 3,
		SearchOptions{Extra: []string{"return of persons with no right to stay"}})
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	assert.Equal(t, "stock#returns/0", res.Hits[0].ID)
	assert.Equal(t, 1.0, res.Coverage, "coverage is the best over the phrasings")
}

func TestVectorCacheEmbedsOnlyWhatChanged(t *testing.T) {
	data := t.TempDir()
	e := newConceptEmbedder()
	c := policyCorpus()
	ix, err := Open(data, c, Options{Vectors: vectorOpts(e)})
	require.NoError(t, err)
	// Every passage, and every section's heading path once.
	total := ix.Stats().Passages + ix.Stats().Sections
	assert.Equal(t, total, ix.Stats().Embedded)
	require.NoError(t, ix.Close())
	assert.Equal(t, total, e.embedded())

	ix, err = Open(data, c, Options{Vectors: vectorOpts(e), Rebuild: true})
	require.NoError(t, err)
	assert.Zero(t, ix.Stats().Embedded, "a rebuild of the same text embeds nothing")
	require.NoError(t, ix.Close())

	c2 := policyCorpus()
	c2.Fingerprint = "changed"
	c2.Documents[0].Sections[1].Text = "Member States step up the return of persons, with voluntary departure first, always."
	ix, err = Open(data, c2, Options{Vectors: vectorOpts(e)})
	require.NoError(t, err)
	assert.Equal(t, 1, ix.Stats().Embedded, "only the changed passage is embedded")
	require.NoError(t, ix.Close())
	assert.Equal(t, total+1, e.embedded())
	for _, it := range e.calls {
		assert.Equal(t, InputPassage, it)
	}
}

func TestTornVectorCacheRecordIsIgnored(t *testing.T) {
	data := t.TempDir()
	e := newConceptEmbedder()
	ix, err := Open(data, policyCorpus(), Options{Vectors: vectorOpts(e)})
	require.NoError(t, err)
	require.NoError(t, ix.Close())
	path := VectorCachePath(data, *vectorOpts(e))
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.NoError(t, os.Truncate(path, st.Size()-10), "a crash mid-append")
	ix, err = Open(data, policyCorpus(), Options{Vectors: vectorOpts(e), Rebuild: true})
	require.NoError(t, err)
	defer ix.Close()
	assert.Equal(t, 1, ix.Stats().Embedded, "the torn record is embedded again, the rest come from the cache")
}

func TestEmbeddingFailureAtBuildLeavesTheOldIndex(t *testing.T) {
	data := t.TempDir()
	ix, err := Open(data, policyCorpus(), Options{})
	require.NoError(t, err)
	require.NoError(t, ix.Close())

	e := newConceptEmbedder()
	e.fail = errors.New("503 service unavailable")
	_, err = Open(data, policyCorpus(), Options{Vectors: vectorOpts(e)})
	require.ErrorIs(t, err, ErrEmbedding)
	assert.Contains(t, err.Error(), "503")

	ix, err = Open(data, policyCorpus(), Options{})
	require.NoError(t, err, "the BM25 index is still there")
	assert.False(t, ix.Stats().Built)
	require.NoError(t, ix.Close())
}

func TestEmbeddingSettingsArePartOfTheIndexKey(t *testing.T) {
	data := t.TempDir()
	e := newConceptEmbedder()
	keys := map[string]string{}
	for name, vo := range map[string]*VectorOptions{
		"none":     nil,
		"model":    {Embedder: e, Model: "a"},
		"model b":  {Embedder: e, Model: "b"},
		"prefix":   {Embedder: e, Model: "a", PassagePrefix: "passage: "},
		"query":    {Embedder: e, Model: "a", QueryPrefix: "query: "},
		"dims 256": {Embedder: e, Model: "a", Dimensions: 256},
	} {
		ix, err := Open(data, policyCorpus(), Options{Vectors: vo})
		require.NoError(t, err, name)
		keys[ix.Fingerprint()] = name
		require.NoError(t, ix.Close())
	}
	assert.Len(t, keys, 6, "every setting gets its own index")
}

func TestVectorsFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	ids := []string{"a#x/0", "a#y/0", "b#z/1"}
	vs := make([][]float32, len(ids))
	for i := range vs {
		vs[i] = randomUnit(r, 16)
	}
	v, err := newVectors(ids, vs)
	require.NoError(t, err)
	require.NoError(t, writeVectors(dir, vectorsFile, v))
	got, err := readVectors(dir, vectorsFile)
	require.NoError(t, err)
	assert.Equal(t, v.ids, got.ids)
	assert.Equal(t, v.q, got.q)
	assert.Equal(t, v.norm, got.norm)
	i, ok := got.pos("b#z/1")
	assert.True(t, ok)
	assert.Equal(t, 2, i)

	require.NoError(t, os.WriteFile(dir+"/"+vectorsFile, []byte("garbage"), 0o644))
	_, err = readVectors(dir, vectorsFile)
	assert.ErrorContains(t, err, vectorsFile)
}

// TestQuantisedRanking checks that int8 vectors rank like the float32
// ones they came from: the top 10 of 2000 random 384-dimension vectors
// agree, and cosines differ by well under 0.01.
func TestQuantisedRanking(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n, dim = 2000, 384
	ids := make([]string, n)
	vs := make([][]float32, n)
	for i := range vs {
		ids[i] = string(rune('a'+i%26)) + "#" + strings.Repeat("x", i%7) + "/" + string(rune('0'+i%10))
		vs[i] = randomUnit(r, dim)
	}
	v, err := newVectors(ids, vs)
	require.NoError(t, err)
	overlap := 0
	for trial := 0; trial < 20; trial++ {
		q := randomUnit(r, dim)
		// Make the query close to some vector so the top is meaningful.
		target := vs[r.IntN(n)]
		for j := range q {
			q[j] = 0.8*target[j] + 0.2*q[j]
		}
		normalise(q)
		exact := exactRanking(vs, q)
		got := v.search(q, 10)
		require.Len(t, got, 10)
		assert.Equal(t, exact[0].i, got[0].i, "the nearest vector is found")
		for _, g := range got {
			for _, e := range exact[:10] {
				if g.i == e.i {
					overlap++
					assert.InDelta(t, e.sim, g.sim, 0.01)
				}
			}
		}
	}
	assert.GreaterOrEqual(t, overlap, 190, "top-10 overlap with the exact ranking over 20 queries")
}

// exactRanking scores every vector against q in float64, best first: the
// ranking the int8 search is checked against.
func exactRanking(vs [][]float32, q []float32) []scored {
	exact := make([]scored, len(vs))
	for i, x := range vs {
		var d float64
		for j := range x {
			d += float64(x[j]) * float64(q[j])
		}
		exact[i] = scored{i, float32(d)}
	}
	slices.SortFunc(exact, func(a, b scored) int { return -cmpFloat(a.sim, b.sim) })
	return exact
}

func cmpFloat(a, b float32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func randomUnit(r *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	normalise(v)
	return v
}

// BenchmarkVectorSearch measures the brute-force int8 scan: 100k passages
// of 384 dimensions (multilingual-e5-small), as at the benchmark corpus.
func BenchmarkVectorSearch(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	const n, dim = 100_000, 384
	ids := make([]string, n)
	vs := make([][]float32, n)
	for i := range vs {
		ids[i] = "d#s/" + string(rune(i))
		vs[i] = randomUnit(r, dim)
	}
	v, err := newVectors(ids, vs)
	if err != nil {
		b.Fatal(err)
	}
	q := randomUnit(r, dim)
	b.ReportMetric(float64(len(v.q)+4*len(v.norm))/float64(n), "bytes/passage")
	b.ResetTimer()
	for b.Loop() {
		v.search(q, 50)
	}
	_ = math.Pi
}

// TestPrefilterRecall checks the binary sketch scan of large indexes on
// vectors shaped like sentence embeddings (a strong shared direction, as
// e5's cosines all lie between 0.7 and 0.9, plus topic clusters): its top
// 10 agree with the exact scan's.
func TestPrefilterRecall(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n, dim, topics = prefilterFrom + 4000, 384, 300
	common := randomUnit(r, dim)
	centers := make([][]float32, topics)
	for i := range centers {
		centers[i] = randomUnit(r, dim)
	}
	mix := func(c []float32, noise float32) []float32 {
		x := randomUnit(r, dim)
		for j := range x {
			x[j] = 2*common[j] + c[j] + noise*x[j]
		}
		normalise(x)
		return x
	}
	ids := make([]string, n)
	vs := make([][]float32, n)
	for i := range vs {
		ids[i] = "d#s/" + string(rune(i))
		vs[i] = mix(centers[r.IntN(topics)], 0.9)
	}
	v, err := newVectors(ids, vs)
	require.NoError(t, err)
	require.NotNil(t, v.bits, "large indexes get sketches")
	found, total := 0, 0
	for trial := 0; trial < 30; trial++ {
		q := mix(centers[r.IntN(topics)], 1.0)
		exact := exactRanking(vs, q)
		got := map[int]bool{}
		for _, g := range v.search(q, 10) {
			got[g.i] = true
		}
		for _, e := range exact[:10] {
			total++
			if got[e.i] {
				found++
			}
		}
	}
	recall := float64(found) / float64(total)
	t.Logf("prefilter recall@10 over 30 queries: %.3f", recall)
	assert.GreaterOrEqual(t, recall, 0.9)
}
