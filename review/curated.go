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
	// SourceUserHash is the pseudonymous id of whoever asked the question
	// it was made from, so that forget-me removes it; retention clears it.
	// Set by the store from the source answer, and never exported.
	SourceUserHash string `json:"-"`
	// CorpusFingerprint is the fingerprint of the corpus the answer was
	// checked against (corpus.Corpus.Fingerprint).
	CorpusFingerprint string `json:"corpus_fingerprint,omitempty"`
	// Moderator is the pseudonymous id of the moderator who approved it.
	Moderator string    `json:"moderator"`
	Status    string    `json:"status"`
	StaleAt   time.Time `json:"stale_at,omitzero"`
}

// AddCurated stores c as an active curated answer (personal data in the
// question and answer masked) and returns its id. The asker of the source
// answer is remembered, so that forgetting them removes it too.
func (s *SQLite) AddCurated(ctx context.Context, c Curated) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.addCurated(ctx, tx, c)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("review: add curated: %w", err)
	}
	return id, nil
}

func (s *SQLite) addCurated(ctx context.Context, tx *sql.Tx, c Curated) (int64, error) {
	c.Question, c.Answer = MaskPII(strings.TrimSpace(c.Question)), MaskPII(strings.TrimSpace(c.Answer))
	if c.Question == "" || c.Answer == "" {
		return 0, errors.New("empty question or answer")
	}
	cites, err := json.Marshal(nonNil(c.Citations))
	if err != nil {
		return 0, fmt.Errorf("citations: %w", err)
	}
	fps, err := json.Marshal(nonNilMap(c.DocFingerprints))
	if err != nil {
		return 0, fmt.Errorf("fingerprints: %w", err)
	}
	user := sql.NullString{String: c.SourceUserHash, Valid: c.SourceUserHash != ""}
	if c.SourceAnswerID != 0 && !user.Valid {
		err := tx.QueryRowContext(ctx, `SELECT user_hash FROM answers WHERE id = ?`, c.SourceAnswerID).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("source answer %d: %w", c.SourceAnswerID, ErrNotFound)
		}
		if err != nil {
			return 0, err
		}
	}
	now := s.millis()
	res, err := tx.ExecContext(ctx, `INSERT INTO curated (created_at, updated_at, question, answer, citations,
		doc_fingerprints, source_answer_id, source_user_hash, corpus_fingerprint, moderator_hash, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
		now, now, c.Question, c.Answer, string(cites), string(fps), nullInt(c.SourceAnswerID), user,
		c.CorpusFingerprint, c.Moderator)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, s.appendEvent(ctx, tx, event{Kind: EventCuratedAdd, CuratedID: id, AnswerID: c.SourceAnswerID,
		Actor: c.Moderator, After: CuratedActive})
}

// GetCurated returns one curated answer, or an error wrapping ErrNotFound.
func (s *SQLite) GetCurated(ctx context.Context, id int64) (*Curated, error) {
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
func (s *SQLite) ListCurated(ctx context.Context) ([]*Curated, error) {
	cs, err := s.queryCurated(ctx, `ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("review: list curated: %w", err)
	}
	return cs, nil
}

// MarkStale stops a curated answer from being served until it is
// re-approved. Marking a stale answer again is a no-op.
func (s *SQLite) MarkStale(ctx context.Context, id int64) error {
	return s.setCuratedStatus(ctx, id, CuratedStale, "", nil, "")
}

// ReapproveCurated makes a curated answer active again after a moderator
// checked it against the current documents, whose fingerprints replace the
// recorded ones (nil keeps them), as does the corpus fingerprint (empty
// keeps it). Workflow.Reapprove checks first that every cited document is
// still there.
func (s *SQLite) ReapproveCurated(ctx context.Context, id int64, moderatorHash string, fingerprints map[string]string,
	corpus string) error {
	if moderatorHash == "" {
		return fmt.Errorf("review: reapprove curated %d: empty moderator", id)
	}
	return s.setCuratedStatus(ctx, id, CuratedActive, moderatorHash, fingerprints, corpus)
}

// RetireCurated stops a curated answer from being served for good.
func (s *SQLite) RetireCurated(ctx context.Context, id int64, moderatorHash string) error {
	return s.setCuratedStatus(ctx, id, CuratedRetired, moderatorHash, nil, "")
}

// CheckCurated compares the fingerprints recorded with each active curated
// answer against current (document id → fingerprint). Answers citing a
// document that changed or disappeared are marked stale and returned, so
// the caller can flag them to moderators.
func (s *SQLite) CheckCurated(ctx context.Context, current map[string]string) ([]*Curated, error) {
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

func (s *SQLite) setCuratedStatus(ctx context.Context, id int64, status, actor string, fps map[string]string,
	corpus string) error {
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
		if corpus != "" {
			q += `, corpus_fingerprint = ?`
			args = append(args, corpus)
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

func (s *SQLite) queryCurated(ctx context.Context, rest string, args ...any) ([]*Curated, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, created_at, updated_at, question, answer, citations,
		doc_fingerprints, source_answer_id, source_user_hash, corpus_fingerprint, moderator_hash, status, stale_at
		FROM curated `+rest, args...)
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
			user             sql.NullString
		)
		if err := rows.Scan(&c.ID, &created, &updated, &c.Question, &c.Answer, &cites, &fps, &source, &user,
			&c.CorpusFingerprint, &c.Moderator, &c.Status, &staleAt); err != nil {
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt, c.StaleAt = fromMillis(created), fromMillis(updated), nullMillis(staleAt)
		c.SourceAnswerID, c.SourceUserHash = source.Int64, user.String
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
