//! Editors and their sessions. The archive stores what it is given — a password hash,
//! the hash of a session token — and never sees a password or a token itself: hashing
//! is the web layer's job.

use sqlx::Row;

use crate::{Archive, ArchiveError, now, sha256_hex};

/// An editor as sign-in needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editor {
    pub id: i64,
    pub name: String,
    /// An argon2 PHC string.
    pub password_hash: String,
}

/// A live session: who, and the CSRF token their forms must carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub editor: String,
    pub csrf: String,
}

impl Archive {
    /// Adds an editor, or gives an existing one a new password hash (and ends their
    /// sessions). Returns whether the editor is new.
    pub async fn set_editor(&self, name: &str, password_hash: &str) -> Result<bool, ArchiveError> {
        let mut tx = self.begin_write().await?;
        let existing: Option<i64> = sqlx::query("SELECT id FROM editors WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        match existing {
            Some(id) => {
                sqlx::query("UPDATE editors SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sessions WHERE editor_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO editors (name, password_hash, created_at) VALUES ($1, $2, $3)",
                )
                .bind(name)
                .bind(password_hash)
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(existing.is_none())
    }

    /// Removes an editor and their sessions; returns whether there was one.
    pub async fn remove_editor(&self, name: &str) -> Result<bool, ArchiveError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM sessions WHERE editor_id IN (SELECT id FROM editors WHERE name = $1)",
        )
        .bind(name)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM editors WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Every editor's name.
    pub async fn editor_names(&self) -> Result<Vec<String>, ArchiveError> {
        sqlx::query("SELECT name FROM editors ORDER BY name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0).map_err(ArchiveError::from))
            .collect()
    }

    pub async fn editor(&self, name: &str) -> Result<Option<Editor>, ArchiveError> {
        let row = sqlx::query("SELECT id, name, password_hash FROM editors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(Editor {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                password_hash: r.try_get(2)?,
            }),
            None => None,
        })
    }

    /// Starts a session for an editor under this token until `expires_at` (RFC 3339
    /// UTC). Expired sessions are swept on the way.
    pub async fn start_session(
        &self,
        editor: i64,
        token: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<(), ArchiveError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, editor_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(editor)
        .bind(csrf)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session of this token, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, ArchiveError> {
        let row = sqlx::query(
            "SELECT e.name, s.csrf FROM sessions s JOIN editors e ON e.id = s.editor_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some(Session {
                editor: r.try_get(0)?,
                csrf: r.try_get(1)?,
            }),
            None => None,
        })
    }

    pub async fn end_session(&self, token: &str) -> Result<(), ArchiveError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(sha256_hex(token.as_bytes()))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
