package config

import (
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// checkKeys walks the YAML mapping alongside the struct and reports the
// first key that the struct has no field for, by its dotted name and line.
func checkKeys(root *yaml.Node, cfg *Config) error {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return walkKeys(n, reflect.TypeOf(cfg).Elem(), "")
}

// secretKeys are keys people put in the file by habit, with the variable
// that carries each secret instead.
var secretKeys = map[string]string{
	"llm.api_key":        "OPENAI_API_KEY",
	"embeddings.api_key": "EMBEDDINGS_API_KEY (or OPENAI_API_KEY)",
	"discord.token":      "DISCORD_TOKEN",
}

func walkKeys(n *yaml.Node, t reflect.Type, prefix string) error {
	if t.Kind() != reflect.Struct {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		return fmt.Errorf("%w: line %d: %s must be a mapping", ErrInvalid, n.Line, strings.TrimSuffix(prefix, "."))
	}
	fields := yamlFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		ft, ok := fields[key.Value]
		if !ok {
			if env, secret := secretKeys[prefix+key.Value]; secret {
				return fmt.Errorf("%w: line %d: unknown key %q: secrets do not go in the file, set %s in the environment",
					ErrInvalid, key.Line, prefix+key.Value, env)
			}
			return fmt.Errorf("%w: line %d: unknown key %q%s", ErrInvalid, key.Line, prefix+key.Value, suggest(key.Value, fields, prefix))
		}
		if ft.Kind() != reflect.Struct {
			if err := val.Decode(reflect.New(ft).Interface()); err != nil {
				return fmt.Errorf("%w: line %d: %s: %s", ErrInvalid, val.Line, prefix+key.Value, typeProblem(val, ft))
			}
			continue
		}
		if err := walkKeys(val, ft, prefix+key.Value+"."); err != nil {
			return err
		}
	}
	return nil
}

func typeProblem(val *yaml.Node, ft reflect.Type) string {
	want := ft.String()
	switch {
	case ft == reflect.TypeOf(time.Duration(0)):
		want = "a duration such as 30s or 24h"
	case ft.Kind() == reflect.Slice:
		want = "a list"
	case ft.Kind() == reflect.Bool:
		want = "true or false"
	case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Float64:
		want = "a number"
	}
	return fmt.Sprintf("%q is not %s", val.Value, want)
}

func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}

// suggest names the closest known key, for typos such as "modle".
func suggest(key string, fields map[string]reflect.Type, prefix string) string {
	best, bestD := "", 3
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if d := editDistance(key, name); d < bestD {
			best, bestD = name, d
		}
	}
	if best == "" {
		return " (known keys: " + prefixAll(prefix, names) + ")"
	}
	return fmt.Sprintf(" (did you mean %q?)", prefix+best)
}

func prefixAll(prefix string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return strings.Join(out, ", ")
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Validate checks values that YAML types cannot, naming the key.
func (c Config) Validate() error {
	checks := []struct {
		key string
		bad bool
		msg string
	}{
		{"data_dir", c.DataDir == "", "must not be empty"},
		{"index.passage_words", c.Index.PassageWords < 20 || c.Index.PassageWords > 2000, "must be between 20 and 2000"},
		{"index.top_k", c.Index.TopK < 1 || c.Index.TopK > 100, "must be between 1 and 100"},
		{"answer.min_coverage", c.Answer.MinCoverage < 0 || c.Answer.MinCoverage > 1, "must be between 0 and 1"},
		{"answer.max_passages", c.Answer.MaxPassages < 1 || c.Answer.MaxPassages > 10, "must be between 1 and 10"},
		{"answer.on_uncited", c.Answer.OnUncited != "fallback" && c.Answer.OnUncited != "mark", `must be "fallback" or "mark"`},
		{"answer.prompt_budget", c.Answer.PromptBudget < 200, "must be at least 200 tokens"},
		{"answer.min_similarity", c.Answer.MinSimilarity <= 0 || c.Answer.MinSimilarity > 1, "must be above 0 and at most 1"},
		{"answer.strong_similarity", c.Answer.StrongSimilarity < c.Answer.MinSimilarity || c.Answer.StrongSimilarity > 1, "must lie between answer.min_similarity and 1"},
		{"llm.timeout", c.LLM.Timeout <= 0, "must be a positive duration such as 30s"},
		{"llm.max_tokens", c.LLM.MaxTokens < 1, "must be positive"},
		{"llm.temperature", c.LLM.Temperature < 0 || c.LLM.Temperature > 2, "must be between 0 and 2"},
		{"llm.max_retries", c.LLM.MaxRetries < 0 || c.LLM.MaxRetries > 10, "must be between 0 and 10"},
		{"llm.model", c.LLM.Enabled() && c.LLM.Model == "", "must be set when an LLM is configured"},
		{"embeddings.model", c.Embeddings.Enabled() && strings.TrimSpace(c.Embeddings.Model) == "", "must be set when embeddings.base_url is"},
		{"embeddings.dimensions", c.Embeddings.Dimensions < 0, "must not be negative (0 takes the model's)"},
		{"embeddings.batch_size", c.Embeddings.BatchSize < 1 || c.Embeddings.BatchSize > 2048, "must be between 1 and 2048"},
		{"embeddings.timeout", c.Embeddings.Timeout <= 0, "must be a positive duration such as 30s"},
		{"embeddings.max_retries", c.Embeddings.MaxRetries < 0 || c.Embeddings.MaxRetries > 10, "must be between 0 and 10"},
		{"cache.ttl", c.Cache.TTL < 0, "must not be negative"},
		{"cache.size", c.Cache.Size < 0, "must not be negative"},
		{"discord.shard_count", c.Discord.ShardCount < 1, "must be at least 1"},
		{"discord.shard_id", c.Discord.ShardID < 0 || c.Discord.ShardID >= max(c.Discord.ShardCount, 1), "must be in [0, shard_count)"},
		{"discord.max_question_chars", c.Discord.MaxQuestionChars < 10, "must be at least 10"},
		{"discord.answer_timeout", c.Discord.AnswerTimeout <= 0, "must be a positive duration"},
		{"discord.grace_period", c.Discord.GracePeriod < 0, "must not be negative"},
		{"discord.max_queue", c.Discord.MaxQueue < 1, "must be at least 1"},
		{"review.post", !oneOf(c.Review.Post, "all", "flagged", "none"), `must be "all", "flagged" or "none"`},
		{"review.mode", !oneOf(c.Review.Mode, "post", "pre", "off"), `must be "post", "pre" or "off"`},
		{"review.pre_for", !oneOf(c.Review.PreFor, "all", "flagged"), `must be "all" or "flagged"`},
		{"review.retention", c.Review.Retention < time.Hour, "must be at least 1h"},
		{"review.low_score", c.Review.LowScore < 0, "must not be negative"},
		{"review.curated_threshold", c.Review.CuratedThreshold <= 0 || c.Review.CuratedThreshold > 1, "must be in (0, 1]"},
		{"log.format", !oneOf(c.Log.Format, "text", "json"), `must be "text" or "json"`},
		{"log.level", !oneOf(c.Log.Level, "debug", "info", "warn", "error"), "must be debug, info, warn or error"},
	}
	for _, ch := range checks {
		if ch.bad {
			return fmt.Errorf("%w: %s %s", ErrInvalid, ch.key, ch.msg)
		}
	}
	for key, raw := range map[string]string{"llm.base_url": c.LLM.BaseURL, "embeddings.base_url": c.Embeddings.BaseURL, "discord.api_url": c.Discord.APIURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: %s must be an http(s) URL, got %q", ErrInvalid, key, raw)
		}
	}
	for key, raw := range map[string]string{"discord.rate_limit.per_user": c.Discord.RateLimit.PerUser, "discord.rate_limit.per_channel": c.Discord.RateLimit.PerChannel} {
		if _, _, err := ParseRate(raw); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrInvalid, key, err)
		}
	}
	return nil
}

// ParseRate reads a rate written "N/duration" ("5/1m"): N events per
// duration. "0" or "" disables the limit (n = 0).
func ParseRate(s string) (n int, per time.Duration, err error) {
	if s == "" || s == "0" {
		return 0, 0, nil
	}
	num, dur, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, fmt.Errorf("rate %q must look like 5/1m", s)
	}
	n, err = strconv.Atoi(strings.TrimSpace(num))
	if err != nil || n < 0 {
		return 0, 0, fmt.Errorf("rate %q: count must be a whole number", s)
	}
	per, err = time.ParseDuration(strings.TrimSpace(dur))
	if err != nil || per <= 0 {
		return 0, 0, fmt.Errorf("rate %q: period must be a duration such as 1m", s)
	}
	return n, per, nil
}

func oneOf(v string, options ...string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}
