package review

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// defaultListLimit applies when Filter.Limit is zero.
const defaultListLimit = 100

// Filter selects answers for List.
type Filter struct {
	// Status keeps only answers with this status; empty keeps all.
	Status string
	// Since keeps only answers created at or after it; zero keeps all.
	Since time.Time
	// UserHash keeps only the answers to one (pseudonymous) user.
	UserHash string
	// Limit caps the result (newest first); zero means 100, negative means
	// no limit.
	Limit int
}

// List returns the answers that match f, newest first. Pending answers are
// durable, so List(Filter{Status: StatusPending}) after a restart returns
// every answer still waiting for a moderator.
func (s *SQLite) List(ctx context.Context, f Filter) ([]*Record, error) {
	if f.Status != "" && !validStatus(f.Status) {
		return nil, fmt.Errorf("review: list: unknown status %q", f.Status)
	}
	where, args := f.where()
	limit := f.Limit
	if limit == 0 {
		limit = defaultListLimit
	}
	rs, err := s.queryRecords(ctx, where+` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("review: list: %w", err)
	}
	return rs, nil
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Status != "" {
		conds = append(conds, "status = ?")
		args = append(args, f.Status)
	}
	if f.UserHash != "" {
		conds = append(conds, "user_hash = ?")
		args = append(args, f.UserHash)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "created_at >= ?")
		args = append(args, f.Since.UnixMilli())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (s *SQLite) queryRecords(ctx context.Context, rest string, args ...any) ([]*Record, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+recordColumns+` FROM answers`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
