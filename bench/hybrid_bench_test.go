package bench

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"pactbot/index"
	"pactbot/llm"
)

// standInDim is the vector length of the embedding stand-in, that of
// multilingual-e5-small.
const standInDim = 384

// embeddingStandIn is a local OpenAI-compatible /v1/embeddings server that
// answers at once with a deterministic vector per text (its words hashed
// into 384 dimensions), so that the benchmarks time pactbot's side of
// embedding — requests, JSON, batching, the cache, the vector file — and
// not a model's speed.
func embeddingStandIn(b *testing.B) string {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		out := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: req.Model}
		for i, t := range req.Input {
			v := make([]float32, standInDim)
			for _, f := range strings.Fields(strings.ToLower(t)) {
				h := fnv.New32a()
				h.Write([]byte(f))
				s := h.Sum32()
				v[s%standInDim] += 1
				v[(s>>9)%standInDim] -= 0.5
			}
			v[0] += 0.01
			out.Data = append(out.Data, item{Object: "embedding", Index: i, Embedding: v})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	}))
	b.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

func hybridOptions(b *testing.B, url string) index.Options {
	b.Helper()
	emb, err := llm.NewEmbedder(llm.EmbedderConfig{BaseURL: url, Model: "stand-in-384", BatchSize: 64, Timeout: time.Minute})
	require.NoError(b, err)
	opts := benchOptions(b)
	opts.Vectors = &index.VectorOptions{Embedder: emb, Model: "stand-in-384", BatchSize: 64}
	return opts
}

// BenchmarkHybridBuild measures building an index with passage vectors
// from scratch (empty vector cache) against the local embedding stand-in:
// passages/s and seconds per build, and the bytes per passage of the
// vector file (int8 vector, norm and id).
func BenchmarkHybridBuild(b *testing.B) {
	url := embeddingStandIn(b)
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			c := benchCorpus(b, n)
			opts := hybridOptions(b, url)
			var vecBytes int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				b.StartTimer()
				ix, err := index.Open(dir, c, opts)
				b.StopTimer()
				require.NoError(b, err)
				require.Equal(b, n, ix.Stats().Vectors)
				files, _ := filepath.Glob(filepath.Join(dir, "index", "*", "build-*", "vectors.bin"))
				require.Len(b, files, 1)
				st, err := os.Stat(files[0])
				require.NoError(b, err)
				vecBytes = st.Size()
				require.NoError(b, ix.Close())
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
			b.ReportMetric(float64(vecBytes)/float64(n), "vector-bytes/passage")
		})
	}
}

// BenchmarkHybridSearch measures the fused search (BM25 and vectors,
// reciprocal-rank fusion, one passage per section) with the project's
// eval questions, excluding the embedding call: every question is embedded
// once before timing and comes from the index's question-vector cache.
func BenchmarkHybridSearch(b *testing.B) {
	url := embeddingStandIn(b)
	queries := citizenQuestions(b)
	require.NotEmpty(b, queries)
	for _, n := range benchSizes(b) {
		b.Run(sizeName(n), func(b *testing.B) {
			c := benchCorpus(b, n)
			dir := b.TempDir()
			if *dataDir != "" {
				dir = filepath.Join(*dataDir, "hybrid")
			}
			opts := hybridOptions(b, url)
			ix, err := index.Open(dir, c, opts)
			require.NoError(b, err)
			defer func() { require.NoError(b, ix.Close()) }()
			ctx := context.Background()
			for _, q := range queries {
				res, err := ix.SearchWith(ctx, q, topK, index.SearchOptions{})
				require.NoError(b, err)
				require.Equal(b, index.ModeHybrid, res.Retrieval.Mode, res.Retrieval.VectorError)
			}
			b.ReportAllocs()
			b.ResetTimer()
			lat := make(Latencies, 0, b.N)
			for i := 0; i < b.N; i++ {
				q := queries[i%len(queries)]
				start := time.Now()
				_, err := ix.SearchWith(ctx, q, topK, index.SearchOptions{})
				lat = append(lat, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(lat.Percentile(50).Nanoseconds())/1e6, "p50-ms")
			b.ReportMetric(float64(lat.Percentile(99).Nanoseconds())/1e6, "p99-ms")
		})
	}
}
