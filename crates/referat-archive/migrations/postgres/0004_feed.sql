-- The Atom feed lists the meetings changed last: without this index each request
-- sorts every meeting.
CREATE INDEX meetings_modified_at ON meetings(modified_at);

-- Only superseded meetings are ever looked up by what superseded them; indexing the
-- current ones too (NULL, nearly all) led SQLite's planner to walk them all for
-- `superseded_by IS NULL` instead of taking the index a query orders by.
DROP INDEX meetings_superseded_by;
CREATE INDEX meetings_superseded_by ON meetings(superseded_by) WHERE superseded_by IS NOT NULL;
