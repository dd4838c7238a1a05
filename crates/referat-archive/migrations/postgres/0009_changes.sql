-- The change log the search index follows; see migrations/sqlite/0009_changes.sql.
-- The number is taken by updating the one row of `archive_state`, whose row lock is
-- held to commit: writers commit in the order of their numbers, which a sequence
-- (not transactional) would not give, and an index that has seen number n has seen
-- every change before it.
CREATE TABLE archive_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    identity TEXT NOT NULL,
    seq BIGINT NOT NULL
);
INSERT INTO archive_state (id, identity, seq)
VALUES (1, md5(random()::text || clock_timestamp()::text), 0);

CREATE TABLE changes (
    seq BIGINT NOT NULL,
    meeting_id BIGINT
);
CREATE INDEX changes_seq ON changes (seq);
