package review

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// PurgeResult counts what Purge cleared.
type PurgeResult struct {
	// Answers whose question, answer, correction, reason and user id were
	// removed. The rows stay, so counts and statistics survive.
	Answers int `json:"answers"`
	// Votes whose user id was removed; the votes still count.
	Votes int `json:"votes"`
	// Events whose detail (reasons, corrected texts) was removed.
	Events int `json:"events"`
}

// personalFieldsNull clears every field of an answer that may hold personal
// data or point at a person, including the Discord ids that lead to the
// asker's message. Guild and channel stay for statistics; the review-channel
// message ids stay so the bot can still tidy that message.
const personalFieldsNull = `user_hash = NULL, question = NULL, answer = NULL, corrected_text = NULL,
	reason = NULL, message_id = '', thread_id = '', interaction_id = '', purged_at = ?`

// Purge applies retention: for answers created before olderThan it removes
// the question and answer texts, the correction and reason, and the user id;
// it unlinks votes older than that (or on those answers) from their users,
// and removes the detail of older audit entries. Counts stay. Moderator ids
// in the audit log are kept for accountability; curated answers, which
// moderators wrote and reviewed, are kept too.
func (s *Store) Purge(ctx context.Context, olderThan time.Time) (PurgeResult, error) {
	var res PurgeResult
	cutoff := olderThan.UnixMilli()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.millis()
		steps := []struct {
			n     *int
			query string
			args  []any
		}{
			{&res.Answers, `UPDATE answers SET ` + personalFieldsNull + ` WHERE created_at < ? AND purged_at IS NULL`,
				[]any{now, cutoff}},
			{&res.Votes, `UPDATE votes SET user_hash = NULL WHERE user_hash IS NOT NULL AND (updated_at < ?
				OR answer_id IN (SELECT id FROM answers WHERE created_at < ?))`, []any{cutoff, cutoff}},
			{&res.Events, `UPDATE events SET detail = NULL WHERE detail IS NOT NULL AND (at < ?
				OR answer_id IN (SELECT id FROM answers WHERE created_at < ?))`, []any{cutoff, cutoff}},
		}
		for _, st := range steps {
			n, err := execCount(ctx, tx, st.query, st.args...)
			if err != nil {
				return err
			}
			*st.n = n
		}
		return s.appendEvent(ctx, tx, event{Kind: EventPurge, Detail: map[string]string{
			"older_than": olderThan.UTC().Format(time.RFC3339), "answers": strconv.Itoa(res.Answers),
			"votes": strconv.Itoa(res.Votes), "events": strconv.Itoa(res.Events),
		}})
	})
	if err != nil {
		return PurgeResult{}, fmt.Errorf("review: purge: %w", err)
	}
	return res, nil
}

// ForgetUser removes everything stored about one user (by pseudonymous id):
// the personal fields of their answers and the audit detail about them, and
// their votes, which no longer count. Curated answers made from their
// questions are unlinked from them. It returns how many answers and votes
// it cleared. The change feed gets a forget event per answer, without the
// user, so that a running bot can update what it shows; a caller that wants
// to delete the public messages too lists them first with Filter.UserHash.
func (s *Store) ForgetUser(ctx context.Context, userHash string) (int, error) {
	if userHash == "" {
		return 0, fmt.Errorf("review: forget user: empty user")
	}
	var total int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := answerIDsOf(ctx, tx, userHash)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.forgetAnswer(ctx, tx, id); err != nil {
				return err
			}
		}
		votes, err := execCount(ctx, tx, `DELETE FROM votes WHERE user_hash = ?`, userHash)
		if err != nil {
			return err
		}
		total = len(ids) + votes
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("review: forget user: %w", err)
	}
	return total, nil
}

func answerIDsOf(ctx context.Context, tx *sql.Tx, userHash string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM answers WHERE user_hash = ? ORDER BY id`, userHash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (s *Store) forgetAnswer(ctx context.Context, tx *sql.Tx, id int64) error {
	queries := []struct {
		query string
		args  []any
	}{
		{`UPDATE answers SET ` + personalFieldsNull + ` WHERE id = ?`, []any{s.millis(), id}},
		{`UPDATE events SET detail = NULL WHERE answer_id = ?`, []any{id}},
		{`UPDATE curated SET source_answer_id = NULL WHERE source_answer_id = ?`, []any{id}},
	}
	for _, q := range queries {
		if _, err := tx.ExecContext(ctx, q.query, q.args...); err != nil {
			return err
		}
	}
	return s.appendEvent(ctx, tx, event{Kind: EventForget, AnswerID: id})
}

func execCount(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
