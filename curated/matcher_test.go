package curated

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/review"
)

// curatedQuestions are questions a moderator might have corrected answers to.
var curatedQuestions = []string{
	1: "How much money is earmarked for the Pact?",
	2: "What is Eurodac?",
	3: "What happens to unaccompanied children at the border?",
	4: "Which countries has the EU signed partnerships with?",
	5: "Can I be deported to a safe third country?",
}

func entries(status string) []*review.Curated {
	var out []*review.Curated
	for id, q := range curatedQuestions {
		if q == "" {
			continue
		}
		out = append(out, &review.Curated{ID: int64(id), Question: q, Answer: "curated answer " + q, Status: status,
			Citations: []answer.Citation{{N: 1, DocID: "taking-stock-2024-03", Anchor: "a", Title: "T", Section: "S"}}})
	}
	return out
}

func newTestMatcher(t *testing.T, es []*review.Curated) *Matcher {
	t.Helper()
	m, err := NewMatcher(es, 0.8)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestMatchParaphrases(t *testing.T) {
	m := newTestMatcher(t, entries(review.CuratedActive))
	tests := []struct {
		question string
		want     int64
	}{
		{"How much money is earmarked for the Pact?", 1},
		{"how much money is set aside for the pact", 1},
		{"How much funding does the migration pact get?", 1},
		{"how much money is earmaked for the pact", 1}, // typo
		{"what is eurodac", 2},
		{"What is the Eurodac database?", 2},
		{"what happens to kids who arrive alone at the border", 3},
		{"Can they deport me to a safe third country?", 5},
		{"which countries did the EU sign partnerships with", 4},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			c, sim, ok := m.Match(context.Background(), tc.question)
			require.NotNil(t, c)
			assert.True(t, ok, "similarity %.2f", sim)
			assert.Equal(t, tc.want, c.ID)
			assert.GreaterOrEqual(t, sim, 0.8)
			assert.LessOrEqual(t, sim, 1.0)
		})
	}
}

func TestMatchRejectsUnrelatedQuestions(t *testing.T) {
	m := newTestMatcher(t, entries(review.CuratedActive))
	tests := []string{
		"what about Tunisia",
		"How much money is earmarked for Tunisia?", // shares terms, asks something else
		"how much is the pact",
		"Can I work while my asylum application is processed?",
		"What's the weather in Paris tomorrow?",
		"what is",
		"",
	}
	for _, q := range tests {
		t.Run(q, func(t *testing.T) {
			c, sim, ok := m.Match(context.Background(), q)
			assert.False(t, ok, "matched %v at %.2f", c, sim)
			assert.Less(t, sim, 0.8)
			assert.GreaterOrEqual(t, sim, 0.0)
		})
	}
}

func TestStaleAndRetiredAnswersAreNotServed(t *testing.T) {
	es := entries(review.CuratedActive)
	es[0].Status = review.CuratedStale   // id 1: the Pact funding
	es[1].Status = review.CuratedRetired // id 2: Eurodac
	m := newTestMatcher(t, es)
	assert.Equal(t, 3, m.Len())
	for _, q := range []string{"How much money is earmarked for the Pact?", "What is Eurodac?"} {
		c, _, ok := m.Match(context.Background(), q)
		assert.False(t, ok, q)
		if c != nil {
			assert.NotContains(t, []int64{1, 2}, c.ID, "a stale or retired answer is never a candidate")
		}
	}
	_, _, ok := m.Match(context.Background(), "What is going on with unaccompanied children at the border?")
	assert.True(t, ok, "the active ones still are")
}

func TestReplaceFollowsChanges(t *testing.T) {
	m := newTestMatcher(t, nil)
	ctx := context.Background()
	_, _, ok := m.Match(ctx, "What is Eurodac?")
	assert.False(t, ok, "nothing curated yet")

	es := entries(review.CuratedActive)
	require.NoError(t, m.Replace(es))
	c, _, ok := m.Match(ctx, "What is Eurodac?")
	require.True(t, ok)
	assert.Equal(t, int64(2), c.ID)

	es[1].Status = review.CuratedStale
	require.NoError(t, m.Replace(es))
	_, _, ok = m.Match(ctx, "What is Eurodac?")
	assert.False(t, ok, "marked stale: no longer served")

	require.NoError(t, m.Replace(nil))
	assert.Equal(t, 0, m.Len())
}

func TestLookupIsACuratedAnswer(t *testing.T) {
	m := newTestMatcher(t, entries(review.CuratedActive))
	a, ok := m.Lookup(context.Background(), "how much money is set aside for the pact")
	require.True(t, ok)
	assert.Equal(t, answer.ModeCurated, a.Mode)
	assert.True(t, a.Grounded)
	assert.Equal(t, "how much money is set aside for the pact", a.Question)
	assert.Equal(t, "curated answer How much money is earmarked for the Pact?", a.Text)
	assert.Equal(t, answer.NoteCurated, a.Note)
	require.Len(t, a.Citations, 1)
	assert.Equal(t, "taking-stock-2024-03", a.Citations[0].DocID)

	_, ok = m.Lookup(context.Background(), "what about Tunisia")
	assert.False(t, ok)
}

func TestNewMatcherRejectsBadThreshold(t *testing.T) {
	for _, th := range []float64{0, -0.5, 1.01} {
		_, err := NewMatcher(nil, th)
		assert.ErrorContains(t, err, "threshold", th)
	}
}

func TestThresholdIsApplied(t *testing.T) {
	m, err := NewMatcher(entries(review.CuratedActive), 1)
	require.NoError(t, err)
	defer m.Close()
	c, sim, ok := m.Match(context.Background(), "what happens to kids who arrive alone at the border")
	require.NotNil(t, c, "the best candidate is returned even below the threshold")
	assert.Equal(t, int64(3), c.ID)
	assert.Less(t, sim, 1.0)
	assert.False(t, ok)
}

func TestMatchDuringReplace(t *testing.T) {
	m := newTestMatcher(t, entries(review.CuratedActive))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if c, _, ok := m.Match(context.Background(), "What is Eurodac?"); ok {
					assert.Equal(t, int64(2), c.ID)
				}
			}
		}()
	}
	for range 20 {
		require.NoError(t, m.Replace(entries(review.CuratedActive)))
	}
	wg.Wait()
}

func TestCancelledContextIsNoMatch(t *testing.T) {
	m := newTestMatcher(t, entries(review.CuratedActive))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, ok := m.Match(ctx, "What is Eurodac?")
	assert.False(t, ok)
}
