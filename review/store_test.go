package review

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/cite"
)

// fakeClock hands out times one second apart from a fixed start, so records
// are reproducible.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func openTest(t *testing.T, opts ...Option) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "pactbot.db")
	s, err := Open(path, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, path
}

func sampleRecord() *Record {
	return &Record{
		GuildID: "g1", ChannelID: "c1", MessageID: "m1", InteractionID: "i1",
		UserHash: "u-hash-1",
		Question: "What is the screening regulation?",
		Answer:   "It sets up checks at the external borders [1].",
		Mode:     "extractive", Model: "", PromptVersion: "v1", IndexFingerprint: "fp1",
		Citations: []cite.Citation{{N: 1, DocID: "pact-2024", Title: "The Pact", Section: "Screening",
			Path: []string{"The Pact", "Screening"}, Anchor: "screening", URL: "https://example.eu/pact#screening", PassageID: "pact-2024#screening-0"}},
		Passages:  []PassageRef{{ID: "pact-2024#screening-0", Score: 3.5}, {ID: "pact-2024#asylum-1", Score: 1.25}},
		LatencyMS: 420, Grounded: true, TopScore: 3.5,
	}
}

func TestRecordGetRoundTrip(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	assert.Positive(t, id)
	assert.Equal(t, StatusPublished, r.Status)

	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, r, got)

	_, err = s.Get(ctx, id+100)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestDurableAcrossReopen(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	r.Status = StatusPending
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	pending, err := s2.List(ctx, Filter{Status: StatusPending})
	require.NoError(t, err)
	require.Len(t, pending, 1)
	assert.Equal(t, id, pending[0].ID)
	v, err := s2.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, v)
}

func TestVoteUpsert(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	id, err := s.RecordAnswer(ctx, sampleRecord())
	require.NoError(t, err)

	require.NoError(t, s.Vote(ctx, id, "alice", VoteHelpful))
	require.NoError(t, s.Vote(ctx, id, "bob", VoteHelpful))
	require.NoError(t, s.Vote(ctx, id, "alice", VoteNotHelpful))
	require.NoError(t, s.Vote(ctx, id, "carol", VoteReport))
	c, err := s.Votes(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, VoteCounts{Helpful: 1, NotHelpful: 1, Report: 1}, c)
	v, err := s.UserVote(ctx, id, "alice")
	require.NoError(t, err)
	assert.Equal(t, VoteNotHelpful, v, "the changed vote")
	v, err = s.UserVote(ctx, id, "dave")
	require.NoError(t, err)
	assert.Empty(t, v)

	assert.Error(t, s.Vote(ctx, id, "alice", "meh"))
	assert.ErrorIs(t, s.Vote(ctx, id+1, "alice", VoteHelpful), ErrNotFound)
}

func TestOpenRejectsNonFilePaths(t *testing.T) {
	for _, p := range []string{"", ":memory:", "file:x.db", "x.db?mode=ro"} {
		_, err := Open(p)
		assert.Error(t, err, p)
	}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	s, path := openTest(t)
	s2, err := Open(path)
	require.NoError(t, err)
	defer s2.Close()
	var n int
	require.NoError(t, s2.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n))
	ms, err := loadMigrations(migrationFiles, "migrations")
	require.NoError(t, err)
	assert.Equal(t, len(ms), n)
	var mode string
	require.NoError(t, s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
}

func TestRecordMasksPII(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	r.Question = "I was born on 12.03.1990, can my wife (+49 151 2345 6789) join me?"
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.True(t, got.PII)
	assert.Equal(t, "I was born on [date of birth], can my wife ([phone number]) join me?", got.Question)
	assert.False(t, sampleRecordPII(t, s))
}

// sampleRecordPII records the clean sample and reports its PII flag.
func sampleRecordPII(t *testing.T, s *SQLite) bool {
	id, err := s.RecordAnswer(context.Background(), sampleRecord())
	require.NoError(t, err)
	got, err := s.Get(context.Background(), id)
	require.NoError(t, err)
	return got.PII
}

