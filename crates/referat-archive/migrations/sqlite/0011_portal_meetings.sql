-- The meetings fetched from publication portals (`referat sync`): per portal and
-- the portal's own id of the meeting, the document the fetched bytes were imported
-- as, their SHA-256, what the portal's list said of the meeting's version (`stamp`,
-- where it says anything) and whether the meeting was settled (its minutes
-- finished) when fetched. Written in the transaction that imports the meeting, so
-- that a sync killed at any point neither loses a meeting nor fetches an imported
-- one again. `link` is the meeting's page on the portal, shown as its source.
CREATE TABLE portal_meetings (
    portal TEXT NOT NULL,
    portal_id TEXT NOT NULL,
    link TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    stamp TEXT,
    settled INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (portal, portal_id)
);
CREATE INDEX portal_meetings_document ON portal_meetings (document_id);
