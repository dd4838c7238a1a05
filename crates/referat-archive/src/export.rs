//! The whole archive as JSON lines, and back.
//!
//! An export is the records (each meeting's stored `referat.meeting/1` record) plus the identity data no record carries: forums,
//! persons with their spellings, merges with their reasons, hand decisions,
//! memberships, and the ids of everything a URL can point at. Lines come in a fixed
//! order (by id), so exporting, restoring into an empty archive and exporting again
//! gives the same bytes, on either backend.

use std::io::{BufRead, Write};

use referat_model::{Meeting, WarningKind};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::changes;
use crate::read::{stored_meetings, warnings_of};
use crate::store::{Tx, insert_meeting, write_contents};
use crate::{Archive, ArchiveError, Backend};

/// A meeting's line: its record and the ids and links the archive keeps beside it.
/// Fields in name order, as the lines written from rows have them.
#[derive(serde::Serialize)]
struct ExportedMeeting<'a> {
    document: i64,
    forum: Option<i64>,
    id: i64,
    items: &'a [i64],
    modified_at: &'a str,
    persons: &'a [i64],
    record: Value,
    superseded_by: Option<i64>,
    #[serde(rename = "type")]
    kind: &'static str,
    /// The record's warnings are messages only; these carry their kinds and lines.
    warnings: Vec<ExportedWarning<'a>>,
}

#[derive(serde::Serialize)]
struct ExportedWarning<'a> {
    kind: &'static str,
    line: Option<i64>,
    message: &'a str,
}

/// Lines of an export that are the rows of one table, field by field.
struct RowLines {
    /// The line's `type`.
    kind: &'static str,
    table: &'static str,
    /// The order of the lines.
    order: &'static str,
    /// (field of the line, column of the table)
    fields: &'static [(&'static str, &'static str)],
}

/// The identity data no record carries, in the order an export writes it.
const ROW_LINES: [RowLines; 7] = [
    RowLines {
        kind: "forum",
        table: "forums",
        order: "id",
        fields: &[("id", "id"), ("name", "name"), ("key", "key")],
    },
    RowLines {
        kind: "person",
        table: "persons",
        order: "id",
        fields: &[("id", "id"), ("name", "name")],
    },
    RowLines {
        kind: "person_name",
        table: "person_names",
        order: "key",
        fields: &[
            ("person", "person_id"),
            ("name", "name"),
            ("key", "key"),
            ("first", "first"),
        ],
    },
    RowLines {
        kind: "merge",
        table: "person_merges",
        order: "id",
        fields: &[
            ("id", "id"),
            ("person", "person_id"),
            ("name", "name"),
            ("reason", "reason"),
            ("manual", "manual"),
            ("made_at", "made_at"),
        ],
    },
    RowLines {
        kind: "decision",
        table: "name_decisions",
        order: "key",
        fields: &[
            ("key", "key"),
            ("person", "person_id"),
            ("decision", "decision"),
            ("made_at", "made_at"),
        ],
    },
    RowLines {
        kind: "portal_meeting",
        table: "portal_meetings",
        order: "portal, portal_id",
        fields: &[
            ("portal", "portal"),
            ("portal_id", "portal_id"),
            ("link", "link"),
            ("document", "document_id"),
            ("sha256", "sha256"),
            ("stamp", "stamp"),
            ("settled", "settled"),
            ("fetched_at", "fetched_at"),
        ],
    },
    RowLines {
        kind: "attachment_file",
        table: "attachment_files",
        order: "portal, link",
        fields: &[
            ("portal", "portal"),
            ("link", "link"),
            ("sha256", "sha256"),
            ("path", "path"),
            ("size", "size"),
            ("format", "format"),
            ("text", "text"),
            ("problem", "problem"),
            ("fetched_at", "fetched_at"),
        ],
    },
];

impl RowLines {
    fn columns(&self) -> String {
        let columns: Vec<&str> = self.fields.iter().map(|(_, column)| *column).collect();
        columns.join(", ")
    }

    fn select(&self) -> String {
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            self.columns(),
            self.table,
            self.order
        )
    }

    /// Inserts one line's row: numbers as integers, everything else as text.
    async fn restore(&self, tx: &mut Tx<'_>, v: &Value) -> Result<(), ArchiveError> {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.table,
            self.columns(),
            crate::store::placeholders(1, self.fields.len())
        );
        let mut query = sqlx::query(&sql);
        for (name, _) in self.fields {
            query = match field(v, name)? {
                Value::Number(_) => query.bind(id(v, name)?),
                _ => query.bind(string(v, name)?),
            };
        }
        query.execute(&mut **tx).await?;
        Ok(())
    }
}

/// The first line of every export.
pub const EXPORT_FORMAT: &str = "referat.archive/1";

