// Package review owns the record of every answer and the moderation workflow
// built on it: the answer record, user feedback (votes), moderator decisions
// (pending → approved / rejected / corrected) with an audit log that doubles
// as a change feed, curated answers, export, statistics, retention and
// pseudonymous user ids, plus detection and masking of personal data in
// free text. It stores everything in one SQLite file (modernc.org/sqlite, no
// cgo, WAL) whose schema comes from the embedded migrations.
//
// It does not render Discord messages, decide which answers need review, or
// match new questions against curated ones; the bot and the CLI do that on
// top of this store, which is their single source of truth.
package review

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNotFound is returned when an answer or curated answer does not exist.
var ErrNotFound = errors.New("review: not found")

// Answer statuses.
const (
	StatusPending   = "pending"
	StatusPublished = "published"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusCorrected = "corrected"
)

// busyTimeout is how long a writer waits for another writer (this process or
// another, such as the CLI next to a running bot) before giving up.
const busyTimeout = 10 * time.Second

// SQLite is the SQLite-backed answer record (the default Store). It is safe for concurrent use,
// and several processes may open the same file at once.
type SQLite struct {
	db   *sql.DB
	now  func() time.Time
	path string
	// writeMu queues this process's writers in Go: SQLite's busy handler
	// would have them sleep and poll instead, which under a burst of
	// answers costs far more than the writes themselves. Other processes
	// are still kept out by SQLite's lock and busy timeout.
	writeMu sync.Mutex
}

// Option configures a SQLite store.
type Option func(*SQLite)

// WithClock makes the store take timestamps from now instead of time.Now;
// tests use it for reproducible records.
func WithClock(now func() time.Time) Option {
	return func(s *SQLite) { s.now = now }
}

// Open opens (creating it and its directory when missing) the database at
// path, switches it to WAL with full sync so that a committed write survives
// a crash, and applies any migrations not yet applied. The file and its
// -wal and -shm companions are readable by the owner only (0600: they hold
// citizens' questions), and deleted rows are overwritten (secure_delete) so
// that what forget-me and retention remove cannot be read back from the
// file.
func Open(path string, opts ...Option) (*SQLite, error) {
	if path == "" || strings.ContainsRune(path, '?') || strings.HasPrefix(path, "file:") || path == ":memory:" {
		return nil, fmt.Errorf("review: open %q: want a plain file path", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	if err := privateFiles(path); err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	dsn := path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) + ")" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=secure_delete(ON)" +
		"&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	s := &SQLite{db: db, now: time.Now, path: path}
	for _, o := range opts {
		o(s)
	}
	ms, err := loadMigrations(migrationFiles, "migrations")
	if err == nil {
		err = s.migrateWhenFree(context.Background(), ms)
	}
	if err == nil {
		// SQLite gives -wal and -shm the database file's mode when it
		// creates them; tighten any left from an older, looser version.
		err = privateFiles(path)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("review: open %s: %w", path, err)
	}
	return s, nil
}

// privateFiles creates the database file with mode 0600 when it is
// missing, before SQLite does (SQLite would use 0644 under the usual
// umask), and narrows the database and its -wal and -shm files to 0600
// when they exist.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("restrict %s to its owner: %w", p, err)
			}
		}
	}
	return nil
}

// checkpoint copies the write-ahead log into the database file and
// truncates it, so that the old versions of rows just overwritten or
// deleted are gone from the -wal file too. Readers in other processes can
// keep it from completing; then the bytes go at the next checkpoint, and
// busy reports that.
func (s *SQLite) checkpoint(ctx context.Context) (busy bool, err error) {
	var b, logFrames, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&b, &logFrames, &done); err != nil {
		return false, fmt.Errorf("checkpoint: %w", err)
	}
	return b != 0, nil
}

// Close closes the database. Every write has been committed before its
// method returned, so nothing is flushed here.
func (s *SQLite) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("review: close: %w", err)
	}
	return nil
}

// SchemaVersion reports the highest migration applied.
func (s *SQLite) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("review: schema version: %w", err)
	}
	return v, nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the NNN_name.sql files of dir in fsys, ordered by
// their number.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migration %s: version %d used twice", ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies each pending migration in its own immediate transaction,
// re-checking the version inside it so that two processes opening a fresh
// file at once do not both apply the same step.
// migrateWhenFree migrates, trying again for up to busyTimeout while the
// file is busy: several processes opening one new file at once race for
// its first WAL set-up, where SQLite answers SQLITE_BUSY without calling
// the busy handler.
func (s *SQLite) migrateWhenFree(ctx context.Context, ms []migration) error {
	deadline := time.Now().Add(busyTimeout)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.migrate(ctx, ms)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"))
}

func (s *SQLite) migrate(ctx context.Context, ms []migration) error {
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`)
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := s.applyMigration(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *SQLite) applyMigration(ctx context.Context, m migration) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n)
		if err != nil {
			return fmt.Errorf("check migration %s: %w", m.name, err)
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, s.millis())
		if err != nil {
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
		return nil
	})
}

// inTx runs fn in a transaction (BEGIN IMMEDIATE, so it holds the write lock
// from the start) and commits when fn returns nil.
func (s *SQLite) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (s *SQLite) millis() int64 { return s.now().UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

func nullMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return fromMillis(ms.Int64)
}
