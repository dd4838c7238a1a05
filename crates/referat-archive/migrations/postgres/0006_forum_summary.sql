-- The front page counts every forum's current meetings and their span. Since the
-- meetings table holds each meeting's record, reading its rows means reading
-- gigabytes; this index answers the count from itself (165 ms to 34 ms at 110,000
-- meetings).
CREATE INDEX meetings_forum_current ON meetings(forum_id, superseded_by, date, modified_at);
