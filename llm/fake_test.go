package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeOpenAI is an OpenAI-compatible server speaking the real wire format:
// JSON chat completions and SSE streams. Each request gets the next reply
// of the script; the last reply repeats.
type fakeOpenAI struct {
	srv *httptest.Server

	mu       sync.Mutex
	replies  []reply
	requests []recorded
}

// reply writes one response.
type reply func(w http.ResponseWriter, r *http.Request)

// recorded is one request as the server saw it.
type recorded struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Raw    map[string]any
	Body   chatBody
}

// chatBody is the part of a chat completion request the tests check.
type chatBody struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Stream bool `json:"stream"`
}

func newFake(t *testing.T, replies ...reply) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(raw)) // replies may read it too
	rec := recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	_ = json.Unmarshal(raw, &rec.Raw)
	_ = json.Unmarshal(raw, &rec.Body)
	f.mu.Lock()
	n := len(f.requests)
	f.requests = append(f.requests, rec)
	next := f.replies[min(n, len(f.replies)-1)]
	f.mu.Unlock()
	next(w, r)
}

// URL is the base URL a client is configured with.
func (f *fakeOpenAI) URL() string { return f.srv.URL + "/v1" }

func (f *fakeOpenAI) Requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

// completion answers with a non-streamed chat completion.
func completion(text string) reply {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,
"model":"fake-model-0125","choices":[{"index":0,"message":{"role":"assistant","content":%q},
"finish_reason":"stop"}],"usage":{"prompt_tokens":42,"completion_tokens":7,"total_tokens":49}}`, text)
	}
}

// raw answers 200 with body as is.
func raw(body string) reply {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

// status answers with an HTTP error in OpenAI's error format, plus headers
// given as alternating name, value.
func status(code int, message string, headers ...string) reply {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":{"message":%q,"type":"test_error","param":null,"code":null}}`, message)
	}
}

// html answers with a non-JSON error page, as proxies do.
func html(code int) reply {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		io.WriteString(w, "<html><body><h1>Bad Gateway</h1></body></html>")
	}
}

// hang never answers until the client goes away.
func hang() reply {
	return func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
}

// sse streams events, one "data: ..." each, flushed one by one. Pass
// "[DONE]" as the last event to end the stream properly.
func sse(events ...string) reply {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		for _, e := range events {
			fmt.Fprintf(w, "data: %s\n\n", e)
			fl.Flush()
		}
	}
}

// delta is one streamed chunk carrying text; finish sets finish_reason.
func delta(text, finish string) string {
	fr := "null"
	if finish != "" {
		fr = fmt.Sprintf("%q", finish)
	}
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,`+
		`"model":"fake-model-0125","choices":[{"index":0,"delta":{"content":%q},"finish_reason":%s}],"usage":null}`, text, fr)
}

// usageChunk is the final chunk sent when stream_options.include_usage is set.
func usageChunk(prompt, completion int) string {
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,`+
		`"model":"fake-model-0125","choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}`,
		prompt, completion, prompt+completion)
}

// sleeps records the waits a Client asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds = append(s.ds, d)
	return nil
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

func requireNoKey(t *testing.T, key string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		require.NotContains(t, s, key)
		require.False(t, strings.Contains(s, key[3:]), "key fragment leaked: %s", s)
	}
}
