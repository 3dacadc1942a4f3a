package curated

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/review"
)

// TestChangedDocumentStopsServing runs the staleness round trip against a
// real store: a curated answer citing document "a" is served until "a"
// changes, and again once a moderator re-approves it.
func TestChangedDocumentStopsServing(t *testing.T) {
	ctx := context.Background()
	st, err := review.Open(filepath.Join(t.TempDir(), "pactbot.db"))
	require.NoError(t, err)
	defer st.Close()

	c := testCorpus()
	cites := []answer.Citation{{N: 1, DocID: "a", Anchor: "funding"}}
	fps, missing := CitedFingerprints(cites, DocFingerprints(c))
	require.Empty(t, missing)
	_, err = st.AddCurated(ctx, review.Curated{Question: "How much money is earmarked for the Pact?",
		Answer: "EUR 2 billion [1].", Citations: cites, DocFingerprints: fps, Moderator: "cli:m"})
	require.NoError(t, err)

	load := func() *Matcher {
		all, err := st.ListCurated(ctx)
		require.NoError(t, err)
		m := newTestMatcher(t, all)
		return m
	}
	_, _, ok := load().Match(ctx, "how much money is set aside for the pact")
	require.True(t, ok)

	stale, err := st.CheckCurated(ctx, DocFingerprints(c))
	require.NoError(t, err)
	assert.Empty(t, stale, "unchanged documents")

	c.Documents[0].Sections[1].Text = "EUR 3 billion."
	stale, err = st.CheckCurated(ctx, DocFingerprints(c))
	require.NoError(t, err)
	require.Len(t, stale, 1)
	_, _, ok = load().Match(ctx, "how much money is set aside for the pact")
	assert.False(t, ok, "stale: not served")

	require.NoError(t, st.ReapproveCurated(ctx, stale[0].ID, "cli:m", DocFingerprints(c), ""))
	_, _, ok = load().Match(ctx, "how much money is set aside for the pact")
	assert.True(t, ok, "served again once re-approved")
}

func TestReloadFollowsTheChangeFeed(t *testing.T) {
	ctx := context.Background()
	st, err := review.Open(filepath.Join(t.TempDir(), "pactbot.db"))
	require.NoError(t, err)
	defer st.Close()
	m := newTestMatcher(t, nil)
	seq, err := st.LatestSeq(ctx)
	require.NoError(t, err)

	follow := func() {
		t.Helper()
		cs, err := st.Changes(ctx, seq)
		require.NoError(t, err)
		if len(cs) > 0 {
			seq = cs[len(cs)-1].Seq
		}
		if Changed(cs) {
			require.NoError(t, m.Reload(ctx, st))
		}
	}
	// A vote is not a curated change.
	id, err := st.RecordAnswer(ctx, &review.Record{Question: "What is Eurodac?", Answer: "a"})
	require.NoError(t, err)
	require.NoError(t, st.Vote(ctx, id, "u", review.VoteHelpful))
	cs, err := st.Changes(ctx, seq)
	require.NoError(t, err)
	assert.False(t, Changed(cs))

	cid, err := st.AddCurated(ctx, review.Curated{Question: "What is Eurodac?", Answer: "A database [1].", Moderator: "cli:m"})
	require.NoError(t, err)
	follow()
	_, _, ok := m.Match(ctx, "what is the eurodac database")
	assert.True(t, ok, "added: served")

	require.NoError(t, st.RetireCurated(ctx, cid, "cli:m"))
	follow()
	_, _, ok = m.Match(ctx, "what is the eurodac database")
	assert.False(t, ok, "retired: no longer served")
}
