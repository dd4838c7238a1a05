-- The OParl API finds a referat's superseded dagsorden (`supersedes`, the invitation
-- file) for every meeting of a list page; without this index each lookup scans all
-- meetings.
CREATE INDEX meetings_superseded_by ON meetings(superseded_by);
