package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pactbot/cite"
)

// PassageRef is a retrieved passage an answer stood on, with its score.
type PassageRef struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Record is one answer as recorded: where it was asked, by whom
// (pseudonymously), what was answered from which sources, and what
// moderators and retention have done to it since.
type Record struct {
	ID        int64     `json:"id"`
	CreatedAt time.Time `json:"created_at"`

	GuildID       string `json:"guild_id,omitempty"`
	ChannelID     string `json:"channel_id,omitempty"`
	MessageID     string `json:"message_id,omitempty"`
	ThreadID      string `json:"thread_id,omitempty"`
	InteractionID string `json:"interaction_id,omitempty"`
	// UserHash is the asker's pseudonymous id (see Pseudonymizer), never the
	// raw Discord id. Empty once purged or forgotten.
	UserHash string `json:"user_hash,omitempty"`

	// Question and Answer are stored with personal data masked (MaskPII).
	// Both are empty once purged or forgotten.
	Question string `json:"question"`
	Answer   string `json:"answer"`

	Mode             string          `json:"mode"`
	Model            string          `json:"model,omitempty"`
	PromptVersion    string          `json:"prompt_version,omitempty"`
	IndexFingerprint string          `json:"index_fingerprint,omitempty"`
	Citations        []cite.Citation `json:"citations"`
	Passages         []PassageRef    `json:"passages"`
	LatencyMS        int64           `json:"latency_ms"`
	Grounded         bool            `json:"grounded"`
	TopScore         float64         `json:"top_score"`
	// PII is set when the question or answer contained personal data, which
	// was masked before storing.
	PII bool `json:"pii"`

	// Status is one of the Status* constants; RecordAnswer defaults it to
	// StatusPublished (use StatusPending for pre-moderation).
	Status string `json:"status"`
	// ModeratorHash, DecidedAt, Reason and CorrectedText describe the
	// moderator decision, if any.
	ModeratorHash string    `json:"moderator,omitempty"`
	DecidedAt     time.Time `json:"decided_at,omitzero"`
	Reason        string    `json:"reason,omitempty"`
	CorrectedText string    `json:"corrected_text,omitempty"`

	ReviewChannelID string `json:"review_channel_id,omitempty"`
	ReviewMessageID string `json:"review_message_id,omitempty"`
	// PurgedAt is when retention or forget-me removed the personal fields.
	PurgedAt time.Time `json:"purged_at,omitzero"`
}

func validStatus(status string) bool {
	switch status {
	case StatusPending, StatusPublished, StatusApproved, StatusRejected, StatusCorrected:
		return true
	}
	return false
}

// RecordAnswer stores r and returns its id; r.ID and r.CreatedAt (when zero)
// are filled in too. Personal data in the question and answer is masked
// before it reaches the disk, and r.PII reports whether any was found. The
// record is committed with a full sync before RecordAnswer returns, so a
// crash afterwards loses nothing.
func (s *SQLite) RecordAnswer(ctx context.Context, r *Record) (int64, error) {
	if r.Status == "" {
		r.Status = StatusPublished
	}
	if !validStatus(r.Status) {
		return 0, fmt.Errorf("review: record answer: unknown status %q", r.Status)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt = fromMillis(r.CreatedAt.UnixMilli())
	if q := MaskPII(r.Question); q != r.Question {
		r.Question, r.PII = q, true
	}
	if a := MaskPII(r.Answer); a != r.Answer {
		r.Answer, r.PII = a, true
	}
	cites, err := json.Marshal(nonNil(r.Citations))
	if err != nil {
		return 0, fmt.Errorf("review: record answer: citations: %w", err)
	}
	passages, err := json.Marshal(nonNil(r.Passages))
	if err != nil {
		return 0, fmt.Errorf("review: record answer: passages: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO answers (created_at, guild_id, channel_id, message_id,
			thread_id, interaction_id, user_hash, question, answer, mode, model, prompt_version,
			index_fingerprint, citations, passages, latency_ms, grounded, top_score, pii, status,
			review_channel_id, review_message_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.CreatedAt.UnixMilli(), r.GuildID, r.ChannelID, r.MessageID, r.ThreadID, r.InteractionID,
			nullString(r.UserHash), r.Question, r.Answer, r.Mode, r.Model, r.PromptVersion,
			r.IndexFingerprint, string(cites), string(passages), r.LatencyMS, r.Grounded, r.TopScore,
			r.PII, r.Status, r.ReviewChannelID, r.ReviewMessageID)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := addMessage(ctx, tx, r.ID, r.ChannelID, r.MessageID, 0); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, event{At: r.CreatedAt, Kind: EventRecorded, AnswerID: r.ID, After: r.Status})
	})
	if err != nil {
		r.ID = 0
		return 0, fmt.Errorf("review: record answer: %w", err)
	}
	return r.ID, nil
}

