package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The index package declares this interface; llm must satisfy it without
// importing index.
var _ interface {
	Embed(ctx context.Context, texts []string, inputType string) ([][]float32, error)
} = (*Embedder)(nil)

// vectors answers an embeddings request with one vector of dims per input:
// an input "tN" gets [N, 1, 0, ...], so tests can tell which vector is
// whose. The data comes in reverse order, as servers are free to send it.
func vectors(dims int) reply {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		resp := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: "fake-embed"}
		for i := len(body.Input) - 1; i >= 0; i-- {
			v := make([]float32, dims)
			n, _ := strconv.Atoi(strings.TrimPrefix(body.Input[i], "t"))
			v[0], v[1] = float32(n), 1
			resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	}
}

// newEmbedder returns an embedder for f with fast, recorded retries.
func newEmbedder(t *testing.T, f *fakeOpenAI, mod func(*EmbedderConfig)) (*Embedder, *sleeps) {
	t.Helper()
	s := &sleeps{}
	cfg := EmbedderConfig{
		BaseURL: f.URL(), APIKey: testKey, Model: "fake-embed",
		Timeout: 5 * time.Second, MaxRetries: 2, BatchSize: 32,
		Sleep: s.sleep, Rand: func() float64 { return 0.5 },
	}
	if mod != nil {
		mod(&cfg)
	}
	e, err := NewEmbedder(cfg)
	require.NoError(t, err)
	return e, s
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%d", i)
	}
	return out
}

func TestEmbedRequestShape(t *testing.T) {
	tests := []struct {
		name          string
		inputType     bool
		dimensions    int
		kind          string
		wantInputType any // nil: the field must be absent
		wantDims      any
	}{
		{name: "plain OpenAI request", kind: InputQuery},
		{name: "input_type query", inputType: true, kind: InputQuery, wantInputType: "query"},
		{name: "input_type passage", inputType: true, kind: InputPassage, wantInputType: "passage"},
		{name: "dimensions", dimensions: 4, kind: InputPassage, wantDims: float64(4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, vectors(max(tt.dimensions, 3)))
			e, _ := newEmbedder(t, f, func(c *EmbedderConfig) {
				c.InputType, c.Dimensions = tt.inputType, tt.dimensions
			})
			vecs, err := e.Embed(context.Background(), []string{"t0", "t1"}, tt.kind)
			require.NoError(t, err)
			require.Len(t, vecs, 2)

			reqs := f.Requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, http.MethodPost, r.Method)
			assert.Equal(t, "/v1/embeddings", r.Path)
			assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
			assert.Equal(t, "fake-embed", r.Raw["model"])
			assert.Equal(t, []any{"t0", "t1"}, r.Raw["input"])
			assert.Equal(t, tt.wantInputType, r.Raw["input_type"])
			assert.Equal(t, tt.wantDims, r.Raw["dimensions"])
			assert.NotContains(t, r.Raw, "extra_body", "ExtraBody is merged, not sent as a field")
		})
	}
}

func TestEmbedNoKeySendsNoAuthorization(t *testing.T) {
	f := newFake(t, vectors(3))
	e, _ := newEmbedder(t, f, func(c *EmbedderConfig) { c.APIKey = "" })
	_, err := e.Embed(context.Background(), []string{"t0"}, InputQuery)
	require.NoError(t, err)
	assert.Empty(t, f.Requests()[0].Header.Get("Authorization"))
}

func TestEmbedBatchesInOrder(t *testing.T) {
	tests := []struct {
		name      string
		n, batch  int
		wantSizes []int
	}{
		{"batch of 32", 70, 32, []int{32, 32, 6}},
		{"exact multiple", 6, 3, []int{3, 3}},
		{"one per request", 3, 1, []int{1, 1, 1}},
		{"nothing to embed", 0, 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, vectors(3))
			e, _ := newEmbedder(t, f, func(c *EmbedderConfig) { c.BatchSize = tt.batch })
			vecs, err := e.Embed(context.Background(), texts(tt.n), InputPassage)
			require.NoError(t, err)
			require.Len(t, vecs, tt.n)
			for i, v := range vecs {
				assert.Equal(t, []float32{float32(i), 1, 0}, v, "vector %d", i)
			}
			var sizes []int
			for _, r := range f.Requests() {
				sizes = append(sizes, len(r.Raw["input"].([]any)))
			}
			assert.Equal(t, tt.wantSizes, sizes)
		})
	}
}

