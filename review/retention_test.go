package review

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPurgeKeepsCounts(t *testing.T) {
	s, sd := seedStore(t)
	ctx := context.Background()
	before, err := s.Stats(ctx, time.Time{})
	require.NoError(t, err)

	cutoff := time.Date(2026, 3, 1, 9, 3, 0, 0, time.UTC) // answers 1–3 are older
	res, err := s.Purge(ctx, cutoff)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Answers)
	assert.Equal(t, 5, res.Votes, "votes are older than the cutoff by answer")
	assert.Positive(t, res.Events)

	for i, id := range sd.ids {
		r, err := s.Get(ctx, id)
		require.NoError(t, err)
		if i < 3 {
			assert.Empty(t, r.Question, "answer %d", id)
			assert.Empty(t, r.Answer)
			assert.Empty(t, r.UserHash)
			assert.Empty(t, r.Reason)
			assert.Empty(t, r.MessageID)
			assert.False(t, r.PurgedAt.IsZero())
			assert.NotEmpty(t, r.Status, "the decision stays")
		} else {
			assert.NotEmpty(t, r.Question, "answer %d", id)
			assert.NotEmpty(t, r.UserHash)
			assert.True(t, r.PurgedAt.IsZero())
		}
	}
	audit, err := s.Audit(ctx, sd.ids[1])
	require.NoError(t, err)
	for _, c := range audit {
		assert.Nil(t, c.Detail, "reason gone from the audit log")
	}

	after, err := s.Stats(ctx, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, before.Answered, after.Answered)
	assert.Equal(t, before.Grounded, after.Grounded)
	assert.Equal(t, before.Votes, after.Votes)
	assert.Equal(t, before.Reviewed, after.Reviewed)
	assert.Equal(t, before.MedianLatencyMS, after.MedianLatencyMS)
	assert.Empty(t, after.TopUnanswered, "purged questions are no longer listed")

	var linked int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE a.created_at < ? AND v.user_hash IS NOT NULL`, cutoff.UnixMilli()).Scan(&linked))
	assert.Zero(t, linked)

	again, err := s.Purge(ctx, cutoff)
	require.NoError(t, err)
	assert.Zero(t, again.Answers, "idempotent")

	changes, err := s.Changes(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, EventPurge, changes[len(changes)-1].Kind)
}

func TestForgetUser(t *testing.T) {
	s, sd := seedStore(t)
	ctx := context.Background()
	_, err := s.AddCurated(ctx, Curated{Question: "cat?", Answer: "No.", SourceAnswerID: sd.ids[1], Moderator: "mod-a"})
	require.NoError(t, err)

	// u2 asked answers 2 and 5; v1 voted on answers 1, 2 and 4.
	n, err := s.ForgetUser(ctx, "u2")
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	n, err = s.ForgetUser(ctx, "v1")
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	for _, i := range []int{1, 4} {
		r, err := s.Get(ctx, sd.ids[i])
		require.NoError(t, err)
		assert.Empty(t, r.UserHash)
		assert.Empty(t, r.Question)
		assert.Empty(t, r.Answer)
		assert.Empty(t, r.CorrectedText)
		assert.Empty(t, r.Reason)
		audit, err := s.Audit(ctx, sd.ids[i])
		require.NoError(t, err)
		for _, c := range audit {
			assert.Nil(t, c.Detail)
			assert.NotEqual(t, "u2", c.Actor)
		}
		assert.Equal(t, EventForget, audit[len(audit)-1].Kind)
	}
	other, err := s.Get(ctx, sd.ids[0])
	require.NoError(t, err)
	assert.Equal(t, "u1", other.UserHash)

	var left int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM votes WHERE user_hash IN ('u2', 'v1')`).Scan(&left))
	assert.Zero(t, left)
	counts, err := s.Votes(ctx, sd.ids[0])
	require.NoError(t, err)
	assert.Equal(t, VoteCounts{Helpful: 1}, counts)

	mine, err := s.List(ctx, Filter{UserHash: "u2"})
	require.NoError(t, err)
	assert.Empty(t, mine)
	cur, err := s.ListCurated(ctx)
	require.NoError(t, err)
	assert.Empty(t, cur, "the curated answer made from the user's question is deleted")

	_, err = s.ForgetUser(ctx, "")
	assert.Error(t, err)
}