// SetMessage records where the public answer was posted (or moved: a thread,
// or the message published on approval). The message is also kept among
// the answer's messages (see AddMessages), so that forget-me deletes it
// even after it was replaced. It appends an EventMessage change.
func (s *SQLite) SetMessage(ctx context.Context, id int64, channelID, messageID string) error {
	return s.setIDs(ctx, id, EventMessage, `UPDATE answers SET channel_id = ?, message_id = ? WHERE id = ?`,
		channelID, messageID)
}

// SetReviewMessage records the review-channel message that shows the answer
// to moderators, so that later changes can edit it.
func (s *SQLite) SetReviewMessage(ctx context.Context, id int64, channelID, messageID string) error {
	return s.setIDs(ctx, id, EventReviewMessage,
		`UPDATE answers SET review_channel_id = ?, review_message_id = ? WHERE id = ?`, channelID, messageID)
}

func (s *SQLite) setIDs(ctx context.Context, id int64, kind, query, channelID, messageID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, channelID, messageID, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotFound
		}
		if kind == EventMessage {
			if err := addMessage(ctx, tx, id, channelID, messageID, 0); err != nil {
				return err
			}
		}
		return s.appendEvent(ctx, tx, event{Kind: kind, AnswerID: id})
	})
	if err != nil {
		return fmt.Errorf("review: %s answer %d: %w", kind, id, err)
	}
	return nil
}

// Get returns the answer with the given id, or an error wrapping ErrNotFound.
func (s *SQLite) Get(ctx context.Context, id int64) (*Record, error) {
	r, err := scanRecord(s.db.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM answers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("review: get answer %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("review: get answer %d: %w", id, err)
	}
	return r, nil
}

const recordColumns = `id, created_at, guild_id, channel_id, message_id, thread_id, interaction_id,
	user_hash, question, answer, mode, model, prompt_version, index_fingerprint, citations, passages,
	latency_ms, grounded, top_score, pii, status, moderator_hash, decided_at, reason, corrected_text,
	review_channel_id, review_message_id, purged_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanRecord(row rowScanner) (*Record, error) {
	var (
		r                            Record
		created                      int64
		user, question, answerText   sql.NullString
		moderator, reason, corrected sql.NullString
		cites, passages              string
		decided, purged              sql.NullInt64
	)
	err := row.Scan(&r.ID, &created, &r.GuildID, &r.ChannelID, &r.MessageID, &r.ThreadID, &r.InteractionID,
		&user, &question, &answerText, &r.Mode, &r.Model, &r.PromptVersion, &r.IndexFingerprint, &cites,
		&passages, &r.LatencyMS, &r.Grounded, &r.TopScore, &r.PII, &r.Status, &moderator, &decided,
		&reason, &corrected, &r.ReviewChannelID, &r.ReviewMessageID, &purged)
	if err != nil {
		return nil, err
	}
	r.CreatedAt = fromMillis(created)
	r.UserHash, r.Question, r.Answer = user.String, question.String, answerText.String
	r.ModeratorHash, r.Reason, r.CorrectedText = moderator.String, reason.String, corrected.String
	r.DecidedAt, r.PurgedAt = nullMillis(decided), nullMillis(purged)
	if err := json.Unmarshal([]byte(cites), &r.Citations); err != nil {
		return nil, fmt.Errorf("decode citations of answer %d: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(passages), &r.Passages); err != nil {
		return nil, fmt.Errorf("decode passages of answer %d: %w", r.ID, err)
	}
	return &r, nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
