package review

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecisions(t *testing.T) {
	tests := []struct {
		name   string
		act    func(s *SQLite, id int64) error
		status string
		reason string
		text   string
	}{
		{"approve", func(s *SQLite, id int64) error { return s.Approve(context.Background(), id, "mod-a") },
			StatusApproved, "", ""},
		{"reject", func(s *SQLite, id int64) error {
			return s.Reject(context.Background(), id, "mod-a", "wrong legal basis")
		}, StatusRejected, "wrong legal basis", ""},
		{"correct", func(s *SQLite, id int64) error {
			return s.Correct(context.Background(), id, "mod-a", "  Screening takes up to 7 days [1].  ")
		}, StatusCorrected, "", "Screening takes up to 7 days [1]."},
	}
	for _, tt := range tests {
		for _, from := range []string{StatusPending, StatusPublished} {
			t.Run(tt.name+" from "+from, func(t *testing.T) {
				s, _ := openTest(t, WithClock(newClock().now))
				ctx := context.Background()
				r := sampleRecord()
				r.Status = from
				id, err := s.RecordAnswer(ctx, r)
				require.NoError(t, err)

				require.NoError(t, tt.act(s, id))
				got, err := s.Get(ctx, id)
				require.NoError(t, err)
				assert.Equal(t, tt.status, got.Status)
				assert.Equal(t, "mod-a", got.ModeratorHash)
				assert.Equal(t, tt.reason, got.Reason)
				assert.Equal(t, tt.text, got.CorrectedText)
				assert.False(t, got.DecidedAt.IsZero())

				audit, err := s.Audit(ctx, id)
				require.NoError(t, err)
				require.Len(t, audit, 2)
				last := audit[1]
				assert.Equal(t, eventFor(tt.status), last.Kind)
				assert.Equal(t, "mod-a", last.Actor)
				assert.Equal(t, from, last.Before)
				assert.Equal(t, tt.status, last.After)
				assert.Equal(t, got.DecidedAt, last.At)
			})
		}
	}
}

func TestCorrectAuditKeepsBeforeAndAfter(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	require.NoError(t, s.Correct(ctx, id, "mod-a", "Fixed text, ask mod@example.org"))
	audit, err := s.Audit(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"before": r.Answer, "after": "Fixed text, ask [email]"}, audit[1].Detail)
}

func TestDecisionErrors(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)
	assert.ErrorIs(t, s.Approve(ctx, id+1, "mod-a"), ErrNotFound)
	assert.Error(t, s.Approve(ctx, id, ""))
	assert.Error(t, s.Correct(ctx, id, "mod-a", "   "))

	require.NoError(t, s.Reject(ctx, id, "mod-a", "off topic, they posted +49 151 2345 6789"))
	err = s.Correct(ctx, id, "mod-b", "new text")
	require.ErrorIs(t, err, ErrAlreadyDecided)
	var already *AlreadyDecidedError
	require.ErrorAs(t, err, &already)
	assert.Equal(t, StatusRejected, already.First.Status)
	assert.Equal(t, "mod-a", already.First.ModeratorHash)
	assert.Equal(t, "off topic, they posted [phone number]", already.First.Reason)
	assert.Contains(t, err.Error(), "rejected by mod-a")

	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, StatusRejected, got.Status)
	assert.Empty(t, got.CorrectedText)
	audit, err := s.Audit(ctx, id)
	require.NoError(t, err)
	assert.Len(t, audit, 2, "the losing action must not be audited as done")
}

// TestConcurrentModerators races moderators on the same answers, each from
// its own Store as a bot and a CLI would be: exactly one wins per answer and
// every other sees the winner's decision.
func TestConcurrentModerators(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	other, err := Open(path)
	require.NoError(t, err)
	defer other.Close()
	stores := []*SQLite{s, other}

	const answers, moderators = 5, 6
	for a := 0; a < answers; a++ {
		r := sampleRecord()
		r.Status = StatusPending
		_, err := s.RecordAnswer(ctx, r)
		require.NoError(t, err)
	}
	type result struct {
		mod string
		err error
	}
	results := make([][]result, answers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for a := 0; a < answers; a++ {
		results[a] = make([]result, moderators)
		for m := 0; m < moderators; m++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				id, mod, st := int64(a+1), fmt.Sprintf("mod-%d", m), stores[m%2]
				var err error
				switch m % 3 {
				case 0:
					err = st.Approve(ctx, id, mod)
				case 1:
					err = st.Reject(ctx, id, mod, "no")
				default:
					err = st.Correct(ctx, id, mod, "fixed by "+mod)
				}
				results[a][m] = result{mod, err}
			}()
		}
	}
	close(start)
	wg.Wait()

	for a := 0; a < answers; a++ {
		id := int64(a + 1)
		got, err := s.Get(ctx, id)
		require.NoError(t, err)
		winners := 0
		for _, r := range results[a] {
			if r.err == nil {
				winners++
				assert.Equal(t, got.ModeratorHash, r.mod)
				continue
			}
			var already *AlreadyDecidedError
			require.True(t, errors.As(r.err, &already), "answer %d: %v", id, r.err)
			assert.Equal(t, got.Status, already.First.Status)
			assert.Equal(t, got.ModeratorHash, already.First.ModeratorHash)
		}
		assert.Equal(t, 1, winners, "answer %d", id)
		audit, err := s.Audit(ctx, id)
		require.NoError(t, err)
		assert.Len(t, audit, 2, "recorded + one decision")
	}
}
