package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// metaServedCorpus is the meta key of the corpus fingerprint the bot serves.
const metaServedCorpus = "served_corpus"

// SetServedCorpus records the fingerprint of the corpus the bot serves,
// against which curated answers are checked; the bot sets it at start-up.
func (s *SQLite) SetServedCorpus(ctx context.Context, fingerprint string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			metaServedCorpus, fingerprint, s.millis())
		return err
	})
	if err != nil {
		return fmt.Errorf("review: set served corpus: %w", err)
	}
	return nil
}

// ServedCorpus returns the corpus fingerprint the bot recorded and when,
// or "" when no bot has recorded one.
func (s *SQLite) ServedCorpus(ctx context.Context) (string, time.Time, error) {
	var (
		fp string
		at int64
	)
	err := s.db.QueryRowContext(ctx, `SELECT value, updated_at FROM meta WHERE key = ?`, metaServedCorpus).Scan(&fp, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("review: served corpus: %w", err)
	}
	return fp, fromMillis(at), nil
}

// Reasons an answer needs a moderator's attention.
const (
	AttentionReported      = "reported"
	AttentionHeldPastToken = "held past its token"
	AttentionCuratedStale  = "curated source changed"
)

// Attention is an answer that needs a moderator, and why.
type Attention struct {
	Record  *Record    `json:"answer"`
	Votes   VoteCounts `json:"votes"`
	Reasons []string   `json:"reasons"`
}

// NeedsAttention lists, newest first, the answers a moderator should look
// at: undecided answers that someone reported, answers held for
// pre-moderation for longer than heldFor (the front end can no longer
// reply through the asker's interaction: Discord's tokens last 15
// minutes), and answers whose curated answer went stale because a cited
// document changed.
func (s *SQLite) NeedsAttention(ctx context.Context, now time.Time, heldFor time.Duration) ([]Attention, error) {
	recs, err := s.queryRecords(ctx, ` WHERE (status IN ('pending', 'published') AND id IN
		(SELECT answer_id FROM votes WHERE vote = 'report'))
		OR (status = 'pending' AND created_at < ?)
		OR id IN (SELECT source_answer_id FROM curated WHERE status = 'stale' AND source_answer_id IS NOT NULL)
		ORDER BY created_at DESC, id DESC`, now.Add(-heldFor).UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("review: needs attention: %w", err)
	}
	stale := map[int64]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT source_answer_id FROM curated WHERE status = 'stale' AND source_answer_id IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("review: needs attention: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, fmt.Errorf("review: needs attention: %w", err)
	}
	for _, id := range ids {
		stale[id] = true
	}
	out := make([]Attention, 0, len(recs))
	for _, r := range recs {
		v, err := s.Votes(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		a := Attention{Record: r, Votes: v}
		undecided := r.Status == StatusPending || r.Status == StatusPublished
		if undecided && v.Report > 0 {
			a.Reasons = append(a.Reasons, AttentionReported)
		}
		if r.Status == StatusPending && now.Sub(r.CreatedAt) > heldFor {
			a.Reasons = append(a.Reasons, AttentionHeldPastToken)
		}
		if stale[r.ID] {
			a.Reasons = append(a.Reasons, AttentionCuratedStale)
		}
		out = append(out, a)
	}
	return out, nil
}
