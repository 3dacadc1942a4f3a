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

// ErrNotDecided is returned when a decision is reopened on an answer that
// has none.
var ErrNotDecided = errors.New("review: answer not decided")

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
func (s *SQLite) Approve(ctx context.Context, id int64, moderatorHash string) error {
	return s.decide(ctx, id, Decision{Status: StatusApproved, ModeratorHash: moderatorHash})
}

// Reject marks a pending or published answer rejected, with the reason the
// moderator gave (personal data masked: reasons tend to quote the asker).
func (s *SQLite) Reject(ctx context.Context, id int64, moderatorHash, reason string) error {
	return s.decide(ctx, id, Decision{Status: StatusRejected, ModeratorHash: moderatorHash,
		Reason: MaskPII(strings.TrimSpace(reason))})
}

// Correct replaces the text of a pending or published answer with the
// moderator's text (personal data masked) and marks it corrected, without
// making a curated answer (see CorrectAndCurate).
func (s *SQLite) Correct(ctx context.Context, id int64, moderatorHash, text string) error {
	_, err := s.CorrectAndCurate(ctx, id, moderatorHash, text, nil)
	return err
}

// CorrectAndCurate corrects an answer as Correct does and, when cur is not
// nil, stores cur as the curated answer made from it (its Answer is the
// corrected text as stored, its SourceAnswerID the answer), in one
// transaction: either both are stored or neither. It returns the curated
// answer's id (0 when cur is nil).
func (s *SQLite) CorrectAndCurate(ctx context.Context, id int64, moderatorHash, text string, cur *Curated) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, fmt.Errorf("review: correct answer %d: empty text", id)
	}
	d := Decision{Status: StatusCorrected, ModeratorHash: moderatorHash, CorrectedText: MaskPII(text)}
	var curatedID int64
	err := s.decide(ctx, id, d, func(tx *sql.Tx) error {
		if cur == nil {
			return nil
		}
		c := *cur
		c.Answer, c.SourceAnswerID, c.Moderator = d.CorrectedText, id, moderatorHash
		var err error
		if curatedID, err = s.addCurated(ctx, tx, c); err != nil {
			return fmt.Errorf("make curated answer: %w", err)
		}
		return nil
	})
	return curatedID, err
}

// Reopened is what Reopen did.
type Reopened struct {
	// Before is the decision reopened; After the status the answer has
	// now: published when it was approved (it is public as answered),
	// pending otherwise (a rejected answer is down, a corrected one shows
	// the correction being reconsidered).
	Before, After string
	// RetiredCurated are the curated answers made from a reopened
	// correction, retired so that they are no longer served.
	RetiredCurated []int64
}

// Reopen takes back the decision on an answer, so that a moderator can
// decide again: the answer returns to published (if it was approved) or
// pending, the decision fields are cleared (the audit log keeps them, with
// the moderator who reopened it and why), and curated answers made from a
// correction are retired. Reopening an undecided answer fails with
// ErrNotDecided.
func (s *SQLite) Reopen(ctx context.Context, id int64, moderatorHash, reason string) (Reopened, error) {
	var out Reopened
	if moderatorHash == "" {
		return out, fmt.Errorf("review: reopen answer %d: empty moderator", id)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := currentDecision(ctx, tx, id)
		if err != nil {
			return err
		}
		switch before.Status {
		case StatusApproved:
			out.After = StatusPublished
		case StatusRejected, StatusCorrected:
			out.After = StatusPending
		default:
			return ErrNotDecided
		}
		out.Before = before.Status
		if _, err := tx.ExecContext(ctx, `UPDATE answers SET status = ?, moderator_hash = NULL, decided_at = NULL,
			reason = NULL, corrected_text = NULL WHERE id = ?`, out.After, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM curated WHERE source_answer_id = ? AND status != 'retired'
			ORDER BY id`, id)
		if err != nil {
			return err
		}
		if out.RetiredCurated, err = scanIDs(rows); err != nil {
			return err
		}
		for _, cid := range out.RetiredCurated {
			if _, err := tx.ExecContext(ctx, `UPDATE curated SET status = 'retired', updated_at = ?, stale_at = NULL
				WHERE id = ?`, s.millis(), cid); err != nil {
				return err
			}
			if err := s.appendEvent(ctx, tx, event{Kind: EventCuratedRetire, CuratedID: cid, AnswerID: id,
				Actor: moderatorHash, After: CuratedRetired}); err != nil {
				return err
			}
		}
		detail := map[string]string{"decided_by": before.ModeratorHash}
		if r := MaskPII(strings.TrimSpace(reason)); r != "" {
			detail["reason"] = r
		}
		return s.appendEvent(ctx, tx, event{Kind: EventReopen, AnswerID: id, Actor: moderatorHash,
			Before: before.Status, After: out.After, Detail: detail})
	})
	if err != nil {
		return Reopened{}, fmt.Errorf("review: reopen answer %d: %w", id, err)
	}
	return out, nil
}

// decide applies d as a compare-and-set on the answer's status inside one
// immediate transaction: only an undecided (pending or published) answer can
// be decided, so of two moderators acting at once exactly one wins. also,
// when given, runs in the same transaction after the decision is written;
// an error from it undoes the decision.
func (s *SQLite) decide(ctx context.Context, id int64, d Decision, also ...func(*sql.Tx) error) error {
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
		if err := s.appendEvent(ctx, tx, event{At: d.At, Kind: eventFor(d.Status), AnswerID: id, Actor: d.ModeratorHash,
			Before: before.Status, After: d.Status, Detail: decisionDetail(before.answer, d)}); err != nil {
			return err
		}
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		return nil
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
