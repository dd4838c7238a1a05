-- How each participant, item and outcome was found (the parser's `source` fields: a
-- check-list, a label line, unnumbered headings, a vote …), kept with the rows so that
-- a record rebuilt from them is the record that was stored. NULL for records parsed
-- before sources existed.
ALTER TABLE attendance ADD COLUMN source TEXT;
ALTER TABLE items ADD COLUMN source TEXT;
ALTER TABLE recommendations ADD COLUMN outcome_source TEXT;
