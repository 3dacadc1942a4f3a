package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Kinds of change in the audit log and change feed.
const (
	EventRecorded      = "recorded"
	EventMessage       = "message"
	EventReviewMessage = "review_message"
	EventVote          = "vote"
	EventApprove       = "approve"
	EventReject        = "reject"
	EventCorrect       = "correct"
	EventPurge         = "purge"
	EventForget        = "forget"
	EventCuratedAdd    = "curated_add"
	EventCuratedStale  = "curated_stale"
	EventCuratedActive = "curated_reapprove"
	EventCuratedRetire = "curated_retire"
	// EventCuratedDelete: a curated answer made from a question whose
	// asker asked to be forgotten was deleted.
	EventCuratedDelete = "curated_delete"
	// EventReopen: a moderator reopened a decision; the answer waits for
	// a new one.
	EventReopen = "reopen"
)

// maxChanges caps one Changes call; a poller simply asks again from the last
// Seq it saw.
const maxChanges = 500

// Change is one entry of the append-only audit log, which is also the change
// feed a running bot polls to pick up actions taken elsewhere (the CLI).
type Change struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	AnswerID  int64     `json:"answer_id,omitempty"`
	CuratedID int64     `json:"curated_id,omitempty"`
	// Actor is the pseudonymous id of who acted (a moderator); empty for
	// changes made by the system or by citizens.
	Actor string `json:"actor,omitempty"`
	// Before and After are the answer (or curated answer) status around
	// the change.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Detail holds what changed besides the status: the reason of a
	// rejection, the text before and after a correction, a vote. Retention
	// and forget-me clear it.
	Detail map[string]string `json:"detail,omitempty"`
}

type event struct {
	// At is when it happened; zero means now.
	At        time.Time
	Kind      string
	AnswerID  int64
	CuratedID int64
	Actor     string
	Before    string
	After     string
	Detail    map[string]string
}

func (s *SQLite) appendEvent(ctx context.Context, tx *sql.Tx, e event) error {
	var detail sql.NullString
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("encode event detail: %w", err)
		}
		detail = sql.NullString{String: string(b), Valid: true}
	}
	at := s.millis()
	if !e.At.IsZero() {
		at = e.At.UnixMilli()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO events (at, kind, answer_id, curated_id, actor_hash,
		before_status, after_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		at, e.Kind, nullInt(e.AnswerID), nullInt(e.CuratedID), nullString(e.Actor),
		e.Before, e.After, detail)
	if err != nil {
		return fmt.Errorf("append %s event: %w", e.Kind, err)
	}
	return nil
}

// Changes returns up to 500 changes with a sequence number above afterSeq,
// oldest first. A poller passes the Seq of the last change it handled.
func (s *SQLite) Changes(ctx context.Context, afterSeq int64) ([]Change, error) {
	cs, err := s.queryChanges(ctx, `WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, maxChanges)
	if err != nil {
		return nil, fmt.Errorf("review: changes after %d: %w", afterSeq, err)
	}
	return cs, nil
}

// Audit returns every change recorded for one answer, oldest first.
func (s *SQLite) Audit(ctx context.Context, answerID int64) ([]Change, error) {
	cs, err := s.queryChanges(ctx, `WHERE answer_id = ? ORDER BY seq`, answerID)
	if err != nil {
		return nil, fmt.Errorf("review: audit answer %d: %w", answerID, err)
	}
	return cs, nil
}

// LatestSeq returns the sequence number of the newest change (0 when there
// is none), so that a bot starting up can follow only what happens next.
func (s *SQLite) LatestSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("review: latest change: %w", err)
	}
	return seq, nil
}

func (s *SQLite) queryChanges(ctx context.Context, where string, args ...any) ([]Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, kind, answer_id, curated_id, actor_hash,
		before_status, after_status, detail FROM events `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var (
			c                 Change
			at                int64
			answerID, curated sql.NullInt64
			actor, detail     sql.NullString
		)
		if err := rows.Scan(&c.Seq, &at, &c.Kind, &answerID, &curated, &actor, &c.Before, &c.After, &detail); err != nil {
			return nil, err
		}
		c.At, c.AnswerID, c.CuratedID, c.Actor = fromMillis(at), answerID.Int64, curated.Int64, actor.String
		if detail.Valid {
			if err := json.Unmarshal([]byte(detail.String), &c.Detail); err != nil {
				return nil, fmt.Errorf("decode detail of change %d: %w", c.Seq, err)
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func nullInt(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }
