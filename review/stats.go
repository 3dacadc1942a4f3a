package review

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// topQuestions is how many questions Stats lists per ranking.
const topQuestions = 10

// Stats summarises the answers created since a point in time. Percentages
// are 0–100 and 0 when their denominator is.
type Stats struct {
	Since time.Time `json:"since,omitzero"`

	Answered    int     `json:"answered"`
	Grounded    int     `json:"grounded"`
	GroundedPct float64 `json:"grounded_pct"`
	// PII counts answers whose question or answer held personal data.
	PII int `json:"pii"`

	Votes VoteCounts `json:"votes"`
	// HelpfulPct is helpful votes among helpful and not-helpful votes.
	HelpfulPct float64 `json:"helpful_pct"`

	Pending   int `json:"pending"`
	Published int `json:"published"`
	Approved  int `json:"approved"`
	Rejected  int `json:"rejected"`
	Corrected int `json:"corrected"`
	// Reviewed is approved + rejected + corrected: the answers a moderator
	// decided on. The three percentages are shares of it.
	Reviewed     int     `json:"reviewed"`
	ApprovedPct  float64 `json:"approved_pct"`
	RejectedPct  float64 `json:"rejected_pct"`
	CorrectedPct float64 `json:"corrected_pct"`

	MedianLatencyMS int64 `json:"median_latency_ms"`

	// TopUnanswered are the most frequent questions the sources did not
	// cover (not grounded); TopNotHelpful the questions whose answers got
	// the most 👎 and 🚩 votes. Together they are the coverage gaps.
	// Questions removed by retention no longer appear.
	TopUnanswered []QuestionCount `json:"top_unanswered"`
	TopNotHelpful []QuestionCount `json:"top_not_helpful"`
}

// QuestionCount is a question (compared case- and space-insensitively) and
// how often it counted.
type QuestionCount struct {
	Question string `json:"question"`
	Count    int    `json:"count"`
	// LastAnswerID is the newest answer to it, for `review show`.
	LastAnswerID int64 `json:"last_answer_id"`
}

// Stats computes the statistics of the answers created at or after since
// (zero: all).
func (s *SQLite) Stats(ctx context.Context, since time.Time) (Stats, error) {
	st := Stats{Since: since}
	steps := []func(context.Context, *Stats, int64) error{
		s.statsCounts, s.statsVotes, s.statsLatency, s.statsTopUnanswered, s.statsTopNotHelpful,
	}
	for _, step := range steps {
		if err := step(ctx, &st, since.UnixMilli()); err != nil {
			return Stats{}, fmt.Errorf("review: stats: %w", err)
		}
	}
	st.GroundedPct = pct(st.Grounded, st.Answered)
	st.HelpfulPct = pct(st.Votes.Helpful, st.Votes.Helpful+st.Votes.NotHelpful)
	st.Reviewed = st.Approved + st.Rejected + st.Corrected
	st.ApprovedPct = pct(st.Approved, st.Reviewed)
	st.RejectedPct = pct(st.Rejected, st.Reviewed)
	st.CorrectedPct = pct(st.Corrected, st.Reviewed)
	return st, nil
}

func (s *SQLite) statsCounts(ctx context.Context, st *Stats, since int64) error {
	return s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(grounded), 0), COALESCE(SUM(pii), 0),
		COALESCE(SUM(status = 'pending'), 0), COALESCE(SUM(status = 'published'), 0),
		COALESCE(SUM(status = 'approved'), 0), COALESCE(SUM(status = 'rejected'), 0),
		COALESCE(SUM(status = 'corrected'), 0)
		FROM answers WHERE created_at >= ?`, since).Scan(&st.Answered, &st.Grounded, &st.PII,
		&st.Pending, &st.Published, &st.Approved, &st.Rejected, &st.Corrected)
}

func (s *SQLite) statsVotes(ctx context.Context, st *Stats, since int64) error {
	return s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(v.vote = 'helpful'), 0),
		COALESCE(SUM(v.vote = 'not_helpful'), 0), COALESCE(SUM(v.vote = 'report'), 0)
		FROM votes v JOIN answers a ON a.id = v.answer_id WHERE a.created_at >= ?`, since).
		Scan(&st.Votes.Helpful, &st.Votes.NotHelpful, &st.Votes.Report)
}

// statsLatency takes the median in SQL (the middle one or two rows of the
// sorted latencies) rather than loading every latency.
func (s *SQLite) statsLatency(ctx context.Context, st *Stats, since int64) error {
	if st.Answered == 0 {
		return nil
	}
	n := st.Answered
	var sum int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(latency_ms), 0) FROM (SELECT latency_ms FROM answers
		WHERE created_at >= ? ORDER BY latency_ms LIMIT ? OFFSET ?)`, since, 2-n%2, (n-1)/2).Scan(&sum)
	if err != nil {
		return err
	}
	st.MedianLatencyMS = sum / int64(2-n%2)
	return nil
}

func (s *SQLite) statsTopUnanswered(ctx context.Context, st *Stats, since int64) error {
	top, err := s.topQuestions(ctx, `SELECT id, question, 1 FROM answers
		WHERE created_at >= ? AND grounded = 0 AND question IS NOT NULL`, since)
	st.TopUnanswered = top
	return err
}

func (s *SQLite) statsTopNotHelpful(ctx context.Context, st *Stats, since int64) error {
	top, err := s.topQuestions(ctx, `SELECT a.id, a.question, COUNT(*) FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE a.created_at >= ? AND v.vote IN ('not_helpful', 'report') AND a.question IS NOT NULL
		GROUP BY a.id`, since)
	st.TopNotHelpful = top
	return err
}

// topQuestions groups rows of (answer id, question, weight) by normalised
// question and returns the heaviest groups.
func (s *SQLite) topQuestions(ctx context.Context, query string, since int64) ([]QuestionCount, error) {
	rows, err := s.db.QueryContext(ctx, query, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	groups := map[string]*QuestionCount{}
	for rows.Next() {
		var id int64
		var q string
		var weight int
		if err := rows.Scan(&id, &q, &weight); err != nil {
			return nil, err
		}
		key := normaliseQuestion(q)
		g := groups[key]
		if g == nil {
			g = &QuestionCount{Question: strings.TrimSpace(q)}
			groups[key] = g
		}
		g.Count += weight
		if id > g.LastAnswerID {
			g.LastAnswerID, g.Question = id, strings.TrimSpace(q)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]QuestionCount, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].LastAnswerID > out[j].LastAnswerID
	})
	if len(out) > topQuestions {
		out = out[:topQuestions]
	}
	return out, nil
}

// normaliseQuestion folds case, spacing and trailing punctuation so that
// "What is Eurodac?" and "what is  eurodac" count as one question.
func normaliseQuestion(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	return strings.TrimRight(q, "?!. ")
}

func pct(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}
