-- The answer record, feedback, the audit/change feed and curated answers.
-- Times are Unix milliseconds (UTC). Personal fields (user_hash, question,
-- answer, corrected_text, reason, audit detail) are nullable because
-- retention and forget-me clear them while the rows, and so the counts, stay.

CREATE TABLE answers (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at        INTEGER NOT NULL,
    guild_id          TEXT    NOT NULL DEFAULT '',
    channel_id        TEXT    NOT NULL DEFAULT '',
    message_id        TEXT    NOT NULL DEFAULT '',
    thread_id         TEXT    NOT NULL DEFAULT '',
    interaction_id    TEXT    NOT NULL DEFAULT '',
    user_hash         TEXT,
    question          TEXT,
    answer            TEXT,
    mode              TEXT    NOT NULL DEFAULT '',
    model             TEXT    NOT NULL DEFAULT '',
    prompt_version    TEXT    NOT NULL DEFAULT '',
    index_fingerprint TEXT    NOT NULL DEFAULT '',
    citations         TEXT    NOT NULL DEFAULT '[]',
    passages          TEXT    NOT NULL DEFAULT '[]',
    latency_ms        INTEGER NOT NULL DEFAULT 0,
    grounded          INTEGER NOT NULL DEFAULT 0,
    top_score         REAL    NOT NULL DEFAULT 0,
    pii               INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL DEFAULT 'published'
        CHECK (status IN ('pending', 'published', 'approved', 'rejected', 'corrected')),
    moderator_hash    TEXT,
    decided_at        INTEGER,
    reason            TEXT,
    corrected_text    TEXT,
    review_channel_id TEXT    NOT NULL DEFAULT '',
    review_message_id TEXT    NOT NULL DEFAULT '',
    purged_at         INTEGER
);
CREATE INDEX answers_created ON answers (created_at);
CREATE INDEX answers_status ON answers (status, created_at);
CREATE INDEX answers_user ON answers (user_hash) WHERE user_hash IS NOT NULL;

-- One vote per user per answer. user_hash becomes NULL past retention, so
-- the vote still counts but no longer points at anyone (UNIQUE allows many
-- NULLs).
CREATE TABLE votes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_hash  TEXT,
    vote       TEXT    NOT NULL CHECK (vote IN ('helpful', 'not_helpful', 'report')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (answer_id, user_hash)
);
CREATE INDEX votes_user ON votes (user_hash) WHERE user_hash IS NOT NULL;

-- Append-only: the audit log of every moderator action and the change feed
-- a running bot polls (seq is monotonic).
CREATE TABLE events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    answer_id     INTEGER,
    curated_id    INTEGER,
    actor_hash    TEXT,
    before_status TEXT    NOT NULL DEFAULT '',
    after_status  TEXT    NOT NULL DEFAULT '',
    detail        TEXT
);
CREATE INDEX events_answer ON events (answer_id) WHERE answer_id IS NOT NULL;
CREATE INDEX events_curated ON events (curated_id) WHERE curated_id IS NOT NULL;

CREATE TABLE curated (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    question         TEXT    NOT NULL,
    answer           TEXT    NOT NULL,
    citations        TEXT    NOT NULL DEFAULT '[]',
    doc_fingerprints TEXT    NOT NULL DEFAULT '{}',
    source_answer_id INTEGER REFERENCES answers (id) ON DELETE SET NULL,
    moderator_hash   TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'stale', 'retired')),
    stale_at         INTEGER
);
CREATE INDEX curated_status ON curated (status);
