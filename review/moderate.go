package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrAlreadyDecided is matched (errors.Is) by the error a moderator action
// returns when another moderator decided on the answer first; errors.As with
// *AlreadyDecidedError gives that first decision.
var ErrAlreadyDecided = errors.New("review: answer already decided")

// Decision is a moderator's verdict on an answer.
type Decision struct {
	Status        string    `json:"status"`
	ModeratorHash string    `json:"moderator"`
	At            time.Time `json:"at"`
	Reason        string    `json:"reason,omitempty"`
	CorrectedText string    `json:"corrected_text,omitempty"`
}

// AlreadyDecidedError reports the decision that was taken first.
type AlreadyDecidedError struct {
	AnswerID int64
	First    Decision
}

// Error says who decided what and when, by pseudonymous id.
func (e *AlreadyDecidedError) Error() string {
	msg := fmt.Sprintf("review: answer %d already %s", e.AnswerID, e.First.Status)
	if e.First.ModeratorHash != "" {
		msg += " by " + e.First.ModeratorHash
	}
	if !e.First.At.IsZero() {
		msg += " at " + e.First.At.Format(time.RFC3339)
	}
	return msg
}

// Is makes errors.Is(err, ErrAlreadyDecided) true.
func (e *AlreadyDecidedError) Is(target error) bool { return target == ErrAlreadyDecided }

// Approve marks a pending or published answer approved. In pre-moderation
// the caller then publishes it (and calls SetMessage).
func (s *Store) Approve(ctx context.Context, id int64, moderatorHash string) error {
	return s.decide(ctx, id, Decision{Status: StatusApproved, ModeratorHash: moderatorHash})
}

// Reject marks a pending or published answer rejected, with the reason the
// moderator gave (personal data masked: reasons tend to quote the asker).
func (s *Store) Reject(ctx context.Context, id int64, moderatorHash, reason string) error {
	return s.decide(ctx, id, Decision{Status: StatusRejected, ModeratorHash: moderatorHash,
		Reason: MaskPII(strings.TrimSpace(reason))})
}

// Correct replaces the text of a pending or published answer with the
// moderator's text (personal data masked) and marks it corrected. Turning
// the correction into a curated answer is a separate AddCurated call,
// because only the caller knows the fingerprints of the cited documents.
func (s *Store) Correct(ctx context.Context, id int64, moderatorHash, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return fmt.Errorf("review: correct answer %d: empty text", id)
	}
	return s.decide(ctx, id, Decision{Status: StatusCorrected, ModeratorHash: moderatorHash, CorrectedText: MaskPII(text)})
}

// decide applies d as a compare-and-set on the answer's status inside one
// immediate transaction: only an undecided (pending or published) answer can
// be decided, so of two moderators acting at once exactly one wins.
func (s *Store) decide(ctx context.Context, id int64, d Decision) error {
	if d.ModeratorHash == "" {
		return fmt.Errorf("review: %s answer %d: empty moderator", eventFor(d.Status), id)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := currentDecision(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != StatusPending && before.Status != StatusPublished {
			return &AlreadyDecidedError{AnswerID: id, First: before.Decision}
		}
		d.At = fromMillis(s.millis())
		_, err = tx.ExecContext(ctx, `UPDATE answers SET status = ?, moderator_hash = ?, decided_at = ?,
			reason = ?, corrected_text = ? WHERE id = ? AND status IN ('pending', 'published')`,
			d.Status, d.ModeratorHash, d.At.UnixMilli(), nullString(d.Reason), nullString(d.CorrectedText), id)
		if err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, event{At: d.At, Kind: eventFor(d.Status), AnswerID: id, Actor: d.ModeratorHash,
			Before: before.Status, After: d.Status, Detail: decisionDetail(before.answer, d)})
	})
	if err != nil {
		var already *AlreadyDecidedError
		if errors.As(err, &already) {
			return already
		}
		return fmt.Errorf("review: %s answer %d: %w", eventFor(d.Status), id, err)
	}
	return nil
}

// eventFor names the audit event of a decision status.
func eventFor(status string) string {
	switch status {
	case StatusApproved:
		return EventApprove
	case StatusRejected:
		return EventReject
	case StatusCorrected:
		return EventCorrect
	}
	return status
}

type decisionState struct {
	Decision
	answer string
}

func currentDecision(ctx context.Context, tx *sql.Tx, id int64) (decisionState, error) {
	var (
		st                                    decisionState
		moderator, reason, corrected, answerT sql.NullString
		decided                               sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `SELECT status, moderator_hash, decided_at, reason, corrected_text, answer
		FROM answers WHERE id = ?`, id).Scan(&st.Status, &moderator, &decided, &reason, &corrected, &answerT)
	if errors.Is(err, sql.ErrNoRows) {
		return st, ErrNotFound
	}
	if err != nil {
		return st, err
	}
	st.ModeratorHash, st.Reason, st.CorrectedText = moderator.String, reason.String, corrected.String
	st.At, st.answer = nullMillis(decided), answerT.String
	return st, nil
}

// decisionDetail is what the audit log keeps besides the status change: the
// reason of a rejection, or the text before and after a correction.
func decisionDetail(before string, d Decision) map[string]string {
	switch d.Status {
	case StatusRejected:
		return map[string]string{"reason": d.Reason}
	case StatusCorrected:
		return map[string]string{"before": before, "after": d.CorrectedText}
	}
	return nil
}
