-- Editors: the people of a secretariat who may sign in. Passwords are kept only as
-- argon2 hashes (PHC strings); sessions only as the SHA-256 of their token, so a
-- copy of the database signs no one in.

CREATE TABLE editors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    editor_id INTEGER NOT NULL REFERENCES editors(id) ON DELETE CASCADE,
    -- The token every form of the session carries back (CSRF).
    csrf TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_editor ON sessions(editor_id);