/// Whether these bytes are the start of an archive export rather than a document.
pub fn is_export(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head.get(..head.len().min(200)).unwrap_or(head));
    head.trim_start()
        .starts_with(&format!("{{\"format\":\"{EXPORT_FORMAT}\""))
}

fn text(row: &AnyRow, i: usize) -> Result<Option<String>, sqlx::Error> {
    row.try_get(i)
}

fn int(row: &AnyRow, i: usize) -> Result<Option<i64>, sqlx::Error> {
    row.try_get(i)
}

impl Archive {
    /// Writes the archive as JSON lines; returns the number of meetings.
    pub async fn export(&self, out: &mut impl Write) -> Result<usize, ArchiveError> {
        let mut conn = self.pool.acquire().await?;
        writeln!(out, "{}", json!({"format": EXPORT_FORMAT}))?;
        for lines in ROW_LINES {
            let kind = lines.kind;
            let fields: Vec<&str> = lines.fields.iter().map(|(field, _)| *field).collect();
            for row in sqlx::query(&lines.select()).fetch_all(&mut *conn).await? {
                let mut line = serde_json::Map::new();
                line.insert("type".into(), kind.into());
                for (i, field) in fields.iter().enumerate() {
                    let value = match int(&row, i) {
                        Ok(Some(n)) => json!(n),
                        _ => json!(text(&row, i)?),
                    };
                    line.insert((*field).into(), value);
                }
                writeln!(out, "{}", Value::Object(line))?;
            }
        }
        // On the connection held (an SQLite archive opened for import has only one).
        let ids: Vec<i64> = sqlx::query("SELECT id FROM meetings ORDER BY id")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut meetings = 0;
        for meeting in ids {
            let Some(stored) = stored_meetings(&mut conn, &format!("m.id = {meeting}"))
                .await?
                .pop()
            else {
                continue;
            };
            let warnings = warnings_of(&mut conn, meeting).await?;
            let line = ExportedMeeting {
                document: stored.document,
                forum: stored.forum.as_ref().map(|f| f.id),
                id: meeting,
                items: &stored.items,
                modified_at: &stored.modified_at,
                persons: &stored.persons,
                // As a JSON value, whose keys are in order like the other lines'.
                record: serde_json::to_value(&stored.record).map_err(std::io::Error::from)?,
                superseded_by: stored.superseded_by,
                kind: "meeting",
                warnings: warnings
                    .iter()
                    .map(|w| ExportedWarning {
                        kind: w.kind.code(),
                        line: w.line,
                        message: &w.message,
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
            writeln!(out)?;
            meetings += 1;
        }
        for row in sqlx::query(
            "SELECT id, path, format, sha256, size, imported_at, meeting_id FROM documents \
             ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await?
        {
            let line = json!({
                "type": "document",
                "id": row.try_get::<i64, _>(0)?,
                "path": text(&row, 1)?,
                "format": text(&row, 2)?,
                "sha256": text(&row, 3)?,
                "size": row.try_get::<i64, _>(4)?,
                "imported_at": text(&row, 5)?,
                "meeting": int(&row, 6)?,
            });
            writeln!(out, "{line}")?;
        }
        for row in sqlx::query(
            "SELECT person_id, forum_id, role, organisation, first_seen, last_seen, meetings \
             FROM memberships ORDER BY person_id, forum_id, role",
        )
        .fetch_all(&mut *conn)
        .await?
        {
            let line = json!({
                "type": "membership",
                "person": row.try_get::<i64, _>(0)?,
                "forum": row.try_get::<i64, _>(1)?,
                "role": text(&row, 2)?,
                "organisation": text(&row, 3)?,
                "first_seen": text(&row, 4)?,
                "last_seen": text(&row, 5)?,
                "meetings": row.try_get::<i64, _>(6)?,
            });
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        Ok(meetings)
    }

    /// Restores an export into this archive, which must be empty; returns the number
    /// of meetings. All or nothing: one transaction.
    pub async fn restore(&self, input: impl BufRead) -> Result<usize, ArchiveError> {
        let mut tx = self.begin_write().await?;
        let existing: i64 = sqlx::query("SELECT COUNT(*) FROM documents")
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if existing > 0 {
            return Err(ArchiveError::Invalid(format!(
                "an export is restored only into an empty archive; this one has {existing} documents"
            )));
        }
        let mut meetings = 0;
        let mut supersessions = Vec::new();
        for (i, line) in input.lines().enumerate() {
            let no = i + 1;
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |reason: String| ArchiveError::BadExport { line: no, reason };
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
            if no == 1 {
                if v.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
                    return Err(bad(format!("not a {EXPORT_FORMAT} export")));
                }
                continue;
            }
            let kind = v.get("type").and_then(Value::as_str).unwrap_or("");
            restore_line(&mut tx, kind, &v, &mut supersessions)
                .await
                .map_err(|e| match e {
                    ArchiveError::BadExport { reason, .. } => bad(reason),
                    other => other,
                })?;
            if kind == "meeting" {
                meetings += 1;
            }
        }
        for (meeting, by) in supersessions {
            sqlx::query("UPDATE meetings SET superseded_by = $1 WHERE id = $2")
                .bind(by)
                .bind(meeting)
                .execute(&mut *tx)
                .await?;
        }
        if self.backend == Backend::Postgres {
            // Rows came with their ids; the identity sequences must start after them.
            for table in [
                "forums",
                "persons",
                "person_merges",
                "documents",
                "meetings",
                "items",
            ] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        // Everything search shows is new.
        changes::record(&mut tx, None).await?;
        tx.commit().await?;
        Ok(meetings)
    }
}

fn field<'v>(v: &'v Value, name: &str) -> Result<&'v Value, ArchiveError> {
    v.get(name).ok_or_else(|| ArchiveError::BadExport {
        line: 0,
        reason: format!("no field '{name}'"),
    })
}

fn id(v: &Value, name: &str) -> Result<i64, ArchiveError> {
    field(v, name)?
        .as_i64()
        .ok_or_else(|| ArchiveError::BadExport {
            line: 0,
            reason: format!("'{name}' is not a number"),
        })
}

fn string(v: &Value, name: &str) -> Result<Option<String>, ArchiveError> {
    Ok(field(v, name)?.as_str().map(str::to_string))
}

async fn restore_line(
    tx: &mut Tx<'_>,
    kind: &str,
    v: &Value,
    supersessions: &mut Vec<(i64, i64)>,
) -> Result<(), ArchiveError> {
    match kind {
        kind if ROW_LINES.iter().any(|l| l.kind == kind) => {
            if let Some(lines) = ROW_LINES.iter().find(|l| l.kind == kind) {
                lines.restore(tx, v).await?;
            }
        }
        "meeting" => {
            let m = v;
            let mut record: Meeting =
                serde_json::from_value(field(m, "record")?.clone()).map_err(|e| {
                    ArchiveError::BadExport {
                        line: 0,
                        reason: format!("the meeting record: {e}"),
                    }
                })?;
            // The record's warnings are messages; the export has their kind and line.
            if let Some(ws) = m.get("warnings").and_then(Value::as_array) {
                for (w, full) in record.warnings.iter_mut().zip(ws) {
                    w.kind = WarningKind::from_code(
                        full.get("kind").and_then(Value::as_str).unwrap_or(""),
                    );
                    w.line = full
                        .get("line")
                        .and_then(Value::as_u64)
                        .and_then(|l| u32::try_from(l).ok());
                }
            }
            let ids = |name: &str| -> Result<Vec<i64>, ArchiveError> {
                Ok(field(m, name)?
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default())
            };
            let persons = ids("persons")?;
            let items = ids("items")?;
            if persons.len() != record.participants.len() || items.len() != record.items.len() {
                return Err(ArchiveError::BadExport {
                    line: 0,
                    reason: "the meeting's ids do not match its participants and items".into(),
                });
            }
            let meeting = id(m, "id")?;
            let forum = field(m, "forum")?.as_i64();
            let modified = string(m, "modified_at")?.unwrap_or_default();
            let document = id(m, "document")?;
            insert_meeting(tx, Some(meeting), document, forum, &record, &modified).await?;
            write_contents(tx, meeting, &record, &persons, Some(&items)).await?;
            if let Some(by) = field(m, "superseded_by")?.as_i64() {
                supersessions.push((meeting, by));
            }
        }
        "document" => {
            sqlx::query(
                "INSERT INTO documents (id, path, format, sha256, size, imported_at, meeting_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id(v, "id")?)
            .bind(string(v, "path")?)
            .bind(string(v, "format")?)
            .bind(string(v, "sha256")?)
            .bind(id(v, "size")?)
            .bind(string(v, "imported_at")?)
            .bind(field(v, "meeting")?.as_i64())
            .execute(&mut **tx)
            .await?;
        }
        "membership" => {
            sqlx::query(
                "INSERT INTO memberships (person_id, forum_id, role, organisation, first_seen, \
                 last_seen, meetings) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id(v, "person")?)
            .bind(id(v, "forum")?)
            .bind(string(v, "role")?)
            .bind(string(v, "organisation")?)
            .bind(string(v, "first_seen")?)
            .bind(string(v, "last_seen")?)
            .bind(id(v, "meetings")?)
            .execute(&mut **tx)
            .await?;
        }
        other => {
            return Err(ArchiveError::BadExport {
                line: 0,
                reason: format!("unknown line type '{other}'"),
            });
        }
    }
    Ok(())
}
