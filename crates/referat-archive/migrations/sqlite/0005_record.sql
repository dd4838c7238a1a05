-- Each meeting's record as JSON, written in the same transaction as its rows. The
-- rows stay the truth for every query and for export; the record is what a page
-- view reads, in one row instead of a hundred (NULL for meetings imported before
-- this column, which are read from their rows).
ALTER TABLE meetings ADD COLUMN record TEXT;
