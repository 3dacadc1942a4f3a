package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"pactbot/cite"
)

// Curated answer statuses. Only active ones may be served.
const (
	CuratedActive  = "active"
	CuratedStale   = "stale"
	CuratedRetired = "retired"
)

// Curated is a moderator-reviewed answer to a question, served instead of a
// fresh answer when a new question matches it closely.
type Curated struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Question  string    `json:"question"`
	Answer    string    `json:"answer"`
	// Citations are the sources of the answer, as in the original answer.
	Citations []cite.Citation `json:"citations"`
	// DocFingerprints maps each cited document id to its fingerprint when
	// the answer was approved; a change means the answer may be out of date.
	DocFingerprints map[string]string `json:"doc_fingerprints"`
	// SourceAnswerID is the answer it was made from (0 if none or forgotten).
	SourceAnswerID int64 `json:"source_answer_id,omitempty"`
	// Moderator is the pseudonymous id of the moderator who approved it.
	Moderator string    `json:"moderator"`
	Status    string    `json:"status"`
	StaleAt   time.Time `json:"stale_at,omitzero"`
}

// AddCurated stores c as an active curated answer (personal data in the
// question and answer masked) and returns its id.
func (s *Store) AddCurated(ctx context.Context, c Curated) (int64, error) {
	c.Question, c.Answer = MaskPII(strings.TrimSpace(c.Question)), MaskPII(strings.TrimSpace(c.Answer))
	if c.Question == "" || c.Answer == "" {
		return 0, fmt.Errorf("review: add curated: empty question or answer")
	}
	cites, err := json.Marshal(nonNil(c.Citations))
	if err != nil {
		return 0, fmt.Errorf("review: add curated: citations: %w", err)
	}
	fps, err := json.Marshal(nonNilMap(c.DocFingerprints))
	if err != nil {
		return 0, fmt.Errorf("review: add curated: fingerprints: %w", err)
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.millis()
		res, err := tx.ExecContext(ctx, `INSERT INTO curated (created_at, updated_at, question, answer, citations,
			doc_fingerprints, source_answer_id, moderator_hash, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
			now, now, c.Question, c.Answer, string(cites), string(fps), nullInt(c.SourceAnswerID), c.Moderator)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, event{Kind: EventCuratedAdd, CuratedID: id, AnswerID: c.SourceAnswerID,
			Actor: c.Moderator, After: CuratedActive})
	})
	if err != nil {
		return 0, fmt.Errorf("review: add curated: %w", err)
	}
	return id, nil
}

// GetCurated returns one curated answer, or an error wrapping ErrNotFound.
func (s *Store) GetCurated(ctx context.Context, id int64) (*Curated, error) {
	cs, err := s.queryCurated(ctx, `WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("review: get curated %d: %w", id, err)
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("review: get curated %d: %w", id, ErrNotFound)
	}
	return cs[0], nil
}

// ListCurated returns every curated answer, whatever its status, by id.
func (s *Store) ListCurated(ctx context.Context) ([]*Curated, error) {
	cs, err := s.queryCurated(ctx, `ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("review: list curated: %w", err)
	}
	return cs, nil
}

// MarkStale stops a curated answer from being served until it is
// re-approved. Marking a stale answer again is a no-op.
func (s *Store) MarkStale(ctx context.Context, id int64) error {
	return s.setCuratedStatus(ctx, id, CuratedStale, "", nil)
}

// ReapproveCurated makes a curated answer active again after a moderator
// checked it against the current documents, whose fingerprints replace the
// recorded ones (nil keeps them).
func (s *Store) ReapproveCurated(ctx context.Context, id int64, moderatorHash string, fingerprints map[string]string) error {
	if moderatorHash == "" {
		return fmt.Errorf("review: reapprove curated %d: empty moderator", id)
	}
	return s.setCuratedStatus(ctx, id, CuratedActive, moderatorHash, fingerprints)
}

// RetireCurated stops a curated answer from being served for good.
func (s *Store) RetireCurated(ctx context.Context, id int64, moderatorHash string) error {
	return s.setCuratedStatus(ctx, id, CuratedRetired, moderatorHash, nil)
}

// CheckCurated compares the fingerprints recorded with each active curated
// answer against current (document id → fingerprint). Answers citing a
// document that changed or disappeared are marked stale and returned, so
// the caller can flag them to moderators.
func (s *Store) CheckCurated(ctx context.Context, current map[string]string) ([]*Curated, error) {
	active, err := s.queryCurated(ctx, `WHERE status = 'active' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("review: check curated: %w", err)
	}
	var stale []*Curated
	for _, c := range active {
		if !outdated(c.DocFingerprints, current) {
			continue
		}
		if err := s.MarkStale(ctx, c.ID); err != nil {
			return nil, err
		}
		c.Status = CuratedStale
		stale = append(stale, c)
	}
	return stale, nil
}

func outdated(recorded, current map[string]string) bool {
	for doc, fp := range recorded {
		if current[doc] != fp {
			return true
		}
	}
	return false
}

func (s *Store) setCuratedStatus(ctx context.Context, id int64, status, actor string, fps map[string]string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, `SELECT status FROM curated WHERE id = ?`, id).Scan(&before)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || before == status {
			return err
		}
		now := s.millis()
		q := `UPDATE curated SET status = ?, updated_at = ?, stale_at = CASE WHEN ? = 'stale' THEN ? ELSE NULL END`
		args := []any{status, now, status, now}
		if fps != nil {
			b, err := json.Marshal(fps)
			if err != nil {
				return err
			}
			q += `, doc_fingerprints = ?`
			args = append(args, string(b))
		}
		if actor != "" && status == CuratedActive {
			q += `, moderator_hash = ?`
			args = append(args, actor)
		}
		if _, err := tx.ExecContext(ctx, q+` WHERE id = ?`, append(args, id)...); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, event{Kind: curatedEvent(status), CuratedID: id, Actor: actor,
			Before: before, After: status})
	})
	if err != nil {
		return fmt.Errorf("review: set curated %d %s: %w", id, status, err)
	}
	return nil
}

func curatedEvent(status string) string {
	switch status {
	case CuratedStale:
		return EventCuratedStale
	case CuratedRetired:
		return EventCuratedRetire
	}
	return EventCuratedActive
}

func (s *Store) queryCurated(ctx context.Context, rest string, args ...any) ([]*Curated, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, created_at, updated_at, question, answer, citations,
		doc_fingerprints, source_answer_id, moderator_hash, status, stale_at FROM curated `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Curated
	for rows.Next() {
		var (
			c                Curated
			created, updated int64
			cites, fps       string
			source, staleAt  sql.NullInt64
		)
		if err := rows.Scan(&c.ID, &created, &updated, &c.Question, &c.Answer, &cites, &fps, &source,
			&c.Moderator, &c.Status, &staleAt); err != nil {
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt, c.StaleAt = fromMillis(created), fromMillis(updated), nullMillis(staleAt)
		c.SourceAnswerID = source.Int64
		if err := json.Unmarshal([]byte(cites), &c.Citations); err != nil {
			return nil, fmt.Errorf("decode citations of curated %d: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(fps), &c.DocFingerprints); err != nil {
			return nil, fmt.Errorf("decode fingerprints of curated %d: %w", c.ID, err)
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
