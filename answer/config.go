package answer

import "pactbot/config"

// OptionsFrom maps a configuration onto the engine's options: index.top_k
// and the answer section. config is the one source of their defaults
// (config.Default()); Topics is left to the caller.
func OptionsFrom(c config.Config) Options {
	return Options{
		TopK:             c.Index.TopK,
		MaxPassages:      c.Answer.MaxPassages,
		MinCoverage:      c.Answer.MinCoverage,
		MinSimilarity:    c.Answer.MinSimilarity,
		StrongSimilarity: c.Answer.StrongSimilarity,
	}
}