func TestEmbedRetries(t *testing.T) {
	tests := []struct {
		name     string
		replies  []reply
		wantErr  error
		requests int
		waits    []time.Duration
	}{
		{
			name:     "429 then success honours Retry-After",
			replies:  []reply{status(429, "slow down", "Retry-After", "2"), vectors(3)},
			requests: 2, waits: []time.Duration{2 * time.Second},
		},
		{
			name:     "503 then success",
			replies:  []reply{status(503, "loading"), vectors(3)},
			requests: 2, waits: []time.Duration{375 * time.Millisecond},
		},
		{
			name:     "502 HTML page then success",
			replies:  []reply{html(502), vectors(3)},
			requests: 2, waits: []time.Duration{375 * time.Millisecond},
		},
		{
			name:     "500 repeated fails after retries with growing backoff",
			replies:  []reply{status(500, "boom")},
			wantErr:  ErrUnavailable,
			requests: 3, waits: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond},
		},
		{
			name:     "429 past retries",
			replies:  []reply{status(429, "quota")},
			wantErr:  ErrRateLimited,
			requests: 3, waits: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond},
		},
		{name: "400 not retried", replies: []reply{status(400, "unknown field input_type")}, wantErr: ErrRejected, requests: 1},
		{name: "401 not retried", replies: []reply{status(401, "bad key")}, wantErr: ErrAuth, requests: 1},
		{name: "404 not retried", replies: []reply{status(404, "no such model")}, wantErr: ErrRejected, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.replies...)
			e, s := newEmbedder(t, f, nil)
			vecs, err := e.Embed(context.Background(), []string{"t0", "t1"}, InputQuery)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var ee *Error
				require.ErrorAs(t, err, &ee)
				assert.Equal(t, tt.requests, ee.Attempts)
				assert.Nil(t, vecs)
			} else {
				require.NoError(t, err)
				assert.Equal(t, [][]float32{{0, 1, 0}, {1, 1, 0}}, vecs)
			}
			assert.Len(t, f.Requests(), tt.requests)
			assert.Equal(t, tt.waits, s.all())
		})
	}
}

func TestEmbedFailedBatchFailsTheCall(t *testing.T) {
	f := newFake(t, vectors(3), status(400, "too long"))
	e, _ := newEmbedder(t, f, func(c *EmbedderConfig) { c.BatchSize = 2 })
	vecs, err := e.Embed(context.Background(), texts(5), InputPassage)
	require.ErrorIs(t, err, ErrRejected)
	assert.Nil(t, vecs)
	assert.Contains(t, err.Error(), "texts 2-3 of 5")
	assert.Len(t, f.Requests(), 2, "no batch after the failed one")
}

func TestEmbedUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/v1"
	srv.Close()
	s := &sleeps{}
	e, err := NewEmbedder(EmbedderConfig{BaseURL: url, Model: "m", Timeout: time.Second, BatchSize: 8, MaxRetries: 2, Sleep: s.sleep})
	require.NoError(t, err)
	_, err = e.Embed(context.Background(), []string{"x"}, InputQuery)
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Len(t, s.all(), 2, "network errors are retried")
}

func TestEmbedTimeoutIsPerRequest(t *testing.T) {
	f := newFake(t, hang())
	e, _ := newEmbedder(t, f, func(c *EmbedderConfig) { c.Timeout = 100 * time.Millisecond })
	start := time.Now()
	_, err := e.Embed(context.Background(), []string{"x"}, InputQuery)
	require.ErrorIs(t, err, ErrTimeout)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)
	assert.Len(t, f.Requests(), 1)
}

