-- Attachment links and the attachment files fetched from portals; see
-- migrations/sqlite/0012_attachment_files.sql.
ALTER TABLE attachments ADD COLUMN link TEXT;
CREATE TABLE attachment_files (
    portal TEXT NOT NULL,
    link TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    size BIGINT NOT NULL,
    format TEXT,
    text TEXT,
    problem TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (portal, link)
);
CREATE INDEX attachment_files_sha256 ON attachment_files (sha256);
CREATE INDEX attachments_link ON attachments (link);
