-- The meetings fetched from publication portals; see
-- migrations/sqlite/0011_portal_meetings.sql.
CREATE TABLE portal_meetings (
    portal TEXT NOT NULL,
    portal_id TEXT NOT NULL,
    link TEXT NOT NULL,
    document_id BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    stamp TEXT,
    settled BIGINT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (portal, portal_id)
);
CREATE INDEX portal_meetings_document ON portal_meetings (document_id);
