package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// embeddingsServer is a local OpenAI-compatible /v1/embeddings server: it
// checks the request like the real API (POST, JSON body with model and a
// non-empty input list) and answers each text with its words hashed into 64
// dimensions, in input order. down makes it answer 503.
type embeddingsServer struct {
	*httptest.Server
	down  atomic.Bool
	texts atomic.Int64
}

func newEmbeddingsServer(t *testing.T) *embeddingsServer {
	s := &embeddingsServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
			http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
			return
		}
		if s.down.Load() {
			http.Error(w, `{"error":{"message":"overloaded"}}`, http.StatusServiceUnavailable)
			return
		}
		var req struct {
			Model     string   `json:"model"`
			Input     []string `json:"input"`
			InputType string   `json:"input_type"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Model == "" || len(req.Input) == 0 {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		var data []string
		for i, text := range req.Input {
			v := make([]string, 64)
			counts := make([]float64, 64)
			for _, f := range strings.Fields(strings.ToLower(text)) {
				h := fnv.New32a()
				h.Write([]byte(strings.Trim(f, ".,;:?!()“”\"")))
				counts[h.Sum32()%64]++
			}
			counts[63] += 0.1
			for j, c := range counts {
				v[j] = fmt.Sprint(c)
			}
			data = append(data, fmt.Sprintf(`{"object":"embedding","index":%d,"embedding":[%s]}`, i, strings.Join(v, ",")))
		}
		s.texts.Add(int64(len(req.Input)))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"object":"list","model":%q,"data":[%s],"usage":{"prompt_tokens":1,"total_tokens":1}}`, req.Model, strings.Join(data, ","))
	}))
	t.Cleanup(s.Close)
	return s
}

type searchJSON struct {
	Results []struct {
		ID         string  `json:"id"`
		BM25Rank   int     `json:"bm25_rank"`
		VectorRank int     `json:"vector_rank"`
		Similarity float64 `json:"similarity"`
	} `json:"results"`
	Retrieval struct {
		Mode           string  `json:"mode"`
		VectorError    string  `json:"vector_error"`
		BestSimilarity float64 `json:"best_similarity"`
	} `json:"retrieval"`
}

func TestHybridSearchThroughTheCLI(t *testing.T) {
	srv := newEmbeddingsServer(t)
	c := newCLI(t)
	cfg := filepath.Join(t.TempDir(), "pactbot.yaml")
	// The factsheet alone: the query below names its partner countries, so
	// BM25 ranks its passage first and the fused ranking keeps it there.
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf("corpus:\n  dir: %s\nembeddings:\n  base_url: %s/v1\n  model: hash-64\n  batch_size: 8\n", factsheetDir(t), srv.URL)), 0o644))
	c.env["EMBEDDINGS_API_KEY"] = "sk-embed-secret"

	out, errOut, code := c.run("--config", cfg, "index")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "vectors:")
	first := srv.texts.Load()
	require.Positive(t, first)

	search := func() searchJSON {
		out, errOut, code := c.run("--config", cfg, "search", "--json", "Tunisia Mauritania Egypt partnerships")
		require.Equal(t, 0, code, errOut)
		var res searchJSON
		require.NoError(t, json.Unmarshal([]byte(out), &res), out)
		return res
	}
	res := search()
	assert.Equal(t, "hybrid", res.Retrieval.Mode)
	require.NotEmpty(t, res.Results)
	assert.Equal(t, 1, res.Results[0].BM25Rank)
	assert.Positive(t, res.Results[0].VectorRank)
	assert.Positive(t, res.Results[0].Similarity)

	// A rebuild of the same corpus embeds nothing: the vectors are cached.
	_, errOut, code = c.run("--config", cfg, "index", "--rebuild")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, first, srv.texts.Load()-1, "only the question of the search above was embedded since")

	// The server goes down: searches and answers go on with BM25 and say why.
	srv.down.Store(true)
	res = search()
	assert.Equal(t, "bm25", res.Retrieval.Mode)
	assert.Contains(t, res.Retrieval.VectorError, "503")
	assert.NotContains(t, res.Retrieval.VectorError, "sk-embed-secret")
	require.NotEmpty(t, res.Results)
	_, errOut, code = c.run("--config", cfg, "ask", "--explain", "Which partner countries does the EU work with?")
	require.Equal(t, 0, code)
	assert.Contains(t, errOut, "vectors not used")

	// A rebuild needs the server only for text it has not embedded yet.
	_, errOut, code = c.run("--config", cfg, "index", "--rebuild")
	require.Equal(t, 0, code, "every passage comes from the cache: %s", errOut)

	// With nothing cached, pactbot index fails and names the cause, while
	// ask falls back to BM25 with a warning.
	fresh := newCLI(t)
	fresh.env = c.env
	_, errOut, code = fresh.run("--config", cfg, "index")
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errOut, "embed passages")
	assert.Contains(t, errOut, "503")
	assert.NotContains(t, errOut, "sk-embed-secret")
	out, errOut, code = fresh.run("--config", cfg, "ask", "How much money is earmarked for the Pact?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "BM25 only")
	assert.Contains(t, out, "€2 billion")
}
