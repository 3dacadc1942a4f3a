package review

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"pactbot/cite"
)

// seed is a small history: six answers a minute apart from 09:00 on
// 2026-03-01, then votes and decisions from 10:00 (store clock).
type seed struct {
	ids   []int64
	clock *fakeClock
}

func seedStore(t *testing.T) (*SQLite, seed) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, WithClock(clock.now))
	ctx := context.Background()
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	rows := []struct {
		user, q, a string
		grounded   bool
		latency    int64
		status     string
	}{
		{"u1", "What is the screening regulation?", "Checks at the border [1].", true, 400, StatusPublished},
		{"u2", "Can I bring my cat to Belgium?", "The sources do not cover this.", false, 150, StatusPublished},
		{"u1", "can I bring my cat to belgium", "The sources do not cover this.", false, 120, StatusPending},
		{"u3", "=HYPERLINK(\"http://evil\") what is Eurodac?", "Eurodac stores fingerprints [1].", true, 900, StatusPublished},
		{"u2", "How long does the border procedure last?", "Up to 12 weeks [1].", true, 700, StatusPublished},
		{"u4", "Who pays for \"solidarity\", and how?", "Member states, via the pool [1].", true, 300, StatusPending},
	}
	var sd seed
	sd.clock = clock
	for i, row := range rows {
		r := &Record{
			CreatedAt: base.Add(time.Duration(i) * time.Minute), GuildID: "g", ChannelID: "c", MessageID: "m",
			UserHash: row.user, Question: row.q, Answer: row.a, Mode: "extractive", PromptVersion: "v1",
			IndexFingerprint: "fp", LatencyMS: row.latency, Grounded: row.grounded, Status: row.status,
		}
		if row.grounded {
			r.Citations = []cite.Citation{{N: 1, DocID: "pact", Title: "Pact", Section: "S", Anchor: "s", URL: "https://e.eu/p#s"}}
			r.Passages = []PassageRef{{ID: "pact#s-0", Score: 2.5}}
			r.TopScore = 2.5
		}
		id, err := s.RecordAnswer(ctx, r)
		require.NoError(t, err)
		sd.ids = append(sd.ids, id)
	}
	votes := []struct {
		i    int
		user string
		vote string
	}{
		{0, "v1", VoteHelpful}, {0, "v2", VoteHelpful}, {1, "v1", VoteNotHelpful}, {2, "v3", VoteNotHelpful},
		{2, "v4", VoteReport}, {3, "v1", VoteHelpful}, {4, "v2", VoteNotHelpful},
	}
	for _, v := range votes {
		require.NoError(t, s.Vote(ctx, sd.ids[v.i], v.user, v.vote))
	}
	require.NoError(t, s.Approve(ctx, sd.ids[0], "mod-a"))
	require.NoError(t, s.Reject(ctx, sd.ids[1], "mod-b", "not about migration"))
	require.NoError(t, s.Correct(ctx, sd.ids[4], "mod-a", "Up to 12 weeks, extendable [1]."))
	return s, sd
}
