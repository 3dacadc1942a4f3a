package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/answer"
	"pactbot/corpus"
	"pactbot/curated"
	"pactbot/review"
)

const reviewSecret = "review-test-secret-0123456789"

// newReviewCLI is a CLI with a fixed user secret (so moderator pseudonyms
// are reproducible) acting as $USER alice.
func newReviewCLI(t *testing.T) *cli {
	c := newCLI(t)
	c.env["PACTBOT_USER_SECRET"] = reviewSecret
	c.env["USER"] = "alice"
	return c
}

func moderatorID(name string) string {
	return "cli:" + review.NewPseudonymizer([]byte(reviewSecret)).UserID(name)
}

// openReviewStore opens the record the CLI uses, in the CLI's data dir.
func openReviewStore(t *testing.T, c *cli) *review.SQLite {
	t.Helper()
	st, err := review.Open(filepath.Join(c.data, "pactbot.db"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

var fundingCitation = answer.Citation{N: 1, DocID: "taking-stock-2024-03",
	Title: "Taking stock of EU migration and asylum achievements", Section: "A new legislative framework on migration and asylum",
	Path:   []string{"Taking stock of EU migration and asylum achievements", "A new legislative framework on migration and asylum"},
	Anchor: "a-new-legislative-framework-on-migration-and-asylum", URL: "https://commission.europa.eu/example"}

// seedReview records six answers on fixed dates in March 2026, with votes.
func seedReview(t *testing.T, st *review.SQLite) {
	t.Helper()
	ctx := context.Background()
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	recs := []*review.Record{
		{CreatedAt: day(1, 9), Question: "How much money is earmarked for the Pact?", Answer: "€2 billion [1].",
			Mode: "extractive", Grounded: true, TopScore: 3.2, LatencyMS: 120, Citations: []answer.Citation{fundingCitation},
			GuildID: "g1", ChannelID: "c1", MessageID: "m1", UserHash: "u1"},
		{CreatedAt: day(1, 10), Question: "Can I bring my dog to the asylum centre?", Answer: "The documents don't cover this.",
			Mode: "extractive", LatencyMS: 80, UserHash: "u2"},
		{CreatedAt: day(2, 11), Question: "can I bring my dog to the asylum centre", Answer: "The documents don't cover this.",
			Mode: "extractive", LatencyMS: 90, UserHash: "u3"},
		{CreatedAt: day(3, 12), Question: "My passport number is X1234567, when will the new screening at the external borders start and what happens to me?",
			Answer: "Screening applies from June 2026 [1].", Mode: "generative", Model: "test-model", Grounded: true,
			LatencyMS: 2400, Citations: []answer.Citation{fundingCitation}, Status: review.StatusPending, UserHash: "u4"},
		{CreatedAt: day(4, 13), Question: "How much funding does the migration pact get?", Answer: "€2 billion [1].",
			Mode: "extractive", Grounded: true, LatencyMS: 150, Citations: []answer.Citation{fundingCitation}, UserHash: "u5"},
		{CreatedAt: day(5, 14), Question: "What about Tunisia?", Answer: "The documents don't cover this.",
			Mode: "extractive", LatencyMS: 70, UserHash: "u6"},
	}
	for _, r := range recs {
		_, err := st.RecordAnswer(ctx, r)
		require.NoError(t, err)
	}
	votes := []struct {
		id   int64
		user string
		vote string
	}{
		{1, "v1", review.VoteHelpful}, {1, "v2", review.VoteHelpful}, {1, "v3", review.VoteNotHelpful},
		{5, "v1", review.VoteNotHelpful}, {5, "v2", review.VoteReport}, {6, "v1", review.VoteNotHelpful},
	}
	for _, v := range votes {
		require.NoError(t, st.Vote(ctx, v.id, v.user, v.vote))
	}
}

func TestReviewList(t *testing.T) {
	c := newReviewCLI(t)
	seedReview(t, openReviewStore(t, c))

	out, errOut, code := c.run("review", "list")
	require.Equal(t, 0, code, errOut)
	golden(t, "review-list.txt", out)
	assert.NotContains(t, out, "X1234567", "personal data was masked when recorded")

	out, errOut, code = c.run("review", "list", "--status", "pending")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1 answer,")
	assert.Contains(t, out, "My passport number is")

	out, errOut, code = c.run("review", "list", "--since", "2026-03-04", "--json")
	require.Equal(t, 0, code, errOut)
	var got struct {
		Count   int
		Answers []struct {
			ID       int64
			Question string
			Votes    review.VoteCounts
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Equal(t, 2, got.Count)
	assert.Equal(t, []int64{6, 5}, []int64{got.Answers[0].ID, got.Answers[1].ID}, "newest first")
	assert.Equal(t, review.VoteCounts{NotHelpful: 1, Report: 1}, got.Answers[1].Votes)

	out, _, code = c.run("review", "list", "--status", "rejected")
	require.Equal(t, 0, code)
	assert.Equal(t, "no answers match\n", out)

	out, _, code = c.run("review", "list", "--limit", "2")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "2 answers, newest first")
}

func TestReviewShow(t *testing.T) {
	c := newReviewCLI(t)
	seedReview(t, openReviewStore(t, c))

	out, errOut, code := c.run("review", "show", "4")
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		"Answer 4 · pending · recorded 2026-03-03 12:00 UTC",
		"Mode: generative (test-model) · grounded: yes",
		"Personal data: found and masked before storing",
		"what happens to me?", // the full question, not cut
		"Screening applies from June 2026 [1].",
		"[1] Taking stock of EU migration and asylum achievements › A new legislative framework on migration and asylum — https://commission.europa.eu/example",
		"Feedback: 0 helpful, 0 not helpful, 0 reported",
		"Audit trail:",
		"recorded",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "X1234567")

	out, errOut, code = c.run("review", "show", "--json", "1")
	require.Equal(t, 0, code, errOut)
	var got struct {
		Answer review.Record
		Votes  review.VoteCounts
		Audit  []review.Change
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "How much money is earmarked for the Pact?", got.Answer.Question)
	assert.Equal(t, review.VoteCounts{Helpful: 2, NotHelpful: 1}, got.Votes)
	assert.Len(t, got.Audit, 4, "recorded and three votes")

	_, errOut, code = c.run("review", "show", "99")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no answer with ID 99")
}

func TestReviewApproveAndAlreadyDecided(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	seedReview(t, st)

	out, errOut, code := c.run("review", "approve", "4")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "answer 4 approved by "+moderatorID("alice"))
	rec, err := st.Get(context.Background(), 4)
	require.NoError(t, err)
	assert.Equal(t, review.StatusApproved, rec.Status)
	assert.Equal(t, moderatorID("alice"), rec.ModeratorHash, "pseudonymised, never the name")

	_, errOut, code = c.run("review", "reject", "4", "--as", "bob", "--reason", "wrong date")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "answer 4 was already approved by "+moderatorID("alice")+" at ")
	assert.Contains(t, errOut, "nothing changed")
	assert.NotContains(t, errOut, "alice")

	_, errOut, code = c.run("review", "approve", "42")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no answer with ID 42")

	out, _, _ = c.run("review", "show", "4")
	assert.Contains(t, out, "Decision: approved by "+moderatorID("alice"))
	assert.Contains(t, out, "pending → approved")
}

func TestReviewReject(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	seedReview(t, st)

	_, errOut, code := c.run("review", "reject", "6")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--reason is required")

	out, errOut, code := c.run("review", "reject", "6", "--as", "bob", "--reason", "Misleading: call +32 470 12 34 56 instead")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "answer 6 rejected by "+moderatorID("bob"))
	rec, err := st.Get(context.Background(), 6)
	require.NoError(t, err)
	assert.Equal(t, review.StatusRejected, rec.Status)
	assert.NotContains(t, rec.Reason, "470 12 34 56", "personal data in the reason is masked")

	out, _, _ = c.run("review", "show", "6")
	assert.Contains(t, out, "reason: Misleading")
}

