package review

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Message is one message a front end posted for an answer.
type Message struct {
	AnswerID  int64  `json:"answer_id"`
	ChannelID string `json:"channel_id"`
	MessageID string `json:"message_id"`
	// Part is the message's place in a long answer split over several
	// messages (0 for the first).
	Part int `json:"part"`
}

// Cleanup reasons: what cleared the record the cleanup comes from.
const (
	CleanupForget    = "forget"
	CleanupRetention = "retention"
)

// Cleanup is something a front end must still remove on its side after
// the record was cleared: a message (MessageID set) or a thread (ThreadID
// set, e.g. a thread named after the question). Any process may clear
// the record, the CLI included; the front end that can reach Discord
// drains them with PendingCleanups and CleanupsDone.
type Cleanup struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	AnswerID  int64     `json:"answer_id,omitempty"`
	Reason    string    `json:"reason"`
	ChannelID string    `json:"channel_id,omitempty"`
	MessageID string    `json:"message_id,omitempty"`
	ThreadID  string    `json:"thread_id,omitempty"`
}

// AddMessages records further messages of an answer (the parts of a long
// answer after its first, in order), so that taking the answer down or
// forgetting its asker reaches every one. The first message is recorded
// by SetMessage.
func (s *SQLite) AddMessages(ctx context.Context, answerID int64, channelID string, messageIDs ...string) error {
	if len(messageIDs) == 0 {
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var next int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(part) + 1, 1) FROM answer_messages WHERE answer_id = ?`,
			answerID).Scan(&next); err != nil {
			return err
		}
		for i, m := range messageIDs {
			if err := addMessage(ctx, tx, answerID, channelID, m, next+i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("review: add messages of answer %d: %w", answerID, err)
	}
	return nil
}

func addMessage(ctx context.Context, tx *sql.Tx, answerID int64, channelID, messageID string, part int) error {
	if channelID == "" || messageID == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO answer_messages (answer_id, channel_id, message_id, part)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, answerID, channelID, messageID, part)
	if err != nil {
		var exists int
		if tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM answers WHERE id = ?`, answerID).Scan(&exists) == nil && exists == 0 {
			return ErrNotFound
		}
	}
	return err
}

// Messages returns every message recorded for an answer, first part first.
func (s *SQLite) Messages(ctx context.Context, answerID int64) ([]Message, error) {
	ms, err := queryMessages(ctx, s.db, `WHERE answer_id = ? ORDER BY part, message_id`, answerID)
	if err != nil {
		return nil, fmt.Errorf("review: messages of answer %d: %w", answerID, err)
	}
	return ms, nil
}

// UserMessages returns every message and thread recorded for the answers
// to one (pseudonymous) user, as cleanups a front end would carry out:
// what /forget-me deletes before the record forgets where they are.
func (s *SQLite) UserMessages(ctx context.Context, userHash string) ([]Cleanup, error) {
	var out []Cleanup
	err := func() error {
		ms, err := queryMessages(ctx, s.db, `WHERE answer_id IN (SELECT id FROM answers WHERE user_hash = ?)
			ORDER BY answer_id, part, message_id`, userHash)
		if err != nil {
			return err
		}
		for _, m := range ms {
			out = append(out, Cleanup{AnswerID: m.AnswerID, Reason: CleanupForget, ChannelID: m.ChannelID, MessageID: m.MessageID})
		}
		threads, err := threadsOf(ctx, s.db, `user_hash = ?`, userHash)
		if err != nil {
			return err
		}
		for _, th := range threads {
			th.Reason = CleanupForget
			out = append(out, th)
		}
		return nil
	}()
	if err != nil {
		return nil, fmt.Errorf("review: messages of user: %w", err)
	}
	return out, nil
}

// PendingCleanups returns up to 500 cleanups not yet done, oldest first.
func (s *SQLite) PendingCleanups(ctx context.Context) ([]Cleanup, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, answer_id, reason, channel_id, message_id, thread_id
		FROM cleanup ORDER BY id LIMIT ?`, maxChanges)
	if err != nil {
		return nil, fmt.Errorf("review: pending cleanups: %w", err)
	}
	defer rows.Close()
	var out []Cleanup
	for rows.Next() {
		var (
			c      Cleanup
			at     int64
			answer sql.NullInt64
		)
		if err := rows.Scan(&c.ID, &at, &answer, &c.Reason, &c.ChannelID, &c.MessageID, &c.ThreadID); err != nil {
			return nil, fmt.Errorf("review: pending cleanups: %w", err)
		}
		c.At, c.AnswerID = fromMillis(at), answer.Int64
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("review: pending cleanups: %w", err)
	}
	return out, nil
}

// CleanupsDone removes cleanups the front end carried out (or gave up on:
// a message already deleted by hand).
func (s *SQLite) CleanupsDone(ctx context.Context, ids ...int64) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM cleanup WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("review: cleanups done: %w", err)
	}
	return nil
}

// queueCleanups moves the messages and threads of the answers matched by
// where (over answers) into the cleanup queue and forgets them, in tx.
func (s *SQLite) queueCleanups(ctx context.Context, tx *sql.Tx, reason string, messages bool, where string,
	args ...any) (int, error) {
	now := s.millis()
	n := 0
	if messages {
		m, err := execCount(ctx, tx, `INSERT INTO cleanup (at, answer_id, reason, channel_id, message_id)
			SELECT ?, answer_id, ?, channel_id, message_id FROM answer_messages
			WHERE answer_id IN (SELECT id FROM answers WHERE `+where+`) ORDER BY answer_id, part`,
			append([]any{now, reason}, args...)...)
		if err != nil {
			return 0, err
		}
		n += m
	}
	t, err := execCount(ctx, tx, `INSERT INTO cleanup (at, answer_id, reason, channel_id, thread_id)
		SELECT ?, id, ?, channel_id, thread_id FROM answers WHERE thread_id != '' AND (`+where+`)`,
		append([]any{now, reason}, args...)...)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM answer_messages WHERE answer_id IN
		(SELECT id FROM answers WHERE `+where+`)`, args...); err != nil {
		return 0, err
	}
	return n + t, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func queryMessages(ctx context.Context, q querier, rest string, args ...any) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT answer_id, channel_id, message_id, part FROM answer_messages `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.AnswerID, &m.ChannelID, &m.MessageID, &m.Part); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func threadsOf(ctx context.Context, q querier, where string, args ...any) ([]Cleanup, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, channel_id, thread_id FROM answers
		WHERE thread_id != '' AND (`+where+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cleanup
	for rows.Next() {
		var c Cleanup
		if err := rows.Scan(&c.AnswerID, &c.ChannelID, &c.ThreadID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
