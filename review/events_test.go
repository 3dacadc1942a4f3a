package review

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChangeFeedAcrossProcesses has the "CLI" act on one Store while the
// "bot" polls another Store over the same file.
func TestChangeFeedAcrossProcesses(t *testing.T) {
	bot, path := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	r.Status = StatusPending
	id, err := bot.RecordAnswer(ctx, r)
	require.NoError(t, err)
	seq, err := bot.LatestSeq(ctx)
	require.NoError(t, err)
	assert.Positive(t, seq)

	cli, err := Open(path)
	require.NoError(t, err)
	defer cli.Close()
	require.NoError(t, cli.Approve(ctx, id, "mod-cli"))
	require.NoError(t, cli.Vote(ctx, id, "user-x", VoteHelpful))

	changes, err := bot.Changes(ctx, seq)
	require.NoError(t, err)
	require.Len(t, changes, 2)
	assert.Equal(t, EventApprove, changes[0].Kind)
	assert.Equal(t, id, changes[0].AnswerID)
	assert.Equal(t, "mod-cli", changes[0].Actor)
	assert.Equal(t, StatusPending, changes[0].Before)
	assert.Equal(t, StatusApproved, changes[0].After)
	assert.Equal(t, EventVote, changes[1].Kind)
	assert.Empty(t, changes[1].Actor, "citizens' votes carry no user in the feed")
	assert.Equal(t, map[string]string{"vote": VoteHelpful}, changes[1].Detail)
	assert.Greater(t, changes[1].Seq, changes[0].Seq)

	none, err := bot.Changes(ctx, changes[1].Seq)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func TestChangesArePaged(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	for i := 0; i < maxChanges+20; i++ {
		require.NoError(t, s.Vote(ctx, id, "u", VoteHelpful))
	}
	first, err := s.Changes(ctx, 0)
	require.NoError(t, err)
	require.Len(t, first, maxChanges)
	rest, err := s.Changes(ctx, first[len(first)-1].Seq)
	require.NoError(t, err)
	assert.Len(t, rest, 21) // the recorded event + 520 votes = 521 in all
}