func TestEmbedBadResponses(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
		cfg   func(*EmbedderConfig)
		want  string
	}{
		{name: "not JSON", reply: raw("nope"), want: "unusable"},
		{name: "too few vectors", reply: raw(`{"data":[{"index":0,"embedding":[1,2]}]}`), want: "1 vectors for 2 texts"},
		{name: "repeated index", reply: raw(`{"data":[{"index":0,"embedding":[1,2]},{"index":0,"embedding":[1,2]}]}`), want: "repeated"},
		{name: "index out of range", reply: raw(`{"data":[{"index":0,"embedding":[1,2]},{"index":7,"embedding":[1,2]}]}`), want: "out of range"},
		{name: "empty vector", reply: raw(`{"data":[{"index":0,"embedding":[]},{"index":1,"embedding":[1,2]}]}`), want: "empty vector"},
		{name: "lengths differ", reply: raw(`{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1,2,3]}]}`), want: "has 3 dimensions, want 2"},
		{
			name: "dimensions ignored by the server", reply: vectors(3),
			cfg: func(c *EmbedderConfig) { c.Dimensions = 8 }, want: "has 3 dimensions, want 8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.reply)
			e, _ := newEmbedder(t, f, tt.cfg)
			_, err := e.Embed(context.Background(), []string{"t0", "t1"}, InputQuery)
			require.ErrorIs(t, err, ErrBadResponse)
			assert.Contains(t, err.Error(), tt.want)
			assert.Len(t, f.Requests(), 1, "an unusable answer is not retried")
		})
	}
}

func TestEmbedRejectsBadInputWithoutARequest(t *testing.T) {
	tests := []struct {
		name, kind string
		texts      []string
		want       string
	}{
		{"unknown input type", "document", []string{"x"}, `input type "document"`},
		{"empty input type", "", []string{"x"}, "input type"},
		{"blank text", InputPassage, []string{"x", "  "}, "text 1 is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, vectors(3))
			e, _ := newEmbedder(t, f, nil)
			_, err := e.Embed(context.Background(), tt.texts, tt.kind)
			require.ErrorIs(t, err, ErrRejected)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, f.Requests())
		})
	}
}

func TestEmbedKeyNeverLeaks(t *testing.T) {
	for _, key := range []string{testKey, "a3f9c2e17b5d4e08a3f9c2e17b5d4e08"} {
		for _, code := range []int{401, 500} {
			t.Run(fmt.Sprintf("%s/%d", key[:4], code), func(t *testing.T) {
				f := newFake(t, status(code, "Incorrect API key provided: "+key+". Header: Bearer "+key))
				e, _ := newEmbedder(t, f, func(c *EmbedderConfig) { c.APIKey = key })
				_, err := e.Embed(context.Background(), texts(3), InputQuery)
				require.Error(t, err)
				requireNoKey(t, key, err.Error(), Reason(err), fmt.Sprintf("%v %+v %#v", err, err, err),
					fmt.Sprintf("%v %+v %#v", e, e, e))
				assert.Contains(t, err.Error(), "[redacted]")
			})
		}
	}
	cfg := EmbedderConfig{Model: "m", APIKey: testKey}
	requireNoKey(t, testKey, cfg.String(), fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg))
}

func TestNewEmbedderValidates(t *testing.T) {
	local := "http://127.0.0.1:8000/v1"
	tests := []struct {
		name string
		cfg  EmbedderConfig
		want string
	}{
		{"no model", EmbedderConfig{BaseURL: local, BatchSize: 8}, "model is required"},
		{"OpenAI without key", EmbedderConfig{Model: "text-embedding-3-small", BatchSize: 8}, "EMBEDDINGS_API_KEY"},
		{"bad URL", EmbedderConfig{Model: "m", BaseURL: "localhost:8000", BatchSize: 8}, "not an http(s) URL"},
		{"negative dimensions", EmbedderConfig{Model: "m", BaseURL: local, Dimensions: -1, BatchSize: 8}, "dimensions"},
		{"batch too large", EmbedderConfig{Model: "m", BaseURL: local, BatchSize: 2049}, "batch size"},
		{"no batch size", EmbedderConfig{Model: "m", BaseURL: local}, "batch size"},
		{"negative timeout", EmbedderConfig{Model: "m", BaseURL: local, Timeout: -time.Second, BatchSize: 8}, "timeout"},
		{"local server", EmbedderConfig{Model: "multilingual-e5-small", BaseURL: local, BatchSize: 8}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := NewEmbedder(tt.cfg)
			if tt.want == "" {
				require.NoError(t, err)
				assert.Zero(t, e.cfg.Timeout, "as given: config's embeddings.timeout is passed")
				assert.Equal(t, 8, e.cfg.BatchSize)
				assert.Zero(t, e.cfg.MaxRetries, "zero retries means zero")
				assert.Equal(t, "multilingual-e5-small", e.Model())
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "llm: "))
		})
	}
}