// TestReviewCorrectMakesACuratedAnswer checks the whole correction: the
// record is corrected, a curated answer is made with the original question
// and citations and the fingerprint of the cited document, and the matcher
// serves it to a paraphrase.
func TestReviewCorrectMakesACuratedAnswer(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	seedReview(t, st)
	ctx := context.Background()

	_, errOut, code := c.run("review", "correct", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--text is required")

	text := "The Pact is backed by €2 billion from the EU budget until 2027 [1]."
	out, errOut, code := c.run("review", "correct", "1", "--text", text)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^answer 1 corrected; curated answer 1 made from it by `+moderatorID("alice")+`\n`, out)

	rec, err := st.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, review.StatusCorrected, rec.Status)
	assert.Equal(t, text, rec.CorrectedText)

	all, err := st.ListCurated(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	cur := all[0]
	assert.Equal(t, "How much money is earmarked for the Pact?", cur.Question)
	assert.Equal(t, text, cur.Answer)
	assert.Equal(t, int64(1), cur.SourceAnswerID)
	assert.Equal(t, moderatorID("alice"), cur.Moderator)
	assert.Equal(t, []answer.Citation{fundingCitation}, cur.Citations)
	emb, err := corpus.Load(corpus.Embedded())
	require.NoError(t, err)
	want := curated.DocFingerprints(emb)["taking-stock-2024-03"]
	require.NotEmpty(t, want)
	assert.Equal(t, map[string]string{"taking-stock-2024-03": want}, cur.DocFingerprints)

	m, err := curated.NewMatcher(all, 0.8)
	require.NoError(t, err)
	defer m.Close()
	got, ok := m.Lookup(ctx, "how much money is set aside for the pact")
	require.True(t, ok)
	assert.Equal(t, text, got.Text)
	assert.Equal(t, answer.ModeCurated, got.Mode)

	out, _, _ = c.run("review", "show", "1")
	assert.Contains(t, out, "Corrected text:\n  "+text)
	assert.Contains(t, out, "Curated answers made from it:\n  #1 active")

	// The asker's wording (here with masked personal data) can be replaced.
	out, errOut, code = c.run("review", "correct", "4", "--text", "Screening applies from 12 June 2026 [1].",
		"--question", "When does the screening at the external borders start?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "answer 4 corrected; curated answer 2 made from it")
	cur4, err := st.GetCurated(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, "When does the screening at the external borders start?", cur4.Question)
	assert.Equal(t, int64(4), cur4.SourceAnswerID)
}

func TestReviewCorrectAfterRetention(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	ctx := context.Background()
	_, err := st.RecordAnswer(ctx, &review.Record{CreatedAt: time.Now().Add(-60 * 24 * time.Hour),
		Question: "old question", Answer: "old answer", Mode: "extractive"})
	require.NoError(t, err)
	_, _, code := c.run("review", "purge")
	require.Equal(t, 0, code)

	out, errOut, code := c.run("review", "correct", "1", "--text", "better answer")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "answer 1 corrected")
	assert.Contains(t, out, "no curated answer made: the question was removed")
	all, err := st.ListCurated(ctx)
	require.NoError(t, err)
	assert.Empty(t, all)
}

func TestReviewExport(t *testing.T) {
	c := newReviewCLI(t)
	seedReview(t, openReviewStore(t, c))

	out, errOut, code := c.run("review", "export", "--since", "2026-03-03")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3, "JSON Lines by default, one answer a line")
	var row review.ExportRow
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &row))
	assert.Equal(t, int64(4), row.ID, "oldest first")

	out, errOut, code = c.run("review", "export", "--format", "csv")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 7, "header and six answers")
	assert.Equal(t, "id", rows[0][0])

	_, errOut, code = c.run("review", "export", "--format", "xml")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "want jsonl or csv")
}

func TestReviewPurgeAppliesRetention(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	ctx := context.Background()
	old := &review.Record{CreatedAt: time.Now().Add(-40 * 24 * time.Hour), Question: "old question", Answer: "a", UserHash: "u1"}
	recent := &review.Record{CreatedAt: time.Now().Add(-time.Hour), Question: "recent question", Answer: "a", UserHash: "u2"}
	for _, r := range []*review.Record{old, recent} {
		_, err := st.RecordAnswer(ctx, r)
		require.NoError(t, err)
	}
	require.NoError(t, st.Vote(ctx, old.ID, "voter", review.VoteHelpful))

	out, errOut, code := c.run("review", "purge")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "retention 30 days: purged what was recorded before ")
	assert.Contains(t, out, "answers  1")
	assert.Contains(t, out, "votes    1")

	got, err := st.Get(ctx, old.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Question)
	assert.Empty(t, got.UserHash)
	got, err = st.Get(ctx, recent.ID)
	require.NoError(t, err)
	assert.Equal(t, "recent question", got.Question)

	out, _, _ = c.run("review", "list")
	assert.Contains(t, out, "(removed ")

	out, errOut, code = c.run("review", "purge", "--json")
	require.Equal(t, 0, code, errOut)
	var res struct{ Purged review.PurgeResult }
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, review.PurgeResult{}, res.Purged, "nothing left to purge")
}

func TestReviewStats(t *testing.T) {
	c := newReviewCLI(t)
	seedReview(t, openReviewStore(t, c))
	for _, args := range [][]string{{"approve", "1"}, {"reject", "6", "--reason", "off topic"}, {"correct", "5", "--text", "€2 billion [1]."}} {
		_, errOut, code := c.run(append([]string{"review"}, args...)...)
		require.Equal(t, 0, code, errOut)
	}

	out, errOut, code := c.run("review", "stats")
	require.Equal(t, 0, code, errOut)
	golden(t, "review-stats.txt", out)

	out, errOut, code = c.run("review", "stats", "--json", "--since", "2026-03-04")
	require.Equal(t, 0, code, errOut)
	var s review.Stats
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	assert.Equal(t, 2, s.Answered)
	assert.Equal(t, 1, s.Grounded)
	assert.Equal(t, int64(110), s.MedianLatencyMS)
	require.Len(t, s.TopUnanswered, 1)
	assert.Equal(t, "What about Tunisia?", s.TopUnanswered[0].Question)

	out, _, code = c.run("review", "stats", "--since", "2030-01-01")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "no answers recorded in this period")
}

func TestReviewUsageErrors(t *testing.T) {
	c := newReviewCLI(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"review"}, "a review command is required"},
		{[]string{"review", "frobnicate"}, `unknown review command "frobnicate"`},
		{[]string{"review", "show"}, "one answer ID is required"},
		{[]string{"review", "show", "abc"}, `"abc" is not an answer ID`},
		{[]string{"review", "approve", "1", "2"}, "one answer ID is required"},
		{[]string{"review", "list", "--status", "done"}, `--status "done"`},
		{[]string{"review", "list", "--since", "last week"}, `--since "last week"`},
		{[]string{"review", "stats", "--since", "-3h"}, `--since "-3h"`},
	}
	for _, tc := range tests {
		_, errOut, code := c.run(tc.args...)
		assert.Equal(t, 2, code, tc.args)
		assert.Contains(t, errOut, tc.want, tc.args)
	}

	delete(c.env, "USER")
	_, errOut, code := c.run("review", "approve", "1")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--as NAME")
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-03-01T08:30:00+01:00", time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC)},
		{"36h", now.Add(-36 * time.Hour)},
		{"7d", time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)},
		{"90m", now.Add(-90 * time.Minute)},
	}
	for _, tc := range tests {
		got, err := parseSince(tc.in, now)
		require.NoError(t, err, tc.in)
		assert.True(t, tc.want.Equal(got), "%s: got %v want %v", tc.in, got, tc.want)
	}
	for _, bad := range []string{"yesterday", "7 d", "-1d", "2026-13-01"} {
		_, err := parseSince(bad, now)
		assert.ErrorIs(t, err, errUsage, bad)
	}
}

// TestReviewCuratedLifecycle corrects an answer citing a document of a
// corpus directory, changes the document, and walks the curated answer
// through check (stale), reapprove and retire.
func TestReviewCuratedLifecycle(t *testing.T) {
	c := newReviewCLI(t)
	st := openReviewStore(t, c)
	ctx := context.Background()
	dir := t.TempDir()
	doc := filepath.Join(dir, "funding.md")
	writeDoc := func(amount string) {
		require.NoError(t, os.WriteFile(doc, []byte("---\ntitle: Funding\n---\n# Funding\n\n## Budget\n\nThe Pact is backed by "+amount+".\n"), 0o644))
	}
	writeDoc("EUR 2 billion")
	cite := answer.Citation{N: 1, DocID: "funding", Title: "Funding", Section: "Budget", Anchor: "budget"}
	_, err := st.RecordAnswer(ctx, &review.Record{Question: "How much money is earmarked for the Pact?",
		Answer: "EUR 2 billion [1].", Mode: "extractive", Grounded: true, Citations: []answer.Citation{cite}})
	require.NoError(t, err)

	out, _, code := c.run("review", "curated")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "no curated answers yet")

	_, errOut, code := c.run("--corpus", dir, "review", "correct", "1", "--text", "EUR 2 billion until 2027 [1].")
	require.Equal(t, 0, code, errOut)
	out, errOut, code = c.run("--corpus", dir, "review", "curated", "check")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 curated answers newly marked stale")
	assert.Regexp(t, `1\s+active\s+\S+ \S+\s+answer 1\s+funding\s+How much money is earmarked for the Pact\?`, out)

	writeDoc("EUR 3 billion")
	// Another corpus than the one the curated answers were checked
	// against is refused, unless the moderator says it changed on purpose.
	_, errOut, code = c.run("--corpus", dir, "review", "curated", "check")
	require.Equal(t, 1, code)
	assert.Contains(t, errOut, "not the ones the bot serves")
	out, errOut, code = c.run("--corpus", dir, "review", "curated", "check", "--new-corpus")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "1 curated answer newly marked stale")
	assert.Regexp(t, `1\s+stale\s`, out)

	out, errOut, code = c.run("--corpus", dir, "review", "curated", "reapprove", "1", "--as", "bob")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "curated answer 1 re-approved by "+moderatorID("bob"))
	cur, err := st.GetCurated(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, review.CuratedActive, cur.Status)
	assert.Equal(t, moderatorID("bob"), cur.Moderator)
	out, _, _ = c.run("--corpus", dir, "review", "curated", "check")
	assert.Contains(t, out, "0 curated answers newly marked stale", "the new fingerprint was recorded")

	_, errOut, code = c.run("review", "curated", "retire", "1")
	require.Equal(t, 0, code, errOut)
	out, errOut, code = c.run("review", "curated", "--json")
	require.Equal(t, 0, code, errOut)
	var got struct{ Curated []review.Curated }
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Curated, 1)
	assert.Equal(t, review.CuratedRetired, got.Curated[0].Status)

	_, errOut, code = c.run("review", "curated", "retire", "99")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no curated answer with ID 99")
	_, errOut, code = c.run("review", "curated", "frob")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown action "frob"`)
}

func TestReviewWithoutAnAnswerRecordCreatesNothing(t *testing.T) {
	c := newCLI(t)
	data := filepath.Join(t.TempDir(), "elsewhere")
	_, errOut, code := c.run("--data", data, "review", "list")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no answer record at "+filepath.Join(data, "pactbot.db"))
	_, err := os.Stat(data)
	assert.True(t, os.IsNotExist(err), "nothing was created where it looked")
}
