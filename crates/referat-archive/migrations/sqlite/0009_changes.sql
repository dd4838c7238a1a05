-- The change log the search index follows. Every write that changes what search
-- shows (an import or replacement, meetings folded or superseded, a people
-- correction, a restore) takes the next number from `archive_state.seq` and appends
-- the meetings it touched to `changes` in its own transaction, so the log never
-- holds a change the archive does not, nor misses one it does. The index records
-- the identity and the number it reflects; on open it reads the changes after that
-- number. `meeting_id` NULL is a change of everything (a restore): the index is
-- rebuilt. `identity` tells this archive from another (a data folder whose database
-- was replaced), whose numbers mean nothing to the index.
CREATE TABLE archive_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    identity TEXT NOT NULL,
    seq INTEGER NOT NULL
);
INSERT INTO archive_state (id, identity, seq) VALUES (1, lower(hex(randomblob(16))), 0);

CREATE TABLE changes (
    seq INTEGER NOT NULL,
    meeting_id INTEGER
);
CREATE INDEX changes_seq ON changes (seq);
