package review

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Export formats.
const (
	FormatJSONL = "jsonl"
	FormatCSV   = "csv"
)

// ExportRow is one answer as exported: the record and its feedback.
type ExportRow struct {
	Record
	Votes VoteCounts `json:"votes"`
}

// csvHeader names the CSV columns; citations and passages are flattened to
// "[n] doc#anchor" and "id:score" lists separated by "; ".
func csvHeader() []string {
	return []string{
		"id", "created_at", "guild_id", "channel_id", "message_id", "thread_id", "interaction_id", "user_hash",
		"question", "answer", "mode", "model", "prompt_version", "index_fingerprint", "grounded", "top_score",
		"latency_ms", "pii", "status", "moderator", "decided_at", "reason", "corrected_text",
		"helpful", "not_helpful", "report", "citations", "passages",
	}
}

// Export writes every answer created at or after since (zero: all), oldest
// first, as JSON Lines (one ExportRow per line) or CSV with a header. In
// CSV, cells that a spreadsheet would run as a formula are prefixed with a
// quote, since questions come from anyone.
func (s *SQLite) Export(ctx context.Context, w io.Writer, format string, since time.Time) error {
	var write func(ExportRow) error
	var flush func() error
	switch format {
	case FormatJSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		write = func(r ExportRow) error { return enc.Encode(r) }
		flush = func() error { return nil }
	case FormatCSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(csvHeader()); err != nil {
			return fmt.Errorf("review: export csv: %w", err)
		}
		write = func(r ExportRow) error { return cw.Write(csvRow(r)) }
		flush = func() error { cw.Flush(); return cw.Error() }
	default:
		return fmt.Errorf("review: export: unknown format %q (want jsonl or csv)", format)
	}
	if err := s.exportRows(ctx, since, write); err != nil {
		return fmt.Errorf("review: export %s: %w", format, err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("review: export %s: %w", format, err)
	}
	return nil
}

func (s *SQLite) exportRows(ctx context.Context, since time.Time, write func(ExportRow) error) error {
	votes, err := s.voteCountsSince(ctx, since)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+recordColumns+` FROM answers WHERE created_at >= ? ORDER BY id`,
		since.UnixMilli())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := write(ExportRow{Record: *r, Votes: votes[r.ID]}); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *SQLite) voteCountsSince(ctx context.Context, since time.Time) (map[int64]VoteCounts, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT v.answer_id, SUM(v.vote = 'helpful'), SUM(v.vote = 'not_helpful'),
		SUM(v.vote = 'report') FROM votes v JOIN answers a ON a.id = v.answer_id
		WHERE a.created_at >= ? GROUP BY v.answer_id`, since.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]VoteCounts{}
	for rows.Next() {
		var id int64
		var c VoteCounts
		if err := rows.Scan(&id, &c.Helpful, &c.NotHelpful, &c.Report); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}

func csvRow(r ExportRow) []string {
	row := []string{
		strconv.FormatInt(r.ID, 10), formatTime(r.CreatedAt), r.GuildID, r.ChannelID, r.MessageID, r.ThreadID,
		r.InteractionID, r.UserHash, r.Question, r.Answer, r.Mode, r.Model, r.PromptVersion, r.IndexFingerprint,
		strconv.FormatBool(r.Grounded), strconv.FormatFloat(r.TopScore, 'f', -1, 64),
		strconv.FormatInt(r.LatencyMS, 10), strconv.FormatBool(r.PII), r.Status, r.ModeratorHash,
		formatTime(r.DecidedAt), r.Reason, r.CorrectedText,
		strconv.Itoa(r.Votes.Helpful), strconv.Itoa(r.Votes.NotHelpful), strconv.Itoa(r.Votes.Report),
		citationList(r), passageList(r),
	}
	for i, cell := range row {
		row[i] = defuseFormula(cell)
	}
	return row
}

func citationList(r ExportRow) string {
	parts := make([]string, len(r.Citations))
	for i, c := range r.Citations {
		parts[i] = "[" + strconv.Itoa(c.N) + "] " + c.DocID + "#" + c.Anchor
	}
	return strings.Join(parts, "; ")
}

func passageList(r ExportRow) string {
	parts := make([]string, len(r.Passages))
	for i, p := range r.Passages {
		parts[i] = p.ID + ":" + strconv.FormatFloat(p.Score, 'f', -1, 64)
	}
	return strings.Join(parts, "; ")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// defuseFormula keeps a spreadsheet from evaluating a cell as a formula.
func defuseFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
