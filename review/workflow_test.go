package review

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func docsOf(corpus string, fps map[string]string) func() (Docs, error) {
	return func() (Docs, error) { return Docs{Corpus: corpus, Fingerprints: fps}, nil }
}

func TestWorkflowCorrectMarkersAndCurate(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	wf := NewWorkflow(s, docsOf("corpus-1", map[string]string{"pact-2024": "fp-a"}))

	_, err = wf.Correct(ctx, id, "mod", "Wrong source [7].", CorrectOptions{})
	var me *MarkerError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, []int{7}, me.Unknown)
	assert.Contains(t, err.Error(), "[7]")
	rec, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, StatusPublished, rec.Status, "a bad correction changes nothing")

	out, err := wf.Correct(ctx, id, "mod", "Checks at the border [1].", CorrectOptions{})
	require.NoError(t, err)
	assert.Equal(t, StatusCorrected, out.Record.Status)
	require.NotZero(t, out.CuratedID)
	assert.True(t, out.Has(StepReplace))
	assert.Equal(t, "corpus-1", out.Curated.CorpusFingerprint)
	assert.Equal(t, "u-hash-1", out.Curated.SourceUserHash)
	assert.Contains(t, out.Summary(), "curated answer")
}

func TestWorkflowCorrectCitingMissingDocMakesNoCurated(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	wf := NewWorkflow(s, docsOf("c", map[string]string{}))
	out, err := wf.Correct(ctx, id, "mod", "Fixed [1].", CorrectOptions{})
	require.NoError(t, err)
	assert.Zero(t, out.CuratedID)
	assert.Contains(t, out.CuratedSkipped, "pact-2024")
	assert.Contains(t, out.Summary(), "no curated answer made")
}

func TestWorkflowReapproveRefusesRemovedDocument(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	fps := map[string]string{"pact-2024": "fp-a"}
	wf := NewWorkflow(s, docsOf("c1", fps))
	out, err := wf.Correct(ctx, id, "mod", "Fixed [1].", CorrectOptions{})
	require.NoError(t, err)
	gone := NewWorkflow(s, docsOf("c2", map[string]string{}))
	stale, err := gone.CheckCurated(ctx, CheckOptions{Serving: true})
	require.NoError(t, err)
	require.Len(t, stale, 1)
	_, err = gone.Reapprove(ctx, out.CuratedID, "mod")
	assert.ErrorIs(t, err, ErrCitesMissing)
	c, err := s.GetCurated(ctx, out.CuratedID)
	require.NoError(t, err)
	assert.Equal(t, CuratedStale, c.Status)

	// A moderator checking against another corpus than the bot's is refused.
	other := NewWorkflow(s, docsOf("c3", fps))
	_, err = other.CheckCurated(ctx, CheckOptions{})
	assert.ErrorIs(t, err, ErrOtherCorpus)
	_, err = other.CheckCurated(ctx, CheckOptions{NewCorpus: true})
	assert.NoError(t, err)
}

func TestWorkflowReopen(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	wf := NewWorkflow(s, docsOf("c", map[string]string{"pact-2024": "fp"}))
	out, err := wf.Correct(ctx, id, "mod", "Fixed [1].", CorrectOptions{})
	require.NoError(t, err)
	re, err := wf.Reopen(ctx, id, "mod2", "too hasty")
	require.NoError(t, err)
	assert.Equal(t, StatusPending, re.After)
	assert.Equal(t, []int64{out.CuratedID}, re.RetiredCurated)
	_, err = wf.Approve(ctx, id, "mod2")
	require.NoError(t, err)
	_, err = wf.Reopen(ctx, id+50, "mod2", "")
	assert.Error(t, err)
}

func TestForgetLeavesNoBytesAndPrivateFiles(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	r.Question = "Zanzibarquux wants to know about the screening regulation"
	r.ThreadID = "th1"
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	require.NoError(t, s.AddMessages(ctx, id, "c1", "m2", "m3"))
	wf := NewWorkflow(s, docsOf("c", map[string]string{"pact-2024": "fp"}))
	_, err = wf.Correct(ctx, id, "mod", "Zanzibarquux: checks [1].", CorrectOptions{})
	require.NoError(t, err)

	out, err := wf.Forget(ctx, "u-hash-1")
	require.NoError(t, err)
	assert.Equal(t, 1, out.Forgot.Curated)
	assert.Len(t, out.Forgot.Cleanups, 4, "three messages and the thread")
	assert.True(t, out.Has(StepDeleteMessages))
	pending, err := s.PendingCleanups(ctx)
	require.NoError(t, err)
	assert.Len(t, pending, 4)

	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), p)
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.False(t, bytes.Contains(b, []byte("Zanzibarquux")), "%s still holds the forgotten question", p)
	}
}

func TestPurgeDryRunChangesNothing(t *testing.T) {
	s, sd := seedStore(t)
	ctx := context.Background()
	cutoff := time.Date(2026, 3, 1, 9, 2, 30, 0, time.UTC)
	dry, err := s.PurgeDryRun(ctx, cutoff)
	require.NoError(t, err)
	assert.True(t, dry.DryRun)
	rec, err := s.Get(ctx, sd.ids[0])
	require.NoError(t, err)
	assert.NotEmpty(t, rec.Question)
	real, err := s.Purge(ctx, cutoff)
	require.NoError(t, err)
	assert.Equal(t, dry.Answers, real.Answers)
	assert.Equal(t, dry.Votes, real.Votes)
}
