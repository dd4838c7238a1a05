-- The archive of meeting records. Dates are ISO 8601 text ('2025-04-24'), times
-- 'HH:MM', timestamps RFC 3339 in UTC: the same text on SQLite and PostgreSQL, so
-- one code path reads and writes both and exports are byte-identical.

CREATE TABLE forums (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- The name folded for matching: lower case, single spaces.
    key TEXT NOT NULL UNIQUE
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

-- Every spelling of a person's name seen in a document.
CREATE TABLE person_names (
    person_id INTEGER NOT NULL REFERENCES persons(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    -- The first word of the key: the loose rule only compares names that share it.
    first TEXT NOT NULL
);
CREATE INDEX person_names_person ON person_names(person_id);
CREATE INDEX person_names_first ON person_names(first);

-- Why two spellings are one person: the rule that matched, or a hand correction.
CREATE TABLE person_merges (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    manual INTEGER NOT NULL,
    made_at TEXT NOT NULL
);
CREATE INDEX person_merges_person ON person_merges(person_id);

-- Hand corrections, by name key, so that they survive re-import: a merged spelling
-- keeps pointing at its person, a split one is never matched loosely again.
CREATE TABLE name_decisions (
    key TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    decision TEXT NOT NULL CHECK (decision IN ('merge', 'split')),
    made_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    -- The document the meeting's content was read from (its latest version).
    document_id INTEGER NOT NULL,
    forum_id INTEGER REFERENCES forums(id),
    kind TEXT NOT NULL,
    -- The forum's name as this document writes it.
    body TEXT,
    date TEXT,
    weekday TEXT,
    start_time TEXT,
    end_time TEXT,
    location TEXT,
    chair TEXT,
    -- A dagsorden is superseded by the referat of the same meeting.
    superseded_by INTEGER REFERENCES meetings(id),
    modified_at TEXT NOT NULL
);
CREATE INDEX meetings_forum_date ON meetings(forum_id, date);

-- Every file imported. Several files may be versions or copies of one meeting (the
-- .pdf and .docx of the same minutes, a corrected re-publication): all are kept, so
-- that importing any of them again is recognised as unchanged.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE INDEX documents_meeting ON documents(meeting_id);

CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    name TEXT NOT NULL,
    grp TEXT,
    role TEXT,
    attendance TEXT NOT NULL,
    substitute_for TEXT,
    items TEXT NOT NULL,
    first_line INTEGER,
    last_line INTEGER,
    PRIMARY KEY (meeting_id, position)
);
CREATE INDEX attendance_person ON attendance(person_id);

CREATE TABLE memberships (
    person_id INTEGER NOT NULL REFERENCES persons(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id),
    role TEXT NOT NULL,
    organisation TEXT,
    first_seen TEXT,
    last_seen TEXT,
    meetings INTEGER NOT NULL,
    PRIMARY KEY (person_id, forum_id, role)
);
CREATE INDEX memberships_forum ON memberships(forum_id);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    duration_min INTEGER,
    decision TEXT,
    closed INTEGER NOT NULL,
    first_line INTEGER,
    last_line INTEGER,
    UNIQUE (meeting_id, position)
);

CREATE TABLE sections (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE recommendations (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE presenters (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE attachments (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE warnings (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    line INTEGER,
    message TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
