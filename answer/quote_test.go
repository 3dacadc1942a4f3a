package answer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/index"
)

// meaningRetriever is a fakeRetriever that also scores sentences by a
// table, standing in for an index with vectors.
type meaningRetriever struct {
	*fakeRetriever
	sims  map[string]float64
	err   error
	calls int
}

func (m *meaningRetriever) SentenceSimilarity(_ context.Context, _ string, sentences []string) ([]float64, error) {
	m.calls++
	if m.err != nil {
		return nil, m.err
	}
	out := make([]float64, len(sentences))
	for i, s := range sentences {
		out[i] = m.sims[s]
	}
	return out, nil
}

func TestQuestionInAnotherLanguageIsQuotedByMeaning(t *testing.T) {
	const fragment = "March 2024 | #MigrationEU"
	const leadIn = "The Pact on Migration and Asylum will bring:"
	const funding = "€2 billion from the mid-term revision of the Multiannual Financial Framework earmarked to support the implementation of the Pact."
	const partners = "The EU works with Tunisia, Mauritania and Egypt on migration and trade."
	newRetriever := func() *meaningRetriever {
		return &meaningRetriever{
			fakeRetriever: &fakeRetriever{res: index.Result{Coverage: 0.2, Retrieval: index.Retrieval{BestSimilarity: 0.9}, Hits: []index.Hit{
				hit(1, 0.03, "framework", fragment+"\n\n"+leadIn+"\n\n- more secure EU external borders;\n\n"+funding, ""),
				hit(2, 0.02, "partners", partners, ""),
			}}},
			sims: map[string]float64{fragment: 0.80, leadIn: 0.80, funding: 0.78, partners: 0.70, "more secure EU external borders;": 0.75},
		}
	}
	farsi := "چه مقدار پول برای اجرای پیمان در نظر گرفته شده است؟"

	r := newRetriever()
	a, err := NewEngine(r, configured(Options{})).Ask(context.Background(), farsi, AskOptions{})
	require.NoError(t, err)
	require.True(t, a.Grounded)
	assert.Equal(t, "“"+funding+"” [1]", a.Text, "the sentence that says something, not the lead-in or the fragment; the far passage dropped")
	require.Len(t, a.Citations, 1)
	assert.Equal(t, "framework", a.Citations[0].Anchor)

	r = newRetriever()
	r.err = errors.New("embedding server down")
	a, err = NewEngine(r, configured(Options{})).Ask(context.Background(), farsi, AskOptions{})
	require.NoError(t, err)
	assert.True(t, a.Grounded)
	assert.True(t, strings.HasPrefix(a.Text, "“"), "the word-based quotes stand: %s", a.Text)

	r = newRetriever()
	r.res.Coverage = 1
	_, err = NewEngine(r, configured(Options{})).Ask(context.Background(), "How much money is earmarked for the Pact?", AskOptions{})
	require.NoError(t, err)
	assert.Zero(t, r.calls, "an English question is quoted by its words")
}
