-- An attachment's link as its document writes it (a portal's links are relative
-- to the portal), and the attachment files fetched from portals (`referat sync
-- --attachments`): per portal and link, the file's SHA-256 and where it is kept
-- (in the data folder, named by the hash), its size and format, and its text where it could be
-- read (`problem` says why not). Search reads the text as part of the item that
-- links the file; the meeting page links the kept copy. Fetched files are kept
-- apart from the meetings' rows, which each new version of a meeting replaces, so
-- that a new version of a meeting fetches only attachments it did not link before.
ALTER TABLE attachments ADD COLUMN link TEXT;
CREATE TABLE attachment_files (
    portal TEXT NOT NULL,
    link TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    format TEXT,
    text TEXT,
    problem TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (portal, link)
);
CREATE INDEX attachment_files_sha256 ON attachment_files (sha256);
CREATE INDEX attachments_link ON attachments (link);
