package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func noEnv(string) string { return "" }

func TestLoadNoFileGivesWorkingDefaults(t *testing.T) {
	cfg, err := Load("", noEnv)
	require.NoError(t, err)
	assert.Equal(t, "data", cfg.DataDir)
	assert.False(t, cfg.LLM.Enabled(), "no LLM without configuration")
	assert.Equal(t, 120, cfg.Index.PassageWords)
}

func TestExampleFileMatchesDefaultsAndDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../config.example.yaml")
	require.NoError(t, err)
	var cfg Config
	cfg = Default()
	require.NoError(t, Parse(data, &cfg))
	assert.Equal(t, Default(), cfg, "the example shows the defaults")

	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &root))
	have := map[string]bool{}
	collectKeys(root.Content[0], "", have)
	for _, key := range structKeys(reflect.TypeOf(Config{}), "") {
		assert.True(t, have[key], "config.example.yaml lacks key %s", key)
	}
}

func collectKeys(n *yaml.Node, prefix string, out map[string]bool) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := prefix + n.Content[i].Value
		out[k] = true
		collectKeys(n.Content[i+1], k+".", out)
	}
}

func structKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for name, ft := range yamlFields(t) {
		keys = append(keys, prefix+name)
		if ft.Kind() == reflect.Struct {
			keys = append(keys, structKeys(ft, prefix+name+".")...)
		}
	}
	return keys
}

func TestLoadRejectsBadKeysAndValuesByName(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "colour: red\n", `unknown key "colour"`},
		{"typo nested", "llm:\n  modle: x\n", `unknown key "llm.modle" (did you mean "llm.model"?)`},
		{"deep typo", "discord:\n  rate_limit:\n    per_usr: 1/1m\n", `"discord.rate_limit.per_usr"`},
		{"line number", "index:\n  top_k: 3\n  passage_wrds: 9\n", "line 3"},
		{"bad type", "index:\n  top_k: many\n", "top_k"},
		{"bad duration", "llm:\n  timeout: soon\n", "timeout"},
		{"bad enum", "review:\n  mode: maybe\n", "review.mode"},
		{"enum with its line", "data_dir: ./data\nreview:\n  mode: maybe\n", "line 3: review.mode"},
		{"range with its line", "index:\n  top_k: 5\nanswer:\n  max_passages: 0\n", "line 4: answer.max_passages"},
		{"bad url", "llm:\n  base_url: localhost:11434\n", "llm.base_url"},
		{"bad rate", "discord:\n  rate_limit:\n    per_user: lots\n", "discord.rate_limit.per_user"},
		{"range", "answer:\n  min_coverage: 2\n", "answer.min_coverage"},
		{"secret in file", "llm:\n  api_key: sk-123\n", `unknown key "llm.api_key": secrets do not go in the file, set OPENAI_API_KEY`},
		{"embeddings secret in file", "embeddings:\n  api_key: sk-123\n", "set EMBEDDINGS_API_KEY"},
		{"embeddings typo", "embeddings:\n  modle: e5\n", `did you mean "embeddings.model"?`},
		{"embeddings bad url", "embeddings:\n  base_url: 127.0.0.1:8000/v1\n  model: e5\n", "embeddings.base_url must be an http(s) URL"},
		{"embeddings url without model", "embeddings:\n  base_url: http://127.0.0.1:8000/v1\n", "embeddings.model must be set"},
		{"embeddings batch too small", "embeddings:\n  batch_size: 0\n", "embeddings.batch_size must be between 1 and 2048"},
		{"embeddings batch too large", "embeddings:\n  batch_size: 2049\n", "embeddings.batch_size"},
		{"embeddings negative dimensions", "embeddings:\n  dimensions: -1\n", "embeddings.dimensions must not be negative"},
		{"embeddings zero timeout", "embeddings:\n  timeout: 0s\n", "embeddings.timeout must be a positive duration"},
		{"embeddings bad timeout", "embeddings:\n  timeout: soon\n", "embeddings.timeout"},
		{"embeddings bad bool", "embeddings:\n  input_type: maybe\n", "embeddings.input_type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pactbot.yaml")
			require.NoError(t, os.WriteFile(path, []byte(tc.yaml), 0o600))
			_, err := Load(path, noEnv)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), path)
			assert.NotContains(t, err.Error(), "sk-123")
		})
	}
}

