//! The change log a derived copy of the archive (the search index) follows.
//!
//! Each write that changes what search shows appends the meetings it touched under
//! the next change number, in the write's own transaction (migration 0009): the log
//! and the archive never disagree, whatever is killed when. A follower that records
//! the number it reflects asks for the meetings changed since, and is current again
//! after rewriting them.

use std::collections::BTreeSet;

use sqlx::Row;

use crate::store::Tx;
use crate::{Archive, ArchiveError};

/// Where the archive's change log stands: which archive, and the number of its last
/// change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeState {
    /// Tells this archive from any other, so that a follower of another archive (a
    /// data folder whose database was replaced) starts again.
    pub identity: String,
    /// The last change's number; 0 before the first.
    pub seq: i64,
}

/// What changed between two change numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changes {
    /// These meetings (new, replaced, deleted, superseded or their people corrected).
    Meetings(Vec<i64>),
    /// Everything: the archive was restored.
    Everything,
}

impl Archive {
    /// Where the change log stands now.
    pub async fn change_state(&self) -> Result<ChangeState, ArchiveError> {
        let row = sqlx::query("SELECT identity, seq FROM archive_state WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| ArchiveError::Corrupt("the change log has no state row".into()))?;
        Ok(ChangeState {
            identity: row.try_get(0)?,
            seq: row.try_get(1)?,
        })
    }

    /// The meetings changed after change `after` up to and including `upto`.
    pub async fn changes(&self, after: i64, upto: i64) -> Result<Changes, ArchiveError> {
        let rows = sqlx::query(
            "SELECT DISTINCT meeting_id FROM changes WHERE seq > $1 AND seq <= $2 \
             ORDER BY meeting_id",
        )
        .bind(after)
        .bind(upto)
        .fetch_all(&self.pool)
        .await?;
        let mut meetings = Vec::with_capacity(rows.len());
        for row in rows {
            match row.try_get::<Option<i64>, _>(0)? {
                Some(m) => meetings.push(m),
                None => return Ok(Changes::Everything),
            }
        }
        Ok(Changes::Meetings(meetings))
    }
}

/// Appends a change of these meetings (of everything, for `None`) inside `tx`, under
/// the next number. Taking the number locks the state row to the commit, so changes
/// commit in the order of their numbers on either backend.
pub(crate) async fn record(
    tx: &mut Tx<'_>,
    meetings: Option<&BTreeSet<i64>>,
) -> Result<i64, ArchiveError> {
    let seq: i64 = sqlx::query("UPDATE archive_state SET seq = seq + 1 WHERE id = 1 RETURNING seq")
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| ArchiveError::Corrupt("the change log has no state row".into()))?
        .try_get(0)?;
    match meetings {
        Some(meetings) => {
            for &m in meetings {
                sqlx::query("INSERT INTO changes (seq, meeting_id) VALUES ($1, $2)")
                    .bind(seq)
                    .bind(m)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        None => {
            sqlx::query("INSERT INTO changes (seq, meeting_id) VALUES ($1, NULL)")
                .bind(seq)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(seq)
}
