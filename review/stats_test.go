package review

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStats(t *testing.T) {
	s, sd := seedStore(t)
	st, err := s.Stats(context.Background(), time.Time{})
	require.NoError(t, err)

	assert.Equal(t, 6, st.Answered)
	assert.Equal(t, 4, st.Grounded)
	assert.InDelta(t, 66.667, st.GroundedPct, 0.001)
	assert.Equal(t, VoteCounts{Helpful: 3, NotHelpful: 3, Report: 1}, st.Votes)
	assert.InDelta(t, 50, st.HelpfulPct, 0.001)
	assert.Equal(t, []int{2, 1, 1, 1, 1, 3}, []int{st.Pending, st.Published, st.Approved, st.Rejected, st.Corrected, st.Reviewed})
	assert.InDelta(t, 33.333, st.ApprovedPct, 0.001)
	assert.InDelta(t, 33.333, st.RejectedPct, 0.001)
	assert.InDelta(t, 33.333, st.CorrectedPct, 0.001)
	// latencies 120 150 300 400 700 900 → (300+400)/2
	assert.Equal(t, int64(350), st.MedianLatencyMS)

	assert.Equal(t, []QuestionCount{
		{Question: "can I bring my cat to belgium", Count: 2, LastAnswerID: sd.ids[2]},
	}, st.TopUnanswered)
	assert.Equal(t, []QuestionCount{
		{Question: "can I bring my cat to belgium", Count: 3, LastAnswerID: sd.ids[2]},
		{Question: "How long does the border procedure last?", Count: 1, LastAnswerID: sd.ids[4]},
	}, st.TopNotHelpful)
}

func TestStatsSinceAndEmpty(t *testing.T) {
	s, _ := seedStore(t)
	st, err := s.Stats(context.Background(), time.Date(2026, 3, 1, 9, 3, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, 3, st.Answered)
	assert.Equal(t, int64(700), st.MedianLatencyMS, "odd count: 300 700 900")
	assert.Empty(t, st.TopUnanswered)

	empty, _ := openTest(t)
	st, err = empty.Stats(context.Background(), time.Time{})
	require.NoError(t, err)
	assert.Zero(t, st.Answered)
	assert.Zero(t, st.GroundedPct)
	assert.Zero(t, st.MedianLatencyMS)
}