func TestLoadMissingFileNamesIt(t *testing.T) {
	_, err := Load("/nonexistent/pactbot.yaml", noEnv)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/nonexistent/pactbot.yaml")
}

func TestEnvironmentOverridesSecrets(t *testing.T) {
	env := map[string]string{
		"OPENAI_API_KEY":  "sk-secret",
		"OPENAI_BASE_URL": "http://127.0.0.1:9999/v1",
		"DISCORD_TOKEN":   "tok",
		"PACTBOT_DATA":    "/tmp/pb",
	}
	cfg, err := Load("", func(k string) string { return env[k] })
	require.NoError(t, err)
	assert.Equal(t, "sk-secret", cfg.LLM.APIKey)
	assert.Equal(t, "http://127.0.0.1:9999/v1", cfg.LLM.BaseURL)
	assert.True(t, cfg.LLM.Enabled())
	assert.Equal(t, "tok", cfg.Discord.Token)
	assert.Equal(t, "/tmp/pb", cfg.DataDir)
}

func TestParseRate(t *testing.T) {
	n, per, err := ParseRate("5/1m")
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	assert.Equal(t, time.Minute, per)
	n, _, err = ParseRate("")
	require.NoError(t, err)
	assert.Zero(t, n)
	for _, bad := range []string{"5", "x/1m", "5/soon", "-1/1m", "5/0s"} {
		_, _, err := ParseRate(bad)
		assert.Error(t, err, bad)
		assert.True(t, strings.Contains(err.Error(), bad), err.Error())
	}
}

func TestLoadEmbeddings(t *testing.T) {
	const file = `embeddings:
  base_url: http://127.0.0.1:8000/v1
  model: multilingual-e5-small
  query_prefix: "query: "
  passage_prefix: "passage: "
  dimensions: 384
  batch_size: 64
  timeout: 5s
  max_retries: 0
  input_type: true
`
	path := filepath.Join(t.TempDir(), "pactbot.yaml")
	require.NoError(t, os.WriteFile(path, []byte(file), 0o600))
	cfg, err := Load(path, noEnv)
	require.NoError(t, err)
	assert.Equal(t, EmbeddingsConfig{
		BaseURL: "http://127.0.0.1:8000/v1", Model: "multilingual-e5-small",
		QueryPrefix: "query: ", PassagePrefix: "passage: ",
		Dimensions: 384, BatchSize: 64, Timeout: 5 * time.Second, InputType: true,
	}, cfg.Embeddings)
	assert.True(t, cfg.Embeddings.Enabled())

	def, err := Load("", noEnv)
	require.NoError(t, err)
	assert.False(t, def.Embeddings.Enabled(), "no embeddings without configuration: BM25 only")
	assert.Equal(t, 32, def.Embeddings.BatchSize)
	assert.Equal(t, 30*time.Second, def.Embeddings.Timeout)
	assert.False(t, def.Embeddings.InputType, "OpenAI rejects input_type")
}

func TestEmbeddingsKeyFromEnvironment(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"own key wins", map[string]string{"EMBEDDINGS_API_KEY": "sk-embed", "OPENAI_API_KEY": "sk-openai"}, "sk-embed"},
		{"falls back to OPENAI_API_KEY", map[string]string{"OPENAI_API_KEY": "sk-openai"}, "sk-openai"},
		{"none", map[string]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load("", func(k string) string { return tt.env[k] })
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg.Embeddings.APIKey)
			assert.Equal(t, tt.env["OPENAI_API_KEY"], cfg.LLM.APIKey, "the chat key is unaffected")
		})
	}
}