func TestRecordRejectsUnknownStatus(t *testing.T) {
	s, _ := openTest(t)
	r := sampleRecord()
	r.Status = "maybe"
	_, err := s.RecordAnswer(context.Background(), r)
	assert.Error(t, err)
}

func TestSetMessageAndReviewMessage(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	r := sampleRecord()
	r.Status, r.MessageID = StatusPending, ""
	id, err := s.RecordAnswer(ctx, r)
	require.NoError(t, err)
	require.NoError(t, s.SetMessage(ctx, id, "c9", "m9"))
	require.NoError(t, s.SetReviewMessage(ctx, id, "rc", "rm"))
	got, err := s.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"c9", "m9", "rc", "rm"},
		[]string{got.ChannelID, got.MessageID, got.ReviewChannelID, got.ReviewMessageID})
	assert.ErrorIs(t, s.SetMessage(ctx, id+1, "c", "m"), ErrNotFound)
}

// TestConcurrentOpenOfFreshFile is the bot and the CLI starting at once on
// a new data dir: both must see one, fully migrated schema.
func TestConcurrentOpenOfFreshFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 4
	stores := make([]*SQLite, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(path)
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		defer stores[i].Close()
	}
	var applied int
	require.NoError(t, stores[0].db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&applied))
	ms, err := loadMigrations(migrationFiles, "migrations")
	require.NoError(t, err)
	assert.Equal(t, len(ms), applied)
	_, err = stores[n-1].RecordAnswer(context.Background(), sampleRecord())
	assert.NoError(t, err)
}

func TestMigrationsAppliedInOrderOnce(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"m/001_init.sql":  {Data: []byte("CREATE TABLE t1 (x INTEGER);")},
		"m/50_second.sql": {Data: []byte("INSERT INTO t1 VALUES (2);")},
		"m/100_tenth.sql": {Data: []byte("INSERT INTO t1 SELECT MAX(x) * 5 FROM t1;")},
	}
	ms, err := loadMigrations(fsys, "m")
	require.NoError(t, err)
	assert.Equal(t, []int{1, 50, 100}, []int{ms[0].version, ms[1].version, ms[2].version})

	// The store's own migration 1 is already applied, so the fake 001 is
	// skipped by version; create its table by hand to let 50 and 100 run.
	_, err = s.db.Exec("CREATE TABLE t1 (x INTEGER)")
	require.NoError(t, err)
	require.NoError(t, s.migrate(ctx, ms))
	require.NoError(t, s.migrate(ctx, ms), "second run applies nothing")
	var xs []int
	rows, err := s.db.Query("SELECT x FROM t1 ORDER BY rowid")
	require.NoError(t, err)
	for rows.Next() {
		var x int
		require.NoError(t, rows.Scan(&x))
		xs = append(xs, x)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []int{2, 10}, xs, "50 before 100, each once")
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, 100, v)
}

func TestMigrationNamesChecked(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no number": {"m/init.sql": {Data: []byte("SELECT 1;")}},
		"not sql":   {"m/001_init.txt": {Data: []byte("SELECT 1;")}},
		"duplicate": {"m/001_a.sql": {Data: []byte("SELECT 1;")}, "m/1_b.sql": {Data: []byte("SELECT 1;")}},
	} {
		_, err := loadMigrations(fsys, "m")
		assert.Error(t, err, name)
	}
}

func TestFailedMigrationRollsBack(t *testing.T) {
	s, _ := openTest(t)
	ms := []migration{{version: 50, name: "050_bad.sql", sql: "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);"}}
	require.Error(t, s.migrate(context.Background(), ms))
	var n int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'`).Scan(&n))
	assert.Zero(t, n, "no half-applied migration")
	v, err := s.SchemaVersion(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, v)
}
