package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
)

const testKey = "sk-test-SECRET0123456789abcdef"

// newClient returns a client for f with fast, recorded retries.
func newClient(t *testing.T, f *fakeOpenAI, mod func(*Config)) (*Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	cfg := Config{
		BaseURL: f.URL(), Model: "fake-model", APIKey: testKey,
		Timeout: 5 * time.Second, MaxTokens: 300, MaxRetries: 2,
		Sleep: s.sleep, Rand: func() float64 { return 0.5 },
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c, s
}

func chat() answer.GenerateRequest {
	return answer.GenerateRequest{Messages: []answer.Message{
		{Role: "system", Content: "Answer only from the passages."},
		{Role: "user", Content: "<question>How much money?</question>"},
	}}
}

func TestGenerateRequestShape(t *testing.T) {
	f := newFake(t, completion("The Pact is funded with €2 billion [1]."))
	c, _ := newClient(t, f, nil)

	gen, err := c.Generate(context.Background(), chat())
	require.NoError(t, err)
	assert.Equal(t, "The Pact is funded with €2 billion [1].", gen.Text)
	assert.Equal(t, "fake-model-0125", gen.Model)
	assert.Equal(t, 42, gen.PromptTokens)
	assert.Equal(t, 7, gen.CompletionTokens)
	assert.Equal(t, "fake-model", c.Model())

	reqs := f.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v1/chat/completions", r.Path)
	assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
	assert.Equal(t, "fake-model", r.Body.Model)
	require.Len(t, r.Body.Messages, 2)
	assert.Equal(t, "system", r.Body.Messages[0].Role)
	assert.Equal(t, "Answer only from the passages.", r.Body.Messages[0].Content)
	assert.Equal(t, "user", r.Body.Messages[1].Role)
	assert.Equal(t, "<question>How much money?</question>", r.Body.Messages[1].Content)
	assert.False(t, r.Body.Stream)
	assert.EqualValues(t, 300, r.Raw["max_tokens"])
	// Temperature 0 must reach the server as (almost) 0, not be dropped
	// and fall back to the server default of 1.
	require.Contains(t, r.Raw, "temperature")
	assert.Less(t, r.Raw["temperature"].(float64), 0.001)
	assert.NotContains(t, r.Raw, "stream_options")
}

func TestGenerateRequestOverridesConfig(t *testing.T) {
	f := newFake(t, completion("ok [1]"))
	c, _ := newClient(t, f, func(cfg *Config) { cfg.Temperature = 0.2 })
	req := chat()
	req.MaxTokens, req.Temperature = 50, 0.7
	_, err := c.Generate(context.Background(), req)
	require.NoError(t, err)
	r := f.Requests()[0]
	assert.EqualValues(t, 50, r.Raw["max_tokens"])
	assert.InDelta(t, 0.7, r.Raw["temperature"], 1e-6)
}

func TestGenerateNoKeySendsNoAuthorization(t *testing.T) {
	f := newFake(t, completion("local answer"))
	c, _ := newClient(t, f, func(cfg *Config) { cfg.APIKey = "" })
	_, err := c.Generate(context.Background(), chat())
	require.NoError(t, err)
	r := f.Requests()[0]
	assert.Empty(t, r.Header.Values("Authorization"))
	assert.Empty(t, r.Header.Values("Api-Key"))
}

func TestGenerateAzure(t *testing.T) {
	f := newFake(t, completion("azure answer"))
	c, _ := newClient(t, f, func(cfg *Config) {
		cfg.Azure, cfg.BaseURL, cfg.Model = true, f.srv.URL, "gpt-4.1-mini"
	})
	_, err := c.Generate(context.Background(), chat())
	require.NoError(t, err)
	r := f.Requests()[0]
	assert.Equal(t, "/openai/deployments/gpt-4.1-mini/chat/completions", r.Path)
	assert.Equal(t, "api-version="+DefaultAzureAPIVersion, r.Query)
	assert.Equal(t, testKey, r.Header.Get("Api-Key"))
	assert.Empty(t, r.Header.Get("Authorization"))
}

func TestGenerateReasoningModel(t *testing.T) {
	f := newFake(t, completion("reasoned [1]"))
	c, _ := newClient(t, f, func(cfg *Config) { cfg.Model = "gpt-5-mini" })
	_, err := c.Generate(context.Background(), chat())
	require.NoError(t, err)
	r := f.Requests()[0]
	assert.EqualValues(t, 300, r.Raw["max_completion_tokens"])
	assert.NotContains(t, r.Raw, "max_tokens")
	assert.NotContains(t, r.Raw, "temperature")
}

func TestGenerateRetries(t *testing.T) {
	tests := []struct {
		name     string
		replies  []reply
		wantErr  error
		requests int
		waits    []time.Duration
	}{
		{
			name:     "429 then success honours Retry-After",
			replies:  []reply{status(429, "slow down", "Retry-After", "2"), completion("ok")},
			requests: 2, waits: []time.Duration{2 * time.Second},
		},
		{
			name:     "429 honours retry-after-ms",
			replies:  []reply{status(429, "slow down", "Retry-After-Ms", "150"), completion("ok")},
			requests: 2, waits: []time.Duration{150 * time.Millisecond},
		},
		{
			name:     "500 repeated fails after retries with growing backoff",
			replies:  []reply{status(500, "boom")},
			wantErr:  ErrUnavailable,
			requests: 3, waits: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond},
		},
		{
			name:     "502 HTML page then success",
			replies:  []reply{html(502), completion("ok")},
			requests: 2, waits: []time.Duration{375 * time.Millisecond},
		},
		{
			name:     "429 past retries",
			replies:  []reply{status(429, "quota")},
			wantErr:  ErrRateLimited,
			requests: 3, waits: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond},
		},
		{
			name:     "Retry-After longer than the deadline gives up at once",
			replies:  []reply{status(429, "later", "Retry-After", "30")},
			wantErr:  ErrRateLimited,
			requests: 1,
		},
		{name: "400 not retried", replies: []reply{status(400, "bad request")}, wantErr: ErrRejected, requests: 1},
		{name: "401 not retried", replies: []reply{status(401, "bad key")}, wantErr: ErrAuth, requests: 1},
		{name: "404 not retried", replies: []reply{status(404, "no such model")}, wantErr: ErrRejected, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.replies...)
			c, s := newClient(t, f, nil)
			gen, err := c.Generate(context.Background(), chat())
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tt.requests, e.Attempts)
				assert.NotEmpty(t, e.Reason())
			} else {
				require.NoError(t, err)
				assert.Equal(t, "ok", gen.Text)
			}
			assert.Len(t, f.Requests(), tt.requests)
			assert.Equal(t, tt.waits, s.all())
		})
	}
}

