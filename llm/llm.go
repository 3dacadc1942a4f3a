// Package llm owns the go-openai adapter that turns chat messages into text:
// one client for OpenAI, Azure OpenAI and any OpenAI-compatible server
// (Ollama, vLLM, llama.cpp), with a deadline on every call, retries with
// backoff on 429 and 5xx (honouring Retry-After), streaming, and typed
// errors that carry a citizen-safe reason apart from the cause. Its
// Embedder turns texts into vectors through the same kind of server
// (/v1/embeddings), in batches, with the same retries and errors. It does not
// build prompts (see package prompts) nor decide what to do when generation
// fails (see package answer). It never logs, and never puts the API key in
// an error.
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

	"pactbot/answer"
)

var _ answer.Generator = (*Client)(nil)

// Defaults applied by New for zero Config fields.
const (
	DefaultBaseURL = "https://api.openai.com/v1"
	// DefaultAzureAPIVersion is recent enough for stream usage reports.
	DefaultAzureAPIVersion = "2024-10-21"
)

// zeroTemperature stands in for a temperature of 0, which go-openai's
// omitempty would drop, leaving the server default (1 on OpenAI). Servers
// treat a value this small as greedy decoding.
const zeroTemperature float32 = 1e-6

// emptyMessagesLimit is how many non-data lines a stream may send in a row
// (keep-alives, comments) before it is abandoned: slow local servers send
// many.
const emptyMessagesLimit = 10000

// Config configures a Client. Only Model is required for a local server;
// OpenAI needs APIKey; Azure needs APIKey and BaseURL.
type Config struct {
	// BaseURL of the API, ending in /v1 for OpenAI-compatible servers
	// (e.g. http://localhost:11434/v1 for Ollama); for Azure the resource
	// endpoint (https://NAME.openai.azure.com). Empty means OpenAI.
	BaseURL string
	// Model is the model name, or the deployment name on Azure.
	Model string
	// APIKey is sent as a bearer token (api-key header on Azure). Empty
	// sends no Authorization header, as local servers expect.
	APIKey string
	// Timeout bounds a whole Generate call, retries included. Zero means
	// explicitly no deadline of its own (the caller's context decides);
	// pactbot passes config's llm.timeout, which is the one default.
	Timeout time.Duration
	// MaxTokens caps the completion when the request does not say.
	MaxTokens int
	// Temperature is used when the request does not set one (> 0).
	// Zero means greedy decoding and is sent as a tiny positive value.
	Temperature float32
	// MaxRetries is how many times a 429, 5xx or network failure is
	// retried, as given: zero (or less) means never (config's
	// llm.max_retries is the default).
	MaxRetries int
	// Azure selects Azure OpenAI (api-key header, deployment URLs).
	Azure bool
	// AzureAPIVersion is the api-version query parameter on Azure. Empty
	// means DefaultAzureAPIVersion.
	AzureAPIVersion string
	// HTTPClient sends the requests; nil means a new http.Client. Its
	// Timeout, if any, also applies (per attempt).
	HTTPClient *http.Client
	// Sleep waits between retries; nil means a timer that stops when ctx
	// is done. Tests inject one that returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns jitter in [0,1); nil means math/rand/v2.
	Rand func() float64
}

// String describes the configuration without the API key, so that printing
// a Config by mistake cannot leak it.
func (c Config) String() string {
	key := "unset"
	if c.APIKey != "" {
		key = "set"
	}
	return fmt.Sprintf("llm.Config{BaseURL:%q Model:%q APIKey:%s Azure:%t Timeout:%s}",
		c.BaseURL, c.Model, key, c.Azure, c.Timeout)
}

// GoString is String, for %#v.
func (c Config) GoString() string { return c.String() }

// Client generates chat completions. It is safe for concurrent use.
type Client struct {
	api     *openai.Client
	model   string
	baseURL string
	key     string
	cfg     Config
}

// New checks cfg, fills defaults and returns a Client. It makes no request.
func New(cfg Config) (*Client, error) {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	var oc openai.ClientConfig
	if cfg.Azure {
		oc = openai.DefaultAzureConfig(cfg.APIKey, cfg.BaseURL)
		oc.APIVersion = cfg.AzureAPIVersion
		// Model names a deployment here: use it as given, unlike the
		// library default that strips dots and colons.
		oc.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		oc = openai.DefaultConfig(cfg.APIKey)
		oc.BaseURL = cfg.BaseURL
	}
	hc := *cfg.HTTPClient
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = &headerTransport{base: base, now: time.Now}
	oc.HTTPClient = &hc
	oc.EmptyMessagesLimit = emptyMessagesLimit
	key := cfg.APIKey
	cfg.APIKey = "" // kept once, in key, for redaction only
	return &Client{
		api:     openai.NewClientWithConfig(oc),
		model:   cfg.Model,
		baseURL: cfg.BaseURL,
		key:     key,
		cfg:     cfg,
	}, nil
}

// withDeadline bounds ctx by d; zero means no deadline of its own.
func withDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// withDefaults validates cfg and fills its zero fields.
func withDefaults(cfg Config) (Config, error) {
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		return cfg, errors.New("llm: model is required")
	}
	if cfg.BaseURL == "" && cfg.Azure {
		return cfg, errors.New("llm: base_url is required for Azure OpenAI")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, fmt.Errorf("llm: base_url %q is not an http(s) URL", cfg.BaseURL)
	}
	if cfg.APIKey == "" && (cfg.Azure || u.Host == "api.openai.com") {
		return cfg, fmt.Errorf("llm: %s needs an API key (OPENAI_API_KEY)", u.Host)
	}
	if cfg.Timeout < 0 || cfg.MaxTokens < 0 || cfg.Temperature < 0 || cfg.Temperature > 2 {
		return cfg, errors.New("llm: timeout, max_tokens and temperature must be positive (temperature at most 2)")
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.AzureAPIVersion == "" {
		cfg.AzureAPIVersion = DefaultAzureAPIVersion
	}
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

// Model returns the configured model (or Azure deployment) name.
func (c *Client) Model() string { return c.model }

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("llm.Client{model=%s base=%s}", c.model, c.baseURL)
}

// GoString is String, for %#v: the key must not be printed.
func (c *Client) GoString() string { return c.String() }

// Generate sends one chat completion, streamed when req.OnDelta is set. The
// whole call, retries included, ends within the configured Timeout. 429,
// 5xx and network failures are retried with backoff (Retry-After wins when
// the server sends it), unless a streamed answer has already delivered
// text: OnDelta may then have seen part of an answer that is reported as
// failed. Errors are *Error and match one of the package's sentinels.
func (c *Client) Generate(ctx context.Context, req answer.GenerateRequest) (answer.Generation, error) {
	if len(req.Messages) == 0 {
		return answer.Generation{}, &Error{Kind: ErrRejected, msg: "no messages"}
	}
	ctx, cancel := withDeadline(ctx, c.cfg.Timeout)
	defer cancel()
	oreq, err := c.request(req)
	if err != nil {
		return answer.Generation{}, &Error{Kind: ErrRejected, msg: err.Error()}
	}
	for attempt := 1; ; attempt++ {
		actx, ra := withRetryAfter(ctx)
		gen, delivered, err := c.attempt(actx, oreq, req.OnDelta)
		if err == nil {
			return gen, nil
		}
		var own *Error
		if errors.As(err, &own) {
			own.Attempts = attempt
			return answer.Generation{}, own
		}
		f := classify(ctx, err)
		if f.status == http.StatusBadRequest && oreq.StreamOptions != nil && !delivered {
			// Older servers (and Azure API versions) refuse
			// stream_options; usage is a nicety, the answer is not.
			oreq.StreamOptions = nil
			continue
		}
		if !f.retryable || delivered || attempt > c.cfg.MaxRetries {
			return answer.Generation{}, newError(f, attempt, c.key)
		}
		wait := ra.d
		if wait == 0 {
			wait = backoff(attempt, c.cfg.Rand)
		}
		if !c.canWait(ctx, wait) {
			return answer.Generation{}, newError(f, attempt, c.key)
		}
		if err := c.cfg.Sleep(ctx, wait); err != nil {
			return answer.Generation{}, newError(classify(ctx, err), attempt, c.key)
		}
	}
}

// canWait reports whether waiting d still leaves time for another attempt.
func (c *Client) canWait(ctx context.Context, d time.Duration) bool { return retryFits(ctx, d) }

// retryFits reports whether waiting d is reasonable and still leaves time
// before ctx's deadline for another attempt.
func retryFits(ctx context.Context, d time.Duration) bool {
	if d > maxRetryAfter {
		return false
	}
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// attempt sends one request. delivered reports whether OnDelta received
// any text, which makes a retry unsafe.
func (c *Client) attempt(ctx context.Context, oreq openai.ChatCompletionRequest,
	onDelta func(string)) (gen answer.Generation, delivered bool, err error) {
	if onDelta != nil {
		return c.stream(ctx, oreq, onDelta)
	}
	resp, err := c.api.CreateChatCompletion(ctx, oreq)
	if err != nil {
		return answer.Generation{}, false, err
	}
	if len(resp.Choices) == 0 {
		return answer.Generation{}, false, badResponse("no choices", 0)
	}
	choice := resp.Choices[0]
	if choice.FinishReason == openai.FinishReasonContentFilter {
		return answer.Generation{}, false, &Error{Kind: ErrRejected, msg: "content filter"}
	}
	if strings.TrimSpace(choice.Message.Content) == "" {
		return answer.Generation{}, false, badResponse("empty content", 0)
	}
	return answer.Generation{
		Text:             choice.Message.Content,
		Model:            c.modelOr(resp.Model),
		PromptTokens:     resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens,
	}, false, nil
}

// modelOr prefers the model the server reported over the configured one.
func (c *Client) modelOr(reported string) string {
	if reported != "" {
		return reported
	}
	return c.model
}

// request translates req to go-openai, applying config defaults and the
// rules of reasoning models (max_completion_tokens, no temperature).
func (c *Client) request(req answer.GenerateRequest) (openai.ChatCompletionRequest, error) {
	maxTokens := c.cfg.MaxTokens
	if req.MaxTokens > 0 {
		maxTokens = req.MaxTokens
	}
	temp := c.cfg.Temperature
	if req.Temperature > 0 {
		temp = req.Temperature
	}
	if temp == 0 {
		temp = zeroTemperature
	}
	msgs := make([]openai.ChatCompletionMessage, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	r := openai.ChatCompletionRequest{
		Model: c.model, Messages: msgs, MaxTokens: maxTokens, Temperature: temp,
	}
	if req.OnDelta != nil {
		r.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	}
	v := openai.NewReasoningValidator()
	if v.Validate(r) == nil {
		return r, nil
	}
	r.MaxCompletionTokens, r.MaxTokens, r.Temperature = maxTokens, 0, 0
	if err := v.Validate(r); err != nil {
		return r, fmt.Errorf("request for %s: %w", c.model, err)
	}
	return r, nil
}
