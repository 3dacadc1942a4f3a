package answer

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"pactbot/config"
)

// configured fills the zero fields of o with config's defaults, as the
// CLI passes them (a MinCoverage below zero stays: no floor).
func configured(o Options) Options {
	d := OptionsFrom(config.Default())
	if o.TopK == 0 {
		o.TopK = d.TopK
	}
	if o.MaxPassages == 0 {
		o.MaxPassages = d.MaxPassages
	}
	if o.MinCoverage == 0 {
		o.MinCoverage = d.MinCoverage
	}
	if o.MinSimilarity == 0 {
		o.MinSimilarity = d.MinSimilarity
	}
	if o.StrongSimilarity == 0 {
		o.StrongSimilarity = d.StrongSimilarity
	}
	return o
}

func TestOptionsFromConfigDefaults(t *testing.T) {
	d := config.Default()
	o := OptionsFrom(d)
	assert.Equal(t, Options{TopK: d.Index.TopK, MaxPassages: d.Answer.MaxPassages, MinCoverage: d.Answer.MinCoverage,
		MinSimilarity: d.Answer.MinSimilarity, StrongSimilarity: d.Answer.StrongSimilarity}, o)
	e := NewEngine(&fakeRetriever{}, o)
	assert.Equal(t, o, e.opts, "the engine keeps config's values as they are")
}

func TestZeroOptionsAreExplicit(t *testing.T) {
	e := NewEngine(&fakeRetriever{}, Options{MinCoverage: -1})
	assert.Equal(t, Options{TopK: 1, MaxPassages: 1}, e.opts, "no hidden defaults: counts floor at 1, coverage at 0")
	g := e.WithGenerator(GenOptions{})
	assert.Equal(t, 1, g.gen.PromptBudget)
}