func TestGenerateTimeout(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%t", stream), func(t *testing.T) {
			f := newFake(t, hang())
			c, _ := newClient(t, f, func(cfg *Config) { cfg.Timeout = 150 * time.Millisecond })
			req := chat()
			if stream {
				req.OnDelta = func(string) {}
			}
			start := time.Now()
			_, err := c.Generate(context.Background(), req)
			elapsed := time.Since(start)
			require.ErrorIs(t, err, ErrTimeout)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Less(t, elapsed, time.Second)
			assert.Len(t, f.Requests(), 1, "no retry once the deadline has passed")
		})
	}
}

func TestGenerateCanceled(t *testing.T) {
	f := newFake(t, hang())
	c, _ := newClient(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.Generate(ctx, chat())
	require.ErrorIs(t, err, ErrCanceled)
	require.ErrorIs(t, err, context.Canceled)
}

func TestGenerateGarbage(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
		want  error
	}{
		{"not JSON", raw("this is not json"), ErrBadResponse},
		{"no choices", raw(`{"id":"x","object":"chat.completion","choices":[]}`), ErrBadResponse},
		{"empty content", completion("  \n "), ErrBadResponse},
		{"wrong types", raw(`{"choices":"many"}`), ErrBadResponse},
		{"content filter", raw(`{"choices":[{"index":0,"message":{"role":"assistant","content":""},` +
			`"finish_reason":"content_filter"}]}`), ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.reply)
			c, _ := newClient(t, f, nil)
			_, err := c.Generate(context.Background(), chat())
			require.ErrorIs(t, err, tt.want)
			assert.Len(t, f.Requests(), 1, "garbage is not retried")
		})
	}
}

func TestGenerateUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/v1"
	srv.Close()
	s := &sleeps{}
	c, err := New(Config{BaseURL: url, Model: "m", Timeout: time.Second, MaxRetries: 2, Sleep: s.sleep})
	require.NoError(t, err)
	_, err = c.Generate(context.Background(), chat())
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Len(t, s.all(), 2)
}

func TestKeyNeverLeaks(t *testing.T) {
	// OpenAI echoes (part of) the key on 401; some proxies echo headers.
	// The second key does not look like an OpenAI key, as Azure's do not.
	for _, key := range []string{testKey, "a3f9c2e17b5d4e08a3f9c2e17b5d4e08"} {
		t.Run(key[:4], func(t *testing.T) {
			f := newFake(t, status(401, "Incorrect API key provided: "+key+". Header: Bearer "+key))
			c, _ := newClient(t, f, func(cfg *Config) { cfg.APIKey = key })
			_, err := c.Generate(context.Background(), chat())
			require.ErrorIs(t, err, ErrAuth)
			requireNoKey(t, key, err.Error(), Reason(err), fmt.Sprintf("%v %+v %#v", err, err, err),
				fmt.Sprintf("%v %+v %#v", c, c, c))
			assert.Contains(t, err.Error(), "[redacted]")
		})
	}
	cfg := Config{Model: "m", APIKey: testKey}
	requireNoKey(t, testKey, cfg.String(), fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg))
}

func TestReasonIsSafe(t *testing.T) {
	f := newFake(t, status(503, "upstream http://10.0.0.7:8000 exploded"))
	c, _ := newClient(t, f, func(cfg *Config) { cfg.MaxRetries = -1 })
	_, err := c.Generate(context.Background(), chat())
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Equal(t, "llm: unavailable (status 503): error, status code: 503, status: 503 Service Unavailable, "+
		"message: upstream http://10.0.0.7:8000 exploded", err.Error(), "the log gets the cause")
	assert.Equal(t, "The language model service is unavailable right now.", Reason(err))
	assert.Equal(t, "The language model service failed.", Reason(errors.New("other")))
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no model", Config{BaseURL: "http://localhost:11434/v1"}, "model is required"},
		{"OpenAI without key", Config{Model: "gpt-4o-mini"}, "needs an API key"},
		{"Azure without URL", Config{Model: "d", APIKey: "k", Azure: true}, "base_url is required"},
		{"Azure without key", Config{Model: "d", BaseURL: "https://x.openai.azure.com", Azure: true}, "needs an API key"},
		{"bad URL", Config{Model: "m", BaseURL: "localhost:11434"}, "not an http(s) URL"},
		{"negative timeout", Config{Model: "m", BaseURL: "http://h/v1", Timeout: -1}, "must be positive"},
		{"temperature too high", Config{Model: "m", BaseURL: "http://h/v1", Temperature: 3}, "temperature"},
		{"local server", Config{Model: "llama3.1", BaseURL: "http://localhost:11434/v1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.want == "" {
				require.NoError(t, err)
				assert.Zero(t, c.cfg.Timeout, "no default of its own: config's llm.timeout is passed")
				assert.Zero(t, c.cfg.MaxRetries, "zero retries means zero")
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "llm: "))
		})
	}
}

func TestGenerateNoMessages(t *testing.T) {
	f := newFake(t, completion("x"))
	c, _ := newClient(t, f, nil)
	_, err := c.Generate(context.Background(), answer.GenerateRequest{})
	require.ErrorIs(t, err, ErrRejected)
	assert.Empty(t, f.Requests())
}
