package review

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/cite"
)

func TestCuratedLifecycle(t *testing.T) {
	s, _ := openTest(t, WithClock(newClock().now))
	ctx := context.Background()
	src, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	require.NoError(t, s.Correct(ctx, src, "mod-a", "Screening lasts up to 7 days [1]."))

	in := Curated{
		Question:        "How long does screening take? call +49 151 2345 6789",
		Answer:          "Screening lasts up to 7 days [1].",
		Citations:       []cite.Citation{{N: 1, DocID: "screening-reg", Anchor: "art-8", Title: "Screening Regulation", Section: "Article 8"}},
		DocFingerprints: map[string]string{"screening-reg": "fp-1", "pact": "fp-9"},
		SourceAnswerID:  src,
		Moderator:       "mod-a",
	}
	id, err := s.AddCurated(ctx, in)
	require.NoError(t, err)
	got, err := s.GetCurated(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "How long does screening take? call [phone number]", got.Question)
	assert.Equal(t, in.Citations, got.Citations)
	assert.Equal(t, in.DocFingerprints, got.DocFingerprints)
	assert.Equal(t, src, got.SourceAnswerID)
	assert.Equal(t, CuratedActive, got.Status)
	assert.True(t, got.StaleAt.IsZero())

	// Unchanged documents: nothing goes stale.
	stale, err := s.CheckCurated(ctx, map[string]string{"screening-reg": "fp-1", "pact": "fp-9", "other": "x"})
	require.NoError(t, err)
	assert.Empty(t, stale)

	// One cited document changed.
	stale, err = s.CheckCurated(ctx, map[string]string{"screening-reg": "fp-2", "pact": "fp-9"})
	require.NoError(t, err)
	require.Len(t, stale, 1)
	assert.Equal(t, id, stale[0].ID)
	got, err = s.GetCurated(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, CuratedStale, got.Status)
	assert.False(t, got.StaleAt.IsZero())

	// Already stale: not reported again.
	stale, err = s.CheckCurated(ctx, map[string]string{})
	require.NoError(t, err)
	assert.Empty(t, stale)

	newFP := map[string]string{"screening-reg": "fp-2", "pact": "fp-9"}
	require.Error(t, s.ReapproveCurated(ctx, id, "", newFP, ""))
	require.NoError(t, s.ReapproveCurated(ctx, id, "mod-b", newFP, ""))
	got, err = s.GetCurated(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, CuratedActive, got.Status)
	assert.Equal(t, newFP, got.DocFingerprints)
	assert.Equal(t, "mod-b", got.Moderator)
	assert.True(t, got.StaleAt.IsZero())

	require.NoError(t, s.RetireCurated(ctx, id, "mod-c"))
	all, err := s.ListCurated(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, CuratedRetired, all[0].Status)

	changes, err := s.Changes(ctx, 0)
	require.NoError(t, err)
	var kinds []string
	for _, c := range changes {
		if c.CuratedID == id {
			kinds = append(kinds, c.Kind+":"+c.Actor)
		}
	}
	assert.Equal(t, []string{"curated_add:mod-a", "curated_stale:", "curated_reapprove:mod-b", "curated_retire:mod-c"}, kinds)
}

func TestCuratedErrors(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	_, err := s.AddCurated(ctx, Curated{Question: " ", Answer: "x"})
	assert.Error(t, err)
	_, err = s.GetCurated(ctx, 42)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.ErrorIs(t, s.MarkStale(ctx, 42), ErrNotFound)
}
