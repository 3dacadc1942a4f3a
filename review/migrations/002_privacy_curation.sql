-- Every Discord message of every answer part (the answers row keeps only
-- the first), so that forget-me can delete a long answer whole.
CREATE TABLE answer_messages (
    answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    channel_id TEXT    NOT NULL,
    message_id TEXT    NOT NULL,
    part       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (answer_id, channel_id, message_id)
);
INSERT INTO answer_messages (answer_id, channel_id, message_id, part)
    SELECT id, channel_id, message_id, 0 FROM answers WHERE message_id != '' AND channel_id != '';

-- What a front end must still remove on its side after forget-me or
-- retention cleared the record: messages and threads (by id only, no
-- text). Any process may clear the record; the front end that can reach
-- Discord drains this queue.
CREATE TABLE cleanup (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    answer_id  INTEGER,
    reason     TEXT    NOT NULL CHECK (reason IN ('forget', 'retention')),
    channel_id TEXT    NOT NULL DEFAULT '',
    message_id TEXT    NOT NULL DEFAULT '',
    thread_id  TEXT    NOT NULL DEFAULT ''
);

-- A curated answer remembers whose question it was made from (so that
-- forget-me can remove it) and the corpus it was checked against.
ALTER TABLE curated ADD COLUMN source_user_hash TEXT;
ALTER TABLE curated ADD COLUMN corpus_fingerprint TEXT NOT NULL DEFAULT '';
UPDATE curated SET source_user_hash =
    (SELECT user_hash FROM answers WHERE answers.id = curated.source_answer_id);
CREATE INDEX curated_user ON curated (source_user_hash) WHERE source_user_hash IS NOT NULL;

-- Settings shared by every process on the record, such as the fingerprint
-- of the corpus the bot serves.
CREATE TABLE meta (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
