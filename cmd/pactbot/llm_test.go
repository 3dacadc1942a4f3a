package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openAIServer is a local stand-in for an OpenAI-compatible server: it
// answers /v1/chat/completions with the reply the test chooses for each
// request and records what it was sent.
type openAIServer struct {
	*httptest.Server
	mu    sync.Mutex
	reqs  []chatRequest
	reply func(n int, req chatRequest) (status int, content string)
}

type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

func newOpenAIServer(t *testing.T, reply func(n int, req chatRequest) (int, string)) *openAIServer {
	s := &openAIServer{reply: reply}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, req)
		n := len(s.reqs)
		s.mu.Unlock()
		status, content := s.reply(n, req)
		if status == 0 { // hang until the client gives up
			<-r.Context().Done()
			return
		}
		if status != http.StatusOK {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"message":%q,"type":"server_error"}}`, content)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": req.Model,
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]string{"role": "assistant", "content": content}}},
			"usage": map[string]int{"prompt_tokens": 900, "completion_tokens": 30, "total_tokens": 930},
		})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *openAIServer) requests() []chatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]chatRequest(nil), s.reqs...)
}

type askJSON struct {
	Answer    string
	Grounded  bool
	Mode      string
	Model     string
	Note      string
	Citations []struct {
		N       int
		Section string
	}
	Passages []struct {
		Text string
	}
	PromptVersion string `json:"prompt_version"`
	CitationCheck *struct {
		Passed bool
	} `json:"citation_check"`
	Usage *struct {
		PromptTokens int `json:"prompt_tokens"`
	}
}

func askLLM(t *testing.T, c *cli, args ...string) askJSON {
	t.Helper()
	out, errOut, code := c.run(append([]string{"ask", "--json"}, args...)...)
	require.Equal(t, 0, code, errOut)
	var a askJSON
	require.NoError(t, json.Unmarshal([]byte(out), &a), out)
	return a
}

func TestAskGenerativeWithOpenAICompatibleServer(t *testing.T) {
	srv := newOpenAIServer(t, func(int, chatRequest) (int, string) {
		return 200, "The EU earmarked €2 billion from its long-term budget to implement the Pact [1]."
	})
	c := newCLI(t)
	c.env["OPENAI_BASE_URL"] = srv.URL + "/v1"
	c.env["OPENAI_API_KEY"] = "sk-test-secret-key"
	a := askLLM(t, c, "How much money is earmarked for the Pact?")
	assert.Equal(t, "generative", a.Mode)
	assert.True(t, a.Grounded)
	assert.Equal(t, "answer-v2", a.PromptVersion)
	require.NotNil(t, a.CitationCheck)
	assert.True(t, a.CitationCheck.Passed)
	require.NotNil(t, a.Usage)
	assert.Equal(t, 900, a.Usage.PromptTokens)
	require.Len(t, a.Citations, 1)
	assert.Equal(t, "A new legislative framework on migration and asylum", a.Citations[0].Section)

	reqs := srv.requests()
	require.Len(t, reqs, 2, "the rewrite into the law's wording, then the answer")
	assert.Contains(t, reqs[0].Messages[0].Content, "search terms")
	user := reqs[1].Messages[1].Content
	assert.Contains(t, user, `<passage n="1"`)
	assert.Contains(t, user, "€2 billion", "the cited passage [1] is the one that was sent as 1")
	assert.Contains(t, user, "<question>\nHow much money is earmarked for the Pact?\n</question>")
}

func TestAskFallsBackWhenTheLLMFails(t *testing.T) {
	tests := []struct {
		name   string
		status int
	}{
		{"server error", 500},
		{"hangs past the deadline", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOpenAIServer(t, func(int, chatRequest) (int, string) { return tc.status, "boom" })
			c := newCLI(t)
			cfg := filepath.Join(t.TempDir(), "pactbot.yaml")
			require.NoError(t, os.WriteFile(cfg, []byte("llm:\n  base_url: "+srv.URL+"/v1\n  timeout: 1s\n  max_retries: 1\n"), 0o600))
			start := time.Now()
			a := askLLM(t, c, "--config", cfg, "How much money is earmarked for the Pact?")
			assert.Less(t, time.Since(start), 10*time.Second, "within the configured deadline (plus index build)")
			assert.Equal(t, "extractive", a.Mode)
			assert.True(t, a.Grounded)
			assert.Contains(t, a.Answer, "€2 billion")
			assert.NotEmpty(t, a.Note)
		})
	}
}

func TestFrenchQuestionIsRewrittenAndFindsTheFundingPassage(t *testing.T) {
	srv := newOpenAIServer(t, func(n int, req chatRequest) (int, string) {
		if strings.Contains(req.Messages[0].Content, "search terms") {
			return 200, "EU funding billion earmarked implementation Pact on Migration and Asylum"
		}
		return 200, "L'UE a réservé 2 milliards d'euros pour mettre en œuvre le pacte [1]."
	})
	c := newCLI(t)
	c.env["OPENAI_BASE_URL"] = srv.URL + "/v1"
	a := askLLM(t, c, "Combien d'argent l'UE prévoit-elle pour financer le pacte sur la migration ?")
	reqs := srv.requests()
	require.Len(t, reqs, 2, "a rewrite call, then the answer call")
	assert.Contains(t, reqs[0].Messages[1].Content, "Combien d'argent")
	assert.Equal(t, "generative", a.Mode)
	require.NotEmpty(t, a.Passages)
	assert.Contains(t, a.Passages[0].Text, "€2 billion")
}

func TestLLMFailuresAreLoggedWithTheirCause(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   string
	}{
		{"revoked key", 401, "authentication failed (status 401)"},
		{"server error", 503, "unavailable (status 503)"},
		{"hangs past the deadline", 0, "deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOpenAIServer(t, func(int, chatRequest) (int, string) { return tc.status, "boom" })
			c := newCLI(t)
			c.env["OPENAI_API_KEY"] = "sk-revoked-secret-key"
			cfg := filepath.Join(t.TempDir(), "pactbot.yaml")
			require.NoError(t, os.WriteFile(cfg, []byte("llm:\n  base_url: "+srv.URL+"/v1\n  timeout: 1s\n  max_retries: 1\n"), 0o600))
			out, errOut, code := c.run("--config", cfg, "ask", "--json", "How much money is earmarked for the Pact?")
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, errOut, "warning: the LLM call failed")
			assert.Contains(t, errOut, tc.want, "the log tells a revoked key from a slow server")
			assert.NotContains(t, errOut+out, "sk-revoked-secret-key")
		})
	}
}
