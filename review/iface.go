package review

import (
	"context"
	"io"
	"time"
)

// Store is the answer record as the workflow and the front ends use it.
// *SQLite is the implementation (one file, several processes on one
// machine); a second one (PostgreSQL, for many processes) implements the
// same methods with the same guarantees:
//
//   - every write is committed before its method returns, and each one
//     that changes an answer's status or a curated answer appends its
//     Change to the feed in the same transaction;
//   - decisions are compare-and-set on the status (of two moderators, one
//     wins; the other gets an *AlreadyDecidedError);
//   - CorrectAndCurate stores the correction and the curated answer
//     together or not at all;
//   - Forget and Purge leave no removed text readable in the backing
//     storage, and queue what the front end must still delete.
type Store interface {
	RecordAnswer(ctx context.Context, r *Record) (int64, error)
	SetMessage(ctx context.Context, id int64, channelID, messageID string) error
	AddMessages(ctx context.Context, answerID int64, channelID string, messageIDs ...string) error
	SetReviewMessage(ctx context.Context, id int64, channelID, messageID string) error
	Get(ctx context.Context, id int64) (*Record, error)
	List(ctx context.Context, f Filter) ([]*Record, error)
	Messages(ctx context.Context, answerID int64) ([]Message, error)

	Vote(ctx context.Context, answerID int64, userHash, vote string) error
	Votes(ctx context.Context, answerID int64) (VoteCounts, error)
	UserVote(ctx context.Context, answerID int64, userHash string) (string, error)

	Approve(ctx context.Context, id int64, moderatorHash string) error
	Reject(ctx context.Context, id int64, moderatorHash, reason string) error
	CorrectAndCurate(ctx context.Context, id int64, moderatorHash, text string, cur *Curated) (int64, error)
	Reopen(ctx context.Context, id int64, moderatorHash, reason string) (Reopened, error)

	AddCurated(ctx context.Context, c Curated) (int64, error)
	GetCurated(ctx context.Context, id int64) (*Curated, error)
	ListCurated(ctx context.Context) ([]*Curated, error)
	CheckCurated(ctx context.Context, current map[string]string) ([]*Curated, error)
	ReapproveCurated(ctx context.Context, id int64, moderatorHash string, fingerprints map[string]string, corpus string) error
	RetireCurated(ctx context.Context, id int64, moderatorHash string) error
	SetServedCorpus(ctx context.Context, fingerprint string) error
	ServedCorpus(ctx context.Context) (string, time.Time, error)

	Changes(ctx context.Context, afterSeq int64) ([]Change, error)
	Audit(ctx context.Context, answerID int64) ([]Change, error)
	LatestSeq(ctx context.Context) (int64, error)
	NeedsAttention(ctx context.Context, now time.Time, heldFor time.Duration) ([]Attention, error)

	Purge(ctx context.Context, olderThan time.Time) (PurgeResult, error)
	PurgeDryRun(ctx context.Context, olderThan time.Time) (PurgeResult, error)
	Forget(ctx context.Context, userHash string) (ForgetResult, error)
	UserMessages(ctx context.Context, userHash string) ([]Cleanup, error)
	PendingCleanups(ctx context.Context) ([]Cleanup, error)
	CleanupsDone(ctx context.Context, ids ...int64) error

	Stats(ctx context.Context, since time.Time) (Stats, error)
	Export(ctx context.Context, w io.Writer, format string, since time.Time) error
	Close() error
}

var _ Store = (*SQLite)(nil)
