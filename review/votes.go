package review

import (
	"context"
	"database/sql"
	"fmt"
)

// Votes a citizen can give an answer with the buttons under it.
const (
	VoteHelpful    = "helpful"
	VoteNotHelpful = "not_helpful"
	VoteReport     = "report"
)

// VoteCounts is the feedback on one answer (or, in Stats, on all answers).
type VoteCounts struct {
	Helpful    int `json:"helpful"`
	NotHelpful int `json:"not_helpful"`
	Report     int `json:"report"`
}

// Vote records userHash's vote on an answer. A user has one vote per answer:
// voting again replaces the earlier vote. The vote is also appended to the
// change feed (without the user) so that the review channel can show it.
func (s *SQLite) Vote(ctx context.Context, answerID int64, userHash, vote string) error {
	if vote != VoteHelpful && vote != VoteNotHelpful && vote != VoteReport {
		return fmt.Errorf("review: vote on answer %d: unknown vote %q", answerID, vote)
	}
	if userHash == "" {
		return fmt.Errorf("review: vote on answer %d: empty user", answerID)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM answers WHERE id = ?`, answerID).Scan(&exists)
		if err != nil {
			return err
		}
		if exists == 0 {
			return ErrNotFound
		}
		now := s.millis()
		_, err = tx.ExecContext(ctx, `INSERT INTO votes (answer_id, user_hash, vote, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, updated_at = excluded.updated_at`,
			answerID, userHash, vote, now, now)
		if err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, event{Kind: EventVote, AnswerID: answerID, Detail: map[string]string{"vote": vote}})
	})
	if err != nil {
		return fmt.Errorf("review: vote on answer %d: %w", answerID, err)
	}
	return nil
}

// Votes counts the votes on one answer.
func (s *SQLite) Votes(ctx context.Context, answerID int64) (VoteCounts, error) {
	var c VoteCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(vote = 'helpful'), 0), COALESCE(SUM(vote = 'not_helpful'), 0), COALESCE(SUM(vote = 'report'), 0)
		FROM votes WHERE answer_id = ?`, answerID).Scan(&c.Helpful, &c.NotHelpful, &c.Report)
	if err != nil {
		return VoteCounts{}, fmt.Errorf("review: votes on answer %d: %w", answerID, err)
	}
	return c, nil
}

// UserVote returns userHash's current vote on an answer, or "" if none.
func (s *SQLite) UserVote(ctx context.Context, answerID int64, userHash string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?`,
		answerID, userHash).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("review: vote of user on answer %d: %w", answerID, err)
	}
	return v, nil
}
