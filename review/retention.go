package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// PurgeResult counts what Purge cleared (or, for a dry run, would clear).
type PurgeResult struct {
	// Answers whose question, answer, correction, reason and user id were
	// removed. The rows stay, so counts and statistics survive.
	Answers int `json:"answers"`
	// Votes whose user id was removed; the votes still count.
	Votes int `json:"votes"`
	// Events whose detail (reasons, corrected texts) was removed.
	Events int `json:"events"`
	// Curated answers made from those answers, unlinked from their askers.
	// They stay in service: their texts were masked and checked by a
	// moderator, and nothing links them to a person any more.
	Curated int `json:"curated"`
	// Cleanups queued for the front end: the threads of those answers,
	// which are named after their questions (see PendingCleanups).
	Cleanups int `json:"cleanups"`
	// CheckpointBusy is set when another process kept the write-ahead log
	// from being truncated: the removed bytes go at the next checkpoint.
	CheckpointBusy bool `json:"checkpoint_busy,omitempty"`
	// DryRun is set when nothing was changed (PurgeDryRun).
	DryRun bool `json:"dry_run,omitempty"`
}

// personalFieldsNull clears every field of an answer that may hold personal
// data or point at a person, including the Discord ids that lead to the
// asker's message. Guild and channel stay for statistics; the review-channel
// message ids stay so the bot can still tidy that message.
const personalFieldsNull = `user_hash = NULL, question = NULL, answer = NULL, corrected_text = NULL,
	reason = NULL, message_id = '', thread_id = '', interaction_id = '', purged_at = ?`

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("dry run")

// Purge applies retention: for answers created before olderThan it removes
// the question and answer texts, the correction and reason, and the user id;
// it unlinks votes older than that (or on those answers) from their users,
// removes the detail of older audit entries, unlinks the curated answers
// made from those answers from their askers, and queues the answers'
// threads for the front end to remove (PendingCleanups). Counts stay.
// Moderator ids in the audit log are kept for accountability. The removed
// bytes are overwritten in the file and the write-ahead log is truncated.
func (s *SQLite) Purge(ctx context.Context, olderThan time.Time) (PurgeResult, error) {
	res, err := s.purge(ctx, olderThan, false)
	if err != nil {
		return PurgeResult{}, fmt.Errorf("review: purge: %w", err)
	}
	return res, nil
}

// PurgeDryRun counts what Purge would clear, changing nothing.
func (s *SQLite) PurgeDryRun(ctx context.Context, olderThan time.Time) (PurgeResult, error) {
	res, err := s.purge(ctx, olderThan, true)
	if err != nil {
		return PurgeResult{}, fmt.Errorf("review: purge dry run: %w", err)
	}
	return res, nil
}

// purge runs the same statements for a purge and its dry run; the dry run
// rolls them back, so its counts are exactly what a purge would do.
func (s *SQLite) purge(ctx context.Context, olderThan time.Time, dry bool) (PurgeResult, error) {
	var res PurgeResult
	cutoff := olderThan.UnixMilli()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res.Cleanups, err = s.queueCleanups(ctx, tx, CleanupRetention, false,
			`created_at < ? AND purged_at IS NULL`, cutoff)
		if err != nil {
			return err
		}
		now := s.millis()
		steps := []struct {
			n     *int
			query string
			args  []any
		}{
			{&res.Curated, `UPDATE curated SET source_user_hash = NULL WHERE source_user_hash IS NOT NULL
				AND source_answer_id IN (SELECT id FROM answers WHERE created_at < ?)`, []any{cutoff}},
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
		if dry {
			return errDryRun
		}
		return s.appendEvent(ctx, tx, event{Kind: EventPurge, Detail: map[string]string{
			"older_than": olderThan.UTC().Format(time.RFC3339), "answers": strconv.Itoa(res.Answers),
			"votes": strconv.Itoa(res.Votes), "events": strconv.Itoa(res.Events),
			"curated": strconv.Itoa(res.Curated),
		}})
	})
	if dry && errors.Is(err, errDryRun) {
		res.DryRun = true
		return res, nil
	}
	if err != nil {
		return PurgeResult{}, err
	}
	if res.Answers+res.Votes+res.Events+res.Curated > 0 {
		if res.CheckpointBusy, err = s.checkpoint(ctx); err != nil {
			return res, err
		}
	}
	return res, nil
}

// ForgetResult counts what Forget removed about one user.
type ForgetResult struct {
	// Answers whose personal fields were cleared.
	Answers int `json:"answers"`
	// Votes deleted; they no longer count.
	Votes int `json:"votes"`
	// Curated answers made from the user's questions, deleted.
	Curated int `json:"curated"`
	// CuratedIDs are those curated answers, for the front end's matcher.
	CuratedIDs []int64 `json:"curated_ids,omitempty"`
	// Cleanups are the messages and threads of the user's answers that
	// the front end must delete; they are also queued (PendingCleanups)
	// in case this process cannot reach the front end.
	Cleanups []Cleanup `json:"cleanups,omitempty"`
	// CheckpointBusy is set when another process kept the write-ahead log
	// from being truncated: the removed bytes go at the next checkpoint.
	CheckpointBusy bool `json:"checkpoint_busy,omitempty"`
}

// ForgetUser is Forget reduced to the number of answers and votes cleared.
func (s *SQLite) ForgetUser(ctx context.Context, userHash string) (int, error) {
	res, err := s.Forget(ctx, userHash)
	return res.Answers + res.Votes, err
}

// Forget removes everything stored about one user (by pseudonymous id):
// the personal fields of their answers and the audit detail about them,
// their votes (which no longer count), and the curated answers made from
// their questions. The messages and threads of their answers are returned
// and queued for the front end to delete, and the record forgets them.
// The change feed gets a forget event per answer, without the user, so
// that a running bot can update what it shows. The removed bytes are
// overwritten in the file and the write-ahead log is truncated.
func (s *SQLite) Forget(ctx context.Context, userHash string) (ForgetResult, error) {
	var res ForgetResult
	if userHash == "" {
		return res, fmt.Errorf("review: forget user: empty user")
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := answerIDsOf(ctx, tx, userHash)
		if err != nil {
			return err
		}
		res.Answers = len(ids)
		if res.CuratedIDs, err = s.deleteCuratedOf(ctx, tx, userHash); err != nil {
			return err
		}
		res.Curated = len(res.CuratedIDs)
		if _, err := s.queueCleanups(ctx, tx, CleanupForget, true, `user_hash = ?`, userHash); err != nil {
			return err
		}
		if res.Cleanups, err = cleanupsOf(ctx, tx, ids); err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.forgetAnswer(ctx, tx, id); err != nil {
				return err
			}
		}
		res.Votes, err = execCount(ctx, tx, `DELETE FROM votes WHERE user_hash = ?`, userHash)
		return err
	})
	if err != nil {
		return ForgetResult{}, fmt.Errorf("review: forget user: %w", err)
	}
	if res.CheckpointBusy, err = s.checkpoint(ctx); err != nil {
		return res, fmt.Errorf("review: forget user: %w", err)
	}
	return res, nil
}

// deleteCuratedOf deletes the curated answers made from the user's
// questions, with their audit detail, and returns their ids.
func (s *SQLite) deleteCuratedOf(ctx context.Context, tx *sql.Tx, userHash string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM curated WHERE source_user_hash = ?
		OR source_answer_id IN (SELECT id FROM answers WHERE user_hash = ?) ORDER BY id`, userHash, userHash)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `DELETE FROM curated WHERE id = ?`, id); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET detail = NULL WHERE curated_id = ?`, id); err != nil {
			return nil, err
		}
		if err := s.appendEvent(ctx, tx, event{Kind: EventCuratedDelete, CuratedID: id, After: "deleted"}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func cleanupsOf(ctx context.Context, tx *sql.Tx, ids []int64) ([]Cleanup, error) {
	var out []Cleanup
	for _, id := range ids {
		rows, err := tx.QueryContext(ctx, `SELECT id, at, answer_id, reason, channel_id, message_id, thread_id
			FROM cleanup WHERE answer_id = ? AND reason = 'forget' ORDER BY id`, id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var (
				c      Cleanup
				at     int64
				answer sql.NullInt64
			)
			if err := rows.Scan(&c.ID, &at, &answer, &c.Reason, &c.ChannelID, &c.MessageID, &c.ThreadID); err != nil {
				rows.Close()
				return nil, err
			}
			c.At, c.AnswerID = fromMillis(at), answer.Int64
			out = append(out, c)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func answerIDsOf(ctx context.Context, tx *sql.Tx, userHash string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM answers WHERE user_hash = ? ORDER BY id`, userHash)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
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

func (s *SQLite) forgetAnswer(ctx context.Context, tx *sql.Tx, id int64) error {
	queries := []struct {
		query string
		args  []any
	}{
		{`UPDATE answers SET ` + personalFieldsNull + ` WHERE id = ?`, []any{s.millis(), id}},
		{`UPDATE events SET detail = NULL WHERE answer_id = ?`, []any{id}},
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
